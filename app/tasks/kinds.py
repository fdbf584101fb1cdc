"""The closed lists of the preparation plan: the stored status of a task and the state it shows."""

from enum import StrEnum

from app.core.i18n import N_


class TaskStatus(StrEnum):
    """What the executor says: stored. Overdue and long-term are not stored (see TaskState)."""

    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class TaskState(StrEnum):
    """What the plan shows: the status read against the deadline and today's date."""

    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    LONG_TERM = "long_term"


TASK_STATUS_LABELS = {
    TaskStatus.ASSIGNED: N_("назначено"),
    TaskStatus.IN_PROGRESS: N_("в работе"),
    TaskStatus.DONE: N_("выполнено"),
}

TASK_STATE_LABELS = {
    TaskState.ASSIGNED: N_("назначено"),
    TaskState.IN_PROGRESS: N_("в работе"),
    TaskState.DONE_ON_TIME: N_("выполнено в срок"),
    TaskState.DONE_LATE: N_("выполнено с нарушением срока"),
    TaskState.OVERDUE: N_("просрочено"),
    TaskState.LONG_TERM: N_("долгосрочное"),
}

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"TASK_STATE_LABELS": TASK_STATE_LABELS, "TASK_STATUS_LABELS": TASK_STATUS_LABELS}
