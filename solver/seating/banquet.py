"""Banquet tables: a constructive plan, then large-neighbourhood search (a few tables at a time emptied
and refilled optimally by CP-SAT).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ortools.graph.python import linear_sum_assignment
from ortools.sat.python import cp_model

from solver.cpsat import Status
from solver.seating.explanations import _matchable
from solver.seating.rules import _Rules
from solver.seating.search import _best_order, _Budget, _Result

LNS_TABLES = 3  # tables re-optimised together at first (adapted between 2 and LNS_MAX_TABLES)
LNS_MAX_TABLES = 8
LNS_STEP_SECONDS = 0.5  # the most one neighbourhood may take: most of its gain comes early


class _Banquet:
    """Tables: units (groups, single guests) to tables, then each table's guests to its seats."""

    def __init__(self, rules: _Rules, guests: Sequence[int], partial: bool, seed: int = 0) -> None:
        self.rules = rules
        self.partial = partial
        self.rng = random.Random(seed)
        self.tables: dict[int, list[int]] = defaultdict(list)
        for s in sorted(rules.seats.values(), key=lambda s: (-rules.honour[s.id], s.x, s.id)):
            if s.table is not None and not s.blocked:
                self.tables[s.table].append(s.id)
        self.table_of = {s: t for t, seats in self.tables.items() for s in seats}
        self.order = sorted(self.tables, key=lambda t: (-max(rules.honour[s] for s in self.tables[t]), t))
        chosen = set(guests)
        self.units: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for g in guests:
            if g in seen:
                continue
            grp = rules.guests[g].group
            members = tuple(m for m in rules.groups[grp] if m in chosen) if grp is not None else (g,)
            seen.update(members)
            self.units.append(members)
        self.unit_of = {g: u for u, members in enumerate(self.units) for g in members}
        self.pinned: dict[int, int] = {g: p for g in guests
                                       if (p := rules.guests[g].pinned) is not None and p in self.table_of}
        self.seat_of: dict[int, int] = {}

    def gain(self, g: int, s: int) -> int:
        return self.rules.honour[s] * self.rules.weight[g]

    def density(self, u: int) -> float:
        """A unit's mean member weight."""
        return sum(self.rules.weight[g] for g in self.units[u]) / len(self.units[u])

    def value(self) -> int:
        seated = sum(self.gain(g, s) for g, s in self.seat_of.items())
        left = sum(self.penalty(u) for u, members in enumerate(self.units) if members[0] not in self.seat_of)
        return seated - (left if self.partial else 0)

    def penalty(self, u: int) -> int:
        """What leaving unit u out costs (allow_partial)."""
        return sum(self.rules.unseated[g] for g in self.units[u])

    def bound(self) -> int:
        """Sorting (weights against honours, best with best) ignores needs, groups and apart pairs: valid."""
        ws = sorted((self.rules.weight[g] for u in self.units for g in u), reverse=True)
        hs = sorted((self.rules.honour[s] for s in self.table_of), reverse=True)
        return sum(w * h for w, h in zip(ws, hs, strict=False))

    # ------------------------------------------------------------------------- a plan at once

    def construct(self) -> list[tuple[int, ...]]:
        """Pinned guests first, then units with needs, then by density: each to the table where its members'
        best seats score most (none beside an apart partner). Returns the units left without a table."""
        rules = self.rules
        taken: set[int] = set()
        at_table: dict[int, set[int]] = defaultdict(set)

        def restricted(u: tuple[int, ...]) -> bool:
            """Some member needs particular seats (or may take a companion seat)."""
            return any(g.wheelchair or g.no_stairs or g.aisle or g.sectors or g.group in rules.escorted
                       for g in (rules.guests[m] for m in u))

        queue = sorted(range(len(self.units)), key=lambda u: (
            not any(g in self.pinned for g in self.units[u]), not restricted(self.units[u]),
            -sum(rules.weight[g] for g in self.units[u]) / len(self.units[u]), u))
        left = []
        for u in queue:
            members = self.units[u]
            pins = {g: self.pinned[g] for g in members if g in self.pinned}
            tables = {self.table_of[s] for s in pins.values()} or set(self.tables)
            best = None
            for t in tables:
                if any(p in at_table[t] for g in members for p in rules.partners.get(g, ())):
                    continue
                got = self._place(members, [s for s in self.tables[t] if s not in taken], pins)
                if got is not None and (best is None or got[0] > best[0]):
                    best = got
            if best is None:
                left.append(members)
                continue
            for g, s in best[1].items():
                self.seat_of[g] = s
                taken.add(s)
                at_table[self.table_of[s]].add(g)
        for t in self.tables:
            self.reseat(t)
        return self.repair(left)

    def _place(self, members: Sequence[int], seats: Sequence[int], pins: Mapping[int, int]
               ) -> tuple[int, dict[int, int]] | None:
        if len(seats) < len(members):
            return None
        rules = self.rules
        options: list[Sequence[int] | None] = []
        for g in members:
            ok = [j for j, s in enumerate(seats) if rules.suits(g, s) and pins.get(g, s) == s]
            if not ok:
                return None
            options.append(ok if len(ok) < len(seats) else None)
        found = _best_order([rules.weight[g] for g in members], options, [rules.honour[s] for s in seats])
        if found is None:
            return None
        return found[0], {g: seats[j] for g, j in zip(members, found[1], strict=True)}

    def assign_table(self, t: int, guests: Sequence[int]) -> dict[int, int] | None:
        """The best seating of `guests` on table t's seats (an assignment problem), pins kept; None if none."""
        seats = self.tables[t]
        if len(guests) > len(seats):
            return None
        if not guests:
            return {}
        lsa = linear_sum_assignment.SimpleLinearSumAssignment()
        rows = list(guests) + [None] * (len(seats) - len(guests))
        for a, g in enumerate(rows):
            for b, s in enumerate(seats):
                if g is None:
                    lsa.add_arc_with_cost(a, b, 0)
                elif self.rules.suits(g, s) and self.pinned.get(g, s) == s:
                    lsa.add_arc_with_cost(a, b, -self.gain(g, s))
        if lsa.solve() != lsa.OPTIMAL:
            return None
        return {g: seats[lsa.right_mate(a)] for a, g in enumerate(rows) if g is not None}

    def guests_at(self, t: int) -> list[int]:
        return [g for g, s in self.seat_of.items() if self.table_of[s] == t]

    def reseat(self, t: int) -> None:
        """The table's guests on its seats as well as they can sit, pins kept."""
        got = self.assign_table(t, self.guests_at(t))
        if got is not None:
            self.seat_of.update(got)

    def repair(self, left: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
        """Units left out by the greedy pass, each to the table where re-seating everyone there takes it in
        (e.g. an escort moved to the companion seat) and scores best."""
        still = []
        for members in left:
            pins = {self.table_of[self.pinned[g]] for g in members if g in self.pinned}
            best = None
            for t in pins or self.tables:
                here = self.guests_at(t)
                if len(here) + len(members) > len(self.tables[t]) or any(
                        p in here for g in members for p in self.rules.partners.get(g, ())):
                    continue
                got = self.assign_table(t, here + list(members))
                if got is not None:
                    gain = (sum(self.gain(g, s) for g, s in got.items())
                            - sum(self.gain(g, self.seat_of[g]) for g in here))
                    if best is None or gain > best[0]:
                        best = (gain, got)
            if best is None:
                still.append(members)
            else:
                self.seat_of.update(best[1])
        return still

    def make_room(self) -> None:
        """allow_partial: each unit left out, densest first, to the table where that pays most, leaving out
        as few of the table's unpinned singles as it must; each of those takes, when that gains, the seat of
        a lighter single elsewhere, who is left out instead. A guest left out costs more the more senior, so a
        senior group seated in place of as many junior singles is pure gain, yet the LNS alone rarely finds it: it
        must free k seats at one table and keep the seated singles' count."""
        rules = self.rules
        left = sorted((u for u, m in enumerate(self.units) if m[0] not in self.seat_of),
                      key=lambda u: (-self.density(u), u))
        for u in left:
            members = self.units[u]
            if members[0] in self.seat_of:
                continue
            mean = self.density(u)
            movable = sorted((g for g in self.seat_of
                              if len(self.units[self.unit_of[g]]) == 1 and g not in self.pinned),
                             key=lambda g: (rules.weight[g], -g))
            pins = {self.table_of[self.pinned[g]] for g in members if g in self.pinned}
            best = None
            for t in pins or self.tables:
                here = self.guests_at(t)
                need = max(0, len(here) + len(members) - len(self.tables[t]))
                if any(p in here for g in members for p in rules.partners.get(g, ())):
                    continue
                singles = [g for g in movable if self.table_of[self.seat_of[g]] == t]
                dropped: list[int] = []  # too few singles: lighter groups at t too, lightest first
                for v in sorted({self.unit_of[g] for g in here}, key=lambda v: (self.density(v), v)):
                    if len(singles) + len(dropped) >= need or self.density(v) >= mean:
                        break
                    if len(self.units[v]) > 1 and not any(g in self.pinned for g in self.units[v]):
                        dropped += self.units[v]
                out = singles[:max(0, need - len(dropped))]
                if len(out) + len(dropped) < need:
                    continue
                got = self.assign_table(t, [g for g in here if g not in out and g not in dropped] + list(members))
                if got is None:
                    continue
                gain = (sum(self.gain(g, s) for g, s in got.items()) - sum(self.gain(g, self.seat_of[g]) for g in here)
                        + sum(rules.unseated[g] for g in members) - sum(rules.unseated[g] for g in out + dropped))
                swaps, used = {}, set(out)
                for e in out:  # the evicted take the seats of lighter singles at other tables, if any suit
                    for j in movable:
                        if rules.weight[j] >= rules.weight[e]:
                            break
                        s = self.seat_of[j]
                        if j in used or self.table_of[s] == t or not rules.suits(e, s) or any(
                                p in self.guests_at(self.table_of[s]) for p in rules.partners.get(e, ())):
                            continue
                        used.add(j)
                        swaps[e] = (j, s)
                        gain += self.gain(e, s) - self.gain(j, s)
                        break
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, out + dropped, got, swaps)
            if best is not None:
                _gain, out, got, swaps = best
                for g in out:
                    del self.seat_of[g]
                self.seat_of.update(got)
                for e, (j, s) in swaps.items():
                    del self.seat_of[j]
                    self.seat_of[e] = s

    # ------------------------------------------------------------------------------------- LNS

    def neighbourhood(self, tables: Sequence[int], seconds: float, workers: int) -> Status:
        """Empties `tables` (pins stay) and refills them with CP-SAT: the best seating of their guests (and,
        with allow_partial, of those left out) on their seats under every rule. Keeps the better plan."""
        rules = self.rules
        chosen = set(tables)
        seats = [s for t in tables for s in self.tables[t]]
        units = sorted({self.unit_of[g] for g, s in self.seat_of.items() if self.table_of[s] in chosen})
        if self.partial:
            units += [u for u, m in enumerate(self.units) if m[0] not in self.seat_of]
        model = cp_model.CpModel()
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        seated: dict[int, cp_model.IntVar] = {}
        at: dict[tuple[int, int], list] = defaultdict(list)
        for u in units:
            members = self.units[u]
            on = seated[u] = model.new_bool_var("")
            if not self.partial:  # partial: a unit seated here may give its seats to a senior one left out
                model.add(on == 1)
            pins = {self.table_of[self.pinned[g]] for g in members if g in self.pinned}
            z = {t: model.new_bool_var("") for t in tables if not pins or t in pins}
            model.add(sum(z.values()) == on)
            for g in members:
                for s in seats:
                    if rules.suits(g, s) and self.pinned.get(g, s) == s and self.table_of[s] in z:
                        x[g, s] = model.new_bool_var("")
                        at[g, self.table_of[s]].append(x[g, s])
                for t, zt in z.items():
                    model.add(sum(at[g, t]) == zt)
        by_seat: dict[int, list] = defaultdict(list)
        for (_g, s), v in x.items():
            by_seat[s].append(v)
        for vs in by_seat.values():
            model.add_at_most_one(vs)
        inside = {g for u in units for g in self.units[u]}
        for a in inside:
            for b in rules.partners.get(a, ()):
                if b in inside and a < b:
                    for t in tables:
                        if at[a, t] and at[b, t]:
                            model.add(sum(at[a, t]) + sum(at[b, t]) <= 1)
        gains = [self.gain(g, s) for g, s in x]
        value = cp_model.LinearExpr.weighted_sum(list(x.values()), gains)
        if self.partial:
            value += cp_model.LinearExpr.weighted_sum([seated[u] for u in units],
                                                      [self.penalty(u) for u in units])
        model.maximize(value)
        for (g, s), v in x.items():
            model.add_hint(v, self.seat_of.get(g) == s)
        for u, v in seated.items():
            model.add_hint(v, self.units[u][0] in self.seat_of)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = self.rng.randrange(1 << 20)
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Status.INFEASIBLE if code == cp_model.INFEASIBLE else Status.TIMEOUT
        before = self.value()
        old = dict(self.seat_of)
        for g in inside:
            self.seat_of.pop(g, None)
        for (g, s), v in x.items():
            if solver.value(v):
                self.seat_of[g] = s
        if self.value() < before:
            self.seat_of = old
        return Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE

    def pick(self, size: int) -> list[int]:
        """An anchor table and, half the time, its neighbours in order of honour, else tables at random."""
        anchor = self.rng.randrange(len(self.order))
        if self.rng.random() < 0.5:
            lo = max(0, min(anchor - size // 2, len(self.order) - size))
            return self.order[lo:lo + size]
        others = self.rng.sample(range(len(self.order)), min(size, len(self.order)))
        return [self.order[i] for i in dict.fromkeys([anchor] + others)][:size]


def _solve_banquet(rules: _Rules, guests: Sequence[int], partial: bool, budget: _Budget) -> _Result:
    """A constructive plan, then large-neighbourhood search: a few tables at a time, refilled by CP-SAT."""
    banquet = _Banquet(rules, guests, partial)
    left = banquet.construct()
    if left and not partial and not _pack_tables(banquet, budget):
        units = [u for u in banquet.units if u[0] not in banquet.seat_of]
        return _Result({}, units, None, None, Status.TIMEOUT)
    if partial:
        banquet.make_room()
    bound = banquet.bound()
    best = banquet.value()
    if budget.on_progress:
        budget.on_progress(best, bound)
    if len(banquet.tables) <= LNS_MAX_TABLES:  # few tables: one CP-SAT model of them all, proven if it can
        status = banquet.neighbourhood(banquet.order, max(0.1, budget.left()), budget.workers)
        value = banquet.value()
        if status == Status.OPTIMAL:
            bound = value
        if budget.on_progress and value > best:
            budget.on_progress(value, bound)
        return _Result(dict(banquet.seat_of), [u for u in banquet.units if u[0] not in banquet.seat_of], value,
                       max(bound, value), Status.OPTIMAL if value >= bound else Status.FEASIBLE, 1)
    size = LNS_TABLES
    steps = 0
    while budget.left() > 0.05 and len(banquet.tables) > 1:
        tables = banquet.pick(min(size, len(banquet.tables)))
        status = banquet.neighbourhood(tables, min(LNS_STEP_SECONDS, budget.left()), budget.workers)
        steps += 1
        if status == Status.OPTIMAL:
            size = min(LNS_MAX_TABLES, size + (1 if banquet.rng.random() < 0.3 else 0))
        elif status in (Status.FEASIBLE, Status.TIMEOUT):
            size = max(2, size - 1)
        value = banquet.value()
        if value > best:
            best = value
            if budget.on_progress:
                budget.on_progress(best, bound)
    assignment = {g: s for g, s in banquet.seat_of.items()}
    units = [u for u in banquet.units if u[0] not in banquet.seat_of]
    return _Result(assignment, units, best, max(bound, best), Status.OPTIMAL if best >= bound else Status.FEASIBLE,
                   steps)


def _pack_tables(banquet: _Banquet, budget: _Budget) -> bool:
    """When the constructive plan leaves units out: CP-SAT places every unit at a table (sizes, seats that
    suit, apart pairs) for total weight by table honour; then each table is seated."""
    rules = banquet.rules
    model = cp_model.CpModel()
    z: dict[tuple[int, int], cp_model.IntVar] = {}
    for u, members in enumerate(banquet.units):
        pins = {banquet.table_of[banquet.pinned[g]] for g in members if g in banquet.pinned}
        for t, seats in banquet.tables.items():
            if (not pins or t in pins) and _matchable(rules, list(members), seats, banquet.pinned):
                z[u, t] = model.new_bool_var("")
        model.add_exactly_one([v for (uu, _t), v in z.items() if uu == u])
    for t, seats in banquet.tables.items():
        here = [(u, v) for (u, tt), v in z.items() if tt == t]
        model.add(sum(len(banquet.units[u]) * v for u, v in here) <= len(seats))
        for cls in {rules.gclass(g) for u, _v in here for g in banquet.units[u]}:
            room = sum(1 for s in seats if rules.accept[cls][rules.sclass(s)])
            need = [(sum(1 for g in banquet.units[u] if rules.gclass(g) == cls), v) for u, v in here]
            model.add(sum(c * v for c, v in need if c) <= room)
        for a in (g for u, _v in here for g in banquet.units[u]):
            for b in rules.partners.get(a, ()):
                ua, ub = banquet.unit_of[a], banquet.unit_of.get(b)
                if ub is not None and a < b and (ua, t) in z and (ub, t) in z and ua != ub:
                    model.add(z[ua, t] + z[ub, t] <= 1)
    top = {t: max(rules.honour[s] for s in seats) for t, seats in banquet.tables.items()}
    model.maximize(sum(top[t] * sum(rules.weight[g] for g in banquet.units[u]) * v for (u, t), v in z.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, budget.left() / 3)
    solver.parameters.num_workers = budget.workers
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    banquet.seat_of = {}
    for t in banquet.tables:
        guests = [g for (u, tt), v in z.items() if tt == t and solver.value(v) for g in banquet.units[u]]
        got = banquet.assign_table(t, guests)
        if got is None:
            return False
        banquet.seat_of.update(got)
    return True
