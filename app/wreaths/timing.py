"""The clock of a wreath laying: each delegation steps up when the one before it has done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


def schedule(start: datetime, minutes: Sequence[int]) -> list[Slot]:
    """One slot per duration, back to back from `start`: the n-th begins where the (n-1)-th ends."""
    ends = [start + timedelta(minutes=total) for total in accumulate(minutes)]
    starts = [start, *ends][: len(ends)]
    return [Slot(s, e) for s, e in zip(starts, ends, strict=True)]
