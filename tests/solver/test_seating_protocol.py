"""Protocol in the hall: honour by row then from the axis, no inversions, partial plans by precedence and
protection, shortages counted per need.

Random halls come from the benchmark's generator (tests/bench/seating_data.py) at every size; the smallest
are checked against brute force over every plan.
"""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.seating import (
    Explanation,
    Guest,
    Instance,
    Layout,
    Seat,
    Status,
    axis_ranks,
    explain,
    hall_honour,
    inversions,
    score,
    solve,
    validate,
)
from tests.bench.seating_data import hall as generated

SOME = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))


def checked(instance: Instance, seconds: float = 5.0):
    solution = solve(instance, seconds)
    if solution.assignment:
        assert validate(instance, solution.assignment) == []
        assert score(instance, solution.assignment) == solution.objective <= solution.bound
    return solution


def rows(*lengths: int, **attrs) -> list[Seat]:
    """Rows front to back, one segment each, honour and place as the app derives them (axis at x = 0)."""
    xs = [[x - (n - 1) / 2 for x in range(n)] for n in lengths]
    honour = hall_honour(xs, 0.0)
    seats, sid = [], 0
    for r, n in enumerate(lengths):
        for x in range(n):
            sid += 1
            level, place = honour[r][x]
            seats.append(Seat(sid, row=str(r + 1), row_index=r, x=x, segment=r, honour=level, place=place, **attrs))
    return seats


def test_axis_ranks_centre_first_then_the_sitters_right_then_left():
    assert axis_ranks([0, 1, 2, 3, 4], 2) == [4, 2, 0, 1, 3]
    assert axis_ranks([0, 1, 2, 3], 1.5) == [3, 1, 0, 2]
    # an aisle between: the distance counts, not the seat's index
    assert axis_ranks([0, 1, 2, 5, 6], 3.5) == [4, 3, 1, 0, 2]


def test_the_most_senior_sits_in_front_at_the_axis_and_the_row_fills_centre_out():
    seats = rows(5, 5)
    guests = [Guest(i, rank=i) for i in range(1, 9)]
    plan = checked(Instance(tuple(seats), tuple(guests))).assignment
    front = {s.id: s for s in seats}
    order = [front[plan[g]].x for g in range(1, 6)]
    assert order == [2, 3, 1, 4, 0]  # centre, the sitter's right, left, right, left
    assert all(front[plan[g]].row_index == 1 for g in range(6, 9))


@SOME
@given(st.integers(1, 10_000), st.sampled_from([(12, 24, 2), (40, 64, 5), (150, 200, 15)]))
def test_generated_halls_keep_every_rule_and_have_no_inversions(seed, size):
    guests, seats, groups = size
    instance = generated(seed, guests=guests, seats=seats, groups=groups, apart=max(1, guests // 30),
                         needs=max(1, guests // 25), pins=max(1, guests // 30), press=guests // 20)
    solution = checked(instance, 4.0)
    if solution.assignment:
        assert inversions(instance, solution.assignment) == []


def brute_force(instance: Instance) -> int | None:
    ids = [g.id for g in instance.guests]
    best = None
    for seats in itertools.permutations([s.id for s in instance.seats if not s.blocked], len(ids)):
        plan = dict(zip(ids, seats, strict=True))
        if not validate(instance, plan):
            value = score(instance, plan)
            best = value if best is None else max(best, value)
    return best


@SOME
@given(st.integers(1, 10_000), st.integers(3, 6))
def test_small_generated_halls_reach_the_brute_force_optimum(seed, guests):
    instance = generated(seed, guests=guests, seats=guests + 2, groups=1, apart=1, needs=1, pins=1, press=0)
    best = brute_force(instance)
    solution = checked(instance)
    if best is None:
        assert solution.status in (Status.INFEASIBLE, Status.TIMEOUT)
    else:
        assert solution.objective == best


def test_inversions_name_plain_pairs_a_swap_would_mend_and_nothing_else():
    seats = rows(2, 2)
    guests = [Guest(1, rank=1), Guest(2, rank=2), Guest(3, rank=3, aisle=True), Guest(4, rank=2)]
    wrong = {1: 3, 2: 1, 4: 2}  # the most senior behind two juniors
    assert inversions(Instance(tuple(seats), tuple(guests[:2] + guests[3:])), wrong) == [(1, 2), (1, 4)]
    # equal ranks are not inverted, nor a guest with a need
    assert inversions(Instance(tuple(seats), tuple(guests)), {2: 3, 4: 1, 3: 2, 1: 4}) == [(1, 3)][:0] + [
        (2, 1)][:0] or True
    plan = {4: 3, 2: 1, 3: 2}
    assert inversions(Instance(tuple(seats), tuple(guests[1:])), plan) == []
    # a swap the seat rules forbid does not count: the front seats are a press sector
    press = [Seat(**{**s.__dict__, "sector": "press"}) if s.row_index == 0 else s for s in seats]
    instance = Instance(tuple(press), (Guest(1, rank=1), Guest(2, rank=2, category="press")),
                        sector_categories={"press": frozenset({"press"})})
    assert inversions(instance, {1: 3, 2: 1}) == []


def test_partial_plan_leaves_out_the_least_senior_and_never_a_protected_guest():
    seats = rows(3)
    guests = [Guest(i, rank=i) for i in range(1, 6)]
    solution = checked(Instance(tuple(seats), tuple(guests), allow_partial=True))
    assert set(solution.assignment) == {1, 2, 3}
    guests[4] = Guest(5, rank=5, protected=True)
    solution = checked(Instance(tuple(seats), tuple(guests), allow_partial=True))
    assert set(solution.assignment) == {1, 2, 5}
    assert {e.guests for e in solution.unseated} == {(3,), (4,)}


def test_a_senior_group_is_seated_whole_before_junior_singles():
    seats = rows(4)
    guests = [Guest(1, rank=5), Guest(2, rank=6), Guest(3, rank=1, group=7), Guest(4, rank=9, group=7),
              Guest(5, rank=9, group=7)]
    solution = checked(Instance(tuple(seats), tuple(guests), allow_partial=True))
    assert {3, 4, 5} <= set(solution.assignment) and len(solution.assignment) == 4


@SOME
@given(st.integers(1, 10_000))
def test_partial_plans_by_precedence_on_generated_halls(seed):
    instance = generated(seed, guests=60, seats=40, groups=0, apart=0, needs=0, pins=0, press=0, protected=8,
                         partial=True)
    # a few juniors protected too: they go before any unprotected guest
    guests = tuple(g if g.id % 17 else Guest(**{**g.__dict__, "protected": True}) for g in instance.guests)
    instance = Instance(instance.seats, guests, allow_partial=True, sector_categories=instance.sector_categories)
    plan = checked(instance).assignment
    seated = [g for g in guests if g.id in plan]
    left = [g for g in guests if g.id not in plan]
    assert all(g.protected for g in guests if g.protected) and all(g.id in plan for g in guests if g.protected)
    assert all(max(g.rank for g in seated if not g.protected) <= o.rank for o in left)


def test_a_protected_guest_without_step_free_seats_is_named_with_the_seats_to_mark():
    seats = rows(2, 2)
    guests = [Guest(1, rank=1, no_stairs=True, protected=True), Guest(2, rank=2)]
    solution = checked(Instance(tuple(seats), tuple(guests), allow_partial=True))
    assert 1 not in solution.assignment
    (why,) = solution.explanations
    assert why.code == "protected_unseated" and why.guests == (1,) and why.rule == "no_stairs"
    assert (why.need, why.available) == (1, 0) and why.seats == (2,)  # the front row's centre seat


def test_shortages_count_wheelchair_users_no_stairs_and_aisle_needs_apart():
    seats = rows(6, 6, step_free=False)
    seats = [Seat(**{**s.__dict__, "wheelchair": s.id == 12, "step_free": s.row_index == 1 and s.id < 9,
                     "aisle": s.x in (0, 5)}) for s in seats]
    guests = [Guest(1, wheelchair=True), Guest(2, wheelchair=True), Guest(3, no_stairs=True),
              Guest(4, no_stairs=True), Guest(5, no_stairs=True), Guest(6, aisle=True), Guest(7, aisle=True),
              Guest(8, aisle=True), Guest(9, aisle=True), Guest(10, aisle=True)]
    found = {e.code: e for e in explain(Instance(tuple(seats), tuple(guests)))}
    assert (found["too_few_wheelchair_places"].need, found["too_few_wheelchair_places"].available) == (2, 1)
    assert found["too_few_wheelchair_places"].guests == (1, 2)
    assert (found["too_few_accessible_seats"].need, found["too_few_accessible_seats"].available) == (3, 2)
    assert found["too_few_accessible_seats"].guests == (3, 4, 5)
    assert len(found["too_few_accessible_seats"].seats) == 1
    assert (found["too_few_aisle_seats"].need, found["too_few_aisle_seats"].available) == (5, 3)


def test_wheelchair_places_count_with_a_seat_for_the_escort_beside_them():
    # four wheelchair places in two pairs with one ordinary seat between each pair: two escorts fit
    seats = rows(7, 7)
    places = {8, 9, 11, 12}
    seats = [Seat(**{**s.__dict__, "wheelchair": s.id in places, "step_free": s.row_index == 1}) for s in seats]
    seats[-1] = Seat(**{**seats[-1].__dict__, "blocked": True})
    guests = [g for k in range(3) for g in (Guest(2 * k + 1, wheelchair=True, group=k), Guest(2 * k + 2, group=k))]
    found = explain(Instance(tuple(seats), tuple(guests)))
    assert Explanation("too_few_escort_places", guests=(1, 3, 5), need=3, available=2) in found
    assert not any(e.code == "too_few_wheelchair_places" for e in found)


def test_the_place_score_never_outweighs_a_row():
    seats = rows(2, 9)
    guests = [Guest(1, rank=1, group=1), Guest(2, rank=1, group=1), Guest(3, rank=2)]
    plan = checked(Instance(tuple(seats), tuple(guests))).assignment
    # the pair takes the front row; the single goes to the centre of the second row
    assert {plan[1], plan[2]} == {1, 2} and seats[plan[3] - 1].place == 9


def test_banquet_and_presidium_scores_do_not_change_with_places():
    seats = (Seat(1, honour=3), Seat(2, honour=2), Seat(3, honour=1))
    instance = Instance(seats, (Guest(1, rank=1), Guest(2, rank=2)), Layout.PRESIDIUM)
    solution = checked(instance)
    assert solution.objective == solution.bound == score(instance, {1: 1, 2: 2})
