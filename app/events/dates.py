"""Moving a memorable date to another year, and the calendar periods of the plans."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from app.events.kinds import DateRule


def move_to_year(day: date, year: int, rule: DateRule) -> date:
    """The same memorable date in `year`: the same calendar day, or the same weekday of the month.

    Under the weekday rule the last such weekday of a month stays the last one (City Day on the
    last Sunday of May); any other stays the n-th one (the second Saturday of September).
    """
    if rule is DateRule.FIXED:
        last_day = calendar.monthrange(year, day.month)[1]
        return date(year, day.month, min(day.day, last_day))
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    if day.day + 7 > days_in_month:
        last = date(year, day.month, calendar.monthrange(year, day.month)[1])
        return last - timedelta(days=(last.weekday() - day.weekday()) % 7)
    nth = (day.day - 1) // 7
    first = date(year, day.month, 1)
    return first + timedelta(days=(day.weekday() - first.weekday()) % 7 + 7 * nth)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next one."""
    start = date(year, month, 1)
    return start, date(year + month // 12, month % 12 + 1, 1)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday of the week that holds `day`, and the Monday after it."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)
