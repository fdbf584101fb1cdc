"""The scenario page of a ceremony, its prints, and the library of historical notes.

Every change to a scenario answers an HTMX request with the whole scenario block, since one new
duration moves the times of every item after it; a plain form post is redirected back to the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.events.kinds import EventKind
from app.scenario import history, prints, services
from app.web.files import DOCX, file_response
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]
PICKS = 8  # notes offered at once beside the host's words


def _page_url(ceremony_id: int) -> str:
    return f"/ceremonies/{ceremony_id}/scenario/"



class ScenarioController(Controller):
    path = "/ceremonies/{ceremony_id:int}/scenario"
    guards = [requires_role(PLAN_READERS)]

    async def _page(self, request: HTMXRequest, ceremony_id: int, *, form: services.ItemForm | None = None,
                    message: str = "", status_code: int = 200, view: services.ScenarioView | None = None) -> Template:
        if view is None:
            view = await found(services.scenario(ceremony_id))
        can_edit = request.user.role in PLAN_EDITORS
        picks = await history.search(kind=view.event_kind, limit=PICKS) if form else []
        sources = await services.copy_sources(view.ceremony) if can_edit and not view.items else []
        return render(request, "scenario/scenario.html", "scenario", status_code=status_code, view=view,
                      ceremony=view.ceremony, can_edit=can_edit, form=form, message=message, picks=picks,
                      sources=sources, kinds=list(EventKind))

    async def _changed(self, request: HTMXRequest, ceremony_id: int, message: str = "") -> Template | Response:
        if request.htmx:
            return await self._page(request, ceremony_id, message=message)
        return Redirect(path=_page_url(ceremony_id), status_code=HTTP_303_SEE_OTHER)

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int, edit: int | None = None,
                   new: str = "") -> Template:
        """The scenario; `edit` opens an item's form in its place, `new` a new item's form after the item
        it names (or at the end: new=end)."""
        view = await found(services.scenario(ceremony_id))
        item = next((i for i in view.items if i.id == edit), None)
        form = None
        if request.user.role in PLAN_EDITORS and (item or new):
            form = services.ItemForm(item=item.id if item else None, after=whole(new),
                                     values=services.item_values(item), errors={})
        return await self._page(request, ceremony_id, form=form, view=view)

    @post("/items", guards=EDITORS, status_code=200)
    async def create(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        raw = await request.form()
        after = whole(raw.get("after", ""))
        saved = await found(services.save_item(ceremony_id, raw, after=after))
        if not saved.ok:
            form = services.ItemForm(item=None, after=after, values=raw, errors=saved.errors)
            return await self._page(request, ceremony_id, form=form, status_code=422)
        return await self._changed(request, ceremony_id)

    @post("/items/{item_id:int}", guards=EDITORS, status_code=200)
    async def update(self, request: HTMXRequest, ceremony_id: int, item_id: int) -> Template | Response:
        raw = await request.form()
        saved = await found(services.save_item(ceremony_id, raw, item_id=item_id))
        if not saved.ok:
            form = services.ItemForm(item=item_id, after=None, values=raw, errors=saved.errors)
            return await self._page(request, ceremony_id, form=form, status_code=422)
        return await self._changed(request, ceremony_id)

    @post("/items/{item_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, ceremony_id: int, item_id: int) -> Template | Response:
        await found(services.delete_item(ceremony_id, item_id))
        return await self._changed(request, ceremony_id)

    @post("/items/{item_id:int}/move", guards=EDITORS, status_code=200)
    async def move(self, request: HTMXRequest, ceremony_id: int, item_id: int) -> Template | Response:
        step = -1 if (await request.form()).get("direction") == "up" else 1
        await found(services.move_item(ceremony_id, item_id, step))
        return await self._changed(request, ceremony_id)

    @post("/order", guards=EDITORS, status_code=200)
    async def order(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        """The order after a drag and drop: all the item ids, comma-separated."""
        order = services.parse_order((await request.form()).get("order", ""))
        if not await found(services.reorder(ceremony_id, order)):
            return await self._changed(request, ceremony_id, message=_(
                "Пока вы переносили пункт, сценарий изменился. Вот он, как есть сейчас: повторите перенос."))
        return await self._changed(request, ceremony_id)

    @post("/copy", guards=EDITORS, status_code=200)
    async def copy(self, request: HTMXRequest, ceremony_id: int) -> Response:
        source = (await request.form()).get("source", "")
        await found(services.copy_from(whole(source) or 0, ceremony_id))
        return go(request, _page_url(ceremony_id))

    @get("/scenario.pdf")
    async def pdf(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.scenario_pdf(ceremony_id)), f"scenario-{ceremony_id}.pdf")

    @get("/scenario.docx")
    async def docx(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.scenario_docx(ceremony_id)), f"scenario-{ceremony_id}.docx", DOCX)


class HistoryController(ItemFormsController):
    """The library of historical notes, and the picker that inserts a note into the host's words."""

    path = "/history"
    guards = [requires_role(PLAN_READERS)]
    form_guards = EDITORS
    template, block, item_name = "scenario/note_form.html", "note_form", "note_id"

    @get("/")
    async def index(self, request: HTMXRequest, q: str = "", kind: str = "") -> Template:
        chosen = history.kind_of(kind)
        return render(request, "scenario/history.html", "notes", notes=await history.search(q, chosen), q=q,
                      kind=chosen.value if chosen else "", kinds=list(EventKind),
                      can_edit=request.user.role in PLAN_EDITORS)

    @get("/pick", guards=EDITORS)
    async def pick(self, request: HTMXRequest, q: str = "", kind: str = "") -> Template:
        return render(request, "scenario/note_picks.html", "note_picks",
                      picks=await history.search(q, history.kind_of(kind), limit=PICKS))

    @post("/{note_id:int}/insert", guards=EDITORS, status_code=200)
    async def insert(self, request: HTMXRequest, note_id: int) -> Template:
        """The host's words textarea again, with the note's text added at the end."""
        note = await found(history.get_note(note_id))
        words = (await request.form()).get("host_words", "")
        return render(request, "scenario/host_words.html", "host_words", value=history.with_note(words, note),
                      errors={})

    def params(self, request: HTMXRequest) -> Params:
        return {**super().params(request), "kind": request.query_params.get("kind", "")}

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        if item_id is None:
            return history.note_values(None, history.kind_of(params["kind"]))
        return history.note_values(await history.get_note(item_id))

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await history.save_note(form, item_id)

    async def remove(self, params: Params, item_id: int) -> str | None:
        await history.delete_note(item_id)
        return None

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"kinds": list(EventKind)}

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/history/#note-{item_id}" if item_id else "/history/"
