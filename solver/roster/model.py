"""The roster as plain data: posts, people, cells, the instance and the solver's answers; the weights of
the soft rules, the slot grid and city days; and the context (_Context) that the model, the constructive
pass and explain() look things up in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from solver.cpsat import Status

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


def _cell_order(c: Cell) -> tuple[int, int, int]:
    return c.person, c.start, c.post


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


def _level_costs(units: int, unit: int) -> list[int]:
    """What each unit of a person's load costs, in order: a minute in the h-th hour of duty costs h - 1."""
    return [W_PEOPLE * unit * ((k * unit - 1) // 60) for k in range(1, units + 1)]


def _context(instance: Instance) -> tuple[_Context, list[Explanation]]:
    """The context of the instance without the pins that name nothing, and those pins explained."""
    people = {p.id for p in instance.people}
    grid = {p.id: set(slots(p)) for p in instance.posts}
    bad = [c for c in dict.fromkeys(instance.pinned) if c.person not in people or c.start not in grid.get(c.post, ())]
    ctx = _Context(replace(instance, pinned=tuple(c for c in instance.pinned if c not in bad)))
    return ctx, [Explanation("pin_unknown", post=c.post, person=c.person, start=c.start) for c in bad]
