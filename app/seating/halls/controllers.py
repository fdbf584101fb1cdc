"""The halls: the list, a new hall from a template, and one hall's page with the seat editor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.i18n import gettext as _
from app.core.numbers import wholes
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.seating.halls import scheme
from app.seating.halls import services as halls
from app.seating.kinds import HALL_KIND_LABELS, NUMBERING_LABELS, HallKind, NumberingKind
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]
NEW_HALL = {"name": "", "address": "", "kind": HallKind.ROWS, "rows": "20", "seats_per_row": "30",
            "aisles_after": "", "numbering": NumberingKind.ODD_EVEN, "cross_aisle_after": "", "presidium": "0",
            "tables": "20", "seats_per_table": "10", "shape": "round", "head_table_seats": ""}
SHOWS = ("attributes", "honour")


def _selected(form: dict) -> frozenset[int]:
    return frozenset(wholes(form.get("seats", "").split(",")))


class HallController(ItemFormsController):
    """The list of halls, a new hall's form, and one hall's page (the seat editor)."""

    path = "/halls"
    guards = [requires_role(PLAN_READERS)]
    form_guards = EDITORS
    template, block, item_name = "seating/hall_new.html", "hall_form", "hall_id"

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        return render(request, "seating/halls.html", "hall_list", halls=await halls.list_halls(),
                      can_edit=request.user.role in PLAN_EDITORS, kind_labels=HALL_KIND_LABELS,
                      import_values={}, import_errors={})

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return NEW_HALL

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await halls.new_hall(form)

    def kept(self, form: FormMultiDict) -> dict[str, Any]:
        return {**NEW_HALL, **super().kept(form)}

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"kind_labels": HALL_KIND_LABELS, "numbering_labels": NUMBERING_LABELS}

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/halls/{item_id}"

    edit = update = None  # a hall is changed on its own page, in the seat editor

    async def _page(self, request: HTMXRequest, hall_id: int, block: str = "hall_editor", *, show: str = "",
                    selected: frozenset[int] = frozenset(), status_code: int = 200, **extra) -> Template:
        view = await found(halls.hall_view(hall_id))
        show = show if show in SHOWS else SHOWS[0]
        decorate, legend = scheme.honour_zones(view.spec) if show == "honour" else (scheme.plain, [])
        context = {"hall": view, "kind_labels": HALL_KIND_LABELS, "show": show, "legend": legend, "selected": selected,
                   "drawing": scheme.build_scheme(view.spec, scheme.selecting(decorate, selected)),
                   "categories": await halls.category_names(), "can_edit": request.user.role in PLAN_EDITORS,
                   "tool_values": {}, "tool_errors": {}, "details": {"name": view.name, "address": view.address,
                                                                    "notes": view.notes},
                   "details_errors": {}, "message": "", "sectors_message": "", **extra}
        return render(request, "seating/hall.html", block, status_code=status_code, **context)

    @get("/{hall_id:int}")
    async def show(self, request: HTMXRequest, hall_id: int, show: str = "") -> Template:
        return await self._page(request, hall_id, show=show)

    @post("/{hall_id:int}/seats", guards=EDITORS, status_code=200)
    async def edit_seats(self, request: HTMXRequest, hall_id: int) -> Template:
        form = dict(await request.form())
        saved = await found(halls.edit_seats(hall_id, form))
        return await self._page(request, hall_id, show=form.get("show", ""), selected=_selected(form),
                                status_code=200 if saved.ok else 422, tool_values=form, tool_errors=saved.errors)

    @post("/{hall_id:int}/honour", guards=EDITORS, status_code=200)
    async def rederive(self, request: HTMXRequest, hall_id: int) -> Template:
        form = dict(await request.form())
        await found(halls.rederive_honour(hall_id, reset_manual=form.get("reset_manual") == "on"))
        return await self._page(request, hall_id, show=form.get("show", "honour"))

    @post("/{hall_id:int}/details", guards=EDITORS, status_code=200)
    async def details(self, request: HTMXRequest, hall_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(halls.rename_hall(hall_id, form))
        if not saved.ok:
            return await self._page(request, hall_id, "hall_details", status_code=422, details=form,
                                    details_errors=saved.errors)
        return go(request, f"/halls/{hall_id}")

    @post("/{hall_id:int}/sectors", guards=EDITORS, status_code=200)
    async def sectors(self, request: HTMXRequest, hall_id: int) -> Template:
        form = await request.form()
        sectors = [s for s in form.getall("sector", []) if s]
        await found(halls.set_sector_categories(hall_id, {s: form.getall(f"admit:{s}", []) for s in sectors}))
        return await self._page(request, hall_id, "hall_sectors", sectors_message=_("Допуск в секторы сохранён."))

    @post("/{hall_id:int}/copy", guards=EDITORS, status_code=200)
    async def copy(self, request: HTMXRequest, hall_id: int) -> Response:
        copied = await found(halls.copy_hall(hall_id))
        return go(request, f"/halls/{copied}")

    @post("/{hall_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, hall_id: int) -> Template | Response:
        try:
            await found(halls.delete_hall(hall_id))
        except halls.HallInUse as used:
            return await self._page(request, hall_id, "hall_head", status_code=422, message=_(
                "Зал нельзя удалить: по нему составлена рассадка ({ceremonies}). Удалите рассадку или выберите "
                "для неё другой зал; чтобы изменить зал для нового случая, сделайте копию.").format(
                ceremonies="; ".join(used.ceremonies)))
        return go(request, "/halls/")
