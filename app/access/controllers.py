"""The access page of a ceremony: its zones, what each category opens, zones granted by hand, car passes."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.access import passes, zones
from app.access.kinds import ZONE_KIND_LABELS, ZoneKind
from app.core import clock
from app.core.i18n import N_
from app.core.numbers import whole
from app.core.roles import Role
from app.web import ratelimit
from app.web.files import XLSX, file_response
from app.web.forms import FormReader
from app.web.guards import requires_role
from app.web.render import found, render

OFFICERS = frozenset({Role.ADMIN, Role.PROTOCOL})
PASS_PAGES_PER_MINUTE = 60
_rate_limit = ratelimit.per_client(
    "pass-page", lambda: PASS_PAGES_PER_MINUTE, "guestpage/invalid.html", N_("Слишком много запросов"),
    N_("С этого адреса пропуска открывали слишком часто. Подождите минуту и обновите страницу."))


def _back(ceremony_id: int, anchor: str = "") -> Redirect:
    return Redirect(path=f"/access/{ceremony_id}{anchor}", status_code=HTTP_303_SEE_OTHER)


async def _page(request: HTMXRequest, ceremony_id: int, *, pass_form: dict | None = None,
                errors: dict[str, str] | None = None, status_code: int = 200) -> Template:
    ceremony = await found(passes.ceremony_heading(ceremony_id))
    return render(request, "access/access.html", "access", status_code=status_code, ceremony=ceremony,
                  zones=await zones.zones(ceremony_id), grants=await zones.category_grants(ceremony_id),
                  categories=await zones.categories(), extra=await zones.extra_grants(ceremony_id),
                  guests=await zones.guests(ceremony_id), passes=await passes.passes(ceremony_id),
                  parking=await passes.parking_zones(ceremony_id), pass_form=pass_form or {},
                  errors=errors or {}, zone_kinds=list(ZoneKind), ZONE_KIND_LABELS=ZONE_KIND_LABELS)


class AccessController(Controller):
    path = "/access"
    guards = [requires_role(OFFICERS)]

    @get("/{ceremony_id:int}")
    async def page(self, request: HTMXRequest, ceremony_id: int) -> Template:
        return await _page(request, ceremony_id)

    @post("/{ceremony_id:int}/zones/defaults", status_code=HTTP_303_SEE_OTHER)
    async def defaults(self, ceremony_id: int) -> Redirect:
        await found(passes.ceremony_heading(ceremony_id))
        await zones.add_default_zones(ceremony_id)
        return _back(ceremony_id)

    @post("/{ceremony_id:int}/zones", status_code=HTTP_303_SEE_OTHER)
    async def save_zone(self, request: HTMXRequest, ceremony_id: int) -> Response:
        await found(passes.ceremony_heading(ceremony_id))
        form = FormReader(await request.form())
        name = form.text("name", required=True, max_length=zones.ZONE_NAME_MAX)
        kind = form.choice("kind", ZoneKind)
        zone_id = whole(form.raw.get("zone", ""))
        if form.errors or kind is None:
            return await _page(request, ceremony_id, errors=form.errors, status_code=422)
        await found(zones.save_zone(ceremony_id, zone_id, name, kind))
        return _back(ceremony_id)

    @post("/{ceremony_id:int}/zones/{zone_id:int}/delete", status_code=HTTP_303_SEE_OTHER)
    async def delete_zone(self, ceremony_id: int, zone_id: int) -> Redirect:
        await found(zones.delete_zone(ceremony_id, zone_id))
        return _back(ceremony_id)

    @post("/{ceremony_id:int}/grants", status_code=HTTP_303_SEE_OTHER)
    async def grants(self, request: HTMXRequest, ceremony_id: int) -> Redirect:
        """Checkboxes named g-<category>-<zone>; a category left unticked opens nothing."""
        form = await request.form()
        chosen: dict[int, set[int]] = {c.id: set() for c in await zones.categories()}
        for key in form:
            _g, category, zone = (key.split("-") + ["", ""])[:3]
            if _g == "g" and whole(category) in chosen and whole(zone) is not None:
                chosen[whole(category)].add(whole(zone))  # type: ignore[index,arg-type]
        await zones.set_category_grants(ceremony_id, chosen)
        return _back(ceremony_id, "#grants")

    @post("/{ceremony_id:int}/extra", status_code=HTTP_303_SEE_OTHER)
    async def extra(self, request: HTMXRequest, ceremony_id: int) -> Redirect:
        form = await request.form()
        invitation, zone = whole(form.get("invitation", "")), whole(form.get("zone", ""))
        if invitation is not None and zone is not None:
            await found(zones.grant_by_hand(ceremony_id, invitation, zone, granted=form.get("granted") != "0"))
        return _back(ceremony_id, "#extra")

    @post("/{ceremony_id:int}/passes", status_code=HTTP_303_SEE_OTHER)
    async def create_pass(self, request: HTMXRequest, ceremony_id: int) -> Response:
        await found(passes.ceremony_heading(ceremony_id))
        raw = await request.form()
        form = FormReader(raw)
        number = form.text("number", required=True, max_length=passes.NUMBER_MAX)
        entered = passes.PassForm(
            number=number, driver=form.text("driver", max_length=200), holder=form.text("holder", max_length=300),
            zone_id=whole(raw.get("zone", "")), valid_from=form.local_date("valid_from") or clock.today(),
            valid_to=form.local_date("valid_to") or clock.today())
        errors = {**form.errors, **passes.check_form(entered, await passes.parking_zones(ceremony_id))}
        if errors:
            return await _page(request, ceremony_id, pass_form=dict(raw), errors=errors, status_code=422)
        await passes.create_pass(ceremony_id, entered)
        return _back(ceremony_id, "#passes")

    @post("/{ceremony_id:int}/passes/{pass_id:int}/revoke", status_code=HTTP_303_SEE_OTHER)
    async def revoke_pass(self, ceremony_id: int, pass_id: int) -> Redirect:
        await found(passes.revoke_pass(ceremony_id, pass_id))
        return _back(ceremony_id, "#passes")

    @get("/{ceremony_id:int}/passes.pdf")
    async def passes_pdf(self, ceremony_id: int) -> Response:
        content, filename = await found(passes.passes_pdf(ceremony_id))
        return file_response(content, filename)

    @get("/{ceremony_id:int}/passes/{pass_id:int}/card.pdf")
    async def pass_pdf(self, ceremony_id: int, pass_id: int) -> Response:
        content, filename = await found(passes.passes_pdf(ceremony_id, pass_id))
        return file_response(content, filename)

    @get("/{ceremony_id:int}/passes.xlsx")
    async def passes_xlsx(self, ceremony_id: int) -> Response:
        content, filename = await found(passes.passes_xlsx(ceremony_id))
        return file_response(content, filename, XLSX, inline=False)



class PassPageController(Controller):
    """What a phone that reads a windscreen pass's QR opens (a traffic officer's, say): the number, the days,
    the parking and whether it is valid today; nothing of the driver or whom the car serves."""

    path = "/v"
    before_request = _rate_limit

    @get("/{token:str}")
    async def page(self, request: HTMXRequest, token: str) -> Template:
        shown = await passes.by_token(token)
        ceremony = await passes.ceremony_heading(shown.ceremony_id) if shown else None
        template = render(request, "access/pass_page.html", "vehicle_pass", status_code=200 if shown else 404,
                          vehicle=shown, ceremony=ceremony, today=clock.today())
        template.headers.update(ratelimit.NO_STORE)
        return template
