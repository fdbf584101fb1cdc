"""The officer's own changes to the roster: move, swap, pin, remove, publish, no-shows.

Every change to the cells goes through the solver's validator: a change that breaks a hard rule
(qualification, availability, two places at once, hours, rest) is refused with the reason; falling
below a post's minimum is allowed while editing and shows as a red cell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.results import NotFound
from app.duty import problem
from app.duty.explain import violation_text
from app.duty.kinds import RosterStatus
from app.duty.tables import Assignment, NoShow, Roster
from solver import roster as engine

# Rules an edit may break on the way: moving a person leaves a gap before it is filled, and the grid moves
# one slot at a time, so a stretch is short, split or straight on from another post until the move is done.
TOLERATED = {"coverage", "stretch", "shift", "post_switch"}


@dataclass(frozen=True)
class Edit:
    ok: bool
    message: str = ""


async def _cell(roster_id: int, assignment_id: int) -> dict:
    row = await Assignment.select().where((Assignment.id == assignment_id) & (Assignment.roster == roster_id)).first()
    if row is None:
        raise NotFound
    return row


async def _check(ceremony_id: int, change) -> Edit:
    """Applies `change(cells) -> cells` in thought, validates, and only then writes it."""
    loaded = await problem.load(ceremony_id)
    before = await _cells(loaded.roster_id)
    after = change(dict(before))
    instance = replace(loaded.instance, pinned=(), published=())  # pins are the officer's own to move
    old = {(v.code, v.person, v.post, v.start) for v in engine.validate(instance, before.values())}
    new = [v for v in engine.validate(instance, after.values())
           if v.code not in TOLERATED and (v.code, v.person, v.post, v.start) not in old]
    if new:
        return Edit(False, await violation_text(new[0]))
    async with write_transaction(Assignment._meta.db):
        for assignment_id in before.keys() - after.keys():
            await Assignment.delete().where(Assignment.id == assignment_id)
        for assignment_id, cell in after.items():
            if before.get(assignment_id) != cell:
                await Assignment.update({Assignment.staff: cell.person, Assignment.post: cell.post,
                                         Assignment.slot_start: problem.moment(cell.start), Assignment.changed: True}
                                        ).where(Assignment.id == assignment_id)
        if changes := {f"#{i}": [before.get(i), after.get(i)] for i in sorted(before.keys() | after.keys())
                       if before.get(i) != after.get(i)}:
            await _record(ceremony_id, changes)
    return Edit(True)


async def faults(ceremony_id: int) -> list[str]:
    """What the roster as it stands breaks now, beyond the shortfalls a plan may tolerate: a duty officer
    made unavailable, deactivated or given other qualifications, a post moved, since the roster was made or
    published. Nothing changes it by itself: the officer re-plans or moves people by hand."""
    if not await Assignment.exists().where(Assignment.roster.ceremony == ceremony_id):
        return []  # no roster yet (and looking must not make one: problem.load creates it)
    loaded = await problem.load(ceremony_id)
    instance = replace(loaded.instance, pinned=(), published=())
    cells = (await _cells(loaded.roster_id)).values()
    # a post's shortfall (too few people, too few holders of a qualification) is the plan's, explained when it was
    # made: what is listed is a person standing where they cannot
    found = [v for v in engine.validate(instance, cells) if v.code not in TOLERATED and v.person is not None]
    slot = {post.id: post.slot_minutes for post in instance.posts}
    return [await violation_text(first, end) for first, end in _runs(found, slot)]


def _runs(found: list[engine.Violation], slot: dict[int, int]) -> list[tuple[engine.Violation, int | None]]:
    """One line for a person's consecutive slots on a post (09:00–11:00), not one a slot: (the first of a run,
    the minute the run ends, or None for a run of one)."""
    runs: list[tuple[engine.Violation, int | None]] = []
    last: engine.Violation | None = None
    for v in sorted(found, key=lambda v: (v.code, v.person or 0, v.post or 0, v.start or 0)):
        step = slot.get(v.post or 0, 0)
        if (last is not None and step and v.start is not None and last.start is not None
                and (v.code, v.person, v.post) == (last.code, last.person, last.post) and v.start == last.start + step):
            runs[-1] = (runs[-1][0], v.start + step)
        else:
            runs.append((v, None))
        last = v
    return runs


async def _cells(roster_id: int) -> dict[int, engine.Cell]:
    """The roster's cells by assignment id."""
    rows = await Assignment.select(Assignment.id, Assignment.staff, Assignment.post, Assignment.slot_start).where(
        Assignment.roster == roster_id)
    return {r["id"]: engine.Cell(r["staff"], r["post"], problem.minutes(r["slot_start"])) for r in rows}


async def _record(ceremony_id: int, changes: dict, action: str = "update") -> None:
    """The roster's entry in the audit log, under the ceremony's id and title; cells as «Cell(person, post, start)»."""
    title = await Roster.select(Roster.ceremony.title.as_alias("title")).where(Roster.ceremony == ceremony_id).first()
    await audit.record(action, "roster", ceremony_id, title["title"] if title else "",
                       {k: [audit.plain(v) for v in pair] for k, pair in changes.items()})


async def move(ceremony_id: int, assignment_id: int, post_id: int, slot: datetime) -> Edit:
    roster_id = await problem.roster_id_for(ceremony_id)
    await _cell(roster_id, assignment_id)

    def change(cells: dict[int, engine.Cell]) -> dict[int, engine.Cell]:
        cells[assignment_id] = replace(cells[assignment_id], post=post_id, start=problem.minutes(slot))
        return cells
    return await _check(ceremony_id, change)


async def swap(ceremony_id: int, first_id: int, second_id: int) -> Edit:
    roster_id = await problem.roster_id_for(ceremony_id)
    await _cell(roster_id, first_id)
    await _cell(roster_id, second_id)

    def change(cells: dict[int, engine.Cell]) -> dict[int, engine.Cell]:
        a, b = cells[first_id], cells[second_id]
        cells[first_id], cells[second_id] = replace(a, person=b.person), replace(b, person=a.person)
        return cells
    return await _check(ceremony_id, change)


async def remove(ceremony_id: int, assignment_id: int) -> Edit:
    roster_id = await problem.roster_id_for(ceremony_id)
    row = await _cell(roster_id, assignment_id)
    async with write_transaction(Assignment._meta.db):
        await Assignment.delete().where(Assignment.id == assignment_id)
        await _record(ceremony_id, {f"#{assignment_id}": [f"staff {row['staff']}, post {row['post']}, "
                                                           f"{row['slot_start'].isoformat()}", None]})
    return Edit(True)


async def toggle_pin(ceremony_id: int, assignment_id: int) -> Edit:
    roster_id = await problem.roster_id_for(ceremony_id)
    row = await _cell(roster_id, assignment_id)
    await Assignment.update({Assignment.pinned: not row["pinned"]}).where(Assignment.id == assignment_id)
    return Edit(True)


async def set_status(ceremony_id: int, status: RosterStatus) -> None:
    roster_id = await problem.roster_id_for(ceremony_id)
    async with write_transaction(Roster._meta.db):
        before = await Roster.select(Roster.status).where(Roster.id == roster_id).first()
        await Roster.update({Roster.status: status, Roster.published_at: datetime.now(UTC)
                             if status is RosterStatus.PUBLISHED else None}).where(Roster.id == roster_id)
        if before["status"] != status:
            await _record(ceremony_id, {"status": [before["status"], status.value]},
                          "publish" if status is RosterStatus.PUBLISHED else "status")
        # Highlights say what a re-plan changed in the published roster; a new publication starts clean.
        await Assignment.update({Assignment.changed: False}).where(Assignment.roster == roster_id)


async def mark_no_show(ceremony_id: int, staff_id: int, absent: bool) -> None:
    roster_id = await problem.roster_id_for(ceremony_id)
    async with write_transaction(NoShow._meta.db):
        await NoShow.delete().where((NoShow.roster == roster_id) & (NoShow.staff == staff_id))
        if absent:
            await NoShow.insert(NoShow(roster=roster_id, staff=staff_id))
