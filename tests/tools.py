"""Helpers several test modules share: system programs some tests need (poppler, Chromium: skipped with a
clear line on a developer's machine that lacks them, a failure in CI (CI=true), where .ci/run installs them),
a recording stand-in for a job's progress reporter, and the rate limiter's minute held still."""

import io
import os
import shutil
import subprocess
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest


def require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path:
        return path
    message = f"{program} не найден: установите пакет Debian «{package}» (make system-deps)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def page_image(pdf: bytes, dpi: int, page: int = 1):
    """One page of the PDF as poppler renders it (a PIL image), to look at what was printed."""
    from PIL import Image

    require("pdftoppm", "poppler-utils")
    png = subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-"],
                         input=pdf, capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment for rows written straight into the tables: PostgreSQL takes datetimes, not strings."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class Ticks:
    """The job's progress reporter as the runner gives it: a callable; here it only records."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str]] = []

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, total, message))


def freeze_the_limiters_minute(monkeypatch) -> None:
    """The limiter counts per minute of the clock: a test whose requests straddle the minute's turn sees the count
    start again (a 404 where the 429 was due, once under load)."""
    from app.web import ratelimit

    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
