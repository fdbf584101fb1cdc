"""Demo duty staff and posts: ~300 municipal employees and volunteers, the posts of the demo ceremonies."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from app.core.config import get_settings
from app.core.text import search_key
from app.duty import editing, solving
from app.duty.kinds import RosterStatus
from app.duty.tables import Availability, Post, Staff
from app.events.tables import Ceremony
from app.invitations.tokens import new_token

DEPARTMENTS = [
    ("Управление культуры", 50), ("Управление образования", 60), ("Управление молодёжной политики", 45),
    ("Комитет по физической культуре и спорту", 30), ("Управление социальной поддержки", 35),
    ("Организационный отдел", 20), ("Волонтёрский центр «Доброе дело»", 45), ("МКУ «Служба заказчика»", 15),
]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
            "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
            "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв"]
MALE = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил"]
FEMALE = ["Анна", "Мария", "Елена", "Дарья", "Алина", "Ирина", "Екатерина", "Ольга", "Татьяна", "Наталья"]
PATRONYMIC = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Алексеев", "Михайлов", "Иванов", "Петров"]

DEMO_SOLVE_SECONDS = 10

# (name, place, start hour, end hour, minimum, desired, requirements)
VICTORY_POSTS = [
    ("Вход №1", "Главный вход, ул. Карла Маркса", 12, 18, 3, 4, {"senior": 1}),
    ("Вход №2", "Служебный вход", 12, 18, 2, 3, {"senior": 1}),
    ("Регистрация гостей", "Фойе, 1 этаж", 12, 16, 4, 5, {}),
    ("Гардероб", "Цокольный этаж", 12, 18, 3, 4, {}),
    ("Сопровождение ветеранов", "От автобусов до мест в зале", 12, 16, 6, 8, {"escort": 2}),
    ("Партер, левый сектор", "Зрительный зал", 14, 17, 2, 2, {}),
    ("Партер, правый сектор", "Зрительный зал", 14, 17, 2, 2, {}),
    ("Медицинский пост", "Фойе, 2 этаж", 12, 18, 1, 2, {"first_aid": 1}),
    ("Встреча делегаций", "Главный вход", 13, 15, 1, 2, {"lang:en": 1}),
    ("Парковка", "Стоянка у театра", 12, 18, 2, 2, {"driver": 1}),
]


def _staff(rng: random.Random) -> list[Staff]:
    people = []
    for department, count in DEPARTMENTS:
        for _ in range(count):
            female = rng.random() < 0.55
            surname = rng.choice(SURNAMES) + ("а" if female else "")
            name = rng.choice(FEMALE if female else MALE)
            patronymic = rng.choice(PATRONYMIC) + ("на" if female else "ич")
            full_name = f"{surname} {name} {patronymic}"
            qualifications = [q for q, share in (("senior", .12), ("first_aid", .15), ("escort", .25),
                                                 ("driver", .08)) if rng.random() < share]
            if rng.random() < .06:
                qualifications.append("lang:" + rng.choice(["en", "en", "zh", "ja"]))
            people.append(Staff(full_name=full_name, department=department, gender="f" if female else "m",
                                phone=f"+7 914 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                                qualifications=qualifications, max_hours_per_day=rng.choice([4, 6, 6, 8]),
                                search_key=search_key(full_name), token=new_token()))
    return people


async def load_duty_demo(seed: int = 9) -> None:
    rng = random.Random(seed)
    staff = _staff(rng)
    ids = [r["id"] for r in await Staff.insert(*staff).returning(Staff.id)]
    meeting = await Ceremony.select(Ceremony.id, Ceremony.starts_at).where(
        Ceremony.title == "Торжественное собрание, посвящённое годовщине Победы").order_by(
        Ceremony.starts_at, ascending=False).first()
    if meeting is None:
        return
    day = meeting["starts_at"].astimezone(get_settings().tz).date()
    tz = get_settings().tz
    windows = []
    for staff_id in rng.sample(ids, k=len(ids) // 5):  # a fifth can only come for part of the day
        start = rng.choice([12, 13, 14])
        windows.append(Availability(staff=staff_id, day=day, start=time(start), end=time(start + 4)))
    for staff_id in rng.sample(ids, k=len(ids) // 20):
        windows.append(Availability(staff=staff_id, day=day, day_off=True))
    await Availability.insert(*windows)
    at = datetime.combine(day, datetime.min.time()).replace(tzinfo=tz)
    await Post.insert(*[
        Post(ceremony=meeting["id"], name=name, place=place, starts_at=at + timedelta(hours=start),
             ends_at=at + timedelta(hours=end), slot_minutes=30, min_headcount=minimum, desired_headcount=desired,
             requirements=requirements)
        for name, place, start, end, minimum, desired, requirements in VICTORY_POSTS
    ])
    # The demo shows a roster as the department would have it: solved and published.
    await solving.solve_and_save(meeting["id"], DEMO_SOLVE_SECONDS)
    await editing.set_status(meeting["id"], RosterStatus.PUBLISHED)
