"""Hot paths on the database driver itself: the gate's scan and the signed-in account read on every request.

A gate scans hundreds of cards a minute, so a scan (one transaction of three short statements) and
the account lookup before it skip the query builder (building a select with joins costs more than
running it; Piccolo's SQLite engine also opens a connection and a thread per query) and, on SQLite,
reuse one connection per process:
- check-ins of one process queue on an asyncio lock and run on that connection, which takes the
  write lock at once (BEGIN IMMEDIATE); other processes wait on SQLite's busy timeout;
- the connection runs WAL with synchronous=NORMAL: a committed check-in survives a crash of the
  app, only a power cut may lose the last moments (the log line and the admission go together);
- on PostgreSQL a connection comes from a small pool of this module (per process and event loop,
  opened by the app's start-up and closed on shutdown) and the transaction is READ COMMITTED: a second UPDATE of the
  same row waits for the first and then finds admitted_at set.
The admission is UPDATE … WHERE id = ? AND admitted_at IS NULL RETURNING id in both cases.
"""

from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aiosqlite
import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

T = TypeVar("T")
Fetch = Callable[..., Awaitable[list[dict[str, Any]]]]

# Shared connections per event loop, only once the app has called open_shared().
_SQLITE_STATE: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[asyncio.Lock, list]] = \
    weakref.WeakKeyDictionary()
_PG_POOLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task | None] = weakref.WeakKeyDictionary()
PG_POOL_SIZE = 10


def _dialect(sql: str, engine: Engine) -> str:
    """Queries are written with {} for each argument: ? for SQLite, $1, $2 … for PostgreSQL."""
    if isinstance(engine, PostgresEngine):
        counter = iter(range(1, 1000))
        return re.sub(r"\{\}", lambda _: f"${next(counter)}", sql)
    return sql.replace("{}", "?")


class Statements:
    """The SQL of one use, compiled once per engine."""

    def __init__(self, **queries: str) -> None:
        self._queries = queries
        self._compiled: dict[tuple[int, str], str] = {}

    def get(self, engine: Engine, name: str) -> str:
        key = (id(engine), name)
        if key not in self._compiled:
            self._compiled[key] = _dialect(self._queries[name], engine)
        return self._compiled[key]


async def open_shared() -> None:
    """The app's start-up: from here on, this event loop's calls share one SQLite connection (or a pool of
    PostgreSQL ones). Without it — a script, a command — each call opens and closes its own connection and
    leaves no thread behind (aiosqlite runs each connection on a thread the interpreter waits for)."""
    loop = asyncio.get_running_loop()
    _SQLITE_STATE[loop] = (asyncio.Lock(), [])
    _PG_POOLS[loop] = None


async def _sqlite_connect(engine: SQLiteEngine) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(**engine.connection_kwargs)
    connection.row_factory = dict_factory  # type: ignore[assignment]
    await connection.execute("PRAGMA foreign_keys = 1")
    await connection.execute("PRAGMA synchronous = NORMAL")
    return connection


@asynccontextmanager
async def _sqlite(engine: SQLiteEngine) -> AsyncIterator[aiosqlite.Connection]:
    state = _SQLITE_STATE.get(asyncio.get_running_loop())
    if state is None:
        connection = await _sqlite_connect(engine)
        try:
            yield connection
        finally:
            await connection.close()
        return
    lock, holder = state
    async with lock:  # one connection: a read never runs in the middle of another's transaction
        if not holder:
            holder.append(await _sqlite_connect(engine))
        yield holder[0]


@asynccontextmanager
async def _postgres(engine: PostgresEngine) -> AsyncIterator[asyncpg.Connection]:
    loop = asyncio.get_running_loop()
    if loop not in _PG_POOLS:
        connection = await asyncpg.connect(**engine.config)
        try:
            yield connection
        finally:
            await connection.close()
        return
    task = _PG_POOLS[loop]
    if task is None:  # created once even when many scans arrive together
        # create_pool gives an awaitable Pool, not a coroutine: ensure_future accepts both
        task = asyncio.ensure_future(asyncpg.create_pool(**engine.config, min_size=1, max_size=PG_POOL_SIZE))
        _PG_POOLS[loop] = task
    async with (await task).acquire() as connection:
        yield connection


async def in_transaction(engine: Engine, work: Callable[[Fetch], Awaitable[T]]) -> T:
    """Runs `work(fetch)` in one write transaction; fetch(sql, *args) gives the rows as dicts."""
    if isinstance(engine, SQLiteEngine):
        async with _sqlite(engine) as connection:
            async def fetch_sqlite(sql: str, *args: Any) -> list[dict[str, Any]]:
                return list(await connection.execute_fetchall(sql, args))

            await connection.execute("BEGIN IMMEDIATE")
            try:
                result = await work(fetch_sqlite)
            except BaseException:
                await asyncio.shield(connection.execute("ROLLBACK"))  # also when the request is cancelled
                raise
            await connection.execute("COMMIT")
            return result
    if not isinstance(engine, PostgresEngine):
        raise TypeError(f"unsupported engine {engine!r}")
    async with _postgres(engine) as pg, pg.transaction():
        async def fetch_pg(sql: str, *args: Any) -> list[dict[str, Any]]:
            return [dict(r) for r in await pg.fetch(sql, *args)]

        return await work(fetch_pg)


async def fetch(engine: Engine, sql: str, *args: Any) -> list[dict[str, Any]]:
    """One read outside any transaction of the caller's, on the same connections as in_transaction."""
    if isinstance(engine, SQLiteEngine):
        async with _sqlite(engine) as connection:
            return list(await connection.execute_fetchall(sql, args))
    if not isinstance(engine, PostgresEngine):
        raise TypeError(f"unsupported engine {engine!r}")
    async with _postgres(engine) as pg:
        return [dict(r) for r in await pg.fetch(sql, *args)]


async def close_all() -> None:
    """Closes this loop's connections (app shutdown, tests)."""
    loop = asyncio.get_running_loop()
    state = _SQLITE_STATE.pop(loop, None)
    if state and state[1]:
        await state[1][0].close()
    task = _PG_POOLS.pop(loop, None)
    if task is not None:
        await (await task).close()
