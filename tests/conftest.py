"""The test database: SQLite in a temporary folder, or PostgreSQL when DATABASE_URL names one.

Every run starts from an empty database and applies the migrations forwards, so the suite
checks the migrations on whichever engine it runs against.
"""

from __future__ import annotations

import os
import re
import tempfile

_VAR = tempfile.mkdtemp(prefix="ceremonia-test-")
os.environ["CEREMONIA_VAR"] = _VAR
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_VAR}/test.sqlite")
os.environ["CEREMONIA_ENV"] = "development"
# The test client starts the app on a loop of its own while tests query on theirs: no shared pool.
os.environ["DB_POOL"] = "0"
# Jobs run in the test process itself (tests/jobs starts a real `ceremonia worker` where it tests the queue).
os.environ.setdefault("JOBS_QUEUE", "inline")

import pytest  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402
from piccolo.apps.user.tables import BaseUser  # noqa: E402
from piccolo.table import sort_table_classes  # noqa: E402

from app.accounts.tables import Account  # noqa: E402
from app.core.roles import Role  # noqa: E402

PASSWORD = "correct-horse-42"


async def _empty_database() -> None:
    from piccolo_conf import DB

    if DB.engine_type == "postgres":
        await DB.run_ddl("DROP SCHEMA public CASCADE")
        await DB.run_ddl("CREATE SCHEMA public")


@pytest.fixture(scope="session")
async def migrated() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.core.db import prepare_sqlite
    from piccolo_conf import DB

    await _empty_database()
    await prepare_sqlite(DB)
    result = await run_forwards("all")
    assert result.success, result.message
    from app.accounts.services import create_user

    for role in Role:
        await create_user(role.value, PASSWORD, role, first_name=role.value.capitalize(), last_name="Тестов")


def _data_tables():
    from piccolo_conf import APP_REGISTRY

    tables = [t for config in APP_REGISTRY.app_configs.values() for t in config.table_classes
              if t not in (BaseUser, Account)]
    return list(reversed(sort_table_classes(tables)))


@pytest.fixture
async def db(migrated):
    """A database with the role users and no other data; emptied again after the test."""
    yield
    for table in _data_tables():
        await table.delete(force=True)
    # SQLite gives the next test's rows the same ids: what a process keeps of a ceremony must go too
    from app.access.zones import forget_all_gates
    from app.checkin.services import forget_ceremonies

    forget_all_gates()
    forget_ceremonies()


@pytest.fixture
async def client(db):
    from app.asgi import create_app

    async with AsyncTestClient(app=create_app(), base_url="http://testserver.local") as test_client:
        yield test_client


def csrf_from(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def sign_in(client: AsyncTestClient, role: Role | str) -> str:
    """Signs in as the test user of `role`; gives back the CSRF token for later posts."""
    page = await client.get("/login")
    token = csrf_from(page.text)
    response = await client.post("/login", data={"username": str(getattr(role, "value", role)),
                                                 "password": PASSWORD, "_csrf_token": token, "next": "/"},
                                 follow_redirects=False)
    assert response.status_code == 303, response.text
    return token
