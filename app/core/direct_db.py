"""Hot paths on the database driver itself: the gate's scan and the signed-in account read on every request.

A gate scans hundreds of cards a minute, so a scan (two or three short statements) and
the account lookup before it skip the query builder (building a select with joins costs more than
running it; Piccolo's SQLite engine also opens a connection and a thread per query) and, on SQLite,
reuse connections of their own per process:
- reads (`fetch`: the account read and the ceremony's trash check of every request) run on a
  read-only connection of their own, on the event loop's thread itself: they are short reads by
  primary key (tens of microseconds), and in WAL mode a reader never waits for a writer, so a large
  import that holds the write lock slows no page down. Handing each to a thread of its own, as
  aiosqlite does, cost more than the read (a thread woken and the interpreter lock passed twice,
  about 0.1 ms on a loaded machine) — keep long reads off `fetch`;
- check-ins of one process queue on an asyncio lock and run on one write connection, which takes
  the write lock at once (BEGIN IMMEDIATE); a transaction runs whole on the event loop's thread when
  the database is free, or else on that connection's thread, which waits for it. A scan waits for
  the lock — behind the other scans of this process and behind another writer (an import, another
  process) — at most BUSY_WAIT_S in all, then gives up with DatabaseBusy (the gate is answered
  «повторите», 503 with Retry-After) instead of hanging on SQLite's busy timeout;
- the connections run WAL with synchronous=NORMAL: a committed check-in survives a crash of the
  app, only a power cut may lose the last moments (the log line and the admission go together);
- on PostgreSQL a connection comes from a small pool of this module (per process and event loop,
  opened by the app's start-up and closed on shutdown); statements run at READ COMMITTED, where a second
  UPDATE of the same row waits for the first and then finds admitted_at set.
The admission is UPDATE … WHERE id = ? AND admitted_at IS NULL RETURNING id in both cases.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, closing
from typing import Any, TypeVar

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

T = TypeVar("T")
Q = TypeVar("Q")
A = TypeVar("A")
# A transaction's statements: yields (sql, args), is sent the rows of each, returns the result.
Steps = Generator[tuple[str, tuple[Any, ...]], list[dict[str, Any]], T]

PG_POOL_SIZE = 10
READ_WAIT_S = 0.2  # a read on the event loop waits this long at most (WAL readers wait only for a recovery)
BUSY_WAIT_S = 1.5  # the longest a write on SQLite waits for the lock before DatabaseBusy
RETRY_AFTER_S = 1  # what the answer to a DatabaseBusy tells the client


class DatabaseBusy(RuntimeError):
    """Another writer held the database longer than BUSY_WAIT_S: nothing was written; try again."""


class _SqliteState:
    """One event loop's SQLite connections: one for writes behind a lock, one read-only one."""

    def __init__(self) -> None:
        self.write_lock = asyncio.Lock()
        self.write_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self.writer: _Writer | None = None  # opened on first use, used on write_thread only
        self.reader: sqlite3.Connection | None = None  # opened on first use, used on the loop's thread only


# Shared connections per event loop, only once the app has called open_shared().
_SQLITE_STATE: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _SqliteState] = weakref.WeakKeyDictionary()
_PG_POOLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task | None] = weakref.WeakKeyDictionary()


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
    leaves no thread behind (close_all ends the write connection's thread)."""
    loop = asyncio.get_running_loop()
    _SQLITE_STATE[loop] = _SqliteState()
    _PG_POOLS[loop] = None


class _Writer(sqlite3.Connection):
    busy_ms = 0  # the busy timeout set on the connection: 0 (fail at once) on the event loop's thread


def _sqlite_writer(engine: SQLiteEngine) -> _Writer:
    # no busy timeout to begin with: on the event loop's thread a write that would wait goes to the thread
    # instead (_begin sets one there; a write's whole wait is bounded in _sqlite_transaction)
    connection = sqlite3.connect(**{**engine.connection_kwargs, "timeout": 0}, check_same_thread=False,
                                 factory=_Writer)
    connection.row_factory = dict_factory
    connection.execute("PRAGMA foreign_keys = 1")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _sqlite_reader(engine: SQLiteEngine) -> sqlite3.Connection:
    connection = sqlite3.connect(**{**engine.connection_kwargs, "timeout": READ_WAIT_S})
    connection.row_factory = dict_factory
    connection.execute("PRAGMA query_only = 1")
    return connection


async def _sqlite_transaction(engine: SQLiteEngine, steps: Callable[[], Steps[T]]) -> T:
    """The whole transaction in one go on the write connection, begun within BUSY_WAIT_S or DatabaseBusy.

    When no other writer holds the database (the usual case at a gate) it runs right here on the event
    loop's thread: a scan's few statements take a fraction of a millisecond, less than handing them to a
    thread, whose wake-up and the interpreter lock passed back and forth made up the slowest scans. When
    another writer holds the lock (an import, another process), it waits on the write thread instead, so
    that the event loop never waits. A request cancelled meanwhile does not stop it: it commits or rolls
    back whole."""
    deadline = time.monotonic() + BUSY_WAIT_S
    loop = asyncio.get_running_loop()
    state = _SQLITE_STATE.get(loop)
    if state is None:
        def alone() -> T:
            with closing(_sqlite_writer(engine)) as connection:
                return _run_sqlite(connection, deadline, steps, wait=True)
        return await asyncio.to_thread(alone)
    if state.write_lock.locked():  # a transaction is waiting on the thread: queue behind it, for a while
        try:
            async with asyncio.timeout(BUSY_WAIT_S):
                await state.write_lock.acquire()
        except TimeoutError:
            raise DatabaseBusy("the gate's write connection stayed busy") from None
    else:
        await state.write_lock.acquire()  # free: taken at once, without suspending
    try:
        if state.writer is None:
            state.writer = _sqlite_writer(engine)
        try:
            return _run_sqlite(state.writer, deadline, steps, wait=False)
        except _Locked:
            return await loop.run_in_executor(state.write_thread, _run_sqlite, state.writer, deadline, steps, True)
    finally:
        state.write_lock.release()


class _Locked(Exception):
    """Another writer holds the database: nothing began."""


def _run_sqlite(connection: _Writer, deadline: float, steps: Callable[[], Steps[T]], wait: bool) -> T:
    _begin(connection, deadline, wait)
    try:
        result = _drive(steps(), lambda sql, args: connection.execute(sql, args).fetchall())
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return result


def _drive(steps: Steps[T], run: Callable[[str, tuple[Any, ...]], list[dict[str, Any]]]) -> T:
    """answered() without awaiting: the statements of a transaction, one after the other."""
    try:
        step = next(steps)
        while True:
            step = steps.send(run(*step))
    except StopIteration as done:
        return done.value


def _begin(connection: _Writer, deadline: float, wait: bool) -> None:
    """BEGIN IMMEDIATE: at once or _Locked (wait=False), or waiting for another writer until the deadline."""
    if wait:
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms < 50:
            raise DatabaseBusy("no time left to wait for the database")
        if abs(connection.busy_ms - left_ms) > 25:  # a statement less on the usual path
            connection.execute(f"PRAGMA busy_timeout = {left_ms}")
            connection.busy_ms = left_ms
    elif connection.busy_ms:
        connection.execute("PRAGMA busy_timeout = 0")
        connection.busy_ms = 0
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise (DatabaseBusy(str(error)) if wait else _Locked()) from error
        raise


async def _keep_session(_: asyncpg.Connection) -> None:
    """A connection going back to the pool: nothing to reset, the statements here leave no session state
    (no SET, LISTEN, advisory lock or cursor), and the pool itself rolls back a transaction left open.
    asyncpg's default reset (RESET ALL, UNLISTEN *, …) was one more round trip per use: three per scan."""


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
        task = asyncio.ensure_future(asyncpg.create_pool(**engine.config, min_size=1, max_size=PG_POOL_SIZE,
                                                         reset=_keep_session))
        _PG_POOLS[loop] = task
    async with (await task).acquire() as connection:
        yield connection


async def write_steps(engine: Engine, steps: Callable[[], Steps[T]], *, statements_whole: bool = False) -> T:
    """Runs writes written as a generator of statements: `steps()` yields (sql, args) and is sent each
    statement's rows as dicts; what it returns is the result. On SQLite the whole generator is one
    transaction (the write lock is taken for it anyway), run in one go (_sqlite_transaction). On PostgreSQL
    each statement is awaited, in one transaction — or, when the steps were written so that every statement
    is whole by itself (statements_whole: nothing between two of them must be undone with the other), each
    on its own, which saves the round trips of BEGIN and COMMIT."""
    if isinstance(engine, SQLiteEngine):
        return await _sqlite_transaction(engine, steps)
    if not isinstance(engine, PostgresEngine):
        raise TypeError(f"unsupported engine {engine!r}")
    async with _postgres(engine) as pg:
        async def rows(step: tuple[str, tuple[Any, ...]]) -> list[dict[str, Any]]:
            return [dict(r) for r in await pg.fetch(step[0], *step[1])]

        if statements_whole:
            return await answered(steps(), rows)
        async with pg.transaction():
            return await answered(steps(), rows)


async def answered(requests: Generator[Q, A, T], answer: Callable[[Q], Awaitable[A]]) -> T:
    """Runs a generator of requests — statements, or a decision's needs — awaiting the answer to each."""
    sent: A | None = None
    while True:
        try:
            request = requests.send(sent)  # type: ignore[arg-type]  # the first send is None, as it must be
        except StopIteration as done:
            return done.value
        sent = await answer(request)


async def fetch(engine: Engine, sql: str, *args: Any) -> list[dict[str, Any]]:
    """One read outside any transaction of the caller's: on SQLite on a read-only connection, which
    never waits for a writer; on PostgreSQL from the same pool as write_steps."""
    if isinstance(engine, SQLiteEngine):
        state = _SQLITE_STATE.get(asyncio.get_running_loop())
        if state is None:
            with closing(_sqlite_reader(engine)) as connection:
                return connection.execute(sql, args).fetchall()
        if state.reader is None:
            state.reader = _sqlite_reader(engine)
        return state.reader.execute(sql, args).fetchall()
    if not isinstance(engine, PostgresEngine):
        raise TypeError(f"unsupported engine {engine!r}")
    async with _postgres(engine) as pg:
        return [dict(r) for r in await pg.fetch(sql, *args)]


async def close_all() -> None:
    """Closes this loop's connections (app shutdown, tests)."""
    loop = asyncio.get_running_loop()
    state = _SQLITE_STATE.pop(loop, None)
    if state is not None:
        if state.writer is not None:
            await loop.run_in_executor(state.write_thread, state.writer.close)
        state.write_thread.shutdown()
        if state.reader is not None:
            state.reader.close()
    task = _PG_POOLS.pop(loop, None)
    if task is not None:
        await (await task).close()
