"""The year's plan of events, and the monthly and weekly plans drawn from it, on screen and as PDF."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Controller, Response, get
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.clock import today
from app.core.roles import PLAN_READERS
from app.events import services as events
from app.events.dates import month_bounds, week_bounds
from app.events.kinds import EventStatus
from app.plans import services as plans
from app.web.files import file_response
from app.web.forms import Month, Year, in_years
from app.web.guards import requires_role
from app.web.render import render


class PlanController(Controller):
    path = "/plan"
    guards = [requires_role(PLAN_READERS)]

    @get("/")
    async def year(self, request: HTMXRequest, year: Year = None, status: str = "") -> Template:
        year = year or today().year
        chosen = EventStatus(status) if status in EventStatus._value2member_map_ else None
        years = sorted(set(await events.plan_years()) | {year, today().year})
        return render(request, "plan/year.html", "year_plan", year=year, years=years,
                      status=chosen.value if chosen else "", groups=await events.year_plan(year, chosen),
                      statuses=list(EventStatus))

    @get("/month")
    async def month(self, request: HTMXRequest, year: Year = None, month: Month = None) -> Template:
        year, month = _month_or_today(year, month)
        start, end = month_bounds(year, month)
        return render(request, "plan/month.html", "month_plan", year=year, month=month,
                      plan=await plans.month(year, month), previous=start - timedelta(days=1), following=end)

    @get("/month.pdf")
    async def month_pdf(self, year: Year = None, month: Month = None) -> Response:
        year, month = _month_or_today(year, month)
        return file_response(await plans.month_pdf(year, month), f"plan-{year}-{month:02d}.pdf")

    @get("/week")
    async def week(self, request: HTMXRequest, day: date | None = None) -> Template:
        monday, next_monday = week_bounds(in_years(day or today()))
        return render(request, "plan/week.html", "week_plan", monday=monday,
                      sunday=next_monday - timedelta(days=1), plan=await plans.week(monday),
                      previous=monday - timedelta(days=7), following=next_monday)

    @get("/week.pdf")
    async def week_pdf(self, day: date | None = None) -> Response:
        monday = week_bounds(in_years(day or today()))[0]
        return file_response(await plans.week_pdf(monday), f"plan-week-{monday.isoformat()}.pdf")


def _month_or_today(year: int | None, month: int | None) -> tuple[int, int]:
    now = today()
    month = month if month and 1 <= month <= 12 else now.month
    return year or now.year, month
