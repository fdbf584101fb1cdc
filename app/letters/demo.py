"""Demo letters: the templates of the usual letters, the bodies the department writes to, two letters
registered for the coming Victory Day and a draft that still waits for the square's address."""

from __future__ import annotations

from app.accounts.services import load_user
from app.events.kinds import CeremonyFormat, EventKind
from app.events.tables import Ceremony
from app.letters import directory, services
from app.letters.kinds import AddresseeKind

CONTACT = "Контактное лицо от администрации города — {{исполнитель}}, тел. {{телефон}}."

# (kind, title, subject, body): one paragraph per line.
TEMPLATES = [
    (AddresseeKind.POLICE, "Охрана общественного порядка и перекрытие движения",
     "Об обеспечении охраны общественного порядка",
     "Администрация города Хабаровска просит Вас обеспечить охрану общественного порядка и безопасность граждан "
     "при проведении мероприятия «{{церемония}}» в рамках празднования события «{{мероприятие}}», которое "
     "состоится {{дата}} с {{время}} до {{окончание}} по адресу: {{место}}, {{адрес}}.\n"
     "Ожидаемое количество участников — {{число_гостей}} человек.\n"
     "Также просим рассмотреть вопрос о временном ограничении движения транспорта на прилегающих улицах на время "
     "проведения мероприятия и выделить сотрудников Госавтоинспекции для регулирования дорожного движения.\n"
     + CONTACT),
    (AddresseeKind.MEDICAL, "Дежурство бригады скорой помощи", "Об организации медицинского обеспечения",
     "Администрация города Хабаровска просит Вас организовать дежурство бригады скорой медицинской помощи при "
     "проведении мероприятия «{{церемония}}», которое состоится {{дата}} с {{время}} до {{окончание}} по адресу: "
     "{{место}}, {{адрес}}.\n"
     "В мероприятии примут участие {{число_гостей}} человек, в том числе ветераны Великой Отечественной войны и "
     "граждане с ограниченными возможностями здоровья.\n"
     "Просим обеспечить прибытие бригады к месту проведения не позднее чем за 30 минут до начала мероприятия.\n"
     + CONTACT),
    (AddresseeKind.TRANSPORT, "Автобусы для ветеранов и изменение маршрутов",
     "О транспортном обеспечении мероприятия",
     "Администрация города Хабаровска просит Вас выделить автобусы для доставки ветеранов и почётных гостей к "
     "месту проведения мероприятия «{{церемония}}» ({{дата}}, начало в {{время}}, {{место}}, {{адрес}}) и "
     "обратно. Ожидаемое количество участников — {{число_гостей}} человек.\n"
     "Также просим внести временные изменения в схему движения городского пассажирского транспорта на время "
     "проведения мероприятия и заблаговременно проинформировать об этом жителей города.\n"
     + CONTACT),
    (AddresseeKind.UTILITIES, "Уборка и освещение территории", "О подготовке территории к проведению мероприятия",
     "В связи с проведением {{дата}} мероприятия «{{церемония}}» ({{место}}, {{адрес}}) администрация города "
     "Хабаровска просит Вас обеспечить до {{время}} уборку территории и прилегающих тротуаров, проверку и "
     "включение наружного освещения, установку дополнительных урн и мобильных туалетных кабин.\n"
     "Ожидаемое количество участников — {{число_гостей}} человек.\n"
     + CONTACT),
    (AddresseeKind.PRESS, "Приглашение к аккредитации",
     "Об аккредитации представителей средств массовой информации",
     "Администрация города Хабаровска приглашает представителей Вашей редакции принять участие в освещении "
     "мероприятия «{{церемония}}», которое состоится {{дата}} в {{время}} по адресу: {{место}}, {{адрес}}.\n"
     "Для аккредитации просим направить список журналистов и операторов (фамилия, имя, отчество, должность, номер "
     "редакционного удостоверения) не позднее чем за три дня до мероприятия.\n"
     + CONTACT),
    (AddresseeKind.ORGANISATION, "Приглашение делегации", "О направлении делегации",
     "Администрация города Хабаровска приглашает делегацию Вашей организации принять участие в мероприятии "
     "«{{церемония}}» в рамках празднования события «{{мероприятие}}», которое состоится {{дата}} в {{время}} по "
     "адресу: {{место}}, {{адрес}}.\n"
     "Просим сообщить состав делегации (не более пяти человек) и фамилию, имя, отчество её руководителя не "
     "позднее чем за пять дней до мероприятия.\n"
     + CONTACT),
]

# (kind, organisation, position and person as the officer writes them, salutation): the directory declines
# them into the dative of the letter's block and the genitive of its text
ADDRESSEES = [
    (AddresseeKind.POLICE, "УМВД России по г. Хабаровску", "Начальник УМВД России по г. Хабаровску",
     "полковник полиции И. В. Степанов", "Уважаемый Игорь Владимирович!"),
    (AddresseeKind.POLICE, "УГИБДД УМВД России по Хабаровскому краю",
     "Начальник УГИБДД УМВД России по Хабаровскому краю", "полковник полиции А. Н. Ершов",
     "Уважаемый Алексей Николаевич!"),
    (AddresseeKind.MEDICAL, "КГБУЗ «Станция скорой медицинской помощи г. Хабаровска»",
     "Главный врач КГБУЗ «Станция скорой медицинской помощи г. Хабаровска»", "Н. П. Орлова",
     "Уважаемая Наталья Петровна!"),
    (AddresseeKind.TRANSPORT, "МУП «Хабаровскэлектротранс»", "Директор МУП «Хабаровскэлектротранс»",
     "В. А. Белоусов", "Уважаемый Виктор Александрович!"),
    (AddresseeKind.UTILITIES, "МУП г. Хабаровска «Горсвет»", "Директор МУП г. Хабаровска «Горсвет»",
     "С. Г. Кириллов", "Уважаемый Сергей Геннадьевич!"),
    (AddresseeKind.PRESS, "ГТРК «Дальневосточная»", "Директор филиала ВГТРК «ГТРК «Дальневосточная»",
     "Е. В. Лисицина", "Уважаемая Елена Викторовна!"),
    (AddresseeKind.PRESS, "Газета «Хабаровские вести»", "Главный редактор газеты «Хабаровские вести»",
     "М. С. Тарасов", "Уважаемый Михаил Степанович!"),
    (AddresseeKind.ORGANISATION, "Совет ветеранов города Хабаровска",
     "Председатель совета ветеранов города Хабаровска", "П. И. Громов", "Уважаемый Пётр Ильич!"),
]

SIGNATURE = {"signer_position": "Начальник организационного отдела администрации города",
             "signer_name": "Т. Н. Фёдорова", "executor": "Кузнецова Елена Андреевна",
             "executor_phone": "8 (4212) 40-88-17"}


async def load_letters_demo(author: int) -> None:
    user = await load_user(author)
    assert user is not None
    templates = []
    for kind, title, subject, body in TEMPLATES:
        saved = await directory.save_template({"kind": kind.value, "title": title, "subject": subject,
                                               "body": body})
        assert saved.ok, saved.errors
        templates.append(saved.id)
    addressees = []
    for kind, organisation, position, person, salutation in ADDRESSEES:
        saved = await directory.save_addressee({"kind": kind.value, "organisation": organisation,
                                                "position_nominative": position, "person_nominative": person,
                                                "salutation": salutation})
        assert saved.ok, saved.errors
        addressees.append(saved.id)
    victory = Ceremony.event.kind == EventKind.VICTORY_DAY
    meeting = await Ceremony.select(Ceremony.id).where(victory & (Ceremony.format == CeremonyFormat.MEETING)
                                                       ).order_by(Ceremony.starts_at, ascending=False).first()
    laying = await Ceremony.select(Ceremony.id).where(victory & (Ceremony.format == CeremonyFormat.WREATH_LAYING)
                                                      ).order_by(Ceremony.starts_at, ascending=False).first()
    if meeting is None or laying is None:
        return
    # The meeting in the theatre: the police and the ambulance, registered. The laying on the square:
    # a draft to the police, waiting for the square's address (the ceremony has none yet).
    for template, addressee, ceremony, register in ((0, 0, meeting, True), (1, 2, meeting, True),
                                                     (0, 0, laying, False)):
        draft = await services.create_draft({"ceremony": str(ceremony["id"]), "template": str(templates[template]),
                                             "addressee": str(addressees[addressee])}, user)
        letter = await services.get_letter(draft.id)
        # The template's own text again, so that its fields are filled with the department's signature.
        await services.save_draft(draft.id, {"addressee_block": letter.addressee_block,
                                             "salutation": letter.salutation, "subject": letter.subject,
                                             "body": TEMPLATES[template][3], **SIGNATURE})
        if register:
            registered = await services.register(draft.id)
            assert registered.ok, registered.errors
