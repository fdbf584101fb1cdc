"""The pattern formulation of the roster: a proven lower bound of its objective (the LP relaxation, by
column generation with GLOP, read as a Lagrangian bound) and a roster built of the patterns it found.

Each present person takes one duty pattern or none. A pattern is a set of stretches: each a run of the
person's standable slots at one post, at least the post's minimum stretch and at most the longest one, with
a gap of at least the break (and never none) between two stretches, at most max_stretches_per_day of them
and a load within the person's capacity (the day's minutes, arrival and busy time counted). It costs what
the roster's objective charges the person: called + reliefs (one per stretch) + the year's fairness of
its load + preferences. Every slot's places are filled by patterns or paid as below the desired.

Every roster's duty of a person is such a pattern at that cost, and the other rules (pins, departments,
changes, the caps, a stretch that runs on at another post) only forbid rosters or add costs of at least 0:
so for any multipliers π ≥ 0 of the coverage rows (those of the desired at most W_DESIRED), Σ rhs·π + Σ over
people of min(0, the cheapest pattern's cost − its slots' π) is below every roster's objective. The pricing
finds that cheapest pattern exactly, by a dynamic programme over stretches in order of their end (state:
stretches today, load); GLOP's duals of the restricted master LP are the multipliers, and its columns are
the patterns the pricing found. People alike in everything the pattern depends on are priced once. What
the patterns leave out keeps the bound a bound, only weaker: for people with busy time the break (busy
time may bridge two stretches), on an instance spanning several city days the limits per day.

roster(): the LP rounded by diving gives CP-SAT a start, which then picks how many people of each kind
take each pattern, with every slot's rule hard; only patterns that keep every rule of a person are offered.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.roster.model import (
    DAY,
    W_CALLED,
    W_DESIRED,
    W_PREFERENCES,
    W_RELIEFS,
    W_UNCOVERED,
    Cell,
    _Context,
    _level_costs,
    _runs,
    city_day,
    min_stretch,
    slots,
)
from solver.roster.validation import _person_violations

NEG = -1e18
SMOOTHING = 0.8
COLUMNS_PER_KIND = 4
# The roster of the patterns takes the start's patterns and those the LP has at no extra cost (reduced cost
# about 0): with all of them CP-SAT's presolve alone takes longer than the time it has.
REDUCED_COST_LIMIT = 1.0
# The roster of the patterns starts from the LP rounded by diving, which may take this share of its time,
# fixing at once every column at least this near its next whole number.
DIVE_SHARE = 0.5
NEARLY_WHOLE = 0.7
TOLERANCE = 1e-4  # the LP is solved when its value and the bound are this close (relative)
# The dynamic programme keeps every stretch's states for reading a pattern back: past this many numbers
# (stretches × kinds of people × states, 8 bytes each) the bound is not computed. The bench holds 0.35 M.
STATE_LIMIT = 5_000_000
# A slot's minimum or qualification left unmet costs this in the master LP although the roster may not
# leave it unmet: any multipliers give a bound, and these keep them near the costs of filling a place, where
# the column generation settles fast (with W_UNCOVERED they swing for minutes).
W_MISSING = W_DESIRED


class _Kinds:
    """The present people grouped by everything a pattern depends on, and the stretches each kind can stand."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        instance = ctx.instance
        self.keys = sorted(ctx.slot_end)  # post-slots, by post then start: a post's slots are contiguous
        self.index = {k: i for i, k in enumerate(self.keys)}
        required = sorted({q for p in ctx.posts.values() for q in p.requirements})
        self.qualifications = required
        members: dict[tuple, list[int]] = defaultdict(list)
        for p, options in ctx.eligible.items():
            person = ctx.people[p]
            if not options or ctx.capacity[p] <= 0:
                continue
            key = (tuple(options), frozenset(person.qualifications & set(required)), person.preferred_posts,
                   person.prior_minutes, ctx.capacity[p], person.max_minutes_per_day, person.busy)
            members[key].append(p)
        self.kinds = sorted(members.values())
        self.kind_of = {p: g for g, people in enumerate(self.kinds) for p in people}
        days = {city_day(t, ctx.offset) for (post, s), e in ctx.slot_end.items() for t in (s, e - 1)}
        self.one_day = len(days) <= 1
        self.per_day = instance.max_stretches_per_day if self.one_day else 0
        # The least gap between two stretches: the break, or for people with busy time 1 minute: a stretch may
        # run on into busy time and another follow it straight, which the dynamic programme does not see.
        self.gap = np.array([1 if ctx.people[people[0]].busy else max(ctx.rest, 1) for people in self.kinds])
        self.capacity = max((ctx.capacity[people[0]] for people in self.kinds), default=0)
        # Stretches as (kind, first post-slot, post-slot after the last, pair), a pair being (start, end) in time.
        pairs: dict[tuple[int, int], int] = {}
        rows = []
        for g, people in enumerate(self.kinds):
            person = ctx.people[people[0]]
            longest = min(instance.max_stretch_minutes or DAY, person.max_minutes_per_day - instance.arrival_minutes)
            by_post: dict[int, list[int]] = defaultdict(list)
            for post, s, _e in ctx.eligible[people[0]]:
                by_post[post].append(s)
            for post_id, starts in by_post.items():
                post = ctx.posts[post_id]
                shortest = min_stretch(post) // post.slot_minutes
                most = longest // post.slot_minutes
                for run in _runs(post, starts):
                    first = self.index[post_id, run[0]]
                    for i in range(len(run)):
                        for j in range(i + shortest, min(len(run), i + most) + 1):
                            pair = pairs.setdefault((run[i], run[j - 1] + post.slot_minutes), len(pairs))
                            rows.append((g, first + i, first + j, pair))
        self.pairs = sorted(pairs, key=lambda ab: (ab[1], ab[0]))
        order = {pairs[ab]: n for n, ab in enumerate(self.pairs)}
        table = np.array(rows, dtype=np.int64).reshape(-1, 4)
        self.kind, self.first, self.after = table[:, 0], table[:, 1], table[:, 2]
        self.pair = np.array([order[p] for p in table[:, 3]], dtype=np.int64)
        self.units = [(b - a) // ctx.unit for a, b in self.pairs]
        # Per kind: its qualifications (0/1 per required one) and the post-slots its preferences charge.
        self.holds = np.array([[q in ctx.people[people[0]].qualifications for q in required]
                               for people in self.kinds], dtype=float).reshape(len(self.kinds), len(required))
        self.elsewhere = np.array([[bool(ctx.people[people[0]].preferred_posts)
                                    and k[0] not in ctx.people[people[0]].preferred_posts for k in self.keys]
                                   for people in self.kinds], dtype=float).reshape(len(self.kinds), len(self.keys))
        self.fairness = np.full((len(self.kinds), self.capacity + 1), -NEG)
        for g, people in enumerate(self.kinds):
            person = ctx.people[people[0]]
            costs = _level_costs(ctx.capacity[people[0]], ctx.unit, person.prior_minutes)
            self.fairness[g, :len(costs) + 1] = np.concatenate(([0], np.cumsum(costs)))

    def states(self) -> int:
        return len(self.pairs) * len(self.kinds) * (self.per_day + 1) * (self.capacity + 1)


class _Pricing:
    """The cheapest pattern of each kind of people for the slots' values (multipliers)."""

    def __init__(self, kinds: _Kinds) -> None:
        self.k = kinds
        ends = [b for _a, b in kinds.pairs]
        self.ends = sorted(set(ends))
        self.end_at = [self.ends.index(b) for b in ends]
        # Per gap: each stretch's predecessors end at most a gap before it starts (the last end index no later),
        # and how many stretches in order that is; per kind, its gap.
        self.gaps = sorted(set(kinds.gap.tolist()))
        self.short_gap = (kinds.gap == self.gaps[0])[:, None, None]
        self.of_gap = [self.gaps.index(gap) for gap in kinds.gap]
        self.before = [[bisect_right(self.ends, a - gap) - 1 for a, _b in kinds.pairs] for gap in self.gaps]
        self.earlier = [[bisect_right(self.end_at, b) for b in before] for before in self.before]

    def run(self, value: np.ndarray) -> tuple[np.ndarray, list[tuple[int, list[tuple[int, int, int]]]]]:
        """value[kind, post-slot]: the reduced cost of each kind's cheapest pattern (0 for none), and the
        patterns of reduced cost below 0 found on the way as (kind, stretches (post, start, end))."""
        k = self.k
        kinds, per_day, cap = len(k.kinds), k.per_day, k.capacity
        prefix = np.zeros((kinds, len(k.keys) + 1))
        np.cumsum(value, axis=1, out=prefix[:, 1:])
        gain = prefix[k.kind, k.after] - prefix[k.kind, k.first] - W_RELIEFS
        best = np.full((kinds, len(k.pairs)), NEG)
        np.maximum.at(best, (k.kind, k.pair), gain)
        top = gain == best[k.kind, k.pair]
        self.winner = np.zeros(best.shape, dtype=np.int64)  # a stretch (row) of each kind and pair that gives best
        self.winner[k.kind[top], k.pair[top]] = np.nonzero(top)[0]
        start = np.full((kinds, per_day + 1, cap + 1), NEG)
        start[:, 0, 0] = 0.0
        done = [start]
        ending: list[np.ndarray] = []
        current = start
        mixed = len(self.gaps) > 1
        for n, units in enumerate(k.units):
            while len(done) <= self.end_at[n]:  # done[i]: the stretches ending before self.ends[i], and none
                done.append(current)
            previous = done[self.before[-1][n] + 1]
            if mixed:
                previous = np.where(self.short_gap, done[self.before[0][n] + 1], previous)
            f = np.full_like(start, NEG)
            if units <= cap:
                add = best[:, n][:, None]
                if per_day:
                    f[:, 1:, units:] = previous[:, :-1, :cap + 1 - units] + add[:, :, None]
                else:
                    f[:, 0, units:] = previous[:, 0, :cap + 1 - units] + add
            ending.append(f)
            current = np.maximum(current, f)
        total = (current - k.fairness[:, None, :]).reshape(kinds, -1)
        reduced = W_CALLED - total.max(axis=1)
        # Each kind's few cheapest patterns, of different states (loads, stretches): more columns a round,
        # fewer rounds of the master LP, which are the most of the time.
        chosen = np.argsort(-total, axis=1)[:, :COLUMNS_PER_KIND]
        patterns: list[tuple[int, list[tuple[int, int, int]]]] = []
        for g in range(kinds):
            for flat in chosen[g]:
                if W_CALLED - total[g, flat] >= -1e-6:
                    break
                day, load = np.unravel_index(flat, current.shape[1:])
                pattern = self._back(g, int(day), int(load), current[g, day, load], ending, best)
                if pattern:
                    patterns.append((g, pattern))
        return np.minimum(reduced, 0.0), patterns

    def _back(self, g: int, day: int, load: int, target: float, ending: list[np.ndarray],
              best: np.ndarray) -> list[tuple[int, int, int]] | None:
        """The stretches of kind g's pattern ending in state (stretches today, load) at value `target`: each
        step finds the stretch whose states hold the value, then a predecessor that gives it exactly (the
        sums are the programme's own, so equal to the bit; None, a pattern less, should one not be)."""
        k, out = self.k, []
        n = next((n for n in range(len(k.pairs) - 1, -1, -1) if ending[n][g, day, load] == target), None)
        while n is not None:
            out.append(self._post(g, n))
            load -= k.units[n]
            day = day - 1 if k.per_day else 0
            if load == 0 and day == 0 and best[g, n] == target:
                return out
            n, target = next(((m, ending[m][g, day, load]) for m in range(self.earlier[self.of_gap[g]][n] - 1, -1, -1)
                              if ending[m][g, day, load] + best[g, n] == target), (None, target))
        return None

    def _post(self, g: int, n: int) -> tuple[int, int, int]:
        k = self.k
        return k.keys[k.first[self.winner[g, n]]][0], k.pairs[n][0], k.pairs[n][1]


def generate(ctx: _Context, start: Iterable[Cell], seconds: float) -> tuple[int | None, _Master | None]:
    """The best bound proven within `seconds` and the master LP with the patterns found (None, None when
    the instance is past STATE_LIMIT or has nobody to stand); the patterns of `start`, a roster, seed it."""
    deadline = time.perf_counter() + seconds
    kinds = _Kinds(ctx)
    if not kinds.kinds or not kinds.pairs or kinds.states() > STATE_LIMIT:
        return None, None
    master = _Master(ctx, kinds)
    for g, stretches in _patterns(ctx, kinds, start).values():
        master.add(g, stretches)
    pricing = _Pricing(kinds)
    sizes = np.array([len(people) for people in kinds.kinds], dtype=float)
    best, center = -np.inf, None
    while time.perf_counter() < deadline:
        upper = master.solve()
        here = master.multipliers()
        # Wentges' smoothing: price at a point between the best multipliers so far and the LP's, which swing
        # from one extreme to another while the master holds few columns; the LP's own if that finds none.
        for point in ([here] if center is None else [_between(center, here), here]):
            reduced, patterns = pricing.run(point[1])
            bound = point[0] + float(sizes @ reduced)
            if bound > best:
                best, center = bound, point
            if sum([master.add(g, pattern) for g, pattern in patterns]):
                break
        else:
            break  # no pattern prices out at the LP's multipliers: its value is the bound
        if upper - best <= TOLERANCE * abs(upper):
            break
    return (int(np.floor(best)) if center is not None else None), master


def _patterns(ctx: _Context, kinds: _Kinds, cells: Iterable[Cell]) -> dict[int, tuple[int, list[tuple[int, int, int]]]]:
    """Each person's duty in a roster as (kind, stretches)."""
    by_person: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for c in cells:
        if c.person in kinds.kind_of:
            by_person[c.person].append((c.post, c.start))
    return {p: (kinds.kind_of[p], _stretches(ctx, own)) for p, own in by_person.items()}


def _between(center: tuple[float, np.ndarray], here: tuple[float, np.ndarray]) -> tuple[float, np.ndarray]:
    return (SMOOTHING * center[0] + (1 - SMOOTHING) * here[0], SMOOTHING * center[1] + (1 - SMOOTHING) * here[1])


def _stretches(ctx: _Context, cells: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """A person's cells (post, slot) as stretches (post, start, end)."""
    out: list[tuple[int, int, int]] = []
    for post, s in sorted(cells, key=lambda c: (c[1], c[0])):
        if out and out[-1][0] == post and out[-1][2] == s:
            out[-1] = (post, out[-1][1], ctx.slot_end[post, s])
        else:
            out.append((post, s, ctx.slot_end[post, s]))
    return out


class _Master:
    """The restricted master LP: patterns per kind (at most as many as its people), the coverage rows."""

    def __init__(self, ctx: _Context, kinds: _Kinds) -> None:
        self.ctx, self.k = ctx, kinds
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        # Without presolve GLOP starts each round from the last basis, which the new columns leave primal feasible.
        self.lp.SetSolverSpecificParametersAsString("use_preprocessing: false")
        lp, infinity = self.lp, self.lp.infinity()
        missing = W_UNCOVERED if ctx.instance.allow_partial else W_MISSING
        # One row a slot: its places, the ones below the desired (down to the minimum) at W_DESIRED, below the
        # minimum at `missing`. The cap is left out: a place beyond it only costs more.
        self.target, self.need = [], {}
        objective = lp.Objective()
        for key in kinds.keys:
            post = ctx.posts[key[0]]
            target = ctx.target(key)
            row = lp.Constraint(target, infinity)
            for bound, cost in ((target - post.min_headcount, W_DESIRED), (infinity, missing)):
                short = lp.NumVar(0, bound, "")
                row.SetCoefficient(short, 1)
                objective.SetCoefficient(short, cost)
            self.target.append((row, target, target - post.min_headcount))
            for q, need in post.requirements.items():
                row = lp.Constraint(need, infinity)
                miss = lp.NumVar(0, infinity, "")
                row.SetCoefficient(miss, 1)
                objective.SetCoefficient(miss, missing)
                self.need[key, q] = (row, need)
        self.size = [lp.Constraint(-infinity, len(people)) for people in kinds.kinds]
        self.seen: set[tuple[int, tuple]] = set()
        self.columns: list[tuple[int, list[tuple[int, int, int]], int, list[tuple[int, int]]]] = []
        self.variables: list[pywraplp.Variable] = []
        self.missing = missing
        objective.SetMinimization()

    def add(self, g: int, stretches: list[tuple[int, int, int]]) -> bool:
        """A column for kind g's pattern; False if it is there already."""
        if (g, tuple(stretches)) in self.seen:
            return False
        self.seen.add((g, tuple(stretches)))
        ctx, person = self.ctx, self.ctx.people[self.k.kinds[g][0]]
        column = self.lp.NumVar(0, self.lp.infinity(), "")
        cells = [(post, s) for post, a, b in stretches for s in slots(ctx.posts[post]) if a <= s < b]
        load = sum(ctx.slot_end[c] - c[1] for c in cells) // ctx.unit
        elsewhere = sum(bool(person.preferred_posts) and post not in person.preferred_posts for post, _s in cells)
        cost = (W_CALLED + W_RELIEFS * len(stretches) + sum(_level_costs(load, ctx.unit, person.prior_minutes))
                + W_PREFERENCES * elsewhere)
        self.lp.Objective().SetCoefficient(column, cost)
        self.columns.append((g, stretches, cost, cells))
        self.variables.append(column)
        self.size[g].SetCoefficient(column, 1)
        for key in cells:
            i = self.k.index[key]
            self.target[i][0].SetCoefficient(column, 1)
            for q in self.ctx.posts[key[0]].requirements:
                if q in person.qualifications:
                    self.need[key, q][0].SetCoefficient(column, 1)
        return True

    def solve(self) -> float:
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            raise AssertionError("the master LP has a solution (every slot may stay short) and a bounded cost")
        return self.lp.Objective().Value()

    def multipliers(self) -> tuple[float, np.ndarray]:
        """The coverage rows' duals, clipped to where they give a bound: the part of the bound they give alone
        (Σ rhs·π and the slack's), and π per kind and post-slot."""
        k = self.k
        t = np.clip([row.dual_value() for row, _rhs, _room in self.target], 0, self.missing)
        target = np.array([rhs for _row, rhs, _room in self.target], dtype=float)
        room = np.array([room for _row, _rhs, room in self.target], dtype=float)
        # A slot's places below the desired: at most `room` of them at W_DESIRED, the rest at `missing`.
        constant = t @ target + np.minimum(0.0, W_DESIRED - t) @ room
        q = np.zeros((len(k.qualifications), len(k.keys)))
        for (key, name), (row, need) in self.need.items():
            dual = max(0.0, row.dual_value())
            q[k.qualifications.index(name), k.index[key]] = dual
            constant += dual * need
        value = t[None, :] + k.holds @ q - W_PREFERENCES * k.elsewhere
        return float(constant), value


def roster(ctx: _Context, master: _Master, start: Iterable[Cell], seconds: float, workers: int) -> list[Cell] | None:
    """The best roster CP-SAT finds within `seconds` that gives each person one of the master's patterns
    (those that keep every rule of a person; the slots' rules are the model's) or none, starting from the
    LP rounded by diving, or from `start` (a roster whose patterns seeded the master) if the dive finds
    nothing in its time; None if it finds none. The master must hold a converged or at least solved LP."""
    deadline = time.perf_counter() + seconds
    kinds, instance = master.k, ctx.instance
    index = {(g, tuple(stretches)): n for n, (g, stretches, _cost, _cells) in enumerate(master.columns)}
    counts: dict[int, int] = defaultdict(int)
    for g, stretches in _patterns(ctx, kinds, start).values():
        counts[index[g, tuple(stretches)]] += 1
    master.solve()  # the reduced costs of the columns added last
    reduced = [v.reduced_cost() for v in master.variables]
    counts = _dive(ctx, master, DIVE_SHARE * seconds) or counts
    usable = [n for n, (g, _stretches, _cost, cells) in enumerate(master.columns)
              if (n in counts or reduced[n] <= REDUCED_COST_LIMIT)
              and not _person_violations(instance, ctx.people[kinds.kinds[g][0]], ctx.posts,
                                         [Cell(kinds.kinds[g][0], post, s) for post, s in cells])]
    model = cp_model.CpModel()
    use = {n: model.new_int_var(0, len(kinds.kinds[master.columns[n][0]]), "") for n in usable}
    of_kind: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    placed: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    holders: dict[tuple[tuple[int, int], str], list[cp_model.IntVar]] = defaultdict(list)
    placed_by: dict[tuple[int, int], list[int]] = defaultdict(list)
    for n, y in use.items():
        g, _stretches_, _cost, cells = master.columns[n]
        of_kind[g].append(y)
        for key in cells:
            placed_by[key].append(n)
        person = ctx.people[kinds.kinds[g][0]]
        for key in cells:
            placed[key].append(y)
            for q in ctx.posts[key[0]].requirements.keys() & person.qualifications:
                holders[key, q].append(y)
    for g, ys in of_kind.items():
        model.add(sum(ys) <= len(kinds.kinds[g]))
    costs = [master.columns[n][2] * y for n, y in use.items()]
    for key in ctx.slot_end:
        post, total = ctx.posts[key[0]], sum(placed.get(key, []))
        model.add(total >= post.min_headcount)
        model.add(total <= ctx.cap[key])
        short = model.new_int_var(0, ctx.target(key), "")
        model.add(short >= ctx.target(key) - total)
        costs.append(W_DESIRED * short)
        model.add_hint(short, max(0, ctx.target(key) - sum(counts.get(n, 0) for n in placed_by.get(key, ()))))
        for q, need in post.requirements.items():
            model.add(sum(holders.get((key, q), [])) >= need)
    model.minimize(sum(costs))
    for n, y in use.items():
        model.add_hint(y, counts.get(n, 0))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.num_workers = workers
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return _hand_out(ctx, master, {n: solver.value(y) for n, y in use.items() if solver.value(y)})


def _dive(ctx: _Context, master: _Master, seconds: float) -> dict[int, int] | None:
    """The LP rounded by diving: the columns nearly whole, or else the most nearly whole one, fixed up to
    the next whole number, the LP solved again, until it is whole (with the caps on each slot, which the
    bound leaves out); None if the time runs out or the LP fails first. The bounds are reset after."""
    deadline = time.perf_counter() + seconds
    lp, k = master.lp, master.k
    caps = {key: lp.Constraint(-lp.infinity(), ctx.cap[key]) for key in k.keys}
    for (_g, _stretches, _cost, cells), v in zip(master.columns, master.variables, strict=True):
        for key in cells:
            caps[key].SetCoefficient(v, 1)
    # Raised bounds leave the last basis dual feasible: the dual simplex goes on from it.
    lp.SetSolverSpecificParametersAsString("use_preprocessing: false use_dual_simplex: true")
    found, up, values = None, [], []
    while time.perf_counter() < deadline:
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            if not up:
                break
            for n in up:  # past a kind's people or a slot's cap: those columns go down instead
                master.variables[n].SetLb(np.floor(values[n]))
                master.variables[n].SetUb(np.floor(values[n]))
            up = []
            continue
        values = [v.solution_value() for v in master.variables]
        parts = {n: x - np.floor(x) for n, x in enumerate(values) if 1e-6 < x - np.floor(x) < 1 - 1e-6}
        if not parts:
            found = {n: round(x) for n, x in enumerate(values) if round(x)}
            break
        up = [n for n, part in parts.items() if part >= NEARLY_WHOLE] or [max(parts, key=parts.__getitem__)]
        for n in up:
            master.variables[n].SetLb(np.ceil(values[n]))
    for v in master.variables:
        v.SetBounds(0, lp.infinity())
    return found


def _hand_out(ctx: _Context, master: _Master, chosen: dict[int, int]) -> list[Cell]:
    """The chosen patterns given to people of their kind: the longest first, each to a person of the
    department furthest below its share of the duty so far; then two people of a kind swap duties (one may
    have none) while that brings the departments nearer their shares (the objective's `departments`)."""
    sizes = ctx.department_sizes()
    minutes = {n: sum(ctx.slot_end[c] - c[1] for c in master.columns[n][3]) for n in chosen}
    total = sum(minutes[n] * count for n, count in chosen.items())
    share = {d: total * size / max(1, sum(sizes.values())) for d, size in sizes.items()}
    duty: dict[str, float] = defaultdict(float)
    free = {g: list(people) for g, people in enumerate(master.k.kinds)}
    given: dict[int, int] = {}  # person -> column
    for n in sorted((n for n, count in chosen.items() for _i in range(count)), key=lambda n: -minutes[n]):
        g = master.columns[n][0]
        p = max(free[g], key=lambda p: (share.get(ctx.people[p].department, 0.0)
                                        - duty[ctx.people[p].department], -p))
        free[g].remove(p)
        duty[ctx.people[p].department] += minutes[n]
        given[p] = n

    def off(department: str, change: float) -> float:
        return max(0.0, abs(duty[department] + change - share.get(department, 0.0)) - ctx.tolerance)

    improved = True
    while improved:
        improved = False
        for people in master.k.kinds:
            for i, p in enumerate(people):
                for q in people[i + 1:]:
                    a, b = ctx.people[p].department, ctx.people[q].department
                    moved = minutes.get(given.get(q), 0) - minutes.get(given.get(p), 0)
                    if a == b or not moved or off(a, moved) + off(b, -moved) >= off(a, 0) + off(b, 0) - 1e-9:
                        continue
                    duty[a] += moved
                    duty[b] -= moved
                    mine, theirs = given.pop(p, None), given.pop(q, None)
                    given.update({k: v for k, v in ((p, theirs), (q, mine)) if v is not None})
                    improved = True
    cells = [Cell(p, post, s) for p, n in given.items() for post, s in master.columns[n][3]]
    return sorted(cells, key=lambda c: (c.person, c.start, c.post))
