from enum import StrEnum

from app.core.i18n import N_


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED})

STATUS_LABELS = {
    JobStatus.QUEUED: N_("в очереди"),
    JobStatus.RUNNING: N_("выполняется"),
    JobStatus.DONE: N_("готово"),
    JobStatus.FAILED: N_("ошибка"),
    JobStatus.CANCELLED: N_("отменено"),
}

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"JOB_STATUS_LABELS": STATUS_LABELS}
