"""The seating problem as plain data: layouts, seats, guests, the instance and the solver's answers;
the weights of precedence and the honour orders the app may use (centre_out, around).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from solver.cpsat import Status


class Layout(StrEnum):
    HALL = "hall"
    PRESIDIUM = "presidium"
    BANQUET = "banquet"


@dataclass(frozen=True)
class Seat:
    id: int
    zone: str = ""
    row: str = ""
    row_index: int = 0
    x: int = 0  # grows to the sitter's right
    segment: int = 0  # a run of seats between aisles
    honour: int = 0  # higher = more honoured
    wheelchair: bool = False
    companion: bool = False
    aisle: bool = False
    step_free: bool = False
    restricted_view: bool = False
    blocked: bool = False
    table: int | None = None
    sector: str = ""
    place: int = 0  # among seats of one honour, higher = more honoured (hall: nearer the central axis)


@dataclass(frozen=True)
class Guest:
    id: int
    name: str = ""
    rank: int = 0  # lower = more senior
    category: str = ""
    wheelchair: bool = False
    no_stairs: bool = False
    aisle: bool = False
    sectors: frozenset[str] = frozenset()  # the sectors allowed; empty = any
    pinned: int | None = None  # a seat id
    group: int | None = None
    protected: bool = False  # «всегда с местом»: never left out while a less senior or unprotected guest sits


@dataclass(frozen=True)
class Instance:
    seats: tuple[Seat, ...]
    guests: tuple[Guest, ...]
    layout: Layout = Layout.HALL
    apart_pairs: tuple[tuple[int, int], ...] = ()
    sector_categories: Mapping[str, frozenset[str]] = field(default_factory=dict)  # sector -> categories admitted
    allow_partial: bool = False


@dataclass(frozen=True)
class Explanation:
    """Why the input (or a guest of it) can not be seated; the app translates the code.

    Codes: too_few_seats, too_few_wheelchair_places, too_few_escort_places, too_few_accessible_seats,
    too_few_aisle_seats,
    too_few_sector_seats (need / available, sectors), group_too_long (need = group size, available = longest
    row segment or table), group_no_place (no block meets its members' needs and pins), group_pins_apart,
    pin_unknown_seat, pin_conflict (two guests, one seat), pin_blocked, pin_wheelchair, pin_wheelchair_place,
    pin_no_stairs, pin_aisle, pin_sector, pin_companion, apart_in_group, apart_pins (both pinned side by
    side or at one table), apart_unknown_guest, duplicate_guest, duplicate_seat, presidium_pin (pinned off the
    order; seats = (pinned, the order's seat)), presidium_seat (the order's seat does not suit the guest),
    presidium_apart (the order puts them side by side), no_room (unseated: the seats that suit went to more
    senior guests or to whole groups), protected_unseated (a protected guest left out: rule = the need of
    the seats that were missing, as a shortage's code names it — wheelchair, escort, aisle, sector, or
    "seats" when none was short —, with that shortage's need / available), unknown (the solver proved no
    plan but no single rule explains why). too_few_escort_places: need = wheelchair users with an escort in
    their group, available = wheelchair places with a seat beside them the escort may take.
    A shortage (too_few_*) names in `seats` the seats whose marking would end it, when the hall has them:
    the most honoured seats with stairs (accessible), step-free aisle seats (wheelchair places).
    """

    code: str
    guests: tuple[int, ...] = ()
    seats: tuple[int, ...] = ()
    group: int | None = None
    need: int = 0
    available: int = 0
    sectors: tuple[str, ...] = ()
    rule: str = ""  # presidium_seat: the rule the seat breaks (wheelchair, aisle, sector, ...)


@dataclass(frozen=True)
class Violation:
    code: str
    guest: int | None = None
    seat: int | None = None
    other: int | None = None  # the other guest (seat_taken, apart) or the expected seat (presidium, pinned)
    detail: str = ""


@dataclass(frozen=True)
class Solution:
    status: Status
    assignment: Mapping[int, int]  # guest id -> seat id
    objective: int | None
    bound: int | None
    explanations: tuple[Explanation, ...]
    unseated: tuple[Explanation, ...]  # allow_partial: one per guest without a seat
    seconds: float
    variables: int = 0  # size of the last CP-SAT model solved (hall), neighbourhoods searched (banquet)


# ------------------------------------------------------------------------------------- weights, orders


def weights(guests: Iterable[Guest]) -> dict[int, int]:
    """weight(g) = N + (guests junior to g) - (guests senior to g): 1 .. 2N - 1, equal for equal ranks."""
    guests = list(guests)
    n = len(guests)
    ranks = sorted(g.rank for g in guests)
    return {g.id: n + (n - bisect_right(ranks, g.rank)) - bisect_left(ranks, g.rank) for g in guests}


def precedence(guests: Iterable[Guest]) -> list[Guest]:
    """Most senior first; equal ranks by id."""
    return sorted(guests, key=lambda g: (g.rank, g.id))


def centre_out(count: int) -> list[int]:
    """Presidium positions (x = 0 .. count-1, growing to the right of those seated) from the most honoured.

    Odd count: the centre, then right and left of it alternately; even: the seat right of the (imaginary)
    centre, then left of it, then right and left alternately outwards.
    """
    if count <= 0:
        return []
    right = count // 2
    if count % 2:
        order = [right]
        left, right = right - 1, right + 1
    else:
        order, left = [], right - 1
    while len(order) < count:
        order.append(right)
        right += 1
        if len(order) < count:
            order.append(left)
            left -= 1
    return order


def axis_ranks(xs: Sequence[float], axis: float) -> list[int]:
    """The rank of each position of a hall's row (x growing to the sitter's right) from the most honoured,
    0: the nearest the central axis first, at equal distance the one to the sitter's right (as centre_out())."""
    order = sorted(range(len(xs)), key=lambda i: (abs(xs[i] - axis), -xs[i], i))
    ranks = [0] * len(xs)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def hall_honour(rows: Sequence[Sequence[float]], axis: float) -> list[list[tuple[int, int]]]:
    """Protocol honour of a hall's rows (front first; each row the x of its seats) as (honour, place):
    every row a level of its own, front to back (honour = rows - row index), and in a row the places from
    the hall's central axis outwards (place = row length - axis_ranks()). Seat.honour and Seat.place."""
    return [[(len(rows) - r, len(xs) - rank) for rank in axis_ranks(xs, axis)] for r, xs in enumerate(rows)]


def around(count: int, host: int = 0) -> list[int]:
    """Seats of a table (x = 0 .. count-1 round it, growing to the sitter's right) from the most honoured:
    the host, the seat to the host's right, to the left, then alternately farther away."""
    order = [host % count] if count else []
    step = 1
    while len(order) < count:
        for p in ((host + step) % count, (host - step) % count):
            if p not in order and len(order) < count:
                order.append(p)
        step += 1
    return order
