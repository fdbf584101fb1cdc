"""A no-show re-plan: each lost stretch is handed over whole to one person and nobody else's cell changes;
only a stretch no single person can take whole is split, and then explained (which stretch, and why).

Properties on generated instances (tests/bench/roster_data.py, a small ceremony) with several people absent,
and small instances by hand for the rule itself and for each fallback.
"""

import random
from collections.abc import Callable
from dataclasses import replace

import pytest

from solver.roster import Cell, Instance, Solution, construct, solve, validate
from tests.bench.roster_data import instance as generated
from tests.solver.test_roster import at, feasible, person, post, solved

Stretch = tuple[int, int, tuple[int, ...]]  # (whose, post, slot starts)


def lost_stretches(problem: Instance, absent: frozenset[int]) -> list[Stretch]:
    """The absent people's published stretches: back-to-back slots of one person at one post."""
    slot = {p.id: p.slot_minutes for p in problem.posts}
    out: list[Stretch] = []
    for c in sorted((c for c in problem.published if c.person in absent), key=lambda c: (c.person, c.post, c.start)):
        if out and out[-1][:2] == (c.person, c.post) and out[-1][2][-1] + slot[c.post] == c.start:
            out[-1] = (c.person, c.post, (*out[-1][2], c.start))
        else:
            out.append((c.person, c.post, (c.start,)))
    return out


def explained(solution: Solution, stretch: Stretch) -> set[str]:
    whose, post_id, starts = stretch
    return {e.code for e in solution.explanations
            if (e.person, e.post, e.start) == (whose, post_id, starts[0]) and e.code.startswith("handover_")}


def could_take(problem: Instance, stretch: Stretch) -> set[int]:
    """Who could stand all of a lost stretch beside their own published duty, by validate() alone: nothing of
    theirs breaks a rule with it, and they hold the qualifications of its person's that the post lacks there
    without them."""
    whose, post_id, starts = stretch
    the_post = next(p for p in problem.posts if p.id == post_id)
    held = next(p for p in problem.people if p.id == whose).qualifications
    kept = [c for c in problem.published if c.person not in problem.absent]
    needed = {q for q, need in the_post.requirements.items() for s in starts
              if q in held and sum(q in p.qualifications for p in problem.people
                                   if Cell(p.id, post_id, s) in set(kept)) < need}
    able = set()
    for p in problem.people:
        if p.id in problem.absent or any(Cell(p.id, post_id, s) in set(kept) for s in starts):
            continue
        cells = kept + [Cell(p.id, post_id, s) for s in starts]
        if needed <= p.qualifications and not [v for v in validate(problem, cells) if v.person == p.id]:
            able.add(p.id)
    return able


def handed_over_whole(stretches: list[Stretch], added: set[Cell], rest: Callable[[set[Cell]], bool]) -> bool:
    """Whether each stretch can be given its own person whose added cells hold all of it, no cell twice (two
    absent people's stretches at one post are two places), with `rest` true of the cells left: a search over
    the few ways to match them."""
    if not stretches:
        return rest(added)
    (_whose, post_id, starts), others = stretches[0], stretches[1:]
    for q in {c.person for c in added if (c.post, c.start) == (post_id, starts[0])}:
        taken = {Cell(q, post_id, s) for s in starts}
        if taken <= added and handed_over_whole(others, added - taken, rest):
            return True
    return False


def check_handover(problem: Instance, solution: Solution) -> list[Stretch]:
    """Asserts the re-plan's promises and returns the lost stretches it explains instead of handing over whole.

    Nobody else's published cell changes and every added cell refills a lost place. The lost stretches not
    explained are each held whole by one person's added cells, and nobody else's added cell stands in them: the
    added cells outside the explained stretches are all theirs. An explained stretch was not handed over whole.
    """
    assert feasible(solution) and validate(problem, solution.cells) == []
    before, after = set(problem.published), set(solution.cells)
    lost = {c for c in before if c.person in problem.absent}
    assert before - lost <= after and not {c for c in after if c.person in problem.absent}
    added = after - before
    for post_id, s in {(c.post, c.start) for c in added}:
        assert sum((c.post, c.start) == (post_id, s) for c in added) <= sum(
            (c.post, c.start) == (post_id, s) for c in lost), "a place refilled that nobody lost"
    stretches = lost_stretches(problem, problem.absent)
    split = [stretch for stretch in stretches if explained(solution, stretch)]
    whole = [stretch for stretch in stretches if stretch not in split]
    in_split = {(post_id, s) for _w, post_id, starts in split for s in starts}
    assert handed_over_whole(whole, added, lambda rest: all((c.post, c.start) in in_split for c in rest)), (
        "a lost stretch neither handed over whole nor explained, or somebody stands a part of one")
    for stretch in split:
        assert not handed_over_whole([*whole, stretch], added, lambda _rest: True), f"{stretch}: whole, yet explained"
    return split


# ------------------------------------------------------------------------------------ generated instances


@pytest.fixture(scope="module", params=[1, 2, 4])
def published(request) -> Instance:
    """A small city ceremony (80 staff, 10 posts, 8 hours) with its constructive roster published: the same
    roster on every run, so that the absent drawn below are the same too."""
    problem = generated(seed=request.param, people=80, posts=10, slots=16)
    plan = tuple(construct(problem))
    assert validate(problem, plan) == []
    return replace(problem, published=plan)


@pytest.mark.parametrize("draw", [1, 2])
def test_a_replan_hands_every_lost_stretch_over_whole_and_keeps_every_other_cell(published, draw):
    """Four absent, drawn among those on the roster who hold no qualification: people free to refill their
    places are then there (the interpreters and first-aiders of a small ceremony may all be on duty already,
    and then only the whole roster opened again helps)."""
    plain = sorted({c.person for c in published.published} - {p.id for p in published.people if p.qualifications})
    problem = replace(published, absent=frozenset(random.Random(draw).sample(plain, 4)))
    solution = solve(problem, 10.0)
    for stretch in check_handover(problem, solution):  # explained, and only where the rule could not be kept
        [why] = [e for e in solution.explanations if (e.person, e.post, e.start) == (*stretch[:2], stretch[2][0])]
        able = could_take(problem, stretch)
        assert (why.code, why.available) == (("handover_taken", len(able)) if able else ("handover_nobody", 0))


# --------------------------------------------------------------------------------------- by hand


def test_a_lost_stretch_goes_whole_to_one_person_even_where_halves_would_be_cheaper():
    # Person 1 stood 9:00–13:00 between 2 (7:00–9:00) and 3 (13:00–15:00). Each of them could stand on for the
    # whole of it; halves (2 until 11:00, 3 from 11:00) would spread the hours better, but a duty chief hands a
    # stretch over whole.
    posts = (post(1, 7, 15, min_stretch_minutes=120),)
    people = (person(1), person(2), person(3), person(4))
    plan = ([Cell(2, 1, at(7 + k / 2)) for k in range(4)] + [Cell(1, 1, at(9 + k / 2)) for k in range(8)]
            + [Cell(3, 1, at(13 + k / 2)) for k in range(4)])
    problem = Instance(posts, people, published=tuple(plan), absent=frozenset({1}))
    solution = solved(problem)
    assert check_handover(problem, solution) == []
    [taker] = {c.person for c in set(solution.cells) - set(plan)}
    assert taker in (2, 3) and solution.explanations == ()
    assert could_take(problem, (1, 1, tuple(at(9 + k / 2) for k in range(8)))) == {2, 3, 4}


def test_a_stretch_nobody_can_stand_whole_is_split_and_explained():
    # Only 2 (free until 11:00) and 3 (free from 11:00) are left for 9:00–13:00; 4 stands at post 2.
    posts = (post(1, 9, 13, min_stretch_minutes=120), post(2, 9, 11))
    people = (person(1), person(2, unavailable=((at(11), at(24)),)), person(3, unavailable=((at(0), at(11)),)),
              person(4))
    plan = [Cell(1, 1, at(9 + k / 2)) for k in range(8)] + [Cell(4, 2, at(9 + k / 2)) for k in range(4)]
    problem = Instance(posts, people, published=tuple(plan), absent=frozenset({1}))
    solution = solved(problem)
    assert check_handover(problem, solution) == [(1, 1, tuple(at(9 + k / 2) for k in range(8)))]
    assert set(solution.cells) - set(plan) == ({Cell(2, 1, at(9 + k / 2)) for k in range(4)}
                                               | {Cell(3, 1, at(11 + k / 2)) for k in range(4)})
    [why] = solution.explanations
    assert (why.code, why.post, why.person, why.start, why.end, why.available) == (
        "handover_nobody", 1, 1, at(9), at(13), 0)
    assert could_take(problem, (1, 1, tuple(at(9 + k / 2) for k in range(8)))) == set()


def test_a_stretch_whose_only_taker_takes_another_is_split_and_explained():
    # 1 and 2 both stood 9:00–13:00 at a post for two; only 3 is free for all of it, 4 and 5 for halves.
    posts = (post(1, 9, 13, minimum=2, min_stretch_minutes=120),)
    people = (person(1), person(2), person(3), person(4, unavailable=((at(11), at(24)),)),
              person(5, unavailable=((at(0), at(11)),)))
    plan = [Cell(p, 1, at(9 + k / 2)) for p in (1, 2) for k in range(8)]
    problem = Instance(posts, people, published=tuple(plan), absent=frozenset({1, 2}))
    solution = solved(problem)
    [split] = check_handover(problem, solution)
    assert {c.person for c in solution.cells} == {3, 4, 5}
    [why] = solution.explanations
    assert (why.code, why.post, why.person, why.start, why.end, why.available) == (
        "handover_taken", 1, split[0], at(9), at(13), 1)
    assert could_take(problem, split) == {3}


def test_a_replan_that_can_hand_everything_over_whole_explains_nothing():
    # Two absent people's overlapping stretches at one post are two places, each handed over whole.
    posts = (post(1, 9, 15, minimum=2, min_stretch_minutes=120),)
    people = tuple(person(i) for i in range(1, 7))
    plan = ([Cell(1, 1, at(9 + k / 2)) for k in range(8)] + [Cell(2, 1, at(11 + k / 2)) for k in range(8)]
            + [Cell(3, 1, at(9 + k / 2)) for k in range(4)] + [Cell(4, 1, at(13 + k / 2)) for k in range(4)])
    problem = Instance(posts, people, published=tuple(plan), absent=frozenset({1, 2}))
    solution = solved(problem)
    assert check_handover(problem, solution) == [] and solution.explanations == ()


def test_a_stretch_that_held_the_posts_qualification_goes_whole_to_a_holder():
    # The absent senior's stretch: 2, on duty until 8:00 already, would cost less than calling 3, but only 3 is
    # a senior.
    posts = (post(1, 9, 13, requirements={"senior": 1}, min_stretch_minutes=120), post(2, 7, 8))
    senior = frozenset({"senior"})
    people = (person(1, qualifications=senior), person(2), person(3, qualifications=senior))
    plan = [Cell(1, 1, at(9 + k / 2)) for k in range(8)] + [Cell(2, 2, at(7)), Cell(2, 2, at(7.5))]
    problem = Instance(posts, people, published=tuple(plan), absent=frozenset({1}))
    solution = solved(problem)
    assert check_handover(problem, solution) == []
    assert set(solution.cells) - set(plan) == {Cell(3, 1, at(9 + k / 2)) for k in range(8)}
    assert solved(replace(problem, posts=(replace(posts[0], requirements={}), posts[1]))).cells != solution.cells
