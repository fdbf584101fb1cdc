"""A controller for one kind of item edited on its own form page: new, create, edit, update, delete.

Subclasses name the template and its form block and say how to read, save and delete an item and
where to go back; each hook gets the path parameters of the controller's path (e.g. ceremony_id).
A form that does not validate comes back (422) with the messages beside the fields, input kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.results import Saved
from app.web.render import found, go, render

Params = Mapping[str, Any]


class ItemFormsController(Controller):
    template = ""
    block = ""

    async def values(self, params: Params, item_id: int | None) -> dict[str, str]:
        """The form's fields for a new item (None) or an existing one (NotFound if there is none)."""
        raise NotImplementedError

    async def save(self, form: Mapping[str, str], params: Params, item_id: int | None) -> Saved:
        raise NotImplementedError

    async def remove(self, params: Params, item_id: int) -> None:
        raise NotImplementedError

    async def context(self, params: Params) -> dict[str, Any]:
        """What else the form page shows: the ceremony, the choices of its selects."""
        return {}

    def back(self, params: Params) -> str:
        """Where to go once the item is saved or deleted."""
        raise NotImplementedError

    @staticmethod
    def _params(request: HTMXRequest) -> Params:
        return {k: v for k, v in request.path_params.items() if k != "item_id"}

    async def _form(self, request: HTMXRequest, *, values: Mapping[str, str], errors: Mapping[str, str],
                    item_id: int | None, status_code: int = 200) -> Template:
        context = await found(self.context(self._params(request)))
        return render(request, self.template, self.block, status_code=status_code, values=values, errors=errors,
                      item_id=item_id, **context)

    async def _save(self, request: HTMXRequest, item_id: int | None) -> Template | Response:
        form = dict(await request.form())
        params = self._params(request)
        saved = await found(self.save(form, params, item_id))
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, item_id=item_id, status_code=422)
        return go(request, self.back(params))

    @get("/new")
    async def new(self, request: HTMXRequest) -> Template:
        values = await found(self.values(self._params(request), None))
        return await self._form(request, values=values, errors={}, item_id=None)

    @post("/", status_code=200)
    async def create(self, request: HTMXRequest) -> Template | Response:
        return await self._save(request, None)

    @get("/{item_id:int}/edit")
    async def edit(self, request: HTMXRequest, item_id: int) -> Template:
        values = await found(self.values(self._params(request), item_id))
        return await self._form(request, values=values, errors={}, item_id=item_id)

    @post("/{item_id:int}", status_code=200)
    async def update(self, request: HTMXRequest, item_id: int) -> Template | Response:
        return await self._save(request, item_id)

    @post("/{item_id:int}/delete", status_code=200)
    async def delete(self, request: HTMXRequest, item_id: int) -> Response:
        params = self._params(request)
        await found(self.remove(params, item_id))
        return go(request, self.back(params))
