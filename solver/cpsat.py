"""The CP-SAT helpers the solvers share, and the constraint families of the rostering models: duty at a
ceremony (solver/roster/) and shift scheduling in the public benchmark's format (solver/shift_scheduling/).

Both models put people on time intervals; what they share lives here so that the benchmark measures the
same constraint code the product runs: a ledger of named penalties (the score analysis), coverage with
under/over penalties, "one place at a time", and the run of CP-SAT with an honest status.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model


class Status(StrEnum):
    OPTIMAL = "optimal"  # proven best
    FEASIBLE = "feasible"  # a solution, not proven best when the time ran out
    INFEASIBLE = "infeasible"  # proven impossible
    TIMEOUT = "timeout"  # no solution found in the time given


class Penalties:
    """Soft rules as named, weighted terms: their sum is the objective, each name's cost explains it."""

    def __init__(self) -> None:
        self._terms: dict[str, list[tuple[int, cp_model.LinearExprT]]] = defaultdict(list)

    def add(self, rule: str, weight: int, expr: cp_model.LinearExprT) -> None:
        if weight:
            self._terms[rule].append((weight, expr))

    def objective(self) -> cp_model.LinearExprT:
        return sum((w * e for terms in self._terms.values() for w, e in terms), cp_model.LinearExpr.constant(0))

    def costs(self, solver: cp_model.CpSolver) -> dict[str, int]:
        return {rule: int(sum(w * solver.value(e) for w, e in terms)) for rule, terms in self._terms.items()}


def cover(model: cp_model.CpModel, penalties: Penalties, assigned: Sequence[cp_model.LinearExprT], *, target: int,
          minimum: int = 0, under: tuple[str, int] | None = None,
          over: tuple[str, int] | None = None) -> cp_model.IntVar | None:
    """How many of `assigned` are on: at least `minimum` (hard); below or above `target` costs per person.

    Returns the shortfall variable when `under` is priced (None otherwise), for a caller that bounds it.
    """
    total = sum(assigned)
    if minimum:
        model.add(total >= minimum)
    short = None
    if under and under[1] and target > minimum:
        short = model.new_int_var(0, target - minimum, "")
        model.add(short >= target - total)
        penalties.add(under[0], under[1], short)
    if over and over[1] and len(assigned) > target:
        extra = model.new_int_var(0, len(assigned) - target, "")
        model.add(extra >= total - target)
        penalties.add(over[0], over[1], extra)
    return short


def one_at_a_time(model: cp_model.CpModel, intervals: Iterable[tuple[int, int, cp_model.IntVar]]) -> None:
    """One person's candidate stretches (start, end, chosen): no two chosen ones overlap.

    A clique per moment where a stretch starts is enough: any two overlapping stretches both cover the later start.
    """
    items = sorted(intervals, key=lambda i: i[0])
    # A sweep over the starts that keeps only the stretches still open: linear in the stretches open at
    # once rather than in all of them (a year's candidate runs made the full scan take seconds).
    open_, taken = [], 0
    for start in sorted({s for s, _e, _v in items}):
        while taken < len(items) and items[taken][0] <= start:
            open_.append(items[taken])
            taken += 1
        open_ = [i for i in open_ if i[1] > start]
        if len(open_) > 1:
            model.add_at_most_one([v for _s, _e, v in open_])


@dataclass(frozen=True)
class Run:
    status: Status
    solver: cp_model.CpSolver
    objective: int | None
    bound: int | None
    seconds: float


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[int, int], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(int(self.objective_value), int(self.best_objective_bound))


def run(model: cp_model.CpModel, penalties: Penalties, *, time_limit: float, workers: int = 2,
        on_solution: Callable[[int, int], None] | None = None, seed: int = 0) -> Run:
    """Minimises the penalties; `on_solution(objective, bound)` hears of every better solution."""
    return run_with(model, penalties, {}, time_limit=time_limit, workers=workers, on_solution=on_solution, seed=seed)


def run_with(model: cp_model.CpModel, penalties: Penalties, parameters: Mapping[str, object], *, time_limit: float,
             workers: int = 2, on_solution: Callable[[int, int], None] | None = None, seed: int = 0) -> Run:
    """run() with CP-SAT parameters of the model's own (e.g. no presolve for a model that starts from a full hint)."""
    model.minimize(penalties.objective())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    for name, value in parameters.items():
        if isinstance(value, (list, tuple)):  # a repeated field (e.g. subsolvers) is extended, not assigned
            getattr(solver.parameters, name).extend(value)
        else:
            setattr(solver.parameters, name, value)
    started = time.perf_counter()
    code = solver.solve(model, _Progress(on_solution) if on_solution else None)
    seconds = time.perf_counter() - started
    status = {cp_model.OPTIMAL: Status.OPTIMAL, cp_model.FEASIBLE: Status.FEASIBLE,
              cp_model.INFEASIBLE: Status.INFEASIBLE}.get(code, Status.TIMEOUT)
    found = status in (Status.OPTIMAL, Status.FEASIBLE)
    return Run(status, solver, int(solver.objective_value) if found else None,
               int(solver.best_objective_bound) if found else None, seconds)
