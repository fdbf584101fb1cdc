from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.audit import services as audit
from app.core.clock import today
from app.core.db import check_connection
from app.core.numbers import whole
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.events import participation, services
from app.events.kinds import DateRule, EventKind, EventStatus, Participation
from app.events.tables import Event
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params, form_pages_guard
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]




async def reject_trashed_ceremony(request: Request) -> None:
    """Before every handler: the pages of a ceremony in the trash (/ceremonies/{ceremony_id}/…: invitations,
    seating, roster, scenario, wreaths) are not there; they neither show nor change it until it is restored."""
    ceremony_id = request.path_params.get("ceremony_id")
    if isinstance(ceremony_id, int) and not await services.ceremony_exists(ceremony_id):
        raise NotFoundException


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


class EventController(ItemFormsController):
    path = "/events"
    guards = [requires_role(PLAN_READERS)]
    form_guards = EDITORS
    template, block, item_name = "events/event_form.html", "event_form", "event_id"

    @get("/{event_id:int}")
    async def show(self, request: HTMXRequest, event_id: int) -> Template:
        return await _event_page(request, await found(services.get_event(event_id)))

    @post("/{event_id:int}/copy", guards=EDITORS, status_code=200)
    async def copy(self, request: HTMXRequest, event_id: int) -> Template | Response:
        form = await request.form()
        event = await found(services.get_event(event_id))
        year = whole(form.get("year")) or 0
        saved = await services.copy_forward(event_id, year)
        if not saved.ok:
            return await _event_page(request, event, "copy_form", status_code=422, copy_year=form.get("year", ""),
                                     copy_errors=saved.errors)
        return go(request, f"/events/{saved.id}")

    def params(self, request: HTMXRequest) -> Params:
        return {**super().params(request), "kind": request.query_params.get("kind", EventKind.VICTORY_DAY.value),
                "account_id": request.user.account_id}

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        if item_id is None:
            kind = params["kind"]
            kind_value = EventKind(kind) if kind in EventKind._value2member_map_ else EventKind.OTHER
            return {"title": "", "kind": kind_value.value, "year": str(today().year),
                    "date_rule": services.default_date_rule(kind_value).value, "status": EventStatus.DRAFT.value,
                    "responsible": str(params["account_id"]), "notes": ""}
        event = await services.get_event(item_id)
        return {"title": event.title, "kind": event.kind.value, "year": str(event.year),
                "date_rule": event.date_rule.value, "status": event.status.value,
                "responsible": str(event.responsible_id or ""), "notes": event.notes}

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await services.save_event(form, item_id)

    async def remove(self, params: Params, item_id: int) -> str | None:
        event = await services.get_event(item_id)
        await services.delete_event(item_id)
        return f"/plan/?year={event.year}"

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"officers": await services.responsible_officers(), "kinds": list(EventKind), "rules": list(DateRule),
                "statuses": list(EventStatus)}

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/events/{item_id}"


async def _event_page(request: HTMXRequest, event: services.EventView, block: str = "ceremonies", *,
                      status_code: int = 200, copy_year: str | int | None = None,
                      copy_errors: dict | None = None) -> Template:
    """The event with its programme; each ceremony with the clashes of its officials."""
    return render(request, "events/event.html", block, status_code=status_code, event=event,
                  can_edit=request.user.role in PLAN_EDITORS, copy_year=copy_year or event.year + 1,
                  copy_errors=copy_errors or {}, warnings=await participation.warnings_of(event.ceremonies),
                  history=await audit.history("event", event.id))


class CeremonyController(ItemFormsController):
    path = "/events/{event_id:int}/ceremonies"
    guards = EDITORS
    template, block, item_name = "events/ceremony_form.html", "ceremony_form", "ceremony_id"

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        if item_id is None:
            event = await services.get_event(params["event_id"])
            day = event.first_day or date(event.year, today().month, 1)
            return {"title": "", "format": services.CeremonyFormat.MEETING.value, "venue": "", "address": "",
                    "starts_at": f"{day.isoformat()}T10:00", "ends_at": f"{day.isoformat()}T11:00",
                    "expected_guests": "0", "notes": "", "officials": []}
        c = await services.get_ceremony(item_id)
        if c.event_id != params["event_id"]:
            raise NotFoundException
        return {"title": c.title, "format": c.format.value, "venue": c.venue, "address": c.address,
                "starts_at": f"{c.starts_at:%Y-%m-%dT%H:%M}", "ends_at": f"{c.ends_at:%Y-%m-%dT%H:%M}",
                "expected_guests": str(c.expected_guests), "notes": c.notes,
                "officials": [str(o) for o in c.official_ids],
                **{f"role-{p.official_id}": p.role.value for p in c.participants}}

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await services.save_ceremony(form, event_id=params["event_id"], ceremony_id=item_id)

    def kept(self, form: FormMultiDict) -> dict[str, Any]:
        """Checkboxes keep all their values."""
        return {**super().kept(form), "officials": form.getall("officials", [])}

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        event = await services.get_event(params["event_id"])
        saved = [c for c in event.ceremonies if c.id == item_id]
        return {"event": event, "warnings": (await participation.warnings_of(saved)).get(item_id, []),
                "officials": await services.officials(), "formats": list(services.CeremonyFormat),
                "roles": list(Participation), "history": await audit.history("ceremony", item_id) if item_id else []}

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/events/{params['event_id']}"

    @post("/{item_id:int}/delete", status_code=200, guards=[form_pages_guard])
    async def delete(self, request: HTMXRequest, event_id: int, item_id: int) -> Template | Response:
        """HTMX swaps the event's programme in; a plain form goes back to the event."""
        await found(services.delete_ceremony(item_id))
        if request.htmx:
            return await _event_page(request, await services.get_event(event_id))
        return go(request, f"/events/{event_id}")
