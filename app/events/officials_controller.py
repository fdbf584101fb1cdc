"""The officials' registry, each official's participation and their day and week schedule (page and
PDF), and the table of travel times between venues that the clash check uses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from litestar import Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.clock import today
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, Role
from app.events import officials, participation
from app.events.clashes import DEFAULT_TRAVEL_MINUTES
from app.events.controllers import EDITORS
from app.events.dates import week_bounds
from app.web.files import file_response
from app.web.forms import Year, in_years
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render

# The nav shows the registry to those who read the plans in the department, not to liaisons.
READERS = [requires_role({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})]


def _period(day: date | None, week: date | None) -> tuple[date, date]:
    """A week (Monday to the Monday after) when `week` names a day in it, else one day (today by default)."""
    if week:
        return week_bounds(in_years(week))
    start = in_years(day or today())
    return start, start + timedelta(days=1)


class OfficialController(ItemFormsController):
    path = "/officials"
    guards = READERS
    form_guards = EDITORS
    template, block, item_name = "officials/form.html", "official_form", "official_id"

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        if item_id is None:
            return {"full_name": "", "position": "", "precedence": "100"}
        official = await officials.get_official(item_id)
        return {"full_name": official.full_name, "position": official.position,
                "precedence": str(official.precedence)}

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await officials.save_official(form, item_id)

    async def remove(self, params: Params, item_id: int) -> str | None:
        await officials.delete_official(item_id)
        return None

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/officials/{item_id}" if item_id else "/officials/"

    @get("/")
    async def index(self, request: HTMXRequest, year: Year = None) -> Template:
        year = year or today().year
        return await self._index(request, year=year, travel_values={}, travel_errors={})

    async def _index(self, request: HTMXRequest, *, year: int, travel_values: dict, travel_errors: dict,
                     block: str = "officials", status_code: int = 200) -> Template:
        return render(request, "officials/index.html", block, status_code=status_code, year=year,
                      rows=await officials.registry(year), travel=await participation.travel_list(),
                      venues=await participation.venues(), travel_values=travel_values,
                      travel_errors=travel_errors, default_travel=DEFAULT_TRAVEL_MINUTES, today=today(),
                      can_edit=request.user.role in PLAN_EDITORS)

    @get("/{official_id:int}")
    async def show(self, request: HTMXRequest, official_id: int, year: Year = None) -> Template:
        year = year or today().year
        schedule = await found(officials.schedule(official_id, date(year, 1, 1), date(year + 1, 1, 1)))
        return render(request, "officials/official.html", "participation", schedule=schedule, year=year,
                      today=today(), can_edit=request.user.role in PLAN_EDITORS)

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
