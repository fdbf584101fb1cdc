from piccolo.columns import Boolean, Date, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.events.tables import Ceremony, Event
from app.tasks.kinds import TaskStatus


class Task(Table, tablename="task"):
    """An instruction on control (поручение) of an event's preparation plan.

    Overdue is never stored: it follows from the deadline, the status and today's date, so it
    cannot go stale. A long-term task has no fixed deadline; `deadline` then holds the date it is
    on control until, if any.
    """

    event = ForeignKey(Event, on_delete=OnDelete.cascade, null=False, index=True)
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.set_null, null=True, default=None)
    title = Text()
    department = Varchar(length=200, index=True)  # as Account.department of the liaison who reports
    person = Varchar(length=200, default="")
    deadline = Date(null=True, default=None, index=True)
    long_term = Boolean(default=False)
    status = Varchar(length=20, choices=TaskStatus, default=TaskStatus.ASSIGNED)
    completed_on = Date(null=True, default=None)  # the day it was done, in the city's calendar
    created_at = Timestamptz(default=TimestamptzNow())


class TaskCoexecutor(Table, tablename="task_coexecutor"):
    """A department that helps with a task: it sees the task and reports on it, the responsible one
    answers for it."""

    task = ForeignKey(Task, on_delete=OnDelete.cascade, null=False, index=True)
    department = Varchar(length=200, index=True)


class TaskReport(Table, tablename="task_report"):
    """A report on execution; the history of a task is its reports in order."""

    task = ForeignKey(Task, on_delete=OnDelete.cascade, null=False, index=True)
    text = Text()
    author = ForeignKey(Account, on_delete=OnDelete.set_null, null=True, default=None)
    author_name = Varchar(length=300, default="")  # kept when the account is gone
    department = Varchar(length=200, default="")
    at = Timestamptz(default=TimestamptzNow())
