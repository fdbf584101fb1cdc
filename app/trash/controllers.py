"""The trash (the protocol department; purge by admins) and the confirmation that names what a delete takes with it."""

from __future__ import annotations

from collections.abc import Awaitable

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.roles import PLAN_EDITORS, Role
from app.trash import services
from app.web.guards import requires_role
from app.web.render import found, go, render

ADMINS = [requires_role([Role.ADMIN])]


def _kind(kind: str) -> str:
    if kind not in services.KINDS:
        raise NotFoundException
    return kind


class TrashController(Controller):
    path = "/trash"
    guards = [requires_role(PLAN_EDITORS)]

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        return await self._list(request)

    async def _list(self, request: HTMXRequest, message: str = "", status_code: int = 200) -> Template:
        return render(request, "trash/trash.html", "trash", status_code=status_code, items=await services.items(),
                      message=message, days=services.RESTORE_DAYS)

    @get("/confirm/{kind:str}/{item_id:int}")
    async def confirm(self, request: HTMXRequest, kind: str, item_id: int) -> Template:
        """What a delete takes with it, counted now, and the button that deletes."""
        consequences = await found(services.consequences(_kind(kind), item_id))
        return render(request, "trash/confirm.html", "confirm", c=consequences)

    @post("/{kind:str}/{item_id:int}/restore", status_code=200)
    async def restore(self, request: HTMXRequest, kind: str, item_id: int) -> Template | Response:
        return await self._act(request, services.restore(_kind(kind), item_id))

    @post("/{kind:str}/{item_id:int}/purge", status_code=200, guards=ADMINS)
    async def purge(self, request: HTMXRequest, kind: str, item_id: int) -> Template | Response:
        return await self._act(request, services.purge(_kind(kind), item_id))

    async def _act(self, request: HTMXRequest, action: Awaitable[str | None]) -> Template | Response:
        """Restore goes to the item's page, purge back to the trash; a refusal is shown above the list."""
        try:
            where = await found(action)
        except services.TrashRefused as refused:
            return await self._list(request, str(refused), status_code=409)
        return go(request, where or "/trash/")
