"""validate(): every hard rule checked from the data alone, independent of the solver."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from solver.seating.model import Guest, Instance, Layout, Seat, Violation, precedence


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
