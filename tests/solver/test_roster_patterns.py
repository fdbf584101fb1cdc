"""The pattern formulation (solver.roster.patterns): its LP bound is below every roster's objective and
exact where the LP is integral; the roster of its patterns keeps every hard rule.

Instances from the bench's generator (tests/bench/roster_data.py) at several sizes, with the duty chief's
rules (minimum stretches, arrival, a break after 4 hours, two stretches a day), busy and unavailable people.
"""

from dataclasses import replace

import pytest

from solver.roster import Instance, Status, construct, evaluate, patterns, solve, validate
from solver.roster.model import DAY, W_CALLED, W_RELIEFS, _context, _level_costs
from tests.bench.roster_data import instance
from tests.solver.test_roster import at, person, post

SIZES = [(4, 30, 6, 12), (1, 50, 10, 16), (2, 80, 16, 16), (3, 120, 24, 24)]  # seed, people, posts, slots


def bound_of(problem: Instance, seconds: float = 60.0) -> int | None:
    ctx = _context(problem)[0]
    return patterns.generate(ctx, construct(problem), seconds)[0]


@pytest.mark.parametrize(("seed", "people", "posts", "slots"), SIZES)
def test_the_bound_is_below_every_roster_found(seed, people, posts, slots):
    problem = instance(seed, people=people, posts=posts, slots=slots)
    bound = bound_of(problem)
    greedy = evaluate(problem, construct(problem))
    assert greedy.objective is not None and bound is not None
    assert bound <= greedy.objective
    best = solve(problem, 20.0)  # on a loaded machine it may find nothing in time: then only the greedy's
    assert not validate(problem, best.cells)
    if best.objective is not None:
        assert best.bound <= best.objective and bound <= best.objective <= greedy.objective
    # The LP knows how stretches pack into post windows, which the floor of people and hours does not.
    assert bound >= _context(problem)[0].floor


def test_the_bound_holds_over_several_city_days_and_fixed_shifts():
    """The per-day limits are left out of the patterns over several days, and a shift post's stretches are
    whole shifts in the roster but any run in the patterns: the bound may only be weaker for it."""
    one = instance(4, people=30, posts=6, slots=12)
    shifted = tuple(replace(p, id=p.id + 100, start=p.start + DAY, end=p.end + DAY) for p in one.posts)
    shifts = (replace(one.posts[0], id=200, start=at(8), end=at(16), min_stretch_minutes=0, min_headcount=1,
                      desired_headcount=1, requirements={}, gender="", shifts=((at(8), at(12)), (at(12), at(16)))),)
    problem = replace(one, posts=one.posts + shifted + shifts)
    bound = bound_of(problem)
    best = solve(problem, 20.0)
    assert bound is not None and not validate(problem, best.cells)
    if best.objective is not None:
        assert bound <= best.objective
    greedy = evaluate(problem, construct(problem)).objective
    if greedy is not None:
        assert bound <= greedy


def test_the_bound_is_the_optimum_where_one_pattern_covers_it_all():
    """One post of 2 hours, one place: one person stands it whole, and nothing fractional does better."""
    problem = Instance(posts=(post(1, 9, 11, minimum=1, min_stretch_minutes=120),),
                       people=tuple(person(i) for i in range(1, 4)))
    best = solve(problem, 5.0)
    assert best.status == Status.OPTIMAL
    assert best.objective == W_CALLED + W_RELIEFS + sum(_level_costs(4, 30))
    assert bound_of(problem) == best.objective


def test_busy_time_between_two_stretches_stays_inside_the_bound():
    """A stretch may run on into busy time and another follow it straight: the break does not apply there,
    and the bound must not assume it does."""
    problem = Instance(posts=(post(1, 9, 10, minimum=1, min_stretch_minutes=60),
                              post(2, 11, 12, minimum=1, min_stretch_minutes=60)),
                       people=(person(1, busy=((at(10), at(11)),)), person(2), person(3)),
                       min_rest_minutes=90)
    best = solve(problem, 5.0)
    assert best.status == Status.OPTIMAL
    assert {c.person for c in best.cells} == {1}  # one person called: busy time bridges the break
    assert bound_of(problem) <= best.objective


def test_the_roster_of_the_patterns_keeps_every_hard_rule_and_improves_on_the_greedy_one():
    problem = instance(4, people=150, posts=30, slots=20)
    ctx = _context(problem)[0]
    start = construct(problem)
    bound, master = patterns.generate(ctx, start, 60.0)
    cells = patterns.roster(ctx, master, start, 10.0, workers=2)
    assert cells is not None and validate(problem, cells) == []
    objective = evaluate(problem, cells).objective
    assert bound <= objective <= evaluate(problem, start).objective
