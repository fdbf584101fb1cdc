"""The city's clock: what «today» and «now» mean is the city's time zone, not the server's."""

from __future__ import annotations

from datetime import date, datetime

from app.core.config import get_settings


def now() -> datetime:
    return datetime.now(get_settings().tz)


def today() -> date:
    return now().date()
