"""The ASGI scope of the request being served, for code below the web layer that must know who acts
(the audit log) without taking the request as a parameter. Set once per request by app.web.middleware;
the session's user is put into the same scope later by the authentication middleware, so it is read
when needed, not when set. Outside a request (the command line, a worker) there is none."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

_scope: ContextVar[dict[str, Any] | None] = ContextVar("request_scope", default=None)


def bind(scope: Any) -> None:
    _scope.set(scope)


def current_user() -> Any:
    """The signed-in user of the current request (the object the session auth put there), or None."""
    scope = _scope.get()
    return scope.get("user") if scope is not None else None
