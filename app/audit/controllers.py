"""The audit log's search page (admins), the trash (the protocol department; purge by admins) and the
confirmation that names what a delete takes with it."""

from __future__ import annotations

from collections.abc import Awaitable

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.audit import services, trash
from app.audit.kinds import KIND_LABELS
from app.core.roles import PLAN_EDITORS, Role
from app.web.guards import requires_role
from app.web.render import found, go, render

ADMINS = [requires_role([Role.ADMIN])]


def _page(text: str | None) -> int:
    try:
        return min(max(int(text or 1), 1), 10_000)
    except ValueError:
        return 1


class AuditController(Controller):
    path = "/audit"
    guards = ADMINS

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        params = dict(request.query_params)
        audit_filter = services.AuditFilter.from_params(params)
        page = _page(params.get("page"))
        entries = await services.search(audit_filter, page=page)
        return render(request, "audit/index.html", "entries", f=audit_filter, kinds=list(KIND_LABELS),
                      entries=entries[:services.PAGE_SIZE], more=len(entries) > services.PAGE_SIZE, page=page,
                      params={k: v for k, v in params.items() if k != "page"})


def _kind(kind: str) -> str:
    if kind not in trash.KINDS:
        raise NotFoundException
    return kind


class TrashController(Controller):
    path = "/trash"
    guards = [requires_role(PLAN_EDITORS)]

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        return await self._list(request)

    async def _list(self, request: HTMXRequest, message: str = "", status_code: int = 200) -> Template:
        return render(request, "audit/trash.html", "trash", status_code=status_code, items=await trash.items(),
                      message=message, days=trash.RESTORE_DAYS)

    @get("/confirm/{kind:str}/{item_id:int}")
    async def confirm(self, request: HTMXRequest, kind: str, item_id: int) -> Template:
        """What a delete takes with it, counted now, and the button that deletes."""
        consequences = await found(trash.consequences(_kind(kind), item_id))
        return render(request, "audit/confirm.html", "confirm", c=consequences)

    @post("/{kind:str}/{item_id:int}/restore", status_code=200)
    async def restore(self, request: HTMXRequest, kind: str, item_id: int) -> Template | Response:
        return await self._act(request, trash.restore(_kind(kind), item_id))

    @post("/{kind:str}/{item_id:int}/purge", status_code=200, guards=ADMINS)
    async def purge(self, request: HTMXRequest, kind: str, item_id: int) -> Template | Response:
        return await self._act(request, trash.purge(_kind(kind), item_id))

    async def _act(self, request: HTMXRequest, action: Awaitable[str | None]) -> Template | Response:
        """Restore goes to the item's page, purge back to the trash; a refusal is shown above the list."""
        try:
            where = await found(action)
        except trash.TrashRefused as refused:
            return await self._list(request, str(refused), status_code=409)
        return go(request, where or "/trash/")
