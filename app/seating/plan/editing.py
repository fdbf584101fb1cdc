"""The officer's own changes to a seating plan: place a guest (a move, or a swap with who sits there), swap two
guests, pin and unpin, unseat; pairs who must not sit together.

Every change to the seats goes through the solver's validator on the whole plan, and one that breaks a hard
rule the plan kept before is refused with the reason (the safe default: a printed scheme must never carry
a broken rule unnoticed). Two things an edit may leave on the way: guests without a seat (moving someone
out leaves a gap before it is filled) and pins (the officer's own pins move with the guest they hold).
A group is seated whole or not at all, so unseating one member unseats the group. After each change the
plan's objective is scored again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.seating.plan import problem, solving, versions
from app.seating.plan.explain import Texts
from app.seating.tables import ApartPair, SeatAssignment, SeatingPlan
from solver import seating as engine

TOLERATED = {"unseated"}


@dataclass(frozen=True)
class Edit:
    ok: bool
    message: str = ""


def violations(loaded: problem.Loaded, assignment: dict[int, int]) -> list[engine.Violation]:
    """Every hard rule of every part, pins aside (see the module docstring)."""
    return [v for part in loaded.parts
            for v in engine.validate(problem.without_pins(part), problem.restricted(assignment, part))]


def inversions(loaded: problem.Loaded, assignment: dict[int, int]) -> list[tuple[int, int]]:
    """(senior, junior) invitation ids of plain guests seated against precedence where a swap would keep
    every rule (solver.seating.inversions): what the plan check counts beside the broken rules."""
    return [pair for part in loaded.parts
            for pair in engine.inversions(part.instance, problem.restricted(assignment, part))]


def objective(loaded: problem.Loaded, assignment: dict[int, int]) -> int:
    """The plan's level score, as solving stores it (the place score aside)."""
    return sum(engine.score(part.instance, problem.restricted(assignment, part)) // engine.scale(part.instance)
               for part in loaded.parts)


def _key(v: engine.Violation) -> tuple:
    return v.code, v.guest, v.seat, v.other


async def _apply(loaded: problem.Loaded, after: dict[int, int], pinned: frozenset[int] | None = None,
                 reason: str = "") -> Edit:
    """Validates `after` against the plan in hand and only then writes the guests whose seat changed; on an
    approved plan a change of seats (`reason` names it) waits for confirmation as the plan's proposal."""
    before = loaded.assignment
    pinned = loaded.pinned if pinned is None else pinned
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    for guest in changed & after.keys():
        if loaded.part_of_guest(guest) is not loaded.part_of_seat(after[guest]):
            return Edit(False, _("{guest}: в президиум сажают через список президиума, а из него — убрав гостя "
                                 "из списка.").format(guest=_texts(loaded).person(guest)))
    old = {_key(v) for v in violations(loaded, before)}
    new = [v for v in violations(loaded, after) if v.code not in TOLERATED and _key(v) not in old]
    if new:
        return Edit(False, _("Не сделано: {reason}").format(
            reason=_texts(loaded).violation(new[0])))
    plan = await problem.plan_row(loaded.ceremony_id) if await versions.is_frozen(loaded.plan_id) else None
    if plan is not None and (changed or plan["proposal"]):  # a pin alone moves nobody: no need to confirm it
        earlier = (plan["proposal"] or {}).get("reason", "")
        await versions.propose(loaded.plan_id, versions.State(loaded.hall_id, after, pinned,
                                                              tuple(plan["presidium"] or [])),
                               "; ".join(r for r in (earlier, reason) if r))
        return Edit(True)
    changed |= loaded.pinned ^ pinned
    async with write_transaction(SeatAssignment._meta.db):
        await SeatAssignment.delete().where((SeatAssignment.plan == loaded.plan_id)
                                            & SeatAssignment.invitation.is_in(list(changed) or [0]))
        rows = [SeatAssignment(plan=loaded.plan_id, invitation=g, seat=after[g], pinned=g in pinned)
                for g in changed if g in after]
        if rows:
            await SeatAssignment.insert(*rows)
        await solving.write_labels(loaded.ceremony_id, {g: loaded.seats[after[g]].label for g in changed if g in after},
                                   changed=changed)
        await SeatingPlan.update({SeatingPlan.objective: objective(loaded, after),
                                  SeatingPlan.changed_at: datetime.now(UTC)}).where(SeatingPlan.id == loaded.plan_id)
        await solving.record_seats(loaded, before, after)
    return Edit(True)


async def _load(ceremony_id: int) -> problem.Loaded:
    """The plan as the next edit starts from: an approved plan's pending proposal, when there is one, so that
    edits add up in it until the officer confirms them all."""
    loaded = await problem.load(ceremony_id)
    plan = await problem.plan_row(ceremony_id)
    pending = versions.State.from_plain(plan["proposal"]["state"]) if plan and plan["proposal"] else None
    if pending is None or pending.hall != loaded.hall_id or list(pending.presidium) != (plan["presidium"] or []):
        return loaded
    return replace(loaded, assignment={g: s for g, s in pending.assignment.items() if g in loaded.guests},
                   pinned=frozenset(g for g in pending.pinned if g in loaded.guests))


def _texts(loaded: problem.Loaded) -> Texts:
    return Texts.of_plan(loaded)


def _guest(loaded: problem.Loaded, invitation_id: int) -> None:
    if invitation_id not in loaded.guests:
        raise NotFound


async def place(ceremony_id: int, invitation_id: int, seat_id: int) -> Edit:
    """Puts the guest on the seat; whoever sat there takes the guest's old seat (or is left without one)."""
    loaded = await _load(ceremony_id)
    _guest(loaded, invitation_id)
    if seat_id not in loaded.seats:
        raise NotFound
    after = dict(loaded.assignment)
    holder = next((g for g, s in after.items() if s == seat_id), None)
    if holder == invitation_id:
        return Edit(True)
    old_seat = after.get(invitation_id)
    after[invitation_id] = seat_id
    if holder is not None:
        if old_seat is None:
            del after[holder]
        else:
            after[holder] = old_seat
    return await _apply(loaded, after, reason=_("Пересадка: {guest}").format(
        guest=_texts(loaded).person(invitation_id)))


async def swap(ceremony_id: int, first_id: int, second_id: int) -> Edit:
    loaded = await _load(ceremony_id)
    _guest(loaded, first_id)
    _guest(loaded, second_id)
    after = dict(loaded.assignment)
    a, b = after.pop(first_id, None), after.pop(second_id, None)
    if a is not None:
        after[second_id] = a
    if b is not None:
        after[first_id] = b
    return await _apply(loaded, after, reason=_("Обмен местами: {guests}").format(
        guests=_texts(loaded).people((first_id, second_id))))


async def toggle_pin(ceremony_id: int, invitation_id: int) -> Edit:
    loaded = await _load(ceremony_id)
    _guest(loaded, invitation_id)
    if invitation_id not in loaded.assignment:
        return Edit(False, _("Закрепить можно только гостя, у которого есть место."))
    return await _apply(loaded, dict(loaded.assignment), loaded.pinned ^ {invitation_id})


async def unseat(ceremony_id: int, invitation_id: int) -> Edit:
    """Takes the guest (and their group) off their seats; their pins go too."""
    loaded = await _load(ceremony_id)
    _guest(loaded, invitation_id)
    groups = await problem.groups_of(loaded.guests)
    group = groups.get(invitation_id)
    leaving = {g for g, n in groups.items() if n == group} if group is not None else {invitation_id}
    after = {g: s for g, s in loaded.assignment.items() if g not in leaving}
    return await _apply(loaded, after, loaded.pinned - leaving,
                        _("Снять с места: {guests}").format(guests=_texts(loaded).people(sorted(leaving))))


async def add_apart(ceremony_id: int, first_id: int, second_id: int, note: str = "") -> Edit:
    plan = await problem.plan_row(ceremony_id)
    if plan is None:
        raise NotFound
    guests = await problem.guests_of(ceremony_id)
    if first_id not in guests or second_id not in guests:
        return Edit(False, _("Выберите двух гостей из списка приглашённых."))
    if first_id == second_id:
        return Edit(False, _("Выберите двух разных гостей."))
    pair = (ApartPair.first == first_id) & (ApartPair.second == second_id)
    mirror = (ApartPair.first == second_id) & (ApartPair.second == first_id)
    if await ApartPair.exists().where((ApartPair.plan == plan["id"]) & (pair | mirror)):
        return Edit(False, _("Эта пара уже в списке."))
    await ApartPair.insert(ApartPair(plan=plan["id"], first=first_id, second=second_id, note=note.strip()[:200]))
    return Edit(True)


async def remove_apart(ceremony_id: int, pair_id: int) -> None:
    plan = await problem.plan_row(ceremony_id)
    if plan is None:
        raise NotFound
    await ApartPair.delete().where((ApartPair.id == pair_id) & (ApartPair.plan == plan["id"]))
