"""validate(): every hard rule re-checked from the data alone; it shares with the model only the slot
grid and city days (slots(), day_minutes()).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from solver.roster.model import Cell, Instance, Person, Post, Violation, day_minutes, slots


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
    for day in ours:  # the arrival before the day's first slot, for the briefing
        minutes[day] += instance.arrival_minutes
    found += [Violation("hours", person.id, None, None, f"day {day}: {minutes[day]} > {person.max_minutes_per_day}")
              for day in sorted(ours) if minutes[day] > person.max_minutes_per_day]
    return found + _rest_violations(instance, person, pieces) + _stretch_violations(instance, person, posts, own)


def _stretch_violations(instance: Instance, person: Person, posts: dict[int, Post], own: list[Cell]) -> list[Violation]:
    """A stretch (back-to-back cells at one post) never runs on at another post; it lasts at least the post's
    minimum (whole shifts on a shift post) and at most max_stretch_minutes; max_stretches_per_day a day."""
    found = []
    ending: dict[int, list[Cell]] = defaultdict(list)
    for c in own:
        ending[c.start + posts[c.post].slot_minutes].append(c)
    found += [Violation("post_switch", person.id, c.post, c.start, f"straight on from post {before.post}")
              for c in own for before in ending.get(c.start, ()) if before.post != c.post]
    begun: dict[int, int] = defaultdict(int)
    for post_id in sorted({c.post for c in own}):
        post = posts[post_id]
        slot = post.slot_minutes
        starts = sorted(c.start for c in own if c.post == post_id)
        runs: list[list[int]] = []
        for s in starts:
            if runs and runs[-1][-1] + slot == s:
                runs[-1].append(s)
            else:
                runs.append([s])
        shortest = slot if post.shifts else -(-max(post.min_stretch_minutes, slot) // slot) * slot
        for run in runs:
            length = len(run) * slot
            if length < shortest:
                found.append(Violation("stretch", person.id, post_id, run[0], f"{length} min < {shortest}"))
            if instance.max_stretch_minutes and length > instance.max_stretch_minutes:
                found.append(Violation("break", person.id, post_id, run[0],
                                       f"{length} min without a break > {instance.max_stretch_minutes}"))
            begun[min(day_minutes(run[0], run[0] + 1, instance.utc_offset_minutes))] += 1
        for a, b in post.shifts:
            inside = [s for s in slots(post) if a <= s and s + slot <= b]
            held = [s for s in inside if s in starts]
            if held and len(held) < len(inside):
                found.append(Violation("shift", person.id, post_id, held[0], f"{len(held)} of {len(inside)} slots"))
    limit = instance.max_stretches_per_day
    found += [Violation("stretches", person.id, None, None, f"day {day}: {n} stretches > {limit}")
              for day, n in sorted(begun.items()) if limit and n > limit]
    return found


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
