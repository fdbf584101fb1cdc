"""Reading a ceremony's roster for the grid, the prints and each duty officer's own page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.core.config import get_settings
from app.duty import explain, services
from app.duty.kinds import RosterStatus
from app.duty.tables import Assignment, NoShow, Roster, Staff
from app.events.tables import Ceremony


@dataclass(frozen=True)
class Cell:
    assignment_id: int
    staff_id: int
    name: str
    department: str
    pinned: bool
    changed: bool


@dataclass
class RosterView:
    ceremony_id: int
    id: int | None = None
    status: RosterStatus = RosterStatus.DRAFT
    solver_status: str = ""
    objective: int | None = None
    bound: int | None = None
    penalties: dict[str, int] = field(default_factory=dict)
    explanations: list[str] = field(default_factory=list)  # what to change, in the officer's words
    solved_at: datetime | None = None
    posts: list[services.PostView] = field(default_factory=list)
    cells: dict[tuple[int, datetime], list[Cell]] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)  # department -> colour number
    no_shows: dict[int, str] = field(default_factory=dict)  # staff id -> name

    @property
    def times(self) -> list[datetime]:
        """Every slot start of every post, in order: the columns of the grid."""
        return sorted({slot for p in self.posts for slot in p.slots})

    def shortfall(self, post: services.PostView, slot: datetime) -> int:
        return max(0, post.min_headcount - len(self.cells.get((post.id, slot), [])))

    @property
    def gap(self) -> float | None:
        """How far the roster may still be from the best possible, as a share of its penalty."""
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(1, abs(self.objective))

    @property
    def assigned_people(self) -> int:
        return len({c.staff_id for cells in self.cells.values() for c in cells})


def _local(moment: datetime) -> datetime:
    return moment.astimezone(get_settings().tz)


async def roster_view(ceremony_id: int) -> RosterView:
    view = RosterView(ceremony_id=ceremony_id, posts=await services.posts(ceremony_id))
    row = await Roster.select().where(Roster.ceremony == ceremony_id).output(load_json=True).first()
    if row is None:
        return view
    view.id, view.status, view.solver_status = row["id"], RosterStatus(row["status"]), row["solver_status"]
    view.objective, view.bound = row["objective"], row["bound"]
    view.penalties = row["penalties"] or {}
    view.explanations = await explain.explanation_texts(row["explanations"] or [])
    view.solved_at = _local(row["solved_at"]) if row["solved_at"] else None
    assignments = await Assignment.select(
        Assignment.id, Assignment.staff, Assignment.post, Assignment.slot_start, Assignment.pinned,
        Assignment.changed, Assignment.staff.full_name.as_alias("name"),
        Assignment.staff.department.as_alias("department"),
    ).where(Assignment.roster == row["id"]).order_by(Assignment.staff.full_name)
    cells: dict[tuple[int, datetime], list[Cell]] = defaultdict(list)
    for a in assignments:
        cells[(a["post"], _local(a["slot_start"]))].append(
            Cell(a["id"], a["staff"], a["name"], a["department"], a["pinned"], a["changed"]))
    view.cells = dict(cells)
    view.departments = {d: n % 8 for n, d in enumerate(sorted({a["department"] for a in assignments}))}
    view.no_shows = {r["staff"]: r["name"] for r in await NoShow.select(
        NoShow.staff, NoShow.staff.full_name.as_alias("name")).where(NoShow.roster == row["id"])}
    return view


@dataclass(frozen=True)
class Duty:
    """One continuous stretch on one post, as a duty officer reads it."""

    ceremony_id: int
    ceremony: str
    post: str
    place: str
    start: datetime
    end: datetime


async def duties_of(staff_id: int, *, published_only: bool = True) -> list[Duty]:
    where = Assignment.staff == staff_id
    if published_only:
        where &= Assignment.roster.status == RosterStatus.PUBLISHED
    rows = await Assignment.select(
        Assignment.slot_start, Assignment.post.slot_minutes.as_alias("minutes"),
        Assignment.post.name.as_alias("post"), Assignment.post.place.as_alias("place"),
        Assignment.post.id.as_alias("post_id"), Assignment.roster.ceremony.as_alias("ceremony_id"),
    ).where(where).order_by(Assignment.slot_start)
    titles = {r["id"]: r["title"] for r in await Ceremony.select(Ceremony.id, Ceremony.title).where(
        Ceremony.id.is_in([r["ceremony_id"] for r in rows] or [0]))}
    duties: list[Duty] = []
    for r in rows:
        start = _local(r["slot_start"])
        end = start + timedelta(minutes=r["minutes"])
        last = duties[-1] if duties else None
        if last and last.post == r["post"] and last.end == start and last.ceremony_id == r["ceremony_id"]:
            duties[-1] = Duty(last.ceremony_id, last.ceremony, last.post, last.place, last.start, end)
        else:
            duties.append(Duty(r["ceremony_id"], titles.get(r["ceremony_id"], ""), r["post"], r["place"], start, end))
    return duties


async def staff_on_roster(ceremony_id: int) -> list[services.StaffView]:
    """Everyone with at least one duty at the ceremony, by name: the acknowledgment sheet's rows."""
    roster = await Roster.select(Roster.id).where(Roster.ceremony == ceremony_id).first()
    if roster is None:
        return []
    ids = {r["staff"] for r in await Assignment.select(Assignment.staff).where(Assignment.roster == roster["id"])}
    if not ids:
        return []
    rows = await Staff.select().where(Staff.id.is_in(list(ids))).order_by(Staff.full_name).output(load_json=True)
    return [services.staff_view(r) for r in rows]
