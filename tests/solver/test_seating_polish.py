"""The polishing exchanges: they never break a rule, never lower the score, and undo the inversions a
search cut short leaves (a senior single behind a junior one, two equal groups the wrong way round)."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import seating
from solver.seating import Guest, Instance, Layout, Seat, score, validate
from solver.seating_polish import polish


def two_rows(width: int = 6) -> list[Seat]:
    """Row 0 more honoured than row 1; an aisle seat at each end; one segment per row."""
    return [Seat(r * width + x + 1, row=str(r + 1), row_index=r, x=x, segment=r, honour=10 - r,
                 aisle=x in (0, width - 1)) for r in range(2) for x in range(width)]


def polished(instance: Instance, assignment: dict[int, int]) -> dict[int, int]:
    rules = seating._Rules(instance)
    return polish(assignment, seating._market(rules, assignment))


def test_a_senior_single_behind_a_junior_one_moves_forward():
    guests = [Guest(1, rank=1), Guest(2, rank=9)]
    instance = Instance(tuple(two_rows()), tuple(guests), Layout.HALL)
    plan = polished(instance, {1: 8, 2: 3})
    assert instance.seats[plan[1] - 1].row_index == 0  # forward, to a free seat or the junior one's
    assert score(instance, plan) > score(instance, {1: 8, 2: 3}) and validate(instance, plan) == []


def test_two_equal_groups_trade_blocks_and_keep_together():
    guests = [Guest(1, rank=1, group=1), Guest(2, rank=2, group=1),
              Guest(3, rank=8, group=2), Guest(4, rank=9, group=2)]
    instance = Instance(tuple(two_rows()), tuple(guests), Layout.HALL)
    before = {1: 9, 2: 10, 3: 3, 4: 4}  # the senior pair in the back row
    plan = polished(instance, before)
    assert {plan[1], plan[2]} == {3, 4} and {plan[3], plan[4]} == {9, 10}
    assert validate(instance, plan) == [] and score(instance, plan) > score(instance, before)


def test_needs_pins_and_apart_partners_stay_where_they_are():
    guests = [Guest(1, rank=9, aisle=True), Guest(2, rank=9, pinned=2), Guest(3, rank=9), Guest(4, rank=1),
              Guest(5, rank=1)]
    instance = Instance(tuple(two_rows()), tuple(guests), Layout.HALL, apart_pairs=((3, 5),))
    before = {1: 1, 2: 2, 3: 4, 4: 7, 5: 12}
    plan = polished(instance, before)
    assert instance.seats[plan[1] - 1].aisle and plan[2] == 2  # the aisle need kept, the pin kept
    assert plan[3] == 4 and plan[5] == 12  # apart partners do not trade
    assert instance.seats[plan[4] - 1].row_index == 0  # the free senior single moved forward
    assert validate(instance, plan) == []


def test_equal_guests_sit_in_the_order_of_their_ids_from_the_axis_outwards():
    guests = [Guest(g, rank=5) for g in range(1, 5)]
    instance = Instance(tuple(two_rows()), tuple(guests), Layout.HALL)
    plan = polished(instance, {1: 9, 2: 4, 3: 3, 4: 10})
    assert all(instance.seats[plan[g] - 1].row_index == 0 for g in plan)  # the front row has room for all

    def place(g):
        seat = instance.seats[plan[g] - 1]
        return abs(seat.x - 2.5), seat.x

    assert sorted(plan, key=place) == [1, 2, 3, 4]  # from the axis outwards in the order of ids


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_polishing_a_valid_plan_keeps_it_valid_and_never_lowers_the_score(seed):
    from tests.bench.seating_data import hall

    instance = hall(seed, guests=300, seats=350, groups=30, apart=6, needs=10, pins=6, press=6, zones=False)
    rules = seating._Rules(instance)
    first = seating.solve(Instance(instance.seats, instance.guests, Layout.HALL, instance.apart_pairs,
                                   instance.sector_categories), 0.5)
    if not first.assignment:
        return
    scrambled = dict(first.assignment)
    rng = random.Random(seed)
    by_class: dict[int, list[int]] = {}
    for g in sorted(seating._market(rules, scrambled).singles & set(scrambled)):
        by_class.setdefault(rules.gclass(g), []).append(g)
    for members in by_class.values():  # singles of one class accept the same seats: any shuffle is valid
        seats = [scrambled[g] for g in members]
        rng.shuffle(seats)
        scrambled.update(zip(members, seats, strict=True))
    assert validate(instance, scrambled) == []
    plan = polish(scrambled, seating._market(rules, scrambled))
    assert validate(instance, plan) == []
    assert score(instance, plan) >= score(instance, scrambled)


def test_a_partial_plan_leaves_out_the_junior_single_not_the_senior_one():
    seats = [Seat(1, row="1", x=0, segment=0, honour=5)]
    guests = [Guest(1, rank=1), Guest(2, rank=9)]
    instance = Instance(tuple(seats), tuple(guests), Layout.HALL, allow_partial=True)
    plan = polished(instance, {2: 1})
    assert plan == {1: 1}
    assert score(instance, plan) > score(instance, {2: 1})
