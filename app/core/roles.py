"""The roles of the protocol department's system and who may enter which area."""

from enum import StrEnum

from app.core.i18n import N_


class Role(StrEnum):
    ADMIN = "admin"
    PROTOCOL = "protocol"
    LIAISON = "liaison"
    DUTY = "duty"
    GATE = "gate"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMIN: N_("Администратор"),
    Role.PROTOCOL: N_("Протокольный отдел"),
    Role.LIAISON: N_("Представитель подразделения"),
    Role.DUTY: N_("Дежурный"),
    Role.GATE: N_("Контролёр на входе"),
    Role.VIEWER: N_("Наблюдатель"),
}

# Who reads the year's plan, and who changes it.
PLAN_READERS = frozenset({Role.ADMIN, Role.PROTOCOL, Role.VIEWER, Role.LIAISON})
PLAN_EDITORS = frozenset({Role.ADMIN, Role.PROTOCOL})
# The registry and the invitation lists: the protocol department edits, the head of department reads.
REGISTRY_READERS = frozenset({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})
