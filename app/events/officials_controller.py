"""The officials' registry, each official's participation and their day and week schedule (page and
PDF), and the table of travel times between venues that the clash check uses."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.clock import today
from app.core.roles import PLAN_EDITORS, Role
from app.events import officials, participation
from app.events.clashes import DEFAULT_TRAVEL_MINUTES
from app.events.controllers import EDITORS
from app.events.dates import week_bounds
from app.web.files import file_response
from app.web.guards import requires_role
from app.web.render import found, go, render

# The nav shows the registry to those who read the plans in the department, not to liaisons.
READERS = [requires_role({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})]


def _period(day: date | None, week: date | None) -> tuple[date, date]:
    """A week (Monday to the Monday after) when `week` names a day in it, else one day (today by default)."""
    if week:
        return week_bounds(week)
    start = day or today()
    return start, start + timedelta(days=1)


class OfficialController(Controller):
    path = "/officials"
    guards = READERS

    @get("/")
    async def index(self, request: HTMXRequest, year: int | None = None) -> Template:
        year = year or today().year
        return await self._index(request, year=year, travel_values={}, travel_errors={})

    async def _index(self, request: HTMXRequest, *, year: int, travel_values: dict, travel_errors: dict,
                     block: str = "officials", status_code: int = 200) -> Template:
        return render(request, "officials/index.html", block, status_code=status_code, year=year,
                      rows=await officials.registry(year), travel=await participation.travel_list(),
                      venues=await participation.venues(), travel_values=travel_values,
                      travel_errors=travel_errors, default_travel=DEFAULT_TRAVEL_MINUTES, today=today(),
                      can_edit=request.user.role in PLAN_EDITORS)

    async def _form(self, request: HTMXRequest, *, values: dict, errors: dict, official_id: int | None,
                    status_code: int = 200) -> Template:
        return render(request, "officials/form.html", "official_form", status_code=status_code, values=values,
                      errors=errors, official_id=official_id)

    @get("/new", guards=EDITORS)
    async def new(self, request: HTMXRequest) -> Template:
        values = {"full_name": "", "position": "", "precedence": "100"}
        return await self._form(request, values=values, errors={}, official_id=None)

    @post("/", guards=EDITORS, status_code=200)
    async def create(self, request: HTMXRequest) -> Template | Response:
        form = dict(await request.form())
        saved = await officials.save_official(form)
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, official_id=None, status_code=422)
        return go(request, f"/officials/{saved.id}")

    @get("/{official_id:int}")
    async def show(self, request: HTMXRequest, official_id: int, year: int | None = None) -> Template:
        year = year or today().year
        schedule = await found(officials.schedule(official_id, date(year, 1, 1), date(year + 1, 1, 1)))
        return render(request, "officials/official.html", "participation", schedule=schedule, year=year,
                      today=today(), can_edit=request.user.role in PLAN_EDITORS)

    @get("/{official_id:int}/edit", guards=EDITORS)
    async def edit(self, request: HTMXRequest, official_id: int) -> Template:
        official = await found(officials.get_official(official_id))
        values = {"full_name": official.full_name, "position": official.position,
                  "precedence": str(official.precedence)}
        return await self._form(request, values=values, errors={}, official_id=official_id)

    @post("/{official_id:int}", guards=EDITORS, status_code=200)
    async def update(self, request: HTMXRequest, official_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(officials.save_official(form, official_id))
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, official_id=official_id,
                                    status_code=422)
        return go(request, f"/officials/{official_id}")

    @post("/{official_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, official_id: int) -> Response:
        await found(officials.delete_official(official_id))
        return go(request, "/officials/")

    @get("/{official_id:int}/schedule")
    async def schedule(self, request: HTMXRequest, official_id: int, day: date | None = None,
                       week: date | None = None) -> Template:
        start, end = _period(day, week)
        step = end - start
        return render(request, "officials/schedule.html", "schedule",
                      schedule=await found(officials.schedule(official_id, start, end)),
                      period=officials.period_title(start, end), by_week=step > timedelta(days=1),
                      previous=start - step, following=start + step)

    @get("/{official_id:int}/schedule.pdf")
    async def schedule_pdf(self, official_id: int, day: date | None = None, week: date | None = None) -> Response:
        start, end = _period(day, week)
        content = await found(officials.schedule_pdf(official_id, start, end))
        kind = "week" if week else "day"
        return file_response(content, f"schedule-{official_id}-{kind}-{start.isoformat()}.pdf")

    @post("/travel", guards=EDITORS, status_code=200)
    async def add_travel(self, request: HTMXRequest) -> Template | Response:
        form = dict(await request.form())
        saved = await participation.save_travel(form)
        if not saved.ok:
            return await self._index(request, year=today().year, travel_values=form, travel_errors=saved.errors,
                                     block="travel", status_code=422)
        # The whole page again: a travel time settles or raises clashes counted in the registry above.
        return go(request, "/officials/")

    @post("/travel/{travel_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete_travel(self, request: HTMXRequest, travel_id: int) -> Response:
        await found(participation.delete_travel(travel_id))
        return go(request, "/officials/")
