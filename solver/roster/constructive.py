"""The constructive pass: a roster built greedily by the objective's own marginal costs; the baseline,
CP-SAT's complete hint and, on big instances, the source of each person's few candidate posts.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from solver.roster.model import (
    DAY,
    W_CALLED,
    W_DEPARTMENTS,
    W_DESIRED,
    W_PREFERENCES,
    W_RELIEFS,
    Cell,
    Instance,
    Key,
    Person,
    _cell_order,
    _Context,
    _context,
    _level_costs,
    _overlaps,
    blocks,
    city_day,
    day_minutes,
    min_stretch,
    slots,
)

# Above this many (person, post, slot) candidates, each person keeps only a few candidate posts: the ones
# the constructive roster gave them, their preferred ones and the posts that need them most.
CANDIDATE_LIMIT = 60_000
POSTS_PER_PERSON = 8


class _Duty:
    """One person's duty while the constructive pass builds: pieces (start, end, post; None for busy time),
    minutes per city day (the arrival included), stretches begun per day."""

    __slots__ = ("pieces", "days", "load", "begun", "on")

    def __init__(self, person: Person, busy_days: dict[int, int]) -> None:
        self.pieces: list[tuple[int, int, int | None]] = [(s, e, None) for s, e in person.busy]
        self.days = dict(busy_days)
        self.load = 0  # minutes on this roster
        self.begun: dict[int, int] = defaultdict(int)  # stretches begun, per city day
        self.on: set[int] = set()  # the city days with duty here (the arrival counted)

    def fits(self, ctx: _Context, person: Person, post: int, start: int, end: int) -> bool:
        """Whether [start, end) at the post keeps every hard rule of the person's duty beside what they hold."""
        spans = [(s, e) for s, e, _p in self.pieces]
        if _overlaps(start, end, spans):
            return False
        arrival = ctx.instance.arrival_minutes
        if any(self.days.get(d, 0) + m + (0 if d in self.on else arrival) > person.max_minutes_per_day
               for d, m in day_minutes(start, end, ctx.offset).items()):
            return False
        if any(p not in (None, post) and (e == start or s == end) for s, e, p in self.pieces):
            return False  # straight on from another post
        first, last = self._stretch(post, start, end)
        longest = ctx.instance.max_stretch_minutes or DAY
        if not min_stretch(ctx.posts[post]) <= last - first <= longest:
            return False
        limit = ctx.instance.max_stretches_per_day
        if limit and (first, last) == (start, end) and self.begun[city_day(start, ctx.offset)] >= limit:
            return False
        before = max((e for s, e in spans if e <= first), default=first)
        after = min((s for s, e in spans if s >= last), default=last)
        return not (0 < first - before < ctx.rest or 0 < after - last < ctx.rest)

    def _stretch(self, post: int, start: int, end: int) -> tuple[int, int]:
        """The stretch [start, end) would make at the post, joined to the person's pieces there on either side."""
        first, last, grown = start, end, True
        while grown:
            grown = False
            for s, e, p in self.pieces:
                if p == post and (e == first or s == last):
                    first, last, grown = min(first, s), max(last, e), True
        return first, last

    def take(self, ctx: _Context, post: int, start: int, end: int) -> None:
        if self._stretch(post, start, end) == (start, end):
            self.begun[city_day(start, ctx.offset)] += 1
        self.pieces.append((start, end, post))
        for d, m in day_minutes(start, end, ctx.offset).items():
            self.days[d] = self.days.get(d, 0) + m + (0 if d in self.on else ctx.instance.arrival_minutes)
            self.on.add(d)
        self.load += end - start

    def copy(self) -> _Duty:
        twin = _Duty.__new__(_Duty)
        twin.pieces, twin.days, twin.load = list(self.pieces), dict(self.days), self.load
        twin.begun, twin.on = defaultdict(int, self.begun), set(self.on)
        return twin

    def continues(self, post: int, start: int, end: int) -> bool:
        return any(p == post and (e == start or s == end) for s, e, p in self.pieces)


_Moves = list[tuple[int, int, tuple[int, ...]]]  # (taker, post, slot starts)


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
    into as few stretches as the longest stretch allows (whole shifts on a shift post), so that most people
    get one stretch at one post for the ceremony. A piece nobody can take whole is halved; a half shorter
    than the post's minimum stretch goes only to someone it lengthens a stretch of. Last, the stretches of
    the least loaded people go to people already called, wherever that saves calling them.
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
        room = max((ctx.people[p].max_minutes_per_day for p in ctx.eligible), default=0)
        self.longest = min(ctx.instance.max_stretch_minutes or DAY, room - ctx.instance.arrival_minutes)
        # The given cells are taken as they are (pins and kept cells were checked before): one at a time,
        # a cell may seem too close to the next before the cell between them is in.
        self.given: set[Key] = set()
        for c in sorted(set(start) | ctx.pins, key=_cell_order):
            end = ctx.slot_end[c.post, c.start]
            if c.person in self.standing.get((c.post, c.start), ()) and not _overlaps(
                    c.start, end, [(s, e) for s, e, _p in self.duties[c.person].pieces]):
                self._place(c.person, c.post, (c.start,))
                self.given.add((c.person, c.post, c.start))

    def cells(self) -> list[Cell]:
        # Requirements' lanes first (their holders are few), then the longest pieces, which only people still
        # free can take.
        pieces = [piece for lane in self._runs() for piece in self._stretches(lane)]
        pieces.sort(key=lambda pc: (pc.rank > 0, -self.rarity.get(pc.qualification, 0.0), -len(pc.starts),
                                    pc.rank, pc.starts[0], pc.post), reverse=True)
        while pieces:
            piece = pieces.pop()
            if piece.rank:  # the requirements' lanes are all placed: no more holders to save for them
                self.rarity = {}
            if not self._assign(piece) and len(piece.starts) > 1 and not self.ctx.posts[piece.post].shifts:
                half = len(piece.starts) // 2
                pieces += [_Piece(piece.post, piece.starts[half:], piece.qualification, piece.rank),
                           _Piece(piece.post, piece.starts[:half], piece.qualification, piece.rank)]
        self._fewer_people()
        return [Cell(*k) for k in sorted(self.chosen)]

    def _fewer_people(self) -> None:
        """Hands every stretch of a lightly loaded person to people already called, wherever one can take it
        whole and that saves more than it costs: the pieces were given out one by one, before it was known
        who would be called at all.
        """
        runs: dict[int, list[tuple[int, list[int]]]] = defaultdict(list)
        for p, post, s in sorted(self.chosen):
            own = runs[p]
            if own and own[-1][0] == post and own[-1][1][-1] + self.ctx.posts[post].slot_minutes == s:
                own[-1][1].append(s)
            else:
                own.append((post, [s]))
        for p in sorted(runs, key=lambda p: (self.duties[p].load, p)):
            if any((p, post, s) in self.given for post, starts in runs[p] for s in starts):
                continue
            moves = self._takers(p, [(post, tuple(starts)) for post, starts in runs[p]])
            if moves is None:
                continue
            for post, starts in runs[p]:
                for s in starts:
                    self.chosen.discard((p, post, s))
                    self.placed[post, s].remove(p)
            self.duty_of[self.ctx.people[p].department] -= self.duties[p].load
            self.duties[p] = _Duty(self.ctx.people[p], self.ctx.busy_days[p])
            for taker, post, starts in moves:
                self._place(taker, post, starts)
                runs[taker].append((post, list(starts)))
            runs.pop(p)

    def _takers(self, p: int, stretches: list[tuple[int, tuple[int, ...]]]) -> _Moves | None:
        """Who of those called takes each of p's stretches whole, the cheapest each; None if somebody can not
        be found or the moves cost more than calling p does."""
        person, trial, moves = self.ctx.people[p], {}, []
        saving = W_CALLED + W_RELIEFS * len(stretches)
        added = 0.0
        for post, starts in stretches:
            needed = set(self.ctx.posts[post].requirements) & person.qualifications
            end = starts[-1] + self.ctx.posts[post].slot_minutes
            best = None
            for q in set.intersection(*(self.standing.get((post, s), set()) for s in starts)):
                duty = trial.get(q, self.duties[q])
                if q == p or not duty.load or not needed <= self.ctx.people[q].qualifications:
                    continue
                if duty.fits(self.ctx, self.ctx.people[q], post, starts[0], end):
                    cost = self._cost(q, _Piece(post, starts, "", 2), duty)
                    if best is None or cost < best[0]:
                        best = (cost, q)
            if best is None:
                return None
            added += best[0]
            duty = trial.setdefault(best[1], self.duties[best[1]].copy())
            duty.take(self.ctx, post, starts[0], end)
            moves.append((best[1], post, starts))
        return moves if added < saving else None

    def _stretches(self, lane: _Piece) -> list[_Piece]:
        """The lane cut at the post's shifts, each part into as few even stretches as the longest allows."""
        post = self.ctx.posts[lane.post]
        out = []
        for block in blocks(post):
            part = [s for s in lane.starts if s in set(block)]
            if not part:
                continue
            count = 1 if post.shifts else max(1, math.ceil(len(part) * post.slot_minutes / max(1, self.longest)))
            size = math.ceil(len(part) / count)
            out += [_Piece(lane.post, tuple(part[at:at + size]), lane.qualification, lane.rank)
                    for at in range(0, len(part), size)]
        return out

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
        return self.duties[p].fits(self.ctx, self.ctx.people[p], post, starts[0], end)

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

    def _cost(self, p: int, piece: _Piece, duty: _Duty | None = None) -> float:
        """What giving the piece to p adds to the objective, plus the price of using a rare qualification."""
        ctx, person, duty = self.ctx, self.ctx.people[p], duty or self.duties[p]
        slot = ctx.posts[piece.post].slot_minutes
        start, end = piece.starts[0], piece.starts[-1] + slot
        minutes = end - start
        done = duty.load // ctx.unit
        cost: float = sum(_level_costs(done + minutes // ctx.unit, ctx.unit, person.prior_minutes)[done:])
        off, tolerance = self.duty_of[person.department] - self.share.get(person.department, 0.0), ctx.tolerance
        cost += W_DEPARTMENTS * (max(0.0, abs(off + minutes) - tolerance) - max(0.0, abs(off) - tolerance))
        cost += W_CALLED * (not duty.load) + W_RELIEFS * (not duty.continues(piece.post, start, end))
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


def _everything(ctx: _Context) -> list[Key]:
    return sorted(ctx.allowed)


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
