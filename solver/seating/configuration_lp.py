"""The configuration LP of the hall (_Master): a pattern per run, crossing blocks, each kind its count; column
generation with GLOP, patterns priced by a bounded knapsack; its Lagrangian bound, and the dive that rounds it.
solver.seating.hall_lp runs it inside the hall's solve (steps 2 and 3 of "How each layout is solved" in the
package docstring)."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ortools.linear_solver import pywraplp

from solver.seating.hall import Window, _Hall
from solver.seating.search import _knapsack

DIVE_CONFIDENT = 0.75  # fractional columns at least this used are fixed together in one dive step ...
DIVE_BATCH = 1024  # ... at most this many (fewer after a step that failed: see _Master.dive)


class _Master:
    """The configuration LP of the hall: a pattern (how many units of each kind) per run, crossing blocks,
    each kind its count (or left out at a price); solved by column generation with GLOP, patterns priced by
    a bounded knapsack over the run's seats. Its Lagrangian bound is valid for every plan: it relaxes
    only apart pairs and integrality, and each run's patterns are exactly the packings that fit it."""

    def __init__(self, hall: _Hall, windows: Sequence[Window]) -> None:
        self.hall = hall
        self.windows = list(windows)
        kinds, runs = hall.kinds, hall.runs
        self.lp = lp = pywraplp.Solver.CreateSolver("GLOP")
        lp.SetSolverSpecificParametersAsString(WARM_START)
        self.warm = True
        self.objective = lp.Objective()
        self.objective.SetMaximization()
        inf = lp.infinity()
        self.run_rows = [lp.Constraint(-inf, 1.0) for _ in runs]
        self.kind_rows = [lp.Constraint(k.count, k.count) for k in kinds]
        touched: dict[int, dict[int, int]] = {}
        for n, (_ti, members, _v) in enumerate(windows):
            inside: dict[int, int] = defaultdict(int)
            for i in members:
                if i in hall.run_of:
                    inside[hall.run_of[i]] += 1
            touched[n] = inside
        self.cap_rows = {r: lp.Constraint(-inf, runs[r].size) for n in touched for r in touched[n]}
        self.seat_rows: dict[int, pywraplp.Constraint] = {}
        self.window_vars = []
        for n, (ti, members, value) in enumerate(windows):
            v = lp.NumVar(0.0, 1.0, "")
            self.objective.SetCoefficient(v, value)
            self.kind_rows[hall.types[ti].kind].SetCoefficient(v, 1.0)
            for i in members:
                self.seat_rows.setdefault(i, lp.Constraint(-inf, 1.0)).SetCoefficient(v, 1.0)
            for r, c in touched[n].items():
                self.cap_rows[r].SetCoefficient(v, c)
            self.window_vars.append(v)
        self.window_runs = touched
        # a block's members sit in its type's order: a type takes at most its own count of blocks, though its
        # kind may hold more units (the arrangement seats a type's units only in its own blocks)
        self.type_rows = {ti: lp.Constraint(-inf, hall.types[ti].count) for ti in _limited_types(hall, windows)}
        for n, (ti, _members, _value) in enumerate(windows):
            if ti in self.type_rows:
                self.type_rows[ti].SetCoefficient(self.window_vars[n], 1.0)
        self.slack_values = self._slack_values()
        self.slack = []
        for k, kind in enumerate(kinds):
            v = lp.NumVar(0.0, kind.count, "")
            self.objective.SetCoefficient(v, self.slack_values[k])
            self.kind_rows[k].SetCoefficient(v, 1.0)
            self.slack.append(v)
        self.patterns: list[dict[tuple[tuple[int, int], ...], pywraplp.Variable]] = [{} for _ in runs]
        self.eligible = [[k for k, kind in enumerate(kinds) if hall.eligible(kind, run)] for run in runs]
        self.profiles: dict[tuple, list[int]] = defaultdict(list)
        for r, run in enumerate(runs):
            self.profiles[run.honour, run.size, tuple(self.eligible[r])].append(r)
        self.fixed: set[int] = set()  # runs whose pattern is fixed
        self.cover = [0] * len(kinds)  # units of each kind in fixed columns
        self.type_cover: dict[int, int] = defaultdict(int)  # blocks of each type fixed
        self.filled: dict[int, int] = defaultdict(int)  # seats of runs taken by fixed columns
        self.seats_fixed: set[int] = set()  # seats of fixed windows
        self.bound = math.inf
        self.center: tuple | None = None  # the duals of the best bound so far
        self.rounds = 0
        self.last = 0.0  # the LP's value at the last solve
        self.converged = False  # the LP at its optimum: no column prices out

    def relax(self) -> None:
        """Solves the count model's LP relaxation (each run a knapsack of fractional counts; GLOP, a tenth of a
        second on 1,500 guests) and starts from its duals: the Lagrangian bound there is at most that LP's
        value and far below the transportation bound (it keeps each unit in one run), and the column
        generation's smoothing centre is good from the first round instead of after dozens."""
        hall = self.hall
        kinds, runs = hall.kinds, hall.runs
        lp = pywraplp.Solver.CreateSolver("GLOP")
        objective = lp.Objective()
        objective.SetMaximization()
        inf = lp.infinity()
        caps = [lp.Constraint(-inf, run.size) for run in runs]
        counts = [lp.Constraint(k.count, k.count) for k in kinds]
        seats = {i: lp.Constraint(-inf, 1.0) for i in self.seat_rows}
        held: list[list[tuple[int, pywraplp.Variable]]] = [[] for _ in runs]
        for r, run in enumerate(runs):
            for k in self.eligible[r]:
                v = lp.NumVar(0.0, min(kinds[k].count, run.size // kinds[k].size), "")
                objective.SetCoefficient(v, run.honour * kinds[k].weight)
                caps[r].SetCoefficient(v, kinds[k].size)
                counts[k].SetCoefficient(v, 1.0)
                held[r].append((k, v))
        limits = {ti: lp.Constraint(-inf, hall.types[ti].count) for ti in self.type_rows}
        for n, (ti, members, value) in enumerate(self.windows):
            v = lp.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(v, value)
            counts[hall.types[ti].kind].SetCoefficient(v, 1.0)
            for i in members:
                seats[i].SetCoefficient(v, 1.0)
            for r, c in self.window_runs[n].items():
                caps[r].SetCoefficient(v, c)
            if ti in limits:
                limits[ti].SetCoefficient(v, 1.0)
        for k, kind in enumerate(kinds):
            v = lp.NumVar(0.0, kind.count, "")
            objective.SetCoefficient(v, self.slack_values[k])
            counts[k].SetCoefficient(v, 1.0)
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            return
        sizes = [kind.size for kind in kinds]
        for r, run in enumerate(runs):
            for pattern in _roundings({k: v.solution_value() for k, v in held[r]}, sizes, run.size):
                self.add(r, pattern)
        rho = {r: max(0.0, caps[r].dual_value()) for r in self.cap_rows}
        mu = [row.dual_value() for row in counts]
        sigma = {i: max(0.0, row.dual_value()) for i, row in seats.items()}
        tau = {ti: max(0.0, row.dual_value()) for ti, row in limits.items()}
        bound, offers = self._evaluate([0.0] * len(runs), rho, mu, sigma, tau)
        pi = [0.0] * len(runs)
        for rc, r, chosen in offers:  # the centre prices each run at its best pattern there
            pi[r] = rc
            self.add(r, chosen)
        self._keep(bound, (pi, rho, mu, sigma, tau))

    def _slack_values(self) -> list[float]:
        """What leaving a unit of each kind out is worth: the price of allow_partial. Otherwise no plan leaves
        anyone out, so any price keeps the LP a relaxation: four times that price without the share that keeps
        «всегда с местом» guests in partial plans (a billion and more a guest; the unscaled LP lost its footing
        on it). Computed once: the pricing reads them every round."""
        hall = self.hall
        if hall.partial:
            return [-kind.penalty for kind in hall.kinds]
        top_honour, top_weight = max(hall.rules.honour.values()), max(hall.rules.weight.values())
        return [-4 * top_honour * (top_weight * kind.size + kind.weight) for kind in hall.kinds]

    def add(self, r: int, pattern: Mapping[int, int]) -> bool:
        key = tuple(sorted((k, n) for k, n in pattern.items() if n))
        if key in self.patterns[r]:
            return False
        hall = self.hall
        v = self.lp.NumVar(0.0, 1.0, "")
        self.objective.SetCoefficient(v, sum(hall.runs[r].honour * hall.kinds[k].weight * n for k, n in key))
        self.run_rows[r].SetCoefficient(v, 1.0)
        if r in self.cap_rows:
            self.cap_rows[r].SetCoefficient(v, sum(hall.kinds[k].size * n for k, n in key))
        for k, n in key:
            self.kind_rows[k].SetCoefficient(v, n)
        self.patterns[r][key] = v
        return True

    def solve(self) -> bool:
        status = self.lp.Solve()
        if status == pywraplp.Solver.ABNORMAL and self.warm:  # unscaled, GLOP lost its numerical footing
            self.lp.SetSolverSpecificParametersAsString("")
            self.warm = False
            status = self.lp.Solve()
        solved = status == pywraplp.Solver.OPTIMAL
        self.last = self.objective.Value() if solved else self.last
        return solved

    def value(self) -> float:
        return self.last

    def price(self) -> int:
        """Adds each run's best pattern of positive reduced cost; updates the bound; returns how many.

        Prices at duals moved from the LP's towards those of the best bound so far (Wentges' smoothing: with
        every row a level the plain duals swing and the LP takes hundreds of rounds) and at the LP's own, so
        the LP still ends at its optimum; both sets of columns go in (fewer rounds: 32 instead of 46 on
        1,500 guests). The bound is valid at any duals (see the class docstring)."""
        current = self._duals()
        added = 0
        if self.center is not None:
            mixed = tuple(_mix(c, d) for c, d in zip(self.center, current, strict=True))
            bound, offers = self._evaluate(*mixed)
            self._keep(bound, mixed)
            added = sum(self.add(r, chosen) for _rc, r, chosen in offers)
        bound, offers = self._evaluate(*current)
        self._keep(bound, current)
        return added + sum(self.add(r, chosen) for _rc, r, chosen in offers)

    def _duals(self) -> tuple:
        pi = [max(0.0, row.dual_value()) for row in self.run_rows]
        rho = {r: max(0.0, row.dual_value()) for r, row in self.cap_rows.items()}
        mu = [row.dual_value() for row in self.kind_rows]
        sigma = {i: max(0.0, row.dual_value()) for i, row in self.seat_rows.items()}
        tau = {ti: max(0.0, row.dual_value()) for ti, row in self.type_rows.items()}
        return pi, rho, mu, sigma, tau

    def _keep(self, bound: float, duals: tuple) -> None:
        if bound < self.bound:
            self.bound, self.center = bound, duals

    def _evaluate(self, pi: list, rho: dict, mu: list, sigma: dict, tau: dict) -> tuple[float, list]:
        """The Lagrangian bound at these duals, and each run's best pattern of positive reduced cost."""
        hall = self.hall
        kinds, runs = hall.kinds, hall.runs
        bound = (math.fsum(pi) + math.fsum(rho[r] * runs[r].size for r in rho) + math.fsum(sigma.values())
                 + math.fsum(tau[ti] * hall.types[ti].count for ti in tau)
                 + math.fsum(mu[k] * kind.count for k, kind in enumerate(kinds)))
        bound += math.fsum(kind.count * max(0.0, self.slack_values[k] - mu[k]) for k, kind in enumerate(kinds))
        for n, (ti, members, value) in enumerate(self.windows):
            rc = (value - mu[hall.types[ti].kind] - tau.get(ti, 0.0) - sum(sigma.get(i, 0.0) for i in members)
                  - sum(rho.get(r, 0.0) * c for r, c in self.window_runs[n].items()))
            bound += max(0.0, rc)
        scale = 1e-7 * max(1.0, abs(self.value()))
        offers: list[tuple[float, int, dict[int, int]]] = []
        for (honour, size, eligible), rs in self.profiles.items():
            base = [(honour * kinds[k].weight - mu[k], kinds[k].size, kinds[k].count, k) for k in eligible]
            plain: tuple[float, dict[int, int]] | None = None  # the runs of a profile with no seat price alike
            for r in rs:
                extra = rho.get(r, 0.0)
                if extra == 0.0 and plain is not None:
                    gain, chosen = plain
                else:
                    gain, chosen = _knapsack([(p - extra * s, s, c, k) for p, s, c, k in base if p - extra * s > 1e-9],
                                             size)
                    if extra == 0.0:
                        plain = (gain, chosen)
                rc = gain - pi[r]
                bound += max(0.0, rc)
                if rc > scale and r not in self.fixed:
                    offers.append((rc, r, chosen))
        return bound, offers

    def converge(self, until: float) -> bool:
        """Column generation to the LP optimum (or until the time: `converged` tells); False when the LP is
        infeasible."""
        while True:
            started = time.perf_counter()
            if not self.solve():
                return False
            self.rounds += 1
            self.converged = not self.price()
            now = time.perf_counter()
            if self.converged or now + 2 * (now - started) > until:  # (another round would likely end past it)
                return self.solve()

    def near_optimum(self) -> bool:
        """The LP at its optimum, or so near its bound that its dive rounds as well: the demo's hall (1,488
        guests, 291 runs) ended its time at 0.0002 % of the bound, unconverged, and its answer was the constructive
        plan re-packed (0.88 %) where the dive reaches 0.0004 %."""
        return self.converged or (math.isfinite(self.bound)
                                  and self.bound - self.value() <= NEAR_OPTIMUM * abs(self.bound))

    def columns(self) -> list[tuple[float, int, tuple, pywraplp.Variable]]:
        """(value, run or -1 - window, pattern key, variable) of every column not fixed, in use."""
        out = []
        for r, pats in enumerate(self.patterns):
            if r in self.fixed:
                continue
            for key, v in pats.items():
                x = v.solution_value()
                if x > 1e-6:
                    out.append((x, r, key, v))
        for n, v in enumerate(self.window_vars):
            if v.lb() < 0.5:
                x = v.solution_value()
                if x > 1e-6:
                    out.append((x, -1 - n, (), v))
        return out

    def _effect(self, column: tuple) -> tuple[dict[int, int], dict[int, int], tuple[int, ...]]:
        """(units per kind, seats per run, seats) that a column takes."""
        _x, r, key, _v = column
        hall = self.hall
        if r >= 0:
            return dict(key), {r: sum(hall.kinds[k].size * n for k, n in key)}, ()
        ti, members, _value = self.windows[-1 - r]
        return {hall.types[ti].kind: 1}, dict(self.window_runs[-1 - r]), members

    def fits(self, column: tuple) -> bool:
        """Fixing the column keeps the LP feasible: no kind over its count, no run over its seats."""
        units, seats, members = self._effect(column)
        hall = self.hall
        ti = self._limited_type(column)
        return (all(self.cover[k] + n <= hall.kinds[k].count for k, n in units.items())
                and all(self.filled[r] + c <= hall.runs[r].size for r, c in seats.items())
                and not any(i in self.seats_fixed for i in members)
                and (ti is None or self.type_cover[ti] < hall.types[ti].count))

    def _limited_type(self, column: tuple) -> int | None:
        """The type of a crossing block's column when its type's blocks are limited (see __init__)."""
        r = column[1]
        ti = self.windows[-1 - r][0] if r < 0 else None
        return ti if ti in self.type_rows else None

    def fix(self, column: tuple) -> None:
        units, seats, members = self._effect(column)
        for k, n in units.items():
            self.cover[k] += n
        for r, c in seats.items():
            self.filled[r] += c
        self.seats_fixed.update(members)
        if (ti := self._limited_type(column)) is not None:
            self.type_cover[ti] += 1
        _x, r, _key, v = column
        v.SetLb(1.0)
        if r >= 0:
            self.fixed.add(r)

    def fix_undo(self, column: tuple) -> None:
        """Releases a fix without forbidding the column."""
        units, seats, members = self._effect(column)
        for k, n in units.items():
            self.cover[k] -= n
        for r, c in seats.items():
            self.filled[r] -= c
        self.seats_fixed.difference_update(members)
        if (ti := self._limited_type(column)) is not None:
            self.type_cover[ti] -= 1
        _x, r, _key, v = column
        v.SetLb(0.0)
        self.fixed.discard(r)

    def release(self) -> None:
        """Undoes a dive: every column fixed or forbidden free again."""
        for pats in self.patterns:
            for v in pats.values():
                v.SetBounds(0.0, 1.0)
        for v in self.window_vars:
            v.SetBounds(0.0, 1.0)
        self.fixed = set()
        self.cover = [0] * len(self.hall.kinds)
        self.filled = defaultdict(int)
        self.seats_fixed = set()
        self.type_cover = defaultdict(int)

    def unfix(self, column: tuple) -> None:
        """Releases a fix and forbids the column."""
        self.fix_undo(column)
        column[3].SetUb(0.0)

    def dive(self, until: float, drop: float) -> bool:
        """Rounds the LP to a plan: fixes the columns at 1 and the most used fractional ones (in distinct runs),
        re-solves over the columns the column generation made (pricing again after each step made a dive of
        1,500 guests take 10 s and more; without, it takes a tenth of a second and CP-SAT completes its runs
        to within 0.1 % of the bound), and undoes (and forbids) a fix after which the LP is infeasible or
        loses more than `drop` of its value. The confident columns fixed together are at most `batch`: halved
        after a step that loses too much, doubled after one that holds (a failed step costs two solves far
        from the last basis, a second each on 5,000 guests: with every confident column at once the dive
        failed step after step and ran out of time half-way, 0.18 % instead of 0.05 %).
        True when the LP is integral (a plan) before the time runs out."""
        last = time.perf_counter()
        batch = DIVE_BATCH
        if not self.solve():
            return False
        while True:
            now = time.perf_counter()
            step, last = now - last, now  # a step is begun only when it would likely end in time
            if now + step >= until:
                return False
            floor = self.value() - drop * abs(self.value())
            used = self.columns()
            fractional = sorted((c for c in used if c[0] < 1 - 1e-6), key=lambda c: (-c[0], c[1]))
            if any(s.solution_value() > 1e-6 for s in self.slack):
                return False
            for c in used:  # (the LP may be whole from the start: its plan is then the dive's)
                if c[0] >= 1 - 1e-6 and self.fits(c):
                    self.fix(c)
            picks: list[tuple] = []
            for c in fractional:
                if (not picks or (c[0] >= DIVE_CONFIDENT and len(picks) < batch)) and self.fits(c):
                    picks.append(c)
                    self.fix(c)
            if not picks:  # solved again, as fixed: a changed model's solution reads 0 (its plan made whole uses it)
                return self.solve() and not fractional
            if self.solve() and self.value() >= floor:
                batch = min(DIVE_BATCH, 2 * batch)
                continue
            batch = max(1, len(picks) // 2)
            for c in picks[1:]:
                self.fix_undo(c)
            if self.solve() and self.value() >= floor:
                continue
            self.unfix(picks[0])
            if not self.solve():
                return False

    def plan(self) -> tuple[dict[tuple[int, int], int], list[int]]:
        """The fixed runs' patterns as counts (kind, run) and the windows fixed."""
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for r, pats in enumerate(self.patterns):
            for key, v in pats.items():
                if r in self.fixed and v.lb() > 0.5:
                    for k, n in key:
                        counts[k, r] += n
        return dict(counts), [n for n, v in enumerate(self.window_vars) if v.lb() > 0.5]


def _roundings(counts: Mapping[int, float], sizes: Sequence[int], room: int) -> list[dict[int, int]]:
    """Two packings of a run near the relaxation's fractional counts there: their floor, and the floor with the
    fractional kinds rounded up, the most fractional first, while they fit. Given to the configuration LP from its
    start: on the demo's hall with eleven guests more (1,499 guests, 291 runs) the LP, from the plans at hand
    alone, was 1.6 % short of its bound when its time ended (the plan 0.59 % short); with these it converged in 27
    rounds (the plan 0.0004 % short). One rounding per kind instead: 1,500 guests, seeds 1-7, 0.17-0.29 % on
    three of them."""
    base = {k: math.floor(x + 1e-9) for k, x in counts.items() if x > 1e-9}
    left = room - sum(sizes[k] * n for k, n in base.items())
    rounded = dict(base)
    for k in sorted((k for k, x in counts.items() if x - base.get(k, 0) > 1e-6),
                    key=lambda k: (base.get(k, 0) - counts[k], k)):
        if sizes[k] <= left:
            rounded[k] = rounded.get(k, 0) + 1
            left -= sizes[k]
    return [base, rounded]


def _limited_types(hall: _Hall, windows: Sequence[Window]) -> list[int]:
    """Types with crossing blocks whose kind holds other types too: only there can a kind's count let a type
    take more blocks than it has units."""
    with_blocks = {ti for ti, _members, _value in windows}
    return sorted(ti for ti in with_blocks if len(hall.kinds[hall.types[ti].kind].types) > 1)


NEAR_OPTIMUM = 2e-5  # the LP's value this close to its bound counts as converged (see near_optimum)
SMOOTHING = 0.9  # the share of the best bound's duals in those a round prices at
# Without presolve and scaling GLOP starts each round from the last basis (a round only adds columns): under a
# profiler the 5,000-guest hall's LP converged in 40 s instead of 84 s (53 rounds). Should GLOP still come back
# ABNORMAL (it did on the demo's 1,650-seat hall while leaving a protected guest out was priced at a billion), the
# master goes back to GLOP's defaults.
WARM_START = "use_preprocessing: false use_scaling: false"


def _mix(center: list | dict, current: list | dict) -> list | dict:
    if isinstance(current, dict):
        return {k: SMOOTHING * center.get(k, 0.0) + (1 - SMOOTHING) * v for k, v in current.items()}
    return [SMOOTHING * c + (1 - SMOOTHING) * v for c, v in zip(center, current, strict=True)]
