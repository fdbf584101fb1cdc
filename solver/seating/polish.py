"""Polishing a seating plan: exact re-assignments inside the structure a plan already has.

The hall and banquet searches settle where the groups go; when time runs out on a big hall with many
distinct ranks they may leave a senior single behind a junior one, or two equal groups the wrong way round.
Two exchanges that keep every hard rule fix that, each solved exactly:
- groups of one size with no needs, pins or apart partners trade their blocks (an assignment problem:
  the value of a group in a block is its members sorted onto the block's seats);
- single guests with no pin and no apart partner trade seats among themselves and the free seats (a
  min-cost flow from guests to classes of seats alike in honour and in what they admit); in a partial
  plan the singles left out take part too, so a senior guest is not left out while a junior one sits.
Equal guests (same weight and needs) then take their seats in the order of their ids, and within equal
honour the more senior sits further forward and nearer the axis, as the searches themselves seat them.
Everything is pure data in, a new assignment out; the caller validates it and keeps the better plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from ortools.graph.python import linear_sum_assignment, min_cost_flow


@dataclass(frozen=True)
class Market:
    """What may trade, and how a seat and a guest are valued."""

    weight: Mapping[int, int]  # guest -> weight (senior = heavier)
    honour: Mapping[int, int]  # seat -> honour (shifted: every usable seat counts at least 1)
    seat_class: Callable[[int], Hashable]  # seats of one class admit the same guests
    guest_class: Callable[[int], Hashable]  # guests of one class accept the same seats
    suits: Callable[[int, int], bool]  # guest, seat
    place: Callable[[int], tuple]  # seat -> order among seats of equal honour: front first, then the axis
    singles: frozenset[int]  # guests free to trade seats one by one
    groups: Sequence[tuple[int, ...]]  # groups free to trade blocks with groups of their size
    free_seats: frozenset[int]  # empty seats a single may move to
    unseated_cost: Mapping[int, int] | None = None  # partial plans: what leaving each guest out costs; None: no one


def polish(assignment: Mapping[int, int], market: Market) -> dict[int, int]:
    plan = dict(assignment)
    _trade_blocks(plan, market)
    _trade_seats(plan, market)
    _order_equals(plan, market)
    return plan


def _trade_blocks(plan: dict[int, int], market: Market) -> None:
    by_size: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for group in market.groups:
        if all(m in plan for m in group):
            by_size[len(group)].append(group)
    some_guest = {market.guest_class(m): m for group in market.groups for m in group}
    some_seat: dict[Hashable, int] = {}
    fits: dict[tuple[frozenset, frozenset], bool] = {}  # whether guests of these classes suit seats of those
    for groups in by_size.values():
        if len(groups) < 2:
            continue
        blocks = [tuple(plan[m] for m in group) for group in groups]
        for block in blocks:
            some_seat.update((market.seat_class(s), s) for s in block)
        weights = [sorted((market.weight[m] for m in group), reverse=True) for group in groups]
        honours = [sorted((market.honour[s] for s in block), reverse=True) for block in blocks]
        guest_kinds = [frozenset(market.guest_class(m) for m in group) for group in groups]
        seat_kinds = [frozenset(market.seat_class(s) for s in block) for block in blocks]
        solver = linear_sum_assignment.SimpleLinearSumAssignment()
        for u, ws in enumerate(weights):
            for b, hs in enumerate(honours):
                key = guest_kinds[u], seat_kinds[b]
                if key not in fits:
                    fits[key] = all(market.suits(some_guest[gc], some_seat[sc]) for gc in key[0] for sc in key[1])
                if fits[key]:  # the value of the sorted arrangement (the rearrangement inequality)
                    solver.add_arc_with_cost(u, b, -sum(h * w for h, w in zip(hs, ws, strict=True)))
        if solver.solve() != solver.OPTIMAL:
            continue  # each group suits its own block, so a perfect matching exists; never here
        for u, group in enumerate(groups):
            plan.update(_arranged(group, blocks[solver.right_mate(u)], market))


def _arranged(guests: Sequence[int], seats: Sequence[int], market: Market) -> dict[int, int]:
    """The most senior on the most honoured seat (and, among equals, further forward and nearer the axis);
    with fewer guests than seats the least honoured stay empty."""
    ordered = sorted(seats, key=lambda s: (-market.honour[s], market.place(s)))
    return dict(zip(sorted(guests, key=lambda g: (-market.weight[g], g)), ordered, strict=False))


def _trade_seats(plan: dict[int, int], market: Market) -> None:
    partial = market.unseated_cost is not None
    guests = sorted(g for g in market.singles if partial or g in plan)
    seats = [plan[g] for g in guests if g in plan] + sorted(market.free_seats - set(plan.values()))
    if len(guests) < 2 or not seats:
        return
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for s in seats:
        buckets[market.honour[s], market.seat_class(s)].append(s)
    keys = list(buckets)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1 + len(guests) + len(keys)
    first_bucket, out = 1 + len(guests), sink + 1  # out: the guests a partial plan leaves without a seat
    classes: dict[Hashable, list[int]] = defaultdict(list)  # guest class -> the buckets it accepts
    for b, key in enumerate(keys):
        flow.add_arc_with_capacity_and_unit_cost(first_bucket + b, sink, len(buckets[key]), 0)
    for g in guests:
        if market.guest_class(g) not in classes:
            classes[market.guest_class(g)] = [b for b, key in enumerate(keys) if market.suits(g, buckets[key][0])]
    arcs: dict[int, tuple[int, int]] = {}  # arc index -> (guest, bucket)
    if partial:
        flow.add_arc_with_capacity_and_unit_cost(out, sink, len(guests), 0)
    for n, g in enumerate(guests):
        flow.add_arc_with_capacity_and_unit_cost(source, 1 + n, 1, 0)
        if partial:
            flow.add_arc_with_capacity_and_unit_cost(1 + n, out, 1, market.unseated_cost[g])
        for b in classes[market.guest_class(g)]:
            a = flow.add_arc_with_capacity_and_unit_cost(1 + n, first_bucket + b, 1, -keys[b][0] * market.weight[g])
            arcs[a] = (g, b)
    flow.set_node_supply(source, len(guests))
    flow.set_node_supply(sink, -len(guests))
    if flow.solve() != flow.OPTIMAL:
        return
    taken: dict[int, list[int]] = defaultdict(list)
    for g in guests:
        plan.pop(g, None)
    for a, (g, b) in arcs.items():
        if flow.flow(a):
            taken[b].append(g)
    for b, members in taken.items():
        plan.update(_arranged(members, buckets[keys[b]], market))


def _order_equals(plan: dict[int, int], market: Market) -> None:
    """Singles the objective can not tell apart (one weight, one class) hold their seats in the order of ids."""
    alike: dict[tuple, list[int]] = defaultdict(list)
    for g in market.singles:
        if g in plan:
            alike[market.weight[g], market.guest_class(g)].append(g)
    for members in alike.values():
        if len(members) > 1:
            seats = sorted((plan[g] for g in members), key=lambda s: (-market.honour[s], market.place(s)))
            for g, s in zip(sorted(members), seats, strict=True):
                plan[g] = s
