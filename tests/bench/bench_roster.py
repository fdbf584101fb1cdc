"""The duty roster at city-holiday scale: 300 staff, 60 posts, 24 half-hour slots (tests/bench/roster_data.py).

Measures the time to the first feasible roster, objective / bound / gap after 60 s, and a no-show re-plan
(5 people of the published roster absent), against the issue's targets and against a named baseline:
the constructive (greedy) roster the engine starts from, scored by the same penalties. Every roster is
re-checked by validate(). The machine's 2 cores are shared with other work: the load is printed with
the figures.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from solver.roster import Instance, Solution, construct, evaluate, slots, solve, validate
from tests.bench.roster_data import instance, no_shows
from tests.bench.table import print_table

SOLVE_SECONDS = 60.0
REPLAN_SECONDS = 10.0  # the limit given; the target is what it takes
ABSENT = 5
TARGET_FIRST_S = 5.0
TARGET_GAP = 0.02
TARGET_REPLAN_S = 3.0


def main() -> None:
    problem = instance(seed=1)
    load = os.getloadavg()[0]
    greedy, greedy_seconds, greedy_score = _greedy(problem)
    plan, first, seconds = _solve(problem)
    replan, replan_seconds, absent = _replan(problem, plan)
    _print_size(problem, plan)
    _print_quality(greedy_score, greedy_seconds, plan, first, seconds)
    changed, lost, others_kept = _changes(plan, replan, absent)
    print_table(f"Roster: no-show re-plan ({ABSENT} of the published roster absent)",
                ["status", "seconds", "cells lost", "cells changed", "others kept", "valid"],
                [[replan.status.value, replan_seconds, lost, changed, others_kept,
                  not validate(replace(problem, published=plan.cells, absent=absent), replan.cells)]])
    gap = _gap(plan)
    print_table("Roster: the issue's targets", ["what", "measured", "target", "measured/target", "met"], [
        ["first feasible roster, s", first, TARGET_FIRST_S, first / TARGET_FIRST_S, first <= TARGET_FIRST_S],
        [f"gap to the bound at {SOLVE_SECONDS:.0f} s", f"{gap:.2%}", f"{TARGET_GAP:.0%}", gap / TARGET_GAP,
         gap <= TARGET_GAP],
        ["no-show re-plan, s", replan_seconds, TARGET_REPLAN_S, replan_seconds / TARGET_REPLAN_S,
         replan_seconds <= TARGET_REPLAN_S],
    ])
    print(f"(load average at the start: {load:.1f} on {len(os.sched_getaffinity(0))} cores; the bound is CP-SAT's,"
          " which starts at the water-filling floor of desired + people that the model carries)")


def _greedy(problem: Instance) -> tuple[tuple, float, Solution]:
    started = time.perf_counter()
    cells = tuple(construct(problem))
    seconds = time.perf_counter() - started
    assert not validate(problem, cells), "the constructive roster broke a hard rule"
    return cells, seconds, evaluate(problem, cells)


def _solve(problem: Instance) -> tuple[Solution, float, float]:
    started = time.perf_counter()
    heard: list[float] = []
    solution = solve(problem, SOLVE_SECONDS, on_progress=lambda _o, _b: heard.append(time.perf_counter()))
    assert not validate(problem, solution.cells), "the solver's roster broke a hard rule"
    return solution, (heard[0] - started) if heard else float("inf"), time.perf_counter() - started


def _replan(problem: Instance, plan: Solution) -> tuple[Solution, float, frozenset[int]]:
    absent = no_shows(plan.cells, ABSENT)
    started = time.perf_counter()
    solution = solve(replace(problem, published=plan.cells, absent=absent), REPLAN_SECONDS)
    return solution, time.perf_counter() - started, absent


def _changes(plan: Solution, replan: Solution, absent: frozenset[int]) -> tuple[int, int, bool]:
    before, after = set(plan.cells), set(replan.cells)
    lost = {c for c in before if c.person in absent}
    return len(before ^ after), len(lost), before - lost <= after


def _gap(solution: Solution) -> float:
    if solution.objective is None or solution.bound is None:
        return float("inf")
    return (solution.objective - solution.bound) / max(1, solution.objective)


def _print_size(problem: Instance, plan: Solution) -> None:
    post_slots = sum(len(slots(p)) for p in problem.posts)
    grid = len({s for p in problem.posts for s in slots(p)})
    naive = len(problem.people) * len(problem.posts) * grid
    print_table("Roster: instance", ["people", "posts", "slots", "post-slots", "naive booleans", "CP-SAT variables"],
                [[len(problem.people), len(problem.posts), grid, post_slots, naive, plan.variables]])


def _print_quality(greedy: Solution, greedy_seconds: float, plan: Solution, first: float, seconds: float) -> None:
    rules = list(plan.penalties)
    rows = [["greedy (baseline)", f"{greedy_seconds:.1f}", greedy.objective, "", "", 1.0,
             *(greedy.penalties[r] for r in rules)],
            [f"CP-SAT, {SOLVE_SECONDS:.0f} s", f"{first:.1f} / {seconds:.1f}", plan.objective, plan.bound,
             f"{_gap(plan):.2%}", plan.objective / greedy.objective, *(plan.penalties[r] for r in rules)]]
    print_table("Roster: objective against the greedy baseline",
                ["roster", "s (first / total)", "objective", "bound", "gap", "/ greedy", *rules], rows)
