"""System programs some tests need (poppler, Chromium): skipped with a clear line on a developer's
machine that lacks them, a failure in CI (CI=true), where .ci/run installs them."""

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
