"""Stretches as duty chiefs plan them, and few people called: each rule feasible and infeasible with its
explanation, the validator on each rule alone, the property that nobody called is superfluous, and a re-plan
that hands the absent person's stretches over whole.
"""

from dataclasses import replace

import pytest

from solver import roster
from solver.roster import Cell, Instance, Status, evaluate, solve, validate
from tests.solver.test_roster import H, at, feasible, person, post, solved


def stretches_of(cells, person_id: int) -> list[tuple[int, int, int]]:
    """(post, start, end) of each stretch of the person: back-to-back cells at one post (30-minute slots)."""
    out: list[tuple[int, int, int]] = []
    for c in sorted((c for c in cells if c.person == person_id), key=lambda c: (c.post, c.start)):
        if out and out[-1][0] == c.post and out[-1][2] == c.start:
            out[-1] = (c.post, out[-1][1], c.start + 30)
        else:
            out.append((c.post, c.start, c.start + 30))
    return out


def codes(solution: roster.Solution) -> set[str]:
    return {e.code for e in solution.explanations}


# ------------------------------------------------------------------------------------- the minimum stretch


def test_a_minimum_stretch_keeps_each_person_for_the_whole_of_it():
    people = tuple(person(i, max_minutes_per_day=120) for i in range(1, 4))
    solution = solved(Instance((post(1, 9, 13, min_stretch_minutes=120),), people))
    assert feasible(solution)
    assert sorted(e - s for p in range(1, 4) for _post, s, e in stretches_of(solution.cells, p)) == [2 * H, 2 * H]


def test_a_minimum_stretch_nobody_can_stand_is_explained():
    people = tuple(person(i, max_minutes_per_day=180) for i in range(1, 4))  # free every slot, never 4 hours
    solution = solve(Instance((post(1, 9, 13, min_stretch_minutes=240),), people))
    assert solution.status == Status.INFEASIBLE
    [why] = solution.explanations
    assert (why.code, why.post, why.start, why.end, why.need, why.available) == (
        "short_stretch", 1, at(9), at(13), 1, 0)


# ------------------------------------------------------------------------------------------- the arrival


def test_the_arrival_counts_in_the_days_hours():
    people = (person(1, max_minutes_per_day=240),)
    posts = (post(1, 9, 13, min_stretch_minutes=240),)
    assert feasible(solved(Instance(posts, people, arrival_minutes=0)))
    late = solve(Instance(posts, people, arrival_minutes=30))
    assert late.status == Status.INFEASIBLE and codes(late) == {"short_stretch"}
    whole = tuple(Cell(1, 1, at(9 + k / 2)) for k in range(8))
    assert {v.code for v in validate(Instance(posts, people, arrival_minutes=30), whole)} == {"hours"}


def test_the_arrival_is_counted_once_a_day():
    people = (person(1, max_minutes_per_day=270),)
    posts = (post(1, 9, 11), post(2, 12, 14))
    assert feasible(solved(Instance(posts, people, arrival_minutes=30, max_stretches_per_day=2)))


# -------------------------------------------------------------------------------------------- the break


def test_a_long_window_is_stood_in_reliefs_with_a_break():
    posts = (post(1, 8, 14, min_stretch_minutes=120),)
    rules = dict(max_stretch_minutes=240, min_rest_minutes=30)
    alone = solve(Instance(posts, (person(1),), **rules))
    assert alone.status == Status.INFEASIBLE and codes(alone) == {"short"}
    solution = solved(Instance(posts, (person(1), person(2)), **rules))
    assert feasible(solution)
    assert all(e - s <= 240 for p in (1, 2) for _post, s, e in stretches_of(solution.cells, p))
    assert solution.penalties["reliefs"] == 2 * roster.W_RELIEFS  # one relief: two stretches


def test_no_stretch_runs_past_the_longest_without_a_break_and_the_break_is_long_enough():
    posts = (post(1, 8, 12, minimum=1), post(2, 12.5, 14, minimum=1))
    solution = solved(Instance(posts, (person(1),), max_stretch_minutes=240, min_rest_minutes=30))
    assert feasible(solution)
    too_short = solve(Instance(posts, (person(1),), max_stretch_minutes=240, min_rest_minutes=60))
    assert too_short.status == Status.INFEASIBLE


# ------------------------------------------------------------------------------------- stretches a day


def test_at_most_so_many_stretches_a_day():
    posts = (post(1, 9, 10), post(2, 12, 13))
    assert solve(Instance(posts, (person(1),), max_stretches_per_day=1)).status == Status.INFEASIBLE
    assert feasible(solved(Instance(posts, (person(1),), max_stretches_per_day=2)))


# -------------------------------------------------------------------------------------------- shifts


def test_people_are_given_whole_shifts():
    shifts = ((at(8), at(12)), (at(12), at(16)))
    people = (person(1, unavailable=((at(11), at(24)),)), person(2), person(3, unavailable=((at(8), at(13)),)))
    solution = solved(Instance((post(1, 8, 16, shifts=shifts),), people))
    assert feasible(solution)
    assert {c.person for c in solution.cells} == {2}  # 1 and 3 are free for part of a shift only
    assert stretches_of(solution.cells, 2) == [(1, at(8), at(16))]


def test_too_few_holders_of_a_qualification_for_a_shift_is_explained():
    shifts = ((at(8), at(12)), (at(12), at(16)))
    people = (person(1, qualifications=frozenset({"senior"}), unavailable=((at(14), at(24)),)), person(2))
    solution = solve(Instance((post(1, 8, 16, shifts=shifts, requirements={"senior": 1}),), people))
    assert solution.status == Status.INFEASIBLE
    [why] = [e for e in solution.explanations if e.start == at(12)]
    assert (why.code, why.qualification, why.end, why.need, why.available) == (
        "short_shift_qualified", "senior", at(16), 1, 0)


# ---------------------------------------------------------------------------------------- the validator


@pytest.fixture(scope="module")
def valid() -> tuple[Instance, list[Cell]]:
    posts = (post(1, 8, 12, min_stretch_minutes=120), post(2, 12.5, 14.5, shifts=((at(12.5), at(13.5)),
                                                                                    (at(13.5), at(14.5)))),
             post(3, 12, 13, minimum=0, desired=1))
    instance = Instance(posts, (person(1), person(2)), arrival_minutes=30, min_rest_minutes=30,
                        max_stretch_minutes=240, max_stretches_per_day=2)
    cells = [Cell(1, 1, at(8 + k / 2)) for k in range(8)] + [Cell(1, 2, at(12.5 + k / 2)) for k in range(4)]
    assert validate(instance, cells) == []
    return instance, cells


@pytest.mark.parametrize(("code", "edit"), [
    ("stretch", lambda cells: [Cell(2, 1, c.start) if c.post == 1 and c.start >= at(11.5) else c for c in cells]),
    ("shift", lambda cells: [Cell(2, 2, c.start) if c.start == at(14) else c for c in cells]),
    ("post_switch", lambda cells: [c for c in cells if c.post == 1] + [Cell(1, 3, at(12)), Cell(1, 3, at(12.5))]),
    ("break", lambda cells: [*cells, Cell(2, 1, at(8))]),  # still valid for 1; now 2 from 8:00 is too short
    ("stretches", lambda cells: [c for c in cells if c.start != at(10)]),
    ("hours", lambda cells: cells),
])
def test_validate_catches_each_stretch_rule_alone(valid, code, edit):
    instance, cells = valid
    if code == "break":
        instance = replace(instance, max_stretch_minutes=180)
    if code == "hours":
        instance = replace(instance, people=(person(1, max_minutes_per_day=360 + 29), person(2)))
    found = {v.code for v in validate(instance, edit(list(cells)))}
    assert code in found, found


# -------------------------------------------------------------------------------------- few people called


def _festival() -> Instance:
    """Five posts of 2–6 hours, ten people of whom some only in the morning; more desired than minimum."""
    posts = (post(1, 8, 14, minimum=2, desired=3, min_stretch_minutes=120), post(2, 9, 12, minimum=1, desired=2),
             post(3, 12, 16, minimum=1, min_stretch_minutes=120), post(4, 8, 10, minimum=1),
             post(5, 14, 16, minimum=1, desired=2))
    posts = tuple(replace(p, min_stretch_minutes=p.min_stretch_minutes or p.end - p.start) for p in posts)
    people = tuple(person(i, "AB"[i % 2], max_minutes_per_day=(360, 480)[i % 2],
                          unavailable=((at(12), at(24)),) if i % 4 == 0 else ()) for i in range(1, 11))
    return Instance(posts, people, arrival_minutes=30, min_rest_minutes=30, max_stretch_minutes=240,
                    max_stretches_per_day=2)


def test_nobody_called_is_superfluous():
    """Property: taking any called person off the roster leaves it worse or breaking a rule."""
    instance = _festival()
    solution = solved(instance, time_limit=10)
    assert feasible(solution)
    called = {c.person for c in solution.cells}
    assert solution.penalties["called"] == roster.W_CALLED * len(called)
    for gone in called:
        without = evaluate(instance, [c for c in solution.cells if c.person != gone])
        assert without.status == Status.INFEASIBLE or without.objective > solution.objective, gone


def test_a_replan_hands_each_lost_stretch_over_whole_and_keeps_every_other():
    instance = _festival()
    plan = solved(instance, time_limit=10)
    gone = max({c.person for c in plan.cells}, key=lambda p: sum(c.person == p for c in plan.cells))
    again = replace(instance, published=plan.cells, absent=frozenset({gone}))
    replan = solved(again, time_limit=5)
    assert feasible(replan)
    assert {c for c in plan.cells if c.person != gone} <= set(replan.cells)
    taken = [s for p in {c.person for c in replan.cells} for s in stretches_of(replan.cells, p)]
    for post_id, start, end in stretches_of(plan.cells, gone):
        assert any(q == post_id and a <= start and end <= b for q, a, b in taken), (post_id, start, end)
