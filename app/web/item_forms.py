"""A controller for one kind of item edited on its own form page: new, create, edit, update, delete.

Subclasses name the template and its form block and say how to read, save and delete an item and
where to go back; each hook gets the path parameters of the controller's path (e.g. ceremony_id), and
whatever else a subclass reads of the request in `params` (a query parameter, the user).
A form that does not validate comes back (422) with the messages beside the fields, input kept.

The item's id is the path parameter `item_id` (`/{item_id:int}/edit`): a URL is the same whatever
the parameter's name, and a reading controller at the same path may name it otherwise (`event_id`).
The template gets it under `item_name`. A kind of item that cannot be deleted here sets `delete = None`.
A controller whose other pages are for readers names the guards of its form pages in `form_guards`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from litestar import Controller, Response, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import FormMultiDict
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.results import Saved
from app.web.render import found, go, render

Params = Mapping[str, Any]
Guard = Callable[[ASGIConnection, BaseRouteHandler], Awaitable[None]]


async def form_pages_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The guards the form pages' controller names, besides its own (e.g. editors, where readers see the item)."""
    controller = getattr(handler.fn, "__self__", None)  # the handler is a method bound to its controller
    if not isinstance(controller, ItemFormsController):
        raise PermissionDeniedException  # fail closed should Litestar ever stop binding handlers this way
    for guard in controller.form_guards:
        await guard(connection, handler)


class ItemFormsController(Controller):
    template = ""
    block = ""
    item_name = "item_id"  # the item's id in the template
    form_guards: list[Guard] = []

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        """The form's fields for a new item (None) or an existing one (NotFound if there is none)."""
        raise NotImplementedError

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        """Saves the form as posted (a field checked several times keeps all its values: getall)."""
        raise NotImplementedError

    async def remove(self, params: Params, item_id: int) -> str | None:
        """Deletes the item; returns where to go when it is not back(params, None)."""
        raise NotImplementedError

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        """What else the form page shows: the ceremony, the choices of its selects."""
        return {}

    async def back(self, params: Params, item_id: int | None) -> str:
        """Where to go once the item is saved (its id) or deleted (None); it may look the item up."""
        raise NotImplementedError

    async def created(self, params: Params, item_id: int) -> str:
        """Where to go once a new item is saved: back() unless the new item's page is elsewhere."""
        return await self.back(params, item_id)

    def kept(self, form: FormMultiDict) -> dict[str, Any]:
        """What the user typed, shown again beside the messages: one value a field unless a subclass
        keeps all the values of its checkboxes."""
        return dict(form)

    def params(self, request: HTMXRequest) -> Params:
        """What the hooks know of the request: the path parameters other than the item's id."""
        return {k: v for k, v in request.path_params.items() if k != "item_id"}

    async def _form(self, request: HTMXRequest, *, values: Mapping[str, Any], errors: Mapping[str, str],
                    item_id: int | None, status_code: int = 200) -> Template:
        context = await found(self.context(self.params(request), item_id))
        return render(request, self.template, self.block, status_code=status_code, values=values, errors=errors,
                      **{self.item_name: item_id}, **context)

    async def _save(self, request: HTMXRequest, item_id: int | None) -> Template | Response:
        form = await request.form()
        params = self.params(request)
        saved = await found(self.save(form, params, item_id))
        if not saved.ok:
            # What was typed, and every other field the form has empty (a post that lacks a field — forged,
            # truncated, or a checkbox left unticked — still gives the template each field it reads).
            fields = await found(self.values(params, item_id))
            values = {**{k: [] if isinstance(v, list) else "" for k, v in fields.items()}, **self.kept(form)}
            return await self._form(request, values=values, errors=saved.errors, item_id=item_id, status_code=422)
        if item_id is None:
            return go(request, await self.created(params, saved.id))
        return go(request, await self.back(params, item_id))

    async def _edit(self, request: HTMXRequest, item_id: int) -> Template:
        values = await found(self.values(self.params(request), item_id))
        return await self._form(request, values=values, errors={}, item_id=item_id)

    @get("/new", guards=[form_pages_guard])
    async def new(self, request: HTMXRequest) -> Template:
        values = await found(self.values(self.params(request), None))
        return await self._form(request, values=values, errors={}, item_id=None)

    @post("/", status_code=200, guards=[form_pages_guard])
    async def create(self, request: HTMXRequest) -> Template | Response:
        return await self._save(request, None)

    @get("/{item_id:int}/edit", guards=[form_pages_guard])
    async def edit(self, request: HTMXRequest, item_id: int) -> Template:
        return await self._edit(request, item_id)

    @post("/{item_id:int}", status_code=200, guards=[form_pages_guard])
    async def update(self, request: HTMXRequest, item_id: int) -> Template | Response:
        return await self._save(request, item_id)

    @post("/{item_id:int}/delete", status_code=200, guards=[form_pages_guard])
    async def delete(self, request: HTMXRequest, item_id: int) -> Response:
        params = self.params(request)
        elsewhere = await found(self.remove(params, item_id))
        return go(request, elsewhere or await self.back(params, None))
