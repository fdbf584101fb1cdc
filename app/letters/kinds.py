"""The closed lists of outgoing letters: kinds of addressees and the fields a template may use."""

from enum import StrEnum

from app.core.i18n import N_


class AddresseeKind(StrEnum):
    POLICE = "police"
    MEDICAL = "medical"
    TRANSPORT = "transport"
    UTILITIES = "utilities"
    PRESS = "press"
    ORGANISATION = "organisation"


ADDRESSEE_KIND_LABELS = {
    AddresseeKind.POLICE: N_("Полиция"),
    AddresseeKind.MEDICAL: N_("Медицинская служба"),
    AddresseeKind.TRANSPORT: N_("Транспорт"),
    AddresseeKind.UTILITIES: N_("Коммунальные службы"),
    AddresseeKind.PRESS: N_("Пресса"),
    AddresseeKind.ORGANISATION: N_("Организации"),
}

# The fields a template's text may hold as {{name}}, and where the value comes from: said to the
# person when a letter cannot be printed until they are filled.
FIELD_SOURCES = {
    "мероприятие": N_("название события"),
    "церемония": N_("название церемонии"),
    "дата": N_("дата церемонии"),
    "время": N_("время начала церемонии"),
    "окончание": N_("время окончания церемонии"),
    "место": N_("место проведения в карточке церемонии"),
    "адрес": N_("адрес в карточке церемонии"),
    "число_гостей": N_("число ожидаемых гостей в карточке церемонии"),
    "пропуска_автомобилей": N_("список пропусков на автомобили церемонии (номер, водитель, чей, дни)"),
    "адресат_кому": N_("должность и ФИО адресата в дательном падеже, из справочника адресатов"),
    "адресат_кого": N_("должность и ФИО адресата в родительном падеже, из справочника адресатов"),
    "подписант_кого": N_("должность подписывающего в родительном падеже («от имени Главы города»)"),
    "подписант_кем": N_("должность подписывающего в творительном падеже («подписано Главой города»)"),
    "квота": N_("число мест организации по разнарядке (письма о разнарядке)"),
    "категории": N_("категории гостей, которых ждут от организации (письма о разнарядке)"),
    "срок": N_("срок подачи списков по разнарядке"),
    "ссылка": N_("ссылка на страницу списка организации (письма о разнарядке)"),
    "исполнитель": N_("исполнитель в письме"),
    "телефон": N_("телефон исполнителя в письме"),
}

# The department's index in the administration's file nomenclature: outgoing numbers read «01-12/345».
LETTER_INDEX = "01-12"

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"ADDRESSEE_KIND_LABELS": ADDRESSEE_KIND_LABELS}
