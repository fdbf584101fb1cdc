"""Seeded seating instances shaped like a ceremonial meeting, a reception and a presidium.

Hall: rows of 50 seats (14 | 22 | 14 between aisles; 100 = 16 | 22 | 24 | 22 | 16 in a big hall), the
ends of each segment are aisle seats; the two front rows, the row behind the cross aisle and the last row are step-free,
and the last two have wheelchair places at segment ends, each with a companion seat beside it; the last two rows
of the right segment are the press sector (press only, and press only there); about 1% of the seats are
blocked (cameras). Honour by protocol, as the app derives it (solver.seating.hall_honour, which the app's
app.seating.halls.layout calls too): every row a level of its own, front to back, and inside a row the seats
ranked from the hall's central axis outwards, the sitter's right first (Seat.place).

Guests: about twenty precedence levels (governor, mayor, chair of the Duma, vice-governors, Heroes, heads of
foreign delegations, deputy mayors, honorary citizens, deputies, veterans, heads of organisations, delegation
members, families, interpreters, escorts, the public, the press). Groups: escort + veteran and interpreter +
foreign guest (pairs), families (3-5), delegations (6-12); the sizes follow a truncated geometric law with
the mean that the guest count allows (at most 7). Needs: a fifth wheelchair users (each with an escort, who
takes the companion seat), half no stairs, the rest aisle seats. Pins: the most senior single guests on the
front-row seats in order of honour, and some delegation heads in the third and fourth rows.

Banquet: 50 tables of 10 (table 0 the head table), honour by table (distance from the head table) and, at
each table, around() from the host's seat; six tables have a wheelchair place with a companion seat beside
it; the hosts of the first ten tables are pinned to the host seats.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import replace

from solver.seating import Guest, Instance, Layout, Seat, around, centre_out, hall_honour

LEVELS = (  # rank, category, name
    (1, "official", "Губернатор"), (2, "official", "Мэр"), (3, "official", "Председатель Думы"),
    (4, "official", "Вице-губернатор"), (5, "hero", "Герой России"), (6, "foreign", "Глава делегации"),
    (7, "official", "Заместитель мэра"), (8, "honorary", "Почётный гражданин"), (9, "deputy", "Депутат"),
    (10, "veteran", "Ветеран"), (11, "head", "Руководитель организации"), (12, "delegation", "Член делегации"),
    (13, "delegation", "Член делегации"), (14, "delegation", "Член делегации"), (15, "delegation", "Член делегации"),
    (16, "guest", "Гость"), (17, "family", "Член семьи"), (18, "interpreter", "Переводчик"),
    (19, "escort", "Сопровождающий"), (20, "public", "Житель"), (21, "press", "Пресса"),
)
SINGLE_LEVELS = ((1, 1), (2, 1), (3, 1), (4, 3), (5, 6), (7, 6), (8, 25), (9, 40), (10, 160), (11, 120),
                 (16, 80), (20, 400))  # rank, relative share among single guests


def _geometric_sizes(rng: random.Random, groups: int, mean: float, low: int = 2, high: int = 12) -> list[int]:
    lo, hi = 1e-6, 0.999

    def avg(q: float) -> float:
        ps = [q ** (s - low) for s in range(low, high + 1)]
        return sum(s * p for s, p in zip(range(low, high + 1), ps, strict=True)) / sum(ps)

    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if avg(mid) < mean else (lo, mid)
    sizes = list(range(low, high + 1))
    return rng.choices(sizes, [lo ** (s - low) for s in sizes], k=groups)


def hall_seats(rng: random.Random, seats: int) -> list[Seat]:
    """Rows of seats of a size the seat count needs (the pattern above; any count from one row up)."""
    pattern = (14, 22, 14) if seats < 3000 else (16, 22, 24, 22, 16)
    if seats < 120:  # small halls for the property tests: one block of a tenth of the seats, or 3 + 4 + 3
        pattern = (3, 4, 3) if seats >= 30 else (max(1, seats // 3),)
    width = sum(pattern)
    rows = math.ceil(seats / width)
    cross = rows // 2  # the row behind the cross aisle
    xs = []
    x = 0
    for size in pattern:
        xs.append(list(range(x, x + size)))
        x += size + 2  # the aisle
    line = [p for block in xs for p in block]
    honour = hall_honour([line] * rows, (line[0] + line[-1]) / 2)
    out = []
    sid = 0
    for r in range(rows):
        n = 0
        for k, size in enumerate(pattern):
            segment = r * len(pattern) + k
            for j in range(size):
                sid += 1
                end = j in (0, size - 1)
                press = r >= rows - 2 and k == len(pattern) - 1 and len(pattern) > 1
                wheel = r in (cross, rows - 1) and end and not press and size > 2
                companion = r in (cross, rows - 1) and j in (1, size - 2) and not press and size > 2
                level, place = honour[r][n]
                out.append(Seat(sid, "Партер", str(r + 1), r, xs[k][j], segment, level, wheelchair=wheel,
                                companion=companion, aisle=end, step_free=r in (0, 1, cross, rows - 1),
                                sector="press" if press else "", place=place))
                n += 1
    plain = [i for i, s in enumerate(out) if not (s.wheelchair or s.companion or s.sector) and s.row_index > 3]
    for i in rng.sample(plain, min(len(plain), len(out) // 100)):
        s = out[i]
        out[i] = Seat(s.id, s.zone, s.row, s.row_index, s.x, s.segment, s.honour, aisle=s.aisle,
                      step_free=s.step_free, blocked=True, place=s.place)
    return out


def hall(seed: int = 1, *, guests: int = 1500, seats: int = 1600, groups: int = 150, apart: int = 30,
         needs: int = 40, pins: int = 50, press: int = 20, protected: int = 0, partial: bool = False) -> Instance:
    """A hall of about `seats` seats and `guests` guests (any sizes, down to a handful); `protected`: the most
    senior singles and group heads marked «всегда с местом»; `partial`: allow_partial."""
    rng = random.Random(seed)
    made_seats = hall_seats(rng, seats)
    wheelchair_places = sum(s.wheelchair for s in made_seats)
    press = min(press, guests // 10)
    groups = min(groups, (guests - press) // 4)
    mean = min(7.0, 0.9 * (guests - press) / max(1, groups))
    longest = max(Counter(s.segment for s in made_seats).values())  # a group fits a segment
    sizes = _geometric_sizes(rng, groups, min(mean, longest), high=max(2, min(12, longest))) if longest > 1 else []
    while sum(sizes) > guests - press - groups // 10:
        i = rng.randrange(len(sizes))
        sizes[i] = max(2, sizes[i] - 1)
    people: list[dict] = []

    def person(rank: int, group: int | None = None, **kw) -> dict:
        level = next(lv for lv in LEVELS if lv[0] == rank)
        people.append({"rank": rank, "category": level[1], "name": level[2], "group": group, **kw})
        return people[-1]

    wheel_users = min(wheelchair_places, max(1, needs // 5))
    pairs = [i for i, s in enumerate(sizes) if s == 2]
    wheel_pairs = set(pairs[:wheel_users])
    for gid, size in enumerate(sizes):
        if size == 2:
            if gid in wheel_pairs or rng.random() < 0.5:
                person(10, gid, wheelchair=gid in wheel_pairs)
                person(19, gid)
            else:
                person(6, gid)
                person(18, gid)
        elif size <= 5:
            person(rng.choice((5, 8, 10)), gid)
            for _ in range(size - 1):
                person(17, gid)
        else:
            person(rng.choice((6, 8, 11)), gid)
            for _ in range(size - 1):
                person(rng.randint(12, 15), gid)
    for _ in range(press):
        person(21, None, sectors=frozenset({"press"}))
    ranks, shares = zip(*SINGLE_LEVELS, strict=True)
    while len(people) < guests:
        person(rng.choices(ranks, shares)[0])
    rng.shuffle(people)
    # needs beyond the wheelchair users: no stairs for veterans and Heroes, aisle seats for others
    candidates = [p for p in people if p["rank"] in (5, 8, 10) and not p.get("wheelchair")]
    rng.shuffle(candidates)
    rest = needs - wheel_users
    for p in candidates[: rest // 2]:
        p["no_stairs"] = True
    singles = [p for p in people if p["group"] is None and p["rank"] not in (21,) and not p.get("no_stairs")]
    for p in rng.sample(singles, min(len(singles), rest - rest // 2)):
        p["aisle"] = True
    made = [Guest(i + 1, f"{p['name']} {i + 1}", p["rank"], p["category"], p.get("wheelchair", False),
                  p.get("no_stairs", False), p.get("aisle", False), p.get("sectors", frozenset()), None, p["group"])
            for i, p in enumerate(people)]
    made = _pin(rng, made, made_seats, pins)
    if protected:
        chosen = {g.id for g in sorted(made, key=lambda g: (g.rank, g.id))[:protected]}
        made = [replace(g, protected=g.id in chosen) for g in made]
    return Instance(tuple(made_seats), tuple(made), Layout.HALL, _apart(rng, made, apart),
                    {"press": frozenset({"press"})}, allow_partial=partial)


def _pin(rng: random.Random, guests: list[Guest], seats: list[Seat], count: int) -> list[Guest]:
    """The most senior single guests to the front row in order of honour; some delegation heads to rows 3-4."""
    front = sorted((s for s in seats if s.row_index == 0 and not (s.aisle or s.blocked or s.wheelchair
                                                                    or s.companion or s.sector)),
                   key=lambda s: -s.honour)
    singles = sorted((g for g in guests if g.group is None and not (g.wheelchair or g.no_stairs or g.aisle
                                                                     or g.sectors)), key=lambda g: (g.rank, g.id))
    pinned: dict[int, int] = {}
    for g, s in zip(singles, front[: count - count // 5], strict=False):
        pinned[g.id] = s.id
    by_group: dict[int, list[Guest]] = {}
    for g in guests:
        if g.group is not None:
            by_group.setdefault(g.group, []).append(g)
    heads = [ms for ms in by_group.values() if len(ms) >= 6 and not any(m.wheelchair or m.no_stairs for m in ms)]
    rng.shuffle(heads)
    segments: dict[int, list[Seat]] = {}
    for s in seats:
        if s.row_index in (2, 3) and not s.sector:
            segments.setdefault(s.segment, []).append(s)
    free = list(segments)
    rng.shuffle(free)
    for members, seg in zip(heads, free[: count // 5], strict=False):
        row = sorted(segments[seg], key=lambda s: s.x)
        spot = rng.randrange(len(row) - len(members) + 1)
        head = min(members, key=lambda g: (g.rank, g.id))
        if not any(s.blocked for s in row[spot: spot + len(members)]):
            pinned[head.id] = row[spot + rng.randrange(len(members))].id
    return [Guest(g.id, g.name, g.rank, g.category, g.wheelchair, g.no_stairs, g.aisle, g.sectors, pinned.get(g.id),
                  g.group) for g in guests]


def _apart(rng: random.Random, guests: list[Guest], count: int) -> tuple[tuple[int, int], ...]:
    pairs: set[tuple[int, int]] = set()
    free = [g for g in guests if g.pinned is None and not g.sectors]
    count = min(count, len(free) // 3)
    for _try in range(100 * count):  # a small hall may hold too few pairs from different groups
        if len(pairs) >= count:
            break
        a, b = rng.sample(free, 2)
        if a.group is None or a.group != b.group:
            pairs.add((min(a.id, b.id), max(a.id, b.id)))
    return tuple(sorted(pairs))


def banquet(seed: int = 1, *, tables: int = 50, per_table: int = 10, guests: int = 500, groups: int = 80,
            apart: int = 30, wheelchair_tables: int = 6, hosts: int = 10) -> Instance:
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(tables - 1))
    seats = []
    sid = 0
    positions = around(per_table)
    for t in range(tables):
        distance = 0 if t == 0 else 1 + (t - 1) // side + abs((t - 1) % side - side // 2) / side
        table_honour = 10_000 - round(400 * distance)
        wheel = 1 <= t <= wheelchair_tables
        for x in range(per_table):
            sid += 1
            rank_at_table = positions.index(x)
            seats.append(Seat(sid, "Банкетный зал", f"Стол {t + 1}", t, x, t, table_honour - 10 * rank_at_table,
                              wheelchair=wheel and x == per_table // 2, companion=wheel and x == per_table // 2 + 1,
                              step_free=True, table=t))
    sizes = _geometric_sizes(rng, groups, min(4.0, 0.7 * guests / max(1, groups)), 2, 6)
    people: list[dict] = []
    for gid, size in enumerate(sizes):
        wheel = gid < wheelchair_tables
        if size == 2 or wheel:
            people.append({"rank": 10, "group": gid, "wheelchair": wheel})
            people.append({"rank": 19, "group": gid})
            for _ in range(size - 2):
                people.append({"rank": 17, "group": gid})
        else:
            people.append({"rank": rng.choice((6, 8, 11)), "group": gid})
            for _ in range(size - 1):
                people.append({"rank": rng.randint(12, 17), "group": gid})
    ranks, shares = zip(*SINGLE_LEVELS, strict=True)
    while len(people) < guests:
        people.append({"rank": rng.choices(ranks, shares)[0], "group": None})
    rng.shuffle(people)
    made = []
    host_seats = [s for s in seats if s.x == 0][:hosts]
    hosts_people = sorted((i for i, p in enumerate(people) if p["group"] is None), key=lambda i: people[i]["rank"])
    pins = {i: s.id for i, s in zip(hosts_people, host_seats, strict=False)}
    for i, p in enumerate(people):
        level = next(lv for lv in LEVELS if lv[0] == p["rank"])
        made.append(Guest(i + 1, f"{level[2]} {i + 1}", p["rank"], level[1], p.get("wheelchair", False),
                          pinned=pins.get(i), group=p["group"]))
    return Instance(tuple(seats), tuple(made), Layout.BANQUET, _apart(rng, made, apart))


def presidium(seed: int = 1, *, size: int = 25) -> Instance:
    rng = random.Random(seed)
    order = centre_out(size)
    seats = tuple(Seat(i + 1, "Президиум", "Президиум", 0, x, 0, size - order.index(x))
                  for i, x in enumerate(range(size)))
    ranks = sorted(rng.choice(LEVELS[:11])[0] for _ in range(size))
    guests = tuple(Guest(i + 1, f"Член президиума {i + 1}", r, "official")
                   for i, r in enumerate(rng.sample(ranks, size)))
    return Instance(seats, guests, Layout.PRESIDIUM)
