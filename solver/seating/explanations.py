"""explain(): what makes the input impossible on its face, as codes plus ids and numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from solver.seating.model import Explanation, Instance, Layout, precedence
from solver.seating.rules import _Rules


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
    that takes in every seat an unrestricted guest accepts reports as too_few_seats, once (the worst). Each
    need (wheelchair, no stairs, aisle, sector) reports once, its worst shortage, naming every guest of the
    classes short of seats; guests no seat suits at all count only under their own need. Wheelchair users
    with an escort in their group are counted against the wheelchair places with a seat for the escort
    beside them.
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
    short: dict[str, Explanation] = {}
    named: dict[str, set[int]] = defaultdict(set)
    confined = {c for c, gs in per_class.items() if any(rules.guests[g].sectors for g in gs)}
    all_sectors = {s.sector for s in seats}
    for c, pool in sorted(accepted.items(), key=lambda i: (len(i[1]), i[0])):
        need = [g for d, gs in per_class.items() if accepted[d] <= pool and (accepted[d] or d == c) for g in gs]
        available = sum(seat_count[k] for k in pool)
        if len(need) <= available:
            continue
        wheelchair, no_stairs, aisle, allowed, _companion = rules.guest_classes[c]
        code = ("wheelchair" if wheelchair else "no_stairs" if no_stairs else "aisle" if aisle
                else "sector" if c in confined and not all_sectors <= allowed else "")
        if code:
            named[code].update(per_class[c])
            got = Explanation(_SHORTAGE[code], need=len(need), available=available,
                              sectors=tuple(sorted(allowed)) if code == "sector" else ())
            if code not in short or got.need - got.available > short[code].need - short[code].available:
                short[code] = got
        elif (not found or found[0].code != "too_few_seats") and (
                worst is None or len(need) - available > worst.need - worst.available):
            worst = Explanation("too_few_seats", need=len(need), available=available)
    for code, got in short.items():
        found.append(replace(got, guests=tuple(sorted(named[code])), seats=_to_mark(rules, code, got)))
    if rules.instance.layout == Layout.HALL:  # at a table every seat is beside the party
        found += _escorts(rules)
    if worst is not None:
        found.insert(0, worst)
    return found


def _to_mark(rules: _Rules, code: str, got: Explanation) -> tuple[int, ...]:
    """The seats whose marking would end a shortage: for step-free seats the most honoured seats with stairs,
    for wheelchair places the least honoured step-free aisle seats; none for the others."""
    short = got.need - got.available
    free = [s for s in rules.seats.values() if not (s.blocked or s.wheelchair or s.companion)]
    if code == "no_stairs":
        chosen = sorted((s for s in free if not s.step_free), key=lambda s: (-s.honour, -s.place, s.id))
    elif code == "wheelchair":
        chosen = sorted((s for s in free if s.step_free and s.aisle), key=lambda s: (s.honour, s.place, s.id))
    else:
        return ()
    return tuple(s.id for s in chosen[:short])


def _escorts(rules: _Rules) -> list[Explanation]:
    """too_few_escort_places: the wheelchair users with an escort in their group, against the wheelchair
    places with a seat for the escort beside them (not blocked, not a wheelchair place; each serves one)."""
    escorted = sorted(g for gid in rules.escorted for g in rules.groups[gid]
                      if rules.guests[g].wheelchair and len(rules.groups[gid]) > 1)
    if not escorted:
        return []
    by_segment: dict[int, dict[int, int]] = defaultdict(dict)
    for sid, (seg, i) in rules.order.items():
        by_segment[seg][i] = sid
    places = 0
    for cells in by_segment.values():
        used: set[int] = set()
        for i in sorted(cells):
            seat = rules.seats[cells[i]]
            if not seat.wheelchair or seat.blocked:
                continue
            for j in (i - 1, i + 1):
                other = rules.seats[cells[j]] if j in cells else None
                if other is not None and j not in used and not (other.blocked or other.wheelchair):
                    used.add(j)
                    places += 1
                    break
    if len(escorted) <= places:
        return []
    return [Explanation("too_few_escort_places", guests=tuple(escorted), need=len(escorted), available=places)]


def _group_problems(rules: _Rules) -> list[Explanation]:
    found = []
    banquet = rules.instance.layout == Layout.BANQUET
    runs = [] if banquet else _runs(rules)  # once: every group's search for a block walks them
    if banquet:
        room: dict[int, int] = defaultdict(int)
        for s in rules.seats.values():
            if s.table is not None and not s.blocked:
                room[s.table] += 1
        longest = max(room.values(), default=0)
    else:
        longest = max((len(r) for r in runs), default=0)
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
        elif not _has_place(rules, members, banquet, runs):
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


def _has_place(rules: _Rules, members: list[int], banquet: bool, runs: Sequence[list[int]]) -> bool:
    """Some table (banquet) or block of a segment (hall) seats every member on a seat that suits them."""
    pinned = {m: p for m in members if (p := rules.guests[m].pinned) is not None and p in rules.seats}
    if banquet:
        tables: dict[int, list[int]] = defaultdict(list)
        for s in rules.seats.values():
            if s.table is not None:
                tables[s.table].append(s.id)
        return any(_matchable(rules, members, seats, pinned) for seats in tables.values())
    for run in runs:
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
