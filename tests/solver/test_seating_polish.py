"""The polishing exchanges: they never break a rule, never lower the score, and undo the inversions a
search cut short leaves (a senior single behind a junior one, two equal groups the wrong way round)."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import seating
from solver.seating import Guest, Instance, Layout, Seat, score, validate
from solver.seating.banquet import _Banquet
from solver.seating.hall import _Hall
from solver.seating.hall_lp import _constructed, _constructed_value, _repacked, _repackings, _seniors_first
from solver.seating.polish import polish
from solver.seating.rules import _Rules
from solver.seating.search import _knapsack
from solver.seating.solving import _market


def two_rows(width: int = 6) -> list[Seat]:
    """Row 0 more honoured than row 1; an aisle seat at each end; one segment per row."""
    return [Seat(r * width + x + 1, row=str(r + 1), row_index=r, x=x, segment=r, honour=10 - r,
                 aisle=x in (0, width - 1)) for r in range(2) for x in range(width)]


def polished(instance: Instance, assignment: dict[int, int]) -> dict[int, int]:
    rules = _Rules(instance)
    return polish(assignment, _market(rules, assignment))


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

    instance = hall(seed, guests=300, seats=350, groups=30, apart=6, needs=10, pins=6, press=6)
    rules = _Rules(instance)
    first = seating.solve(Instance(instance.seats, instance.guests, Layout.HALL, instance.apart_pairs,
                                   instance.sector_categories), 0.5)
    if not first.assignment:
        return
    scrambled = dict(first.assignment)
    rng = random.Random(seed)
    by_class: dict[int, list[int]] = {}
    for g in sorted(_market(rules, scrambled).singles & set(scrambled)):
        by_class.setdefault(rules.gclass(g), []).append(g)
    for members in by_class.values():  # singles of one class accept the same seats: any shuffle is valid
        seats = [scrambled[g] for g in members]
        rng.shuffle(seats)
        scrambled.update(zip(members, seats, strict=True))
    assert validate(instance, scrambled) == []
    plan = polish(scrambled, _market(rules, scrambled))
    assert validate(instance, plan) == []
    assert score(instance, plan) >= score(instance, scrambled)


def test_a_partial_plan_leaves_out_the_junior_single_not_the_senior_one():
    seats = [Seat(1, row="1", x=0, segment=0, honour=5)]
    guests = [Guest(1, rank=1), Guest(2, rank=9)]
    instance = Instance(tuple(seats), tuple(guests), Layout.HALL, allow_partial=True)
    plan = polished(instance, {2: 1})
    assert plan == {1: 1}
    assert score(instance, plan) > score(instance, {2: 1})


def test_a_partial_hall_seats_a_senior_pair_rather_than_junior_singles():
    # one row of three equal seats: the senior single takes the middle one by density and leaves no two side
    # by side for the pair, who would be left out while the two junior singles sit
    seats = [Seat(x + 1, row="1", x=x, segment=0, honour=5) for x in range(3)]
    guests = [Guest(1, rank=1), Guest(2, rank=2, group=7), Guest(3, rank=3, group=7), Guest(4, rank=9),
              Guest(5, rank=9)]
    instance = Instance(tuple(seats), tuple(guests), Layout.HALL, allow_partial=True)
    hall = _Hall(_Rules(instance), [g.id for g in seating.precedence(guests)], True)
    placed, left = _seniors_first(hall, *hall.construct())
    assert not left or all(hall.types[ti].size == 1 for ti in left)  # the pair has its block
    solution = seating.solve(instance, 2)
    assert {1, 2, 3} <= set(solution.assignment) and validate(instance, solution.assignment) == []


def test_a_partial_banquet_seats_a_senior_group_rather_than_junior_singles():
    # two tables of three: singles by density fill the first table and one seat of the second, so the group
    # of three finds no table; leaving out the singles at the second table seats it and scores more
    seats = [Seat(t * 3 + k + 1, table=t, x=k, honour=10 - t * 3 - k) for t in range(2) for k in range(3)]
    guests = [Guest(1, rank=1), Guest(2, rank=2), Guest(3, rank=3), Guest(4, rank=4),
              Guest(5, rank=5, group=1), Guest(6, rank=5, group=1), Guest(7, rank=5, group=1),
              Guest(8, rank=9), Guest(9, rank=9)]
    instance = Instance(tuple(seats), tuple(guests), Layout.BANQUET, allow_partial=True)
    banquet = _Banquet(_Rules(instance), [g.id for g in seating.precedence(guests)], True)
    left = banquet.construct()
    assert (5, 6, 7) in left  # the constructive plan alone leaves the group out
    before = banquet.value()
    banquet.make_room()
    assert {5, 6, 7} <= set(banquet.seat_of) and banquet.value() > before
    assert validate(instance, banquet.seat_of) == []
    solution = seating.solve(instance, 2)
    assert {5, 6, 7} <= set(solution.assignment) and validate(instance, solution.assignment) == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_making_room_in_a_partial_banquet_keeps_every_rule_and_never_lowers_the_score(seed):
    from tests.bench.seating_data import banquet as banquet_data

    instance = banquet_data(seed)
    seats = tuple(s for s in instance.seats if s.table is not None and s.table < 6)
    ids = {s.id for s in seats}
    guests = tuple(g for g in instance.guests if g.pinned is None or g.pinned in ids)[:80]
    kept = {g.id for g in guests}
    guests = tuple(g if g.group is None or all(m.id in kept for m in instance.guests if m.group == g.group)
                   else Guest(g.id, rank=g.rank) for g in guests)
    pairs = tuple(p for p in instance.apart_pairs if set(p) <= kept)
    partial = Instance(seats, guests, Layout.BANQUET, pairs, instance.sector_categories, allow_partial=True)
    banquet = _Banquet(_Rules(partial), [g.id for g in seating.precedence(guests)], True)
    banquet.construct()
    assert validate(partial, banquet.seat_of) == []
    before = banquet.value()
    banquet.make_room()
    assert validate(partial, banquet.seat_of) == [] and banquet.value() >= before


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 10_000), st.sampled_from([(60, 80, 6), (300, 350, 30), (800, 900, 80)]))
def test_repacking_the_constructive_plan_keeps_every_rule_and_never_lowers_the_score(seed, size):
    from tests.bench.seating_data import hall

    guests, seats, groups = size
    instance = hall(seed, guests=guests, seats=seats, groups=groups, apart=guests // 30, needs=guests // 25,
                    pins=guests // 30, press=guests // 20)
    hall_model = _Hall(_Rules(instance), [g.id for g in seating.precedence(instance.guests)], False)
    placed, left = hall_model.construct()
    packed, still = _repacked(hall_model, _repackings(hall_model, placed, left), placed, left)
    assert len(still) <= len(left)
    if still:
        return
    plan = _constructed(hall_model, packed, [], 0)
    assert plan is not None  # every group together, every need, pin and apart pair kept
    assert validate(instance, plan.assignment) == []
    assert len(plan.assignment) == len(instance.guests)
    if not left:
        assert plan.value >= _constructed_value(hall_model, placed, [])


def test_repacking_fills_a_row_the_density_order_left_half_empty():
    # the senior single takes the front row's middle seat first, so the group of four, next by density,
    # finds no four seats side by side there and goes to the row behind; packing the row takes both
    seats = [Seat(r * 6 + x + 1, row=str(r + 1), row_index=r, x=x, segment=r, honour=10 - r)
             for r in range(2) for x in range(6)]
    guests = [Guest(1, rank=1)] + [Guest(2 + m, rank=2, group=5) for m in range(4)] + [
        Guest(6 + n, rank=9) for n in range(4)]
    instance = Instance(tuple(seats), tuple(guests), Layout.HALL)
    hall_model = _Hall(_Rules(instance), [g.id for g in seating.precedence(guests)], False)
    placed, left = hall_model.construct()
    packed, _still = _repacked(hall_model, _repackings(hall_model, placed, left), placed, left)
    plan = _constructed(hall_model, packed, [], 0)
    assert plan is not None and plan.value > _constructed_value(hall_model, placed, left)
    assert {seats[plan.assignment[g] - 1].row_index for g in range(1, 6)} == {0}


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 14), st.lists(st.tuples(st.integers(-5, 30), st.integers(1, 6), st.integers(1, 5)),
                                    min_size=1, max_size=5))
def test_the_knapsack_of_the_repack_and_the_pricing_is_exact(capacity, drawn):
    items = [(float(p), s, c, k) for k, (p, s, c) in enumerate(drawn)]
    gain, chosen = _knapsack(items, capacity)
    best = max(sum(n * it[0] for n, it in zip(counts, items, strict=True))
               for counts in itertools.product(*(range(min(c, capacity // s) + 1) for _p, s, c, _k in items))
               if sum(n * it[1] for n, it in zip(counts, items, strict=True)) <= capacity)
    assert gain == pytest.approx(best)
    assert all(0 < n <= items[k][2] for k, n in chosen.items())
    assert sum(items[k][1] * n for k, n in chosen.items()) <= capacity
    assert sum(items[k][0] * n for k, n in chosen.items()) == pytest.approx(gain)
