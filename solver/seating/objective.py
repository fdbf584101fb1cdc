"""The objective of any plan (see the package docstring): lexicographic — the level score (shifted honour
times the weight of precedence, less the price of each guest left without a seat), then the place score
(shifted place times weight) — folded into one number, level score x scale() + place score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from solver.seating.model import Guest, Instance, Seat, weights


def _shifted(seats: Iterable[Seat]) -> dict[int, int]:
    seats = list(seats)
    usable = [s.honour for s in seats if not s.blocked]
    low = min(usable, default=0)
    return {s.id: s.honour - low + 1 for s in seats}


def _places(seats: Iterable[Seat]) -> dict[int, int]:
    """A seat's place shifted so that the lowest usable place counts 0 (no place score at all when every
    seat has the same place, as at a presidium or banquet)."""
    seats = list(seats)
    low = min((s.place for s in seats if not s.blocked), default=0)
    return {s.id: max(0, s.place - low) for s in seats}


def scale(instance: Instance) -> int:
    """M: one more than any place score a plan can have, so the level score always decides first."""
    places = _places(instance.seats)
    return 1 + max(places.values(), default=0) * sum(weights(instance.guests).values())


def _unseated_costs(honour: Mapping[int, int], weight: Mapping[int, int], guests: Iterable[Guest]) -> dict[int, int]:
    """What leaving each guest out costs (allow_partial): H x (W + weight), H the largest honour', W the largest
    weight — one more guest seated is worth more than any seat's honour to anyone, and of two guests the more
    senior costs more to leave out; a protected guest costs D more, D above every other guest's value and cost
    together, so no plan leaves a protected guest out to seat unprotected ones."""
    guests = list(guests)
    top_honour = max(honour.values(), default=1)
    top_weight = max(weight.values(), default=1)
    dominant = 1 + 3 * len(guests) * top_honour * top_weight
    return {g.id: top_honour * (top_weight + weight[g.id]) + (dominant if g.protected else 0) for g in guests}


def level_score(instance: Instance, assignment: Mapping[int, int]) -> int:
    """The level score of a plan: shifted honour times weight, less the price of each guest left out."""
    honour = _shifted(instance.seats)
    weight = weights(instance.guests)
    total = sum(honour[s] * weight[g] for g, s in assignment.items() if g in weight and s in honour)
    if instance.allow_partial:
        costs = _unseated_costs(honour, weight, instance.guests)
        total -= sum(cost for g, cost in costs.items() if g not in assignment)
    return total


def place_score(instance: Instance, assignment: Mapping[int, int]) -> int:
    places = _places(instance.seats)
    weight = weights(instance.guests)
    return sum(places[s] * weight[g] for g, s in assignment.items() if g in weight and s in places)


def score(instance: Instance, assignment: Mapping[int, int]) -> int:
    """The objective of a plan (see the package docstring); seats and guests it does not know count nothing."""
    return level_score(instance, assignment) * scale(instance) + place_score(instance, assignment)
