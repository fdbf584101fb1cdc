"""Apportionment: sharing a whole number of places among organisations in proportion to their weights, each
within its minimum and maximum, the total exactly the capacity. Pure: no web, no database.

    allocation = apportion(capacity, [Party("Совет ветеранов", 120, minimum=20, maximum=80), ...], Method.DHONDT)
    allocation.seats                # {name: places}; raises Impossible (its problems have codes and numbers)

Arithmetic is exact (fractions), so equal priorities are truly equal and the tie rule decides them:
**the larger weight first, then the name in alphabetical order**. Allocation.ties names the organisations
such a tie decided for or against.

Divisor methods (D'Hondt: the s-th place costs s, Sainte-Laguë: s - 1/2): the standard bounded divisor
method — a divisor d such that the quotients weight/d, rounded (down, or to the nearest) and clamped to
[minimum, maximum], sum to the capacity. Found by rounding at the divisor of the bounded quotas (below) and
then adding the place of the highest priority weight/D(s) (or taking back the lowest weight/D(s-1)) until the total
is exact; every step keeps min(priority of a place held) >= max(priority of a place not held), which is what
such a divisor's existence means, and the allocation is then the best `capacity` places in one total order,
hence house-monotone.

Hamilton (largest remainder) with bounds: the bounded quotas q_i = clamp(weight_i * λ, minimum_i, maximum_i)
with the one λ that makes them sum to the capacity (found exactly on the piecewise-linear sum), each
rounded down, the places left over to the largest remainders. With integer bounds floor(q) >= minimum and
ceil(q) <= maximum, so the bounds hold; when none binds, λ = capacity / total weight and this is plain
Hamilton (every organisation gets its quota rounded down or up).

A manual override (Party.fixed) gives the organisation exactly that many places, its bounds set aside; the
others are apportioned among the rest of the capacity. An organisation of weight 0 gets its minimum.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor

Number = int | Fraction | Decimal | str


class Method(StrEnum):
    HAMILTON = "hamilton"
    SAINTE_LAGUE = "sainte-lague"
    DHONDT = "dhondt"


@dataclass(frozen=True)
class Party:
    name: str
    weight: Number
    minimum: int = 0
    maximum: int | None = None  # None: no maximum
    fixed: int | None = None  # a manual override: exactly this many places


@dataclass(frozen=True)
class Problem:
    """Why no allocation exists: a code for the texts, the numbers they quote, and the organisation if one."""

    code: str
    numbers: dict[str, int] = field(default_factory=dict)
    organisation: str = ""


class Impossible(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.code for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Share:
    name: str
    weight: Fraction
    seats: int
    fair_share: Fraction  # weight * capacity / total weight, bounds aside
    quotient: Fraction  # Hamilton: the bounded quota; divisor methods: weight / divisor
    remainder: Fraction | None  # Hamilton: the quotient's fractional part, which ranks the leftover places
    bound: str | None  # "fixed", "min" or "max" when that decided the places, else None


@dataclass(frozen=True)
class Allocation:
    method: Method
    capacity: int
    divisor: Fraction | None  # weight per place (Hamilton: 1/λ); None when no organisation has weight to share
    shares: tuple[Share, ...]
    ties: tuple[str, ...] = ()  # organisations a tie of equal priority was decided for or against

    @property
    def seats(self) -> dict[str, int]:
        return {s.name: s.seats for s in self.shares}


@dataclass
class _Row:
    name: str
    weight: Fraction
    low: int
    high: int | None  # None: unbounded
    fixed: bool
    rank: int = 0  # the tie rule's order: 0 wins every tie


def apportion(capacity: int, parties: Sequence[Party], method: Method) -> Allocation:
    rows = _check(capacity, parties)
    for rank, row in enumerate(sorted(rows, key=lambda r: (-r.weight, r.name))):
        row.rank = rank
    remainders: list[Fraction | None]
    raws: list[Fraction | int]  # the method's figure before the bounds, to name the bound that decided
    if method is Method.HAMILTON:
        seats, quotients, remainders, divisor, ties = _hamilton(capacity, rows)
        raws = [r.weight / divisor if divisor else Fraction(0) for r in rows]
    else:
        first = Fraction(1) if method is Method.DHONDT else Fraction(1, 2)
        seats, divisor, ties = _divisor_method(capacity, rows, first)
        quotients = [r.weight / divisor if divisor else Fraction(0) for r in rows]
        remainders = [None] * len(rows)
        raws = [floor(q + 1 - first) for q in quotients]
    total = sum(r.weight for r in rows if not r.fixed)
    free = capacity - sum(r.low for r in rows if r.fixed)
    shares = tuple(
        Share(r.name, r.weight, s, r.weight * free / total if total and not r.fixed else Fraction(s), q, rem,
              _bound(r, raw))
        for r, s, q, rem, raw in zip(rows, seats, quotients, remainders, raws, strict=True))
    return Allocation(method, capacity, divisor, shares, tuple(r.name for r in rows if r.name in ties))


def _bound(row: _Row, unclamped: Fraction | int) -> str | None:
    """Which bound decided the places: the method's own figure, bounds aside, fell below or above it."""
    if row.fixed:
        return "fixed"
    if unclamped < row.low:
        return "min"
    return "max" if row.high is not None and unclamped > row.high else None


# ---------------------------------------------------------------- what cannot be done


def _check(capacity: int, parties: Sequence[Party]) -> list[_Row]:
    problems: list[Problem] = []
    if capacity < 0:
        problems.append(Problem("negative_capacity", {"capacity": capacity}))
    if not parties:
        problems.append(Problem("no_organisations"))
    rows, seen = [], set()
    for party in parties:
        weight = Fraction(party.weight)
        if party.name in seen:
            problems.append(Problem("duplicate_name", organisation=party.name))
        seen.add(party.name)
        if weight < 0:
            problems.append(Problem("negative_weight", organisation=party.name))
        if party.fixed is not None:
            if party.fixed < 0:
                problems.append(Problem("negative_fixed", {"fixed": party.fixed}, party.name))
            rows.append(_Row(party.name, weight, party.fixed, party.fixed, True))
            continue
        if party.minimum < 0:
            problems.append(Problem("negative_minimum", {"minimum": party.minimum}, party.name))
        if party.maximum is not None and party.maximum < party.minimum:
            problems.append(Problem("minimum_over_maximum", {"minimum": party.minimum, "maximum": party.maximum},
                                    party.name))
        # weight 0 asks for nothing beyond the minimum
        rows.append(_Row(party.name, weight, party.minimum, party.minimum if weight == 0 else party.maximum, False))
    if problems:
        raise Impossible(problems)
    fixed = sum(r.low for r in rows if r.fixed)
    minimums = sum(r.low for r in rows)
    if fixed > capacity:
        problems.append(Problem("fixed_over_capacity", {"fixed": fixed, "capacity": capacity}))
    elif minimums > capacity:
        problems.append(Problem("minimums_over_capacity", {"minimums": minimums, "capacity": capacity}))
    highs = [r.high for r in rows if r.high is not None]
    if len(highs) == len(rows) and (maximums := sum(highs)) < capacity:
        code = "maximums_under_capacity" if any(r.weight and not r.fixed for r in rows) else "no_weight"
        problems.append(Problem(code, {"maximums": maximums, "capacity": capacity}))
    if problems:
        raise Impossible(problems)
    return rows


# ---------------------------------------------------------------- divisor methods


def _divisor_method(capacity: int, rows: list[_Row], first: Fraction) -> tuple[list[int], Fraction | None,
                                                                                 tuple[str, ...]]:
    """Seats by the bounded divisor method whose (s+1)-th place has priority weight / (s + first)."""
    def more(i: int) -> tuple[Fraction, int, int, int]:  # the next place, for a min-heap of the best first
        return -rows[i].weight / (seats[i] + first), rows[i].rank, i, seats[i]

    def less(i: int) -> tuple[Fraction, int, int, int]:  # the last place held, for a min-heap of the worst first
        return rows[i].weight / (seats[i] - 1 + first), -rows[i].rank, i, seats[i]

    def can_gain(i: int) -> bool:
        high = rows[i].high
        return high is None or seats[i] < high

    def can_lose(i: int) -> bool:
        return seats[i] > rows[i].low

    def fresh(heap: list) -> list:  # entries pushed before the party's seats last changed are dropped lazily
        while heap and heap[0][3] != seats[heap[0][2]]:
            heapq.heappop(heap)
        return heap

    # Start at the divisor of the bounded quotas (Hamilton's λ): rounding there lands within a place or so of
    # each organisation's due, so the heaps have about one step per organisation left, whatever the capacity.
    total = sum(r.weight for r in rows if r.low != r.high)
    scale = _lambda(capacity, rows)
    plain = 1 / scale if scale else Fraction(1)
    seats = [_clamp(floor(r.weight * scale + 1 - first), r) for r in rows]
    gains = [more(i) for i in range(len(rows)) if can_gain(i)]
    losses = [less(i) for i in range(len(rows)) if can_lose(i)]
    heapq.heapify(gains)
    heapq.heapify(losses)
    held = sum(seats)
    while held != capacity:
        step = 1 if held < capacity else -1
        i = heapq.heappop(fresh(gains if step == 1 else losses))[2]
        seats[i] += step
        held += step
        if can_gain(i):
            heapq.heappush(gains, more(i))
        if can_lose(i):
            heapq.heappush(losses, less(i))
    best_out = -gains[0][0] if fresh(gains) else None
    worst_in = losses[0][0] if fresh(losses) else None
    ties: set[str] = set()
    if best_out is not None and best_out == worst_in:
        ties = {rows[i].name for _, _, i, s in gains if s == seats[i] and -more(i)[0] == best_out}
        ties |= {rows[i].name for _, _, i, s in losses if s == seats[i] and less(i)[0] == best_out}
    if not total:
        return seats, None, ()
    if best_out is None or worst_in is None:
        divisor = worst_in if best_out is None else 2 * best_out
    else:
        divisor = (best_out + worst_in) / 2
    return seats, divisor or plain, tuple(sorted(ties))


def _clamp(value: int, row: _Row) -> int:
    value = max(value, row.low)
    return value if row.high is None else min(value, row.high)


# ---------------------------------------------------------------- largest remainder


def _hamilton(capacity: int, rows: list[_Row]) -> tuple[list[int], list[Fraction], list[Fraction | None],
                                                         Fraction | None, tuple[str, ...]]:
    """Seats, bounded quotas, remainders, weight per place (1/λ) and the organisations a tie of remainders decided."""
    scale = _lambda(capacity, rows)
    quotas = [Fraction(r.low) if r.fixed or not r.weight else _clamp_fraction(r.weight * scale, r) for r in rows]
    seats = [floor(q) for q in quotas]
    remainders = [q - s for q, s in zip(quotas, seats, strict=True)]
    order = sorted(range(len(rows)), key=lambda i: (-remainders[i], rows[i].rank))
    left = capacity - sum(seats)
    for i in order[:left]:
        seats[i] += 1
    ties: tuple[str, ...] = ()
    if 0 < left < len(order) and remainders[order[left - 1]] == remainders[order[left]]:
        level = remainders[order[left]]
        ties = tuple(rows[i].name for i in order if remainders[i] == level)
    divisor = 1 / scale if scale else None
    return seats, quotas, list[Fraction | None](remainders), divisor, ties


def _clamp_fraction(value: Fraction, row: _Row) -> Fraction:
    value = max(value, Fraction(row.low))
    return value if row.high is None else min(value, Fraction(row.high))


def _lambda(capacity: int, rows: list[_Row]) -> Fraction:
    """The λ >= 0 at which sum(clamp(weight * λ, min, max)) reaches the capacity: walk the breakpoints
    min/weight and max/weight in order, the sum growing between them by the weight of the unclamped."""
    events: list[tuple[Fraction, Fraction]] = []  # (λ, change of slope)
    for r in rows:
        if r.fixed or not r.weight:
            continue
        events.append((r.low / r.weight, r.weight))
        if r.high is not None:
            events.append((r.high / r.weight, -r.weight))
    events.sort()
    reached = Fraction(sum(r.low for r in rows))
    slope = Fraction(0)
    at = Fraction(0)
    for point, change in events:
        if slope and reached + slope * (point - at) >= capacity:
            return at + (capacity - reached) / slope
        reached += slope * (point - at)
        at = point
        slope += change
        if reached >= capacity:
            return at
    return at + (capacity - reached) / slope if slope else at
