"""The audit log's search page, for admins."""

from __future__ import annotations

from litestar import Controller, get
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.audit import services
from app.audit.kinds import KIND_LABELS
from app.core.roles import Role
from app.web.guards import requires_role
from app.web.render import render

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
