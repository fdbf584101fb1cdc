"""The preparation plan's pages: an event's plan and its prints, the tasks across events (a liaison's own
page), the year's dashboard, and the in-place status change and reports of one task."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from litestar import Response, get, post
from litestar.exceptions import PermissionDeniedException, ValidationException
from litestar.params import QueryParameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.clock import today
from app.core.formatting import fmt_date
from app.core.i18n import gettext as _
from app.core.numbers import page_within
from app.core.results import NotFound, Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS, Role
from app.events import services as events
from app.tasks import dashboard, prints, services
from app.tasks.kinds import TaskState, TaskStatus
from app.tasks.typical import TYPICAL_PLANS
from app.web.files import DOCX, file_response
from app.web.forms import Year
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render

T = TypeVar("T")
EDITORS = [requires_role(PLAN_EDITORS)]
# The year's figures compare departments: not for a liaison, who sees only their own tasks.
DASHBOARD_READERS = PLAN_READERS - {Role.LIAISON}
PER_PAGE = 50
# `state` is a name Litestar keeps for the application state: the query parameter is read under another.
STATE_PARAM = Annotated[str, QueryParameter(name="state")]


@dataclass(frozen=True)
class Notice:
    text: str
    warning: bool = False


async def allowed(awaitable: Awaitable[T]) -> T:
    """A task out of the person's scope is a 404 (see services.get_task); one they see but may not
    change is a 403."""
    try:
        return await found(awaitable)
    except services.NotAllowed as error:
        raise PermissionDeniedException from error


def _state(value: str) -> TaskState | None:
    return TaskState(value) if value in TaskState._value2member_map_ else None


def _back(form: Mapping[str, str], default: str) -> str:
    """Where a plain (no-JavaScript) form returns to: the page it was sent from, on this site only."""
    target = form.get("next", "")
    # "//host" and "/\\host" would leave the site.
    return target if target.startswith("/") and target[1:2] not in ("/", "\\") else default



async def _notice(request: HTMXRequest, saved: int | None, added: int | None, late: int) -> Notice | None:
    """What the plan says after a save: a task saved with its deadline already past is overdue from the start."""
    if added is not None:
        text = _("По типовому плану добавлено поручений: {n}.").format(n=added)
        if late:
            text += " " + _("Срок {n} из них уже прошёл: они сразу отмечены как просроченные.").format(n=late)
        return Notice(text, warning=bool(late))
    if saved is None:
        return None
    try:
        task = await services.get_task(saved, request.user)
    except NotFound:
        return None
    if task.state is TaskState.OVERDUE:
        return Notice(_("Срок поручения «{title}» ({date}) уже прошёл: оно сохранено как просроченное.").format(
            title=task.title, date=fmt_date(task.deadline)), warning=True)
    return Notice(_("Поручение «{title}» сохранено.").format(title=task.title))


class _TaskForms(ItemFormsController):
    """A task's form: a new task under its event's plan, an existing one at its own address; for editors."""

    form_guards = EDITORS
    template, block, item_name = "tasks/task_form.html", "task_form", "task_id"

    def params(self, request: HTMXRequest) -> Params:
        return {**super().params(request), "user": request.user}

    async def _event_id(self, params: Params, item_id: int | None) -> int:
        return (await services.get_task(item_id, params["user"])).event_id if item_id is not None \
            else params["event_id"]

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await services.save_task(form, event_id=await self._event_id(params, item_id), task_id=item_id)

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"event": await events.get_event(await self._event_id(params, item_id)),
                "statuses": list(TaskStatus), "departments": await services.departments(params["user"])}

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/events/{await self._event_id(params, item_id)}/tasks/?saved={item_id}"


class EventTasksController(_TaskForms):
    """An event's preparation plan: the list, a new task, the typical plan, the printed plan."""

    path = "/events/{event_id:int}/tasks"
    guards = [requires_role(PLAN_READERS)]
    edit = update = delete = None  # at the task's own address (TaskController)

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"title": "", "department": "", "person": "", "coexecutors": "", "deadline": "", "ceremony": ""}

    async def created(self, params: Params, item_id: int) -> str:
        return f"/events/{params['event_id']}/tasks/?saved={item_id}"

    async def _plan(self, request: HTMXRequest, event_id: int, *, state: str = "", department: str = "",
                    notice: Notice | None = None, status_code: int = 200) -> Template:
        event = await found(events.get_event(event_id))
        chosen = _state(state)
        plan = await services.event_plan(event_id, request.user, task_state=chosen, department=department)
        typical = TYPICAL_PLANS.get(event.kind)
        return render(request, "tasks/plan.html", "tasks", status_code=status_code, event=event, plan=plan,
                      state=chosen.value if chosen else "", department=department, notice=notice,
                      departments=await services.departments(request.user, event_id),
                      may=services.Permissions(request.user), typical_title=_(typical.title) if typical else "",
                      typical_missing=await services.typical_missing(event_id, event.kind))

    @get("/")
    async def plan(self, request: HTMXRequest, event_id: int, task_state: STATE_PARAM = "", department: str = "",
                   saved: int | None = None, added: int | None = None, late: int = 0) -> Template:
        return await self._plan(request, event_id, state=task_state, department=department,
                                notice=await _notice(request, saved, added, late))

    @post("/typical", guards=EDITORS, status_code=200)
    async def typical(self, request: HTMXRequest, event_id: int) -> Template | Response:
        applied = await found(services.apply_typical_plan(event_id))
        if applied.error:
            return await self._plan(request, event_id, notice=Notice(applied.error, warning=True), status_code=422)
        return go(request, f"/events/{event_id}/tasks/?added={applied.added}&late={applied.overdue}")

    @get("/plan.pdf")
    async def pdf(self, request: HTMXRequest, event_id: int) -> Response:
        content = await found(prints.plan_pdf(event_id, request.user))
        return file_response(content, f"plan-podgotovki-{event_id}.pdf")

    @get("/plan.docx")
    async def docx(self, request: HTMXRequest, event_id: int) -> Response:
        content = await found(prints.plan_docx(event_id, request.user))
        return file_response(content, f"plan-podgotovki-{event_id}.docx", DOCX)


def _values(task: services.TaskView) -> dict:
    return {"title": task.title, "department": task.department, "person": task.person,
            "coexecutors": "\n".join(task.coexecutors), "deadline": task.deadline.isoformat() if task.deadline else "",
            "long_term": "on" if task.long_term else "", "ceremony": str(task.ceremony_id or ""),
            "status": task.status.value, "completed_on": task.completed_on.isoformat() if task.completed_on else ""}


class TaskController(_TaskForms):
    """The tasks across events (a liaison's own page), the year's dashboard, one task and its changes."""

    path = "/tasks"
    guards = [requires_role(PLAN_READERS)]
    new = create = None  # under the event's plan (EventTasksController)

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return _values(await services.get_task(item_id, params["user"]))

    async def remove(self, params: Params, item_id: int) -> str | None:
        return f"/events/{await services.delete_task(item_id)}/tasks/"

    @get("/")
    async def index(self, request: HTMXRequest, year: Year = None, task_state: STATE_PARAM = "",
                    department: str = "", page: int = 1) -> Template:
        year = year or today().year
        chosen = _state(task_state)
        tasks, total = await services.control_list(request.user, year, task_state=chosen, department=department,
                                                   page=page, per_page=PER_PAGE)
        return render(request, "tasks/list.html", "task_list", tasks=tasks, total=total, year=year,
                      years=services.years(year), state=chosen.value if chosen else "", department=department,
                      departments=await services.departments(request.user), page=page_within(page, total, PER_PAGE),
                      pages=max(1, -(-total // PER_PAGE)), may=services.Permissions(request.user))

    @get("/dashboard", guards=[requires_role(DASHBOARD_READERS)])
    async def dashboard(self, request: HTMXRequest, year: Year = None) -> Template:
        year = year or today().year
        return render(request, "tasks/dashboard.html", "dashboard", board=await dashboard.year_dashboard(year),
                      years=services.years(year))

    def _row(self, request: HTMXRequest, task: services.TaskView, *, reports: bool = True, errors: dict | None = None,
             text: str = "", status_code: int = 200) -> Template:
        """The task alone (its page, or the row a post changed), with its reports open unless only the status
        changed."""
        return render(request, "tasks/task.html", "task_row", status_code=status_code, t=task,
                      may=services.Permissions(request.user), report_errors=errors or {}, report_text=text,
                      open_reports=reports)

    @get("/{task_id:int}")
    async def show(self, request: HTMXRequest, task_id: int) -> Template:
        return self._row(request, await found(services.get_task(task_id, request.user)))

    @post("/{task_id:int}/status", status_code=200)
    async def status(self, request: HTMXRequest, task_id: int) -> Template | Response:
        form = await request.form()
        try:
            chosen = TaskStatus(form.get("status", ""))
        except ValueError as error:
            raise ValidationException(_("Выберите значение из списка.")) from error
        task = await allowed(services.set_status(task_id, chosen, request.user))
        if not request.htmx:
            return go(request, _back(form, f"/tasks/{task_id}"))
        return self._row(request, task, reports=False)

    @post("/{task_id:int}/reports", status_code=200)
    async def report(self, request: HTMXRequest, task_id: int) -> Template | Response:
        form = await request.form()
        saved = await allowed(services.add_report(task_id, form, request.user))
        if saved.ok and not request.htmx:
            return go(request, _back(form, f"/tasks/{task_id}"))
        task = await services.get_task(task_id, request.user)
        if saved.ok:
            return self._row(request, task)
        return self._row(request, task, errors=saved.errors, text=form.get("text", ""), status_code=422)
