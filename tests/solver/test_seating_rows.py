"""The hall's bounds and the re-packing of a plan a few rows at a time (solver.seating.neighbourhood).

The bounds are held to brute force on tiny halls (no plan keeping every rule scores above them) and to the
plans the solver finds on generated ones; the re-packing never lowers a plan's score, keeps every unit and
every run's seats, and its plan, arranged, keeps every rule and scores what it claims; the dive's plan made
whole seats every unit once, and stands as the answer where CP-SAT is not run.
"""

import math
from collections import defaultdict
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import seating
from solver.seating import Guest, Instance, Layout, Seat, hall_lp, validate
from solver.seating.configuration_lp import _Master
from solver.seating.hall import _Hall
from solver.seating.hall_lp import (
    _as_plan,
    _best_dive,
    _completed,
    _constructed,
    _constructed_value,
    _repacked,
    _repacked_rows,
    _repackings,
    _transport_bound,
)
from solver.seating.neighbourhood import improve_rows
from solver.seating.objective import level_score
from solver.seating.rules import _Rules
from tests.solver.test_seating import brute_force, tiny_halls

SOME = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))


def model(instance: Instance) -> _Hall:
    return _Hall(_Rules(instance), [g.id for g in seating.precedence(instance.guests)], instance.allow_partial)


def converged_bound(hall: _Hall) -> float:
    """The configuration LP's Lagrangian bound, priced to its optimum (the relaxation's duals first)."""
    master = _Master(hall, hall.crossing())
    master.relax()
    master.converge(math.inf)
    return master.bound


def best_level_score(instance: Instance) -> int | None:
    """The highest level score of any plan keeping every rule (brute force over the seats)."""
    best = brute_force(instance)
    return None if best is None else best // seating.scale(instance)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_halls())
def test_no_plan_scores_above_the_bounds_on_tiny_halls(instance):
    best = best_level_score(instance)
    hall = model(instance)
    if best is None or not hall.runs:
        return
    assert _transport_bound(hall) + hall.fixed_value >= best
    assert converged_bound(hall) + hall.fixed_value >= best - 1e-6


def generated(seed: int, guests: int) -> Instance:
    from tests.bench.seating_data import hall

    return hall(seed, guests=guests, seats=guests + guests // 10, groups=guests // 10, apart=guests // 50,
                needs=guests // 40, pins=guests // 30, press=guests // 20)


def repacked_plan(hall: _Hall):
    """The repacked constructive plan as counts and crossing blocks, its placements, the types left out."""
    placed, left = hall.construct()
    placed, left = _repacked(hall, _repackings(hall, placed, left), placed, left)
    value = _constructed_value(hall, placed, left)
    return _as_plan(hall, placed, value, value), placed, left


@SOME
@given(st.integers(1, 10_000), st.sampled_from([300, 800]))
def test_the_bound_holds_for_the_solvers_plans_on_generated_halls(seed, guests):
    instance = generated(seed, guests)
    solution = seating.solve(instance, 3.0)
    if not solution.assignment:
        return
    m = seating.scale(instance)
    assert solution.objective <= solution.bound
    assert level_score(instance, solution.assignment) <= solution.bound // m
    hall = model(instance)
    assert level_score(instance, solution.assignment) <= converged_bound(hall) + hall.fixed_value + 1e-6


def test_re_packed_plans_stay_under_the_configuration_lp_bound():
    for seed in (1, 2):
        instance = generated(seed, 300)
        hall = model(instance)
        plan, _placed, left = repacked_plan(hall)
        if left:
            continue
        better = improve_rows(hall, plan, math.inf)
        assert better.value + hall.fixed_value <= converged_bound(hall) + hall.fixed_value + 1e-6


@SOME
@given(st.integers(1, 10_000), st.sampled_from([300, 800]))
def test_repacking_rows_keeps_units_and_seats_and_never_lowers_the_score(seed, guests):
    instance = generated(seed, guests)
    hall = model(instance)
    plan, placed, left = repacked_plan(hall)
    if left:
        return
    better = improve_rows(hall, plan, math.inf)
    assert better.value >= plan.value
    assert better.windows == plan.windows
    value = (sum(hall.runs[r].honour * hall.kinds[k].weight * n for (k, r), n in better.counts.items())
             + sum(w[2] for w in better.windows))
    assert value == better.value

    def per_kind(counts):
        out: dict[int, int] = defaultdict(int)
        for (k, _r), n in counts.items():
            out[k] += n
        return dict(out)

    assert per_kind(better.counts) == per_kind(plan.counts)
    taken: dict[int, int] = defaultdict(int)
    for _ti, members, _v in better.windows:
        for i in members:
            if i in hall.run_of:
                taken[hall.run_of[i]] += 1
    for (k, r), n in better.counts.items():
        assert hall.eligible(hall.kinds[k], hall.runs[r])
        taken[r] += hall.kinds[k].size * n
        if any(hall.types[ti].special for ti in hall.kinds[k].types):  # pinned or apart: stays
            assert plan.counts.get((k, r)) == n
    assert all(taken[r] <= hall.runs[r].size for r in taken)
    assignment, out, failing = hall.arrange(better)
    if not failing:
        assert out == [] and validate(instance, assignment) == []
        assert level_score(instance, assignment) == better.value + hall.fixed_value
    kept = _constructed(hall, placed, [], plan.value)
    if kept is not None:  # the solver's use: the repacked plan re-packed, kept only when it keeps every rule
        result = _repacked_rows(hall, placed, kept, math.inf)
        assert validate(instance, result.assignment) == [] and result.value >= kept.value
        assert level_score(instance, result.assignment) == result.value + hall.fixed_value


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("dive", [False, True])
def test_the_dives_plan_made_whole_seats_every_unit_once_in_runs_that_hold_them(seed, dive):
    from tests.bench.seating_data import hall as generate

    instance = generate(seed, guests=300, seats=360, groups=30, apart=6, needs=7, pins=10, press=15)
    hall = model(instance)
    master = _Master(hall, hall.crossing())
    master.relax()
    master.converge(math.inf)
    if dive:
        master.dive(math.inf, 2e-4)
    counts, chosen = master.plan()
    plan = _completed(hall, master, counts, chosen)
    assert plan is not None
    placed: dict[int, int] = defaultdict(int)
    taken: dict[int, int] = defaultdict(int)
    seats: list[int] = []
    for ti, members, _v in plan.windows:
        placed[hall.types[ti].kind] += 1
        seats += members
        for i in members:
            if i in hall.run_of:
                taken[hall.run_of[i]] += 1
    for (k, r), n in plan.counts.items():
        assert hall.eligible(hall.kinds[k], hall.runs[r])
        placed[k] += n
        taken[r] += hall.kinds[k].size * n
    assert dict(placed) == {k: kind.count for k, kind in enumerate(hall.kinds)}
    of_type = defaultdict(int)
    for ti, _members, _v in plan.windows:
        of_type[ti] += 1
    assert all(n <= hall.types[ti].count for ti, n in of_type.items())
    assert all(taken[r] <= hall.runs[r].size for r in taken) and len(seats) == len(set(seats))
    assert all(plan.counts.get(key) == n for key, n in counts.items() if key[1] in master.fixed)
    assert set(chosen) <= plan.window_index
    assert plan.value == (sum(hall.runs[r].honour * hall.kinds[k].weight * n for (k, r), n in plan.counts.items())
                          + sum(w[2] for w in plan.windows))
    assert plan.value <= converged_bound(hall)
    assignment, out, failing = hall.arrange(plan)
    if not failing:
        assert out == [] and validate(instance, assignment) == []
        assert level_score(instance, assignment) == plan.value + hall.fixed_value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_dive_on_a_whole_lp_keeps_its_plan(seed):
    # singles only: the LP is whole once converged (on the demo's hall it was whole at its start, the plans at
    # hand among its columns); the dive fixed nothing then, and the plan made whole was built from empty runs
    from tests.bench.seating_data import hall as generate

    hall = model(generate(seed, guests=300, seats=360, groups=0, apart=0, needs=0, pins=0))
    master = _Master(hall, hall.crossing())
    master.relax()
    master.converge(math.inf)
    lp = master.value()
    in_use = {(r, key) for x, r, key, _v in master.columns()}
    assert master.dive(math.inf, 2e-4)
    assert master.columns() == [] and {(r, key) for r in master.fixed for key, v in master.patterns[r].items()
                                       if v.lb() > 0.5} == in_use
    counts, chosen = master.plan()
    plan = _completed(hall, master, counts, chosen)
    assert plan is not None and plan.value == pytest.approx(lp, abs=0.5)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_released_dive_leaves_the_lp_as_it_converged_and_the_best_dive_keeps_its_runs(seed):
    from tests.bench.seating_data import hall as generate

    instance = generate(seed, guests=300, seats=360, groups=30, apart=6, needs=7, pins=10, press=15)
    hall = model(instance)
    master = _Master(hall, hall.crossing())
    master.relax()
    master.converge(math.inf)
    converged = master.value()
    master.dive(math.inf, 2e-4)
    assert master.fixed
    master.release()
    assert master.solve() and master.value() == pytest.approx(converged, rel=1e-9)
    assert not master.fixed and not any(master.cover) and not master.seats_fixed and not any(master.filled.values())
    counts, runs, plan = _best_dive(hall, master, math.inf)
    assert plan is not None and runs
    assert all(plan.counts.get(key) == n for key, n in counts.items() if key[1] in runs)
    assert all(r in runs for _k, r in counts)  # the counts are those of the fixed runs only


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_hall_too_big_for_cp_sat_is_answered_with_the_dives_plan_made_whole(seed, monkeypatch):
    # the 300-guest hall made to look like 5,000 guests: past SMALL_MODEL the LP and its dive run, past
    # SEARCH_MODEL CP-SAT is skipped once the dive's plan is whole
    from tests.bench.seating_data import hall as generate

    instance = generate(seed, guests=300, seats=360, groups=30, apart=6, needs=7, pins=10, press=15)
    monkeypatch.setattr(hall_lp, "SMALL_MODEL", 0)
    monkeypatch.setattr(hall_lp, "SEARCH_MODEL", 0)
    searches = []
    search = _Hall.search
    monkeypatch.setattr(_Hall, "search", lambda hall, *args, **kw: searches.append(1) or search(hall, *args, **kw))
    solution = seating.solve(instance, 10.0)
    assert solution.status in (seating.Status.FEASIBLE, seating.Status.OPTIMAL)
    assert validate(instance, solution.assignment) == [] and seating.inversions(instance, solution.assignment) == []
    assert seating.score(instance, solution.assignment) == solution.objective <= solution.bound
    assert level_score(instance, solution.assignment) <= converged_bound(model(instance)) + model(instance).fixed_value
    assert searches == []


def escort_senior(instance: Instance) -> Instance:
    """The generated hall with its wheelchair pairs made alike in weight but not in order: one pair a veteran
    (rank 10) with an escort (rank 19), the others an escort senior to the wheelchair user (as when a deputy
    brings a relative): one kind of unit, two types, each seated only in its own crossing blocks."""
    pairs = defaultdict(list)
    for g in instance.guests:
        if g.group is not None:
            pairs[g.group].append(g)
    wheel = sorted(gid for gid, ms in pairs.items() if len(ms) == 2 and any(m.wheelchair for m in ms))
    assert len(wheel) >= 3
    rank = {}
    for n, gid in enumerate(wheel):
        for m in pairs[gid]:
            rank[m.id] = (10 if m.wheelchair else 19) if n == 0 else (19 if m.wheelchair else 10)
    return replace(instance, guests=tuple(replace(g, rank=rank.get(g.id, g.rank)) for g in instance.guests))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_type_takes_no_more_crossing_blocks_than_it_has_units(seed, monkeypatch):
    # the demo's hall lost a wheelchair user and her escort this way: the dive fixed two blocks of a type of
    # one unit (its kind held three), the arrangement had no unit for the second and left one of the other type
    from tests.bench.seating_data import hall as generate

    instance = escort_senior(generate(seed, guests=300, seats=360, groups=60, apart=6, needs=40, pins=10, press=15))
    hall = model(instance)
    windows = hall.crossing()
    master = _Master(hall, windows)
    one = next(ti for ti in master.type_rows if hall.types[ti].count == 1)
    assert hall.kinds[hall.types[one].kind].count > 1
    blocks = [(1.0, -1 - n, (), master.window_vars[n]) for n, w in enumerate(windows) if w[0] == one]
    first = next(b for b in blocks if master.fits(b))
    master.fix(first)
    assert not any(master.fits(b) for b in blocks)  # another block of that type: never, though its kind has room
    master.release()
    master.relax()
    master.converge(math.inf)
    for ti in master.type_rows:
        assert sum(master.window_vars[n].solution_value() for n, w in enumerate(windows) if w[0] == ti) <= (
            hall.types[ti].count + 1e-6)
    monkeypatch.setattr(hall_lp, "SMALL_MODEL", 0)  # the LP's way, as on a hall of 1,500
    solution = seating.solve(instance, 10.0)
    assert solution.status in (seating.Status.FEASIBLE, seating.Status.OPTIMAL)
    assert len(solution.assignment) == len(instance.guests) and validate(instance, solution.assignment) == []


def test_a_dense_group_left_a_row_back_trades_places_with_singles():
    # row 0 holds three junior singles, row 1 a senior pair: the pair takes the front row, two singles go back
    seats = [Seat(r * 4 + x + 1, row=str(r + 1), row_index=r, x=x, segment=r, honour=10 - r)
             for r in range(2) for x in range(4)]
    guests = [Guest(1, rank=1, group=7), Guest(2, rank=1, group=7)] + [Guest(3 + n, rank=5) for n in range(3)]
    instance = Instance(tuple(seats), tuple(guests), Layout.HALL)
    hall = model(instance)
    pair = next(k for k, kind in enumerate(hall.kinds) if kind.size == 2)
    single = next(k for k, kind in enumerate(hall.kinds) if kind.size == 1)
    front, back = (next(r for r, run in enumerate(hall.runs) if hall._run_row(r) == row) for row in (0, 1))
    counts = {(single, front): 3, (pair, back): 1}
    value = sum(hall.runs[r].honour * hall.kinds[k].weight * n for (k, r), n in counts.items())
    plan = _as_plan(hall, [], value, value)
    plan.counts = counts
    better = improve_rows(hall, plan, math.inf)
    assert better.counts == {(pair, front): 1, (single, front): 2, (single, back): 1}
    assignment, _out, failing = hall.arrange(better)
    assert not failing and validate(instance, assignment) == []
    assert {seats[assignment[g] - 1].row_index for g in (1, 2)} == {0}
