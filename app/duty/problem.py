"""A ceremony's rostering problem as the solver's plain data, and the solver's cells written back.

Both run in the job's worker process, so the server never waits on a solve. Times cross to the solver as
minutes since the epoch; the city's offset tells it where a day begins (for the hours-a-day limit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.results import NotFound
from app.duty.kinds import RosterStatus
from app.duty.tables import Assignment, Availability, NoShow, Post, Roster, Staff
from app.events.tables import Ceremony
from solver import roster as engine


def minutes(moment: datetime) -> int:
    return int(moment.timestamp()) // 60


def moment(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)


@dataclass(frozen=True)
class Loaded:
    roster_id: int
    instance: engine.Instance


async def roster_id_for(ceremony_id: int) -> int:
    row = await Roster.select(Roster.id).where(Roster.ceremony == ceremony_id).first()
    if row:
        return row["id"]
    return (await Roster.insert(Roster(ceremony=ceremony_id)).returning(Roster.id))[0]["id"]


def _post(row: dict) -> engine.Post:
    start, end = minutes(row["starts_at"]), minutes(row["ends_at"])
    stretch = row["min_stretch_minutes"]
    return engine.Post(id=row["id"], name=row["name"], start=start, end=end,
                       slot_minutes=row["slot_minutes"], min_headcount=row["min_headcount"],
                       desired_headcount=row["desired_headcount"], requirements=row["requirements"] or {},
                       gender=row["gender"],
                       min_stretch_minutes=engine.default_min_stretch(end - start) if stretch is None else stretch,
                       shifts=tuple((start + a, start + b) for a, b in row["shifts"] or ()))


def _unavailable(rows: list[dict], days: list[date]) -> dict[int, list[tuple[int, int]]]:
    """The hours outside each person's windows on the days the posts span; a day with no entry is free."""
    tz = get_settings().tz
    by_day: dict[tuple[int, date], list[dict]] = defaultdict(list)
    for r in rows:
        by_day[(r["staff"], r["day"])].append(r)
    closed: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (staff, day), entries in by_day.items():
        if day not in days:
            continue
        day_start = minutes(datetime.combine(day, time(0), tz))
        day_end = minutes(datetime.combine(day + timedelta(days=1), time(0), tz))
        windows = sorted((minutes(datetime.combine(day, e["start"], tz)), minutes(datetime.combine(day, e["end"], tz)))
                         for e in entries if not e["day_off"] and e["start"] and e["end"])
        cursor = day_start
        for start, end in windows:
            if start > cursor:
                closed[staff].append((cursor, start))
            cursor = max(cursor, end)
        if cursor < day_end:
            closed[staff].append((cursor, day_end))
    return closed


async def _busy_elsewhere(ceremony_id: int, event_id: int) -> dict[int, list[tuple[int, int]]]:
    """Duties at the event's other ceremonies: no overlap with them, and the rest between applies."""
    rows = await Assignment.select(
        Assignment.staff, Assignment.slot_start, Assignment.post.slot_minutes.as_alias("minutes"),
    ).where((Assignment.roster.ceremony.event == event_id) & (Assignment.roster.ceremony != ceremony_id))
    busy: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in rows:
        start = minutes(r["slot_start"])
        busy[r["staff"]].append((start, start + r["minutes"]))
    return busy


async def _year_minutes(ceremony_id: int, moment: datetime) -> dict[int, int]:
    """Each person's duty this (calendar) year on other ceremonies' published rosters: fairness counts on from it."""
    tz = get_settings().tz
    year = moment.astimezone(tz).year
    rows = await Assignment.select(Assignment.staff, Assignment.post.slot_minutes.as_alias("minutes")).where(
        (Assignment.roster.status == RosterStatus.PUBLISHED) & (Assignment.roster.ceremony != ceremony_id)
        & (Assignment.slot_start >= datetime(year, 1, 1, tzinfo=tz))
        & (Assignment.slot_start < datetime(year + 1, 1, 1, tzinfo=tz)))
    out: dict[int, int] = defaultdict(int)
    for r in rows:
        out[r["staff"]] += r["minutes"]
    return out


async def load(ceremony_id: int) -> Loaded:
    ceremony = await Ceremony.select(Ceremony.event, Ceremony.starts_at).where(Ceremony.id == ceremony_id).first()
    if ceremony is None:
        raise NotFound
    roster_id = await roster_id_for(ceremony_id)
    post_rows = await Post.select().where(Post.ceremony == ceremony_id).order_by(Post.id).output(load_json=True)
    tz = get_settings().tz
    days = sorted({(p["starts_at"].astimezone(tz) + timedelta(days=n)).date()
                   for p in post_rows for n in range((p["ends_at"] - p["starts_at"]).days + 2)})
    closed = _unavailable(await Availability.select().where(Availability.day.is_in(days or [date.min])), days)
    busy = await _busy_elsewhere(ceremony_id, ceremony["event"])
    prior = await _year_minutes(ceremony_id, ceremony["starts_at"])
    people = tuple(
        engine.Person(id=r["id"], name=r["full_name"], department=r["department"], gender=r["gender"],
                      qualifications=frozenset(r["qualifications"] or ()),
                      max_minutes_per_day=r["max_hours_per_day"] * 60,
                      unavailable=tuple(closed.get(r["id"], ())), busy=tuple(busy.get(r["id"], ())),
                      prior_minutes=prior.get(r["id"], 0))
        for r in await Staff.select().where(Staff.active.eq(True)).order_by(Staff.id).output(load_json=True)
    )
    rows = await Assignment.select(Assignment.staff, Assignment.post, Assignment.slot_start, Assignment.pinned).where(
        Assignment.roster == roster_id)
    settings = await Roster.select().where(Roster.id == roster_id).first()
    status = settings["status"]
    cells = tuple(engine.Cell(r["staff"], r["post"], minutes(r["slot_start"])) for r in rows)
    absent = frozenset(r["staff"] for r in await NoShow.select(NoShow.staff).where(NoShow.roster == roster_id))
    first = min((p["starts_at"] for p in post_rows), default=datetime.now(UTC))
    offset = first.astimezone(tz).utcoffset() or timedelta(0)
    return Loaded(roster_id, engine.Instance(
        posts=tuple(_post(r) for r in post_rows), people=people,
        # a no-show's pins go with them: the place is to be filled by someone else
        pinned=tuple(c for c, r in zip(cells, rows, strict=True) if r["pinned"] and c.person not in absent),
        published=cells if status == RosterStatus.PUBLISHED else (),
        absent=absent, utc_offset_minutes=int(offset.total_seconds()) // 60,
        arrival_minutes=settings["arrival_minutes"], min_rest_minutes=settings["break_minutes"],
        max_stretch_minutes=settings["break_after_minutes"], max_stretches_per_day=settings["max_stretches_per_day"],
    ))


async def save(loaded: Loaded, solution: engine.Solution) -> None:
    """Keeps the solver's verdict; a found roster replaces the cells, marking what changed since publication."""
    instance = loaded.instance
    values: dict = {Roster.solver_status: solution.status.value, Roster.objective: solution.objective,
                    Roster.bound: solution.bound, Roster.penalties: solution.penalties,
                    Roster.explanations: [asdict(e) for e in solution.explanations],
                    Roster.solved_at: datetime.now(UTC)}
    async with write_transaction(Roster._meta.db):
        if solution.cells:
            pinned, before = set(instance.pinned), set(instance.published)
            await Assignment.delete().where(Assignment.roster == loaded.roster_id)
            await Assignment.insert(*[
                Assignment(roster=loaded.roster_id, staff=c.person, post=c.post, slot_start=moment(c.start),
                           pinned=c in pinned, changed=bool(before) and c not in before)
                for c in solution.cells])
        await Roster.update(values).where(Roster.id == loaded.roster_id)
