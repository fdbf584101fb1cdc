"""The objective of any plan (see the package docstring): shifted honour times the weight of precedence,
and the price of a guest left without a seat.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from solver.seating.model import Instance, Seat, weights


def _shifted(seats: Iterable[Seat]) -> dict[int, int]:
    seats = list(seats)
    usable = [s.honour for s in seats if not s.blocked]
    low = min(usable, default=0)
    return {s.id: s.honour - low + 1 for s in seats}


def _unseated_weight(honour: Mapping[int, int], weight: Mapping[int, int]) -> int:
    return max(honour.values(), default=1) * max(weight.values(), default=1)


def score(instance: Instance, assignment: Mapping[int, int]) -> int:
    """The objective of a plan (see the package docstring); seats and guests it does not know count nothing."""
    honour = _shifted(instance.seats)
    weight = weights(instance.guests)
    total = sum(honour[s] * weight[g] for g, s in assignment.items() if g in weight and s in honour)
    if instance.allow_partial:
        total -= _unseated_weight(honour, weight) * sum(1 for g in weight if g not in assignment)
    return total
