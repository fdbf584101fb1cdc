"""Per-request context: the interface language, and one structured log line per request."""

from __future__ import annotations

import json
import logging
import time
from http.cookies import SimpleCookie

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import get_settings
from app.core.i18n import set_locale
from app.core.request_scope import bind as bind_scope

log = logging.getLogger("ceremonia.request")

LANG_COOKIE = "lang"


def _cookie(scope: Scope, name: str) -> str | None:
    marker = f"{name}=".encode()
    for key, value in scope.get("headers", []):
        if key == b"cookie" and marker in value:  # parsed only when it may be there: a gate's scans carry none
            morsel = SimpleCookie(value.decode("latin-1")).get(name)
            if morsel:
                return morsel.value
    return None


def request_context(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        set_locale(_cookie(scope, LANG_COOKIE) or get_settings().locale)
        bind_scope(scope)  # who acts, for the audit log (the session's user lands in this scope)
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            user = scope.get("user")
            log.info(json.dumps({
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user": getattr(user, "username", None),
                "client": (scope.get("client") or ("", 0))[0],
            }, ensure_ascii=False))
    return middleware
