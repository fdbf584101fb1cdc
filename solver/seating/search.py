"""What the searches of the layouts share: the time budget, the best order of a block's members, a
CP-SAT run with an honest bound, and the result a layout's search hands to solve().
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.graph.python import linear_sum_assignment
from ortools.sat.python import cp_model

from solver.cpsat import Penalties, Run, Status


@dataclass
class _Budget:
    started: float
    deadline: float
    workers: int
    on_progress: Callable[[int, int], None] | None

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def _dot(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(a, b, strict=False))


def _best_order(ws: Sequence[int], options: Sequence[Sequence[int] | None], hs: Sequence[int],
                internal: Sequence[tuple[int, int]] = ()) -> tuple[int, tuple[int, ...]] | None:
    """The best seating of members (weights ws, most senior first) on the positions of a block (honours hs).

    options[m]: the positions member m may take (None: any); internal: member pairs not side by side.
    Returns (value, position of each member) or None. Members free to sit anywhere take the positions left
    in order of honour (the rearrangement inequality); the others are enumerated.
    """
    n, members = len(hs), len(ws)
    by_honour = sorted(range(n), key=lambda j: (-hs[j], j))
    bound = sorted({m for m in range(members) if options[m] is not None} | {m for p in internal for m in p})
    if not bound:
        return sum(w * hs[j] for w, j in zip(ws, by_honour, strict=False)), tuple(by_honour[:members])
    choices = [tuple(o) if (o := options[m]) is not None else tuple(range(n)) for m in bound]
    if any(not c for c in choices):
        return None
    if not internal and members == n and math.prod(len(c) for c in choices) > 5000:
        return _assignment(ws, options, hs)
    flexible = [m for m in range(members) if m not in set(bound)]
    clash = defaultdict(list)
    for a, b in internal:
        clash[a].append(b)
        clash[b].append(a)
    pos = [-1] * members
    used = [False] * n
    best: list = [None, None]

    def rec(k: int, value: int) -> None:
        if k == len(bound):
            rest = [j for j in by_honour if not used[j]]
            total = value + sum(ws[m] * hs[j] for m, j in zip(flexible, rest, strict=False))
            if best[0] is None or total > best[0]:
                for m, j in zip(flexible, rest, strict=False):
                    pos[m] = j
                best[0], best[1] = total, tuple(pos)
                for m in flexible:
                    pos[m] = -1
            return
        m = bound[k]
        for j in choices[k]:
            if used[j] or any(pos[o] >= 0 and abs(pos[o] - j) == 1 for o in clash.get(m, ())):
                continue
            used[j], pos[m] = True, j
            rec(k + 1, value + ws[m] * hs[j])
            used[j], pos[m] = False, -1

    rec(0, 0)
    return None if best[0] is None else (best[0], best[1])


def _assignment(ws: Sequence[int], options: Sequence[Sequence[int] | None],
                hs: Sequence[int]) -> tuple[int, tuple[int, ...]] | None:
    n = len(ws)
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    for m in range(n):
        for j in (o if (o := options[m]) is not None else range(n)):
            lsa.add_arc_with_cost(m, j, -ws[m] * hs[j])
    if lsa.solve() != lsa.OPTIMAL:
        return None
    pos = tuple(lsa.right_mate(m) for m in range(n))
    return sum(ws[m] * hs[pos[m]] for m in range(n)), pos


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[int, int], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(round(self.objective_value), _ceil(self.best_objective_bound))


def _ceil(x: float) -> int:
    """A safe integer lower bound of an integer objective from CP-SAT's double (presolve may rescale it)."""
    return math.ceil(x - 1e-6 * max(1.0, abs(x)))


def _run(model: cp_model.CpModel, penalties: Penalties, seconds: float, workers: int,
         on_solution: Callable[[int, int], None] | None) -> Run:
    """cpsat.run_with, but the objective rounded and the bound taken safely: CP-SAT reports an integer
    objective as a double after rescaling it (6.999999999999999 for 7), which int() would truncate."""
    model.minimize(penalties.objective())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    started = time.perf_counter()
    code = solver.solve(model, _Progress(on_solution) if on_solution else None)
    status = {cp_model.OPTIMAL: Status.OPTIMAL, cp_model.FEASIBLE: Status.FEASIBLE,
              cp_model.INFEASIBLE: Status.INFEASIBLE}.get(code, Status.TIMEOUT)
    found = status in (Status.OPTIMAL, Status.FEASIBLE)
    return Run(status, solver, round(solver.objective_value) if found else None,
               _ceil(solver.best_objective_bound) if found else None, time.perf_counter() - started)


@dataclass
class _Result:
    assignment: dict[int, int]
    left: list[tuple[int, ...]]  # units without a seat (allow_partial, or no plan found)
    value: int | None  # the objective (with the pinned singles)
    bound: int | None
    status: Status
    variables: int = 0


def _knapsack(items: Sequence[tuple[float, int, int, int]], capacity: int) -> tuple[float, dict[int, int]]:
    """Bounded knapsack over seats: items (profit, size, how many, kind); the best total and its counts.

    Items of one seat fill whatever seats the others leave, the most profitable first (exact: they fit any
    remainder); the others go by dynamic programming over seats, n copies of an item as bundles of 1, 2, 4,
    ... copies (the pricing of the column generation calls this thousands of times)."""
    ones = sorted(((-p, k, c) for p, s, c, k in items if s == 1 and p > 1e-9))
    fill: list[float] = [0.0]  # the best profit of the first n one-seat items ...
    singles: list[int] = []  # ... and their kinds
    for negative, k, c in ones:
        for _copy in range(min(c, capacity - len(singles))):
            fill.append(fill[-1] - negative)
            singles.append(k)
    best = [0.0] * (capacity + 1)
    take: list[tuple[int, ...]] = [()] * (capacity + 1)
    # No packing holds more than capacity // size items of one size, and one of them swapped for an unused copy
    # of a more profitable item of that size loses nothing: the most profitable capacity // size copies of
    # each size are all the program needs (of 25 kinds of 12 seats, one for a run of 22).
    admitted: dict[int, int] = defaultdict(int)
    for profit, size, count, k in sorted(items, key=lambda i: (i[1], -i[0], i[3])):
        if size == 1 or size > capacity or profit <= 1e-9:
            continue
        left, bundle = min(count, capacity // size - admitted[size]), 1
        admitted[size] += max(0, left)
        while left > 0:
            n = min(bundle, left)
            left -= n
            bundle *= 2
            for c in range(capacity, n * size - 1, -1):
                if best[c - n * size] + n * profit > best[c] + 1e-9:
                    best[c] = best[c - n * size] + n * profit
                    take[c] = take[c - n * size] + (k,) * n
    c = max(range(capacity + 1), key=lambda c: best[c] + fill[min(capacity - c, len(singles))])
    chosen: dict[int, int] = defaultdict(int)
    for k in take[c] + tuple(singles[:min(capacity - c, len(singles))]):
        chosen[k] += 1
    return best[c] + fill[min(capacity - c, len(singles))], dict(chosen)
