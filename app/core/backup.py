"""Backup and restore of the whole database, on either engine.

SQLite: the online backup API (`sqlite3.Connection.backup`), a consistent copy while the app keeps running.
PostgreSQL: `pg_dump --format=custom` and `pg_restore`; the client must be the server's major version.
A restore goes only into an empty database (no tables), and afterwards the row count of every table is
compared with the backup's own: a restore that lost rows says so instead of passing quietly.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import asyncpg

from app.core.config import ConfigError

# `pg_restore -f - --data-only` writes each table's rows as a COPY block, one line a row.
_COPY = re.compile(r'^COPY (?:"?(\w+)"?\.)?"?(\w+)"? \(.*\) FROM stdin;$')


class BackupError(ConfigError):
    """Backup or restore cannot go on; the message is one line for the operator."""


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise BackupError(f"DATABASE_URL: неизвестная СУБД в «{url.split(':', 1)[0]}»")
    return Path(url.removeprefix("sqlite:///"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Не найдена программа {name}: установите пакет postgresql-client (make system-deps).")
    return path


def _run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} завершился с ошибкой: {done.stderr.strip()[-2000:]}")
    return done.stdout


# Row counts -------------------------------------------------------------------------------------------

def _sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


async def _postgres_counts(url: str) -> dict[str, int]:
    connection = await asyncpg.connect(url)
    try:
        names = [row["table_name"] for row in await connection.fetch(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")]
        return {name: await connection.fetchval(f'SELECT count(*) FROM public."{name}"') for name in names}
    finally:
        await connection.close()


def _dump_counts(file: Path) -> dict[str, int]:
    """The rows of every table in a custom-format dump, read from the dump itself."""
    script = _run([_tool("pg_restore"), "--data-only", "--file=-", str(file)])
    counts: Counter[str] = Counter()
    table = None
    for line in script.splitlines():
        if table is None:
            match = _COPY.match(line)
            if match:
                table = match.group(2)
                counts[table] += 0
        elif line == "\\.":
            table = None
        else:
            counts[table] += 1
    return dict(counts)


async def table_counts(url: str) -> dict[str, int]:
    """Rows in every table of the database at `url` (an empty dict when it has no tables)."""
    if _is_postgres(url):
        return await _postgres_counts(url)
    path = _sqlite_path(url)
    return _sqlite_counts(path) if path.exists() else {}


# Backup and restore -----------------------------------------------------------------------------------

async def backup(url: str, file: Path) -> dict[str, int]:
    """Writes a backup of the database at `url` to `file`; gives back the row counts it holds."""
    file.parent.mkdir(parents=True, exist_ok=True)
    if _is_postgres(url):
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={file}", f"--dbname={url}"])
        return _dump_counts(file)
    source_path = _sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"Файл базы данных {source_path} не найден.")
    partial = file.with_name(file.name + ".partial")
    source, target = sqlite3.connect(source_path), sqlite3.connect(partial)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, without -wal beside it
    finally:
        target.close()
        source.close()
    partial.replace(file)
    return _sqlite_counts(file)


async def restore(url: str, file: Path) -> dict[str, int]:
    """Restores `file` into the empty database at `url` and checks every table's row count."""
    if not file.is_file():
        raise BackupError(f"Файл резервной копии {file} не найден.")
    present = await table_counts(url)
    if present:
        raise BackupError(
            f"База данных не пуста (таблиц: {len(present)}, строк: {sum(present.values())}). "
            "Восстановление выполняется только в пустую базу: создайте новую базу и укажите её в DATABASE_URL.")
    if _is_postgres(url):
        expected = _dump_counts(file)
        _run([_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={url}",
              str(file)])
    else:
        try:
            expected = _sqlite_counts(file)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"Файл {file} — не резервная копия SQLite: {error}") from error
        target_path = _sqlite_path(url)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        source, target = sqlite3.connect(f"file:{file}?mode=ro", uri=True), sqlite3.connect(target_path)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")  # as prepare_sqlite leaves a new database
        finally:
            target.close()
            source.close()
    restored = await table_counts(url)
    differ = {name: (count, restored.get(name)) for name, count in expected.items() if restored.get(name) != count}
    if differ:
        details = ", ".join(f"{name}: в копии {want}, в базе {got}" for name, (want, got) in sorted(differ.items()))
        raise BackupError(f"После восстановления не совпало число строк: {details}.")
    return restored
