"""The year's control figures: tasks set, done on time, done late, overdue, long-term, by department
and by event. Counted by the database (GROUP BY over the state expression), so a city's 2,700 tasks a
year cost one query, not a walk over every row."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from app.core.clock import today
from app.tasks.kinds import TaskState
from app.tasks.services import STATE_SQL
from app.tasks.tables import Task


@dataclass(frozen=True)
class Counts:
    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    long_term: int = 0

    @property
    def in_work(self) -> int:
        """Assigned or in progress, with the deadline still ahead."""
        return self.total - self.on_time - self.late - self.overdue - self.long_term

    @property
    def discipline(self) -> int | None:
        """Per cent done on time of those whose deadline has come (done, or overdue)."""
        due = self.on_time + self.late + self.overdue
        return round(100 * self.on_time / due) if due else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Line:
    label: str
    counts: Counts
    event_id: int | None = None


@dataclass(frozen=True)
class Dashboard:
    year: int
    total: Counts
    by_department: tuple[Line, ...]
    by_event: tuple[Line, ...]


_SUMS = ", ".join(f"SUM(CASE WHEN t.state = '{state}' THEN 1 ELSE 0 END) AS {name}" for name, state in (
    ("on_time", TaskState.DONE_ON_TIME), ("late", TaskState.DONE_LATE), ("overdue", TaskState.OVERDUE),
    ("long_term", TaskState.LONG_TERM)))

# One round trip: the year's tasks with their state (placeholders: today, year), counted once per
# department and once per event (with the day of the event's first ceremony, to order them by).
YEAR_COUNTS = (
    f"WITH t AS (SELECT task.department, task.event AS event_id, event.title, ({STATE_SQL}) AS state"
    " FROM task JOIN event ON event.id = task.event WHERE event.year = {})"
    f" SELECT 'department' AS part, t.department AS label, NULL AS event_id, NULL AS first_at,"
    f" COUNT(*) AS total, {_SUMS} FROM t GROUP BY t.department"
    f" UNION ALL SELECT 'event', t.title, t.event_id, f.first_at, COUNT(*), {_SUMS} FROM t"
    " LEFT JOIN (SELECT ceremony.event, MIN(ceremony.starts_at) AS first_at FROM ceremony GROUP BY ceremony.event)"
    " AS f ON f.event = t.event_id GROUP BY t.event_id, t.title, f.first_at"
)


def _counts(row: dict) -> Counts:
    return Counts(*(int(row[f.name] or 0) for f in fields(Counts)))


async def year_dashboard(year: int, on: date | None = None) -> Dashboard:
    rows = await Task.raw(YEAR_COUNTS, on or today(), year)
    departments = sorted((Line(r["label"], _counts(r)) for r in rows if r["part"] == "department"),
                         key=lambda line: line.label.casefold())
    # Events in the order of their first ceremony; those without one last.
    events = sorted((r for r in rows if r["part"] == "event"),
                    key=lambda r: (r["first_at"] is None, str(r["first_at"] or ""), r["label"]))
    return Dashboard(year=year, total=sum((d.counts for d in departments), Counts()),
                     by_department=tuple(departments),
                     by_event=tuple(Line(r["label"], _counts(r), r["event_id"]) for r in events))
