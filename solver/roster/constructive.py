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
    W_CONTINUITY,
    W_DEPARTMENTS,
    W_DESIRED,
    W_PREFERENCES,
    Cell,
    Instance,
    Key,
    Person,
    _cell_order,
    _Context,
    _context,
    _level_costs,
    _overlaps,
    day_minutes,
    slots,
)

# Above this many (person, post, slot) candidates, each person keeps only a few candidate posts: the ones
# the constructive roster gave them, their preferred ones and the posts that need them most.
CANDIDATE_LIMIT = 60_000
POSTS_PER_PERSON = 8


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
