"""Seeded duty-roster instances shaped like a city-wide holiday (Victory Day in Khabarovsk, UTC+10).

One day of duty from 08:00 local on a grid of half-hour slots: entrances that need a senior, women's
screening, hall sectors, cloakrooms, escorts of veterans (first aid), interpreters (en/zh), registration
desks, parking and a first-aid post; windows of 2–12 hours. Staff from a dozen departments of very
different sizes, about 20% seniors, some first aid, a few interpreters; a quarter with restricted
availability (a day off, or only the morning, the afternoon, the evening), a few busy at another ceremony
of the event, some with preferred posts. Everyone may stand 8 hours a day.

The rules a duty chief sets (RULES): each post's default minimum stretch (the whole window up to 4 hours,
2 hours on longer ones), arrival 30 minutes before the day's first slot, a break of at least 30 minutes
after 4 hours at a stretch, at most two stretches a day.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from solver.roster import Cell, Instance, Person, Post, default_min_stretch

OFFSET_MINUTES = 600  # Khabarovsk
DAY_START = datetime(2027, 5, 9, 8, 0, tzinfo=timezone(timedelta(minutes=OFFSET_MINUTES)))

DEPARTMENTS = (  # name, relative size
    ("Организационный отдел", 6), ("Управление культуры", 10), ("Управление образования", 14),
    ("Комитет по молодёжной политике", 8), ("Управление социальной защиты", 7), ("Управление спорта", 5),
    ("Администрация Центрального района", 9), ("Администрация Железнодорожного района", 9),
    ("Администрация Индустриального района", 7), ("Управление ЖКХ", 4), ("Волонтёры Победы", 16),
    ("Молодая гвардия", 5),
)

# kind, share of the posts, (min headcount range), extra desired up to, requirements, gender, hours range
KINDS = (
    ("Вход №{n}", 14, (2, 3), 2, {"senior": 1}, "", (6, 12)),
    ("Досмотр (женщины), вход №{n}", 6, (1, 1), 1, {}, "f", (4, 8)),
    ("Зал, сектор {n}", 16, (1, 2), 1, {}, "", (2, 5)),
    ("Гардероб №{n}", 10, (2, 4), 2, {}, "", (5, 12)),
    ("Сопровождение ветеранов, группа {n}", 12, (2, 3), 1, {"first_aid": 1}, "", (3, 8)),
    ("Переводчик (англ.) №{n}", 4, (1, 1), 0, {"lang:en": 1}, "", (2, 6)),
    ("Переводчик (кит.) №{n}", 3, (1, 1), 0, {"lang:zh": 1}, "", (2, 5)),
    ("Регистрация, стол {n}", 12, (1, 2), 1, {}, "", (2, 6)),
    ("Парковка P-{n}", 15, (1, 2), 1, {}, "", (3, 10)),
    ("Медпост №{n}", 8, (1, 1), 1, {"first_aid": 1}, "", (4, 12)),
)

RULES = {"arrival_minutes": 30, "min_rest_minutes": 30, "max_stretch_minutes": 240, "max_stretches_per_day": 2}

QUALIFICATIONS = (("senior", 0.20), ("first_aid", 0.15), ("lang:en", 0.05), ("lang:zh", 0.03))


def minute(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp()) // 60


def instance(seed: int = 1, *, people: int = 300, posts: int = 60, slots: int = 24,
             slot_minutes: int = 30) -> Instance:
    rng = random.Random(seed)
    day = minute(DAY_START)
    horizon = slots * slot_minutes
    made_posts = tuple(_post(rng, i + 1, day, horizon, slot_minutes) for i in range(posts))
    made_people = tuple(_person(rng, i + 1, day, horizon, made_posts) for i in range(people))
    return Instance(posts=made_posts, people=made_people, utc_offset_minutes=OFFSET_MINUTES, **RULES)


def _post(rng: random.Random, number: int, day: int, horizon: int, slot: int) -> Post:
    name, _share, (low, high), extra, requirements, gender, (short, long) = rng.choices(
        KINDS, weights=[k[1] for k in KINDS])[0]
    hours = min(rng.randint(short, long), horizon // 60)
    length = hours * 60
    start = day + rng.randrange(0, horizon - length + 1, slot)
    minimum = rng.randint(low, high)
    return Post(id=number, name=name.format(n=number), start=start, end=start + length, slot_minutes=slot,
                min_headcount=minimum, desired_headcount=minimum + rng.randint(0, extra),
                requirements=dict(requirements), gender=gender, min_stretch_minutes=default_min_stretch(length))


def _person(rng: random.Random, number: int, day: int, horizon: int, posts: tuple[Post, ...]) -> Person:
    department = rng.choices(DEPARTMENTS, weights=[d[1] for d in DEPARTMENTS])[0][0]
    qualifications = frozenset(q for q, share in QUALIFICATIONS if rng.random() < share)
    return Person(id=number, name=f"Сотрудник {number:03d}", department=department, gender=rng.choice("mf"),
                  qualifications=qualifications, max_minutes_per_day=480,
                  unavailable=_unavailable(rng, day, horizon), busy=_busy(rng, day, horizon),
                  preferred_posts=frozenset(p.id for p in rng.sample(posts, rng.randint(1, 3)))
                  if rng.random() < 0.15 else frozenset())


def _unavailable(rng: random.Random, day: int, horizon: int) -> tuple[tuple[int, int], ...]:
    """A quarter of the staff: a day off (a fifth of them), else only a morning, afternoon or evening."""
    if rng.random() >= 0.25:
        return ()
    if rng.random() < 0.2:
        return ((day, day + horizon),)
    window = rng.choice(((0, 6), (4, 10), (6, 12)))
    return tuple((day + a * 60, day + b * 60) for a, b in ((0, window[0]), (window[1], horizon // 60)) if a < b)


def _busy(rng: random.Random, day: int, horizon: int) -> tuple[tuple[int, int], ...]:
    """One in twenty holds a duty of 1–2 hours at another ceremony of the event."""
    if rng.random() >= 0.05:
        return ()
    start = day + rng.randrange(0, horizon - 120, 30)
    return ((start, start + rng.choice((60, 90, 120))),)


def no_shows(cells: tuple[Cell, ...], count: int, seed: int = 1) -> frozenset[int]:
    """`count` people of the roster who do not come."""
    on_duty = sorted({c.person for c in cells})
    return frozenset(random.Random(seed).sample(on_duty, count))
