"""The signed session cookie, written again only when the session changed.

Litestar's cookie backend encrypts the session and sets the cookie on every answer. A gate scanning
hundreds of cards a minute changes nothing in its session between the idle clock's steps (app.asgi's
SEEN_STEP_S), so re-encrypting it each time was a twentieth of a scan's work. The cookie's lifetime
still moves on: a session in use changes its «seen» at least once a minute, and that answer sets the
cookie with a new expiry.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Message, ScopeSession

_LOADED = "ceremonia.session_loaded"  # the scope key: the session as it came in, serialized


class _ChangedOnlyBackend(ClientSideSessionBackend):
    async def load_from_connection(self, connection: ASGIConnection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        if data:
            connection.scope[_LOADED] = self.serialize_data(data)  # type: ignore[literal-required]
        return data

    async def store_in_message(self, scope_session: ScopeSession, message: Message,
                               connection: ASGIConnection) -> None:
        loaded = connection.scope.get(_LOADED)
        if loaded is not None and scope_session and self.serialize_data(scope_session) == loaded:
            return  # the browser's cookie already says this
        await super().store_in_message(scope_session, message, connection)


class SessionCookieConfig(CookieBackendConfig):
    """CookieBackendConfig whose cookie is set only when the session changed."""

    _backend_class = _ChangedOnlyBackend
