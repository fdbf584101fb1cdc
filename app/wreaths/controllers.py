"""The wreath laying of a ceremony: the order of delegations with their slots, the placement scheme,
and their prints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.numbers import whole
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.events.services import get_ceremony
from app.web.files import DOCX, file_response
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render
from app.wreaths import copying, prints, scheme, services
from app.wreaths.kinds import DEFAULT_RANK, DEFAULT_SLOT_MINUTES, Tribute, ZoneKind

EDITORS = [requires_role(PLAN_EDITORS)]


def _url(ceremony_id: int) -> str:
    return f"/ceremonies/{ceremony_id}/wreaths"


async def _page(request: HTMXRequest, ceremony_id: int, *, status_code: int = 200,
                errors: Mapping[str, str] | None = None, start: str | None = None) -> Template:
    """The whole page, or for HTMX its one block: a move changes the order and the scheme's numbers alike."""
    order = await found(services.order_view(ceremony_id))
    if start is None:
        start = f"{order.start:%H:%M}" if order.typed_start else ""
    plan = await scheme.scheme_view(ceremony_id)
    can_edit = request.user.role in PLAN_EDITORS
    # An empty wreath laying may start as a copy of an earlier one (last year's, as a rule).
    empty = not order.lines and not plan.zones
    sources = await copying.copy_sources(ceremony_id) if can_edit and empty else []
    return render(request, "wreaths/wreaths.html", "wreaths", status_code=status_code, order=order,
                  ceremony=order.ceremony, scheme=plan, start=start, errors=errors or {}, can_edit=can_edit,
                  copy_sources=sources)


async def _after_change(request: HTMXRequest, ceremony_id: int) -> Template | Response:
    """HTMX swaps the fresh block in; a plain form (no JavaScript) goes back to the page."""
    if request.htmx:
        return await _page(request, ceremony_id)
    return go(request, _url(ceremony_id))



class WreathController(Controller):
    path = "/ceremonies/{ceremony_id:int}/wreaths"
    guards = [requires_role(PLAN_READERS)]

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int) -> Template:
        return await _page(request, ceremony_id)

    @post("/start", guards=EDITORS, status_code=200)
    async def start(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        form = await request.form()
        saved = await found(services.set_start(ceremony_id, form))
        if not saved.ok:
            return await _page(request, ceremony_id, status_code=422, errors=saved.errors, start=form.get("start", ""))
        return await _after_change(request, ceremony_id)

    @post("/sort", guards=EDITORS, status_code=200)
    async def sort(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        await found(services.sort_by_precedence(ceremony_id))
        return await _after_change(request, ceremony_id)

    @post("/copy", guards=EDITORS, status_code=200)
    async def copy(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        source = (await request.form()).get("source", "")
        await found(copying.copy_order(whole(source) or 0, ceremony_id))
        return await _after_change(request, ceremony_id)

    @get("/order.pdf")
    async def order_pdf(self, ceremony_id: int, copy: str = prints.Copy.HOST.value) -> Response:
        if copy not in prints.Copy._value2member_map_:
            raise NotFoundException
        return file_response(await found(prints.order_pdf(ceremony_id, prints.Copy(copy))),
                     f"wreath-laying-{ceremony_id}-{copy}.pdf")

    @get("/order.docx")
    async def order_docx(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.order_docx(ceremony_id)), f"wreath-laying-{ceremony_id}-host.docx",
                             DOCX)

    @get("/scheme.pdf")
    async def scheme_pdf(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.scheme_pdf(ceremony_id)), f"placement-scheme-{ceremony_id}.pdf")


class _WreathItemForms(ItemFormsController):
    """A delegation's or a zone's form page, under its ceremony; back to the wreath laying when done."""

    guards = EDITORS

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"ceremony": await get_ceremony(params["ceremony_id"])}

    async def back(self, params: Params, item_id: int | None) -> str:
        return _url(params["ceremony_id"])


class DelegationController(_WreathItemForms):
    path = "/ceremonies/{ceremony_id:int}/wreaths/delegations"
    template, block = "wreaths/delegation_form.html", "delegation_form"

    async def values(self, params: Params, item_id: int | None) -> dict[str, str]:
        if item_id is None:
            return {"name": "", "head": "", "announcement": "", "rank": str(DEFAULT_RANK), "people": "1",
                    "tribute": Tribute.WREATH.value, "minutes": str(DEFAULT_SLOT_MINUTES)}
        d = await services.get_delegation(params["ceremony_id"], item_id)
        return {"name": d.name, "head": d.head, "announcement": d.announcement, "rank": str(d.rank),
                "people": str(d.people), "tribute": d.tribute.value, "minutes": str(d.minutes)}

    async def save(self, form: Mapping[str, str], params: Params, item_id: int | None) -> Saved:
        return await services.save_delegation(form, ceremony_id=params["ceremony_id"], delegation_id=item_id)

    async def remove(self, params: Params, item_id: int) -> None:
        await services.delete_delegation(params["ceremony_id"], item_id)

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {**await super().context(params, item_id), "tributes": list(Tribute)}

    @post("/{item_id:int}/move", status_code=200)
    async def move(self, request: HTMXRequest, ceremony_id: int, item_id: int) -> Template | Response:
        step = 1 if (await request.form()).get("step") == "1" else -1
        await found(services.move(ceremony_id, item_id, step))
        return await _after_change(request, ceremony_id)


class ZoneController(_WreathItemForms):
    path = "/ceremonies/{ceremony_id:int}/wreaths/zones"
    template, block = "wreaths/zone_form.html", "zone_form"

    async def values(self, params: Params, item_id: int | None) -> dict[str, str]:
        if item_id is None:
            return {"name": "", "kind": ZoneKind.ZONE.value, "x": "0", "y": "0", "w": "10", "h": "6",
                    "delegation": ""}
        z = await scheme.get_zone(params["ceremony_id"], item_id)
        return {"name": z.name, "kind": z.kind.value, "x": str(z.rect.x), "y": str(z.rect.y), "w": str(z.rect.w),
                "h": str(z.rect.h), "delegation": str(z.delegation.id) if z.delegation else ""}

    async def save(self, form: Mapping[str, str], params: Params, item_id: int | None) -> Saved:
        return await scheme.save_zone(form, ceremony_id=params["ceremony_id"], zone_id=item_id)

    async def remove(self, params: Params, item_id: int) -> None:
        await scheme.delete_zone(params["ceremony_id"], item_id)

    async def back(self, params: Params, item_id: int | None) -> str:
        return await super().back(params, item_id) + "#scheme"

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        ceremony_id = params["ceremony_id"]
        return {**await super().context(params, item_id), "kinds": list(ZoneKind),
                "delegations": await services.delegations(ceremony_id), "scheme": await scheme.scheme_view(ceremony_id)}
