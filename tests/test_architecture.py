"""The direction of dependencies and the start-up checks an operator relies on."""

import os
import subprocess
import sys

from app.core.config import ROOT


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=60)


def test_solver_loads_nothing_from_the_web_or_the_database():
    result = run(
        "import importlib, pkgutil, sys, solver\n"
        "for m in pkgutil.iter_modules(solver.__path__): importlib.import_module('solver.' + m.name)\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'app', 'piccolo', 'litestar', 'piccolo_conf'}))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def ceremonia(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=60)


def test_production_without_secret_key_refuses_to_start():
    result = ceremonia("serve", CEREMONIA_ENV="production", SECRET_KEY="")
    assert result.returncode == 1
    assert result.stderr.strip() == "SECRET_KEY не задан: в рабочем режиме (CEREMONIA_ENV=production) он обязателен."


def test_unreachable_database_is_one_clear_line():
    result = ceremonia("serve", DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("База данных недоступна:")
    assert "Traceback" not in result.stderr


def test_unknown_database_scheme_is_named():
    result = ceremonia("migrate", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode == 1
    assert "неизвестная СУБД «mysql»" in result.stderr


def test_createuser_makes_an_account_that_can_sign_in(db):
    result = ceremonia("createuser", "ivanova", "--role", "protocol", "--password", "s3cret-pass",
                       "--first-name", "Мария", "--last-name", "Иванова")
    assert result.returncode == 0, result.stderr
    again = ceremonia("createuser", "ivanova", "--role", "viewer", "--password", "other-pass")
    assert again.returncode == 1 and "уже есть" in again.stderr
    check = run(
        "import asyncio\nfrom app.accounts.services import authenticate\n"
        "u = asyncio.run(authenticate('ivanova', 's3cret-pass'))\nprint(u.role.value, u.name)"
    )
    assert check.stdout.strip() == "protocol Мария Иванова", check.stderr
