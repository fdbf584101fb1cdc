"""Hot paths on the database driver itself: the gate's scan and the signed-in account read on every request.

A gate scans hundreds of cards a minute, so a scan (one transaction of three short statements) and
the account lookup before it skip the query builder (building a select with joins costs more than
running it; Piccolo's SQLite engine also opens a connection and a thread per query) and, on SQLite,
reuse one connection per process:
- check-ins of one process queue on an asyncio lock and run on that connection, which takes the
  write lock at once (BEGIN IMMEDIATE); other processes wait on SQLite's busy timeout;
- the connection runs WAL with synchronous=NORMAL: a committed check-in survives a crash of the
  app, only a power cut may lose the last moments (the log line and the admission go together);
- on PostgreSQL a connection comes from a small pool of this module (per process and event loop;
  the app closes it on shutdown) and the transaction is READ COMMITTED: a second UPDATE of the
  same row waits for the first and then finds admitted_at set.
The admission is UPDATE … WHERE id = ? AND admitted_at IS NULL RETURNING id in both cases.
"""

from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiosqlite
import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

T = TypeVar("T")
Fetch = Callable[..., Awaitable[list[dict[str, Any]]]]

_SQLITE_STATE: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[asyncio.Lock, list]] = \
    weakref.WeakKeyDictionary()
_PG_POOLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task] = weakref.WeakKeyDictionary()
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


async def _sqlite_connection(engine: SQLiteEngine) -> tuple[asyncio.Lock, aiosqlite.Connection]:
    loop = asyncio.get_running_loop()
    state = _SQLITE_STATE.get(loop)
    if state is None:
        state = (asyncio.Lock(), [])
        _SQLITE_STATE[loop] = state
    lock, holder = state
    if not holder:
        connection = await aiosqlite.connect(**engine.connection_kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        await connection.execute("PRAGMA synchronous = NORMAL")
        holder.append(connection)
    return lock, holder[0]


async def in_transaction(engine: Engine, work: Callable[[Fetch], Awaitable[T]]) -> T:
    """Runs `work(fetch)` in one write transaction; fetch(sql, *args) gives the rows as dicts."""
    if isinstance(engine, SQLiteEngine):
        lock, connection = await _sqlite_connection(engine)
        async with lock:
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
    pool = await _pg_pool(engine)
    async with pool.acquire() as pg, pg.transaction():
        async def fetch_pg(sql: str, *args: Any) -> list[dict[str, Any]]:
            return [dict(r) for r in await pg.fetch(sql, *args)]

        return await work(fetch_pg)


async def fetch(engine: Engine, sql: str, *args: Any) -> list[dict[str, Any]]:
    """One read outside any transaction of the caller's, on the same connections as in_transaction."""
    if isinstance(engine, SQLiteEngine):
        lock, connection = await _sqlite_connection(engine)
        async with lock:  # the connection is shared: never read in the middle of another's transaction
            return list(await connection.execute_fetchall(sql, args))
    if not isinstance(engine, PostgresEngine):
        raise TypeError(f"unsupported engine {engine!r}")
    pool = await _pg_pool(engine)
    async with pool.acquire() as pg:
        return [dict(r) for r in await pg.fetch(sql, *args)]


async def _pg_pool(engine: PostgresEngine) -> asyncpg.Pool:
    loop = asyncio.get_running_loop()
    task = _PG_POOLS.get(loop)
    if task is None:  # one pool per loop, created once even when many scans arrive together
        # create_pool gives an awaitable Pool, not a coroutine: ensure_future accepts both
        task = asyncio.ensure_future(asyncpg.create_pool(**engine.config, min_size=1, max_size=PG_POOL_SIZE))
        _PG_POOLS[loop] = task
    return await task


async def close_all() -> None:
    """Closes this loop's connections (app shutdown, tests)."""
    loop = asyncio.get_running_loop()
    state = _SQLITE_STATE.pop(loop, None)
    if state and state[1]:
        await state[1][0].close()
    task = _PG_POOLS.pop(loop, None)
    if task is not None:
        await (await task).close()
