"""The duty roster engine: each hard rule feasible and infeasible, the validator, explanations, re-plans.

Small instances on one morning (UTC unless a test says otherwise); every roster the solver returns is
re-checked by validate(), which shares no code with the model.
"""

import random
from dataclasses import replace

import pytest

from solver import roster
from solver.cpsat import Run
from solver.roster import (
    Cell,
    Explanation,
    Instance,
    Person,
    Post,
    Status,
    construct,
    constructive,
    evaluate,
    explain,
    slots,
    solve,
    solving,
    validate,
)

DAY = 20_000 * 1440  # a UTC midnight, in minutes since the epoch
H = 60


def at(hour: float) -> int:
    return DAY + int(hour * H)


def post(id: int, start: float, end: float, *, slot: int = 30, minimum: int = 1, desired: int | None = None,
         **kw) -> Post:
    return Post(id, f"Пост {id}", at(start), at(end), slot, minimum, minimum if desired is None else desired, **kw)


def person(id: int, department: str = "Отдел", **kw) -> Person:
    return Person(id, f"Сотрудник {id}", department, **kw)


def solved(instance: Instance, time_limit: float = 5.0) -> roster.Solution:
    """Solves, and holds every returned roster to validate() (which lets a partial roster fall short)."""
    solution = solve(instance, time_limit)
    if solution.cells:
        assert validate(instance, solution.cells) == []
    return solution


def on(solution: roster.Solution, post_id: int, start: int) -> set[int]:
    return {c.person for c in solution.cells if c.post == post_id and c.start == start}


def feasible(solution: roster.Solution) -> bool:
    return solution.status in (Status.OPTIMAL, Status.FEASIBLE)


# ------------------------------------------------------------------------------------------- the grid


def test_slots_are_the_whole_slots_of_the_window():
    assert slots(post(1, 9, 10.75)) == [at(9), at(9.5), at(10)]  # the 10:30–10:45 tail is no slot
    assert slots(post(1, 9, 9)) == []


# ------------------------------------------------------------------------------- coverage and desired


def test_coverage_meets_the_minimum_and_fills_up_to_desired():
    instance = Instance((post(1, 9, 11, minimum=2, desired=3),), tuple(person(i) for i in range(1, 5)))
    solution = solved(instance)
    assert solution.status == Status.OPTIMAL
    for s in slots(instance.posts[0]):
        assert len(on(solution, 1, s)) == 3  # desired, never above it (the cap)
    assert solution.penalties["desired"] == 0


def test_too_few_people_for_the_minimum_is_one_short_explanation_for_the_run():
    instance = Instance((post(1, 9, 11, minimum=3),), (person(1), person(2)))
    solution = solve(instance)
    assert solution.status == Status.INFEASIBLE and solution.cells == ()
    assert solution.explanations == (Explanation("short", post=1, start=at(9), end=at(11), need=3, available=2),)


# ----------------------------------------------------------------------------------- qualifications


def test_a_required_qualification_is_held_in_every_slot():
    people = (person(1, qualifications=frozenset({"senior"})), person(2), person(3))
    instance = Instance((post(1, 9, 12, minimum=2, requirements={"senior": 1}),), people)
    solution = solved(instance)
    assert feasible(solution)
    assert all(1 in on(solution, 1, s) for s in slots(instance.posts[0]))


def test_too_few_holders_is_short_qualified():
    people = (person(1, qualifications=frozenset({"lang:en"})), person(2), person(3))
    instance = Instance((post(1, 9, 10, minimum=2, requirements={"lang:en": 2}),), people)
    assert explain(instance) == [Explanation("short_qualified", post=1, start=at(9), end=at(10), need=2, available=1,
                                             qualification="lang:en")]
    assert solve(instance).explanations == tuple(explain(instance))


# ------------------------------------------------------------------------------------------- gender


def test_a_womens_post_takes_only_women():
    people = (person(1, gender="m"), person(2, gender="f"), person(3, gender="m"))
    solution = solved(Instance((post(1, 9, 10, gender="f"),), people))
    assert {c.person for c in solution.cells} == {2}


def test_a_womens_post_without_enough_women_is_short():
    people = (person(1, gender="m"), person(2, gender="f"))
    solution = solve(Instance((post(1, 9, 10, minimum=2, gender="f"),), people))
    assert solution.explanations == (Explanation("short", post=1, start=at(9), end=at(10), need=2, available=1),)


# ------------------------------------------------------------------------------------- availability


def test_nobody_stands_while_unavailable_or_busy():
    people = (person(1, unavailable=((at(9), at(10)),)), person(2, busy=((at(10), at(11)),)))
    solution = solved(Instance((post(1, 9, 11),), people))
    assert feasible(solution)
    assert on(solution, 1, at(9)) == {2} and on(solution, 1, at(10.5)) == {1}


def test_unavailability_makes_only_its_own_slots_short():
    people = (person(1, unavailable=((at(10), at(11)),)),)
    solution = solve(Instance((post(1, 9, 12),), people))
    assert solution.explanations == (Explanation("short", post=1, start=at(10), end=at(11), need=1, available=0),)


# ------------------------------------------------------------------------------------------ overlap


def test_posts_on_different_grids_never_share_a_person_at_one_moment():
    posts = (post(1, 9, 11, slot=30), post(2, 9.25, 10.75, slot=45))  # 09:15–10:00 overlaps 09:00–09:30 and 09:30–10:00
    solution = solved(Instance(posts, (person(1), person(2))))
    assert feasible(solution)
    for c in solution.cells:
        ends = c.start + {1: 30, 2: 45}[c.post]
        assert not any(d.person == c.person and d != c and d.start < ends and c.start < d.start + {1: 30, 2: 45}[d.post]
                       for d in solution.cells)


def test_one_person_for_two_overlapping_posts_is_found_short_by_the_relaxed_model():
    posts = (post(1, 9, 10, slot=30), post(2, 9.25, 10, slot=45))
    instance = Instance(posts, (person(1),))
    assert explain(instance) == []  # each post alone has its person
    solution = solve(instance)
    assert solution.status == Status.INFEASIBLE
    assert {e.code for e in solution.explanations} == {"short"}
    assert all(e.available == 0 and e.need == 1 for e in solution.explanations)


# ---------------------------------------------------------------------------------- hours per city day


def test_max_hours_count_per_city_day_with_the_offset():
    # 20:00–04:00 in Khabarovsk (UTC+10) is 10:00–18:00 UTC: two city days of 4 hours, one UTC day of 8.
    night = Post(1, "Ночной пост", at(10), at(18), 30, 1, 1)
    one = (person(1, max_minutes_per_day=300),)
    solution = solved(Instance((night,), one, utc_offset_minutes=600))
    assert feasible(solution) and len(solution.cells) == 16
    assert solve(Instance((night,), one, utc_offset_minutes=0)).status == Status.INFEASIBLE


def test_busy_time_counts_toward_the_day():
    people = (person(1, max_minutes_per_day=120, busy=((at(6), at(7)),)), person(2))
    solution = solved(Instance((post(1, 9, 11),), people))
    assert sum(c.person == 1 for c in solution.cells) <= 2  # one hour left beside the busy hour


# --------------------------------------------------------------------------------------------- rest


def test_a_gap_shorter_than_the_rest_is_forbidden():
    posts = (post(1, 9, 10), post(2, 10.5, 11.5))
    assert solve(Instance(posts, (person(1),), min_rest_minutes=60)).status == Status.INFEASIBLE
    assert feasible(solved(Instance(posts, (person(1),), min_rest_minutes=30)))


def test_a_stretch_never_runs_on_at_another_post():
    posts = (post(1, 9, 10), post(2, 10, 11))
    assert solve(Instance(posts, (person(1),), min_rest_minutes=60)).status == Status.INFEASIBLE
    assert feasible(solved(Instance(posts, (person(1), person(2)), min_rest_minutes=60)))


def test_rest_applies_after_busy_time_but_not_back_to_back():
    after = (person(1, busy=((at(10), at(10.5)),)),)
    assert feasible(solved(Instance((post(1, 10.5, 11),), after)))  # straight on from the other duty
    late = Instance((post(1, 10.75, 11.25, slot=15),), after)
    solution = solve(late)
    assert solution.status == Status.INFEASIBLE and solution.explanations[0].code == "short"


def test_rest_between_two_busy_duties_is_not_this_rosters_business():
    busy = (person(1, busy=((at(8), at(9)), (at(9.25), at(9.75)))),)
    assert feasible(solved(Instance((post(1, 11, 12),), busy)))


# --------------------------------------------------------------------------------------------- pins


def test_pins_are_kept():
    people = (person(1), person(2), person(3))
    pin = Cell(3, 1, at(9.5))
    solution = solved(Instance((post(1, 9, 11),), people, pinned=(pin,)))
    assert pin in solution.cells


@pytest.mark.parametrize(("code", "make"), [
    ("pin_unknown", lambda: dict(pinned=(Cell(1, 9, at(9)),))),
    ("pin_unknown", lambda: dict(pinned=(Cell(1, 1, at(9.25)),))),
    ("pin_absent", lambda: dict(pinned=(Cell(1, 1, at(9)),), absent=frozenset({1}))),
    ("pin_gender", lambda: dict(posts=(post(1, 9, 10, gender="m"),), pinned=(Cell(1, 1, at(9)),))),
    ("pin_unavailable", lambda: dict(people=(person(1, gender="f", unavailable=((at(9), at(9.5)),)), person(2)),
                                     pinned=(Cell(1, 1, at(9)),))),
    ("pin_overlap", lambda: dict(posts=(post(1, 9, 10), post(2, 9, 10, minimum=0)),
                                 pinned=(Cell(1, 1, at(9)), Cell(1, 2, at(9))))),
    ("pin_hours", lambda: dict(people=(person(1, gender="f", max_minutes_per_day=30), person(2)),
                               pinned=(Cell(1, 1, at(9)), Cell(1, 1, at(9.5))))),
    ("pin_unqualified", lambda: dict(posts=(post(1, 9, 10, requirements={"senior": 1}),),
                                     people=(person(1, gender="f"), person(2, qualifications=frozenset({"senior"}))),
                                     pinned=(Cell(1, 1, at(9)),))),
    ("pin_rest", lambda: dict(posts=(post(1, 9, 9.5), post(2, 10, 10.5)),
                              pinned=(Cell(1, 1, at(9)), Cell(1, 2, at(10))))),
])
def test_a_pin_that_breaks_a_rule_is_named(code, make):
    base = dict(posts=(post(1, 9, 10),), people=(person(1, gender="f"), person(2)))
    instance = Instance(**{**base, **make()})
    solution = solve(instance)
    assert solution.status == Status.INFEASIBLE and solution.cells == ()
    found = [e for e in solution.explanations if e.code == code]
    assert found and found[0].person == 1
    assert found[0].post is not None and found[0].start is not None


def test_a_pin_that_can_be_bridged_makes_the_solver_bridge_it():
    posts = (post(1, 9, 10.5, minimum=0, desired=1),)
    instance = Instance(posts, (person(1),), pinned=(Cell(1, 1, at(9)), Cell(1, 1, at(10))))
    solution = solved(instance)
    assert Cell(1, 1, at(9.5)) in solution.cells  # the only way to keep the rest


# ------------------------------------------------------------------------------------------- absent


def test_the_absent_are_never_assigned_and_can_make_a_post_short():
    people = (person(1), person(2), person(3))
    solution = solved(Instance((post(1, 9, 10, minimum=2),), people, absent=frozenset({1})))
    assert {c.person for c in solution.cells} == {2, 3}
    short = solve(Instance((post(1, 9, 10, minimum=2),), people, absent=frozenset({1, 2})))
    assert short.explanations == (Explanation("short", post=1, start=at(9), end=at(10), need=2, available=1),)


# --------------------------------------------------------------------------------------- partial


def test_allow_partial_returns_a_roster_and_names_what_it_could_not_cover():
    posts = (post(1, 9, 10, minimum=2), post(2, 9, 10, minimum=1, requirements={"senior": 1}))
    instance = Instance(posts, (person(1), person(2)), allow_partial=True)
    solution = solved(instance)
    assert feasible(solution) and len(solution.cells) == 4  # both people for the whole hour
    assert solution.penalties["uncovered"] > 0
    codes = {(e.code, e.post, e.need) for e in solution.explanations}
    assert codes in ({("short", 1, 2), ("short_qualified", 2, 1)}, {("short", 2, 1), ("short_qualified", 2, 1)})
    for e in solution.explanations:
        placed = sum(c.post == e.post and c.start == e.start for c in solution.cells)
        assert e.available == (placed if e.code == "short" else 0) and (e.start, e.end) == (at(9), at(10))


# ----------------------------------------------------------------------------------- soft rules


def test_penalties_name_every_rule_and_sum_to_the_objective():
    people = tuple(person(i, "ABC"[i % 3], preferred_posts=frozenset({2}) if i == 1 else frozenset())
                   for i in range(1, 7))
    solution = solved(Instance((post(1, 9, 12, minimum=2, desired=3), post(2, 9, 11)), people))
    assert set(solution.penalties) == {"desired", "called", "reliefs", "departments", "fairness", "preferences"}
    assert sum(solution.penalties.values()) == solution.objective


def test_a_person_stays_on_one_post_rather_than_switching():
    solution = solved(Instance((post(1, 9, 11), post(2, 9, 11)), (person(1), person(2))))
    assert solution.penalties["reliefs"] == 2 * roster.W_RELIEFS  # one stretch each
    assert all(len({c.post for c in solution.cells if c.person == p}) == 1 for p in (1, 2))


def test_preferred_posts_are_honoured_when_it_costs_nothing_else():
    people = (person(1, preferred_posts=frozenset({2})), person(2))
    solution = solved(Instance((post(1, 9, 10), post(2, 9, 10)), people))
    assert {c.post for c in solution.cells if c.person == 1} == {2}
    assert solution.penalties["preferences"] == 0


def test_load_is_spread_over_those_called_only():
    people = tuple(person(i, "AB"[i % 2], max_minutes_per_day=360) for i in range(1, 5))
    solution = solved(Instance((post(1, 8, 16),), people))  # 8 hours, 6 at most each: two people, 4 hours each
    loads = sorted(sum(c.person == p for c in solution.cells) for p in range(1, 5))
    assert loads == [0, 0, 8, 8]
    assert solution.penalties["called"] == 2 * roster.W_CALLED


def test_fairness_counts_the_years_hours_from_other_ceremonies():
    people = (person(1, prior_minutes=20 * H), person(2, prior_minutes=2 * H), person(3, prior_minutes=9 * H))
    solution = solved(Instance((post(1, 9, 12),), people))
    assert {c.person for c in solution.cells} == {2}


def test_on_progress_hears_objective_and_bound():
    heard = []
    solve(Instance((post(1, 9, 11),), (person(1), person(2))), on_progress=lambda o, b: heard.append((o, b)))
    assert heard and all(b <= o for o, b in heard)


# -------------------------------------------------------------------------------------------- re-plan


def _published(instance: Instance) -> Instance:
    first = solved(instance)
    assert feasible(first)
    return replace(instance, published=first.cells)


def test_a_replan_refills_only_the_absent_persons_cells():
    people = tuple(person(i, "AB"[i % 2]) for i in range(1, 8))
    plan = _published(Instance((post(1, 9, 12, minimum=2), post(2, 9, 11, minimum=2)), people))
    gone = plan.published[0].person
    solution = solved(replace(plan, absent=frozenset({gone})))
    before, after = set(plan.published), set(solution.cells)
    lost = {c for c in before if c.person == gone}
    assert before - lost <= after  # nobody else moved
    assert {(c.post, c.start) for c in after - before} == {(c.post, c.start) for c in lost}  # refilled in place
    assert gone not in {c.person for c in after}
    assert solution.penalties["changes"] == roster.W_CHANGES * len(before ^ after)
    assert sum(solution.penalties.values()) == solution.objective


def test_a_replan_that_must_move_someone_changes_as_little_as_it_can():
    # Person 3 is the only one besides the absent 1 who may stand at the women's post: she must leave post 2,
    # whose place person 2 then takes.
    people = (person(1, gender="f"), person(2, gender="m"), person(3, gender="f"))
    posts = (post(1, 9, 10, gender="f"), post(2, 9, 10))
    plan = replace(Instance(posts, people), published=(Cell(1, 1, at(9)), Cell(1, 1, at(9.5)),
                                                      Cell(3, 2, at(9)), Cell(3, 2, at(9.5))))
    solution = solved(replace(plan, absent=frozenset({1})))
    assert feasible(solution)
    assert set(solution.cells) == {Cell(3, 1, at(9)), Cell(3, 1, at(9.5)), Cell(2, 2, at(9)), Cell(2, 2, at(9.5))}


def test_a_replan_with_nobody_to_refill_is_explained():
    people = (person(1), person(2))
    plan = _published(Instance((post(1, 9, 10, minimum=2),), people))
    solution = solve(replace(plan, absent=frozenset({1})))
    assert solution.status == Status.INFEASIBLE
    assert solution.explanations == (Explanation("short", post=1, start=at(9), end=at(10), need=2, available=1),)


# ----------------------------------------------------------------------------------------- validate()


@pytest.fixture(scope="module")
def valid() -> tuple[Instance, tuple[Cell, ...]]:
    posts = (post(1, 9, 11, minimum=2, requirements={"senior": 1}), post(2, 9, 10, gender="f"))
    people = (person(1, gender="m", qualifications=frozenset({"senior"})), person(2, gender="m"),
              person(3, gender="f"), person(4, gender="m", max_minutes_per_day=60,
                                           unavailable=((at(10), at(11)),)))
    instance = Instance(posts, people, pinned=(Cell(1, 1, at(9)),), min_rest_minutes=60)
    cells = (Cell(1, 1, at(9)), Cell(1, 1, at(9.5)), Cell(1, 1, at(10)), Cell(1, 1, at(10.5)),
             Cell(2, 1, at(9)), Cell(2, 1, at(9.5)), Cell(2, 1, at(10)), Cell(2, 1, at(10.5)),
             Cell(3, 2, at(9)), Cell(3, 2, at(9.5)))
    assert validate(instance, cells) == []
    return instance, cells


@pytest.mark.parametrize(("code", "edit"), [
    ("coverage", lambda cells: [c for c in cells if c != Cell(2, 1, at(10))]),
    ("coverage", lambda cells: [*cells, Cell(4, 1, at(9))]),  # above the desired headcount
    ("qualification", lambda cells: [Cell(4, 1, c.start) if c.person == 1 and c.start == at(9.5) else c
                                     for c in cells]),
    ("gender", lambda cells: [Cell(2, 2, c.start) if c.person == 3 else c for c in cells]),
    ("availability", lambda cells: [Cell(4, 1, at(10)) if c == Cell(2, 1, at(10)) else c for c in cells]),
    ("overlap", lambda cells: [*cells, Cell(2, 2, at(9))]),
    ("overlap", lambda cells: [*cells, cells[0]]),
    ("hours", lambda cells: [Cell(4, 1, c.start) if c.person == 2 and c.start < at(10) else c for c in cells]
     + [Cell(4, 2, at(9))]),
    ("rest", lambda cells: [c for c in cells if c != Cell(3, 2, at(9.5))] + [Cell(3, 1, at(10))]),
    ("pinned", lambda cells: [Cell(3, 1, at(9)) if c == Cell(1, 1, at(9)) else c for c in cells]),
    ("unknown", lambda cells: [*cells, Cell(9, 1, at(9))]),
    ("unknown", lambda cells: [*cells, Cell(4, 1, at(9.25))]),
])
def test_validate_catches_a_hand_broken_roster(valid, code, edit):
    instance, cells = valid
    assert code in {v.code for v in validate(instance, edit(list(cells)))}


def test_validate_catches_an_absent_person(valid):
    instance, cells = valid
    assert "absent" in {v.code for v in validate(replace(instance, absent=frozenset({2})), cells)}


def test_a_timeout_returns_the_constructive_roster_when_it_keeps_every_rule(monkeypatch):
    monkeypatch.setattr(solving, "run_with", lambda *a, **kw: Run(Status.TIMEOUT, None, None, None, 0.0))
    instance = Instance((post(1, 9, 11, minimum=2),), tuple(person(i) for i in range(1, 4)))
    solution = solve(instance)
    assert solution.status == Status.TIMEOUT and solution.objective is None
    assert solution.cells and validate(instance, solution.cells) == []


# ------------------------------------------------------------------------------------ the big-instance path


def test_the_big_instance_path_keeps_every_rule(monkeypatch):
    """Few candidate posts per person and no presolve, as on a city-wide holiday, on a small instance."""
    monkeypatch.setattr(constructive, "CANDIDATE_LIMIT", 10)
    monkeypatch.setattr(constructive, "POSTS_PER_PERSON", 2)
    monkeypatch.setattr(solving, "PRESOLVE_LIMIT", 10)
    posts = (post(1, 9, 12, minimum=2, requirements={"senior": 1}), post(2, 9, 11, desired=2),
             post(3, 10, 12, gender="f"), post(4, 9, 12))
    people = tuple(person(i, "ABC"[i % 3], gender="mf"[i % 2], qualifications=frozenset({"senior"} if i < 3 else ()))
                   for i in range(1, 13))
    solution = solved(Instance(posts, people), time_limit=1.5)
    assert feasible(solution) and solution.bound <= solution.objective


# ------------------------------------------------------------------------ validate() against the model


def _random_instance(rng: random.Random) -> Instance:
    """Posts on 15–60-minute grids at quarter-hour offsets, some with a minimum stretch or fixed shifts; people
    with gaps, busy time, day limits; an arrival, a longest stretch, a most stretches a day on some."""
    posts = []
    for i in range(1, rng.randint(2, 4) + 1):
        slot, minimum = rng.choice((15, 30, 45, 60)), rng.randint(0, 2)
        start = at(6) + rng.randrange(0, 360, 15)
        count = rng.randint(1, 5)
        cut = start + rng.randint(1, count) * slot  # fixed shifts on some posts: [start, cut), [cut, end)
        posts.append(Post(i, f"Пост {i}", start, start + count * slot, slot, minimum,
                          minimum + rng.randint(0, 1), {"senior": 1} if minimum and rng.random() < 0.3 else {},
                          rng.choice(("", "", "f")), min_stretch_minutes=rng.choice((0, 0, 2 * slot, 3 * slot)),
                          shifts=((start, cut), (cut, start + count * slot)) if rng.random() < 0.25 else ()))
    people = []
    for i in range(1, rng.randint(2, 5) + 1):
        gone = at(6) + rng.randrange(0, 400, 15)
        busy = at(6) + rng.randrange(0, 400, 15)
        people.append(person(i, rng.choice("AB"), gender=rng.choice("mf"),
                             qualifications=frozenset({"senior"}) if rng.random() < 0.4 else frozenset(),
                             max_minutes_per_day=rng.choice((60, 120, 480)),
                             unavailable=((gone, gone + 60),) if rng.random() < 0.3 else (),
                             busy=((busy, busy + 45), (busy + 75, busy + 105)) if rng.random() < 0.3 else ()))
    return Instance(tuple(posts), tuple(people), min_rest_minutes=rng.choice((30, 60)),
                    utc_offset_minutes=rng.choice((0, 600, -300)), arrival_minutes=rng.choice((0, 0, 15, 30)),
                    max_stretch_minutes=rng.choice((0, 0, 90, 120)), max_stretches_per_day=rng.choice((0, 0, 1, 2)))


@pytest.mark.parametrize("seed", range(6))
def test_validate_and_the_model_agree_on_random_rosters(seed):
    """Two codes for the same rules: a roster keeps them for validate() exactly when the model accepts it."""
    rng = random.Random(seed)
    for _ in range(4):
        instance = _random_instance(rng)
        solved(instance)
        # The constructive roster may leave places uncovered, never anything else.
        assert {v.code for v in validate(instance, construct(instance))} <= {"coverage", "qualification"}
        grid = [(p.id, s) for p in instance.posts for s in slots(p)]
        for _ in range(5):
            cells = {Cell(rng.choice(instance.people).id, *rng.choice(grid)) for _ in range(rng.randint(0, 8))}
            kept = not validate(instance, cells)
            assert kept == (evaluate(instance, cells).status in (Status.OPTIMAL, Status.FEASIBLE)), cells
