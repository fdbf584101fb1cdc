"""The database engine named by DATABASE_URL: an embedded SQLite file or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from app.core.config import ConfigError, Settings

# Concurrent writers on SQLite wait this long for the lock instead of failing at once.
SQLITE_BUSY_TIMEOUT_S = 10
T = TypeVar("T")


def engine_for(settings: Settings) -> Engine:
    url = settings.database_url
    if settings.is_postgres:
        return PostgresEngine(config={"dsn": url})
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        return SQLiteEngine(path=path, timeout=SQLITE_BUSY_TIMEOUT_S)
    scheme = urlparse(url).scheme or url
    raise ConfigError(f"DATABASE_URL: неизвестная СУБД «{scheme}»; ожидается sqlite:///путь или postgresql://…")


async def check_connection(engine: Engine) -> None:
    """Fail with one clear line when the database cannot be reached."""
    try:
        await engine.run_ddl("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any driver error means the same to the operator
        raise ConfigError(f"База данных недоступна: {error}") from error


async def prepare_sqlite(engine: Engine) -> None:
    """WAL lets readers go on while a check-in writes; the mode is stored in the file itself."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")


CHUNK = 500  # rows per INSERT, ids per IN (…): well inside both engines' limits on bound parameters


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`items` in slices of `size`: one statement each."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def write_transaction(engine: Engine):
    """A transaction that takes the write lock at once on SQLite, so concurrent writers queue."""
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()
