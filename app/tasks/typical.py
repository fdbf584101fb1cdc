"""Typical preparation plans (типовые планы): the usual tasks of a memorable date, their departments,
and deadlines counted in days from the event's first day. Applied to an event with one button."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.i18n import N_
from app.events.kinds import EventKind

PROTOCOL = "Протокольный отдел"
AFFAIRS = "Управление делами"
LEGAL = "Правовое управление"
FINANCE = "Финансовое управление"
CULTURE = "Управление культуры"
SOCIAL = "Управление социальной поддержки населения"
TRANSPORT = "Управление транспорта и дорог"
IMPROVEMENT = "Управление благоустройства"
PRESS = "Пресс-служба"
SECURITY = "Отдел по делам ГО и ЧС"
YOUTH = "Комитет по молодёжной политике"
SPORT = "Управление физической культуры и спорта"


@dataclass(frozen=True)
class TypicalTask:
    title: str
    department: str
    days: int  # from the event's first day: -30 is a month before, 20 is twenty days after
    coexecutors: tuple[str, ...] = ()
    long_term: bool = False  # then `days` gives the date it is on control until


@dataclass(frozen=True)
class TypicalPlan:
    title: str  # marked for translation, shown on the button
    tasks: tuple[TypicalTask, ...]


VICTORY_DAY = TypicalPlan(N_("Типовой план подготовки ко Дню Победы"), (
    TypicalTask("Подготовить проект распоряжения мэра города о подготовке и проведении мероприятий, "
                "посвящённых Дню Победы", PROTOCOL, -45, (LEGAL,)),
    TypicalTask("Согласовать смету расходов на проведение мероприятий", FINANCE, -40, (PROTOCOL,)),
    TypicalTask("Сформировать списки приглашённых: ветераны, почётные граждане, делегации, руководители "
                "организаций", PROTOCOL, -30, (SOCIAL,)),
    TypicalTask("Подготовить и согласовать сценарий торжественного собрания и концерта", CULTURE, -25, (PROTOCOL,)),
    TypicalTask("Направить письма в УМВД, станцию скорой медицинской помощи и МЧС об обеспечении общественного "
                "порядка и дежурства", PROTOCOL, -21, (SECURITY,)),
    TypicalTask("Направить письма перевозчикам об изменении схемы движения и перекрытии улиц", TRANSPORT, -20),
    TypicalTask("Изготовить пригласительные билеты и конверты", AFFAIRS, -18, (PROTOCOL,)),
    TypicalTask("Вручить приглашения гостям, ветеранам — адресно на дому", PROTOCOL, -14, (SOCIAL,)),
    TypicalTask("Организовать подвоз ветеранов: автобусы, маршруты, сопровождающие", TRANSPORT, -14, (SOCIAL,)),
    TypicalTask("Обеспечить монтаж сцены, звукового и светового оборудования", CULTURE, -10, (IMPROVEMENT,)),
    TypicalTask("Закупить цветы, венки и гирлянды для возложения", AFFAIRS, -10),
    TypicalTask("Провести уборку и благоустройство мест проведения и мемориалов", IMPROVEMENT, -7),
    TypicalTask("Аккредитовать представителей СМИ, подготовить пресс-релиз", PRESS, -5),
    TypicalTask("Провести генеральную репетицию торжественного собрания и возложения венков", CULTURE, -3,
                (PROTOCOL, YOUTH)),
    TypicalTask("Провести инструктаж дежурных и контролёров на входе", PROTOCOL, -2, (SECURITY,)),
    TypicalTask("Проверить готовность мест проведения (выезд комиссии)", PROTOCOL, -1, (IMPROVEMENT, CULTURE)),
    TypicalTask("Поздравить ветеранов Великой Отечественной войны на дому, вручить памятные подарки", SOCIAL, 20,
                (YOUTH,), long_term=True),
))

CITY_DAY = TypicalPlan(N_("Типовой план подготовки ко Дню города"), (
    TypicalTask("Подготовить проект распоряжения мэра города о праздновании Дня города", PROTOCOL, -45, (LEGAL,)),
    TypicalTask("Согласовать смету расходов на праздничные мероприятия", FINANCE, -40, (PROTOCOL,)),
    TypicalTask("Подготовить наградные документы почётных граждан города", PROTOCOL, -30, (AFFAIRS,)),
    TypicalTask("Согласовать программу праздничного концерта и площадок", CULTURE, -25),
    TypicalTask("Сформировать колонны шествия трудовых коллективов", YOUTH, -20, (SPORT,)),
    TypicalTask("Направить письма в УМВД, скорую медицинскую помощь и МЧС об обеспечении порядка", PROTOCOL, -21,
                (SECURITY,)),
    TypicalTask("Согласовать перекрытие улиц и схему движения общественного транспорта", TRANSPORT, -14),
    TypicalTask("Вручить приглашения на торжественное собрание", PROTOCOL, -14),
    TypicalTask("Оформить город: флаги, баннеры, праздничная иллюминация", IMPROVEMENT, -7),
    TypicalTask("Аккредитовать представителей СМИ", PRESS, -5),
    TypicalTask("Провести генеральную репетицию торжественного собрания", CULTURE, -2, (PROTOCOL,)),
    TypicalTask("Провести инструктаж дежурных", PROTOCOL, -1, (SECURITY,)),
))

TYPICAL_PLANS = {EventKind.VICTORY_DAY: VICTORY_DAY, EventKind.CITY_DAY: CITY_DAY}
