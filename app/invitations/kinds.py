"""Closed lists of invitations and check-in."""

from enum import StrEnum

from app.core.i18n import N_


class InvitationStatus(StrEnum):
    PLANNED = "planned"
    PRINTED = "printed"
    ISSUED = "issued"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUBSTITUTED = "substituted"
    REVOKED = "revoked"


class CompanionKind(StrEnum):
    GUEST = "guest"  # invited in their own right
    PLUS_ONE = "plus_one"
    SPOUSE = "spouse"  # the card salutes the couple: «Уважаемые Иван Петрович и Анна Сергеевна!»
    ESCORT = "escort"
    INTERPRETER = "interpreter"


class IssueMethod(StrEnum):
    IN_PERSON = "in_person"
    COURIER = "courier"
    POST = "post"


class Verdict(StrEnum):
    """What the gate sees after a scan."""

    ADMITTED = "admitted"
    ALREADY_ADMITTED = "already_admitted"
    REVOKED = "revoked"
    OTHER_CEREMONY = "other_ceremony"
    UNKNOWN = "unknown"
    UNDONE = "undone"  # a supervisor took a mistaken check-in back
    NO_ACCESS = "no_access"  # the card (or the car's pass) does not open the gate's zone
    NOT_TODAY = "not_today"  # the ceremony is on another day: refused unless a supervisor overrides
    ZONE_ADMITTED = "zone_admitted"  # admitted earlier, now into one more zone it opens
    VEHICLE_ADMITTED = "vehicle_admitted"
    VEHICLE_NOT_VALID = "vehicle_not_valid"  # a car's pass outside its days


STATUS_LABELS = {
    InvitationStatus.PLANNED: N_("запланировано"),
    InvitationStatus.PRINTED: N_("напечатано"),
    InvitationStatus.ISSUED: N_("вручено"),
    InvitationStatus.ACCEPTED: N_("принято"),
    InvitationStatus.DECLINED: N_("отклонено"),
    InvitationStatus.SUBSTITUTED: N_("заменено"),
    InvitationStatus.REVOKED: N_("отозвано"),
}

COMPANION_LABELS = {
    CompanionKind.GUEST: N_("гость"),
    CompanionKind.PLUS_ONE: N_("сопровождающее лицо"),
    CompanionKind.SPOUSE: N_("супруг(а)"),
    CompanionKind.ESCORT: N_("сопровождающий"),
    CompanionKind.INTERPRETER: N_("переводчик"),
}

ISSUE_LABELS = {
    IssueMethod.IN_PERSON: N_("лично"),
    IssueMethod.COURIER: N_("курьером"),
    IssueMethod.POST: N_("почтой"),
}

VERDICT_LABELS = {
    Verdict.ADMITTED: N_("Проходите"),
    Verdict.ALREADY_ADMITTED: N_("Уже прошёл"),
    Verdict.REVOKED: N_("Приглашение отозвано"),
    Verdict.OTHER_CEREMONY: N_("Приглашение на другую церемонию"),
    Verdict.UNKNOWN: N_("Неизвестный код"),
    Verdict.UNDONE: N_("Отметка о проходе отменена"),
    Verdict.NO_ACCESS: N_("Нет доступа в эту зону"),
    Verdict.NOT_TODAY: N_("Церемония не сегодня"),
    Verdict.ZONE_ADMITTED: N_("Проходите в зону"),
    Verdict.VEHICLE_ADMITTED: N_("Проезд разрешён"),
    Verdict.VEHICLE_NOT_VALID: N_("Пропуск не действует сегодня"),
}

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"INVITATION_STATUS_LABELS": STATUS_LABELS, "COMPANION_LABELS": COMPANION_LABELS,
                    "ISSUE_LABELS": ISSUE_LABELS, "invitation_statuses": list(InvitationStatus),
                    "companion_kinds": [k for k in CompanionKind if k is not CompanionKind.GUEST],
                    "issue_methods": list(IssueMethod)}
