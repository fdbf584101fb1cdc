"""The preparation plan: an event's tasks on control, who may see and report on them, the reports.

A liaison sees only the tasks of their own department (responsible or co-executor); every read and
write below goes through that scope, so a page or a URL typed by hand cannot reach past it.
The year's figures are in app.tasks.dashboard, the typical plans in app.tasks.typical.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable
from piccolo.query import OrderByRaw

from app.accounts.services import CurrentUser
from app.accounts.tables import Account
from app.audit import services as audit
from app.core.clock import today
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.numbers import page_within
from app.core.results import NotFound, Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS, Role
from app.events.kinds import EventKind
from app.events.tables import Ceremony, Event
from app.tasks.kinds import TaskState, TaskStatus
from app.tasks.tables import Task, TaskCoexecutor, TaskReport
from app.tasks.typical import TYPICAL_PLANS, TypicalTask
from app.web.forms import FormReader

# The state of a task in SQL, the same rule as state() below; `{}` is today's date. Used to filter
# lists and to count the dashboard in the database.
STATE_SQL = (
    f"CASE WHEN task.status = '{TaskStatus.DONE}' AND task.deadline IS NOT NULL AND task.completed_on > task.deadline"
    f" THEN '{TaskState.DONE_LATE}'"
    f" WHEN task.status = '{TaskStatus.DONE}' THEN '{TaskState.DONE_ON_TIME}'"
    f" WHEN task.deadline IS NOT NULL AND task.deadline < {{}} THEN '{TaskState.OVERDUE}'"
    f" WHEN task.long_term THEN '{TaskState.LONG_TERM}'"
    " ELSE task.status END"
)


class NotAllowed(PermissionError):
    """The task is visible to the person, but this change is not theirs to make."""


def state(status: TaskStatus, deadline: date | None, long_term: bool, completed_on: date | None,
          on: date) -> TaskState:
    """Overdue is read, never stored: not done and past the deadline (for a long-term task, past the
    date it is on control until)."""
    if status is TaskStatus.DONE:
        late = deadline is not None and completed_on is not None and completed_on > deadline
        return TaskState.DONE_LATE if late else TaskState.DONE_ON_TIME
    if deadline is not None and deadline < on:
        return TaskState.OVERDUE
    if long_term:
        return TaskState.LONG_TERM
    return TaskState(status.value)


@dataclass(frozen=True)
class ReportView:
    id: int
    text: str
    author: str
    department: str
    at: datetime  # in the city's time zone


@dataclass(frozen=True)
class TaskView:
    id: int
    event_id: int
    event_title: str
    ceremony_id: int | None
    ceremony_title: str
    title: str
    department: str
    person: str
    coexecutors: tuple[str, ...]
    deadline: date | None
    long_term: bool
    status: TaskStatus
    completed_on: date | None
    state: TaskState
    reports: tuple[ReportView, ...] = ()

    @property
    def last_report(self) -> ReportView | None:
        return self.reports[-1] if self.reports else None


@dataclass(frozen=True)
class DeadlineView:
    """A task's deadline for the monthly and weekly plans."""

    id: int
    title: str
    deadline: date
    department: str
    status: TaskState
    event_id: int
    event_title: str


@dataclass(frozen=True)
class Permissions:
    """What the signed-in person may do with a task they can see; the pages show only those controls."""

    user: CurrentUser

    @property
    def edit(self) -> bool:
        return self.user.role in PLAN_EDITORS

    def report(self, task: TaskView) -> bool:
        helping = bool(self.user.department) and self.user.department in task.coexecutors
        return self.edit or (self.user.role is Role.LIAISON and (_own(self.user, task) or helping))

    def set_status(self, task: TaskView) -> bool:
        """Co-executors report; only the responsible department says the task is done."""
        return self.edit or (self.user.role is Role.LIAISON and _own(self.user, task))


def _own(user: CurrentUser, task: TaskView) -> bool:
    return bool(user.department) and task.department == user.department


# ---------------------------------------------------------------- reading


def _scope(user: CurrentUser) -> Combinable | None:
    """None: everything, for those who read the whole plan; for a liaison, only their department's tasks
    (a liaison without one, or any other role, sees none)."""
    if user.role in PLAN_READERS - {Role.LIAISON}:
        return None
    department = user.department if user.role is Role.LIAISON else ""
    if not department:
        return WhereRaw("1 = 0")
    helping = TaskCoexecutor.select(TaskCoexecutor.task).where(TaskCoexecutor.department == department)
    return (Task.department == department) | Task.id.is_in(helping)


def _state_is(value: TaskState, on: date) -> WhereRaw:
    return WhereRaw(f"({STATE_SQL}) = {{}}", on, value.value)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(get_settings().tz)


async def _tasks(where: Combinable, *, on: date, limit: int | None = None, offset: int = 0) -> list[TaskView]:
    query = Task.select(
        Task.all_columns(),
        Task.event.title.as_alias("event_title"),
        Task.ceremony.title.as_alias("ceremony_title"),
    ).where(where).order_by(OrderByRaw("task.deadline IS NULL"), Task.deadline, Task.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = await query
    ids = [r["id"] for r in rows] or [0]
    helpers: dict[int, list[str]] = defaultdict(list)
    for r in await TaskCoexecutor.select().where(TaskCoexecutor.task.is_in(ids)).order_by(TaskCoexecutor.id):
        helpers[r["task"]].append(r["department"])
    reports: dict[int, list[ReportView]] = defaultdict(list)
    for r in await TaskReport.select().where(TaskReport.task.is_in(ids)).order_by(TaskReport.at, TaskReport.id):
        reports[r["task"]].append(ReportView(r["id"], r["text"], r["author_name"], r["department"], _local(r["at"])))
    return [
        TaskView(
            id=r["id"], event_id=r["event"], event_title=r["event_title"], ceremony_id=r["ceremony"],
            ceremony_title=r["ceremony_title"] or "", title=r["title"], department=r["department"],
            person=r["person"], coexecutors=tuple(helpers[r["id"]]), deadline=r["deadline"],
            long_term=bool(r["long_term"]), status=TaskStatus(r["status"]), completed_on=r["completed_on"],
            state=state(TaskStatus(r["status"]), r["deadline"], bool(r["long_term"]), r["completed_on"], on),
            reports=tuple(reports[r["id"]]),
        )
        for r in rows
    ]


def _where(user: CurrentUser, base: Combinable, *, task_state: TaskState | None, department: str,
           on: date) -> Combinable:
    where = base
    scope = _scope(user)
    if scope is not None:
        where &= scope
    if task_state is not None:
        where &= _state_is(task_state, on)
    if department:
        where &= Task.department == department
    return where


@dataclass(frozen=True)
class EventPlan:
    tasks: tuple[TaskView, ...]  # those of the chosen state
    counts: dict[TaskState, int]  # all the plan's tasks the person sees, by state
    total: int


async def event_plan(event_id: int, user: CurrentUser, *, task_state: TaskState | None = None,
                     department: str = "", on: date | None = None) -> EventPlan:
    """The event's preparation plan as this person may see it, by deadline (long-term tasks last).
    One event holds tens of tasks: they are read at once and counted here for the filter's figures."""
    on = on or today()
    tasks = await _tasks(_where(user, Task.event == event_id, task_state=None, department=department, on=on), on=on)
    counts = {s: 0 for s in TaskState}
    for task in tasks:
        counts[task.state] += 1
    return EventPlan(tasks=tuple(t for t in tasks if task_state in (None, t.state)), counts=counts,
                     total=len(tasks))


async def control_list(user: CurrentUser, year: int, *, task_state: TaskState | None = None, department: str = "",
                       page: int = 1, per_page: int = 50, on: date | None = None) -> tuple[list[TaskView], int]:
    """Tasks of the year's events across all events (for a liaison: their department's), one page of them."""
    on = on or today()
    events = Event.select(Event.id).where((Event.year == year) & Event.deleted_at.is_null())
    where = _where(user, Task.event.is_in(events), task_state=task_state, department=department, on=on)
    total = await Task.count().where(where)
    page = page_within(page, total, per_page)
    return await _tasks(where, on=on, limit=per_page, offset=(page - 1) * per_page), total


async def get_task(task_id: int, user: CurrentUser, on: date | None = None) -> TaskView:
    """The task, or NotFound also when it belongs to another department: a liaison cannot even learn
    that it exists."""
    on = on or today()
    found = await _tasks(_where(user, Task.id == task_id, task_state=None, department="", on=on), on=on)
    if not found:
        raise NotFound
    return found[0]


async def departments(user: CurrentUser, event_id: int | None = None) -> list[str]:
    """Departments to filter by and to choose from: those with tasks, and the liaisons' own."""
    if user.role is Role.LIAISON:
        return [user.department] if user.department else []
    query = Task.select(Task.department).distinct()
    if event_id is not None:
        query = query.where(Task.event == event_id)
        names = {r["department"] for r in await query}
    else:
        accounts = await Account.select(Account.department).where(Account.department != "").distinct()
        helpers = await TaskCoexecutor.select(TaskCoexecutor.department).distinct()
        names = {r["department"] for r in (*await query, *accounts, *helpers)}
    return sorted(names - {""}, key=str.casefold)


def years(chosen: int) -> list[int]:
    """The years to choose from: the two before this one, the next one, and the one shown. No query: the
    page that asks for a year's figures is already one round trip."""
    this = today().year
    return sorted({this - 2, this - 1, this, this + 1, chosen})


async def deadlines_between(start: date, end: date) -> list[DeadlineView]:
    """Deadlines of tasks that fall on a day in [start, end), for the monthly and weekly plans; done
    tasks included (the plan shows what was on control), long-term ones by the date they are on control until."""
    on = today()
    rows = await Task.select(
        Task.id, Task.title, Task.deadline, Task.department, Task.status, Task.long_term, Task.completed_on,
        Task.event, Task.event.title.as_alias("event_title"),
    ).where((Task.deadline >= start) & (Task.deadline < end)).order_by(Task.deadline, Task.id)
    return [DeadlineView(id=r["id"], title=r["title"], deadline=r["deadline"], department=r["department"],
                         status=state(TaskStatus(r["status"]), r["deadline"], bool(r["long_term"]),
                                      r["completed_on"], on),
                         event_id=r["event"], event_title=r["event_title"])
            for r in rows]


# ---------------------------------------------------------------- writing


async def _event_ceremonies(event_id: int) -> set[int]:
    return {r["id"] for r in await Ceremony.select(Ceremony.id).where(Ceremony.event == event_id)}


def _lines(raw: str) -> list[str]:
    seen: dict[str, None] = {}
    for line in raw.replace(";", "\n").splitlines():
        name = " ".join(line.split())
        if name:
            seen.setdefault(name, None)
    return list(seen)


async def save_task(raw: Mapping[str, str], *, event_id: int, task_id: int | None = None,
                    on: date | None = None) -> Saved:
    """Creates or changes a task. A deadline already past is accepted, but the task is overdue from
    the start (its state is read, not chosen) and the plan page warns about it."""
    on = on or today()
    if not await Event.exists().where((Event.id == event_id) & Event.deleted_at.is_null()):
        raise NotFound
    if task_id is not None and not await Task.exists().where((Task.id == task_id) & (Task.event == event_id)):
        raise NotFound
    form = FormReader(raw)
    title = form.multiline("title", max_length=1000)
    if not title:
        form.fail("title", _("Заполните это поле."))
    department = form.text("department", required=True, max_length=200)
    person = form.text("person", max_length=200)
    coexecutors = _lines(form.multiline("coexecutors", max_length=2000))
    long_term = raw.get("long_term") in ("on", "true", "1")
    deadline = None
    if raw.get("deadline", "").strip():
        deadline = form.local_date("deadline")
    elif not long_term:
        form.fail("deadline", _("Укажите срок или отметьте поручение как долгосрочное."))
    if deadline and not 2000 <= deadline.year <= 2100:
        form.fail("deadline", _("Год от 2000 до 2100."))
    if any(len(c) > 200 for c in coexecutors):
        form.fail("coexecutors", _("Не длиннее {n} знаков.").format(n=200))
    if department in coexecutors:
        form.fail("coexecutors", _("Ответственное подразделение не может быть и соисполнителем."))
    ceremony = form.integer("ceremony", default=0) or None
    if ceremony and ceremony not in await _event_ceremonies(event_id):
        form.fail("ceremony", _("Выберите церемонию этого события."))
    values = {Task.event: event_id, Task.ceremony: ceremony, Task.title: title, Task.department: department,
              Task.person: person, Task.deadline: deadline, Task.long_term: long_term}
    if task_id is not None:
        values |= _status_fields(form, on)
    if form.errors:
        return Saved(errors=form.errors)
    old = None if task_id is None else {
        **await Task.select(*values).where(Task.id == task_id).first(),
        "coexecutors": [r["department"] for r in await TaskCoexecutor.select(TaskCoexecutor.department).where(
            TaskCoexecutor.task == task_id).order_by(TaskCoexecutor.id)]}
    async with write_transaction(Task._meta.db):
        if task_id is None:
            rows = await Task.insert(Task(**audit.values(values))).returning(Task.id)
            task_id = rows[0]["id"]
        else:
            await Task.update(values).where(Task.id == task_id)
            await TaskCoexecutor.delete().where(TaskCoexecutor.task == task_id)
        if coexecutors:
            await TaskCoexecutor.insert(*[TaskCoexecutor(task=task_id, department=c) for c in coexecutors])
        await audit.saved("task", task_id, title, old, {**audit.values(values), "coexecutors": coexecutors})
    return Saved(id=task_id)


def _status_fields(form: FormReader, on: date) -> dict:
    """The edit form's status and date of execution: a done task needs the day it was done."""
    status = form.choice("status", TaskStatus)
    completed_on = None
    if status is TaskStatus.DONE:
        completed_on = form.local_date("completed_on") if form.raw.get("completed_on", "").strip() else on
        if completed_on and completed_on > on:
            form.fail("completed_on", _("Дата исполнения не может быть позже сегодняшней."))
    return {Task.status: status, Task.completed_on: completed_on}


async def delete_task(task_id: int) -> int:
    """Deletes the task with its reports and gives back its event's id."""
    row = await Task.select(Task.event, Task.title).where(Task.id == task_id).first()
    if row is None:
        raise NotFound
    async with write_transaction(Task._meta.db):
        await Task.delete().where(Task.id == task_id)
        await audit.record("purge", "task", task_id, row["title"])
    return row["event"]


async def set_status(task_id: int, status: TaskStatus, user: CurrentUser, on: date | None = None) -> TaskView:
    """The inline status change: done today, or back to work (the date of execution cleared)."""
    on = on or today()
    task = await get_task(task_id, user, on)
    if not Permissions(user).set_status(task):
        raise NotAllowed
    if status is not task.status:
        completed_on = on if status is TaskStatus.DONE else None
        async with write_transaction(Task._meta.db):
            await Task.update({Task.status: status, Task.completed_on: completed_on}).where(Task.id == task_id)
            await audit.record("status", "task", task_id, task.title, audit.diff(
                {"status": task.status, "completed_on": task.completed_on},
                {"status": status, "completed_on": completed_on}))
    return await get_task(task_id, user, on)


async def add_report(task_id: int, raw: Mapping[str, str], user: CurrentUser) -> Saved:
    task = await get_task(task_id, user)
    if not Permissions(user).report(task):
        raise NotAllowed
    form = FormReader(raw)
    text = form.multiline("text", max_length=4000)
    if not text:
        form.fail("text", _("Напишите, что сделано."))
    if form.errors:
        return Saved(errors=form.errors)
    rows = await TaskReport.insert(TaskReport(task=task_id, text=text, author=user.account_id, author_name=user.name,
                                              department=user.department)).returning(TaskReport.id)
    return Saved(id=rows[0]["id"])


@dataclass(frozen=True)
class Applied:
    added: int = 0
    overdue: int = 0  # added with a deadline already past
    error: str = ""


async def typical_missing(event_id: int, kind: EventKind) -> int:
    """How many tasks of the kind's typical plan the event's plan does not have yet."""
    plan = TYPICAL_PLANS.get(kind)
    if plan is None:
        return 0
    existing = {r["title"] for r in await Task.select(Task.title).where(Task.event == event_id)}
    return sum(t.title not in existing for t in plan.tasks)


async def apply_typical_plan(event_id: int, on: date | None = None) -> Applied:
    """Adds the typical plan of the event's kind (see apply_tasks)."""
    event = await Event.select(Event.kind).where(Event.id == event_id).first()
    if event is None:
        raise NotFound
    plan = TYPICAL_PLANS.get(EventKind(event["kind"]))
    if plan is None:
        return Applied(error=_("Для событий этого вида типового плана нет."))
    return await apply_tasks(event_id, plan.tasks, on)


async def apply_tasks(event_id: int, tasks: Iterable[TypicalTask], on: date | None = None) -> Applied:
    """Adds the tasks with deadlines counted from the day of the event's first ceremony.
    Tasks the plan already has (same title) are not added twice."""
    on = on or today()
    first = await Ceremony.select(Ceremony.starts_at).where(Ceremony.event == event_id).order_by(
        Ceremony.starts_at).first()
    if first is None:
        return Applied(error=_("Сначала добавьте церемонию: сроки считаются от её даты."))
    day = _local(first["starts_at"]).date()
    existing = {r["title"] for r in await Task.select(Task.title).where(Task.event == event_id)}
    added = overdue = 0
    async with write_transaction(Task._meta.db):
        for typical in tasks:
            if typical.title in existing:
                continue
            deadline = day + timedelta(days=typical.days)
            rows = await Task.insert(Task(event=event_id, title=typical.title, department=typical.department,
                                          deadline=deadline, long_term=typical.long_term)).returning(Task.id)
            if typical.coexecutors:
                await TaskCoexecutor.insert(*[TaskCoexecutor(task=rows[0]["id"], department=c)
                                              for c in typical.coexecutors])
            added += 1
            overdue += deadline < on
    return Applied(added=added, overdue=overdue)
