"""The duty roster of a ceremony: which duty officer stands at which post in which time slot.

A solve goes: explain() rejects what is impossible on its face (a pin that breaks a rule, a post too few
people can stand at); a constructive pass builds a roster at once (lanes of each post cut into stretches
about the mean load long, given out by the objective's own marginal costs), which is CP-SAT's complete
hint and, on big instances, decides each person's few candidate posts; CP-SAT then improves it. A model
proven infeasible is solved once more with minimum coverage soft, so that the places nobody can cover
are named. A re-plan first keeps every published cell it can and refills only the lost ones.

Hard: minimum headcount and qualification minimums per slot, at most the desired headcount per slot (so
that fairness never staffs a slot beyond what it asked for), the post's gender, nobody assigned while
unavailable, absent or busy, one place at a time, minutes per city day, rest between stretches, pins.
Soft (rule names of the score analysis, heaviest first): uncovered (allow_partial only), desired,
changes (re-plan only), departments, people, continuity, preferences.

validate() re-checks every hard rule from the data alone; it shares with the model only the definitions
of the slot grid and of city days (slots(), day_minutes()).
Times are int minutes since the Unix epoch (UTC); city days start at 00:00 local (utc_offset_minutes).
"""

from __future__ import annotations

import heapq
import math
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from solver.cpsat import Penalties, Status, cover, one_at_a_time, run_with

DAY = 24 * 60

# Weights, lexicographic-ish: each tier outweighs what the tiers below it could gain by one step of it.
W_UNCOVERED = 100_000  # per person-slot below a minimum headcount or qualification requirement (allow_partial)
W_DESIRED = 1_000  # per person-slot below the desired headcount
# Per cell differing from the published roster. Above the fairness tiers (people were briefed on the
# published roster, a reshuffle for balance is not worth it) but below `desired`, so that a re-plan still
# refills an empty place with a free person (one change) yet never moves a person (two changes).
W_CHANGES = 600
W_DEPARTMENTS = 4  # per minute a department's duty is off its share, beyond one slot
W_PEOPLE = 1  # per minute in a person's h-th hour of duty, times h - 1
W_CONTINUITY = 20  # per post a person stands at beyond the first, per stretch beyond the first in a city day
W_PREFERENCES = 5  # per slot on a post the person did not prefer

RULES = ("desired", "departments", "people", "continuity", "preferences")

# Above this many (person, post, slot) candidates, each person keeps only a few candidate posts: the ones
# the constructive roster gave them, their preferred ones and the posts that need them most.
CANDIDATE_LIMIT = 60_000
POSTS_PER_PERSON = 8
# A strict re-plan offers each lost slot to the people the constructive pass finds cheapest there.
REFILL_CANDIDATES = 12
STRICT_SECONDS = 1.5  # the most a strict re-plan searches
# CP-SAT's presolve of a bench-size model takes longer than the first roster may (seconds on two cores);
# past this many cells the search starts at once from the full hint, without it.
PRESOLVE_LIMIT = 20_000


@dataclass(frozen=True)
class Post:
    id: int
    name: str
    start: int
    end: int  # the window [start, end) holds whole slots of slot_minutes; a shorter tail is not a slot
    slot_minutes: int
    min_headcount: int  # hard, per slot
    desired_headcount: int  # soft, per slot; also the most a slot takes (raised to the minimum or the pins)
    requirements: Mapping[str, int] = field(default_factory=dict)  # qualification -> at least N holders per slot
    gender: str = ""  # "m"/"f": everyone on the post must be of it; "" = any


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    department: str
    gender: str = ""
    qualifications: frozenset[str] = frozenset()
    max_minutes_per_day: int = 480
    unavailable: tuple[tuple[int, int], ...] = ()  # intervals (start, end) when the person can not stand
    busy: tuple[tuple[int, int], ...] = ()  # duties held elsewhere: no overlap, rest applies, count toward the day
    preferred_posts: frozenset[int] = frozenset()  # empty = no preference


@dataclass(frozen=True)
class Cell:
    person: int
    post: int
    start: int  # one person on one post for the slot starting at `start`


@dataclass(frozen=True)
class Instance:
    posts: tuple[Post, ...]
    people: tuple[Person, ...]
    pinned: tuple[Cell, ...] = ()  # kept as they are (hard)
    published: tuple[Cell, ...] = ()  # the roster as published: non-empty means this is a re-plan
    absent: frozenset[int] = frozenset()  # no-shows: never assigned
    min_rest_minutes: int = 60  # a gap shorter than this between two stretches of duty is forbidden
    utc_offset_minutes: int = 0
    allow_partial: bool = False  # minimum coverage becomes a dominant soft rule; uncovered places are explained


@dataclass(frozen=True)
class Explanation:
    code: str
    post: int | None = None
    person: int | None = None
    start: int | None = None
    end: int | None = None  # a run of consecutive slots with the same shortage is one explanation
    need: int = 0
    available: int = 0
    qualification: str = ""


@dataclass(frozen=True)
class Violation:
    code: str
    person: int | None = None
    post: int | None = None
    start: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Solution:
    status: Status
    cells: tuple[Cell, ...]
    objective: int | None
    bound: int | None
    penalties: dict[str, int]  # the score analysis: rule name -> cost; sums to the objective
    explanations: tuple[Explanation, ...]
    seconds: float
    variables: int = 0  # size of the last CP-SAT model solved


Key = tuple[int, int, int]  # (person, post, slot start)


def slots(post: Post) -> list[int]:
    if post.slot_minutes <= 0:
        return []
    return list(range(post.start, post.end - post.slot_minutes + 1, post.slot_minutes))


def city_day(minute: int, utc_offset_minutes: int) -> int:
    return (minute + utc_offset_minutes) // DAY


def day_minutes(start: int, end: int, utc_offset_minutes: int) -> dict[int, int]:
    """Minutes of [start, end) on each city day it touches."""
    out: dict[int, int] = {}
    t = start
    while t < end:
        day = city_day(t, utc_offset_minutes)
        cut = min(end, (day + 1) * DAY - utc_offset_minutes)
        out[day] = out.get(day, 0) + cut - t
        t = cut
    return out


def _overlaps(start: int, end: int, intervals: Iterable[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in intervals)


# ------------------------------------------------------------------------------------------ the instance


class _Context:
    """The instance with what the model, the constructive pass and explain() look up."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.offset = instance.utc_offset_minutes
        self.rest = instance.min_rest_minutes
        self.posts = {p.id: p for p in instance.posts}
        self.people = {p.id: p for p in instance.people}
        self.slot_end = {(p.id, s): s + p.slot_minutes for p in instance.posts for s in slots(p)}
        self.pins = set(instance.pinned)
        self.busy_days = {p.id: _sum_days(p.busy, self.offset) for p in instance.people}
        self.eligible: dict[int, list[tuple[int, int, int]]] = {
            p.id: [(post.id, s, s + post.slot_minutes) for post in instance.posts if self.suits(p, post)
                   for s in slots(post) if self.free(p, s, s + post.slot_minutes)]
            for p in instance.people if p.id not in instance.absent}
        self.allowed: set[Key] = {(p, post, s) for p, options in self.eligible.items() for post, s, _e in options}
        self.standing: dict[tuple[int, int], list[int]] = defaultdict(list)
        for person, post, s in sorted(self.allowed):
            self.standing[post, s].append(person)
        pinned_here: dict[tuple[int, int], int] = defaultdict(int)
        for c in self.pins:
            pinned_here[c.post, c.start] += 1
        self.cap = {key: max(self.target(key), *self.posts[key[0]].requirements.values(), pinned_here[key])
                    for key in self.slot_end}
        self.unit = math.gcd(*(p.slot_minutes for p in instance.posts if slots(p))) or 1
        self.tolerance = max((p.slot_minutes for p in instance.posts), default=0)  # a department's free deviation
        self.capacity = {person: self._capacity_units(person) for person in self.eligible}
        self.floor = self._floor()

    def suits(self, person: Person, post: Post) -> bool:
        return not post.gender or person.gender == post.gender

    def free(self, person: Person, start: int, end: int) -> bool:
        """Not unavailable, not busy, and the slot fits the day's limit beside the busy time."""
        busy = self.busy_days[person.id]
        if not (person.unavailable or busy) and end - start <= person.max_minutes_per_day:
            return True
        if _overlaps(start, end, person.unavailable) or _overlaps(start, end, person.busy):
            return False
        return all(busy.get(d, 0) + m <= person.max_minutes_per_day
                   for d, m in day_minutes(start, end, self.offset).items())

    def target(self, key: tuple[int, int]) -> int:
        post = self.posts[key[0]]
        return max(post.desired_headcount, post.min_headcount)

    def units(self, key: tuple[int, int]) -> int:
        return self.posts[key[0]].slot_minutes // self.unit

    def department_sizes(self) -> dict[str, int]:
        """Present people able to stand somewhere, by department: the shares of the duty."""
        sizes: dict[str, int] = defaultdict(int)
        for person, options in self.eligible.items():
            if options:
                sizes[self.people[person].department] += 1
        return sizes

    def _floor(self) -> int:
        """A lower bound of desired + people over every roster: min over X placed of W_DESIRED·(S - X) + F(X).

        S is the sum of the targets; F(X) the cheapest spread of the load X places carry (at least the
        shortest slot each) over everyone's capacity: the smallest per-unit costs of the convex people term.
        Valid for any roster since each slot's shortfall is at least its target less those placed.
        """
        unit = self.unit
        marginal = sorted(cost for c in self.capacity.values() for cost in _level_costs(c, unit))
        spent = [0]
        for cost in marginal:
            spent.append(spent[-1] + cost)
        target = sum(self.target(key) for key in self.slot_end)
        shortest = min((self.units(key) for key in self.slot_end), default=0)
        return min(W_DESIRED * (target - placed) + spent[placed * shortest]
                   for placed in range(target + 1) if placed * shortest < len(spent))

    def _capacity_units(self, person_id: int) -> int:
        person = self.people[person_id]
        spans = _merge((s, e) for _p, s, e in self.eligible[person_id])
        on_day = _sum_days(spans, self.offset)
        busy = self.busy_days[person_id]
        return sum(min(m, person.max_minutes_per_day - busy.get(d, 0)) for d, m in on_day.items()) // self.unit


def _sum_days(intervals: Iterable[tuple[int, int]], offset: int) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for s, e in intervals:
        for d, m in day_minutes(s, e, offset).items():
            out[d] += m
    return out


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


# ---------------------------------------------------------------------------------------- explain()


def explain(instance: Instance) -> list[Explanation]:
    """What makes the instance infeasible on its face, without CP-SAT: bad pins and too few people."""
    ctx, unknown = _context(instance)
    return unknown + _explain(ctx)


def _context(instance: Instance) -> tuple[_Context, list[Explanation]]:
    """The context of the instance without the pins that name nothing, and those pins explained."""
    people = {p.id for p in instance.people}
    grid = {p.id: set(slots(p)) for p in instance.posts}
    bad = [c for c in dict.fromkeys(instance.pinned) if c.person not in people or c.start not in grid.get(c.post, ())]
    ctx = _Context(replace(instance, pinned=tuple(c for c in instance.pinned if c not in bad)))
    return ctx, [Explanation("pin_unknown", post=c.post, person=c.person, start=c.start) for c in bad]


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


def _cell_order(c: Cell) -> tuple[int, int, int]:
    return c.person, c.start, c.post


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
    return _lacking(ctx, able)


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


# --------------------------------------------------------------------------------- the constructive pass


class _Duty:
    """One person's duty while the constructive pass builds: pieces (start, end) incl. busy, minutes per day."""

    __slots__ = ("pieces", "days", "load", "posts")

    def __init__(self, person: Person, busy_days: dict[int, int]) -> None:
        self.pieces = list(person.busy)
        self.days = dict(busy_days)
        self.load = 0  # minutes on this roster
        self.posts: set[int] = set()

    def fits(self, ctx: _Context, person: Person, start: int, end: int) -> bool:
        if _overlaps(start, end, self.pieces):
            return False
        if any(self.days.get(d, 0) + m > person.max_minutes_per_day
               for d, m in day_minutes(start, end, ctx.offset).items()):
            return False
        before = max((e for _s, e in self.pieces if e <= start), default=start)
        after = min((s for s, _e in self.pieces if s >= end), default=end)
        return not (0 < start - before < ctx.rest or 0 < after - end < ctx.rest)

    def take(self, ctx: _Context, post: int, start: int, end: int) -> None:
        self.posts.add(post)
        self.pieces.append((start, end))
        for d, m in day_minutes(start, end, ctx.offset).items():
            self.days[d] = self.days.get(d, 0) + m
        self.load += end - start

    def touches(self, start: int, end: int) -> bool:
        return any(e == start or s == end for s, e in self.pieces)

    def release(self, ctx: _Context, start: int, end: int) -> None:
        """Gives up [start, end), all of it taken before (whether as one piece or several)."""
        self.pieces = [(a, b) for s, e in self.pieces
                       for a, b in (((s, e),) if e <= start or end <= s else ((s, start), (end, e))) if a < b]
        for d, m in day_minutes(start, end, ctx.offset).items():
            self.days[d] -= m
        self.load -= end - start


@dataclass(frozen=True)
class _Piece:
    """Back-to-back slots of one post for one person: a lane of the post cut to about the mean load."""

    post: int
    starts: tuple[int, ...]
    qualification: str  # the holders' lane of a requirement, or ""
    rank: int  # 0 requirement, 1 minimum, 2 desired: the order of filling


def construct(instance: Instance, start: Iterable[Cell] = ()) -> list[Cell]:
    """A roster built greedily (the baseline and CP-SAT's hint), from `start` (taken as given) and the pins.

    It may leave places uncovered; what it adds never breaks another hard rule.
    """
    return _Builder(_context(instance)[0], start).cells()


def _construct(ctx: _Context, start: Iterable[Cell]) -> tuple[list[Cell], bool]:
    builder = _Builder(ctx, start)
    cells = builder.cells()
    return cells, builder.complete()


class _Builder:
    """The constructive pass, greedy by the objective's own marginal costs.

    Each post's demand is cut into lanes (a requirement's holders, the minimum, up to desired) and each lane
    into pieces about as long as the fair load, so that most people get one stretch on one post. A piece
    nobody can take whole is halved; single slots left over are filled one by one.
    """

    def __init__(self, ctx: _Context, start: Iterable[Cell]) -> None:
        self.ctx = ctx
        self.duties = {p: _Duty(ctx.people[p], ctx.busy_days[p]) for p in ctx.eligible}
        self.chosen: set[Key] = set()
        self.placed: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.standing = {key: set(people) for key, people in ctx.standing.items()}
        self.rarity = _scarcity(ctx)
        sizes = ctx.department_sizes()
        need = sum(ctx.target(key) * (end - key[1]) for key, end in ctx.slot_end.items())
        self.share = {d: need * size / max(1, sum(sizes.values())) for d, size in sizes.items()}
        self.duty_of: dict[str, int] = defaultdict(int)
        self.mean = need / max(1, sum(1 for options in ctx.eligible.values() if options))  # minutes per person
        # The given cells are taken as they are (pins and kept cells were checked before): one at a time,
        # a cell may seem too close to the next before the cell between them is in.
        for c in sorted(set(start) | ctx.pins, key=_cell_order):
            end = ctx.slot_end[c.post, c.start]
            if c.person in self.standing.get((c.post, c.start), ()) and not _overlaps(
                    c.start, end, self.duties[c.person].pieces):
                self._place(c.person, c.post, (c.start,))

    def cells(self) -> list[Cell]:
        # Pieces as long as the mean load, so that most people stand one stretch on one post; the rest of
        # a lane is a shorter piece for someone whose stretch was short. Requirements' lanes first (their
        # holders are few), then the longest pieces, which only people still free can take.
        pieces = [piece for lane in self._runs()
                  for piece in _cut(lane, max(1, round(self.mean / self.ctx.posts[lane.post].slot_minutes)))]
        pieces.sort(key=lambda pc: (pc.rank > 0, -self.rarity.get(pc.qualification, 0.0), -len(pc.starts),
                                    pc.rank, pc.starts[0], pc.post), reverse=True)
        while pieces:
            piece = pieces.pop()
            if piece.rank:  # the requirements' lanes are all placed: no more holders to save for them
                self.rarity = {}
            if not self._assign(piece) and len(piece.starts) > 1:
                half = len(piece.starts) // 2
                pieces += [_Piece(piece.post, piece.starts[half:], piece.qualification, piece.rank),
                           _Piece(piece.post, piece.starts[:half], piece.qualification, piece.rank)]
        for rank in (0, 1, 2):  # what the lanes left, slot by slot
            for piece in sorted((pc for lane in self._runs() for pc in _cut(lane, 1)), key=lambda pc: pc.starts):
                if piece.rank == rank:
                    self._assign(piece)
        self._rebalance()
        return [Cell(*k) for k in sorted(self.chosen)]

    def _rebalance(self) -> None:
        """Hands the end of a long stretch to someone with less duty, wherever that lowers the objective.

        Pieces are cut to the mean load, but lanes end where they end: what is left over lands on some people
        twice. This evens it out, one end of a stretch at a time, from the most loaded person down.
        """
        unit = self.ctx.unit
        for giver in sorted(self.duties, key=lambda p: (-self.duties[p].load, p)):
            excess = (self.duties[giver].load - self.mean) / unit
            if excess < 1:
                break
            for post, run in self._own_runs(giver):
                count = min(len(run) - 1, math.ceil(excess * unit / self.ctx.posts[post].slot_minutes))
                if count > 0 and (self._hand_over(giver, post, run[-count:], after=True)
                                  or self._hand_over(giver, post, run[:count], after=False)):
                    break

    def _own_runs(self, p: int) -> list[tuple[int, tuple[int, ...]]]:
        """The person's cells as runs of back-to-back slots on one post."""
        runs: list[tuple[int, list[int]]] = []
        for _p, post, s in sorted(k for k in self.chosen if k[0] == p):
            if runs and runs[-1][0] == post and runs[-1][1][-1] + self.ctx.posts[post].slot_minutes == s:
                runs[-1][1].append(s)
            else:
                runs.append((post, [s]))
        return [(post, tuple(starts)) for post, starts in runs]

    def _hand_over(self, giver: int, post: int, starts: tuple[int, ...], *, after: bool) -> bool:
        """Moves the giver's cells at `starts` (one end of a run) to the cheapest taker, if that saves."""
        slot = self.ctx.posts[post].slot_minutes
        start, end = starts[0], starts[-1] + slot
        duty = self.duties[giver]
        if any((s == end) if after else (e == start) for s, e in duty.pieces):
            return False  # the stretch goes on past this end: giving it away would break it in two
        lost = [q for q, need in self.ctx.posts[post].requirements.items()
                if q in self.ctx.people[giver].qualifications
                and any(sum(q in self.ctx.people[p].qualifications for p in self.placed[post, s]) <= need
                        for s in starts)]
        if len(lost) > 1:
            return False
        piece = _Piece(post, starts, lost[0] if lost else "", 2)
        taker = self.ranked(piece, 1)
        if not taker or self._cost(taker[0], piece) >= self._saving(giver, piece):
            return False
        duty.release(self.ctx, start, end)
        self.duty_of[self.ctx.people[giver].department] -= end - start
        for s in starts:
            self.chosen.discard((giver, post, s))
            self.placed[post, s].remove(giver)
        self._place(taker[0], post, starts)
        return True

    def _saving(self, p: int, piece: _Piece) -> float:
        """What taking the piece (an end of one of p's runs) away from p saves: load, department, preference."""
        ctx, person, duty = self.ctx, self.ctx.people[p], self.duties[p]
        minutes = len(piece.starts) * ctx.posts[piece.post].slot_minutes
        done = duty.load // ctx.unit
        saving: float = sum(_level_costs(done, ctx.unit)[done - minutes // ctx.unit:])
        off, tolerance = self.duty_of[person.department] - self.share.get(person.department, 0.0), ctx.tolerance
        saving += W_DEPARTMENTS * (max(0.0, abs(off) - tolerance) - max(0.0, abs(off - minutes) - tolerance))
        if person.preferred_posts and piece.post not in person.preferred_posts:
            saving += W_PREFERENCES * len(piece.starts)
        return saving

    def complete(self) -> bool:
        return all(run.rank == 2 for run in self._runs())

    def _needs(self, key: tuple[int, int]) -> list[tuple[str, int]]:
        """The open places of a slot in filling order: (qualification or "", rank), one per place."""
        post, here = self.ctx.posts[key[0]], self.placed.get(key, [])
        needs: list[tuple[str, int]] = []
        for q, need in sorted(post.requirements.items()):
            needs += [(q, 0)] * max(0, need - sum(q in self.ctx.people[p].qualifications for p in here))
        needs += [("", 1)] * max(0, post.min_headcount - len(here) - len(needs))
        needs += [("", 2)] * max(0, self.ctx.target(key) - len(here) - len(needs))
        return needs[:max(0, self.ctx.cap[key] - len(here))]

    def _runs(self) -> list[_Piece]:
        """Every post's open places as lanes: the k-th open place of a kind, over back-to-back slots."""
        out = []
        for post in self.ctx.posts.values():
            runs: dict[tuple[str, int, int], list[list[int]]] = defaultdict(list)
            for s in slots(post):
                seen: dict[tuple[str, int], int] = defaultdict(int)
                for q, rank in self._needs((post.id, s)):
                    lane = runs[q, rank, seen[q, rank]]
                    seen[q, rank] += 1
                    if lane and lane[-1][-1] == s - post.slot_minutes:
                        lane[-1].append(s)
                    else:
                        lane.append([s])
            out += [_Piece(post.id, tuple(run), q, rank) for (q, rank, _i), lane in runs.items() for run in lane]
        return out

    def _fits(self, p: int, post: int, starts: tuple[int, ...]) -> bool:
        end = starts[-1] + self.ctx.posts[post].slot_minutes
        return self.duties[p].fits(self.ctx, self.ctx.people[p], starts[0], end)

    def _assign(self, piece: _Piece) -> bool:
        best = self.ranked(piece, 1)
        if best:
            self._place(best[0], piece.post, piece.starts)
        return bool(best)

    def ranked(self, piece: _Piece, limit: int) -> list[int]:
        """The `limit` people who can take the piece at the least cost, best first."""
        people = set.intersection(*(self.standing.get((piece.post, s), set()) for s in piece.starts))
        people -= {p for s in piece.starts for p in self.placed.get((piece.post, s), ())}
        if piece.qualification:
            people = {p for p in people if piece.qualification in self.ctx.people[p].qualifications}
        return [p for _cost, p in heapq.nsmallest(limit, (
            (self._cost(p, piece), p) for p in people if self._fits(p, piece.post, piece.starts)))]

    def _cost(self, p: int, piece: _Piece) -> float:
        """What giving the piece to p adds to the objective, plus the price of using a rare qualification."""
        ctx, person, duty = self.ctx, self.ctx.people[p], self.duties[p]
        slot = ctx.posts[piece.post].slot_minutes
        start, end = piece.starts[0], piece.starts[-1] + slot
        minutes = end - start
        done = duty.load // ctx.unit
        cost: float = sum(_level_costs(done + minutes // ctx.unit, ctx.unit)[done:])
        off, tolerance = self.duty_of[person.department] - self.share.get(person.department, 0.0), ctx.tolerance
        cost += W_DEPARTMENTS * (max(0.0, abs(off + minutes) - tolerance) - max(0.0, abs(off) - tolerance))
        if duty.load:  # another post, another stretch (as _continuity counts them)
            cost += W_CONTINUITY * ((piece.post not in duty.posts) + (not duty.touches(start, end)))
        if person.preferred_posts and piece.post not in person.preferred_posts:
            cost += W_PREFERENCES * len(piece.starts)
        rare = sum(self.rarity.get(q, 0.0) for q in person.qualifications - {piece.qualification})
        return cost + W_DESIRED * rare * len(piece.starts)

    def _place(self, p: int, post: int, starts: tuple[int, ...]) -> None:
        slot = self.ctx.posts[post].slot_minutes
        self.duties[p].take(self.ctx, post, starts[0], starts[-1] + slot)
        self.duty_of[self.ctx.people[p].department] += len(starts) * slot
        for s in starts:
            self.chosen.add((p, post, s))
            self.placed[post, s].append(p)


def _cut(lane: _Piece, length: int) -> list[_Piece]:
    """The lane in pieces of `length` slots and what remains."""
    return [_Piece(lane.post, lane.starts[at:at + length], lane.qualification, lane.rank)
            for at in range(0, len(lane.starts), length)]


def _scarcity(ctx: _Context) -> dict[str, float]:
    """How hard each required qualification is to find: holder-minutes required per holder-minute there is."""
    required: dict[str, int] = defaultdict(int)
    for (post, s), end in ctx.slot_end.items():
        for q, need in ctx.posts[post].requirements.items():
            required[q] += need * (end - s)
    held: dict[str, int] = defaultdict(int)
    for p in ctx.eligible:
        for q in ctx.people[p].qualifications & required.keys():
            held[q] += ctx.people[p].max_minutes_per_day
    return {q: need / max(1, held[q]) for q, need in required.items()}


def _candidates(ctx: _Context, keep: set[Key]) -> list[Key]:
    """Every eligible (person, post, slot), or on big instances each person's few most useful posts."""
    everything = _everything(ctx)
    if len(everything) <= CANDIDATE_LIMIT:
        return everything
    # How much a post needs each of the people who could stand there, per qualification it requires too.
    pressure: dict[tuple[int, str], float] = defaultdict(float)
    for (post, s), people in ctx.standing.items():
        pressure[post, ""] += ctx.cap[post, s] / len(people)
        for q, need in ctx.posts[post].requirements.items():
            holders = sum(q in ctx.people[p].qualifications for p in people)
            pressure[post, q] += need / max(1, holders)
    posts_of: dict[int, set[int]] = defaultdict(set)
    for p, post, _s in keep:
        posts_of[p].add(post)
    for p, options in ctx.eligible.items():
        person = ctx.people[p]
        own = {post for post, _s, _e in options}
        posts_of[p] |= own & person.preferred_posts
        use = {post: pressure[post, ""] + sum(pressure[post, q] for q in person.qualifications) for post in own}
        ranked = sorted(own, key=use.__getitem__, reverse=True)
        for post in ranked:
            if len(posts_of[p]) >= POSTS_PER_PERSON:
                break
            posts_of[p].add(post)
    return [k for k in everything if k[1] in posts_of[k[0]]]


# ------------------------------------------------------------------------------------------- the model


Lit = cp_model.IntVar | int  # a candidate cell's variable, or 1 for a fixed cell (a pin, a kept published cell)


class _Model:
    """A CP-SAT model of the roster over candidate cells; fixed cells enter it as the constant 1."""

    def __init__(self, ctx: _Context, candidates: Iterable[Key], fixed: Iterable[Key]) -> None:
        self.ctx = ctx
        self.model = cp_model.CpModel()
        self.penalties = Penalties()
        self.x: dict[Key, Lit] = {k: 1 for k in fixed}
        if not self.x.keys() <= ctx.allowed:  # a given cell of someone absent, unavailable, of the wrong gender
            self.model.add_bool_or([])
        settled: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for p, post, s in self.x:
            settled[p].append((s, ctx.slot_end[post, s]))
        for p, post, s in candidates:  # those clashing with the person's fixed cells can only be 0
            if (p, post, s) not in self.x and not _overlaps(s, ctx.slot_end[post, s], settled.get(p, ())):
                self.x[p, post, s] = self.model.new_bool_var("")
        self.by_person: dict[int, list[tuple[int, int, int, Lit]]] = defaultdict(list)
        self.by_slot: dict[tuple[int, int], list[tuple[int, Lit]]] = defaultdict(list)
        for (p, post, s), v in self.x.items():
            self.by_person[p].append((s, ctx.slot_end[post, s], post, v))
            self.by_slot[post, s].append((p, v))
        self.shortfalls: list[cp_model.IntVar] = []  # per slot, below the desired headcount
        self.core: cp_model.IntVar | None = None  # desired + people (see _fair_load)

    def units_of(self, items: Iterable[tuple[int, int, int, Lit]]) -> cp_model.LinearExpr:
        items = list(items)
        return cp_model.LinearExpr.weighted_sum([v for *_rest, v in items],
                                                [(e - s) // self.ctx.unit for s, e, _post, _v in items])

    def require(self, constraint: cp_model.BoundedLinearExpression | bool) -> None:
        """model.add for a constraint that fixed cells may have folded into a plain truth value."""
        if constraint is False:
            self.model.add_bool_or([])
        elif constraint is not True:
            self.model.add(constraint)


def _build(ctx: _Context, candidates: Iterable[Key], *, partial: bool, fixed: Iterable[Cell],
           published: Iterable[Cell], soft: bool = True) -> _Model:
    """The model; without `soft` only coverage costs (enough to name what nobody can cover, and quick)."""
    m = _Model(ctx, candidates, [(c.person, c.post, c.start) for c in fixed])
    _coverage(m, partial)
    _qualifications(m, partial)
    _one_place(m)
    _day_hours(m)
    _rest(m)
    if soft:
        _departments(m)
        _fair_load(m)
        _continuity(m)
        _preferences(m)
        if published:
            _changes(m, published)
    return m


def _at_least(m: _Model, placed: list[Lit], need: int, partial: bool) -> None:
    if need <= 0:
        return
    if partial:
        missing = m.model.new_int_var(0, need, "")
        m.require(sum(placed) + missing >= need)
        m.penalties.add("uncovered", W_UNCOVERED, missing)
    else:
        m.require(sum(placed) >= need)


def _coverage(m: _Model, partial: bool) -> None:
    """Between the minimum (hard, or dominant soft when partial) and the cap; each place below desired costs."""
    for key in m.ctx.slot_end:
        placed = [v for _p, v in m.by_slot.get(key, ())]
        _at_least(m, placed, m.ctx.posts[key[0]].min_headcount, partial)
        if len(placed) > m.ctx.cap[key]:
            m.require(sum(placed) <= m.ctx.cap[key])
        short = cover(m.model, m.penalties, placed, target=m.ctx.target(key), under=("desired", W_DESIRED))
        if short is not None:
            m.shortfalls.append(short)


def _qualifications(m: _Model, partial: bool) -> None:
    for key in m.ctx.slot_end:
        for q, need in m.ctx.posts[key[0]].requirements.items():
            holders = [v for p, v in m.by_slot.get(key, ()) if q in m.ctx.people[p].qualifications]
            _at_least(m, holders, need, partial)


def _one_place(m: _Model) -> None:
    """Fixed cells took no part: candidates clashing with them were never made (see _Model)."""
    for items in m.by_person.values():
        one_at_a_time(m.model, [(s, e, v) for s, e, _post, v in items if not isinstance(v, int)])


def _day_hours(m: _Model) -> None:
    """Minutes per city day, busy time included (slots that alone overflow it are no candidates)."""
    for p, items in m.by_person.items():
        person = m.ctx.people[p]
        terms: dict[int, list[tuple[int, Lit]]] = defaultdict(list)
        for s, e, _post, v in items:
            for d, minutes in day_minutes(s, e, m.ctx.offset).items():
                terms[d].append((minutes, v))
        for d, day in terms.items():
            room = person.max_minutes_per_day - m.ctx.busy_days[p].get(d, 0)
            if sum(minutes for minutes, _v in day) > room:
                m.require(sum(minutes * v for minutes, v in day) <= room)


def _rest(m: _Model) -> None:
    """No gap in (0, rest) between a stretch that ends at t and the next that starts at t'.

    With E[t]/S[t] the (0/1) sums of a person's pieces (cells, busy time) ending/starting at t, a stretch
    ends at t when E[t] = 1 and S[t] = 0: E[t] + S[t'] <= 1 + S[t]. Pairs with settled time (busy, fixed
    cells) between them are left to the pairs around it; a gap between two busy pieces was made
    elsewhere and is not this roster's to forbid.
    """
    for p, items in m.by_person.items():
        ends: dict[int, list[Lit]] = defaultdict(list)
        starts: dict[int, list[Lit]] = defaultdict(list)
        for s, e, _post, v in items:
            ends[e].append(v)
            starts[s].append(v)
        busy = m.ctx.people[p].busy
        settled = list(busy) + [(s, e) for s, e, _post, v in items if isinstance(v, int)]
        busy_ends, busy_starts = {e for _s, e in busy}, {s for s, _e in busy}
        later = sorted(set(starts) | busy_starts)
        for t in sorted((set(ends) | busy_ends) - busy_starts):
            for t2 in later[bisect_right(later, t):bisect_left(later, t + m.ctx.rest)]:
                if _overlaps(t, t2, settled) or (t not in ends and t2 not in starts):
                    continue
                ended = sum(ends.get(t, [])) + (t in busy_ends)
                m.require(ended + sum(starts.get(t2, [])) + (t2 in busy_starts) <= 1 + sum(starts.get(t, [])))


def _departments(m: _Model) -> None:
    """Each department's duty in proportion to its size: |M_d - T·s_d/N| beyond one slot, in units."""
    sizes = m.ctx.department_sizes()
    if len(sizes) < 2:
        return
    n = sum(sizes.values())
    of_department: dict[str, list] = defaultdict(list)
    for p, items in m.by_person.items():
        of_department[m.ctx.people[p].department] += items
    bound = sum((e - s) // m.ctx.unit for items in m.by_person.values() for s, e, _post, _v in items)
    total = m.model.new_int_var(0, bound, "")
    m.model.add(total == m.units_of(item for items in m.by_person.values() for item in items))
    slack = n * m.ctx.tolerance // m.ctx.unit
    for department, size in sorted(sizes.items()):
        load = m.units_of(of_department[department])
        off = m.model.new_int_var(0, bound, "")
        m.model.add(n * off >= n * load - size * total - slack)
        m.model.add(n * off >= size * total - n * load - slack)
        m.penalties.add("departments", W_DEPARTMENTS * m.ctx.unit, off)


def _fair_load(m: _Model) -> None:
    """Spread of load, convex: each minute of a person's h-th hour of duty costs h - 1.

    The load is a sum of 0/1 levels whose costs rise, so the LP fills them in order by itself and its bound
    is the convex cost of the evenest load: tight, unlike a max-minus-min spread. The objective holds
    `core` = desired + people, whose domain _hint() starts at the floor of the two (_Context._floor):
    CP-SAT's bound is there at once, where its LP over every cell would take minutes to arrive.
    """
    unit, people = m.ctx.unit, list[cp_model.LinearExprT]()
    for p, items in m.by_person.items():
        costs = _level_costs(min(sum((e - s) // unit for s, e, _post, _v in items), m.ctx.capacity[p]), unit)
        if all(isinstance(v, int) for _s, _e, _post, v in items):  # fixed cells only: a constant cost
            people.append(sum(costs[:sum((e - s) // unit for s, e, _post, _v in items)]))
            continue
        levels = [m.model.new_bool_var("") for _ in costs]
        m.model.add(sum(levels) == m.units_of(items))
        people += [cost * z for cost, z in zip(costs, levels, strict=True) if cost]
    desired = W_DESIRED * sum(m.shortfalls)
    top = W_DESIRED * sum(m.ctx.target(k) for k in m.ctx.slot_end) + sum(
        sum(_level_costs(m.ctx.capacity[p], unit)) for p in m.by_person)
    m.core = m.model.new_int_var(0, top, "")
    m.model.add(m.core == cp_model.LinearExpr.sum(people) + desired)
    m.penalties.add("people", 1, m.core - desired)


def _level_costs(units: int, unit: int) -> list[int]:
    """What each unit of a person's load costs, in order: a minute in the h-th hour of duty costs h - 1."""
    return [W_PEOPLE * unit * ((k * unit - 1) // 60) for k in range(1, units + 1)]


def _continuity(m: _Model) -> None:
    """Each post a person stands at beyond the first, and each stretch beyond the first in a city day."""
    for p, items in m.by_person.items():
        _posts_used(m, items)
        _stretches(m, p, items)


def _posts_used(m: _Model, items: list[tuple[int, int, int, Lit]]) -> None:
    on_post: dict[int, list[Lit]] = defaultdict(list)
    for _s, _e, post, v in items:
        on_post[post].append(v)
    if len(on_post) < 2:
        return
    used: list[Lit] = []
    for cells in on_post.values():
        if any(isinstance(v, int) for v in cells):
            used.append(1)
            continue
        post_used = m.model.new_bool_var("")
        for v in cells:
            m.model.add_implication(v, post_used)
        used.append(post_used)
    extra = m.model.new_int_var(0, len(used) - 1, "")
    m.model.add(extra >= sum(used) - 1)
    m.penalties.add("continuity", W_CONTINUITY, extra)


def _stretches(m: _Model, p: int, items: list[tuple[int, int, int, Lit]]) -> None:
    """A stretch begins at t when a cell starts there and nothing (cell or busy time) ends there."""
    ends: dict[int, list[Lit]] = defaultdict(list)
    starts: dict[int, list[Lit]] = defaultdict(list)
    for s, e, _post, v in items:
        ends[e].append(v)
        starts[s].append(v)
    busy_ends = {e for _s, e in m.ctx.people[p].busy}
    per_day: dict[int, list[Lit]] = defaultdict(list)
    for t, begun in starts.items():
        if t in busy_ends or any(isinstance(v, int) for v in ends.get(t, ())):
            continue
        opened = sum(begun)
        if t in ends:  # opened - ended, or nothing: a 0/1 variable for it
            new = m.model.new_bool_var("")
            m.model.add(new >= opened - sum(ends[t]))
            opened = new
        per_day[city_day(t, m.ctx.offset)].append(opened)
    for day in per_day.values():
        if len(day) > 1:
            extra = m.model.new_int_var(0, len(day) - 1, "")
            m.model.add(extra >= sum(day) - 1)
            m.penalties.add("continuity", W_CONTINUITY, extra)


def _preferences(m: _Model) -> None:
    elsewhere = [v for (p, post, _s), v in m.x.items()
                 if m.ctx.people[p].preferred_posts and post not in m.ctx.people[p].preferred_posts]
    if elsewhere:
        m.penalties.add("preferences", W_PREFERENCES, sum(elsewhere))


def _changes(m: _Model, published: Iterable[Cell]) -> None:
    """Cells added or dropped against the published roster (dropped ones without a candidate count as 1)."""
    before = {(c.person, c.post, c.start) for c in published}
    kept = [v for k, v in m.x.items() if k in before]
    added = [v for k, v in m.x.items() if k not in before]
    m.penalties.add("changes", W_CHANGES, len(before) - sum(kept) + sum(added))


# ------------------------------------------------------------------------------------------- solving


@dataclass
class _Budget:
    deadline: float
    workers: int
    on_progress: Callable[[int, int], None] | None
    started: float

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def solve(instance: Instance, time_limit: float = 10.0, *, workers: int = 2,
          on_progress: Callable[[int, int], None] | None = None) -> Solution:
    """The best roster found within time_limit; on_progress(objective, bound) hears of each better one.

    INFEASIBLE always comes with explanations (and no cells). TIMEOUT (no CP-SAT solution in time) comes
    with the constructive roster as cells when that one keeps every hard rule, else with none.
    """
    started = time.perf_counter()
    budget = _Budget(started + time_limit, workers, on_progress, started)
    ctx, unknown = _context(instance)
    problems = [e for e in unknown + _explain(ctx) if e.code.startswith("pin_") or not instance.allow_partial]
    if problems:
        return Solution(Status.INFEASIBLE, (), None, None, {}, tuple(problems), budget.elapsed())
    return _replan(ctx, budget) if instance.published else _plan(ctx, budget)


def _plan(ctx: _Context, budget: _Budget) -> Solution:
    hint, complete = _construct(ctx, ())
    candidates = _candidates(ctx, {(c.person, c.post, c.start) for c in hint})
    solution = _attempt(ctx, budget, candidates, fixed=ctx.pins, hint=hint, published=())
    if solution.status == Status.INFEASIBLE and len(candidates) < len(_everything(ctx)):
        # Proven only for the few posts kept per person: the whole instance may still have a roster.
        solution = _attempt(ctx, budget, _everything(ctx), fixed=ctx.pins, hint=hint, published=())
    if solution.status == Status.TIMEOUT and complete and not validate(ctx.instance, hint):
        return Solution(Status.TIMEOUT, tuple(hint), None, None, {}, (), budget.elapsed(), solution.variables)
    if solution.status == Status.INFEASIBLE:
        return _infeasible(ctx, budget, hint, published=())
    return solution


def _everything(ctx: _Context) -> list[Key]:
    return sorted(ctx.allowed)


def _replan(ctx: _Context, budget: _Budget) -> Solution:
    """Keep every published cell of a present person that still keeps the rules; refill the lost ones.

    Only when that is impossible, the whole roster is open again with a heavy price on each change.
    """
    published = set(ctx.instance.published)
    kept = {c for c in published if (c.person, c.post, c.start) in ctx.allowed} | ctx.pins
    builder = _Builder(ctx, kept)
    lost = {(c.post, c.start) for c in published - kept if (c.post, c.start) in ctx.slot_end}
    refill = [(p, post, s) for post, s in sorted(lost)
              for p in builder.ranked(_Piece(post, (s,), "", 1), REFILL_CANDIDATES)]
    hint = set(builder.cells())
    refill += [(c.person, c.post, c.start) for c in hint if (c.post, c.start) in lost]
    # The choice left is small and the hint near its best: a short search from it, then the answer.
    strict = _attempt(ctx, budget, refill, fixed=kept, hint=hint, published=published, seconds=STRICT_SECONDS,
                      presolve=False)
    if strict.status in (Status.OPTIMAL, Status.FEASIBLE) and not strict.penalties.get("uncovered"):
        return strict
    candidates = _candidates(ctx, {(c.person, c.post, c.start) for c in hint | published} & ctx.allowed)
    solution = _attempt(ctx, budget, candidates, fixed=ctx.pins, hint=hint, published=published)
    if solution.status == Status.INFEASIBLE:
        return _infeasible(ctx, budget, hint, published=published)
    if strict.objective is not None and (solution.objective is None or strict.objective <= solution.objective):
        return strict
    return solution


def _infeasible(ctx: _Context, budget: _Budget, hint: Iterable[Cell], published: Iterable[Cell]) -> Solution:
    """Names the places nobody can cover: the model again with minimum coverage soft and the only cost.

    The best it finds in a quarter of the time limit is the answer: proving that no roster covers more can
    take long even for a few people, and `available` is then what a roster managed, not what none can beat.
    """
    relaxed = _attempt(ctx, replace(budget, on_progress=None), _everything(ctx), fixed=ctx.pins, hint=hint,
                       published=published, partial=True, soft=False,
                       seconds=max(1.0, (budget.deadline - budget.started) / 4))
    # Still no roster: the pins conflict through the hard rules of a person (e.g. a rest gap that only duty
    # beyond the day's hours would bridge) in a way explain()'s checks of single rules do not see.
    explanations = relaxed.explanations or (Explanation("unknown"),)
    return Solution(Status.INFEASIBLE, (), None, None, {}, explanations, budget.elapsed(), relaxed.variables)


def _attempt(ctx: _Context, budget: _Budget, candidates: Iterable[Key], *, fixed: Iterable[Cell],
             hint: Iterable[Cell], published: Iterable[Cell], partial: bool | None = None,
             seconds: float | None = None, soft: bool = True, presolve: bool = True) -> Solution:
    partial = ctx.instance.allow_partial if partial is None else partial
    published = list(published)
    m = _build(ctx, candidates, partial=partial, fixed=fixed, published=published, soft=soft)
    _hint(m, hint, budget)
    parameters = {} if presolve and len(m.x) <= PRESOLVE_LIMIT else {"cp_model_presolve": False}
    limit = budget.left() if seconds is None else min(seconds, budget.left())
    result = run_with(m.model, m.penalties, parameters, time_limit=limit, workers=budget.workers,
                      on_solution=budget.on_progress)
    variables = len(m.model.proto.variables)
    if result.objective is None:
        return Solution(result.status, (), None, None, {}, (), budget.elapsed(), variables)
    cells = tuple(Cell(*k) for k, v in m.x.items() if result.solver.value(v))
    costs = m.penalties.costs(result.solver)
    rules = RULES + (("uncovered",) if partial else ()) + (("changes",) if published else ())
    return Solution(result.status, cells, result.objective, result.bound,
                    {rule: costs.get(rule, 0) for rule in rules},
                    tuple(_shortages(ctx, cells)) if partial else (), budget.elapsed(), variables)


def _hint(m: _Model, cells: Iterable[Cell], budget: _Budget) -> None:
    """Hints every variable, not only the cells, so that CP-SAT starts from a solution instead of a guess.

    The other variables' values come from solving the model with the cells fixed (propagation, in effect).
    Then the floor of desired + people joins the model: a bound no roster can beat, which CP-SAT's
    feasibility heuristics stumble on while they still look for a first roster. When the cells break a
    hard rule (an incomplete constructive roster), only the cells are hinted and the floor stays out.
    """
    chosen = {(c.person, c.post, c.start) for c in cells}
    variables = [(k, v) for k, v in m.x.items() if not isinstance(v, int)]
    fixed = m.model.clone()
    for k, v in variables:
        domain = fixed.proto.variables[v.index].domain
        domain[0] = domain[1] = int(k in chosen)
    fixed.minimize(m.penalties.objective())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, min(5.0, budget.left() / 4))
    if solver.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = solver.response_proto.solution
        m.model.proto.solution_hint.vars.extend(range(len(values)))
        m.model.proto.solution_hint.values.extend(values)
        if m.core is not None:
            m.model.proto.variables[m.core.index].domain[0] = m.ctx.floor
    else:
        for k, v in variables:
            m.model.add_hint(v, int(k in chosen))


def evaluate(instance: Instance, cells: Iterable[Cell], time_limit: float = 10.0) -> Solution:
    """The score analysis of a given roster (a hand-edited one, the constructive baseline): exactly its cells.

    INFEASIBLE (without explanations) when the cells break a hard rule: validate() says which.
    """
    ctx = _context(instance)[0]
    cells = list(dict.fromkeys(cells))
    budget = _Budget(time.perf_counter() + time_limit, 1, None, time.perf_counter())
    return _attempt(ctx, budget, (), fixed=cells, hint=cells, published=instance.published)


# ------------------------------------------------------------------------------------------ validate()


def validate(instance: Instance, cells: Iterable[Cell]) -> list[Violation]:
    """Every hard rule re-checked from the data alone; [] when the roster keeps them all."""
    posts = {p.id: p for p in instance.posts}
    people = {p.id: p for p in instance.people}
    grid = {p.id: set(slots(p)) for p in instance.posts}
    found: list[Violation] = []
    known: dict[Cell, None] = {}  # ordered, without repeats
    for c in cells:
        if c.person not in people or c.post not in posts or c.start not in grid[c.post]:
            found.append(Violation("unknown", c.person, c.post, c.start, "no such person, post or slot"))
        elif c in known:
            found.append(Violation("overlap", c.person, c.post, c.start, "the same cell twice"))
        else:
            known[c] = None
    for c in known:
        found += _cell_violations(instance, people[c.person], posts[c.post], c)
    by_person: dict[int, list[Cell]] = defaultdict(list)
    for c in known:
        by_person[c.person].append(c)
    for person, own in by_person.items():
        found += _person_violations(instance, people[person], posts, own)
    found += _slot_violations(instance, people, list(known))
    found += [Violation("pinned", c.person, c.post, c.start, "pinned cell missing")
              for c in dict.fromkeys(instance.pinned) if c not in known]
    return found


def _cell_violations(instance: Instance, person: Person, post: Post, c: Cell) -> list[Violation]:
    end = c.start + post.slot_minutes
    found = []
    if person.id in instance.absent:
        found.append(Violation("absent", c.person, c.post, c.start))
    if post.gender and person.gender != post.gender:
        found.append(Violation("gender", c.person, c.post, c.start, f"post is for {post.gender!r}"))
    if any(a < end and c.start < b for a, b in person.unavailable + person.busy):
        found.append(Violation("availability", c.person, c.post, c.start, "unavailable or busy elsewhere"))
    return found


def _person_violations(instance: Instance, person: Person, posts: dict[int, Post], own: list[Cell]) -> list[Violation]:
    pieces: list[tuple[int, int, Cell | None]] = sorted(
        [(c.start, c.start + posts[c.post].slot_minutes, c) for c in own] + [(s, e, None) for s, e in person.busy],
        key=lambda i: (i[0], i[1]))
    found = []
    for i, (_s, e, c) in enumerate(pieces):
        for s2, _e2, c2 in pieces[i + 1:]:
            if s2 < e and c is not None and c2 is not None:
                found.append(Violation("overlap", person.id, c2.post, c2.start, f"also on post {c.post}"))
    minutes: dict[int, int] = defaultdict(int)
    ours: set[int] = set()
    for s, e, c in pieces:
        for day, m in day_minutes(s, e, instance.utc_offset_minutes).items():
            minutes[day] += m
            if c is not None:
                ours.add(day)
    found += [Violation("hours", person.id, None, None, f"day {day}: {minutes[day]} > {person.max_minutes_per_day}")
              for day in sorted(ours) if minutes[day] > person.max_minutes_per_day]
    return found + _rest_violations(instance, person, pieces)


def _rest_violations(instance: Instance, person: Person, pieces: list[tuple[int, int, Cell | None]]) -> list[Violation]:
    """Between consecutive stretches, a gap in (0, rest) unless both sides of it are busy time."""
    found = []
    stretch_end, last = None, None  # the end of the current stretch and the piece that reaches it
    for s, e, c in pieces:
        where = c if c is not None else last  # the cell on either side of the gap
        if stretch_end is not None and 0 < s - stretch_end < instance.min_rest_minutes and where is not None:
            found.append(Violation("rest", person.id, where.post, where.start,
                                   f"{s - stretch_end} min between stretches < {instance.min_rest_minutes}"))
        if stretch_end is None or e > stretch_end or (e == stretch_end and c is not None):
            stretch_end, last = e, c
    return found


def _slot_violations(instance: Instance, people: dict[int, Person], known: list[Cell]) -> list[Violation]:
    here: dict[tuple[int, int], list[Person]] = defaultdict(list)
    for c in known:
        here[c.post, c.start].append(people[c.person])
    pinned: dict[tuple[int, int], set[int]] = defaultdict(set)
    for c in instance.pinned:
        pinned[c.post, c.start].add(c.person)
    found = []
    # A partial roster is allowed to fall short of the minimums: its shortages are explained, not broken rules.
    minimums = not instance.allow_partial
    for post in instance.posts:
        most = max(post.desired_headcount, post.min_headcount, *post.requirements.values())
        for s in slots(post):
            staff = here.get((post.id, s), [])
            if minimums and len(staff) < post.min_headcount:
                found.append(Violation("coverage", None, post.id, s, f"{len(staff)} < minimum {post.min_headcount}"))
            if len(staff) > max(most, len(pinned[post.id, s])):
                found.append(Violation("coverage", None, post.id, s, f"{len(staff)} > desired {most}"))
            for q, need in post.requirements.items():
                holders = sum(q in p.qualifications for p in staff)
                if minimums and holders < need:
                    found.append(Violation("qualification", None, post.id, s, f"{holders} {q!r} < {need}"))
    return found
