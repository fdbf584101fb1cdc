"""Demo data for `make run`: this year's main events, next year's copied forward, demo users."""

from __future__ import annotations

from datetime import datetime

from multidict import MultiDict

from app.accounts.services import create_user, has_users
from app.core.config import get_settings
from app.core.roles import Role
from app.duty.demo import load_duty_demo
from app.events import services
from app.events.demo import load_officials_demo
from app.events.kinds import CeremonyFormat, DateRule, EventKind, EventStatus
from app.events.tables import Official
from app.guests.demo import load_guests_demo
from app.invitations.demo import load_invitations_demo
from app.letters.demo import load_letters_demo
from app.scenario.demo import load_scenario_demo
from app.seating.demo import load_seating_demo
from app.tasks.demo import load_tasks_demo
from app.wreaths.demo import load_wreaths_demo

DEMO_USERS = [
    # username, password, role, first name, last name
    ("admin", "admin-demo", Role.ADMIN, "Алексей", "Смирнов"),
    ("protocol", "protocol-demo", Role.PROTOCOL, "Елена", "Кузнецова"),
    ("liaison", "liaison-demo", Role.LIAISON, "Игорь", "Васильев"),
    ("duty", "duty-demo", Role.DUTY, "Ольга", "Морозова"),
    ("gate", "gate-demo", Role.GATE, "Павел", "Никитин"),
    ("viewer", "viewer-demo", Role.VIEWER, "Татьяна", "Фёдорова"),
]

OFFICIALS = [
    ("Кравцов Сергей Андреевич", "Мэр города", 1),
    ("Белова Марина Викторовна", "Председатель Городской думы", 2),
    ("Гордеев Николай Иванович", "Первый заместитель мэра города", 3),
    ("Лаптева Ирина Олеговна", "Заместитель мэра города по социальным вопросам", 4),
    ("Осипов Дмитрий Юрьевич", "Заместитель мэра города по городскому хозяйству", 5),
]

THEATRE = ("Краевой музыкальный театр", "ул. Карла Маркса, 64")
GLORY_SQUARE = ("Площадь Славы", "")
OFFICERS_HOUSE = ("Дом офицеров Российской армии", "ул. Шеронова, 1")
LENIN_SQUARE = ("Площадь Ленина", "")
MEMORIAL = ("Мемориал «Вечный огонь»", "Амурский бульвар")


def _programme(year: int) -> list[tuple]:
    """(title, kind, rule, status, [(title, format, venue, month, day, start, end, guests, officials)])."""
    return [
        (f"День защитника Отечества {year}", EventKind.DEFENDER_DAY, DateRule.FIXED, EventStatus.HELD, [
            ("Торжественное собрание, посвящённое Дню защитника Отечества", CeremonyFormat.MEETING,
             OFFICERS_HOUSE, 2, 20, "15:00", "17:00", 600, [1, 2, 3]),
            ("Возложение цветов к Вечному огню", CeremonyFormat.WREATH_LAYING, MEMORIAL, 2, 23, "10:00", "10:40",
             250, [1, 2]),
            ("Праздничный концерт", CeremonyFormat.CONCERT, THEATRE, 2, 23, "18:00", "20:00", 900, [4]),
        ]),
        (f"День Победы {year}", EventKind.VICTORY_DAY, DateRule.FIXED, EventStatus.HELD, [
            ("Торжественное собрание, посвящённое годовщине Победы", CeremonyFormat.MEETING, THEATRE, 5, 8,
             "15:00", "17:00", 1500, [1, 2, 3, 4]),
            ("Возложение венков к Вечному огню", CeremonyFormat.WREATH_LAYING, GLORY_SQUARE, 5, 9, "09:00",
             "09:40", 300, [1, 2, 3]),
            ("Шествие «Бессмертный полк»", CeremonyFormat.MARCH, ("Комсомольская площадь",
             "ул. Муравьёва-Амурского"), 5, 9, "10:00", "11:30", 5000, [1, 3, 5]),
            ("Приём мэра города в честь ветеранов", CeremonyFormat.RECEPTION, OFFICERS_HOUSE, 5, 9, "13:00",
             "15:00", 500, [1, 4]),
            ("Праздничный концерт «Салют, Победа!»", CeremonyFormat.CONCERT, LENIN_SQUARE, 5, 9, "20:00",
             "22:00", 8000, [5]),
        ]),
        (f"День города {year}", EventKind.CITY_DAY, DateRule.WEEKDAY, EventStatus.HELD, [
            ("Торжественное собрание с вручением званий «Почётный гражданин города»", CeremonyFormat.MEETING,
             THEATRE, 5, 30, "16:00", "18:00", 1200, [1, 2, 3]),
            ("Праздничное шествие трудовых коллективов", CeremonyFormat.MARCH, ("Улица Муравьёва-Амурского",
             "от Комсомольской площади до площади Ленина"), 5, 31, "11:00", "12:30", 4000, [1, 3]),
            ("Концерт на площади Ленина", CeremonyFormat.CONCERT, LENIN_SQUARE, 5, 31, "19:00", "22:30",
             15000, [5]),
        ]),
        (f"День Героев Отечества {year}", EventKind.OTHER, DateRule.FIXED, EventStatus.APPROVED, [
            ("Возложение цветов к монументу Героям", CeremonyFormat.WREATH_LAYING, GLORY_SQUARE, 12, 9, "11:00",
             "11:40", 150, [1, 2]),
            ("Приём мэра города в честь Героев", CeremonyFormat.RECEPTION, OFFICERS_HOUSE, 12, 9, "14:00",
             "16:00", 120, [1, 4]),
        ]),
    ]


async def load_demo(year: int | None = None) -> bool:
    """Loads the demo into an empty database only; says whether it did."""
    if await has_users():
        return False
    year = year or datetime.now(get_settings().tz).year
    accounts = {}
    for username, password, role, first, last in DEMO_USERS:
        accounts[username] = await create_user(username, password, role, first_name=first, last_name=last)
    official_ids = []
    for name, position, precedence in OFFICIALS:
        rows = await Official.insert(Official(full_name=name, position=position, precedence=precedence)).returning(
            Official.id)
        official_ids.append(rows[0]["id"])
    for title, kind, rule, status, ceremonies in _programme(year):
        event = await services.save_event({
            "title": title, "kind": kind.value, "date_rule": rule.value, "year": str(year),
            "status": status.value, "responsible": str(accounts["protocol"]), "notes": "",
        })
        for c_title, fmt, (venue, address), month, day, start, end, guests, officials in ceremonies:
            form = MultiDict({
                "title": c_title, "format": fmt.value, "venue": venue, "address": address,
                "starts_at": f"{year}-{month:02d}-{day:02d}T{start}", "ends_at": f"{year}-{month:02d}-{day:02d}T{end}",
                "expected_guests": str(guests), "notes": "",
            })
            form.extend(("officials", str(official_ids[n - 1])) for n in officials)
            saved = await services.save_ceremony(form, event_id=event.id)
            assert saved.ok, saved.errors
        if kind is not EventKind.OTHER:
            await services.copy_forward(event.id, year + 1)
    await load_officials_demo()
    await load_duty_demo()
    await load_invitations_demo(await load_guests_demo(), issuer=accounts["protocol"])
    await load_seating_demo()
    await load_scenario_demo()
    await load_tasks_demo()
    await load_wreaths_demo()
    await load_letters_demo(author=accounts["protocol"])
    return True

