"""The roster as plain data: posts, people, cells, the instance and the solver's answers; the weights of
the soft rules, the slot grid and city days; and the context (_Context) that the model, the constructive
pass and explain() look things up in.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from solver.cpsat import Status

DAY = 24 * 60

# Weights, lexicographic-ish: each tier outweighs what the tiers below it could gain by one step of it.
W_UNCOVERED = 100_000  # per person-slot below a minimum headcount or qualification requirement (allow_partial)
# Per person-slot below the desired headcount: above what a re-plan pays to call somebody new for one slot
# (W_CALLED + W_CHANGES), so that a lost place is refilled.
W_DESIRED = 3_000
# Per cell differing from the published roster. Above the fairness tiers (people were briefed on the
# published roster, a reshuffle for balance is not worth it) but below `desired`, so that a re-plan still
# refills an empty place with a free person (one change) yet never moves a person (two changes).
W_CHANGES = 600
# Per person called at all: a duty chief calls as few people as the posts need. Heavier than what fairness
# could gain by handing one stretch to somebody new (at most FAIR_CAP per minute of a 4-hour stretch), lighter
# than a place left below the desired headcount.
W_CALLED = 2_000
W_RELIEFS = 60  # per stretch: each hand-over at a post is a relief the duty chief has to organise
W_DEPARTMENTS = 1  # per minute a department's duty is off its share, beyond one slot
W_FAIRNESS = 1  # per minute in a person's h-th hour of duty this year, times min(h - 1, FAIR_CAP)
FAIR_CAP = 8
W_PREFERENCES = 5  # per slot on a post the person did not prefer

RULES = ("desired", "called", "reliefs", "departments", "fairness", "preferences")
# Default minimum stretch: a post window up to WHOLE_WINDOW is stood whole by each person on it; a longer
# one in stretches of at least LONG_WINDOW_STRETCH (set per post otherwise).
WHOLE_WINDOW = 240
LONG_WINDOW_STRETCH = 120


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
    # A person's back-to-back slots here (a stretch) last at least this long; 0 = one slot.
    min_stretch_minutes: int = 0
    # Fixed shifts [(start, end)] cutting the window: people are given whole shifts, not slots (the minimum
    # stretch is then one shift). Empty = slots.
    shifts: tuple[tuple[int, int], ...] = ()


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
    prior_minutes: int = 0  # duty this year on other ceremonies' published rosters: fairness counts on from it


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
    min_rest_minutes: int = 60  # a gap shorter than this between two stretches of duty is forbidden (the break)
    arrival_minutes: int = 0  # before a person's first slot of a city day, for the briefing: counts in the day
    max_stretch_minutes: int = 0  # after this much duty at a stretch, a break of min_rest_minutes; 0 = no limit
    max_stretches_per_day: int = 0  # 0 = no limit
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


def min_stretch(post: Post) -> int:
    """The shortest stretch a person may stand at the post, in whole slots (a shift post: one slot, the
    shifts themselves keep people for the whole shift)."""
    if post.shifts or post.slot_minutes <= 0:
        return post.slot_minutes
    return -(-max(post.min_stretch_minutes, post.slot_minutes) // post.slot_minutes) * post.slot_minutes


def default_min_stretch(window_minutes: int) -> int:
    """The minimum stretch of a post unless set: the whole window, or LONG_WINDOW_STRETCH on long windows."""
    return window_minutes if window_minutes <= WHOLE_WINDOW else LONG_WINDOW_STRETCH


def blocks(post: Post) -> list[tuple[int, ...]]:
    """The units people are given at the post: each shift's slots, or (no shifts) the window's slots in one."""
    grid = slots(post)
    if not post.shifts:
        return [tuple(grid)]
    return [tuple(s for s in grid if a <= s and s + post.slot_minutes <= b) for a, b in sorted(post.shifts)]


def _runs(post: Post, starts: Iterable[int]) -> list[list[int]]:
    """Slot starts of the post in runs of back-to-back slots."""
    runs: list[list[int]] = []
    for s in sorted(starts):
        if runs and runs[-1][-1] + post.slot_minutes == s:
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


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
        # Free slot by slot, and then only those inside a stretch the person could stand whole. People without
        # unavailable or busy time differ in these (and in capacity) only by gender and the day's hours: each
        # kind is worked out once, for its first person (`twin`), which a re-plan's seconds notice.
        self.free_slots: dict[int, list[tuple[int, int, int]]] = {}
        self.eligible: dict[int, list[tuple[int, int, int]]] = {}
        grid = {post.id: slots(post) for post in instance.posts}
        first: dict[tuple[str, int], int] = {}
        twin: dict[int, int] = {}
        for p in instance.people:
            if p.id in instance.absent:
                continue
            twin[p.id] = p.id if p.unavailable or p.busy else first.setdefault((p.gender, p.max_minutes_per_day), p.id)
            if twin[p.id] != p.id:
                self.free_slots[p.id], self.eligible[p.id] = self.free_slots[twin[p.id]], self.eligible[twin[p.id]]
                continue
            self.free_slots[p.id] = [(post.id, s, s + post.slot_minutes) for post in instance.posts
                                     if self.suits(p, post) for s in grid[post.id]
                                     if self.free(p, s, s + post.slot_minutes)]
            self.eligible[p.id] = self._standable(p, self.free_slots[p.id])
        self.allowed: set[Key] = {(p, post, s) for p, options in self.eligible.items() for post, s, _e in options}
        standing: dict[tuple[int, int], list[int]] = defaultdict(list)
        for person in sorted(self.eligible):
            for post, s, _e in self.eligible[person]:
                standing[post, s].append(person)
        # In the order of sorted(allowed), without sorting it: by the first person who can stand there.
        self.standing = defaultdict(list, sorted(standing.items(), key=lambda item: (item[1][0], item[0])))
        pinned_here: dict[tuple[int, int], int] = defaultdict(int)
        for c in self.pins:
            pinned_here[c.post, c.start] += 1
        self.cap = {key: max(self.target(key), *self.posts[key[0]].requirements.values(), pinned_here[key])
                    for key in self.slot_end}
        self.unit = math.gcd(*(p.slot_minutes for p in instance.posts if slots(p))) or 1
        self.tolerance = max((p.slot_minutes for p in instance.posts), default=0)  # a department's free deviation
        own = {person: self._capacity_units(person) for person in set(twin.values())}
        self.capacity = {person: own[twin[person]] for person in self.eligible}
        self.floor = self._floor()

    def _standable(self, person: Person, free: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """The free slots that lie in a run of free slots (or a free shift) as long as the post's stretch."""
        instance = self.instance
        longest = min(instance.max_stretch_minutes or DAY, person.max_minutes_per_day - instance.arrival_minutes)
        by_post: dict[int, set[int]] = defaultdict(set)
        for post, s, _e in free:
            by_post[post].add(s)
        out = []
        for post_id, starts in by_post.items():
            post = self.posts[post_id]
            for block in blocks(post):
                if post.shifts and not set(block) <= starts:
                    continue
                need = len(block) * post.slot_minutes if post.shifts else min_stretch(post)
                for run in _runs(post, [s for s in block if s in starts]):
                    if need <= len(run) * post.slot_minutes and need <= longest:
                        out += [(post_id, s, s + post.slot_minutes) for s in run]
        return sorted(out, key=lambda o: (o[1], o[0]))

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
        """A lower bound of desired + called + fairness over every roster: the least over X places filled and
        c people called of W_DESIRED·(S - X) + W_CALLED·c + F(U, c), with U = X·(the shortest slot).

        S is the sum of the targets (each slot's shortfall is at least its target less those placed); c at
        least the fewest people whose capacities hold U; F(U, c) the fairness of U spread evenly over c people
        with no duty before this ceremony (fairness is convex, and the year's hours only raise it). For one X
        the sum is convex in c, so c goes up from its least until the sum stops falling.
        """
        held = [0]
        for c in sorted(self.capacity.values(), reverse=True):
            held.append(held[-1] + c)
        spent = [0]
        for cost in _level_costs(max(self.capacity.values(), default=0), self.unit):
            spent.append(spent[-1] + cost)
        target = sum(self.target(key) for key in self.slot_end)
        shortest = min((self.units(key) for key in self.slot_end), default=0)
        best = W_DESIRED * target
        for placed in range(1, target + 1):
            units = placed * shortest
            if units > held[-1]:
                break
            here = None
            for called in range(bisect_left(held, units), len(held)):
                share, more = divmod(units, called)
                value = (W_DESIRED * (target - placed) + W_CALLED * called
                         + (called - more) * spent[share] + more * spent[min(share + 1, len(spent) - 1)])
                if here is not None and value >= here:
                    break
                here = value
            best = min(best, here if here is not None else best)
        return best

    def _capacity_units(self, person_id: int) -> int:
        person = self.people[person_id]
        spans = _merge((s, e) for _p, s, e in self.eligible[person_id])
        on_day = _sum_days(spans, self.offset)
        busy = self.busy_days[person_id]
        room = person.max_minutes_per_day - self.instance.arrival_minutes
        return sum(max(0, min(m, room - busy.get(d, 0))) for d, m in on_day.items()) // self.unit


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


def _level_costs(units: int, unit: int, prior: int = 0) -> list[int]:
    """What each unit of a person's load costs, in order: a minute in the h-th hour of duty this year (after
    `prior` minutes on other ceremonies) costs min(h - 1, FAIR_CAP)."""
    return [W_FAIRNESS * unit * min(FAIR_CAP, (prior + k * unit - 1) // 60) for k in range(1, units + 1)]


def _context(instance: Instance) -> tuple[_Context, list[Explanation]]:
    """The context of the instance without the pins that name nothing, and those pins explained."""
    people = {p.id for p in instance.people}
    grid = {p.id: set(slots(p)) for p in instance.posts}
    bad = [c for c in dict.fromkeys(instance.pinned) if c.person not in people or c.start not in grid.get(c.post, ())]
    ctx = _Context(replace(instance, pinned=tuple(c for c in instance.pinned if c not in bad)))
    return ctx, [Explanation("pin_unknown", post=c.post, person=c.person, start=c.start) for c in bad]
