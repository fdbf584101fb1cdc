"""The instance with the look-ups that explain() and the solvers share: seat and guest classes, groups,
apart partners, what a seat admits.
"""

from __future__ import annotations

from collections import defaultdict

from solver.seating.model import Guest, Instance, precedence, weights
from solver.seating.objective import _places, _shifted, _unseated_costs
from solver.seating.validation import _segment_order


class _Rules:
    """The instance with the look-ups that explain() and the solvers share (validate() has its own)."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.seats = {s.id: s for s in instance.seats}
        self.guests = {g.id: g for g in instance.guests}
        self.weight = weights(self.guests.values())
        self.honour = _shifted(self.seats.values())
        self.place = _places(self.seats.values())
        self.unseated = _unseated_costs(self.honour, self.weight, self.guests.values())  # allow_partial
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
