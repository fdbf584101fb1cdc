"""A ceremony's rostering problem as plain data for the solver, and the solver's assignments written back.

Both run in the job's worker process (through piccolo's run_sync), so the server never waits on a solve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from app.db import write_transaction
from app.duty.kinds import RosterStatus
from app.duty.tables import Assignment, Availability, NoShow, Post, Roster, Staff
from app.events.tables import Ceremony
from app.services import NotFound


@dataclass(frozen=True)
class PostData:
    id: int
    name: str
    place: str
    starts_at: datetime
    ends_at: datetime
    slot_minutes: int
    min_headcount: int
    desired_headcount: int
    requirements: dict[str, int]
    gender: str


@dataclass(frozen=True)
class StaffData:
    id: int
    name: str
    department: str
    gender: str
    qualifications: frozenset[str]
    max_hours_per_day: int
    # Per day: the windows the person can stand, or () for a day off; days not listed are free.
    windows: dict[date, tuple[tuple[time, time], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    ceremony_id: int
    roster_id: int
    posts: tuple[PostData, ...]
    staff: tuple[StaffData, ...]
    pinned: tuple[tuple[int, int, datetime], ...]  # (staff, post, slot start)
    published: tuple[tuple[int, int, datetime], ...]  # the roster as published, for a re-plan
    no_shows: frozenset[int]


async def roster_id_for(ceremony_id: int) -> int:
    row = await Roster.select(Roster.id).where(Roster.ceremony == ceremony_id).first()
    if row:
        return row["id"]
    return (await Roster.insert(Roster(ceremony=ceremony_id)).returning(Roster.id))[0]["id"]


async def load(ceremony_id: int) -> Problem:
    if not await Ceremony.exists().where(Ceremony.id == ceremony_id):
        raise NotFound
    roster_id = await roster_id_for(ceremony_id)
    posts = tuple(
        PostData(id=r["id"], name=r["name"], place=r["place"], starts_at=r["starts_at"], ends_at=r["ends_at"],
                 slot_minutes=r["slot_minutes"], min_headcount=r["min_headcount"],
                 desired_headcount=r["desired_headcount"], requirements=r["requirements"] or {},
                 gender=r["gender"])
        for r in await Post.select().where(Post.ceremony == ceremony_id).order_by(Post.id).output(load_json=True)
    )
    windows: dict[int, dict[date, list[tuple[time, time]]]] = {}
    for a in await Availability.select():
        days = windows.setdefault(a["staff"], {})
        slots = days.setdefault(a["day"], [])
        if not a["day_off"] and a["start"] and a["end"]:
            slots.append((a["start"], a["end"]))
    staff = tuple(
        StaffData(id=r["id"], name=r["full_name"], department=r["department"], gender=r["gender"],
                  qualifications=frozenset(r["qualifications"] or ()), max_hours_per_day=r["max_hours_per_day"],
                  windows={d: tuple(w) for d, w in windows.get(r["id"], {}).items()})
        for r in await Staff.select().where(Staff.active.eq(True)).order_by(Staff.id).output(load_json=True)
    )
    rows = await Assignment.select(Assignment.staff, Assignment.post, Assignment.slot_start, Assignment.pinned).where(
        Assignment.roster == roster_id)
    status = (await Roster.select(Roster.status).where(Roster.id == roster_id).first())["status"]
    cells = tuple((r["staff"], r["post"], r["slot_start"]) for r in rows)
    return Problem(
        ceremony_id=ceremony_id, roster_id=roster_id, posts=posts, staff=staff,
        pinned=tuple((r["staff"], r["post"], r["slot_start"]) for r in rows if r["pinned"]),
        published=cells if status == RosterStatus.PUBLISHED else (),
        no_shows=frozenset(r["staff"] for r in await NoShow.select(NoShow.staff).where(NoShow.roster == roster_id)),
    )


async def save(problem: Problem, cells: list[tuple[int, int, datetime]], *, solver_status: str, objective: int | None,
         bound: int | None, penalties: dict[str, int], explanations: list[dict]) -> None:
    """Replaces the roster's cells by the solver's, keeping pins, marking what changed since publication."""
    before = {(s, p, t.astimezone(UTC)) for s, p, t in problem.published}
    pinned = {(s, p, t.astimezone(UTC)) for s, p, t in problem.pinned}
    async with write_transaction(Roster._meta.db):
        await Assignment.delete().where(Assignment.roster == problem.roster_id)
        rows = [Assignment(roster=problem.roster_id, staff=s, post=p, slot_start=t,
                           pinned=(s, p, t.astimezone(UTC)) in pinned,
                           changed=bool(before) and (s, p, t.astimezone(UTC)) not in before)
                for s, p, t in cells]
        if rows:
            await Assignment.insert(*rows)
        await Roster.update({Roster.solver_status: solver_status, Roster.objective: objective, Roster.bound: bound,
                       Roster.penalties: penalties, Roster.explanations: explanations,
                       Roster.solved_at: datetime.now(UTC)}).where(Roster.id == problem.roster_id)
