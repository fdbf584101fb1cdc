"""The CP-SAT model of the roster over candidate cells: each family of hard and soft rules a function,
the soft ones as named penalties (the score analysis).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable

from ortools.sat.python import cp_model

from solver.cpsat import Penalties, cover, one_at_a_time
from solver.roster.model import (
    W_CALLED,
    W_CHANGES,
    W_DEPARTMENTS,
    W_DESIRED,
    W_PREFERENCES,
    W_RELIEFS,
    W_UNCOVERED,
    Cell,
    Key,
    _Context,
    _level_costs,
    _overlaps,
    blocks,
    city_day,
    day_minutes,
    min_stretch,
)

Lit = cp_model.IntVar | int  # a candidate cell's variable, or 1 for a fixed cell (a pin, a kept published cell)


class _Model:
    """A CP-SAT model of the roster over candidate cells; fixed cells enter it as the constant 1."""

    def __init__(self, ctx: _Context, candidates: Iterable[Key], fixed: Iterable[Key]) -> None:
        self.ctx = ctx
        self.model = cp_model.CpModel()
        self.penalties = Penalties()
        self.x: dict[Key, Lit] = {k: 1 for k in fixed}
        if not self.x.keys() <= ctx.allowed:  # a given cell of someone absent, unavailable, of the wrong gender
            self.model.add_bool_or([])
        settled: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for p, post, s in self.x:
            settled[p].append((s, ctx.slot_end[post, s]))
        for p, post, s in candidates:  # those clashing with the person's fixed cells can only be 0
            if (p, post, s) not in self.x and not _overlaps(s, ctx.slot_end[post, s], settled.get(p, ())):
                self.x[p, post, s] = self.model.new_bool_var("")
        self.by_person: dict[int, list[tuple[int, int, int, Lit]]] = defaultdict(list)
        self.by_slot: dict[tuple[int, int], list[tuple[int, Lit]]] = defaultdict(list)
        for (p, post, s), v in self.x.items():
            self.by_person[p].append((s, ctx.slot_end[post, s], post, v))
            self.by_slot[post, s].append((p, v))
        self.shortfalls: list[cp_model.IntVar] = []  # per slot, below the desired headcount
        self.core: cp_model.IntVar | None = None  # desired + called + fairness (see _core)
        self.called: list[Lit] = []
        self.fairness: list[cp_model.LinearExprT] = []
        # Per person and city day: whether they stand at all that day (the arrival is then due), from _stretches.
        self.on_day: dict[int, dict[int, Lit]] = defaultdict(dict)

    def units_of(self, items: Iterable[tuple[int, int, int, Lit]]) -> cp_model.LinearExpr:
        items = list(items)
        return cp_model.LinearExpr.weighted_sum([v for *_rest, v in items],
                                                [(e - s) // self.ctx.unit for s, e, _post, _v in items])

    def require(self, constraint: cp_model.BoundedLinearExpression | bool) -> None:
        """model.add for a constraint that fixed cells may have folded into a plain truth value."""
        if constraint is False:
            self.model.add_bool_or([])
        elif constraint is not True:
            self.model.add(constraint)


# A stretch to hand over whole: (post, slot starts, the people who may take it).
Handover = tuple[int, tuple[int, ...], tuple[int, ...]]


def _build(ctx: _Context, candidates: Iterable[Key], *, partial: bool, fixed: Iterable[Cell],
           published: Iterable[Cell], soft: bool = True, whole: Iterable[Handover] = (),
           loose: Collection[Key] = ()) -> _Model:
    """The model; without `soft` only coverage costs (enough to name what nobody can cover, and quick).
    `whole` and `loose`: see _whole."""
    m = _Model(ctx, candidates, [(c.person, c.post, c.start) for c in fixed])
    _whole(m, whole, loose)
    _coverage(m, partial)
    _qualifications(m, partial)
    _one_place(m)
    _stretches(m)
    _one_post_a_stretch(m)
    _day_hours(m)
    _rest(m)
    if soft:
        _called(m)
        _departments(m)
        _fair_load(m)
        _core(m)
        _preferences(m)
        if published:
            _changes(m, published)
    return m


def _whole(m: _Model, whole: Iterable[Handover], loose: Collection[Key]) -> None:
    """Each stretch of `whole` goes to at most one of its takers, and all of it: a taker's cell there is 1
    exactly when they took a stretch holding it (so their cells of one stretch are all 1 or all 0). A cell in
    `loose` (a slot of a stretch that may be split, too) may be 1 beside that. The re-plan gives no other
    candidates in these slots, so nobody else stands in a stretch handed over whole."""
    takes: dict[Key, list[cp_model.IntVar]] = {}
    for post, starts, takers in whole:
        chosen = []
        for q in takers:
            keys = [(q, post, s) for s in starts if (q, post, s) in m.x]
            for k in keys:
                takes.setdefault(k, [])
            if len(keys) == len(starts) and not any(isinstance(m.x[k], int) for k in keys):  # else not all of it
                y = m.model.new_bool_var("")
                chosen.append(y)
                for k in keys:
                    takes[k].append(y)
        m.model.add_at_most_one(chosen)
    for k, ys in takes.items():
        if isinstance(m.x[k], int):
            continue
        if k in loose:
            for y in ys:
                m.model.add_implication(y, m.x[k])
        else:
            m.model.add(m.x[k] == sum(ys))


def _at_least(m: _Model, placed: list[Lit], need: int, partial: bool) -> None:
    if need <= 0:
        return
    if partial:
        missing = m.model.new_int_var(0, need, "")
        m.require(sum(placed) + missing >= need)
        m.penalties.add("uncovered", W_UNCOVERED, missing)
    else:
        m.require(sum(placed) >= need)


def _coverage(m: _Model, partial: bool) -> None:
    """Between the minimum (hard, or dominant soft when partial) and the cap; each place below desired costs."""
    for key in m.ctx.slot_end:
        placed = [v for _p, v in m.by_slot.get(key, ())]
        _at_least(m, placed, m.ctx.posts[key[0]].min_headcount, partial)
        if len(placed) > m.ctx.cap[key]:
            m.require(sum(placed) <= m.ctx.cap[key])
        short = cover(m.model, m.penalties, placed, target=m.ctx.target(key), under=("desired", W_DESIRED))
        if short is not None:
            m.shortfalls.append(short)


def _qualifications(m: _Model, partial: bool) -> None:
    for key in m.ctx.slot_end:
        for q, need in m.ctx.posts[key[0]].requirements.items():
            holders = [v for p, v in m.by_slot.get(key, ()) if q in m.ctx.people[p].qualifications]
            _at_least(m, holders, need, partial)


def _one_place(m: _Model) -> None:
    """Fixed cells took no part: candidates clashing with them were never made (see _Model)."""
    for items in m.by_person.values():
        one_at_a_time(m.model, [(s, e, v) for s, e, _post, v in items if not isinstance(v, int)])


def _day_hours(m: _Model) -> None:
    """Minutes per city day, busy time and the arrival before the day's first slot included."""
    arrival = m.ctx.instance.arrival_minutes
    for p, items in m.by_person.items():
        person = m.ctx.people[p]
        terms: dict[int, list[tuple[int, Lit]]] = defaultdict(list)
        for s, e, _post, v in items:
            for d, minutes in day_minutes(s, e, m.ctx.offset).items():
                terms[d].append((minutes, v))
        for d, day in terms.items():
            room = person.max_minutes_per_day - m.ctx.busy_days[p].get(d, 0)
            if sum(minutes for minutes, _v in day) + arrival > room:
                m.require(sum(minutes * v for minutes, v in day) + arrival * m.on_day[p].get(d, 0) <= room)


def _stretches(m: _Model) -> None:
    """A person's back-to-back slots at one post are a stretch: at least the post's minimum (whole shifts on a
    shift post), at most max_stretch_minutes, at most max_stretches_per_day a day; each costs a relief.

    A stretch begins at slot s when the person stands s and not the slot before it at the same post (standing
    another post right before is forbidden by _one_post_a_stretch). `on_day` follows from the beginnings.
    """
    instance = m.ctx.instance
    for p, items in m.by_person.items():
        on_post: dict[int, dict[int, Lit]] = defaultdict(dict)
        for s, _e, post, v in items:
            on_post[post][s] = v
        begun_on: dict[int, list[Lit]] = defaultdict(list)
        for post_id, cells in on_post.items():
            post = m.ctx.posts[post_id]
            slot, k = post.slot_minutes, min_stretch(post) // post.slot_minutes
            for s, v in sorted(cells.items()):
                before = cells.get(s - slot, 0)
                begun = _begins(m, v, before)
                if k > 1 and not isinstance(begun, int):  # begun: the k slots from s are all stood
                    m.model.add(sum(cells.get(s + j * slot, 0) for j in range(k)) >= k * begun)
                elif k > 1 and begun:
                    m.require(sum(cells.get(s + j * slot, 0) for j in range(k)) >= k)
                begun_on[city_day(s, m.ctx.offset)].append(begun)
            if post.shifts:
                for block in blocks(post):
                    for a, b in zip(block, block[1:], strict=False):
                        m.require(cells.get(a, 0) == cells.get(b, 0))
            if instance.max_stretch_minutes:
                longest = instance.max_stretch_minutes // slot
                for s in cells:
                    window = [cells.get(s + j * slot) for j in range(longest + 1)]
                    if all(v is not None for v in window):
                        m.require(sum(window) <= longest)
        for d, begun in begun_on.items():
            begun = [b for b in begun if not isinstance(b, int) or b]
            if instance.max_stretches_per_day and len(begun) > instance.max_stretches_per_day:
                m.require(sum(begun) <= instance.max_stretches_per_day)
            m.on_day[p][d] = _any(m, begun)
            if begun:
                m.penalties.add("reliefs", W_RELIEFS, sum(begun))


def _begins(m: _Model, v: Lit, before: Lit) -> Lit:
    """Whether a stretch begins at a slot (v) after the slot before it at the same post (before)."""
    if isinstance(before, int):  # nothing before it (0), or a fixed cell (1)
        return 0 if before else v
    begun = m.model.new_bool_var("")
    m.model.add(begun >= v - before)
    return begun


def _any(m: _Model, lits: list[Lit]) -> Lit:
    """1 when any of the literals is (a lower bound is enough: every use of it is a cost or a limit)."""
    if any(isinstance(v, int) and v for v in lits):
        return 1
    lits = [v for v in lits if not isinstance(v, int)]
    if len(lits) <= 1:
        return lits[0] if lits else 0
    out = m.model.new_bool_var("")
    for v in lits:
        m.model.add_implication(v, out)
    return out


def _one_post_a_stretch(m: _Model) -> None:
    """No slot at one post straight after a slot at another: a stretch stays at its post."""
    for items in m.by_person.values():
        ends: dict[int, dict[int, list[Lit]]] = defaultdict(lambda: defaultdict(list))
        starts: dict[int, dict[int, list[Lit]]] = defaultdict(lambda: defaultdict(list))
        for s, e, post, v in items:
            ends[e][post].append(v)
            starts[s][post].append(v)
        for t, ended in ends.items():
            if t not in starts:
                continue
            for post, here in ended.items():
                others = [v for other, begun in starts[t].items() if other != post for v in begun]
                if others:
                    m.require(sum(here) + sum(others) <= 1)


def _rest(m: _Model) -> None:
    """No gap in (0, rest) between a stretch that ends at t and the next that starts at t'.

    With E[t]/S[t] the (0/1) sums of a person's pieces (cells, busy time) ending/starting at t, a stretch
    ends at t when E[t] = 1 and S[t] = 0: E[t] + S[t'] <= 1 + S[t]. Pairs with settled time (busy, fixed
    cells) between them are left to the pairs around it; a gap between two busy pieces was made
    elsewhere and is not this roster's to forbid.
    """
    for p, items in m.by_person.items():
        ends: dict[int, list[Lit]] = defaultdict(list)
        starts: dict[int, list[Lit]] = defaultdict(list)
        for s, e, _post, v in items:
            ends[e].append(v)
            starts[s].append(v)
        busy = m.ctx.people[p].busy
        settled = list(busy) + [(s, e) for s, e, _post, v in items if isinstance(v, int)]
        busy_ends, busy_starts = {e for _s, e in busy}, {s for s, _e in busy}
        later = sorted(set(starts) | busy_starts)
        for t in sorted((set(ends) | busy_ends) - busy_starts):
            for t2 in later[bisect_right(later, t):bisect_left(later, t + m.ctx.rest)]:
                if _overlaps(t, t2, settled) or (t not in ends and t2 not in starts):
                    continue
                ended = sum(ends.get(t, [])) + (t in busy_ends)
                m.require(ended + sum(starts.get(t2, [])) + (t2 in busy_starts) <= 1 + sum(starts.get(t, [])))


def _departments(m: _Model) -> None:
    """Each department's duty in proportion to its size: |M_d - T·s_d/N| beyond one slot, in units."""
    sizes = m.ctx.department_sizes()
    if len(sizes) < 2:
        return
    n = sum(sizes.values())
    of_department: dict[str, list] = defaultdict(list)
    for p, items in m.by_person.items():
        of_department[m.ctx.people[p].department] += items
    bound = sum((e - s) // m.ctx.unit for items in m.by_person.values() for s, e, _post, _v in items)
    total = m.model.new_int_var(0, bound, "")
    m.model.add(total == m.units_of(item for items in m.by_person.values() for item in items))
    slack = n * m.ctx.tolerance // m.ctx.unit
    for department, size in sorted(sizes.items()):
        load = m.units_of(of_department[department])
        off = m.model.new_int_var(0, bound, "")
        m.model.add(n * off >= n * load - size * total - slack)
        m.model.add(n * off >= size * total - n * load - slack)
        m.penalties.add("departments", W_DEPARTMENTS * m.ctx.unit, off)


def _called(m: _Model) -> None:
    """Each person called at all costs W_CALLED."""
    m.called = [_any(m, list(m.on_day[p].values())) for p in m.by_person]
    m.penalties.add("called", W_CALLED, sum(m.called))


def _fair_load(m: _Model) -> None:
    """Spread of the year's load over those called, convex: each minute of a person's h-th hour of duty this
    year (other ceremonies' published rosters first) costs min(h - 1, FAIR_CAP).

    The load is a sum of 0/1 levels whose costs rise, so the LP fills them in order by itself and its bound
    is the convex cost of the evenest load.
    """
    unit = m.ctx.unit
    for p, items in m.by_person.items():
        prior = m.ctx.people[p].prior_minutes
        load = sum((e - s) // unit for s, e, _post, _v in items)
        if all(isinstance(v, int) for _s, _e, _post, v in items):  # fixed cells only: a constant cost
            m.fairness.append(sum(_level_costs(load, unit, prior)))
            continue
        costs = _level_costs(min(load, m.ctx.capacity[p]), unit, prior)
        levels = [m.model.new_bool_var("") for _ in costs]
        m.model.add(sum(levels) == m.units_of(items))
        m.fairness += [cost * z for cost, z in zip(costs, levels, strict=True) if cost]
    m.penalties.add("fairness", 1, sum(m.fairness))


def _core(m: _Model) -> None:
    """`core` = desired + called + fairness, whose domain _hint() starts at their floor (_Context._floor):
    CP-SAT's bound is there at once, where its LP over every cell would take minutes to arrive."""
    desired = W_DESIRED * sum(m.shortfalls)
    top = W_DESIRED * sum(m.ctx.target(k) for k in m.ctx.slot_end) + W_CALLED * len(m.called) + sum(
        sum(_level_costs(m.ctx.capacity[p], m.ctx.unit, m.ctx.people[p].prior_minutes)) for p in m.by_person)
    m.core = m.model.new_int_var(0, 2 * max(top, m.ctx.floor), "")  # generous: fixed cells may exceed capacity
    m.model.add(m.core == desired + W_CALLED * sum(m.called) + sum(m.fairness))


def _preferences(m: _Model) -> None:
    elsewhere = [v for (p, post, _s), v in m.x.items()
                 if m.ctx.people[p].preferred_posts and post not in m.ctx.people[p].preferred_posts]
    if elsewhere:
        m.penalties.add("preferences", W_PREFERENCES, sum(elsewhere))


def _changes(m: _Model, published: Iterable[Cell]) -> None:
    """Cells added or dropped against the published roster (dropped ones without a candidate count as 1)."""
    before = {(c.person, c.post, c.start) for c in published}
    kept = [v for k, v in m.x.items() if k in before]
    added = [v for k, v in m.x.items() if k not in before]
    m.penalties.add("changes", W_CHANGES, len(before) - sum(kept) + sum(added))
