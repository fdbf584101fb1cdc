"""The hall model: runs of alike seats, types and kinds of units, blocks crossing runs; the constructive
plan, CP-SAT over the count model, and the arrangement of the units inside each segment.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.cpsat import Penalties, Status
from solver.seating.rules import _Rules
from solver.seating.search import _best_order, _Budget, _dot, _run


class _Type:
    """Units (a group, or one guest) alike in member weights and needs: one type, `count` of them.

    A type with a pin, an apart pair or an inner apart pair holds one unit (its members' places matter).
    """

    __slots__ = ("ws", "cls", "units", "pins", "apart", "internal", "uniform", "special", "size", "windows", "kind",
                 "protected")

    def __init__(self, ws: tuple[int, ...], cls: tuple[int, ...]) -> None:
        self.ws, self.cls = ws, cls
        self.size = len(ws)
        self.units: list[tuple[int, ...]] = []  # member guest ids, aligned with ws
        self.pins: dict[int, int] = {}  # member position -> seat index
        self.apart: tuple[int, ...] = ()  # member positions with an apart partner outside the unit
        self.internal: tuple[tuple[int, int], ...] = ()
        self.uniform = cls[0] if len(set(cls)) == 1 else None
        self.special = False
        self.windows: list[tuple[int, tuple[int, ...]]] | None = None  # every placement (greedy start only)
        self.kind = -1  # index of its _Kind
        self.protected = False  # a member is «всегда с местом»: placed first by the constructive plan

    @property
    def count(self) -> int:
        return len(self.units)


class _Kind:
    """Types alike inside a run of equal honour: same size, total weight, member needs and protected members
    (a pinned or apart type is a kind of its own). Inside a run any of them scores honour x total weight, and
    leaving one out costs `penalty` (allow_partial)."""

    __slots__ = ("size", "weight", "needs", "types", "count", "pinned", "penalty")

    def __init__(self, size: int, weight: int, needs: tuple[int, ...], pinned: bool, penalty: int) -> None:
        self.size, self.weight, self.needs, self.pinned, self.penalty = size, weight, needs, pinned, penalty
        self.types: list[int] = []
        self.count = 0


@dataclass(frozen=True)
class _Run:
    """A stretch of free seats side by side in one segment with one honour and one seat class (the aisle
    flag of a segment's end seats aside): blocks inside it can be arranged at will for the same score."""

    segment: int
    first: int  # index into the segment's cells
    last: int
    honour: int
    classes: frozenset[int]  # seat classes of its seats

    @property
    def size(self) -> int:
        return self.last - self.first + 1


Window = tuple[int, tuple[int, ...], int]  # (type, seat index of each member, value)

SMALL_MODEL = 4000  # count variables and crossing blocks up to which CP-SAT alone proves the plan optimal
ARRANGE_ROUNDS = 5  # re-solves after a segment could not be arranged around its apart pairs
ARRANGE_NODES = 20_000  # search nodes per segment for such an arrangement


class _Hall:
    """The hall model: count variables for kinds of units in runs, booleans for blocks crossing runs."""

    def __init__(self, rules: _Rules, guests: Sequence[int], partial: bool) -> None:
        self.rules = rules
        self.partial = partial
        self.sid = sorted(rules.order, key=lambda s: rules.order[s])
        self.idx = {s: i for i, s in enumerate(self.sid)}
        self.h = [rules.honour[s] for s in self.sid]
        self.sc = [rules.sclass(s) for s in self.sid]
        self.pos = [rules.order[s] for s in self.sid]
        self.cells: dict[int, list[int]] = defaultdict(list)
        for i, (seg, _j) in enumerate(self.pos):
            self.cells[seg].append(i)
        self.free = [not rules.seats[s].blocked for s in self.sid]
        axis: dict[int, tuple[int, int]] = {}
        for s in self.sid:
            seat = rules.seats[s]
            lo, hi = axis.get(seat.row_index, (seat.x, seat.x))
            axis[seat.row_index] = (min(lo, seat.x), max(hi, seat.x))
        # closeness to the row's central axis: the tie-break among seats of one honour
        self.off_axis = [abs(2 * rules.seats[s].x - sum(axis[rules.seats[s].row_index])) for s in self.sid]
        chosen = set(guests)
        weight = rules.weight
        self.fixed: dict[int, int] = {}  # pinned single guests: guest -> seat index
        self.reserved: dict[int, int] = {}  # seat index -> pinned group member
        units: list[list[int]] = []
        seen: set[int] = set()
        for g in guests:
            if g in seen:
                continue
            grp = rules.guests[g].group
            members = [m for m in rules.groups[grp] if m in chosen] if grp is not None else [g]
            seen.update(members)
            pin = rules.guests[g].pinned
            if len(members) == 1 and pin is not None and pin in self.idx:
                self.fixed[g] = self.idx[pin]
                self.free[self.fixed[g]] = False
            else:
                units.append(members)
                for m in members:
                    mp = rules.guests[m].pinned
                    if mp is not None and mp in self.idx:
                        self.reserved[self.idx[mp]] = m
        self.pinned_partner_seats: dict[int, set[int]] = defaultdict(set)
        for g, i in self.fixed.items():
            for p in rules.partners.get(g, ()):
                self.pinned_partner_seats[p].add(i)
        self.types: list[_Type] = []
        keys: dict[tuple, int] = {}
        for members in units:
            ws = tuple(weight[m] for m in members)
            cls = tuple(rules.gclass(m) for m in members)
            inside = set(members)
            pins = {k: self.idx[p] for k, m in enumerate(members)
                    if (p := rules.guests[m].pinned) is not None and p in self.idx}
            apart = tuple(k for k, m in enumerate(members)
                          if any(p in chosen and p not in inside for p in rules.partners.get(m, ())))
            internal = tuple((a, b) for a, ma in enumerate(members) for b, mb in enumerate(members)
                             if a < b and mb in rules.partners.get(ma, ()))
            special = bool(pins or apart or internal)
            protected = tuple(rules.guests[m].protected for m in members)
            key: tuple = ("unit", members[0]) if special else (ws, cls, protected)
            if key not in keys:
                keys[key] = len(self.types)
                t = _Type(ws, cls)
                t.pins, t.apart, t.internal, t.special = pins, apart, internal, special
                t.protected = any(protected)
                self.types.append(t)
            self.types[keys[key]].units.append(tuple(members))
        self.kinds: list[_Kind] = []
        kind_keys: dict[tuple, int] = {}
        for ti, t in enumerate(self.types):
            penalty = sum(rules.unseated[m] for m in t.units[0])
            kind_key: tuple = ("unit", ti) if t.special else (t.size, sum(t.ws), tuple(sorted(t.cls)), penalty)
            if kind_key not in kind_keys:
                kind_keys[kind_key] = len(self.kinds)
                self.kinds.append(_Kind(t.size, sum(t.ws), tuple(sorted(set(t.cls))), bool(t.pins), penalty))
            k = self.kinds[kind_keys[kind_key]]
            k.types.append(ti)
            k.count += t.count
            t.kind = kind_keys[kind_key]
        self._make_runs()
        self.sizes = sorted({t.size for t in self.types})
        self._runs_cache: dict[tuple[int, int], dict[int, list[int]]] = {}
        self._ranked: dict[tuple, list[tuple[int, int, set[int]]]] = {}
        self._orders: dict[tuple, tuple[int, tuple[int, ...]] | None] = {}
        self._suits: dict[tuple, bool] = {}  # (needs, seat classes of a run) -> every need met on every seat
        self.top: dict[tuple[int, int], tuple[int, ...]] = {}
        for seg, cells in self.cells.items():
            hs = sorted((self.h[i] for i in cells if self.free[i]), reverse=True)
            for s in self.sizes:
                self.top[seg, s] = tuple(hs[:s])
        for t in self.types:
            if t.pins or t.uniform is None or t.internal:
                t.windows = list(self._placements(t))
        self.fixed_value = sum(rules.honour[self.sid[i]] * weight[g] for g, i in self.fixed.items())
        self.variables = 0

    # ------------------------------------------------------------------------------------ runs

    def usable(self, i: int, unit: Sequence[int] = ()) -> bool:
        return self.free[i] and (i not in self.reserved or self.reserved[i] in unit)

    def _make_runs(self) -> None:
        self.runs: list[_Run] = []
        self.run_of: dict[int, int] = {}
        stripped: dict[int, tuple] = {}
        for seg, cells in self.cells.items():
            last = len(cells) - 1
            current: list[int] = []
            key_now = None
            for j, i in enumerate(cells + [-1]):
                if i >= 0 and self.free[i] and i not in self.reserved:
                    cls = list(self.rules.seat_classes[self.sc[i]])
                    if j in (0, last):
                        cls[3] = False  # an end seat's aisle flag does not split a run
                    key = (self.h[i], tuple(cls))
                    stripped[i] = key
                else:
                    key = None
                if current and key != key_now:
                    self._add_run(seg, current)
                    current = []
                if key is not None:
                    current.append(j)
                key_now = key
        self.boundaries: dict[int, list[int]] = {}
        for seg, cells in self.cells.items():
            marks = []
            for j in range(1, len(cells)):
                a, b = cells[j - 1], cells[j]
                if self.free[a] and self.free[b] and self.run_of.get(a, -a - 2) != self.run_of.get(b, -b - 2):
                    marks.append(j)
            self.boundaries[seg] = marks

    def _add_run(self, seg: int, positions: list[int]) -> None:
        cells = self.cells[seg]
        r = len(self.runs)
        members = [cells[j] for j in positions]
        self.runs.append(_Run(seg, positions[0], positions[-1], self.h[members[0]],
                              frozenset(self.sc[i] for i in members)))
        for i in members:
            self.run_of[i] = r

    def eligible(self, kind: _Kind, run: _Run) -> bool:
        """Blocks of this kind may sit anywhere inside the run: every member suits every seat of it."""
        if kind.pinned or kind.size > run.size:
            return False
        key = (kind.needs, run.classes)
        if key not in self._suits:
            self._suits[key] = all(self.rules.accept[c][s] for c in kind.needs for s in run.classes)
        return self._suits[key]

    # ----------------------------------------------------------------------------- placements

    def density(self, ti: int) -> float:
        """A unit's mean member weight: the order in which blocks fill a row (Smith's rule)."""
        t = self.types[ti]
        return sum(t.ws) / t.size

    def window(self, seg: int, start: int, size: int) -> list[int]:
        return self.cells[seg][start:start + size]

    def order(self, t: _Type, seats: Sequence[int], variant: Sequence[str] | None = None
              ) -> tuple[int, tuple[int, ...]] | None:
        """Best (value, seat of each member) of type t on the block `seats`, or None."""
        if t.special or variant is not None:
            found = self._order(t, seats, variant)
        else:  # the same on every block alike in honours and classes: crossing() asks for thousands of them
            key = (t.ws, t.cls, tuple((self.h[i], self.sc[i], self.usable(i))
                                      for i in seats))
            if key not in self._orders:
                self._orders[key] = self._order(t, seats, None)
            found = self._orders[key]
        return None if found is None else (found[0], tuple(seats[j] for j in found[1]))

    def _order(self, t: _Type, seats: Sequence[int], variant: Sequence[str] | None
               ) -> tuple[int, tuple[int, ...]] | None:
        """order()'s answer as positions in the block."""
        n = len(seats)
        hs = [self.h[i] for i in seats]
        unit = t.units[0] if t.special else ()
        options: list[Sequence[int] | None] = []
        for k, c in enumerate(t.cls):
            accept = self.rules.accept[c]
            ok = [j for j, i in enumerate(seats) if self.usable(i, unit) and accept[self.sc[i]]]
            if k in t.pins:
                ok = [j for j in ok if seats[j] == t.pins[k]]
            else:
                ok = [j for j in ok if seats[j] not in self.reserved]
            side = variant[t.apart.index(k)] if variant is not None and k in t.apart else "any"
            if side != "any":
                ok = [j for j in ok if (j == 0 if side == "L" else j == n - 1 if side == "R" else 0 < j < n - 1)]
            if not ok:
                return None
            options.append(ok if len(ok) < n else None)
        return _best_order(t.ws, options, hs, t.internal)

    def variants(self, t: _Type, seats: Sequence[int]) -> list[tuple[int, tuple[int, ...]]]:
        """The placements of a type with apart members on a block: one per edge variant of those members.

        Only whether such a member sits at the left end, the right end or inside the block matters to
        outsiders (inside, their neighbours are their own group); a pinned member's side is fixed by its pin.
        """
        free = [k for k in t.apart if k not in t.pins]
        if not free or t.size == 1:
            got = self.order(t, seats)
            return [got] if got else []
        sides = ("L", "R", "I") if t.size > 2 else ("L", "R")
        combos: list[tuple[str, ...]] = [()]
        for _k in free:
            combos = [c + (s,) for c in combos for s in sides]
        out = []
        for combo in combos:
            if combo.count("L") > 1 or combo.count("R") > 1:
                continue
            chosen = dict(zip(free, combo, strict=True))
            got = self.order(t, seats, [chosen.get(k, "any") for k in t.apart])
            if got is not None:
                out.append(got)
        return out

    def edges(self, t: _Type, members: tuple[int, ...]) -> list[tuple[int, int, int]]:
        """(member position, seat, neighbour seat outside the block) for the type's apart members."""
        block = set(members)
        out = []
        for k in t.apart:
            i = members[k]
            seg, j = self.pos[i]
            cells = self.cells[seg]
            for jj in (j - 1, j + 1):
                if 0 <= jj < len(cells) and cells[jj] not in block:
                    out.append((k, i, cells[jj]))
        return out

    def allowed(self, t: _Type, members: tuple[int, ...]) -> bool:
        """No apart member faces a pinned single partner."""
        if not t.apart:
            return True
        unit = t.units[0]
        return not any(n in self.pinned_partner_seats.get(unit[k], ()) for k, _i, n in self.edges(t, members))

    def _placements(self, t: _Type) -> Iterable[tuple[int, tuple[int, ...]]]:
        """Every placement of a pinned type, or of one whose members' needs differ (for the greedy start)."""
        size = t.size
        unit = t.units[0] if t.special else ()
        if t.pins:
            segs = {self.pos[i][0] for i in t.pins.values()}
            if len(segs) > 1:
                return
            seg = segs.pop()
            idx = [self.pos[i][1] for i in t.pins.values()]
            cells = self.cells[seg]
            for start in range(max(0, max(idx) - size + 1), min(min(idx), len(cells) - size) + 1):
                for got in self.variants(t, self.window(seg, start, size)):
                    if self.allowed(t, got[1]):
                        yield got
            return
        union = set(t.cls)
        accept = self.rules.accept
        for _seg, cells in self.cells.items():
            ok = [self.usable(i, unit) and any(accept[c][self.sc[i]] for c in union) for i in cells]
            run = 0
            for j in range(len(cells)):
                run = run + 1 if ok[j] else 0
                if run >= size:
                    got = self.order(t, cells[j - size + 1:j + 1])
                    if got is not None:
                        yield got

    def crossing(self) -> list[Window]:
        """Blocks the runs' counts do not cover: across two runs (or a pinned seat), or at the end of a run
        for a type that does not suit all of it (an aisle seat for someone who needs one)."""
        out: list[Window] = []
        seg_runs = {seg: {self.run_of[i] for i in cells if i in self.run_of} for seg, cells in self.cells.items()}
        for ti, t in enumerate(self.types):
            kind = self.kinds[t.kind]
            size = t.size
            if t.pins:
                out += [(ti, members, value) for value, members in (t.windows or ())]
                continue
            unit = t.units[0] if t.special else ()
            for seg, cells in self.cells.items():
                n = len(cells)
                starts = {s for j in self.boundaries[seg] for s in range(j - size + 1, j)}
                for r in seg_runs[seg]:
                    run = self.runs[r]
                    if not self.eligible(kind, run):
                        starts.update((run.first, run.last - size + 1))
                for s in sorted(starts):
                    if s < 0 or s + size > n:
                        continue
                    block = cells[s:s + size]
                    if not all(self.usable(i, unit) for i in block):
                        continue
                    runs = {self.run_of.get(i, -i - 2) for i in block}
                    if len(runs) == 1:
                        run = self.runs[runs.pop()]
                        if self.eligible(kind, run) or (s != run.first and s + size - 1 != run.last):
                            continue
                    found = self.variants(t, block) if t.apart else [self.order(t, block)]
                    out += [(ti, got[1], got[0]) for got in found if got is not None and self.allowed(t, got[1])]
        return out

    # ----------------------------------------------------------------------------- a plan at once

    def starts(self, cls: int, size: int) -> dict[int, list[int]]:
        """segment -> window starts where `size` usable, unreserved seats suit class `cls`."""
        key = (cls, size)
        if key not in self._runs_cache:
            accept = self.rules.accept[cls]
            out: dict[int, list[int]] = {}
            for seg, cells in self.cells.items():
                found, run = [], 0
                for j in range(len(cells) - 1, -1, -1):
                    i = cells[j]
                    run = run + 1 if self.free[i] and i not in self.reserved and accept[self.sc[i]] else 0
                    if run >= size:
                        found.append(j)
                if found:
                    out[seg] = found[::-1]
            self._runs_cache[key] = out
        return self._runs_cache[key]

    def construct(self, first: Iterable[int] = ()) -> tuple[list[Window], list[int]]:
        """Units by density (pinned, `first` and protected types before) into the best free block or seat.

        Returns the placements and the types of the units left without room.
        """
        first = set(first)
        taken = [not f for f in self.free]
        holder = {i: g for g, i in self.fixed.items()}
        lists: dict[int, list[int]] = {}
        pointer: dict[int, int] = defaultdict(int)
        placed: list[Window] = []
        left: list[int] = []
        queue = sorted(((ti, k) for ti, t in enumerate(self.types) for k in range(t.count)),
                       key=lambda u: (u[0] not in first, not self.types[u[0]].pins, not self.types[u[0]].protected,
                                      -self.density(u[0]), u))
        for ti, k in queue:
            t = self.types[ti]
            if t.size == 1 and not t.special:
                c = t.cls[0]
                if c not in lists:
                    accept = self.rules.accept[c]
                    lists[c] = sorted((i for i in range(len(self.sid))
                                       if self.free[i] and i not in self.reserved and accept[self.sc[i]]),
                                      key=lambda i: (-self.h[i], self.off_axis[i], i))
                seats, p = lists[c], pointer[c]
                while p < len(seats) and taken[seats[p]]:
                    p += 1
                pointer[c] = p
                found = (self.h[seats[p]] * t.ws[0], (seats[p],)) if p < len(seats) else None
            else:
                found = self._best_free(t, taken, holder)
            if found is None:
                left.append(ti)
                continue
            value, members = found
            for m, i in zip(t.units[k], members, strict=True):
                taken[i] = True
                holder[i] = m
            placed.append((ti, members, value))
        return placed, left

    def _best_free(self, t: _Type, taken: list[bool], holder: Mapping[int, int]) -> tuple[int, tuple[int, ...]] | None:
        def clear(members: tuple[int, ...]) -> bool:
            if not t.apart:
                return True
            unit = t.units[0]
            return not any(holder.get(n) in self.rules.partners.get(unit[k], ()) for k, _i, n in self.edges(t, members))

        if t.windows is not None:
            best = None
            for value, members in t.windows:
                if (best is None or value > best[0]) and not any(taken[i] for i in members) and clear(members):
                    best = (value, members)
            return best
        size, ws = t.size, t.ws
        key = (t.cls[0], ws)
        if key not in self._ranked:  # segments by the best value they could offer (their seats, not who sits)
            self._ranked[key] = sorted(((_dot(ws, self.top[seg, size]), seg, set(starts))
                                        for seg, starts in self.starts(t.cls[0], size).items()), reverse=True)
        best = None
        for bound, seg, suit in self._ranked[key]:
            if best is not None and bound <= best[0]:
                break
            cells = self.cells[seg]
            free = 0  # free seats up to j (one walk of the segment, not one per start)
            for j, i in enumerate(cells):
                free = 0 if taken[i] else free + 1
                if free < size or j - size + 1 not in suit or (best is not None and bound <= best[0]):
                    continue
                block = cells[j - size + 1:j + 1]
                options = self.variants(t, block) if t.apart else [self.order(t, block)]
                for got in options:
                    if got is not None and clear(got[1]) and (best is None or got[0] > best[0]):
                        best = got
        return best

    # ---------------------------------------------------------------------------------- CP-SAT

    def search(self, windows: Sequence[Window], hint: Sequence[Window], cuts: Sequence[tuple], budget: _Budget,
               seconds: float, report: Callable[[int, int], None] | None,
               fixed: Mapping[int, Mapping[int, int]] | None = None) -> tuple[_Plan | None, Status]:
        """The best counts of kinds in runs and crossing blocks: each run's seats and each seat at most once,
        each kind its count (allow_partial: at most, the rest priced as unseated), apart pairs among the
        crossing blocks never side by side, and no configuration of a segment in `cuts`."""
        model = cp_model.CpModel()
        counts: dict[tuple[int, int], cp_model.IntVar] = {}
        for k, kind in enumerate(self.kinds):
            for r, run in enumerate(self.runs):
                if self.eligible(kind, run):
                    counts[k, r] = model.new_int_var(0, min(kind.count, run.size // kind.size), "")
        y = [model.new_bool_var("") for _ in windows]
        use: dict[int, list] = defaultdict(list)  # run -> (size, var) terms
        for (k, r), v in counts.items():
            use[r].append((self.kinds[k].size, v))
        by_seat: dict[int, list] = defaultdict(list)
        by_kind: dict[int, list] = defaultdict(list)
        by_type: dict[int, list] = defaultdict(list)
        edges: dict[tuple[int, int, int], list] = defaultdict(list)
        for n, (ti, members, _v) in enumerate(windows):
            t = self.types[ti]
            by_type[ti].append(y[n])
            by_kind[t.kind].append(y[n])
            inside: dict[int, int] = defaultdict(int)
            for i in members:
                by_seat[i].append(y[n])
                if i in self.run_of:
                    inside[self.run_of[i]] += 1
            for r, c in inside.items():
                use[r].append((c, y[n]))
            if t.apart:
                unit = t.units[0]
                for kk, i, nb in self.edges(t, members):
                    edges[unit[kk], i, nb].append(y[n])
        for r, terms in use.items():
            model.add(cp_model.LinearExpr.weighted_sum([v for _c, v in terms], [c for c, _v in terms])
                      <= self.runs[r].size)
        self._strengthen(model, counts)
        settled = fixed or {}  # runs whose content a dive settled
        for (k, r), v in counts.items():
            if r in settled:
                model.add(v == settled[r].get(k, 0))
        for vs in by_seat.values():
            if len(vs) > 1:
                model.add_at_most_one(vs)
        penalties = Penalties()
        shorts = {}
        for k, kind in enumerate(self.kinds):
            terms = [v for (kk, _r), v in counts.items() if kk == k] + by_kind.get(k, [])
            if self.partial:
                short = shorts[k] = model.new_int_var(0, kind.count, "")
                model.add(sum(terms) + short == kind.count)
                penalties.add("unseated", kind.penalty, short)
            else:
                model.add(sum(terms) == kind.count)
        for ti, vs in by_type.items():
            if len(vs) > self.types[ti].count and len(self.kinds[self.types[ti].kind].types) > 1:
                model.add(sum(vs) <= self.types[ti].count)
        partners = self.rules.partners
        for (g, i, nb), va in edges.items():
            for p in partners.get(g, ()):
                vb = edges.get((p, nb, i))
                if vb and g < p:
                    model.add_at_most_one(va + vb)
        self._apart_in_runs(model, counts, y, windows)
        for cut in cuts:
            self._forbid(model, counts, y, cut)
        keys = list(counts)
        value = (cp_model.LinearExpr.weighted_sum([counts[k] for k in keys],
                                                  [self.runs[r].honour * self.kinds[k].weight for k, r in keys])
                 + cp_model.LinearExpr.weighted_sum(y, [w[2] for w in windows]))
        ceiling = max(self.h, default=1) * sum(k.weight * k.count for k in self.kinds)
        penalties.add("precedence", 1, ceiling - value)
        self._hint(model, counts, y, windows, hint, shorts)
        self.variables = len(counts) + len(y)
        on_solution = (lambda obj, bnd: report(ceiling - obj, ceiling - bnd)) if report else None
        # building the model takes seconds of its own on a big hall: the solve gets what is left of them (a
        # small model, that CP-SAT alone proves optimal, half a second at least)
        floor = 0.5 if self.variables <= SMALL_MODEL else 0.1
        result = _run(model, penalties, min(seconds, max(floor, budget.left())), budget.workers, on_solution)
        if result.objective is None:
            return None, result.status
        solver = result.solver
        plan = _Plan({k: solver.value(v) for k, v in counts.items() if solver.value(v)},
                     [w for n, w in enumerate(windows) if solver.value(y[n])],
                     ceiling - result.objective, ceiling - (result.bound or 0), result.status)
        plan.value = (sum(self.runs[r].honour * self.kinds[k].weight * c for (k, r), c in plan.counts.items())
                      + sum(w[2] for w in plan.windows)
                      - sum(self.kinds[k].penalty * solver.value(s) for k, s in shorts.items()))
        plan.bound = plan.value if result.status == Status.OPTIMAL else max(plan.bound, plan.value)
        plan.window_index = {n for n in range(len(windows)) if solver.value(y[n])}
        return plan, result.status

    def _strengthen(self, model: cp_model.CpModel, counts: Mapping) -> None:
        """Chvatal-Gomory cuts of each run's knapsack, one per block size s: at most floor(L / s) blocks of s
        seats or more fit a run of L (a block of 2s or more counts twice, ...). Valid for every plan; they
        bring the LP near the (exact, but far larger) LP over block offsets."""
        by_run: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
        for (k, r), v in counts.items():
            by_run[r].append((self.kinds[k].size, v))
        for r, terms in by_run.items():
            size = self.runs[r].size
            for s in sorted({k for k, _v in terms if k > 1}):
                picked = [(k // s, v) for k, v in terms if k >= s]
                if sum(c * min(size // k, 99) for (c, _v), (k, _w) in zip(picked, [t for t in terms if t[0] >= s],
                                                                          strict=True)) > size // s:
                    model.add(cp_model.LinearExpr.weighted_sum([v for _c, v in picked], [c for c, _v in picked])
                              <= size // s)

    def _apart_in_runs(self, model: cp_model.CpModel, counts: Mapping, y: Sequence, windows: Sequence[Window]) -> None:
        """Apart pairs that no arrangement could part: both in a run too short to leave a seat between them,
        in neighbouring runs each filled by its unit alone, or a crossing block's end beside a one-seat run
        holding the partner. (Every other case is left to the arrangement, which parts them or cuts.)"""
        partners = self.rules.partners
        kind_of = {m: t.kind for t in self.types if t.special for m in t.units[0]}
        for a, ka in kind_of.items():
            for b in partners.get(a, ()):
                kb = kind_of.get(b)
                if kb is None or b < a or kb == ka:
                    continue
                sa, sb = self.kinds[ka].size, self.kinds[kb].size
                for r, run in enumerate(self.runs):
                    if (ka, r) in counts and (kb, r) in counts and run.size < sa + sb + 1:
                        model.add(counts[ka, r] + counts[kb, r] <= 1)
                    nxt = self._next_run(r)
                    if nxt is None:
                        continue
                    for (k1, s1), (k2, s2) in (((ka, sa), (kb, sb)), ((kb, sb), (ka, sa))):
                        if (k1, r) in counts and (k2, nxt) in counts and run.size == s1 and self.runs[nxt].size == s2:
                            model.add(counts[k1, r] + counts[k2, nxt] <= 1)
        singles = {t.units[0][0]: t.kind for t in self.types if t.special and t.size == 1}
        for n, (ti, members, _v) in enumerate(windows):
            t = self.types[ti]
            if not t.apart:
                continue
            for k, _i, nb in self.edges(t, members):
                rr = self.run_of.get(nb)
                if rr is None or self.runs[rr].size != 1:
                    continue
                for p in partners.get(t.units[0][k], ()):
                    kp = singles.get(p)
                    if kp is not None and (kp, rr) in counts:
                        model.add(y[n] + counts[kp, rr] <= 1)

    def _next_run(self, r: int) -> int | None:
        run = self.runs[r]
        cells = self.cells[run.segment]
        if run.last + 1 < len(cells):
            nxt = self.run_of.get(cells[run.last + 1])
            if nxt is not None and self.runs[nxt].first == run.last + 1:
                return nxt
        return None

    def _forbid(self, model: cp_model.CpModel, counts: Mapping, y: Sequence, cut: tuple) -> None:
        """A no-good: the segment's runs may not hold exactly these counts with exactly these blocks."""
        seg_counts, seg_windows, all_windows, _segment = cut
        literals = []
        for key, value in seg_counts.items():
            if key in counts:
                b = model.new_bool_var("")
                model.add(counts[key] != value).only_enforce_if(b)
                literals.append(b)
        for key in {k for k in counts if self.runs[k[1]].segment == cut[3]} - set(seg_counts):
            literals.append(model.new_bool_var(""))
            model.add(counts[key] >= 1).only_enforce_if(literals[-1])
        for n in all_windows:
            literals.append(y[n].Not() if n in seg_windows else y[n])
        model.add_bool_or(literals)

    def _hint(self, model: cp_model.CpModel, counts: Mapping, y: Sequence, windows: Sequence[Window],
              hint: Sequence[Window] | _Plan, shorts: Mapping) -> None:
        if isinstance(hint, _Plan):
            chosen_windows = {(w[0], w[1]) for w in hint.windows}
            placed_kinds: dict[int, int] = defaultdict(int)
            for (k, _r), c in hint.counts.items():
                placed_kinds[k] += c
            for w in hint.windows:
                placed_kinds[self.types[w[0]].kind] += 1
            for key, v in counts.items():
                model.add_hint(v, hint.counts.get(key, 0))
            for n, v in enumerate(y):
                model.add_hint(v, (windows[n][0], windows[n][1]) in chosen_windows)
            for k, short in shorts.items():
                model.add_hint(short, max(0, self.kinds[k].count - placed_kinds[k]))
            return
        if not hint:
            return
        index = {(w[0], w[1]): n for n, w in enumerate(windows)}
        by_seats = {(w[0], tuple(sorted(w[1]))): n for n, w in enumerate(windows)}
        hinted: dict[tuple[int, int], int] = defaultdict(int)
        chosen: set[int] = set()
        placed: dict[int, int] = defaultdict(int)
        for ti, members, _v in hint:
            t = self.types[ti]
            runs = {self.run_of.get(i, -i - 2) for i in members}
            if len(runs) == 1 and (t.kind, next(iter(runs))) in counts:
                hinted[t.kind, next(iter(runs))] += 1
            else:
                found = index.get((ti, members), by_seats.get((ti, tuple(sorted(members)))))
                if found is None:
                    continue
                chosen.add(found)
            placed[t.kind] += 1
        for key, v in counts.items():
            model.add_hint(v, hinted.get(key, 0))
        for n, v in enumerate(y):
            model.add_hint(v, n in chosen)
        for k, short in shorts.items():
            model.add_hint(short, max(0, self.kinds[k].count - placed[k]))

    # ------------------------------------------------------------------------ arranging the runs

    def seniority(self, unit: Sequence[int]) -> tuple:
        """Most senior unit first: the higher mean weight, then the most senior member (rank, id)."""
        g = self.rules.guests[unit[0]]
        return (-sum(self.rules.weight[m] for m in unit) / len(unit), g.rank, g.id)

    def _run_row(self, r: int) -> int:
        return self.rules.seats[self.sid[self.cells[self.runs[r].segment][self.runs[r].first]]].row_index

    def _run_axis(self, r: int) -> int:
        run = self.runs[r]
        cells = self.cells[run.segment]
        return min(self.off_axis[cells[j]] for j in range(run.first, run.last + 1))

    def arrange(self, plan: _Plan) -> tuple[dict[int, int], list[tuple[int, ...]], list[int]]:
        """guest -> seat id, the units left out, and the segments no arrangement could keep apart pairs in.

        Units of a type take its crossing blocks most senior first, most valuable block first; the other
        units of a kind take its places in runs, most senior first, most honoured run first (then the run
        nearer the central axis). Inside a run the more senior unit, and in a block the more senior member,
        sits nearer the central axis (equal honour: the tie-break); apart pairs are then checked, and a
        segment breaking one is searched for another arrangement.
        """
        seat_of: dict[int, int] = dict(self.fixed)
        units_of = {ti: sorted(t.units, key=self.seniority) for ti, t in enumerate(self.types)}
        used: dict[int, int] = defaultdict(int)
        by_type: dict[int, list[Window]] = defaultdict(list)
        for w in plan.windows:
            by_type[w[0]].append(w)
        for ti, ws in by_type.items():
            for unit, (_t, members, _v) in zip(units_of[ti], sorted(ws, key=lambda w: (-w[2], w[1])), strict=False):
                for g, i in zip(unit, members, strict=True):
                    seat_of[g] = i
            used[ti] = len(ws)
        inside: dict[int, list[tuple[int, ...]]] = defaultdict(list)
        left: list[tuple[int, ...]] = []
        for k, kind in enumerate(self.kinds):
            units = sorted((u for ti in kind.types for u in units_of[ti][used[ti]:]), key=self.seniority)
            slots = sorted((r for (kk, r), c in plan.counts.items() if kk == k for _ in range(c)),
                           key=lambda r: (-self.runs[r].honour, self._run_row(r), self._run_axis(r), r))
            for unit, r in zip(units, slots, strict=False):
                inside[r].append(unit)
            left += units[len(slots):]
        holder = {i: g for g, i in seat_of.items()}
        failing: list[int] = []
        for seg, cells in self.cells.items():
            runs = sorted({self.run_of[i] for i in cells if self.run_of.get(i) in inside},
                          key=lambda r: self.runs[r].first)
            if not runs:
                continue
            placed: dict[int, int] | None = self._default(cells, runs, inside, holder)
            if placed is not None and self._clash(cells, placed, holder):
                placed = self._search(cells, runs, inside, holder)
            if placed is None:
                failing.append(seg)
                continue
            for j, g in placed.items():
                seat_of[g] = cells[j]
        return {g: self.sid[i] for g, i in seat_of.items()}, left, failing

    def _span(self, cells: Sequence[int], r: int, holder: Mapping[int, int]) -> tuple[int, int, int]:
        """The run's seats left free by crossing blocks (a prefix and a suffix): (first, last, free count)."""
        run = self.runs[r]
        free = [j for j in range(run.first, run.last + 1) if cells[j] not in holder]
        return (free[0], free[-1], len(free)) if free else (run.first, run.first - 1, 0)

    def _members_by_axis(self, cells: Sequence[int], start: int, unit: Sequence[int]) -> dict[int, int]:
        spots = sorted(range(start, start + len(unit)), key=lambda j: (self.off_axis[cells[j]], j))
        return dict(zip(spots, unit, strict=True))

    def _default(self, cells: Sequence[int], runs: Sequence[int], inside: Mapping[int, list],
                 holder: Mapping[int, int]) -> dict[int, int]:
        """Position in the segment -> guest: the more senior nearer the axis, empty seats at the far end."""
        placed: dict[int, int] = {}
        for r in runs:
            a, b, free = self._span(cells, r, holder)
            units = sorted(inside[r], key=self.seniority)
            length = sum(len(u) for u in units)
            near = min(range(a, b + 1), key=lambda j: (self.off_axis[cells[j]], j))
            if near in (a, b):
                seq = units if near == a else units[::-1]
                start = a if near == a else a + (free - length)
            else:
                seq = [units[0]]
                for n, u in enumerate(units[1:]):
                    if n % 2 == 0:
                        seq.append(u)
                    else:
                        seq.insert(0, u)
                before = sum(len(u) for u in seq[:seq.index(units[0])])
                centre = before + (len(units[0]) - 1) / 2
                start = min(max(a, round(near - centre)), a + free - length)
            j = start
            for u in seq:
                placed.update(self._members_by_axis(cells, j, u))
                j += len(u)
        return placed

    def _clash(self, cells: Sequence[int], placed: Mapping[int, int], holder: Mapping[int, int]) -> bool:
        partners = self.rules.partners
        if not any(g in partners for g in placed.values()):
            return False
        who = {j: holder[i] for j, i in enumerate(cells) if i in holder}
        who.update(placed)
        return any(who.get(j + 1) in partners.get(g, ()) for j, g in who.items())

    def _search(self, cells: Sequence[int], runs: Sequence[int], inside: Mapping[int, list],
                holder: Mapping[int, int]) -> dict[int, int] | None:
        """Any arrangement of the runs' units (order, members' order, empty seats) with no apart pair side
        by side; depth first, at most ARRANGE_NODES nodes."""
        partners = self.rules.partners
        who: dict[int, int] = {j: holder[i] for j, i in enumerate(cells) if i in holder}
        spans = []
        for r in runs:
            a, b, free = self._span(cells, r, holder)
            units = sorted(inside[r], key=self.seniority)
            spans.append((a, b, units, free - sum(len(u) for u in units)))
        nodes = [0]
        placed: dict[int, int] = {}

        def conflict(j: int, g: int) -> bool:
            return any(who.get(jj) in partners.get(g, ()) for jj in (j - 1, j + 1))

        def orders(unit: tuple[int, ...], start: int) -> list[tuple[int, ...]]:
            default = self._members_by_axis(cells, start, unit)
            first = tuple(default[j] for j in range(start, start + len(unit)))
            if not any(m in partners for m in unit):
                return [first]
            if len(unit) <= 5:
                out = [first] + [p for p in itertools.permutations(unit) if p != first]
            else:
                out = [first, first[::-1]]
            inner = [(a, b) for a in unit for b in unit if a < b and b in partners.get(a, ())]
            return [o for o in out if not any(abs(o.index(a) - o.index(b)) == 1 for a, b in inner)]

        def rec(si: int, j: int, left: list, gaps: int) -> bool:
            nodes[0] += 1
            if nodes[0] > ARRANGE_NODES:
                return False
            if si == len(spans):
                return True
            a, b, _units, _g = spans[si]
            if j > b or (not left and gaps == 0):
                if si + 1 == len(spans):
                    return True
                na, _nb, nunits, ngaps = spans[si + 1]
                return rec(si + 1, na, list(nunits), ngaps)
            tried: set[tuple] = set()
            for n, u in enumerate(left):
                shape = tuple(self.rules.weight[m] for m in u) if not any(m in partners for m in u) else u
                if shape in tried or j + len(u) - 1 > b:
                    continue
                tried.add(shape)
                for o in orders(u, j):
                    if any(conflict(j + q, g) for q, g in enumerate(o)):
                        continue
                    for q, g in enumerate(o):
                        who[j + q] = g
                        placed[j + q] = g
                    if rec(si, j + len(u), left[:n] + left[n + 1:], gaps):
                        return True
                    for q in range(len(o)):
                        del who[j + q]
                        del placed[j + q]
            return gaps > 0 and rec(si, j + 1, left, gaps - 1)

        a, _b, units, gaps = spans[0]
        return dict(placed) if rec(0, a, list(units), gaps) else None

    def cut(self, plan: _Plan, seg: int, windows: Sequence[Window]) -> tuple:
        counts = {k: v for k, v in plan.counts.items() if self.runs[k[1]].segment == seg}
        mine = {n for n, w in enumerate(windows) if self.pos[w[1][0]][0] == seg}
        return counts, mine & plan.window_index, mine, seg


@dataclass
class _Plan:
    counts: dict[tuple[int, int], int]  # (kind, run) -> units of the kind inside the run
    windows: list[Window]  # crossing blocks chosen
    value: int
    bound: int
    status: Status
    window_index: set[int] = field(default_factory=set)
