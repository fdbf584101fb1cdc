"""explain(): what makes the instance infeasible on its face, without CP-SAT (bad pins, too few people),
and the shortages a partial roster leaves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from solver.roster.model import (
    Cell,
    Explanation,
    Instance,
    _cell_order,
    _Context,
    _context,
    _overlaps,
    _sum_days,
    day_minutes,
)


def explain(instance: Instance) -> list[Explanation]:
    """What makes the instance infeasible on its face, without CP-SAT: bad pins and too few people."""
    ctx, unknown = _context(instance)
    return unknown + _explain(ctx)


def _explain(ctx: _Context) -> list[Explanation]:
    return (_pin_rules(ctx) + _pin_overlaps(ctx) + _pin_hours(ctx) + _pin_rest(ctx) + _pin_places(ctx)
            + _short(ctx))


def _pin_rules(ctx: _Context) -> list[Explanation]:
    """Each pin on its own: the person present, of the post's gender, free at that time."""
    found = []
    for c in sorted(ctx.pins, key=_cell_order):
        person, post = ctx.people[c.person], ctx.posts[c.post]
        end = ctx.slot_end[c.post, c.start]
        code = ("pin_absent" if c.person in ctx.instance.absent
                else "pin_gender" if not ctx.suits(person, post)
                else "pin_unavailable" if _overlaps(c.start, end, person.unavailable + person.busy)
                else "")
        if code:
            found.append(Explanation(code, post=c.post, person=c.person, start=c.start, end=end))
    return found


def _pins_by_person(ctx: _Context) -> dict[int, list[Cell]]:
    out: dict[int, list[Cell]] = defaultdict(list)
    for c in sorted(ctx.pins, key=_cell_order):
        out[c.person].append(c)
    return out


def _pin_overlaps(ctx: _Context) -> list[Explanation]:
    found = []
    for person, pins in _pins_by_person(ctx).items():
        for i, a in enumerate(pins):
            for b in pins[i + 1:]:
                if b.start < ctx.slot_end[a.post, a.start]:
                    found.append(Explanation("pin_overlap", post=b.post, person=person, start=b.start,
                                             end=ctx.slot_end[b.post, b.start]))
    return found


def _pin_hours(ctx: _Context) -> list[Explanation]:
    found = []
    for person, pins in _pins_by_person(ctx).items():
        limit = ctx.people[person].max_minutes_per_day
        used = dict(ctx.busy_days[person])
        first: dict[int, Cell] = {}
        for c in pins:
            for d, m in day_minutes(c.start, ctx.slot_end[c.post, c.start], ctx.offset).items():
                used[d] = used.get(d, 0) + m
                first.setdefault(d, c)
        for d, c in first.items():
            if used[d] > limit:
                found.append(Explanation("pin_hours", post=c.post, person=person, start=c.start,
                                         need=used[d], available=limit))
    return found


def _pin_rest(ctx: _Context) -> list[Explanation]:
    """Two stretches (pins, busy) closer than the rest that no chain of slots the person can stand bridges."""
    found = []
    for person, pins in _pins_by_person(ctx).items():
        pieces = sorted([(s, e, None) for s, e in ctx.people[person].busy]
                        + [(c.start, ctx.slot_end[c.post, c.start], c) for c in pins], key=lambda i: i[:2])
        for (_s1, e1, cell1), (s2, _e2, cell2) in zip(pieces, pieces[1:], strict=False):
            pin = cell2 or cell1
            if pin and 0 < s2 - e1 < ctx.rest and not _bridged(ctx, person, e1, s2):
                found.append(Explanation("pin_rest", post=pin.post, person=person, start=e1, end=s2,
                                         need=ctx.rest, available=s2 - e1))
    return found


def _bridged(ctx: _Context, person: int, start: int, end: int) -> bool:
    """Whether back-to-back slots the person may stand lead from `start` exactly to `end`."""
    reached, frontier = {start}, [start]
    while frontier:
        t = frontier.pop()
        for _post, s, e in ctx.eligible.get(person, ()):
            if s == t and e <= end and e not in reached:
                reached.add(e)
                frontier.append(e)
    return end in reached


def _pin_places(ctx: _Context) -> list[Explanation]:
    """Pinned people who fill a slot up to its desired headcount without the qualification it requires."""
    found = []
    by_slot: dict[tuple[int, int], list[Cell]] = defaultdict(list)
    for c in ctx.pins:
        by_slot[c.post, c.start].append(c)
    for key, pins in sorted(by_slot.items()):
        free = ctx.cap[key] - len(pins)
        for q, need in sorted(ctx.posts[key[0]].requirements.items()):
            holders = sum(q in ctx.people[c.person].qualifications for c in pins)
            if holders + free < need:
                found += [Explanation("pin_unqualified", post=key[0], person=c.person, start=key[1],
                                      end=ctx.slot_end[key], need=need, available=holders + free, qualification=q)
                          for c in sorted(pins, key=_cell_order) if q not in ctx.people[c.person].qualifications]
    return found


def _short(ctx: _Context) -> list[Explanation]:
    """Slots fewer people can stand at than the minimum (or the holders of a required qualification)."""
    pins = _pins_by_person(ctx)
    able = {key: [p for p in ctx.standing.get(key, ()) if p not in pins or _unpinned_elsewhere(ctx, pins[p], p, key)]
            for key in ctx.slot_end}
    free: dict[tuple[int, int], list[int]] = defaultdict(list)
    for person, options in ctx.free_slots.items():
        for post, s, _e in options:
            free[post, s].append(person)
    return [_stretch_made(ctx, e, free) for e in _lacking(ctx, able)]


def _stretch_made(ctx: _Context, e: Explanation, free: Mapping[tuple[int, int], list[int]]) -> Explanation:
    """A shortage that the stretch rules alone make: enough people are free slot by slot, too few of them for a
    whole minimum stretch (a whole shift on a shift post) within their hours."""
    here = free.get((e.post, e.start), [])
    count = sum(not e.qualification or e.qualification in ctx.people[p].qualifications for p in here)
    if count < e.need:
        return e
    unit = "shift" if ctx.posts[e.post].shifts else "stretch"
    return replace(e, code=e.code.replace("short", f"short_{unit}", 1))


def _unpinned_elsewhere(ctx: _Context, pins: list[Cell], person: int, key: tuple[int, int]) -> bool:
    end = ctx.slot_end[key]
    if any((c.post, c.start) == key for c in pins):
        return True
    if _overlaps(key[1], end, [(c.start, ctx.slot_end[c.post, c.start]) for c in pins]):
        return False
    used = _sum_days([(c.start, ctx.slot_end[c.post, c.start]) for c in pins] + list(ctx.people[person].busy),
                     ctx.offset)
    limit = ctx.people[person].max_minutes_per_day
    return all(used.get(d, 0) + m <= limit for d, m in day_minutes(key[1], end, ctx.offset).items())


def _runs(items: list[tuple[str, str, tuple[int, int], int, int, int]]) -> list[Explanation]:
    """One explanation per run of back-to-back slots of a post with the same shortage."""
    out: list[Explanation] = []
    for code, q, (post, start), end, need, available in sorted(items, key=lambda i: (i[2][0], i[0], i[1], i[2][1])):
        last = out[-1] if out else None
        if (last and (last.code, last.post, last.qualification, last.need, last.available, last.end)
                == (code, post, q, need, available, start)):
            out[-1] = Explanation(code, post=post, start=last.start, end=end, need=need, available=available,
                                  qualification=q)
        else:
            out.append(Explanation(code, post=post, start=start, end=end, need=need, available=available,
                                   qualification=q))
    return out


def _shortages(ctx: _Context, cells: Iterable[Cell]) -> list[Explanation]:
    """The places a (partial) roster leaves below a minimum: available = how many it placed."""
    placed: dict[tuple[int, int], list[int]] = defaultdict(list)
    for c in cells:
        placed[c.post, c.start].append(c.person)
    return _lacking(ctx, placed)


def _lacking(ctx: _Context, people: Mapping[tuple[int, int], list[int]]) -> list[Explanation]:
    """Slots where `people` fall short of the minimum headcount or of a requirement's holders."""
    found = []
    for key, end in ctx.slot_end.items():
        post, here = ctx.posts[key[0]], people.get(key, [])
        if len(here) < post.min_headcount:
            found.append(("short", "", key, end, post.min_headcount, len(here)))
        for q, need in post.requirements.items():
            holders = sum(q in ctx.people[p].qualifications for p in here)
            if holders < need:
                found.append(("short_qualified", q, key, end, need, holders))
    return _runs(found)
