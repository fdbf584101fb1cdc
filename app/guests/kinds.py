"""Closed lists of the guest registry."""

from enum import StrEnum

from app.core.i18n import N_


class Gender(StrEnum):
    MALE = "m"
    FEMALE = "f"
    UNKNOWN = ""


class PersonStatus(StrEnum):
    ACTIVE = "active"
    DECEASED = "deceased"
    MOVED = "moved"


class LinkKind(StrEnum):
    """How one person is tied to another; the seating keeps such people together."""

    ESCORT_OF = "escort_of"
    INTERPRETER_FOR = "interpreter_for"
    FAMILY_OF = "family_of"
    DELEGATION_OF = "delegation_of"  # a member of the delegation the other person heads


GENDER_LABELS = {Gender.MALE: N_("мужской"), Gender.FEMALE: N_("женский"), Gender.UNKNOWN: N_("не указан")}

STATUS_LABELS = {
    PersonStatus.ACTIVE: N_("действует"),
    PersonStatus.DECEASED: N_("умер"),
    PersonStatus.MOVED: N_("выбыл"),
}

LINK_LABELS = {
    LinkKind.ESCORT_OF: N_("сопровождающий"),
    LinkKind.INTERPRETER_FOR: N_("переводчик"),
    LinkKind.FAMILY_OF: N_("член семьи"),
    LinkKind.DELEGATION_OF: N_("член делегации"),
}

# The categories a new registry starts with; the department edits the list.
DEFAULT_CATEGORIES = [
    # name, precedence (lower is more senior), VIP at the gate, «всегда с местом» in a partial seating plan
    ("Почётные гости и официальные лица", 10, True, True),
    ("Ветераны Великой Отечественной войны", 20, True, True),
    ("Герои Советского Союза и Российской Федерации", 15, True, True),
    ("Ветераны боевых действий", 30, False, True),
    ("Участники СВО", 30, False, False),
    ("Депутаты", 40, False, False),
    ("Почётные граждане города", 45, False, False),
    ("Руководители организаций", 50, False, False),
    ("Делегации", 55, False, False),
    ("Пресса", 80, False, False),
    ("Общественность", 90, False, False),
]

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"GENDER_LABELS": GENDER_LABELS, "PERSON_STATUS_LABELS": STATUS_LABELS, "LINK_LABELS": LINK_LABELS,
                    "genders": list(Gender), "person_statuses": list(PersonStatus), "link_kinds": list(LinkKind)}
