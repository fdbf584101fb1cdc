"""The officer's edits on a solved plan: each goes through the validator, a broken rule is refused with the
reason, the objective is scored again, the invitations' seats follow."""

from __future__ import annotations

import pytest

from app.guests.kinds import LinkKind
from app.invitations.kinds import CompanionKind
from app.seating.plan import editing, problem
from app.seating.tables import ApartPair
from solver import seating as engine
from tests.seating.test_problem import ceremony, guest, hall, link, planned
from tests.seating.test_solving import labels, seats, solve

pytestmark = pytest.mark.usefixtures("db")


async def solved(count: int = 6) -> tuple[int, list[int]]:
    c = await ceremony()
    await planned(c, await hall())
    ids = [await guest(c, f"Гость{n}", 10 + n) for n in range(count)]
    await solve(c)
    return c, ids


def free_seat(loaded: problem.Loaded) -> int:
    taken = set(loaded.assignment.values())
    return next(s for s in sorted(loaded.seats) if s not in taken and not loaded.seats[s].blocked)


async def objective(c: int) -> int:
    return (await problem.plan_row(c))["objective"]


async def test_move_to_a_free_seat_scores_the_plan_again_and_relabels_the_invitation():
    c, ids = await solved()
    before = await objective(c)
    loaded = await problem.load(c)
    target = free_seat(loaded)
    edit = await editing.place(c, ids[0], target)
    assert edit.ok
    assert (await seats(c))[ids[0]] == target
    assert (await labels(c))[ids[0]] == loaded.seats[target].label
    after = await problem.load(c)
    (part,) = after.parts
    # the stored objective is the level score (the place score below it would overflow the column)
    assert await objective(c) == engine.score(part.instance, after.assignment) // engine.scale(part.instance) <= before


async def test_swap_exchanges_two_guests_and_placing_on_a_taken_seat_swaps_too():
    c, ids = await solved()
    start = await seats(c)
    assert (await editing.swap(c, ids[0], ids[1])).ok
    now = await seats(c)
    assert (now[ids[0]], now[ids[1]]) == (start[ids[1]], start[ids[0]])
    assert (await editing.place(c, ids[0], now[ids[1]])).ok
    assert await seats(c) == start


async def test_a_move_that_breaks_a_rule_is_refused_with_the_reason():
    c = await ceremony()
    await planned(c, await hall())
    a, b = await guest(c, "Первый", 10), await guest(c, "Второй", 20)
    await editing.add_apart(c, a, b)
    await solve(c)
    loaded = await problem.load(c)
    order = {s.id: s for s in loaded.parts[0].instance.seats}
    seat_a = order[loaded.assignment[a]]
    beside = next(s.id for s in order.values() if s.segment == seat_a.segment and abs(s.x - seat_a.x) == 1)
    before = await seats(c)
    edit = await editing.place(c, b, beside)
    assert not edit.ok
    assert edit.message == "Не сделано: Второй И. П. и Первый И. П. сидят рядом, а им нельзя." or \
        edit.message == "Не сделано: Первый И. П. и Второй И. П. сидят рядом, а им нельзя."
    assert await seats(c) == before


async def test_pin_and_unpin_and_unseat_takes_the_whole_group():
    c = await ceremony()
    await planned(c, await hall(), partial=True)
    veteran = await guest(c, "Ветеран", 20)
    escort = await guest(c, "Внук", 90, companion_of=veteran, kind=CompanionKind.ESCORT)
    cousin = await guest(c, "Кузен", 90)
    await link(cousin, veteran, LinkKind.FAMILY_OF)
    other = await guest(c, "Другой", 30)
    await solve(c)
    assert (await editing.toggle_pin(c, other)).ok
    assert (await problem.load(c)).pinned == {other}
    assert (await editing.toggle_pin(c, other)).ok
    assert (await problem.load(c)).pinned == set()
    assert (await editing.unseat(c, escort)).ok
    assert set(await seats(c)) == {other}
    assert (await labels(c))[veteran] == ""
    assert not (await editing.toggle_pin(c, veteran)).ok


async def test_moving_one_member_away_from_the_group_is_refused():
    c = await ceremony()
    await planned(c, await hall())
    head = await guest(c, "Сато", 10)
    member = await guest(c, "Судзуки", 12)
    await link(member, head, LinkKind.DELEGATION_OF)
    await solve(c)
    loaded = await problem.load(c)
    far = next(s.id for s in loaded.seats.values() if s.row_label == "3")
    edit = await editing.place(c, member, far)
    assert not edit.ok and "со своей группой" in edit.message


async def test_apart_pairs_are_added_once_and_removed():
    c, ids = await solved(3)
    assert (await editing.add_apart(c, ids[0], ids[1], "давний спор")).ok
    again = await editing.add_apart(c, ids[1], ids[0])
    assert not again.ok and again.message == "Эта пара уже в списке."
    assert not (await editing.add_apart(c, ids[0], ids[0])).ok
    (pair,) = await ApartPair.select()
    assert pair["note"] == "давний спор"
    await editing.remove_apart(c, pair["id"])
    assert await ApartPair.count() == 0


async def test_a_guest_without_a_seat_is_placed_on_a_free_one():
    c = await ceremony()
    await planned(c, await hall(), partial=True)
    seated_guest, waiting = await guest(c, "Первый", 10), await guest(c, "Второй", 20)
    await solve(c)
    assert (await editing.unseat(c, waiting)).ok
    loaded = await problem.load(c)
    target = free_seat(loaded)
    assert (await editing.place(c, waiting, target)).ok
    assert await seats(c) == {seated_guest: loaded.assignment[seated_guest], waiting: target}
    assert (await labels(c))[waiting] == loaded.seats[target].label
