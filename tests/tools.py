"""Helpers several test modules share: system programs some tests need (poppler, Chromium: skipped with a
clear line on a developer's machine that lacks them, a failure in CI (CI=true), where .ci/run installs them),
and a recording stand-in for a job's progress reporter."""

import io
import os
import shutil
import subprocess
from datetime import UTC, datetime

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
