"""inversions(): pairs of plain guests seated against precedence although a swap would keep every rule; and
the exact swaps that remove them from a plan.

A plain guest has no group, no needs, no pin and no apart partner: swapping two of them moves no one else,
so the swap keeps every rule exactly when each suits the other's seat (wheelchair place, companion seat,
sector, blocked: the seat rules of validate()). The more senior (lower rank; equal ranks never count) is
inverted with the junior when their seat is less honoured: lower honour, or equal honour and lower place.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Mapping

from solver.seating.model import Instance
from solver.seating.rules import _Rules


def inversions(instance: Instance, assignment: Mapping[int, int]) -> list[tuple[int, int]]:
    """(senior, junior) for every pair of plain guests where the senior sits less honoured and a swap of
    their seats keeps every rule; [] for a plan faithful to precedence."""
    return _inversions(_Rules(instance), assignment)


def _plain(rules: _Rules, assignment: Mapping[int, int]) -> list[int]:
    grouped = {m for members in rules.groups.values() if len(members) > 1 for m in members}
    return [g for g, guest in rules.guests.items()
            if g in assignment and assignment[g] in rules.seats and g not in grouped and g not in rules.partners
            and guest.pinned is None and not (guest.wheelchair or guest.no_stairs or guest.aisle)]


def _inversions(rules: _Rules, assignment: Mapping[int, int]) -> list[tuple[int, int]]:
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for g in _plain(rules, assignment):
        buckets[rules.gclass(g), rules.sclass(assignment[g])].append(g)

    def key(g: int) -> tuple[int, int, int]:
        s = assignment[g]
        return rules.honour[s], rules.place[s], g

    found: list[tuple[int, int]] = []
    for (ga, sa), seniors in buckets.items():
        for (gb, sb), juniors in buckets.items():
            if not (rules.accept[ga][sb] and rules.accept[gb][sa]):
                continue
            # juniors enter the sorted list as the rank falls below theirs; each senior then meets those of
            # them seated more honourably than itself
            pending = sorted(juniors, key=lambda g: -rules.guests[g].rank)
            inside: list[tuple[int, int, int]] = []
            n = 0
            for a in sorted(seniors, key=lambda g: -rules.guests[g].rank):
                rank = rules.guests[a].rank
                while n < len(pending) and rules.guests[pending[n]].rank > rank:
                    insort(inside, key(pending[n]))
                    n += 1
                mine = key(a)
                found += [(a, b) for *_place, b in inside[bisect_right(inside, (mine[0], mine[1], 2**62)):]]
    return sorted(found)


def remove_inversions(rules: _Rules, assignment: Mapping[int, int], rounds: int = 50) -> dict[int, int]:
    """The plan with inverted pairs swapped until none is left: each swap raises the score (the level
    score if the levels differ, else the place score), so this ends; `rounds` caps it all the same."""
    plan = dict(assignment)
    for _round in range(rounds):
        pairs = _inversions(rules, plan)
        if not pairs:
            break
        moved: set[int] = set()
        for a, b in pairs:
            if a in moved or b in moved:
                continue
            plan[a], plan[b] = plan[b], plan[a]
            moved |= {a, b}
    return plan
