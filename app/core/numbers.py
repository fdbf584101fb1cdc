"""Reading whole numbers from text a user or a browser sent: ASCII digits only, within a database integer.

Python's digit test says yes to «²» and «٣», which `int()` then refuses or reads; every id, page number and
filter value from a query, a form or a cookie goes through `whole()`: ASCII digits, at most 19, bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The largest value of a database integer (PostgreSQL's bigint, SQLite's INTEGER).
MAX_INT = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def whole(value: object) -> int | None:
    """The non-negative integer written in `value` (surrounding spaces allowed), or None for anything else."""
    text = str(value).strip() if value is not None else ""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_INT else None


def page_within(page: int, total: int, per_page: int) -> int:
    """The page of a list to show: 1 to the last page of `total` items (a page past the end is the last one; one
    of 30 digits overflowed the database's OFFSET)."""
    return min(max(page, 1), max(1, -(-total // per_page)))


def wholes(values: Iterable[object]) -> list[int]:
    """The integers among `values`, in their order, anything else left out."""
    return [n for n in map(whole, values) if n is not None]
