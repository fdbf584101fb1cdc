from __future__ import annotations

from datetime import date

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.clock import today
from app.core.db import check_connection
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.events import participation, services
from app.events.kinds import DateRule, EventKind, EventStatus, Participation
from app.events.tables import Event
from app.web.guards import requires_role
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]




class HomeController(Controller):
    path = ""

    @get("/")
    async def home(self, request: HTMXRequest) -> Template:
        return render(request, "home.html", "upcoming", ceremonies=await services.upcoming(days=45),
                      today=today(), can_read_plan=request.user.role in PLAN_READERS)

    @get("/health", opt={"exclude_from_auth": True})
    async def health(self) -> dict[str, str]:
        await check_connection(Event._meta.db)
        return {"status": "ok"}


class EventController(Controller):
    path = "/events"
    guards = [requires_role(PLAN_READERS)]

    async def _form(self, request: HTMXRequest, *, values: dict, errors: dict, event_id: int | None,
                    status_code: int = 200) -> Template:
        return render(request, "events/event_form.html", "event_form", status_code=status_code, values=values,
                      errors=errors, event_id=event_id, officers=await services.responsible_officers(),
                      kinds=list(EventKind), rules=list(DateRule), statuses=list(EventStatus))

    @get("/new", guards=EDITORS)
    async def new(self, request: HTMXRequest, kind: str = EventKind.VICTORY_DAY.value) -> Template:
        kind_value = EventKind(kind) if kind in EventKind._value2member_map_ else EventKind.OTHER
        values = {"title": "", "kind": kind_value.value, "year": str(today().year),
                  "date_rule": services.default_date_rule(kind_value).value, "status": EventStatus.DRAFT.value,
                  "responsible": str(request.user.account_id), "notes": ""}
        return await self._form(request, values=values, errors={}, event_id=None)

    @post("/", guards=EDITORS, status_code=200)
    async def create(self, request: HTMXRequest) -> Template | Response:
        form = dict(await request.form())
        saved = await services.save_event(form)
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, event_id=None, status_code=422)
        return go(request, f"/events/{saved.id}")

    @get("/{event_id:int}")
    async def show(self, request: HTMXRequest, event_id: int) -> Template:
        return await _event_page(request, await found(services.get_event(event_id)))

    @get("/{event_id:int}/edit", guards=EDITORS)
    async def edit(self, request: HTMXRequest, event_id: int) -> Template:
        event = await found(services.get_event(event_id))
        values = {"title": event.title, "kind": event.kind.value, "year": str(event.year),
                  "date_rule": event.date_rule.value, "status": event.status.value,
                  "responsible": str(event.responsible_id or ""), "notes": event.notes}
        return await self._form(request, values=values, errors={}, event_id=event_id)

    @post("/{event_id:int}", guards=EDITORS, status_code=200)
    async def update(self, request: HTMXRequest, event_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(services.save_event(form, event_id))
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, event_id=event_id, status_code=422)
        return go(request, f"/events/{event_id}")

    @post("/{event_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, event_id: int) -> Response:
        event = await found(services.get_event(event_id))
        await services.delete_event(event_id)
        return go(request, f"/plan/?year={event.year}")

    @post("/{event_id:int}/copy", guards=EDITORS, status_code=200)
    async def copy(self, request: HTMXRequest, event_id: int) -> Template | Response:
        form = await request.form()
        event = await found(services.get_event(event_id))
        try:
            year = int(form.get("year", ""))
        except ValueError:
            year = 0
        saved = await services.copy_forward(event_id, year)
        if not saved.ok:
            return await _event_page(request, event, "copy_form", status_code=422, copy_year=form.get("year", ""),
                                     copy_errors=saved.errors)
        return go(request, f"/events/{saved.id}")


async def _event_page(request: HTMXRequest, event: services.EventView, block: str = "ceremonies", *,
                      status_code: int = 200, copy_year: str | int | None = None,
                      copy_errors: dict | None = None) -> Template:
    """The event with its programme; each ceremony with the clashes of its officials."""
    return render(request, "events/event.html", block, status_code=status_code, event=event,
                  can_edit=request.user.role in PLAN_EDITORS, copy_year=copy_year or event.year + 1,
                  copy_errors=copy_errors or {}, warnings=await participation.warnings_of(event.ceremonies))


class CeremonyController(Controller):
    path = "/events/{event_id:int}/ceremonies"
    guards = EDITORS

    async def _form(self, request: HTMXRequest, *, event_id: int, values: dict, errors: dict,
                    ceremony_id: int | None, status_code: int = 200) -> Template:
        event = await found(services.get_event(event_id))
        saved = [c for c in event.ceremonies if c.id == ceremony_id]
        warnings = (await participation.warnings_of(saved)).get(ceremony_id, [])
        return render(request, "events/ceremony_form.html", "ceremony_form", status_code=status_code,
                      event=event, values=values, errors=errors, ceremony_id=ceremony_id, warnings=warnings,
                      officials=await services.officials(), formats=list(services.CeremonyFormat),
                      roles=list(Participation))

    @get("/new")
    async def new(self, request: HTMXRequest, event_id: int) -> Template:
        event = await found(services.get_event(event_id))
        day = event.first_day or date(event.year, today().month, 1)
        values = {"title": "", "format": services.CeremonyFormat.MEETING.value, "venue": "", "address": "",
                  "starts_at": f"{day.isoformat()}T10:00", "ends_at": f"{day.isoformat()}T11:00",
                  "expected_guests": "0", "notes": "", "officials": []}
        return await self._form(request, event_id=event_id, values=values, errors={}, ceremony_id=None)

    @post("/", status_code=200)
    async def create(self, request: HTMXRequest, event_id: int) -> Template | Response:
        form = await request.form()
        saved = await found(services.save_ceremony(form, event_id=event_id))
        if not saved.ok:
            return await self._form(request, event_id=event_id, values=_kept(form), errors=saved.errors,
                                    ceremony_id=None, status_code=422)
        return go(request, f"/events/{event_id}")

    @get("/{ceremony_id:int}/edit")
    async def edit(self, request: HTMXRequest, event_id: int, ceremony_id: int) -> Template:
        c = await found(services.get_ceremony(ceremony_id))
        if c.event_id != event_id:
            raise NotFoundException
        values = {"title": c.title, "format": c.format.value, "venue": c.venue, "address": c.address,
                  "starts_at": f"{c.starts_at:%Y-%m-%dT%H:%M}", "ends_at": f"{c.ends_at:%Y-%m-%dT%H:%M}",
                  "expected_guests": str(c.expected_guests), "notes": c.notes,
                  "officials": [str(o) for o in c.official_ids],
                  **{f"role-{p.official_id}": p.role.value for p in c.participants}}
        return await self._form(request, event_id=event_id, values=values, errors={}, ceremony_id=ceremony_id)

    @post("/{ceremony_id:int}", status_code=200)
    async def update(self, request: HTMXRequest, event_id: int, ceremony_id: int) -> Template | Response:
        form = await request.form()
        saved = await found(services.save_ceremony(form, event_id=event_id, ceremony_id=ceremony_id))
        if not saved.ok:
            return await self._form(request, event_id=event_id, values=_kept(form), errors=saved.errors,
                                    ceremony_id=ceremony_id, status_code=422)
        return go(request, f"/events/{event_id}")

    @post("/{ceremony_id:int}/delete", status_code=200)
    async def delete(self, request: HTMXRequest, event_id: int, ceremony_id: int) -> Template | Response:
        await found(services.delete_ceremony(ceremony_id))
        if request.htmx:
            return await _event_page(request, await services.get_event(event_id))
        return go(request, f"/events/{event_id}")


def _kept(form) -> dict:
    """What the user typed, to show again beside the messages (checkboxes keep all their values)."""
    values = dict(form)
    values["officials"] = form.getall("officials", [])
    return values
