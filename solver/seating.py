"""Seating plans: who sits where at a ceremony — in a hall, at a presidium, at banquet tables.

API
---
    Instance(seats, guests, layout=Layout.HALL, apart_pairs=(), sector_categories={}, allow_partial=False)
    solve(instance, time_limit=10.0, *, workers=2, on_progress=None) -> Solution
    validate(instance, assignment) -> list[Violation]      # every hard rule, independent of the solver
    explain(instance) -> list[Explanation]                   # what makes the input impossible on its face
    score(instance, assignment) -> int                       # the objective of any plan (a hand-made one too)
    weights(guests) -> {guest: weight};  centre_out(n), around(n): honour orders the app may use

A Solution has status (cpsat.Status: optimal / feasible / infeasible / timeout), assignment (guest id ->
seat id), objective and bound (see below), explanations (INFEASIBLE always has some), unseated (allow_partial:
one Explanation per guest left without a seat, naming them and the reason) and seconds. on_progress(objective,
bound) hears of every better plan. Explanations and violations are codes plus ids and numbers: the app
translates them («1 467 гостей, 1 339 мест: не хватает 128» is Explanation("too_few_seats", need=1467,
available=1339)).

What the app provides
---------------------
Seat: id; zone (section, printed only); row label and row_index (0 = the front row); x, the position in the
row, growing to the *sitter's* right (in the hall: the audience's right; at a presidium: the right of those on
it, facing the hall; at a table: the next seat to the sitter's right); segment, the id of a run of seats between
two aisles (unique in the hall: groups never cross it, and seats are side by side only inside one); honour,
higher = more honoured, derived by the app from the layout (hall: by row, then by distance from the central
axis; presidium: centre_out(); tables: head table first, at each table around() from the host); wheelchair (a
wheelchair place: for wheelchair users only), companion (beside a wheelchair place: only for a member of a
group that has a wheelchair user), aisle, step_free (reachable without stairs), restricted_view (not used by
the solver: give such seats a low honour), blocked (stays empty); table (banquet seats); sector (for category
restrictions).
Guest: id, name, rank (precedence: lower = more senior; equal ranks are broken by id), category, needs
(wheelchair, no_stairs -> a step-free seat or a wheelchair place, aisle), sectors (the sectors they may sit in;
empty = any), pinned (a seat id that is kept), group (delegation, family, escort + veteran, interpreter +
guest). Instance.sector_categories maps a sector to the categories admitted to it (e.g. press -> {press});
sectors not listed admit everyone. apart_pairs: guests who must not sit side by side nor at one table.

Hard rules (validate() checks each): every guest seated (unless allow_partial), one guest per seat, known
ids; no one on a blocked seat; wheelchair users on wheelchair places and only they there; no_stairs on
step-free seats; aisle on aisle seats; sectors; companion seats; pins; a group side by side in one row segment
without a gap (hall) or at one table (banquet), and with allow_partial seated whole or not at all; apart
pairs not side by side and not at one table; presidium: the k-th most senior in the k-th most honoured seat.

The objective (maximised)
-------------------------
    sum over seated guests of honour'(seat) * weight(guest)
honour' is the seat's honour shifted so that the least honoured usable seat counts 1; weight(g) = N +
(guests junior to g) - (guests senior to g), N the number of guests: from 1 (the most junior) to 2N - 1.
Equal ranks weigh the same, so the sum equals N * (honour' of the seats taken) + the sum over every pair
(senior a, junior b) of honour'(a) - honour'(b): the more honoured seat goes to the more senior guest,
each inversion costing its honour difference. With allow_partial, each unseated guest costs
W_unseated = (largest honour') * (largest weight) more. Among guests the objective can not tell apart
(equal rank and needs), the lower id gets the more honoured seat.

"optimal" means: no plan keeping every hard rule scores higher (proven: the plan reaches the bound).
"bound" is a proven upper limit on the score of any such plan, so (bound - objective) / bound is an honest
gap; FEASIBLE says the gap is open, not that the plan is poor. Ties of the objective are broken as described
per layout (never by chance: the same input gives the same plan, up to CP-SAT's time limit).

How each layout is solved
-------------------------
Presidium: sorting (the k-th most senior to the k-th most honoured seat); when that order breaks a rule
(a pin elsewhere, a seat unsuitable for the guest it falls to, an apart pair side by side) the input is
explained, never silently reordered.

Hall: a *run* is a stretch of free seats side by side in one segment with one honour and one seat class
(the aisle flag of a segment's end seat aside). Inside a run every arrangement of blocks scores the same, so
a block inside a run is only *counted*; blocks crossing runs (an honour or class boundary, a pinned seat)
or needing a run's end (an aisle seat) are explicit placements, their members in the best order (the
sorted one by the rearrangement inequality, unless needs, pins or apart pairs constrain it). Units alike in
size, total weight and needs form one *kind*. The solve:
  1. a constructive plan (units by mean member weight into the best free block);
  2. the configuration LP: per run a pattern (how many units of each kind it holds), plus crossing blocks,
     each kind its count; column generation with GLOP, patterns priced by a bounded knapsack over the run's
     seats. Its Lagrangian dual bound (valid whatever the duals: it relaxes only integrality and apart
     pairs, and a run's patterns are exactly the packings that fit it) is the reported bound;
  3. a dive rounds the LP: fixes the runs' patterns it uses, re-prices, undoes a fix that costs too much;
  4. CP-SAT over the count model (a knapsack per run with Chvatal-Gomory cuts, crossing blocks each seat
     once, apart pairs among them) settles the runs the dive left open, hinted with the plan in hand; with
     no run settled its own bound (for the whole model) counts too;
  5. the arrangement: units take their places most senior first (the most honoured run, then the front-most,
     the nearest the central axis); inside a run the more senior unit, and in a block the more senior
     member, sits nearer the axis (ties of honour broken, the score unchanged); an apart pair left side by
     side is solved by searching the segment's arrangements (exhaustive for groups of up to five), or else
     that configuration is cut off and CP-SAT runs again.
The model is small when honours are few levels (a zone of rows and segments); with a different honour
for every seat every block crosses runs and the model holds a placement per block offset (slow, but exact).

Banquet: a constructive plan (units by seniority to the table with the best free seats, singles to the
best free seat; a small CP-SAT packing model if that fails), then large-neighbourhood search: a few tables
at a time are emptied and refilled optimally by CP-SAT (guest x seat on those tables), accepted when not
worse. The bound is the relaxation without groups and apart pairs (sorting within accessibility classes).
"""

from __future__ import annotations

import itertools
import math
import random
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ortools.graph.python import linear_sum_assignment
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.cpsat import Penalties, Run, Status
from solver.seating_polish import Market, polish

__all__ = [
    "Explanation", "Guest", "Instance", "Layout", "Seat", "Solution", "Status", "Violation",
    "around", "centre_out", "explain", "score", "solve", "validate", "weights",
]


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

    Codes: too_few_seats, too_few_wheelchair_places, too_few_accessible_seats, too_few_aisle_seats,
    too_few_sector_seats (need / available, sectors), group_too_long (need = group size, available = longest
    row segment or table), group_no_place (no block meets its members' needs and pins), group_pins_apart,
    pin_unknown_seat, pin_conflict (two guests, one seat), pin_blocked, pin_wheelchair, pin_wheelchair_place,
    pin_no_stairs, pin_aisle, pin_sector, pin_companion, apart_in_group, apart_pins (both pinned side by
    side or at one table), apart_unknown_guest, duplicate_guest, duplicate_seat, presidium_pin (pinned off the
    order; seats = (pinned, the order's seat)), presidium_seat (the order's seat does not suit the guest),
    presidium_apart (the order puts them side by side), no_room (unseated: the seats that suit went to more
    senior guests or to whole groups), unknown (the solver proved no plan but no single rule explains why).
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


# ----------------------------------------------------------------------------------- objective, orders


def weights(guests: Iterable[Guest]) -> dict[int, int]:
    """weight(g) = N + (guests junior to g) - (guests senior to g): 1 .. 2N - 1, equal for equal ranks."""
    guests = list(guests)
    n = len(guests)
    ranks = sorted(g.rank for g in guests)
    return {g.id: n + (n - bisect_right(ranks, g.rank)) - bisect_left(ranks, g.rank) for g in guests}


def _shifted(seats: Iterable[Seat]) -> dict[int, int]:
    seats = list(seats)
    usable = [s.honour for s in seats if not s.blocked]
    low = min(usable, default=0)
    return {s.id: s.honour - low + 1 for s in seats}


def _unseated_weight(honour: Mapping[int, int], weight: Mapping[int, int]) -> int:
    return max(honour.values(), default=1) * max(weight.values(), default=1)


def score(instance: Instance, assignment: Mapping[int, int]) -> int:
    """The objective of a plan (see the module docstring); seats and guests it does not know count nothing."""
    honour = _shifted(instance.seats)
    weight = weights(instance.guests)
    total = sum(honour[s] * weight[g] for g, s in assignment.items() if g in weight and s in honour)
    if instance.allow_partial:
        total -= _unseated_weight(honour, weight) * sum(1 for g in weight if g not in assignment)
    return total


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


# ------------------------------------------------------------------------------------------ validate()


def validate(instance: Instance, assignment: Mapping[int, int]) -> list[Violation]:
    """Every hard rule re-checked from the data alone (it shares no code with the solver); [] when all kept."""
    seats = {s.id: s for s in instance.seats}
    guests = {g.id: g for g in instance.guests}
    found: list[Violation] = []
    placed: dict[int, Seat] = {}
    holder: dict[int, int] = {}
    for gid, sid in assignment.items():
        if gid not in guests:
            found.append(Violation("unknown_guest", gid, sid))
        elif sid not in seats:
            found.append(Violation("unknown_seat", gid, sid))
        elif sid in holder:
            found.append(Violation("seat_taken", gid, sid, holder[sid]))
        else:
            holder[sid] = gid
            placed[gid] = seats[sid]
    for g in instance.guests:
        seat = placed.get(g.id)
        if seat is None:
            if not instance.allow_partial:
                found.append(Violation("unseated", g.id))
            continue
        found += _seat_rules(instance, g, seat, guests)
        if g.pinned is not None and g.pinned != seat.id:
            found.append(Violation("pinned", g.id, seat.id, g.pinned, "not on the pinned seat"))
    order = _segment_order(instance.seats)
    if instance.layout != Layout.PRESIDIUM:
        found += _group_rules(instance, placed, order)
    found += _apart_rules(instance, placed, order)
    if instance.layout == Layout.PRESIDIUM:
        found += _presidium_rule(instance, placed)
    return found


def _seat_rules(instance: Instance, g: Guest, s: Seat, guests: Mapping[int, Guest]) -> list[Violation]:
    found = []

    def broken(code: str, detail: str = "") -> None:
        found.append(Violation(code, g.id, s.id, None, detail))

    if s.blocked:
        broken("blocked")
    if g.wheelchair and not s.wheelchair:
        broken("wheelchair", "a wheelchair user off a wheelchair place")
    if s.wheelchair and not g.wheelchair:
        broken("wheelchair_place", "a wheelchair place for someone else")
    if g.no_stairs and not (s.step_free or s.wheelchair):
        broken("no_stairs")
    if g.aisle and not s.aisle:
        broken("aisle")
    if g.sectors and s.sector not in g.sectors:
        broken("sector", f"sector {s.sector!r} not among the guest's")
    admitted = instance.sector_categories.get(s.sector)
    if admitted is not None and g.category not in admitted:
        broken("sector", f"sector {s.sector!r} not for category {g.category!r}")
    if s.companion and not (g.group is not None and any(
            o.wheelchair for o in guests.values() if o.group == g.group and o.id != g.id)):
        broken("companion", "a companion seat for a guest without a wheelchair user in the group")
    return found


def _segment_order(seats: Iterable[Seat]) -> dict[int, tuple[int, int]]:
    """seat id -> (segment, index in it by x): side by side = same segment, indices one apart."""
    by_segment: dict[int, list[Seat]] = defaultdict(list)
    for s in seats:
        if s.table is None:
            by_segment[s.segment].append(s)
    out = {}
    for seg, row in by_segment.items():
        for i, s in enumerate(sorted(row, key=lambda s: (s.x, s.id))):
            out[s.id] = (seg, i)
    return out


def _group_rules(instance: Instance, placed: Mapping[int, Seat],
                 order: Mapping[int, tuple[int, int]]) -> list[Violation]:
    found = []
    groups: dict[int, list[Guest]] = defaultdict(list)
    for g in instance.guests:
        if g.group is not None:
            groups[g.group].append(g)
    for gid, members in groups.items():
        if len(members) < 2:
            continue
        seated = [m for m in members if m.id in placed]
        if not seated:
            continue
        first = seated[0]
        if len(seated) < len(members):
            missing = next(m for m in members if m.id not in placed)
            found.append(Violation("group", missing.id, None, first.id, f"group {gid} seated in part"))
        seats = [placed[m.id] for m in seated]
        if any(s.table is not None for s in seats):
            if len({s.table for s in seats}) > 1:
                found.append(Violation("group", first.id, placed[first.id].id, None, f"group {gid} at several tables"))
            continue
        spots = [order[s.id] for s in seats]
        if len({seg for seg, _i in spots}) > 1:
            found.append(Violation("group", first.id, placed[first.id].id, None, f"group {gid} across aisles or rows"))
            continue
        idx = sorted(i for _seg, i in spots)
        if idx[-1] - idx[0] + 1 != len(idx):
            found.append(Violation("group", first.id, placed[first.id].id, None, f"group {gid} not side by side"))
    return found


def _apart_rules(instance: Instance, placed: Mapping[int, Seat],
                 order: Mapping[int, tuple[int, int]]) -> list[Violation]:
    found = []
    for a, b in instance.apart_pairs:
        sa, sb = placed.get(a), placed.get(b)
        if sa is None or sb is None:
            continue
        if sa.table is not None and sa.table == sb.table:
            found.append(Violation("apart", a, sa.id, b, "at one table"))
        elif sa.id in order and sb.id in order:
            (seg_a, ia), (seg_b, ib) = order[sa.id], order[sb.id]
            if seg_a == seg_b and abs(ia - ib) == 1:
                found.append(Violation("apart", a, sa.id, b, "side by side"))
    return found


def _presidium_rule(instance: Instance, placed: Mapping[int, Seat]) -> list[Violation]:
    """The k-th most senior seated guest sits in the k-th most honoured usable seat (ties by id)."""
    seats = sorted((s for s in instance.seats if not s.blocked), key=lambda s: (-s.honour, s.id))
    seated = [g for g in precedence(instance.guests) if g.id in placed]
    found = []
    for k, g in enumerate(seated):
        expected = seats[k] if k < len(seats) else None
        if expected is None or placed[g.id].id != expected.id:
            found.append(Violation("presidium", g.id, placed[g.id].id, expected.id if expected else None,
                                   f"precedence {k + 1} belongs on the {k + 1}-th most honoured seat"))
    return found


# ------------------------------------------------------------------------------------- rules and classes


class _Rules:
    """The instance with the look-ups that explain() and the solvers share (validate() has its own)."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.seats = {s.id: s for s in instance.seats}
        self.guests = {g.id: g for g in instance.guests}
        self.weight = weights(self.guests.values())
        self.honour = _shifted(self.seats.values())
        self.groups: dict[int, list[int]] = defaultdict(list)
        for g in precedence(self.guests.values()):
            if g.group is not None:
                self.groups[g.group].append(g.id)
        self.escorted = {gid for gid, ms in self.groups.items() if any(self.guests[m].wheelchair for m in ms)}
        self.order = _segment_order(self.seats.values())
        self.partners: dict[int, set[int]] = defaultdict(set)
        for a, b in instance.apart_pairs:
            if a in self.guests and b in self.guests and a != b:
                self.partners[a].add(b)
                self.partners[b].add(a)
        self._guest_class: dict[int, int] = {}
        self._seat_class: dict[int, int] = {}
        self.guest_classes: list[tuple] = []
        self.seat_classes: list[tuple] = []
        self.accept: list[list[bool]] = []
        sectors = sorted({s.sector for s in self.seats.values()})
        keys_g: dict[tuple, int] = {}
        for g in self.guests.values():
            allowed = frozenset(sec for sec in sectors if self._sector_ok(g, sec))
            key = (g.wheelchair, g.no_stairs, g.aisle, allowed, g.group in self.escorted and not g.wheelchair)
            self._guest_class[g.id] = keys_g.setdefault(key, len(keys_g))
        keys_s: dict[tuple, int] = {}
        for s in self.seats.values():
            seat_key = (s.blocked, s.wheelchair, s.step_free or s.wheelchair, s.aisle, s.sector, s.companion)
            self._seat_class[s.id] = keys_s.setdefault(seat_key, len(keys_s))
        self.guest_classes = list(keys_g)
        self.seat_classes = list(keys_s)
        self.accept = [[not self._refuse(gk, sk) for sk in self.seat_classes] for gk in self.guest_classes]

    def _sector_ok(self, g: Guest, sector: str) -> bool:
        if g.sectors and sector not in g.sectors:
            return False
        admitted = self.instance.sector_categories.get(sector)
        return admitted is None or g.category in admitted

    @staticmethod
    def _refuse(gk: tuple, sk: tuple) -> str:
        wheelchair, no_stairs, aisle, allowed, companion_ok = gk
        blocked, place, step_free, is_aisle, sector, companion = sk
        if blocked:
            return "blocked"
        if wheelchair and not place:
            return "wheelchair"
        if place and not wheelchair:
            return "wheelchair_place"
        if no_stairs and not step_free:
            return "no_stairs"
        if aisle and not is_aisle:
            return "aisle"
        if sector not in allowed:
            return "sector"
        if companion and not companion_ok:
            return "companion"
        return ""

    def gclass(self, guest: int) -> int:
        return self._guest_class[guest]

    def sclass(self, seat: int) -> int:
        return self._seat_class[seat]

    def refusal(self, guest: int, seat: int) -> str:
        """'' when the seat suits the guest, else the rule it breaks."""
        return self._refuse(self.guest_classes[self.gclass(guest)], self.seat_classes[self.sclass(seat)])

    def suits(self, guest: int, seat: int) -> bool:
        return self.accept[self.gclass(guest)][self.sclass(seat)]

    def side_by_side(self, a: int, b: int) -> bool:
        sa, sb = self.seats[a], self.seats[b]
        if sa.table is not None or sb.table is not None:
            return False
        (seg_a, ia), (seg_b, ib) = self.order[a], self.order[b]
        return seg_a == seg_b and abs(ia - ib) == 1

    def together(self, a: int, b: int) -> bool:
        """Seats a and b break an apart pair: side by side, or at one table."""
        ta, tb = self.seats[a].table, self.seats[b].table
        return (ta is not None and ta == tb) or self.side_by_side(a, b)


# ------------------------------------------------------------------------------------------ explain()


def explain(instance: Instance) -> list[Explanation]:
    """What makes the instance infeasible on its face (no search): counts, pins, groups, apart pairs."""
    found = _duplicates(instance)
    if found:
        return found
    rules = _Rules(instance)
    found += _pin_problems(rules)
    found += _apart_problems(rules)
    found += _capacity(rules)
    if instance.layout == Layout.PRESIDIUM:
        found += _presidium_problems(rules)
    else:
        found += _group_problems(rules)
    return found


def _duplicates(instance: Instance) -> list[Explanation]:
    found = []
    for code, ids in (("duplicate_guest", [g.id for g in instance.guests]),
                      ("duplicate_seat", [s.id for s in instance.seats])):
        seen: set[int] = set()
        for i in ids:
            if i in seen:
                found.append(Explanation(code, guests=(i,)) if code == "duplicate_guest" else
                             Explanation(code, seats=(i,)))
            seen.add(i)
    return found


def _pin_problems(rules: _Rules) -> list[Explanation]:
    found = []
    holders: dict[int, list[int]] = defaultdict(list)
    for g in precedence(rules.guests.values()):
        if g.pinned is None:
            continue
        if g.pinned not in rules.seats:
            found.append(Explanation("pin_unknown_seat", guests=(g.id,), seats=(g.pinned,)))
            continue
        holders[g.pinned].append(g.id)
        why = rules.refusal(g.id, g.pinned)
        if why:
            found.append(Explanation(f"pin_{why}", guests=(g.id,), seats=(g.pinned,),
                                     sectors=(rules.seats[g.pinned].sector,) if why == "sector" else ()))
    for seat, gs in holders.items():
        if len(gs) > 1:
            found.append(Explanation("pin_conflict", guests=tuple(gs), seats=(seat,)))
    return found


def _apart_problems(rules: _Rules) -> list[Explanation]:
    found = []
    hall = rules.instance.layout == Layout.HALL
    for a, b in rules.instance.apart_pairs:
        if a not in rules.guests or b not in rules.guests or a == b:
            found.append(Explanation("apart_unknown_guest", guests=(a, b)))
            continue
        ga, gb = rules.guests[a], rules.guests[b]
        if (ga.group is not None and ga.group == gb.group and rules.instance.layout != Layout.PRESIDIUM
                and not (hall and len(rules.groups[ga.group]) > 2)):
            found.append(Explanation("apart_in_group", guests=(a, b), group=ga.group))
        pa, pb = ga.pinned, gb.pinned
        if pa in rules.seats and pb in rules.seats and pa != pb and rules.together(pa, pb):
            found.append(Explanation("apart_pins", guests=(a, b), seats=(pa, pb)))
    return found


_SHORTAGE = {"wheelchair": "too_few_wheelchair_places", "no_stairs": "too_few_accessible_seats",
             "aisle": "too_few_aisle_seats", "sector": "too_few_sector_seats"}


def _capacity(rules: _Rules) -> list[Explanation]:
    """Hall's condition for each set of seats some guests are confined to: need <= available.

    The sets are those accepted by one guest class; the whole house is the set of seats not blocked. A set
    that takes in every seat an unrestricted guest accepts reports as too_few_seats, once (the worst).
    """
    guests = list(rules.guests.values())
    seats = [s for s in rules.seats.values() if not s.blocked]
    found = []
    if len(guests) > len(seats):
        found.append(Explanation("too_few_seats", need=len(guests), available=len(seats)))
    per_class: dict[int, list[int]] = defaultdict(list)
    for g in guests:
        per_class[rules.gclass(g.id)].append(g.id)
    seat_count: dict[int, int] = defaultdict(int)
    for s in seats:
        seat_count[rules.sclass(s.id)] += 1
    accepted = {c: frozenset(k for k in seat_count if rules.accept[c][k]) for c in per_class}
    worst: Explanation | None = None
    confined = {c for c, gs in per_class.items() if any(rules.guests[g].sectors for g in gs)}
    for c, pool in sorted(accepted.items(), key=lambda i: (len(i[1]), i[0])):
        need = [g for d, gs in per_class.items() if accepted[d] <= pool for g in gs]
        available = sum(seat_count[k] for k in pool)
        if len(need) <= available:
            continue
        wheelchair, no_stairs, aisle, allowed, _companion = rules.guest_classes[c]
        all_sectors = {s.sector for s in seats}
        code = ("wheelchair" if wheelchair else "no_stairs" if no_stairs else "aisle" if aisle
                else "sector" if c in confined and not all_sectors <= allowed else "")
        if code:
            found.append(Explanation(_SHORTAGE[code], guests=tuple(sorted(per_class[c])), need=len(need),
                                     available=available, sectors=tuple(sorted(allowed)) if code == "sector" else ()))
        elif (not found or found[0].code != "too_few_seats") and (
                worst is None or len(need) - available > worst.need - worst.available):
            worst = Explanation("too_few_seats", need=len(need), available=available)
    if worst is not None:
        found.insert(0, worst)
    return found


def _group_problems(rules: _Rules) -> list[Explanation]:
    found = []
    banquet = rules.instance.layout == Layout.BANQUET
    if banquet:
        room: dict[int, int] = defaultdict(int)
        for s in rules.seats.values():
            if s.table is not None and not s.blocked:
                room[s.table] += 1
        longest = max(room.values(), default=0)
    else:
        longest = max((len(r) for r in _runs(rules)), default=0)
    for gid, members in rules.groups.items():
        if len(members) < 2:
            continue
        if len(members) > longest:
            found.append(Explanation("group_too_long", guests=tuple(members), group=gid, need=len(members),
                                     available=longest))
            continue
        pins = [p for m in members if (p := rules.guests[m].pinned) is not None and p in rules.seats]
        if pins and _pins_apart(rules, pins, len(members), banquet):
            found.append(Explanation("group_pins_apart", guests=tuple(members), seats=tuple(pins), group=gid))
        elif not _has_place(rules, members, banquet):
            found.append(Explanation("group_no_place", guests=tuple(members), group=gid, need=len(members)))
    return found


def _runs(rules: _Rules) -> list[list[int]]:
    """Runs of seats (ids) side by side and not blocked, in each segment of the hall."""
    by_seg: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sid, (seg, i) in rules.order.items():
        by_seg[seg].append((i, sid))
    runs = []
    for cells in by_seg.values():
        run: list[int] = []
        for _i, sid in sorted(cells):
            if rules.seats[sid].blocked:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(sid)
        if run:
            runs.append(run)
    return runs


def _pins_apart(rules: _Rules, pins: list[int], size: int, banquet: bool) -> bool:
    if banquet:
        return len({rules.seats[p].table for p in pins}) > 1
    if any(p not in rules.order for p in pins):
        return True
    spots = [rules.order[p] for p in pins]
    if len({s[0] for s in spots}) > 1:
        return True
    idx = [s[1] for s in spots]
    return max(idx) - min(idx) + 1 > size


def _has_place(rules: _Rules, members: list[int], banquet: bool) -> bool:
    """Some table (banquet) or block of a segment (hall) seats every member on a seat that suits them."""
    pinned = {m: p for m in members if (p := rules.guests[m].pinned) is not None and p in rules.seats}
    if banquet:
        tables: dict[int, list[int]] = defaultdict(list)
        for s in rules.seats.values():
            if s.table is not None:
                tables[s.table].append(s.id)
        return any(_matchable(rules, members, seats, pinned) for seats in tables.values())
    for run in _runs(rules):
        for start in range(len(run) - len(members) + 1):
            if _matchable(rules, members, run[start:start + len(members)], pinned):
                return True
    return False


def _matchable(rules: _Rules, members: list[int], seats: list[int], pinned: Mapping[int, int]) -> bool:
    """A perfect matching of members to (a subset of) seats on suitable seats (Kuhn's augmenting paths)."""
    if len(seats) < len(members):
        return False
    options = {m: [s for s in seats if rules.suits(m, s) and pinned.get(m, s) == s] for m in members}
    owner: dict[int, int] = {}

    def augment(m: int, seen: set[int]) -> bool:
        for s in options[m]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = m
                return True
        return False

    return all(augment(m, set()) for m in sorted(members, key=lambda m: len(options[m])))


def _presidium_problems(rules: _Rules) -> list[Explanation]:
    found = []
    seats = sorted((s for s in rules.seats.values() if not s.blocked), key=lambda s: (-s.honour, s.id))
    order = precedence(rules.guests.values())
    at = {}
    for g, s in zip(order, seats, strict=False):
        at[g.id] = s.id
        if g.pinned is not None and g.pinned in rules.seats and g.pinned != s.id:
            found.append(Explanation("presidium_pin", guests=(g.id,), seats=(g.pinned, s.id)))
        why = rules.refusal(g.id, s.id)
        if why and (g.pinned is None or g.pinned == s.id):
            found.append(Explanation("presidium_seat", guests=(g.id,), seats=(s.id,), rule=why))
    for a, b in rules.instance.apart_pairs:
        if a in at and b in at and rules.together(at[a], at[b]):
            found.append(Explanation("presidium_apart", guests=(a, b), seats=(at[a], at[b])))
    return found


# -------------------------------------------------------------------------------------------- solving


@dataclass
class _Budget:
    started: float
    deadline: float
    workers: int
    on_progress: Callable[[int, int], None] | None

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def _dot(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(x * y for x, y in zip(a, b, strict=False))


def _best_order(ws: Sequence[int], options: Sequence[Sequence[int] | None], hs: Sequence[int],
                internal: Sequence[tuple[int, int]] = ()) -> tuple[int, tuple[int, ...]] | None:
    """The best seating of members (weights ws, most senior first) on the positions of a block (honours hs).

    options[m]: the positions member m may take (None: any); internal: member pairs not side by side.
    Returns (value, position of each member) or None. Members free to sit anywhere take the positions left
    in order of honour (the rearrangement inequality); the others are enumerated.
    """
    n, members = len(hs), len(ws)
    by_honour = sorted(range(n), key=lambda j: (-hs[j], j))
    bound = sorted({m for m in range(members) if options[m] is not None} | {m for p in internal for m in p})
    if not bound:
        return sum(w * hs[j] for w, j in zip(ws, by_honour, strict=False)), tuple(by_honour[:members])
    choices = [tuple(o) if (o := options[m]) is not None else tuple(range(n)) for m in bound]
    if any(not c for c in choices):
        return None
    if not internal and members == n and math.prod(len(c) for c in choices) > 5000:
        return _assignment(ws, options, hs)
    flexible = [m for m in range(members) if m not in set(bound)]
    clash = defaultdict(list)
    for a, b in internal:
        clash[a].append(b)
        clash[b].append(a)
    pos = [-1] * members
    used = [False] * n
    best: list = [None, None]

    def rec(k: int, value: int) -> None:
        if k == len(bound):
            rest = [j for j in by_honour if not used[j]]
            total = value + sum(ws[m] * hs[j] for m, j in zip(flexible, rest, strict=False))
            if best[0] is None or total > best[0]:
                for m, j in zip(flexible, rest, strict=False):
                    pos[m] = j
                best[0], best[1] = total, tuple(pos)
                for m in flexible:
                    pos[m] = -1
            return
        m = bound[k]
        for j in choices[k]:
            if used[j] or any(pos[o] >= 0 and abs(pos[o] - j) == 1 for o in clash.get(m, ())):
                continue
            used[j], pos[m] = True, j
            rec(k + 1, value + ws[m] * hs[j])
            used[j], pos[m] = False, -1

    rec(0, 0)
    return None if best[0] is None else (best[0], best[1])


def _assignment(ws: Sequence[int], options: Sequence[Sequence[int] | None],
                hs: Sequence[int]) -> tuple[int, tuple[int, ...]] | None:
    n = len(ws)
    lsa = linear_sum_assignment.SimpleLinearSumAssignment()
    for m in range(n):
        for j in (o if (o := options[m]) is not None else range(n)):
            lsa.add_arc_with_cost(m, j, -ws[m] * hs[j])
    if lsa.solve() != lsa.OPTIMAL:
        return None
    pos = tuple(lsa.right_mate(m) for m in range(n))
    return sum(ws[m] * hs[pos[m]] for m in range(n)), pos


class _Type:
    """Units (a group, or one guest) alike in member weights and needs: one type, `count` of them.

    A type with a pin, an apart pair or an inner apart pair holds one unit (its members' places matter).
    """

    __slots__ = ("ws", "cls", "units", "pins", "apart", "internal", "uniform", "special", "size", "windows", "kind")

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

    @property
    def count(self) -> int:
        return len(self.units)


class _Kind:
    """Types alike inside a run of equal honour: same size, total weight and member needs (a pinned or
    apart type is a kind of its own). Inside a run any of them scores honour x total weight."""

    __slots__ = ("size", "weight", "needs", "types", "count", "pinned")

    def __init__(self, size: int, weight: int, needs: tuple[int, ...], pinned: bool) -> None:
        self.size, self.weight, self.needs, self.pinned = size, weight, needs, pinned
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
        self.penalty = _unseated_weight(rules.honour, weight)
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
            key: tuple = ("unit", members[0]) if special else (ws, cls)
            if key not in keys:
                keys[key] = len(self.types)
                t = _Type(ws, cls)
                t.pins, t.apart, t.internal, t.special = pins, apart, internal, special
                self.types.append(t)
            self.types[keys[key]].units.append(tuple(members))
        self.kinds: list[_Kind] = []
        kind_keys: dict[tuple, int] = {}
        for ti, t in enumerate(self.types):
            kind_key: tuple = ("unit", ti) if t.special else (t.size, sum(t.ws), tuple(sorted(t.cls)))
            if kind_key not in kind_keys:
                kind_keys[kind_key] = len(self.kinds)
                self.kinds.append(_Kind(t.size, sum(t.ws), tuple(sorted(set(t.cls))), bool(t.pins)))
            k = self.kinds[kind_keys[kind_key]]
            k.types.append(ti)
            k.count += t.count
            t.kind = kind_keys[kind_key]
        self._make_runs()
        self.sizes = sorted({t.size for t in self.types})
        self._runs_cache: dict[tuple[int, int], dict[int, list[int]]] = {}
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
        accept = self.rules.accept
        return (not kind.pinned and kind.size <= run.size
                and all(accept[c][s] for c in kind.needs for s in run.classes))

    def sorting_bound(self) -> int:
        """The units' weights against the free seats' honours, best with best: blind to groups and needs, so
        no plan scores more."""
        ws = sorted((w for t in self.types for _u in t.units for w in t.ws), reverse=True)
        hs = sorted((self.h[i] for i in range(len(self.sid)) if self.free[i]), reverse=True)
        return sum(w * h for w, h in zip(ws, hs, strict=False))

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
        found = _best_order(t.ws, options, hs, t.internal)
        if found is None:
            return None
        return found[0], tuple(seats[j] for j in found[1])

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
                for r in {self.run_of[i] for i in cells if i in self.run_of}:
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
        """Units by density (pinned types and `first` types before) into the best free block or seat.

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
                       key=lambda u: (u[0] not in first, not self.types[u[0]].pins, -self.density(u[0]), u))
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
        ranked = sorted(((_dot(ws, self.top[seg, size]), seg) for seg in self.starts(t.cls[0], size)), reverse=True)
        best = None
        for bound, seg in ranked:
            if best is not None and bound <= best[0]:
                break
            cells = self.cells[seg]
            for j in self.starts(t.cls[0], size)[seg]:
                block = cells[j:j + size]
                if any(taken[i] for i in block):
                    continue
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
        for r, held in (fixed or {}).items():  # runs whose content a dive settled
            for (k, rr), v in counts.items():
                if rr == r:
                    model.add(v == held.get(k, 0))
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
                penalties.add("unseated", self.penalty * kind.size, short)
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
        result = _run(model, penalties, seconds, budget.workers, on_solution)
        if result.objective is None:
            return None, result.status
        solver = result.solver
        plan = _Plan({k: solver.value(v) for k, v in counts.items() if solver.value(v)},
                     [w for n, w in enumerate(windows) if solver.value(y[n])],
                     ceiling - result.objective, ceiling - (result.bound or 0), result.status)
        plan.value = (sum(self.runs[r].honour * self.kinds[k].weight * c for (k, r), c in plan.counts.items())
                      + sum(w[2] for w in plan.windows)
                      - sum(self.penalty * self.kinds[k].size * solver.value(s) for k, s in shorts.items()))
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


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[int, int], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(round(self.objective_value), _ceil(self.best_objective_bound))


def _ceil(x: float) -> int:
    """A safe integer lower bound of an integer objective from CP-SAT's double (presolve may rescale it)."""
    return math.ceil(x - 1e-6 * max(1.0, abs(x)))


def _run(model: cp_model.CpModel, penalties: Penalties, seconds: float, workers: int,
         on_solution: Callable[[int, int], None] | None) -> Run:
    """cpsat.run_with, but the objective rounded and the bound taken safely: CP-SAT reports an integer
    objective as a double after rescaling it (6.999999999999999 for 7), which int() would truncate."""
    model.minimize(penalties.objective())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    started = time.perf_counter()
    code = solver.solve(model, _Progress(on_solution) if on_solution else None)
    status = {cp_model.OPTIMAL: Status.OPTIMAL, cp_model.FEASIBLE: Status.FEASIBLE,
              cp_model.INFEASIBLE: Status.INFEASIBLE}.get(code, Status.TIMEOUT)
    found = status in (Status.OPTIMAL, Status.FEASIBLE)
    return Run(status, solver, round(solver.objective_value) if found else None,
               _ceil(solver.best_objective_bound) if found else None, time.perf_counter() - started)


@dataclass
class _Plan:
    counts: dict[tuple[int, int], int]  # (kind, run) -> units of the kind inside the run
    windows: list[Window]  # crossing blocks chosen
    value: int
    bound: int
    status: Status
    window_index: set[int] = field(default_factory=set)


@dataclass
class _Result:
    assignment: dict[int, int]
    left: list[tuple[int, ...]]  # units without a seat (allow_partial, or no plan found)
    value: int | None  # the objective (with the pinned singles)
    bound: int | None
    status: Status
    variables: int = 0


def _solve_hall(rules: _Rules, guests: Sequence[int], partial: bool, budget: _Budget) -> _Result:
    """The configuration LP gives the bound and, by diving, a plan; CP-SAT then settles what the dive left
    (and every apart pair among crossing blocks); the arrangement seats each unit inside its run."""
    hall = _Hall(rules, guests, partial)
    placed, left = hall.construct()
    if partial:
        placed, left = _seniors_first(hall, placed, left)
    for _attempt in range(0 if partial else 2):
        if not left:
            break
        placed, left = hall.construct(first=left)
    windows = hall.crossing()
    fixed = hall.fixed_value
    limit = budget.deadline - budget.started
    best_bound: list[float] = [math.inf]

    settled: dict[int, dict[int, int]] = {}

    def report(value: int, bound: int) -> None:
        if budget.on_progress:  # with runs settled by a dive CP-SAT's bound holds for those plans only
            budget.on_progress(value + fixed, (_floor(best_bound[0]) if settled else min(bound, _floor(best_bound[0])))
                               + fixed)

    best_bound[0] = hall.sorting_bound()
    if not left or partial:  # the constructive plan at once (its score; the bound of sorting, valid)
        report(_constructed_value(hall, placed, left), best_bound[0])
    small = sum(1 for kind in hall.kinds for run in hall.runs if hall.eligible(kind, run)) + len(windows) <= SMALL_MODEL
    master = _Master(hall, windows)
    for r, pattern in _patterns_of(hall, placed).items():
        master.add(r, pattern)
    if not small and master.converge(budget.started + LP_SHARE * limit):
        best_bound[0] = min(best_bound[0], master.bound)
        master.dive(budget.started + DIVE_SHARE * limit, DIVE_DROP)
        counts, _chosen = master.plan()
        for r in master.fixed:
            settled[r] = {k: c for (k, rr), c in counts.items() if rr == r}
    hint: Sequence[Window] | _Plan = placed
    cuts: list[tuple] = []
    status = Status.TIMEOUT
    for _round in range(ARRANGE_ROUNDS + 1):
        plan, status = hall.search(windows, hint, cuts, budget, max(0.5, budget.left()), report, settled)
        if plan is None and settled:
            settled = {}  # the dive's runs admit no plan with the apart pairs: search everything
            plan, status = hall.search(windows, hint, cuts, budget, max(0.5, budget.left()), report)
        if plan is None:
            break
        assignment, left_units, failing = hall.arrange(plan)
        if not failing:
            bound = min(_floor(best_bound[0]), plan.bound if not settled else _floor(best_bound[0]))
            bound = max(bound, plan.value)
            proven = plan.value >= bound or (plan.status == Status.OPTIMAL and not settled)
            return _Result(assignment, left_units, plan.value + fixed, bound + fixed,
                           Status.OPTIMAL if proven else Status.FEASIBLE, hall.variables)
        cuts += [hall.cut(plan, seg, windows) for seg in failing]
        hint = plan
    units = [u for t in hall.types for u in t.units]
    return _Result({}, units, None, None, Status.INFEASIBLE if status == Status.INFEASIBLE and not settled
                   else Status.TIMEOUT, hall.variables)


def _constructed_value(hall: _Hall, placed: Sequence[Window], left: Sequence[int]) -> int:
    """The score of a constructive plan: its placements, less the penalty of the units left without room."""
    return sum(w[2] for w in placed) - sum(hall.penalty * hall.types[ti].size for ti in left)


def _seniors_first(hall: _Hall, placed: list[Window], left: list[int]) -> tuple[list[Window], list[int]]:
    """allow_partial: the constructive plan fills seats by density, so by the time a senior group comes its
    turn the free seats are scattered between singles and it is left out while junior singles sit. Every guest
    left out costs the same, so who sits is decided by density: the groups among the densest units that the
    free seats could hold (counting seats only) go first, each to the best block while blocks are whole, and
    the singles fill around them; groups still left out while a less dense unit sits join them. The best of
    these plans by score is kept (the search then trades seats only for a better plan)."""
    units = sorted(((hall.density(ti), t.size) for ti, t in enumerate(hall.types) for _u in t.units), reverse=True)
    room = sum(1 for i in range(len(hall.sid)) if hall.usable(i))
    cut, held = -math.inf, 0
    for density, size in units:
        held += size
        if held > room:
            cut = density
            break
    best = (placed, left)
    first = {ti for ti, t in enumerate(hall.types) if t.size > 1 and hall.density(ti) > cut}
    for _attempt in range(3):
        if not first:
            break
        got = hall.construct(first=first)
        if _constructed_value(hall, *got) > _constructed_value(hall, *best):
            best = got
        least = min((hall.density(w[0]) for w in got[0]), default=math.inf)
        more = {ti for ti in got[1] if hall.types[ti].size > 1 and hall.density(ti) > least} - first
        if not more:
            break
        first |= more
    return best


SMALL_MODEL = 4000  # count variables and crossing blocks up to which CP-SAT alone proves the plan optimal
LP_SHARE = 0.45  # of the time limit, at most, for the configuration LP
DIVE_SHARE = 0.8  # ... and up to here for rounding it
DIVE_DROP = 2e-4  # a dive step may lose at most this share of the LP value
DIVE_CONFIDENT = 0.75  # fractional columns at least this used are fixed together in one dive step


def _floor(x: float) -> int:
    """An integer upper bound from a float one (the LP's arithmetic is in doubles)."""
    return math.floor(x + 1e-9 * abs(x) + 1e-6) if x < math.inf else 2**62


def _patterns_of(hall: _Hall, placed: Sequence[Window]) -> dict[int, dict[int, int]]:
    """The constructive plan's content of each run, as patterns (the column generation's start)."""
    out: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for ti, members, _v in placed:
        t = hall.types[ti]
        runs = {hall.run_of.get(i, -1) for i in members}
        if len(runs) == 1 and -1 not in runs:
            r = runs.pop()
            if hall.eligible(hall.kinds[t.kind], hall.runs[r]):
                out[r][t.kind] += 1
    return out



class _Master:
    """The configuration LP of the hall: a pattern (how many units of each kind) per run, crossing blocks,
    each kind its count (or left out at a price); solved by column generation with GLOP, patterns priced by
    a bounded knapsack over the run's seats. Its Lagrangian bound is valid for every plan: it relaxes
    only apart pairs and integrality, and each run's patterns are exactly the packings that fit it."""

    def __init__(self, hall: _Hall, windows: Sequence[Window]) -> None:
        self.hall = hall
        self.windows = list(windows)
        kinds, runs = hall.kinds, hall.runs
        self.lp = lp = pywraplp.Solver.CreateSolver("GLOP")
        self.objective = lp.Objective()
        self.objective.SetMaximization()
        inf = lp.infinity()
        self.run_rows = [lp.Constraint(-inf, 1.0) for _ in runs]
        self.kind_rows = [lp.Constraint(k.count, k.count) for k in kinds]
        touched: dict[int, dict[int, int]] = {}
        for n, (_ti, members, _v) in enumerate(windows):
            inside: dict[int, int] = defaultdict(int)
            for i in members:
                if i in hall.run_of:
                    inside[hall.run_of[i]] += 1
            touched[n] = inside
        self.cap_rows = {r: lp.Constraint(-inf, runs[r].size) for n in touched for r in touched[n]}
        self.seat_rows: dict[int, pywraplp.Constraint] = {}
        self.window_vars = []
        for n, (ti, members, value) in enumerate(windows):
            v = lp.NumVar(0.0, 1.0, "")
            self.objective.SetCoefficient(v, value)
            self.kind_rows[hall.types[ti].kind].SetCoefficient(v, 1.0)
            for i in members:
                self.seat_rows.setdefault(i, lp.Constraint(-inf, 1.0)).SetCoefficient(v, 1.0)
            for r, c in touched[n].items():
                self.cap_rows[r].SetCoefficient(v, c)
            self.window_vars.append(v)
        self.window_runs = touched
        self.slack = []
        for k, kind in enumerate(kinds):
            v = lp.NumVar(0.0, kind.count, "")
            self.objective.SetCoefficient(v, self.slack_value(k))
            self.kind_rows[k].SetCoefficient(v, 1.0)
            self.slack.append(v)
        self.patterns: list[dict[tuple[tuple[int, int], ...], pywraplp.Variable]] = [{} for _ in runs]
        self.eligible = [[k for k, kind in enumerate(kinds) if hall.eligible(kind, run)] for run in runs]
        self.profiles: dict[tuple, list[int]] = defaultdict(list)
        for r, run in enumerate(runs):
            self.profiles[run.honour, run.size, tuple(self.eligible[r])].append(r)
        self.fixed: set[int] = set()  # runs whose pattern is fixed
        self.cover = [0] * len(kinds)  # units of each kind in fixed columns
        self.filled: dict[int, int] = defaultdict(int)  # seats of runs taken by fixed columns
        self.seats_fixed: set[int] = set()  # seats of fixed windows
        self.bound = math.inf
        self.rounds = 0

    def slack_value(self, k: int) -> float:
        """A unit of kind k left out: the price of allow_partial, or (a relaxation) far more."""
        hall = self.hall
        return -hall.penalty * hall.kinds[k].size * (1 if hall.partial else 4)

    def add(self, r: int, pattern: Mapping[int, int]) -> bool:
        key = tuple(sorted((k, n) for k, n in pattern.items() if n))
        if key in self.patterns[r]:
            return False
        hall = self.hall
        v = self.lp.NumVar(0.0, 1.0, "")
        self.objective.SetCoefficient(v, sum(hall.runs[r].honour * hall.kinds[k].weight * n for k, n in key))
        self.run_rows[r].SetCoefficient(v, 1.0)
        if r in self.cap_rows:
            self.cap_rows[r].SetCoefficient(v, sum(hall.kinds[k].size * n for k, n in key))
        for k, n in key:
            self.kind_rows[k].SetCoefficient(v, n)
        self.patterns[r][key] = v
        return True

    def solve(self) -> bool:
        return self.lp.Solve() == pywraplp.Solver.OPTIMAL

    def value(self) -> float:
        return self.objective.Value()

    def price(self) -> int:
        """Adds each run's best pattern of positive reduced cost; updates the bound; returns how many."""
        hall = self.hall
        kinds, runs = hall.kinds, hall.runs
        pi = [max(0.0, row.dual_value()) for row in self.run_rows]
        rho = {r: max(0.0, row.dual_value()) for r, row in self.cap_rows.items()}
        mu = [row.dual_value() for row in self.kind_rows]
        sigma = {i: max(0.0, row.dual_value()) for i, row in self.seat_rows.items()}
        bound = (math.fsum(pi) + math.fsum(rho[r] * runs[r].size for r in rho) + math.fsum(sigma.values())
                 + math.fsum(mu[k] * kind.count for k, kind in enumerate(kinds)))
        bound += math.fsum(kind.count * max(0.0, self.slack_value(k) - mu[k]) for k, kind in enumerate(kinds))
        for n, (ti, members, value) in enumerate(self.windows):
            rc = (value - mu[hall.types[ti].kind] - sum(sigma.get(i, 0.0) for i in members)
                  - sum(rho.get(r, 0.0) * c for r, c in self.window_runs[n].items()))
            bound += max(0.0, rc)
        scale = 1e-7 * max(1.0, abs(self.value()))
        offers: list[tuple[float, int, dict[int, int]]] = []
        for (honour, size, eligible), rs in self.profiles.items():
            base = [(honour * kinds[k].weight - mu[k], kinds[k].size, kinds[k].count, k) for k in eligible]
            for r in rs:
                extra = rho.get(r, 0.0)
                items = [(p - extra * s, s, c, k) for p, s, c, k in base if p - extra * s > 1e-9]
                gain, chosen = _knapsack(items, size)
                rc = gain - pi[r]
                bound += max(0.0, rc)
                if rc > scale and r not in self.fixed:
                    offers.append((rc, r, chosen))
        self.bound = min(self.bound, bound)
        return sum(self.add(r, chosen) for _rc, r, chosen in offers)

    def converge(self, until: float) -> bool:
        """Column generation to the LP optimum (or until the time); False when the LP is infeasible."""
        while True:
            if not self.solve():
                return False
            self.rounds += 1
            if not self.price() or time.perf_counter() > until:
                return self.solve()

    def columns(self) -> list[tuple[float, int, tuple, pywraplp.Variable]]:
        """(value, run or -1 - window, pattern key, variable) of every column not fixed, in use."""
        out = []
        for r, pats in enumerate(self.patterns):
            if r in self.fixed:
                continue
            for key, v in pats.items():
                x = v.solution_value()
                if x > 1e-6:
                    out.append((x, r, key, v))
        for n, v in enumerate(self.window_vars):
            if v.lb() < 0.5:
                x = v.solution_value()
                if x > 1e-6:
                    out.append((x, -1 - n, (), v))
        return out

    def _effect(self, column: tuple) -> tuple[dict[int, int], dict[int, int], tuple[int, ...]]:
        """(units per kind, seats per run, seats) that a column takes."""
        _x, r, key, _v = column
        hall = self.hall
        if r >= 0:
            return dict(key), {r: sum(hall.kinds[k].size * n for k, n in key)}, ()
        ti, members, _value = self.windows[-1 - r]
        return {hall.types[ti].kind: 1}, dict(self.window_runs[-1 - r]), members

    def fits(self, column: tuple) -> bool:
        """Fixing the column keeps the LP feasible: no kind over its count, no run over its seats."""
        units, seats, members = self._effect(column)
        hall = self.hall
        return (all(self.cover[k] + n <= hall.kinds[k].count for k, n in units.items())
                and all(self.filled[r] + c <= hall.runs[r].size for r, c in seats.items())
                and not any(i in self.seats_fixed for i in members))

    def fix(self, column: tuple) -> None:
        units, seats, members = self._effect(column)
        for k, n in units.items():
            self.cover[k] += n
        for r, c in seats.items():
            self.filled[r] += c
        self.seats_fixed.update(members)
        _x, r, _key, v = column
        v.SetLb(1.0)
        if r >= 0:
            self.fixed.add(r)

    def fix_undo(self, column: tuple) -> None:
        """Releases a fix without forbidding the column."""
        units, seats, members = self._effect(column)
        for k, n in units.items():
            self.cover[k] -= n
        for r, c in seats.items():
            self.filled[r] -= c
        self.seats_fixed.difference_update(members)
        _x, r, _key, v = column
        v.SetLb(0.0)
        self.fixed.discard(r)

    def unfix(self, column: tuple) -> None:
        """Releases a fix and forbids the column."""
        self.fix_undo(column)
        column[3].SetUb(0.0)

    def dive(self, until: float, drop: float) -> bool:
        """Rounds the LP to a plan: fixes the columns at 1 and the most used fractional ones (in distinct runs),
        re-prices, and undoes (and forbids) a fix after which the LP is infeasible or loses more than `drop` of
        its value.
        True when the LP is integral (a plan) before the time runs out."""
        if not self.solve():
            return False
        while time.perf_counter() < until:
            floor = self.value() - drop * abs(self.value())
            used = self.columns()
            fractional = sorted((c for c in used if c[0] < 1 - 1e-6), key=lambda c: (-c[0], c[1]))
            if any(s.solution_value() > 1e-6 for s in self.slack):
                return False
            if not fractional:
                return True
            for c in used:
                if c[0] >= 1 - 1e-6 and self.fits(c):
                    self.fix(c)
            picks: list[tuple] = []
            for c in fractional:
                if (not picks or c[0] >= DIVE_CONFIDENT) and self.fits(c):
                    picks.append(c)
                    self.fix(c)
            if not picks:
                return False
            if self.converge(until) and self.value() >= floor:
                continue
            for c in picks[1:]:
                self.fix_undo(c)
            if self.converge(until) and self.value() >= floor:
                continue
            self.unfix(picks[0])
            if not self.converge(until):
                return False
        return False

    def plan(self) -> tuple[dict[tuple[int, int], int], list[int]]:
        """The fixed runs' patterns as counts (kind, run) and the windows fixed."""
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for r, pats in enumerate(self.patterns):
            for key, v in pats.items():
                if r in self.fixed and v.lb() > 0.5:
                    for k, n in key:
                        counts[k, r] += n
        return dict(counts), [n for n, v in enumerate(self.window_vars) if v.lb() > 0.5]


def _knapsack(items: Sequence[tuple[float, int, int, int]], capacity: int) -> tuple[float, dict[int, int]]:
    """Bounded knapsack over seats: items (profit, size, how many, kind); the best total and its counts."""
    best = [0.0] * (capacity + 1)
    take: list[tuple[int, ...]] = [()] * (capacity + 1)
    for profit, size, count, k in sorted(items, key=lambda i: (i[1], -i[0])):
        for _copy in range(min(count, capacity // size)):
            changed = False
            for c in range(capacity, size - 1, -1):
                if best[c - size] + profit > best[c] + 1e-9:
                    best[c] = best[c - size] + profit
                    take[c] = take[c - size] + (k,)
                    changed = True
            if not changed:
                break
    c = max(range(capacity + 1), key=lambda c: best[c])
    chosen: dict[int, int] = defaultdict(int)
    for k in take[c]:
        chosen[k] += 1
    return best[c], dict(chosen)


# ------------------------------------------------------------------------------------------- solve()

# The end of the time limit kept for polishing (solver.seating_polish): 0.9 s for 5,000 guests on 2 cores.
POLISH_SHARE = 0.1
POLISH_SECONDS_PER_GUEST = 2e-4

# Explanations naming guests that no plan can seat as the input stands: with allow_partial they stay out.
_PERSONAL = ("pin_", "group_", "apart_in_group", "apart_pins")


def solve(instance: Instance, time_limit: float = 10.0, *, workers: int = 2,
          on_progress: Callable[[int, int], None] | None = None) -> Solution:
    """The best plan found within time_limit (see the module docstring); on_progress(objective, bound)."""
    started = time.perf_counter()
    polishing = 0.0 if instance.layout == Layout.PRESIDIUM else min(
        POLISH_SHARE * time_limit, POLISH_SECONDS_PER_GUEST * len(instance.guests))
    budget = _Budget(started, started + time_limit - polishing, workers, on_progress)
    problems = explain(instance)
    if any(p.code.startswith("duplicate") for p in problems) or (problems and not instance.allow_partial):
        return Solution(Status.INFEASIBLE, {}, None, None, tuple(problems), (), budget.elapsed())
    rules = _Rules(instance)
    if instance.layout == Layout.PRESIDIUM:
        return _solve_presidium(rules, budget)
    out = _left_out(rules, problems)
    guests = [g.id for g in precedence(rules.guests.values()) if g.id not in out]
    engine = _solve_banquet if instance.layout == Layout.BANQUET else _solve_hall
    result = _polished(rules, engine(rules, guests, instance.allow_partial, budget))
    unseated = [out[g] for g in sorted(out, key=lambda g: (rules.guests[g].rank, g))]
    if instance.allow_partial:
        if result.value is None:
            return Solution(result.status, {}, None, None, (), tuple(unseated), budget.elapsed(), result.variables)
        reasons = [_reason(rules, problems, g) for unit in result.left for g in unit]
        aside = _unseated_weight(rules.honour, rules.weight) * len(out)  # the guests explain() set aside
        return Solution(result.status, result.assignment, result.value - aside,
                        (result.bound or result.value) - aside, (),
                        tuple(unseated + reasons), budget.elapsed(), result.variables)
    if result.value is None:
        return _no_plan(instance, rules, result, budget)
    return Solution(result.status, result.assignment, result.value, result.bound, (), (), budget.elapsed(),
                    result.variables)


def _polished(rules: _Rules, result: _Result) -> _Result:
    """The plan after the exact exchanges of solver.seating_polish, when they keep every rule."""
    if not result.assignment or result.value is None:
        return result
    plan = polish(result.assignment, _market(rules, result.assignment))
    gain = score(rules.instance, plan) - score(rules.instance, result.assignment)
    if plan == result.assignment or gain < 0 or validate(rules.instance, plan):
        return result
    value = result.value + gain
    proven = result.status == Status.OPTIMAL or (result.bound is not None and value >= result.bound)
    left = [unit for unit in result.left if unit[0] not in plan] + [(g,) for g in result.assignment if g not in plan]
    return replace(result, assignment=plan, left=left, value=value,
                   status=Status.OPTIMAL if proven else result.status)


def _market(rules: _Rules, assignment: Mapping[int, int]) -> Market:
    """Who may trade: singles and groups with no pin and no apart partner (groups also with no needs)."""
    guests, seats = rules.guests, rules.seats
    bound = {g for g, guest in guests.items() if guest.pinned is not None} | set(rules.partners)
    grouped = {m for members in rules.groups.values() for m in members}
    plain = [tuple(members) for gid, members in rules.groups.items()
             if gid not in rules.escorted and not any(
                 m in bound or guests[m].wheelchair or guests[m].no_stairs or guests[m].aisle for m in members)]
    rows: dict[tuple[str, int, int | None], list[int]] = defaultdict(list)
    for s in seats.values():
        rows[s.zone, s.row_index, s.table].append(s.x)
    axis = {key: (min(xs) + max(xs)) / 2 for key, xs in rows.items()}

    def place(seat: int) -> tuple:
        s = seats[seat]
        return s.row_index, abs(s.x - axis[s.zone, s.row_index, s.table]), s.x, s.id

    return Market(weight=rules.weight, honour=rules.honour, seat_class=rules.sclass, guest_class=rules.gclass,
                  suits=rules.suits, place=place,
                  singles=frozenset(g for g in guests if g not in grouped and g not in bound), groups=plain,
                  free_seats=frozenset(s.id for s in seats.values() if not s.blocked) - set(assignment.values()),
                  unseated_cost=_unseated_weight(rules.honour, rules.weight) if rules.instance.allow_partial else None)


def _left_out(rules: _Rules, problems: Sequence[Explanation]) -> dict[int, Explanation]:
    """allow_partial: the guests an explanation names who can not be seated as the input stands, with it.

    Of two guests pinned to one seat, or an apart pair pinned together or in one group, the more senior
    keeps their place; a group that fits nowhere stays out whole.
    """
    out: dict[int, Explanation] = {}
    for p in problems:
        if not p.code.startswith(_PERSONAL):
            continue
        if p.code in ("pin_conflict", "apart_in_group", "apart_pins"):
            named = precedence(rules.guests[g] for g in p.guests)[1:]
            victims = [g.id for g in named]
        else:
            victims = list(p.guests)
        for g in victims:
            out.setdefault(g, replace(p, guests=(g,)) if len(p.guests) > 1 and p.code.startswith("pin_") else p)
            group = rules.guests[g].group
            if group is not None and p.code not in ("group_too_long", "group_no_place", "group_pins_apart"):
                for m in rules.groups[group]:  # a group is seated whole or not at all
                    out.setdefault(m, p)
    return out


def _reason(rules: _Rules, problems: Sequence[Explanation], guest: int) -> Explanation:
    """Why the solver left a guest out: the shortage of the seats their needs confine them to, if any."""
    for p in problems:
        if p.code.startswith("too_few_") and p.code != "too_few_seats" and guest in p.guests:
            return replace(p, guests=(guest,))
    for p in problems:
        if p.code == "too_few_seats":
            return replace(p, guests=(guest,))
    group = rules.guests[guest].group
    return Explanation("no_room", guests=(guest,), group=group)


def _no_plan(instance: Instance, rules: _Rules, result: _Result, budget: _Budget) -> Solution:
    """No plan keeps every rule (or none was found in time): a partial plan names who is left without room."""
    if budget.left() > 0.2:
        partial = solve(replace(instance, allow_partial=True), max(0.2, budget.left()), workers=budget.workers)
        named = tuple(replace(e, code="no_room") if not e.code.startswith("too_few_") else e
                      for e in partial.unseated)
    else:
        named = ()
    status = Status.INFEASIBLE if result.status == Status.INFEASIBLE else Status.TIMEOUT
    return Solution(status, {}, None, None, named or (Explanation("unknown"),), (), budget.elapsed(), result.variables)


def _solve_presidium(rules: _Rules, budget: _Budget) -> Solution:
    """The k-th most senior guest in the k-th most honoured seat. With allow_partial, a guest the order's next
    seat does not suit (or who is pinned elsewhere, or would sit beside an apart partner) stays out and
    the next guest takes that seat; otherwise any such guest makes the input infeasible, explained."""
    instance = rules.instance
    seats = sorted((s for s in rules.seats.values() if not s.blocked), key=lambda s: (-s.honour, s.id))
    problems = _presidium_problems(rules) + _capacity(rules)
    if problems and not instance.allow_partial:
        return Solution(Status.INFEASIBLE, {}, None, None, tuple(problems), (), budget.elapsed())
    assignment: dict[int, int] = {}
    unseated: list[Explanation] = []
    k = 0
    for g in precedence(rules.guests.values()):
        if k >= len(seats):
            unseated.append(Explanation("too_few_seats", guests=(g.id,), need=len(rules.guests), available=len(seats)))
            continue
        s = seats[k].id
        why = rules.refusal(g.id, s)
        if g.pinned is not None and g.pinned != s:
            unseated.append(Explanation("presidium_pin", guests=(g.id,), seats=(g.pinned, s)))
        elif why:
            unseated.append(Explanation("presidium_seat", guests=(g.id,), seats=(s,), rule=why))
        elif any(p in assignment and rules.together(assignment[p], s) for p in rules.partners.get(g.id, ())):
            unseated.append(Explanation("presidium_apart", guests=(g.id,), seats=(s,)))
        else:
            assignment[g.id] = s
            k += 1
    value = score(instance, assignment)
    if budget.on_progress:
        budget.on_progress(value, value)
    return Solution(Status.OPTIMAL, assignment, value, value, (), tuple(unseated), budget.elapsed())


# ------------------------------------------------------------------------------------------- banquet

LNS_TABLES = 3  # tables re-optimised together at first (adapted between 2 and LNS_MAX_TABLES)
LNS_MAX_TABLES = 8
LNS_STEP_SECONDS = 0.5  # the most one neighbourhood may take: most of its gain comes early


class _Banquet:
    """Tables: units (groups, single guests) to tables, then each table's guests to its seats."""

    def __init__(self, rules: _Rules, guests: Sequence[int], partial: bool, seed: int = 0) -> None:
        self.rules = rules
        self.partial = partial
        self.rng = random.Random(seed)
        self.tables: dict[int, list[int]] = defaultdict(list)
        for s in sorted(rules.seats.values(), key=lambda s: (-rules.honour[s.id], s.x, s.id)):
            if s.table is not None and not s.blocked:
                self.tables[s.table].append(s.id)
        self.table_of = {s: t for t, seats in self.tables.items() for s in seats}
        self.order = sorted(self.tables, key=lambda t: (-max(rules.honour[s] for s in self.tables[t]), t))
        chosen = set(guests)
        self.units: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for g in guests:
            if g in seen:
                continue
            grp = rules.guests[g].group
            members = tuple(m for m in rules.groups[grp] if m in chosen) if grp is not None else (g,)
            seen.update(members)
            self.units.append(members)
        self.unit_of = {g: u for u, members in enumerate(self.units) for g in members}
        self.pinned: dict[int, int] = {g: p for g in guests
                                       if (p := rules.guests[g].pinned) is not None and p in self.table_of}
        self.seat_of: dict[int, int] = {}
        self.penalty = _unseated_weight(rules.honour, rules.weight)

    def gain(self, g: int, s: int) -> int:
        return self.rules.honour[s] * self.rules.weight[g]

    def density(self, u: int) -> float:
        """A unit's mean member weight."""
        return sum(self.rules.weight[g] for g in self.units[u]) / len(self.units[u])

    def value(self) -> int:
        seated = sum(self.gain(g, s) for g, s in self.seat_of.items())
        left = sum(len(u) for u in self.units if u[0] not in self.seat_of)
        return seated - (self.penalty * left if self.partial else 0)

    def bound(self) -> int:
        """Sorting (weights against honours, best with best) ignores needs, groups and apart pairs: valid."""
        ws = sorted((self.rules.weight[g] for u in self.units for g in u), reverse=True)
        hs = sorted((self.rules.honour[s] for s in self.table_of), reverse=True)
        return sum(w * h for w, h in zip(ws, hs, strict=False))

    # ------------------------------------------------------------------------- a plan at once

    def construct(self) -> list[tuple[int, ...]]:
        """Pinned guests first, then units with needs, then by density: each to the table where its members'
        best seats score most (none beside an apart partner). Returns the units left without a table."""
        rules = self.rules
        taken: set[int] = set()
        at_table: dict[int, set[int]] = defaultdict(set)

        def restricted(u: tuple[int, ...]) -> bool:
            """Some member needs particular seats (or may take a companion seat)."""
            return any(g.wheelchair or g.no_stairs or g.aisle or g.sectors or g.group in rules.escorted
                       for g in (rules.guests[m] for m in u))

        queue = sorted(range(len(self.units)), key=lambda u: (
            not any(g in self.pinned for g in self.units[u]), not restricted(self.units[u]),
            -sum(rules.weight[g] for g in self.units[u]) / len(self.units[u]), u))
        left = []
        for u in queue:
            members = self.units[u]
            pins = {g: self.pinned[g] for g in members if g in self.pinned}
            tables = {self.table_of[s] for s in pins.values()} or set(self.tables)
            best = None
            for t in tables:
                if any(p in at_table[t] for g in members for p in rules.partners.get(g, ())):
                    continue
                got = self._place(members, [s for s in self.tables[t] if s not in taken], pins)
                if got is not None and (best is None or got[0] > best[0]):
                    best = got
            if best is None:
                left.append(members)
                continue
            for g, s in best[1].items():
                self.seat_of[g] = s
                taken.add(s)
                at_table[self.table_of[s]].add(g)
        for t in self.tables:
            self.reseat(t)
        return self.repair(left)

    def _place(self, members: Sequence[int], seats: Sequence[int], pins: Mapping[int, int]
               ) -> tuple[int, dict[int, int]] | None:
        if len(seats) < len(members):
            return None
        rules = self.rules
        options: list[Sequence[int] | None] = []
        for g in members:
            ok = [j for j, s in enumerate(seats) if rules.suits(g, s) and pins.get(g, s) == s]
            if not ok:
                return None
            options.append(ok if len(ok) < len(seats) else None)
        found = _best_order([rules.weight[g] for g in members], options, [rules.honour[s] for s in seats])
        if found is None:
            return None
        return found[0], {g: seats[j] for g, j in zip(members, found[1], strict=True)}

    def assign_table(self, t: int, guests: Sequence[int]) -> dict[int, int] | None:
        """The best seating of `guests` on table t's seats (an assignment problem), pins kept; None if none."""
        seats = self.tables[t]
        if len(guests) > len(seats):
            return None
        if not guests:
            return {}
        lsa = linear_sum_assignment.SimpleLinearSumAssignment()
        rows = list(guests) + [None] * (len(seats) - len(guests))
        for a, g in enumerate(rows):
            for b, s in enumerate(seats):
                if g is None:
                    lsa.add_arc_with_cost(a, b, 0)
                elif self.rules.suits(g, s) and self.pinned.get(g, s) == s:
                    lsa.add_arc_with_cost(a, b, -self.gain(g, s))
        if lsa.solve() != lsa.OPTIMAL:
            return None
        return {g: seats[lsa.right_mate(a)] for a, g in enumerate(rows) if g is not None}

    def guests_at(self, t: int) -> list[int]:
        return [g for g, s in self.seat_of.items() if self.table_of[s] == t]

    def reseat(self, t: int) -> None:
        """The table's guests on its seats as well as they can sit, pins kept."""
        got = self.assign_table(t, self.guests_at(t))
        if got is not None:
            self.seat_of.update(got)

    def repair(self, left: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
        """Units left out by the greedy pass, each to the table where re-seating everyone there takes it in
        (e.g. an escort moved to the companion seat) and scores best."""
        still = []
        for members in left:
            pins = {self.table_of[self.pinned[g]] for g in members if g in self.pinned}
            best = None
            for t in pins or self.tables:
                here = self.guests_at(t)
                if len(here) + len(members) > len(self.tables[t]) or any(
                        p in here for g in members for p in self.rules.partners.get(g, ())):
                    continue
                got = self.assign_table(t, here + list(members))
                if got is not None:
                    gain = (sum(self.gain(g, s) for g, s in got.items())
                            - sum(self.gain(g, self.seat_of[g]) for g in here))
                    if best is None or gain > best[0]:
                        best = (gain, got)
            if best is None:
                still.append(members)
            else:
                self.seat_of.update(best[1])
        return still

    def make_room(self) -> None:
        """allow_partial: each unit left out, densest first, to the table where that pays most, leaving out
        as few of the table's unpinned singles as it must; each of those takes, when that gains, the seat of
        a lighter single elsewhere, who is left out instead. Every guest left out costs the same, so a senior
        group seated in place of as many junior singles is pure gain, yet the LNS alone rarely finds it: it
        must free k seats at one table and keep the seated singles' count."""
        rules = self.rules
        left = sorted((u for u, m in enumerate(self.units) if m[0] not in self.seat_of),
                      key=lambda u: (-self.density(u), u))
        for u in left:
            members = self.units[u]
            if members[0] in self.seat_of:
                continue
            mean = self.density(u)
            movable = sorted((g for g in self.seat_of
                              if len(self.units[self.unit_of[g]]) == 1 and g not in self.pinned),
                             key=lambda g: (rules.weight[g], -g))
            pins = {self.table_of[self.pinned[g]] for g in members if g in self.pinned}
            best = None
            for t in pins or self.tables:
                here = self.guests_at(t)
                need = max(0, len(here) + len(members) - len(self.tables[t]))
                if any(p in here for g in members for p in rules.partners.get(g, ())):
                    continue
                singles = [g for g in movable if self.table_of[self.seat_of[g]] == t]
                dropped: list[int] = []  # too few singles: lighter groups at t too, lightest first
                for v in sorted({self.unit_of[g] for g in here}, key=lambda v: (self.density(v), v)):
                    if len(singles) + len(dropped) >= need or self.density(v) >= mean:
                        break
                    if len(self.units[v]) > 1 and not any(g in self.pinned for g in self.units[v]):
                        dropped += self.units[v]
                out = singles[:max(0, need - len(dropped))]
                if len(out) + len(dropped) < need:
                    continue
                got = self.assign_table(t, [g for g in here if g not in out and g not in dropped] + list(members))
                if got is None:
                    continue
                gain = (sum(self.gain(g, s) for g, s in got.items()) - sum(self.gain(g, self.seat_of[g]) for g in here)
                        + self.penalty * (len(members) - len(out) - len(dropped)))
                swaps, used = {}, set(out)
                for e in out:  # the evicted take the seats of lighter singles at other tables, if any suit
                    for j in movable:
                        if rules.weight[j] >= rules.weight[e]:
                            break
                        s = self.seat_of[j]
                        if j in used or self.table_of[s] == t or not rules.suits(e, s) or any(
                                p in self.guests_at(self.table_of[s]) for p in rules.partners.get(e, ())):
                            continue
                        used.add(j)
                        swaps[e] = (j, s)
                        gain += self.gain(e, s) - self.gain(j, s)
                        break
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, out + dropped, got, swaps)
            if best is not None:
                _gain, out, got, swaps = best
                for g in out:
                    del self.seat_of[g]
                self.seat_of.update(got)
                for e, (j, s) in swaps.items():
                    del self.seat_of[j]
                    self.seat_of[e] = s

    # ------------------------------------------------------------------------------------- LNS

    def neighbourhood(self, tables: Sequence[int], seconds: float, workers: int) -> Status:
        """Empties `tables` (pins stay) and refills them with CP-SAT: the best seating of their guests (and,
        with allow_partial, of those left out) on their seats under every rule. Keeps the better plan."""
        rules = self.rules
        chosen = set(tables)
        seats = [s for t in tables for s in self.tables[t]]
        units = sorted({self.unit_of[g] for g, s in self.seat_of.items() if self.table_of[s] in chosen})
        if self.partial:
            units += [u for u, m in enumerate(self.units) if m[0] not in self.seat_of]
        model = cp_model.CpModel()
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        seated: dict[int, cp_model.IntVar] = {}
        at: dict[tuple[int, int], list] = defaultdict(list)
        for u in units:
            members = self.units[u]
            on = seated[u] = model.new_bool_var("")
            if not self.partial:  # partial: a unit seated here may give its seats to a senior one left out
                model.add(on == 1)
            pins = {self.table_of[self.pinned[g]] for g in members if g in self.pinned}
            z = {t: model.new_bool_var("") for t in tables if not pins or t in pins}
            model.add(sum(z.values()) == on)
            for g in members:
                for s in seats:
                    if rules.suits(g, s) and self.pinned.get(g, s) == s and self.table_of[s] in z:
                        x[g, s] = model.new_bool_var("")
                        at[g, self.table_of[s]].append(x[g, s])
                for t, zt in z.items():
                    model.add(sum(at[g, t]) == zt)
        by_seat: dict[int, list] = defaultdict(list)
        for (_g, s), v in x.items():
            by_seat[s].append(v)
        for vs in by_seat.values():
            model.add_at_most_one(vs)
        inside = {g for u in units for g in self.units[u]}
        for a in inside:
            for b in rules.partners.get(a, ()):
                if b in inside and a < b:
                    for t in tables:
                        if at[a, t] and at[b, t]:
                            model.add(sum(at[a, t]) + sum(at[b, t]) <= 1)
        gains = [self.gain(g, s) for g, s in x]
        value = cp_model.LinearExpr.weighted_sum(list(x.values()), gains)
        if self.partial:
            value += cp_model.LinearExpr.weighted_sum([seated[u] for u in units],
                                                      [self.penalty * len(self.units[u]) for u in units])
        model.maximize(value)
        for (g, s), v in x.items():
            model.add_hint(v, self.seat_of.get(g) == s)
        for u, v in seated.items():
            model.add_hint(v, self.units[u][0] in self.seat_of)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = self.rng.randrange(1 << 20)
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Status.INFEASIBLE if code == cp_model.INFEASIBLE else Status.TIMEOUT
        before = self.value()
        old = dict(self.seat_of)
        for g in inside:
            self.seat_of.pop(g, None)
        for (g, s), v in x.items():
            if solver.value(v):
                self.seat_of[g] = s
        if self.value() < before:
            self.seat_of = old
        return Status.OPTIMAL if code == cp_model.OPTIMAL else Status.FEASIBLE

    def pick(self, size: int) -> list[int]:
        """An anchor table and, half the time, its neighbours in order of honour, else tables at random."""
        anchor = self.rng.randrange(len(self.order))
        if self.rng.random() < 0.5:
            lo = max(0, min(anchor - size // 2, len(self.order) - size))
            return self.order[lo:lo + size]
        others = self.rng.sample(range(len(self.order)), min(size, len(self.order)))
        return [self.order[i] for i in dict.fromkeys([anchor] + others)][:size]


def _solve_banquet(rules: _Rules, guests: Sequence[int], partial: bool, budget: _Budget) -> _Result:
    """A constructive plan, then large-neighbourhood search: a few tables at a time, refilled by CP-SAT."""
    banquet = _Banquet(rules, guests, partial)
    left = banquet.construct()
    if left and not partial and not _pack_tables(banquet, budget):
        units = [u for u in banquet.units if u[0] not in banquet.seat_of]
        return _Result({}, units, None, None, Status.TIMEOUT)
    if partial:
        banquet.make_room()
    bound = banquet.bound()
    best = banquet.value()
    if budget.on_progress:
        budget.on_progress(best, bound)
    if len(banquet.tables) <= LNS_MAX_TABLES:  # few tables: one CP-SAT model of them all, proven if it can
        status = banquet.neighbourhood(banquet.order, max(0.1, budget.left()), budget.workers)
        value = banquet.value()
        if status == Status.OPTIMAL:
            bound = value
        if budget.on_progress and value > best:
            budget.on_progress(value, bound)
        return _Result(dict(banquet.seat_of), [u for u in banquet.units if u[0] not in banquet.seat_of], value,
                       max(bound, value), Status.OPTIMAL if value >= bound else Status.FEASIBLE, 1)
    size = LNS_TABLES
    steps = 0
    while budget.left() > 0.05 and len(banquet.tables) > 1:
        tables = banquet.pick(min(size, len(banquet.tables)))
        status = banquet.neighbourhood(tables, min(LNS_STEP_SECONDS, budget.left()), budget.workers)
        steps += 1
        if status == Status.OPTIMAL:
            size = min(LNS_MAX_TABLES, size + (1 if banquet.rng.random() < 0.3 else 0))
        elif status in (Status.FEASIBLE, Status.TIMEOUT):
            size = max(2, size - 1)
        value = banquet.value()
        if value > best:
            best = value
            if budget.on_progress:
                budget.on_progress(best, bound)
    assignment = {g: s for g, s in banquet.seat_of.items()}
    units = [u for u in banquet.units if u[0] not in banquet.seat_of]
    return _Result(assignment, units, best, max(bound, best), Status.OPTIMAL if best >= bound else Status.FEASIBLE,
                   steps)


def _pack_tables(banquet: _Banquet, budget: _Budget) -> bool:
    """When the constructive plan leaves units out: CP-SAT places every unit at a table (sizes, seats that
    suit, apart pairs) for total weight by table honour; then each table is seated."""
    rules = banquet.rules
    model = cp_model.CpModel()
    z: dict[tuple[int, int], cp_model.IntVar] = {}
    for u, members in enumerate(banquet.units):
        pins = {banquet.table_of[banquet.pinned[g]] for g in members if g in banquet.pinned}
        for t, seats in banquet.tables.items():
            if (not pins or t in pins) and _matchable(rules, list(members), seats, banquet.pinned):
                z[u, t] = model.new_bool_var("")
        model.add_exactly_one([v for (uu, _t), v in z.items() if uu == u])
    for t, seats in banquet.tables.items():
        here = [(u, v) for (u, tt), v in z.items() if tt == t]
        model.add(sum(len(banquet.units[u]) * v for u, v in here) <= len(seats))
        for cls in {rules.gclass(g) for u, _v in here for g in banquet.units[u]}:
            room = sum(1 for s in seats if rules.accept[cls][rules.sclass(s)])
            need = [(sum(1 for g in banquet.units[u] if rules.gclass(g) == cls), v) for u, v in here]
            model.add(sum(c * v for c, v in need if c) <= room)
        for a in (g for u, _v in here for g in banquet.units[u]):
            for b in rules.partners.get(a, ()):
                ua, ub = banquet.unit_of[a], banquet.unit_of.get(b)
                if ub is not None and a < b and (ua, t) in z and (ub, t) in z and ua != ub:
                    model.add(z[ua, t] + z[ub, t] <= 1)
    top = {t: max(rules.honour[s] for s in seats) for t, seats in banquet.tables.items()}
    model.maximize(sum(top[t] * sum(rules.weight[g] for g in banquet.units[u]) * v for (u, t), v in z.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, budget.left() / 3)
    solver.parameters.num_workers = budget.workers
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    banquet.seat_of = {}
    for t in banquet.tables:
        guests = [g for (u, tt), v in z.items() if tt == t and solver.value(v) for g in banquet.units[u]]
        got = banquet.assign_table(t, guests)
        if got is None:
            return False
        banquet.seat_of.update(got)
    return True
