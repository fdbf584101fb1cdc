"""The clock of a scenario, with no database and no web: each item starts where the one before it
ends, unless it has a fixed time of its own; what runs into another item, starts before the ceremony
or ends after it is marked so that the page can say so instead of accepting it silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Step:
    """One item as the editor gave it: its length and, if it must begin at a set moment, that moment."""

    minutes: int
    fixed: datetime | None = None


@dataclass(frozen=True)
class Timed:
    start: datetime
    end: datetime
    fixed: bool
    pause: int = 0  # minutes of waiting for a fixed time that had not come yet
    overlaps: int | None = None  # index of the earlier item still running when this one starts
    overlap: int = 0  # minutes of that overlap
    early: bool = False  # a fixed time before the ceremony's start
    late: bool = False  # ends after the ceremony's end


@dataclass(frozen=True)
class Timeline:
    starts_at: datetime  # the ceremony's start and end, as planned
    planned_end: datetime
    items: tuple[Timed, ...]

    @property
    def ends_at(self) -> datetime:
        return max((t.end for t in self.items), default=self.starts_at)

    @property
    def minutes(self) -> int:
        """From the earlier of the ceremony's start and the first item's start to the last end."""
        begins = min([self.starts_at, *(t.start for t in self.items)])
        return _minutes(self.ends_at - begins)

    @property
    def overrun(self) -> int:
        """Minutes the scenario runs past the ceremony's planned end (0 when it fits)."""
        return max(0, _minutes(self.ends_at - self.planned_end))

    @property
    def overlapping(self) -> list[int]:
        return [n for n, t in enumerate(self.items) if t.overlaps is not None]


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def compute(steps: Sequence[Step], starts_at: datetime, ends_at: datetime) -> Timeline:
    cursor = starts_at  # where the previous item ended: the next floating item begins there
    running: int | None = None  # the earlier item that ends last, against which overlaps are measured
    result: list[Timed] = []
    for step in steps:
        start = step.fixed if step.fixed is not None else cursor
        end = start + timedelta(minutes=step.minutes)
        latest = result[running].end if running is not None else None
        overlaps = running if latest is not None and start < latest else None
        result.append(Timed(
            start=start, end=end, fixed=step.fixed is not None,
            pause=max(0, _minutes(start - cursor)),
            overlaps=overlaps, overlap=_minutes(latest - start) if latest is not None and overlaps is not None else 0,
            early=start < starts_at, late=end > ends_at,
        ))
        if latest is None or end > latest:
            running = len(result) - 1
        cursor = end
    return Timeline(starts_at=starts_at, planned_end=ends_at, items=tuple(result))
