"""The seating engine: each hard rule feasible and infeasible, the explanations, the validator, the presidium.

Small instances. Every plan the solver returns goes through validate() (see solved()), which shares no code
with the solver; on tiny random halls and banquets the solver's objective is compared with brute force.
"""

import ast
import itertools
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import seating
from solver.seating import (
    Explanation,
    Guest,
    Instance,
    Layout,
    Seat,
    Status,
    around,
    centre_out,
    explain,
    score,
    solve,
    validate,
    weights,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def row(n: int, *, first: int = 1, segment: int = 0, row_index: int = 0, honour=None, **attrs) -> list[Seat]:
    """n seats side by side, x = 0 .. n-1; honour(x) (default: highest in the middle)."""
    honour = honour or (lambda x: 100 - abs(2 * x - (n - 1)))
    return [Seat(first + x, row=str(row_index + 1), row_index=row_index, x=x, segment=segment, honour=honour(x),
                 **attrs) for x in range(n)]


def with_attrs(seats: list[Seat], ids: set[int], **attrs) -> list[Seat]:
    return [Seat(**{**s.__dict__, **attrs}) if s.id in ids else s for s in seats]


def hall(seats, guests, **kw) -> Instance:
    return Instance(tuple(seats), tuple(guests), Layout.HALL, **kw)


def solved(instance: Instance, time_limit: float = 5.0) -> seating.Solution:
    """Solves and holds every returned plan to validate(); INFEASIBLE always comes explained."""
    solution = solve(instance, time_limit)
    if solution.assignment:
        assert validate(instance, solution.assignment) == [], validate(instance, solution.assignment)
        assert score(instance, solution.assignment) == solution.objective
        assert solution.bound is None or solution.objective <= solution.bound
    if solution.status == Status.INFEASIBLE:
        assert solution.explanations, "a bare INFEASIBLE"
    for e in solution.unseated:
        assert len(e.guests) == 1 and e.guests[0] not in solution.assignment
    return solution


def codes(explanations) -> list[str]:
    return [e.code for e in explanations]


def adjacent(instance: Instance, a: int, b: int, assignment) -> bool:
    seats = {s.id: s for s in instance.seats}
    sa, sb = seats[assignment[a]], seats[assignment[b]]
    return sa.segment == sb.segment and sa.table is None and abs(sa.x - sb.x) == 1


# ------------------------------------------------------------------------------ weights and honour orders


def test_weights_run_from_one_to_2n_minus_1_and_tie_on_equal_rank():
    w = weights([Guest(1, rank=1), Guest(2, rank=2), Guest(3, rank=2), Guest(4, rank=9)])
    assert w[1] == 2 * 4 - 1 and w[4] == 1
    assert w[2] == w[3] and w[1] > w[2] > w[4]


def expected_position(n: int, k: int) -> int:
    """The k-th (0-based) most honoured place of a row of n (x grows to the right of those seated):
    odd n: the centre, then right and left of it alternately; even n: right of the centre, then left, ..."""
    if n % 2:
        c = n // 2
        return c if k == 0 else c + (k + 1) // 2 if k % 2 else c - k // 2
    r = n // 2
    return r + k // 2 if k % 2 == 0 else r - 1 - k // 2


@given(st.integers(1, 40))
def test_centre_out_alternates_right_and_left_from_the_centre(n):
    order = centre_out(n)
    assert sorted(order) == list(range(n))
    assert order == [expected_position(n, k) for k in range(n)]


@given(st.integers(1, 14), st.data())
def test_around_a_table_goes_host_right_left_and_farther(n, data):
    host = data.draw(st.integers(0, n - 1))
    order = around(n, host)
    assert sorted(order) == list(range(n)) and order[0] == host
    distances = [min((p - host) % n, (host - p) % n) for p in order]
    assert distances == sorted(distances)
    if n > 2:
        assert order[1] == (host + 1) % n and order[2] == (host - 1) % n


# ------------------------------------------------------------------------------------------- presidium


def presidium(n: int, ranks: list[int], extra: dict[int, dict] | None = None, **kw) -> Instance:
    """Seats x = 0 .. n-1 (id 100 + x) with honour by centre_out(); guests 1 .. len(ranks), extra[id] their needs."""
    order = centre_out(n)
    seats = tuple(Seat(100 + x, row="П", x=x, segment=0, honour=n - order.index(x)) for x in range(n))
    guests = tuple(Guest(i + 1, rank=r, **(extra or {}).get(i + 1, {})) for i, r in enumerate(ranks))
    return Instance(seats, guests, Layout.PRESIDIUM, **kw)


@FAST
@given(st.lists(st.integers(1, 6), min_size=1, max_size=25), st.integers(0, 5))
def test_presidium_seats_the_k_th_most_senior_at_the_k_th_place_of_the_alternation(ranks, spare):
    n = len(ranks) + spare
    instance = presidium(n, ranks)
    solution = solved(instance)
    assert solution.status == Status.OPTIMAL and solution.objective == solution.bound
    by_precedence = sorted(instance.guests, key=lambda g: (g.rank, g.id))
    x = {s.id: s.x for s in instance.seats}
    for k, g in enumerate(by_precedence):
        assert x[solution.assignment[g.id]] == expected_position(n, k)


def test_presidium_of_25_takes_under_100_ms():
    instance = presidium(25, [1, 2, 2, 3, 4, 4, 4, 5] + [6] * 17)
    started = time.perf_counter()
    solution = solve(instance, 1.0)
    assert time.perf_counter() - started < 0.1
    assert solution.status == Status.OPTIMAL and validate(instance, solution.assignment) == []


def test_presidium_pin_off_the_order_is_explained_and_partial_leaves_the_guest_out():
    instance = presidium(3, [1, 2, 3], {2: {"pinned": 100}})  # the second most senior pinned to the far left
    solution = solved(instance)
    assert solution.status == Status.INFEASIBLE
    assert Explanation("presidium_pin", guests=(2,), seats=(100, 102)) in solution.explanations
    partial = solved(Instance(instance.seats, instance.guests, Layout.PRESIDIUM, allow_partial=True))
    assert codes(partial.unseated) == ["presidium_pin"] and 2 not in partial.assignment


def test_presidium_seat_unsuitable_for_its_guest_and_apart_pair_side_by_side():
    instance = presidium(3, [1, 2, 3], {1: {"wheelchair": True}})
    assert set(codes(solved(instance).explanations)) == {"presidium_seat", "too_few_wheelchair_places"}
    apart = presidium(3, [1, 2, 3], apart_pairs=((1, 2),))
    assert codes(solved(apart).explanations) == ["presidium_apart"]


def test_validator_checks_the_presidium_order():
    instance = presidium(3, [1, 2, 3])
    good = solved(instance).assignment
    swapped = {**good, 1: good[2], 2: good[1]}
    assert {v.code for v in validate(instance, swapped)} == {"presidium"}


# -------------------------------------------------------------------------------------- the validator


@given(st.lists(st.integers(1, 6), min_size=1, max_size=8))
def test_validator_flags_exactly_the_seats_given_twice_and_the_guests_left_out(seat_ids):
    instance = hall(row(6), [Guest(i + 1, rank=1) for i in range(8)])
    assignment = {g + 1: s for g, s in enumerate(seat_ids)}
    found = validate(instance, assignment)
    assert sum(v.code == "seat_taken" for v in found) == len(seat_ids) - len(set(seat_ids))
    assert sum(v.code == "unseated" for v in found) == 8 - len(set(seat_ids))  # the second comer has no seat


@given(st.lists(st.integers(0, 7), min_size=2, max_size=4, unique=True))
def test_validator_group_rule_is_contiguity_in_one_segment(xs):
    instance = hall(row(8), [Guest(i + 1, rank=1, group=1) for i in range(len(xs))])
    assignment = {i + 1: 1 + x for i, x in enumerate(xs)}
    contiguous = max(xs) - min(xs) + 1 == len(xs)
    assert (validate(instance, assignment) == []) == contiguous


@given(st.integers(0, 7), st.integers(0, 7))
def test_validator_apart_rule_is_side_by_side_in_a_segment(a, b):
    if a == b:
        return
    instance = hall(row(8), [Guest(1), Guest(2)], apart_pairs=((1, 2),))
    found = validate(instance, {1: 1 + a, 2: 1 + b})
    assert [v.code for v in found] == (["apart"] if abs(a - b) == 1 else [])


def test_validator_names_each_seat_rule():
    seats = row(6)
    seats = with_attrs(seats, {1}, blocked=True)
    seats = with_attrs(seats, {2}, wheelchair=True)
    seats = with_attrs(seats, {3}, companion=True)
    seats = with_attrs(seats, {4}, sector="press")
    instance = hall(seats, [Guest(1), Guest(2), Guest(3), Guest(4, category="public"), Guest(5, wheelchair=True),
                            Guest(6, aisle=True, no_stairs=True, pinned=1)],
                    sector_categories={"press": frozenset({"press"})})
    found = {(v.code, v.guest) for v in validate(instance, {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6})}
    assert found == {("blocked", 1), ("wheelchair_place", 2), ("companion", 3), ("sector", 4), ("wheelchair", 5),
                     ("aisle", 6), ("no_stairs", 6), ("pinned", 6)}


def test_validator_banquet_groups_share_a_table_and_apart_pairs_do_not():
    seats = [Seat(i + 1, x=i % 3, table=i // 3, honour=10) for i in range(6)]
    instance = Instance(tuple(seats), (Guest(1, group=1), Guest(2, group=1), Guest(3)), Layout.BANQUET,
                        apart_pairs=((1, 3),))
    assert {v.code for v in validate(instance, {1: 1, 2: 4, 3: 5})} == {"group"}
    assert {v.code for v in validate(instance, {1: 1, 2: 2, 3: 3})} == {"apart"}
    assert validate(instance, {1: 1, 2: 2, 3: 4}) == []


# ------------------------------------------------------------------------------ brute force on tiny halls


def brute_force(instance: Instance) -> int | None:
    guests = [g.id for g in instance.guests]
    best = None
    for seats in itertools.permutations([s.id for s in instance.seats], len(guests)):
        plan = dict(zip(guests, seats, strict=True))
        if not validate(instance, plan):
            value = score(instance, plan)
            best = value if best is None else max(best, value)
    return best


@st.composite
def tiny_halls(draw):
    lengths = draw(st.lists(st.integers(1, 4), min_size=1, max_size=2))
    seats, first = [], 1
    for seg, n in enumerate(lengths):
        levels = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
        seats += [Seat(first + x, row="1", x=x, segment=seg, honour=levels[x], aisle=x in (0, n - 1),
                       blocked=draw(st.integers(0, 9)) == 0) for x in range(n)]
        first += n
    count = draw(st.integers(1, min(5, len(seats))))
    ranks = draw(st.lists(st.integers(1, 3), min_size=count, max_size=count))
    groups = draw(st.lists(st.sampled_from([None, 1, 2]), min_size=count, max_size=count))
    aisle = draw(st.lists(st.integers(0, 6), min_size=count, max_size=count))
    guests = [Guest(i + 1, rank=r, group=grp, aisle=a == 0) for i, (r, grp, a) in enumerate(zip(ranks, groups, aisle,
                                                                                                strict=True))]
    if draw(st.booleans()):
        i = draw(st.integers(0, count - 1))
        g = guests[i]
        guests[i] = Guest(g.id, rank=g.rank, group=g.group, aisle=g.aisle, pinned=draw(st.sampled_from(seats)).id)
    apart = ()
    if count >= 2 and draw(st.booleans()):
        a, b = draw(st.lists(st.integers(1, count), min_size=2, max_size=2, unique=True))
        apart = ((a, b),)
    return hall(seats, guests, apart_pairs=apart)


@FAST
@given(tiny_halls())
def test_hall_plans_are_optimal_against_brute_force(instance):
    best = brute_force(instance)
    solution = solved(instance)
    if best is None:
        assert solution.status in (Status.INFEASIBLE, Status.TIMEOUT) and solution.explanations
    else:
        assert solution.status == Status.OPTIMAL and solution.objective == best == solution.bound


@st.composite
def tiny_banquets(draw):
    tables = draw(st.integers(1, 3))
    per = draw(st.integers(2, 3))
    seats = [Seat(t * per + x + 1, x=x, table=t, segment=t, honour=draw(st.integers(1, 5)),
                  wheelchair=t == 0 and x == 1 and draw(st.booleans())) for t in range(tables) for x in range(per)]
    count = draw(st.integers(1, min(5, len(seats))))
    guests = [Guest(i + 1, rank=draw(st.integers(1, 3)), group=draw(st.sampled_from([None, 1, 2])),
                    wheelchair=i == 0 and draw(st.booleans())) for i in range(count)]
    apart = ((1, count),) if count >= 2 and draw(st.booleans()) else ()
    return Instance(tuple(seats), tuple(guests), Layout.BANQUET, apart_pairs=apart)


@FAST
@given(tiny_banquets())
def test_banquet_plans_are_optimal_against_brute_force(instance):
    best = brute_force(instance)
    solution = solved(instance)
    if best is None:
        assert solution.status in (Status.INFEASIBLE, Status.TIMEOUT) and solution.explanations
    else:
        assert solution.objective == best


# ------------------------------------------------------------------------ each rule, feasible and not


def test_most_senior_in_the_most_honoured_seat_and_equal_ranks_by_id():
    instance = hall(row(5), [Guest(3, rank=2), Guest(2, rank=2), Guest(1, rank=1)])
    plan = solved(instance).assignment
    x = {s.id: s.x for s in instance.seats}
    assert x[plan[1]] == 2  # the centre
    assert {x[plan[2]], x[plan[3]]} == {1, 3}


def test_too_few_seats_counts_need_and_available():
    instance = hall(row(3), [Guest(i + 1) for i in range(5)])
    assert solved(instance).explanations == (Explanation("too_few_seats", need=5, available=3),)
    assert explain(instance) == [Explanation("too_few_seats", need=5, available=3)]


def test_blocked_seats_stay_empty_and_do_not_count():
    seats = with_attrs(row(4), {2, 3}, blocked=True)
    ok = solved(hall(seats, [Guest(1), Guest(2)]))
    assert set(ok.assignment.values()) == {1, 4}
    assert codes(solved(hall(seats, [Guest(1), Guest(2), Guest(3)])).explanations) == ["too_few_seats"]


def test_wheelchair_users_on_wheelchair_places_and_only_they():
    seats = with_attrs(row(4), {4}, wheelchair=True)
    plan = solved(hall(seats, [Guest(1, wheelchair=True), Guest(2, rank=0)])).assignment
    assert plan[1] == 4 and plan[2] != 4
    short = solved(hall(seats, [Guest(1, wheelchair=True), Guest(2, wheelchair=True)]))
    assert Explanation("too_few_wheelchair_places", guests=(1, 2), need=2, available=1) in short.explanations
    full = solved(hall(seats, [Guest(i + 1) for i in range(4)]))  # the wheelchair place is not for them
    assert full.explanations == (Explanation("too_few_seats", need=4, available=3),)


def test_no_stairs_needs_a_step_free_seat():
    seats = with_attrs(row(3), {1}, step_free=True)
    assert solved(hall(seats, [Guest(1, no_stairs=True), Guest(2, rank=0)])).assignment[1] == 1
    short = solved(hall(seats, [Guest(1, no_stairs=True), Guest(2, no_stairs=True)]))
    assert codes(short.explanations) == ["too_few_accessible_seats"]


def test_aisle_needs_an_aisle_seat():
    seats = with_attrs(row(4), {1, 4}, aisle=True)
    plan = solved(hall(seats, [Guest(1, aisle=True, rank=5), Guest(2, rank=0)])).assignment
    assert plan[1] in (1, 4)
    short = solved(hall(seats, [Guest(i + 1, aisle=True) for i in range(3)]))
    assert Explanation("too_few_aisle_seats", guests=(1, 2, 3), need=3, available=2) in short.explanations


def test_sector_by_category_both_ways():
    seats = row(3) + row(2, first=10, segment=1, sector="press", honour=lambda x: 1)
    rules = {"press": frozenset({"press"})}
    guests = [Guest(1, rank=9, category="press", sectors=frozenset({"press"})), Guest(2, rank=1), Guest(3, rank=2)]
    plan = solved(hall(seats, guests, sector_categories=rules)).assignment
    assert plan[1] in (10, 11) and plan[2] not in (10, 11) and plan[3] not in (10, 11)
    crowd = [Guest(i + 1, category="press", sectors=frozenset({"press"})) for i in range(3)]
    assert codes(solved(hall(seats, crowd, sector_categories=rules)).explanations) == ["too_few_sector_seats"]
    public = [Guest(i + 1) for i in range(4)]  # the press sector admits no one else
    assert codes(solved(hall(seats, public, sector_categories=rules)).explanations) == ["too_few_seats"]


def test_companion_seat_goes_to_the_escort_of_a_wheelchair_user():
    seats = with_attrs(with_attrs(row(4, honour=lambda x: 10 - x), {1}, wheelchair=True), {2}, companion=True)
    plan = solved(hall(seats, [Guest(1, wheelchair=True, group=5), Guest(2, rank=9, group=5), Guest(3, rank=1)]))
    assert plan.assignment[1] == 1 and plan.assignment[2] == 2 and plan.assignment[3] == 3
    alone = solved(hall(seats, [Guest(1), Guest(2), Guest(3)]))  # companion and wheelchair places unusable
    assert alone.explanations == (Explanation("too_few_seats", need=3, available=2),)


def test_pins_are_kept_and_bad_pins_explained():
    seats = with_attrs(row(4), {4}, blocked=True)
    assert solved(hall(seats, [Guest(1, rank=1), Guest(2, rank=2, pinned=3)])).assignment[2] == 3
    bad = solved(hall(seats, [Guest(1, pinned=4), Guest(2, pinned=2), Guest(3, pinned=2), Guest(4, pinned=99)]))
    found = set(bad.explanations)
    assert Explanation("pin_blocked", guests=(1,), seats=(4,)) in found
    assert Explanation("pin_conflict", guests=(2, 3), seats=(2,)) in found
    assert Explanation("pin_unknown_seat", guests=(4,), seats=(99,)) in found
    wheel = with_attrs(row(3), {1}, wheelchair=True)
    assert codes(explain(hall(wheel, [Guest(1, pinned=1)]))) == ["pin_wheelchair_place"]
    press = row(2, sector="press")
    assert codes(explain(hall(press, [Guest(1, pinned=1, sectors=frozenset({"vip"}))]))) == [
        "pin_sector", "too_few_sector_seats"]


def test_groups_sit_side_by_side_in_one_segment():
    seats = row(3) + row(3, first=4, segment=1, honour=lambda x: 50)
    guests = [Guest(1, rank=1), Guest(2, rank=5, group=7), Guest(3, rank=5, group=7), Guest(4, rank=5, group=7)]
    plan = solved(hall(seats, guests)).assignment
    assert sorted(plan[g] for g in (2, 3, 4)) in ([1, 2, 3], [4, 5, 6])


def test_group_longer_than_any_segment_or_without_a_fitting_block():
    seats = row(3) + row(2, first=4, segment=1)
    long = solved(hall(seats, [Guest(i + 1, group=1) for i in range(4)]))
    assert long.explanations == (Explanation("group_too_long", guests=(1, 2, 3, 4), group=1, need=4, available=3),)
    place = row(3) + row(1, first=9, segment=1, wheelchair=True)  # the only wheelchair place stands alone
    nowhere = explain(hall(place, [Guest(1, wheelchair=True, group=1), Guest(2, group=1)]))
    assert nowhere == [Explanation("too_few_escort_places", guests=(1,), need=1, available=0),
                       Explanation("group_no_place", guests=(1, 2), group=1, need=2)]


def test_group_pinned_too_far_apart():
    found = explain(hall(row(6), [Guest(1, group=1, pinned=1), Guest(2, group=1, pinned=6)]))
    assert codes(found) == ["group_pins_apart"]


def test_apart_pairs_never_side_by_side():
    # without the pair the two most senior would take the two central seats
    instance = hall(row(5), [Guest(1, rank=1), Guest(2, rank=2), Guest(3, rank=3)], apart_pairs=((1, 2),))
    solution = solved(instance)
    assert solution.status == Status.OPTIMAL and not adjacent(instance, 1, 2, solution.assignment)


def test_apart_pair_inside_a_family_of_three_sits_at_its_ends():
    instance = hall(row(5), [Guest(i + 1, group=1) for i in range(3)], apart_pairs=((1, 2),))
    plan = solved(instance).assignment
    assert not adjacent(instance, 1, 2, plan)


def test_apart_pairs_that_cannot_be_kept_are_explained():
    assert codes(explain(hall(row(4), [Guest(1, pinned=1), Guest(2, pinned=2)], apart_pairs=((1, 2),)))) == [
        "apart_pins"]
    assert codes(explain(hall(row(4), [Guest(1, group=1), Guest(2, group=1)], apart_pairs=((1, 2),)))) == [
        "apart_in_group"]


def test_infeasible_by_packing_names_who_has_no_room():
    # three pairs, two segments of three: the counts fit (6 guests, 6 seats) and every pair fits a segment,
    # but no plan seats them all
    seats = row(3) + row(3, first=4, segment=1)
    instance = hall(seats, [Guest(i + 1, group=i // 2) for i in range(6)])
    assert explain(instance) == []
    solution = solved(instance)
    assert solution.status == Status.INFEASIBLE
    assert solution.explanations and all(e.code == "no_room" for e in solution.explanations)


# ---------------------------------------------------------------------------------------- allow_partial


def test_partial_leaves_the_most_junior_out_with_the_reason():
    instance = hall(row(3), [Guest(i + 1, rank=i) for i in range(5)], allow_partial=True)
    solution = solved(instance)
    assert set(solution.assignment) == {1, 2, 3}
    assert [(e.code, e.guests) for e in solution.unseated] == [("too_few_seats", (4,)), ("too_few_seats", (5,))]


def test_partial_keeps_groups_whole_and_names_bad_pins():
    seats = with_attrs(row(4), {4}, blocked=True)
    guests = [Guest(1, rank=1, pinned=4), Guest(2, rank=2, group=1), Guest(3, rank=2, group=1), Guest(4, rank=3)]
    solution = solved(hall(seats, guests, allow_partial=True))
    assert 1 not in solution.assignment and {2, 3, 4} <= set(solution.assignment)
    assert solution.unseated == (Explanation("pin_blocked", guests=(1,), seats=(4,)),)


# --------------------------------------------------------------------------------------------- banquet


def tables(count: int, per: int, **attrs) -> list[Seat]:
    order = around(per)
    return [Seat(t * per + x + 1, row=f"Стол {t + 1}", row_index=t, x=x, segment=t, table=t,
                 honour=100 - 10 * t - order.index(x), **attrs) for t in range(count) for x in range(per)]


def test_banquet_groups_at_one_table_apart_pairs_at_two():
    guests = [Guest(1, rank=1), Guest(2, rank=2, group=1), Guest(3, rank=5, group=1), Guest(4, rank=2),
              Guest(5, rank=3)]
    instance = Instance(tuple(tables(2, 3)), tuple(guests), Layout.BANQUET, apart_pairs=((1, 4),))
    solution = solved(instance)
    table = {s.id: s.table for s in instance.seats}
    assert table[solution.assignment[2]] == table[solution.assignment[3]]
    assert table[solution.assignment[1]] != table[solution.assignment[4]]
    assert solution.status == Status.OPTIMAL


def test_banquet_host_right_then_left():
    instance = Instance(tuple(tables(1, 4)), tuple(Guest(i + 1, rank=i) for i in range(4)), Layout.BANQUET)
    plan = solved(instance).assignment
    x = {s.id: s.x for s in instance.seats}
    assert [x[plan[g]] for g in (1, 2, 3, 4)] == around(4)


def test_banquet_group_larger_than_a_table_and_apart_in_one_group():
    instance = Instance(tuple(tables(2, 2)), tuple(Guest(i + 1, group=1) for i in range(3)), Layout.BANQUET)
    assert solved(instance).explanations == (
        Explanation("group_too_long", guests=(1, 2, 3), group=1, need=3, available=2),)
    pair = Instance(tuple(tables(2, 3)), (Guest(1, group=1), Guest(2, group=1)), Layout.BANQUET,
                    apart_pairs=((1, 2),))
    assert codes(solved(pair).explanations) == ["apart_in_group"]


def test_banquet_fills_a_companion_seat_with_the_escort():
    seats = tables(2, 3)
    seats = with_attrs(with_attrs(seats, {5}, wheelchair=True), {6}, companion=True)
    guests = [Guest(1, rank=1), Guest(2, rank=2), Guest(3, rank=3), Guest(4, rank=4, wheelchair=True, group=1),
              Guest(5, rank=9, group=1), Guest(6, rank=5)]
    solution = solved(Instance(tuple(seats), tuple(guests), Layout.BANQUET))
    assert solution.assignment[4] == 5 and solution.assignment[5] == 6


# ----------------------------------------------------------------------------------------- the module


def test_solver_module_imports_only_the_standard_library_and_ortools():
    modules = sorted(Path(seating.__file__).parent.glob("*.py"))
    assert len(modules) > 1  # every module of the package, not only its __init__
    roots = {(n.module if isinstance(n, ast.ImportFrom) else a.name).split(".")[0]
             for path in modules for n in ast.walk(ast.parse(path.read_text()))
             if isinstance(n, ast.Import | ast.ImportFrom)
             for a in (n.names if isinstance(n, ast.Import) else [n])}
    assert roots - set(sys.stdlib_module_names) - {"__future__"} <= {"ortools", "solver"}


def test_the_same_input_gives_the_same_plan():
    seats = row(4) + row(4, first=5, segment=1, row_index=1, honour=lambda x: 50)
    guests = [Guest(i + 1, rank=i % 3, group=1 if i in (2, 3) else None) for i in range(7)]
    first, second = solved(hall(seats, guests)), solved(hall(seats, guests))
    assert first.assignment == second.assignment


def test_progress_hears_of_the_plans():
    heard = []
    solution = solve(hall(row(5), [Guest(i + 1, rank=i) for i in range(4)]), 2.0,
                     on_progress=lambda value, bound: heard.append((value, bound)))
    assert heard and heard[-1][0] == solution.objective and all(v <= b for v, b in heard)


@pytest.mark.parametrize("layout", [Layout.HALL, Layout.BANQUET, Layout.PRESIDIUM])
def test_duplicate_ids_are_explained(layout):
    seats = tables(1, 3) if layout == Layout.BANQUET else row(3)
    found = explain(Instance(tuple(seats), (Guest(1), Guest(1)), layout))
    assert found == [Explanation("duplicate_guest", guests=(1,))]
