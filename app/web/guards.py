"""Route guards: who may enter a controller or a handler."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from app.core.roles import Role
from app.web.render import current_user


def requires_role(roles: Iterable[Role]) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    allowed = frozenset(roles)

    # async: Litestar runs a synchronous guard on a worker thread, a thread hop on every request
    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None or user.role not in allowed:
            raise PermissionDeniedException
    return guard
