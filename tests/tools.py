"""Helpers several test modules share: system programs some tests need (poppler, Chromium: skipped with a
clear line on a developer's machine that lacks them, a failure in CI (CI=true), where .ci/run installs them),
and a recording stand-in for a job's progress reporter."""

import os
import shutil
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


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment for rows written straight into the tables: PostgreSQL takes datetimes, not strings."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class Ticks:
    """The job's progress reporter as the runner gives it: a callable; here it only records."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str]] = []

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, total, message))
