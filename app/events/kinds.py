"""The closed lists of the year plan: kinds of memorable dates, ceremony formats, statuses."""

from enum import StrEnum

from app.core.i18n import N_


class EventKind(StrEnum):
    VICTORY_DAY = "victory_day"
    DEFENDER_DAY = "defender_day"
    CITY_DAY = "city_day"
    KRAI_DAY = "krai_day"
    MILITARY_GLORY_DAY = "military_glory_day"
    OTHER = "other"


class DateRule(StrEnum):
    """How the date moves when an event is copied to the next year."""

    FIXED = "fixed"  # 9 May stays 9 May
    WEEKDAY = "weekday"  # the last Sunday of May stays the last Sunday of May


class EventStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    HELD = "held"


class Participation(StrEnum):
    """What an official does at a ceremony, as the plans and the official's schedule say it."""

    SPEAKS = "speaks"
    AWARDS = "awards"
    LAYS_WREATH = "lays_wreath"
    ATTENDS = "attends"


class CeremonyFormat(StrEnum):
    MEETING = "meeting"
    WREATH_LAYING = "wreath_laying"
    MARCH = "march"
    CONCERT = "concert"
    RECEPTION = "reception"
    OTHER = "other"


KIND_LABELS = {
    EventKind.VICTORY_DAY: N_("День Победы"),
    EventKind.DEFENDER_DAY: N_("День защитника Отечества"),
    EventKind.CITY_DAY: N_("День города"),
    EventKind.KRAI_DAY: N_("День образования края"),
    EventKind.MILITARY_GLORY_DAY: N_("День города воинской славы"),
    EventKind.OTHER: N_("Другое"),
}

# The usual rule of each kind, offered when an event is created.
KIND_DATE_RULES = {EventKind.CITY_DAY: DateRule.WEEKDAY}

DATE_RULE_LABELS = {
    DateRule.FIXED: N_("Та же календарная дата"),
    DateRule.WEEKDAY: N_("Тот же день недели (например, последнее воскресенье мая)"),
}

STATUS_LABELS = {
    EventStatus.DRAFT: N_("Черновик"),
    EventStatus.APPROVED: N_("Утверждено"),
    EventStatus.HELD: N_("Проведено"),
}

FORMAT_LABELS = {
    CeremonyFormat.MEETING: N_("Торжественное собрание в зале"),
    CeremonyFormat.WREATH_LAYING: N_("Возложение венков"),
    CeremonyFormat.MARCH: N_("Шествие"),
    CeremonyFormat.CONCERT: N_("Концерт"),
    CeremonyFormat.RECEPTION: N_("Приём с банкетом"),
    CeremonyFormat.OTHER: N_("Другое"),
}

PARTICIPATION_LABELS = {
    Participation.SPEAKS: N_("выступает"),
    Participation.AWARDS: N_("вручает награды"),
    Participation.LAYS_WREATH: N_("возлагает венок"),
    Participation.ATTENDS: N_("присутствует"),
}

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"KIND_LABELS": KIND_LABELS, "STATUS_LABELS": STATUS_LABELS, "FORMAT_LABELS": FORMAT_LABELS,
                    "PARTICIPATION_LABELS": PARTICIPATION_LABELS, "DATE_RULE_LABELS": DATE_RULE_LABELS}
