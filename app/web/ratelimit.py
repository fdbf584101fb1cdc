"""A fixed-window request counter shared by every app process on the host.

Pages behind a token (the guest's invitation) need no sign-in, so they are limited per client
address. The counters live in a small SQLite file of their own under var/ rather than in the main
database: they are throw-away (nothing is lost if the file goes), they need no migration, each hit is
one UPSERT on a local file (tens of microseconds, in a worker thread so the event loop never waits),
and every process behind the proxy on the same host sees the same counts. A deployment spread over
several hosts would move this table into PostgreSQL; one host is what the project runs on.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio.to_thread
from litestar import Request
from litestar.response import Template

from app.core.config import get_settings
from app.core.i18n import gettext as _

WINDOW_S = 60
_lock = threading.Lock()
_connection: sqlite3.Connection | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    hits: int
    retry_after: int  # seconds until the window turns


def _db() -> sqlite3.Connection:
    global _connection
    if _connection is None:
        path = get_settings().var_dir / "ratelimit.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")  # counters, not records: speed over durability
        connection.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, window INTEGER NOT NULL, "
                           "count INTEGER NOT NULL, PRIMARY KEY (key, window)) WITHOUT ROWID")
        _connection = connection
    return _connection


def _hit(key: str, limit: int, now: float) -> Decision:
    window = int(now // WINDOW_S)
    with _lock:
        db = _db()
        (count,) = db.execute(
            "INSERT INTO hits (key, window, count) VALUES (?, ?, 1) "
            "ON CONFLICT (key, window) DO UPDATE SET count = count + 1 RETURNING count", (key, window)).fetchone()
        if count == 1:  # the first hit of a new window for this key: forget old windows now and then
            db.execute("DELETE FROM hits WHERE window < ?", (window - 1,))
    return Decision(allowed=count <= limit, hits=count, retry_after=int(WINDOW_S - now % WINDOW_S) + 1)


async def hit(scope: str, client: str, limit: int) -> Decision:
    """Counts one request of `client` to `scope`; allowed while the count in this minute is ≤ limit."""
    return await anyio.to_thread.run_sync(_hit, f"{scope}:{client}", limit, time.time())


def reset() -> None:
    """Forget every count (tests)."""
    with _lock:
        _db().execute("DELETE FROM hits")


# Headers of the pages behind a token: never cached, never indexed, their address never sent on.
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def per_client(scope: str, limit: Callable[[], int], template: str, title: str, text: str
               ) -> Callable[[Request], Awaitable[Template | None]]:
    """A before_request handler: limit() requests per client address per minute to `scope`, then 429 with
    `template` (given title, text — marked with N_, translated per request — and status)."""
    async def before_request(request: Request) -> Template | None:
        client = request.client.host if request.client else "?"
        decision = await hit(scope, client, limit())
        if decision.allowed:
            return None
        settings = get_settings()
        return Template(template_name=template, status_code=429,
                        headers={"Retry-After": str(decision.retry_after), **NO_STORE},
                        context={"user": None, "city": settings.city, "organisation": settings.organisation,
                                 "title": _(title), "text": _(text), "status": 429})
    return before_request
