"""The `ceremonia` command: serve, migrate, demo, createuser, backup, restore, worker, seat, quota, decline."""

from __future__ import annotations

import asyncio
import getpass
import sys
import warnings
from pathlib import Path

import click

from app.core.config import ConfigError, get_settings
from app.core.declension import CASES, decline_full, decline_position
from app.quotas.quota_command import quota
from app.seating.seat_command import seat


def _fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def _engine():
    # Piccolo warns at length when it cannot read the server version; check_connection says it in one line.
    warnings.filterwarnings("ignore", module="piccolo.engine.base")
    try:
        from piccolo_conf import DB
    except ConfigError as error:
        _fail(str(error))
    return DB


async def _migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.core.db import check_connection, prepare_sqlite

    engine = _engine()
    await check_connection(engine)
    await prepare_sqlite(engine)
    result = await run_forwards("all")
    if not result.success:
        raise ConfigError(f"Миграции не выполнены: {result.message}")


def _run(coroutine):
    try:
        return asyncio.run(coroutine)
    except ConfigError as error:
        _fail(str(error))


@click.group()
def main() -> None:
    """Церемония — планирование торжественных мероприятий."""


@main.command()
def migrate() -> None:
    """Apply the database migrations (both engines)."""
    _run(_migrate())
    click.echo("База данных в актуальном состоянии.")


@main.command()
def demo() -> None:
    """Load demo data into an empty database and print the demo users."""
    from app.demo import DEMO_USERS, load_demo

    async def load() -> bool:
        await _migrate()
        return await load_demo()

    loaded = _run(load())
    click.echo("Демо-данные загружены." if loaded else "База не пуста: демо-данные не загружались.")
    click.echo("Демо-пользователи (если их пароли не меняли):")
    for username, password, role, *_ in DEMO_USERS:
        click.echo(f"  {username:<10} {password:<15} {role.value}")


@main.command()
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "protocol", "liaison", "duty", "gate", "viewer"]),
              required=True)
@click.option("--password", help="Без этого ключа пароль спрашивается дважды, не отображаясь.")
@click.option("--first-name", default="")
@click.option("--last-name", default="")
@click.option("--email", default="")
@click.option("--department", default="")
def createuser(username: str, role: str, password: str | None, first_name: str, last_name: str, email: str,
               department: str) -> None:
    """Create a user with a role."""
    from app.accounts.services import AccountError, create_user
    from app.core.roles import Role

    if password is None:
        password = getpass.getpass("Пароль: ")
        if getpass.getpass("Ещё раз: ") != password:
            _fail("Пароли не совпадают.")

    async def create() -> None:
        _engine()
        try:
            await create_user(username, password, Role(role), first_name=first_name, last_name=last_name,
                              email=email, department=department)
        except AccountError as error:
            raise ConfigError(str(error)) from error

    _run(create())
    click.echo(f"Пользователь «{username}» создан с ролью {role}.")


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--workers", default=1, type=int, help="Процессов приложения (для PostgreSQL).")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web application."""
    import uvicorn

    from app.core.db import check_connection

    try:
        get_settings()
    except ConfigError as error:
        _fail(str(error))
    _run(check_connection(_engine()))
    click.echo(f"Церемония: http://{host}:{port}")
    uvicorn.run("app.asgi:app", host=host, port=port, workers=workers, proxy_headers=True, access_log=False)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Back up the whole database to FILE (SQLite online backup or pg_dump)."""
    from app.core.backup import backup as run_backup

    async def write() -> dict[str, int]:
        return await run_backup(get_settings().database_url, file)

    counts = _run(write())
    click.echo(f"Резервная копия записана в {file}: таблиц {len(counts)}, строк {sum(counts.values())}.")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore FILE into the empty database named by DATABASE_URL and check every table's rows."""
    from app.core.backup import restore as run_restore

    async def read() -> dict[str, int]:
        return await run_restore(get_settings().database_url, file)

    counts = _run(read())
    click.echo(f"Восстановлено из {file}: таблиц {len(counts)}, строк {sum(counts.values())}; "
               "число строк каждой таблицы совпадает с копией.")


@main.command()
@click.option("--workers", type=int, default=None,
              help="Задач одновременно (по умолчанию JOBS_CONCURRENCY, иначе одна на два ядра).")
def worker(workers: int | None) -> None:
    """Run the background jobs from the queue (JOBS_QUEUE) until SIGTERM or SIGINT."""
    from app.jobs.queue import run_worker

    try:
        get_settings()
        _engine()
        run_worker(workers)
    except ConfigError as error:
        _fail(str(error))


main.add_command(seat)
main.add_command(quota)


@main.command()
@click.argument("text")
@click.option("--case", "case", type=click.Choice([c.value for c in CASES]), default="dative", show_default=True)
@click.option("--position", is_flag=True, help="Текст — должность: склоняется главное слово, остальное как есть.")
@click.option("--gender", type=click.Choice(["male", "female"]), default=None,
              help="Пол, если по отчеству и имени его не понять (Саша Черных).")
def decline(text: str, case: str, position: bool, gender: str | None) -> None:
    """Print a name or a position in the case: ceremonia decline "Петров Пётр Петрович" --case dative."""
    click.echo(decline_position(text, case) if position else decline_full(text, case, gender))
