"""The place score of a hall plan, given its levels: for each level of honour (a row, as the app derives
honour), the exact best arrangement of the units the level holds over its seats.

The level score settles which units sit in which level; inside a level every arrangement scores the same
level score, and the place score (Seat.place x weight) tells them apart. A level's model is small: a boolean
per placement of a type of unit (units alike in member weights and needs are one type: their count is
what matters) on a block of the level's free seats side by side in one segment, its members in the best
order for that block (the rearrangement inequality, or enumerated under needs and pins); each seat at
most once, each type its count, apart pairs never side by side. Units with a member in another level stay
where they are, as do pinned singles; a unit with an apart partner is a type of its own, its members'
orders enumerated up to APART_ORDERS members (beyond that only the best order: the level is then not
proven). CP-SAT solves each level, hinted with the arrangement in hand, so it never gets worse.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from solver.seating.rules import _Rules
from solver.seating.search import _best_order

APART_ORDERS = 4  # group size up to which every order of a group with an apart partner is a placement


def arrange_places(rules: _Rules, assignment: Mapping[int, int], deadline: float,
                   workers: int) -> tuple[dict[int, int], bool]:
    """The plan with each level's units in their best places, and whether every level is proven best."""
    plan = dict(assignment)
    if not any(rules.place.values()):
        return plan, True
    levels: dict[int, list[int]] = defaultdict(list)
    for s, seat in rules.seats.items():
        if seat.table is None and not seat.blocked and s in rules.order:
            levels[rules.honour[s]].append(s)
    units = _units(rules, plan)
    proven = True
    for n, (honour, seats) in enumerate(sorted(levels.items(), reverse=True)):
        left = deadline - time.perf_counter()
        if left <= 0:
            return plan, False
        share = max(0.05, left / (len(levels) - n))
        proven &= _Level(rules, plan, units, set(seats), honour).solve(plan, share, workers)
    return plan, proven


def _units(rules: _Rules, plan: Mapping[int, int]) -> list[tuple[int, ...]]:
    seen: set[int] = set()
    out = []
    for g in sorted(plan, key=lambda g: (rules.guests[g].rank, g)):
        if g in seen:
            continue
        group = rules.guests[g].group
        members = tuple(m for m in rules.groups[group] if m in plan) if group is not None else (g,)
        seen.update(members)
        out.append(members)
    return out


class _Level:
    """One level's arrangement problem: types of movable units, their placements, the fixed guests."""

    def __init__(self, rules: _Rules, plan: Mapping[int, int], units: Sequence[tuple[int, ...]],
                 seats: set[int], honour: int) -> None:
        self.rules = rules
        self.holder = {s: g for g, s in plan.items()}
        partners = rules.partners
        movable = [u for u in units if all(plan[m] in seats for m in u)
                   and not (len(u) == 1 and rules.guests[u[0]].pinned is not None)]
        moving = {m for u in movable for m in u}
        self.free = {s for s in seats if self.holder.get(s) is None or self.holder[s] in moving}
        self.types: dict[tuple, list[tuple[int, ...]]] = defaultdict(list)
        for u in movable:
            special = any(rules.guests[m].pinned is not None or m in partners for m in u)
            key = ("unit", u[0]) if special else (tuple(rules.weight[m] for m in u),
                                                  tuple(rules.gclass(m) for m in u))
            self.types[key].append(u)
        self.segments: dict[int, list[int]] = defaultdict(list)
        for s in sorted(seats, key=lambda s: rules.order[s]):
            self.segments[rules.order[s][0]].append(s)
        self.plan, self.moving = plan, moving
        self.at_index = {rules.order[s]: s for s in rules.order}
        self.exact = True

    def blocks(self, size: int) -> list[list[int]]:
        out = []
        order = self.rules.order
        for cells in self.segments.values():
            for j in range(len(cells) - size + 1):
                block = cells[j:j + size]
                if (all(s in self.free for s in block)
                        and order[block[-1]][1] - order[block[0]][1] == size - 1):
                    out.append(block)
        return out

    def next_to(self, a: int, b: int) -> bool:
        (sa, ia), (sb, ib) = self.rules.order[a], self.rules.order[b]
        return sa == sb and abs(ia - ib) == 1

    def placements(self, unit: tuple[int, ...], special: bool) -> list[tuple[int, tuple[int, ...]]]:
        """(value, seat of each member) of the unit's member orders worth a variable, on every block."""
        rules = self.rules
        ws = [rules.weight[m] for m in unit]
        internal = [(a, b) for a, b in itertools.combinations(range(len(unit)), 2)
                    if unit[b] in rules.partners.get(unit[a], ())]
        outside = {m: [self.plan[p] for p in rules.partners.get(m, ()) if p in self.plan and p not in self.moving]
                   for m in unit}
        out = []
        for block in self.blocks(len(unit)):
            hs = [rules.place[s] for s in block]
            options = []
            for m in unit:
                pin = rules.guests[m].pinned
                ok = [j for j, s in enumerate(block) if rules.suits(m, s) and pin in (None, s)
                      and not any(self.next_to(s, f) for f in outside[m])]
                options.append(ok if len(ok) < len(block) else None)
            if any(o == [] for o in options):
                continue
            apart = special and any(m in rules.partners for m in unit)
            if apart and len(unit) <= APART_ORDERS:
                for perm in itertools.permutations(range(len(block)), len(unit)):
                    if all(o is None or perm[k] in o for k, o in enumerate(options)) and not any(
                            abs(perm[a] - perm[b]) == 1 for a, b in internal):
                        out.append((sum(w * hs[j] for w, j in zip(ws, perm, strict=True)),
                                    tuple(block[j] for j in perm)))
                continue
            self.exact &= not apart
            found = _best_order(ws, options, hs, internal)
            if found is not None:
                out.append((found[0], tuple(block[j] for j in found[1])))
        return out

    def solve(self, plan: dict[int, int], seconds: float, workers: int) -> bool:
        """Rearranges the level in `plan`; True when the arrangement is proven the level's best."""
        if not self.types:
            return True
        rules = self.rules
        model = cp_model.CpModel()
        chosen: list[tuple[tuple, int, tuple[int, ...], cp_model.IntVar]] = []
        by_seat: dict[int, list] = defaultdict(list)
        at: dict[tuple[int, int], list] = defaultdict(list)  # (apart guest, seat) -> variables
        for key, units in self.types.items():
            special = key[0] == "unit"
            variables = []
            for value, seats in self.placements(units[0], special):
                x = model.new_bool_var("")
                chosen.append((key, value, seats, x))
                variables.append(x)
                for s in seats:
                    by_seat[s].append(x)
                if special:
                    for m, s in zip(units[0], seats, strict=True):
                        if m in rules.partners:
                            at[m, s].append(x)
            model.add(sum(variables) == len(units))
        for xs in by_seat.values():
            if len(xs) > 1:
                model.add_at_most_one(xs)
        for (g, s), xs in at.items():
            seg, i = rules.order[s]
            for t in (self.at_index.get((seg, i - 1)), self.at_index.get((seg, i + 1))):
                for p in rules.partners[g]:
                    for y in at.get((p, t), ()) if p > g else ():
                        for x in xs:
                            model.add_bool_or([x.Not(), y.Not()])
        self._hint(model, chosen, plan)
        model.maximize(sum(value * x for _k, value, _s, x in chosen))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = workers
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        picked: dict[tuple, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
        for key, value, seats, x in chosen:
            if solver.value(x):
                picked[key].append((value, seats))
        before = sum(rules.place[plan[m]] * rules.weight[m] for units in self.types.values() for u in units for m in u)
        after = sum(v for got in picked.values() for v, _s in got)
        if after < before:  # a time limit with the hint lost: keep what we had
            return False
        for key, units in self.types.items():
            for unit, (_v, seats) in zip(units, sorted(picked[key], key=lambda p: (-p[0], p[1])), strict=True):
                plan.update(zip(unit, seats, strict=True))
        return status == cp_model.OPTIMAL and self.exact

    def _hint(self, model: cp_model.CpModel, chosen: Sequence[tuple], plan: Mapping[int, int]) -> None:
        """The arrangement in hand: each unit on its block (the same seats, any member order)."""
        wanted: dict[tuple, int] = defaultdict(int)
        for key, units in self.types.items():
            for u in units:
                wanted[key, frozenset(plan[m] for m in u)] += 1
        for key, _value, seats, x in chosen:
            block = (key, frozenset(seats))
            model.add_hint(x, wanted.get(block, 0) > 0)
            if wanted.get(block, 0) > 0:
                wanted[block] -= 1
