"""The direction of dependencies and the start-up checks an operator relies on."""

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from app.core.config import ROOT

# The layers below the areas: each may import only itself and the layers named with it.
LOWER_LAYERS = {
    "app.core": {"app.core"},
    "app.web": {"app.core", "app.web"},
    "app.documents": {"app.core", "app.documents"},
    "app.imports": {"app.core", "app.web", "app.imports"},
    "app.audit": {"app.core", "app.web", "app.audit"},  # every area records into it, so it reads none
}
NOT_AREAS = set(LOWER_LAYERS)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    """Every hand-written module of app/ and solver/ (migrations aside), by dotted name."""
    return {_module_name(f): f for top in ("app", "solver") for f in sorted((ROOT / top).rglob("*.py"))
            if "piccolo_migrations" not in f.parts}


@cache
def _imports(module: str) -> frozenset[str]:
    """The project's modules that `module` imports anywhere in its text (in functions too)."""
    modules = _modules()
    tree = ast.parse(modules[module].read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{module}: the project writes its imports whole, not relative"
            base = node.module or ""
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return frozenset(m for m in found if m in modules and m != module)


def _area(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _in_an_area(module: str) -> bool:
    """A module of an area's package (app.asgi, app.cli and app.demo put the areas together: no area)."""
    return module.startswith("app.") and (ROOT / "app" / module.split(".")[1]).is_dir() \
        and _area(module) not in NOT_AREAS


def _is_controller_module(module: str) -> bool:
    tree = ast.parse(_modules()[module].read_text())
    return any(isinstance(n, ast.ImportFrom) and n.module == "litestar" and any(a.name == "Controller" for a in n.names)
               for n in ast.walk(tree))


def test_the_layers_below_the_areas_import_nothing_above_them():
    wrong = [(m, i) for m in _modules() for i in _imports(m)
             if _area(m) in LOWER_LAYERS and _area(i) not in LOWER_LAYERS[_area(m)]]
    assert wrong == []


def test_no_area_imports_another_areas_controllers():
    wrong = [(m, i) for m in _modules() if _in_an_area(m)
             for i in _imports(m) if _area(i) != _area(m) and _in_an_area(i) and _is_controller_module(i)]
    assert wrong == []


def test_the_solver_imports_nothing_of_the_app():
    wrong = [(m, i) for m in _modules() if m.startswith("solver") for i in _imports(m) if not i.startswith("solver")]
    assert wrong == []


def test_no_import_circles():
    """Depth-first search over the module graph; a back edge is a circle."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    circles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(_imports(module)):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in _modules():
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_no_hand_written_module_is_over_900_lines():
    long = {m: n for m, f in _modules().items() if (n := len(f.read_text().splitlines())) > 900}
    assert long == {}


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
