"""The monthly and weekly plans: the ceremonies of the period with the officials taking part and any
clash in their day, and the deadlines of the preparation plans' tasks that fall in it; the page's
view and the printed plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.core.config import get_settings
from app.core.formatting import fmt_date, fmt_long_date, month_name
from app.core.i18n import gettext as _
from app.documents.official import Approval, page_label
from app.documents.plans import DeadlineRow, PlanDocument, PlanRow, build_plan_pdf
from app.events import officials, participation, services
from app.events.dates import month_bounds, week_bounds
from app.events.kinds import PARTICIPATION_LABELS
from app.tasks.kinds import TASK_STATE_LABELS, TaskState
from app.tasks.services import DeadlineView, deadlines_between


@dataclass(frozen=True)
class Plan:
    start: date
    end: date  # the day after the period
    ceremonies: list[services.CeremonyView]
    warnings: dict[int, list[str]]  # the officials' clashes in words, by ceremony id
    deadlines: list[DeadlineView]


async def plan(start: date, end: date) -> Plan:
    ceremonies = await services.ceremonies_between(start, end)
    return Plan(start, end, ceremonies, await participation.warnings_of(ceremonies),
                await deadlines_between(start, end))


async def month(year: int, month: int) -> Plan:
    return await plan(*month_bounds(year, month))


async def week(day: date) -> Plan:
    return await plan(*week_bounds(day))


def officials_lines(ceremony: services.CeremonyView) -> str:
    """One official a line, the most senior first: «Кравцов Сергей Андреевич (выступает)»."""
    return "\n".join(f"{p.name} ({_(PARTICIPATION_LABELS[p.role])})" for p in ceremony.participants)


async def month_pdf(year: int, month_number: int) -> bytes:
    title = _("Календарный план основных мероприятий на {month} {year} года").format(
        month=month_name(month_number).lower(), year=year)
    return _pdf(title, await officials.approval(year), await month(year, month_number))


async def week_pdf(day: date) -> bytes:
    period = await week(day)
    title = _("План основных мероприятий на неделю с {start} по {end}").format(
        start=fmt_long_date(period.start), end=fmt_long_date(period.end - timedelta(days=1)))
    return _pdf(title, await officials.approval(period.start.year), period)


def _pdf(title: str, approval: Approval, period: Plan) -> bytes:
    return build_plan_pdf(PlanDocument(
        title=title,
        organisation=get_settings().organisation,
        approval=approval,
        rows=tuple(
            PlanRow(
                day=fmt_long_date(c.starts_at.date()),
                time=f"{c.starts_at:%H:%M}–{c.ends_at:%H:%M}",
                title=c.title,
                event=c.event_title,
                venue=", ".join(p for p in (c.venue, c.address) if p),
                officials=officials_lines(c),
                guests=c.expected_guests,
                warnings=tuple(period.warnings.get(c.id, ())),
            )
            for c in period.ceremonies
        ),
        deadlines=tuple(
            DeadlineRow(deadline=fmt_date(d.deadline), title=d.title, event=d.event_title, department=d.department,
                        state=_(TASK_STATE_LABELS[d.status]), overdue=d.status is TaskState.OVERDUE)
            for d in period.deadlines
        ),
        labels={
            "no": "№", "when": _("Дата и время"), "what": _("Мероприятие"), "where": _("Место проведения"),
            "who": _("Участие должностных лиц"), "guests": _("Гостей"), "empty": _("Мероприятий нет."),
            "clash": _("Накладка"), "deadlines": _("Сроки исполнения поручений"), "deadline": _("Срок"),
            "task": _("Поручение"), "department": _("Исполнитель"), "state": _("Состояние"),
            "page": page_label(),
        },
    ))
