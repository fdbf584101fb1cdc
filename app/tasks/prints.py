"""The preparation plan as a paper: the view model from the tasks, then PDF or DOCX bytes."""

from __future__ import annotations

from app.accounts.services import CurrentUser
from app.core.config import get_settings
from app.core.formatting import fmt_date
from app.core.i18n import gettext as _
from app.documents.official import page_label
from app.documents.task_plan import TaskPlanDocument, TaskPlanRow, build_task_plan_docx, build_task_plan_pdf
from app.events import officials
from app.events import services as events
from app.tasks import services
from app.tasks.kinds import TASK_STATE_LABELS, TaskState


def _deadline(task: services.TaskView) -> str:
    if not task.long_term:
        return fmt_date(task.deadline)
    if task.deadline:
        return _("долгосрочное, до {date}").format(date=fmt_date(task.deadline))
    return _("долгосрочное")


def _mark(task: services.TaskView) -> str:
    mark = _(TASK_STATE_LABELS[task.state])
    if task.completed_on:
        mark = f"{mark} {fmt_date(task.completed_on)}"
    if task.last_report:
        mark = f"{mark}\n{task.last_report.text}"
    return mark


async def plan_document(event_id: int, user: CurrentUser) -> TaskPlanDocument:
    event = await events.get_event(event_id)
    plan = await services.event_plan(event_id, user)
    settings = get_settings()
    return TaskPlanDocument(
        title=_("План подготовки и проведения мероприятий «{event}»").format(event=event.title),
        organisation=settings.organisation,
        approval=await officials.approval(event.year),
        rows=tuple(
            TaskPlanRow(task=t.title, ceremony=t.ceremony_title,
                        responsible="\n".join(p for p in (t.department, t.person) if p),
                        coexecutors="\n".join(t.coexecutors), deadline=_deadline(t), mark=_mark(t),
                        overdue=t.state is TaskState.OVERDUE)
            for t in plan.tasks
        ),
        labels={
            "no": "№", "task": _("Мероприятие (поручение)"), "responsible": _("Ответственный"),
            "coexecutors": _("Соисполнители"), "deadline": _("Срок"), "mark": _("Отметка об исполнении"),
            "empty": _("Поручений нет."), "page": page_label(),
        },
    )


async def plan_pdf(event_id: int, user: CurrentUser) -> bytes:
    return build_task_plan_pdf(await plan_document(event_id, user))


async def plan_docx(event_id: int, user: CurrentUser) -> bytes:
    return build_task_plan_docx(await plan_document(event_id, user))
