from piccolo.columns import JSON, Boolean, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.jobs.kinds import JobStatus


class Job(Table, tablename="job"):
    """Long work (a solver run, a batch of invitations) done in a worker process.

    Progress lives in the database so that any app process can show it and cancel it.
    """

    kind = Varchar(length=50)
    title = Varchar(length=300, default="")
    status = Varchar(length=20, choices=JobStatus, default=JobStatus.QUEUED, index=True)
    done = Integer(default=0)
    total = Integer(default=0)
    message = Text(default="")
    params = JSON(default="{}")
    result = JSON(default="{}")  # what the work gives back: counts, a file name under var/jobs, a plan id
    cancel_requested = Boolean(default=False)
    created_by = ForeignKey(Account, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    # Written every few seconds by the supervisor that runs (or, inline, holds) the job; a stale one
    # means that supervisor is gone and the job is reaped as failed.
    heartbeat_at = Timestamptz(null=True, default=None)
