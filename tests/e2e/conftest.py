"""A real server process on the test database, and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from app.core.config import ROOT
from tests.tools import require

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(migrated, tmp_path_factory) -> str:
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = tmp_path_factory.mktemp("server") / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
        # The tests empty the database between them and ids come back: the gate keeps nothing (app.core.recent).
        cwd=ROOT, env={**os.environ, "DB_POOL": "1", "GATE_CACHE_SECONDS": "0"},
        stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the server did not start: " + log.read_text(errors="replace")[-2000:])
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def browser():
    """Per test, so that Playwright's own event loop never outlives the test that uses it."""
    executable = require("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(db, server, browser):
    context = browser.new_context(base_url=server, accept_downloads=True, locale="ru-RU")
    yield context.new_page()
    context.close()
