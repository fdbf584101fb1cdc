"""Backup and restore on the engine the suite runs on (SQLite, or PostgreSQL in CI), and on SQLite always."""

import sqlite3
import uuid
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import pytest

from app.core import backup
from app.core.config import get_settings
from app.jobs.kinds import JobStatus
from app.jobs.tables import Job

pytestmark = pytest.mark.usefixtures("db")

TITLES = ["Смета «Дня города»", "Список; с точкой\nи переводом строки", "Tab\there \\ backslash"]


@pytest.fixture
async def empty_database(tmp_path: Path):
    """The URL of a new empty database of the suite's engine, dropped afterwards."""
    url = get_settings().database_url
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    server = await asyncpg.connect(url)
    try:
        await server.execute(f'CREATE DATABASE "{name}"')
        yield urlparse(url)._replace(path=f"/{name}").geturl()
    finally:
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await server.close()


async def _restored_jobs(url: str) -> list[tuple]:
    query = "SELECT title, status, params FROM job ORDER BY id"
    if url.startswith("postgres"):
        connection = await asyncpg.connect(url)
        try:
            return [(r["title"], r["status"], str(r["params"])) for r in await connection.fetch(query)]
        finally:
            await connection.close()
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return [(title, status, str(params)) for title, status, params in connection.execute(query)]


async def test_round_trip_keeps_every_table_and_its_rows(tmp_path, empty_database):
    for title in TITLES:
        await Job.insert(Job(kind="test", title=title, params={"n": len(title)}, status=JobStatus.DONE))
    source = get_settings().database_url
    file = tmp_path / "ceremonia.backup"

    written = await backup.backup(source, file)
    restored = await backup.restore(empty_database, file)

    assert written == restored == await backup.table_counts(source)
    assert restored["job"] == 3 and restored["account"] > 0
    assert [row[:2] for row in await _restored_jobs(empty_database)] == [(t, "done") for t in TITLES]
    assert await _restored_jobs(empty_database) == await _restored_jobs(source)


async def test_restore_into_a_database_with_tables_is_refused(tmp_path):
    await Job.insert(Job(kind="test", title="Не тронуть", status=JobStatus.DONE))
    source = get_settings().database_url
    file = tmp_path / "ceremonia.backup"
    await backup.backup(source, file)
    before = await backup.table_counts(source)

    with pytest.raises(backup.BackupError, match="База данных не пуста"):
        await backup.restore(source, file)
    assert await backup.table_counts(source) == before


async def test_sqlite_round_trip_on_any_engine(tmp_path):
    source = tmp_path / "source.sqlite"
    with sqlite3.connect(source) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE guest (id INTEGER PRIMARY KEY, name TEXT, note TEXT)")
        connection.executemany("INSERT INTO guest (name, note) VALUES (?, ?)",
                               [("Иванов И. И.", None), ("Петрова\nА.", "VIP"), ("O'Brien", "")])
        connection.execute("CREATE TABLE empty_one (id INTEGER PRIMARY KEY)")
    file = tmp_path / "copy.sqlite"

    assert await backup.backup(f"sqlite:///{source}", file) == {"guest": 3, "empty_one": 0}
    target = tmp_path / "target" / "restored.sqlite"
    assert await backup.restore(f"sqlite:///{target}", file) == {"guest": 3, "empty_one": 0}
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT name, note FROM guest ORDER BY id").fetchall() == [
            ("Иванов И. И.", None), ("Петрова\nА.", "VIP"), ("O'Brien", "")]
    with pytest.raises(backup.BackupError, match="не пуста"):
        await backup.restore(f"sqlite:///{target}", file)


async def test_a_file_that_is_not_a_backup_is_refused_with_a_reason(tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("это не резервная копия" * 100)
    with pytest.raises(backup.BackupError):
        await backup.restore(f"sqlite:///{tmp_path / 'new.sqlite'}", file)
