"""A ceremony's quota table (разнарядка): the places, the method, the organisations and the allocation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.numbers import whole
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS, Role
from app.events.services import get_ceremony
from app.quotas import services, shares
from app.quotas.texts import BOUND_NAMES, METHOD_NAMES, TIE_RULE, fmt_quota
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render
from solver.apportionment import Method

EDITORS = [requires_role(PLAN_EDITORS)]
REVIEWERS = frozenset({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})  # who sees the names sent (personal data)
TEMPLATE_CONTEXT = {"METHOD_NAMES": METHOD_NAMES, "BOUND_NAMES": BOUND_NAMES, "TIE_RULE": TIE_RULE,
                    "fmt_quota": fmt_quota, "methods": list(Method)}


def _url(ceremony_id: int) -> str:
    return f"/ceremonies/{ceremony_id}/quotas"


async def _page(request: HTMXRequest, ceremony_id: int, *, status_code: int = 200,
                errors: Mapping[str, str] | None = None, typed: Mapping[str, str] | None = None) -> Template:
    quotas = await found(services.quota_view(ceremony_id))
    can_edit = request.user.role in PLAN_EDITORS
    sources = await services.copy_sources(ceremony_id) if can_edit and not quotas.organisations else []
    setup = typed or {"capacity": str(quotas.capacity), "minus_invited": "on" if quotas.minus_invited else "",
                      "method": quotas.method.value,
                      "deadline": quotas.deadline.isoformat() if quotas.deadline else ""}
    return render(request, "quotas/quotas.html", "quotas", status_code=status_code, quotas=quotas,
                  ceremony=quotas.ceremony, setup=setup, errors=errors or {}, can_edit=can_edit,
                  can_review=request.user.role in REVIEWERS,
                  copy_sources=sources, **TEMPLATE_CONTEXT)


class QuotaController(Controller):
    path = "/ceremonies/{ceremony_id:int}/quotas"
    guards = [requires_role(PLAN_READERS)]

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int) -> Template:
        return await _page(request, ceremony_id)

    @post("/setup", guards=EDITORS, status_code=200)
    async def setup(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        form = await request.form()
        saved = await found(services.save_setup(ceremony_id, form))
        if not saved.ok:
            return await _page(request, ceremony_id, status_code=422, errors=saved.errors, typed=dict(form))
        return await _page(request, ceremony_id) if request.htmx else go(request, _url(ceremony_id))

    @post("/copy", guards=EDITORS, status_code=200)
    async def copy(self, request: HTMXRequest, ceremony_id: int) -> Response:
        source = (await request.form()).get("source", "")
        await found(services.copy_table(whole(source) or 0, ceremony_id))
        return go(request, _url(ceremony_id))


class QuotaOrganisationController(ItemFormsController):
    path = "/ceremonies/{ceremony_id:int}/quotas/organisations"
    template, block = "quotas/organisation_form.html", "organisation_form"
    guards = EDITORS

    async def values(self, params: Params, item_id: int | None) -> dict[str, str]:
        if item_id is None:
            return {"name": "", "weight": "", "minimum": "0", "maximum": "", "fixed": "", "liaison": "", "phone": "",
                    "category": "", "wanted": ""}
        o = await services.get_organisation(params["ceremony_id"], item_id)
        return {"name": o.name, "weight": fmt_quota(o.weight), "minimum": str(o.minimum),
                "maximum": "" if o.maximum is None else str(o.maximum),
                "fixed": "" if o.fixed is None else str(o.fixed), "liaison": o.liaison, "phone": o.phone,
                "category": "" if o.category_id is None else str(o.category_id), "wanted": o.wanted}

    async def save(self, form: Mapping[str, str], params: Params, item_id: int | None) -> Saved:
        return await services.save_organisation(form, ceremony_id=params["ceremony_id"], organisation_id=item_id)

    async def remove(self, params: Params, item_id: int) -> None:
        await services.delete_organisation(params["ceremony_id"], item_id)

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"ceremony": await get_ceremony(params["ceremony_id"]), "directory": await services.directory_names(),
                "categories": await services.categories()}

    async def back(self, params: Params, item_id: int | None) -> str:
        return _url(params["ceremony_id"])


async def _shares_page(request: HTMXRequest, ceremony_id: int, organisation_id: int, *, status_code: int = 200,
                       errors: Mapping[str, str] | None = None, typed: Mapping[str, str] | None = None) -> Template:
    organisation = await found(services.get_organisation(ceremony_id, organisation_id))
    places = (await services.quotas_by_name(ceremony_id)).get(organisation.name)
    listed = (await shares.shares_of([organisation_id]))[organisation_id]
    return render(request, "quotas/shares.html", "shares", status_code=status_code,
                  ceremony=await get_ceremony(ceremony_id), party=organisation, places=places,
                  shares=listed, divided=shares.split(places or 0, listed), categories=await services.categories(),
                  errors=errors or {}, typed=typed or {"share_weight": "1", "share_minimum": "0"}, fmt_quota=fmt_quota)


class QuotaShareController(Controller):
    """An organisation's places split by guest category."""

    path = "/ceremonies/{ceremony_id:int}/quotas/organisations/{organisation_id:int}/shares"
    guards = EDITORS

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int, organisation_id: int) -> Template:
        return await _shares_page(request, ceremony_id, organisation_id)

    @post("/", status_code=200)
    async def add(self, request: HTMXRequest, ceremony_id: int, organisation_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(shares.save_share(ceremony_id, organisation_id, form))
        if not saved.ok:
            return await _shares_page(request, ceremony_id, organisation_id, status_code=422, errors=saved.errors,
                                      typed=form)
        return go(request, f"/ceremonies/{ceremony_id}/quotas/organisations/{organisation_id}/shares/")

    @post("/{share_id:int}/delete", status_code=200)
    async def delete(self, request: HTMXRequest, ceremony_id: int, organisation_id: int, share_id: int) -> Response:
        await found(shares.delete_share(ceremony_id, organisation_id, share_id))
        return go(request, f"/ceremonies/{ceremony_id}/quotas/organisations/{organisation_id}/shares/")
