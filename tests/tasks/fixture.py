"""A hand-made year of tasks whose every state is known by hand, read on ON = 1 May 2026.

    Событие «День Победы 2026» (first ceremony 9 May), «День города 2026» (30 May), «День Победы 2027».

    key  event  department            deadline     long  status       done on      state on 01.05.2026
    A1   ДП26   Протокольный отдел    10.04.2026         done         09.04.2026   done on time
    A2   ДП26   Протокольный отдел    15.04.2026         done         15.04.2026   done on time (the day itself)
    A3   ДП26   Протокольный отдел    20.04.2026         done         22.04.2026   done late
    A4   ДП26   Протокольный отдел    30.04.2026         assigned                  overdue (yesterday)
    A5   ДП26   Управление культуры   01.05.2026         in progress               in progress (due today)
    A6   ДП26   Управление культуры   25.04.2026         in progress               overdue
    A7   ДП26   Управление культуры   —            yes   in progress               long-term
    A8   ДП26   Управление культуры   01.04.2026   yes   assigned                  overdue (control date passed)
    A9   ДП26   Управление культуры   31.12.2026   yes   done         20.04.2026   done on time
    B1   ДГ26   Управление культуры   20.05.2026         assigned                  assigned
    B2   ДГ26   Пресс-служба          01.04.2026         done         05.04.2026   done late
    B3   ДГ26   Пресс-служба          01.06.2026         done         28.04.2026   done on time (early)
    C1   ДП27   Протокольный отдел    01.04.2027         assigned                  (another year)

Co-executors: A3 — Управление культуры; B2 — Протокольный отдел.
"""

from __future__ import annotations

from datetime import date, datetime

from app.core.config import get_settings
from app.events.tables import Ceremony, Event
from app.tasks.kinds import TaskState, TaskStatus
from app.tasks.tables import Task, TaskCoexecutor

ON = date(2026, 5, 1)
PROTOCOL, CULTURE, PRESS = "Протокольный отдел", "Управление культуры", "Пресс-служба"
ASSIGNED, IN_PROGRESS, DONE = TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.DONE

ROWS = {  # key: (event, department, deadline, long-term, status, done on, state on ON)
    "A1": ("ДП26", PROTOCOL, date(2026, 4, 10), False, DONE, date(2026, 4, 9), TaskState.DONE_ON_TIME),
    "A2": ("ДП26", PROTOCOL, date(2026, 4, 15), False, DONE, date(2026, 4, 15), TaskState.DONE_ON_TIME),
    "A3": ("ДП26", PROTOCOL, date(2026, 4, 20), False, DONE, date(2026, 4, 22), TaskState.DONE_LATE),
    "A4": ("ДП26", PROTOCOL, date(2026, 4, 30), False, ASSIGNED, None, TaskState.OVERDUE),
    "A5": ("ДП26", CULTURE, date(2026, 5, 1), False, IN_PROGRESS, None, TaskState.IN_PROGRESS),
    "A6": ("ДП26", CULTURE, date(2026, 4, 25), False, IN_PROGRESS, None, TaskState.OVERDUE),
    "A7": ("ДП26", CULTURE, None, True, IN_PROGRESS, None, TaskState.LONG_TERM),
    "A8": ("ДП26", CULTURE, date(2026, 4, 1), True, ASSIGNED, None, TaskState.OVERDUE),
    "A9": ("ДП26", CULTURE, date(2026, 12, 31), True, DONE, date(2026, 4, 20), TaskState.DONE_ON_TIME),
    "B1": ("ДГ26", CULTURE, date(2026, 5, 20), False, ASSIGNED, None, TaskState.ASSIGNED),
    "B2": ("ДГ26", PRESS, date(2026, 4, 1), False, DONE, date(2026, 4, 5), TaskState.DONE_LATE),
    "B3": ("ДГ26", PRESS, date(2026, 6, 1), False, DONE, date(2026, 4, 28), TaskState.DONE_ON_TIME),
    "C1": ("ДП27", PROTOCOL, date(2027, 4, 1), False, ASSIGNED, None, TaskState.ASSIGNED),
}
COEXECUTORS = {"A3": CULTURE, "B2": PROTOCOL}
EVENTS = {  # key: (title, kind, year, first ceremony)
    "ДП26": ("День Победы 2026", "victory_day", 2026, datetime(2026, 5, 9, 10)),
    "ДГ26": ("День города 2026", "city_day", 2026, datetime(2026, 5, 30, 16)),
    "ДП27": ("День Победы 2027", "victory_day", 2027, datetime(2027, 5, 9, 10)),
}


def title(key: str) -> str:
    return f"Поручение {key}"


async def make_year() -> dict[str, int]:
    """Writes the table above; gives back the ids of events and tasks by their keys."""
    ids: dict[str, int] = {}
    tz = get_settings().tz
    for key, (name, kind, year, starts) in EVENTS.items():
        ids[key] = (await Event.insert(Event(title=name, kind=kind, year=year)).returning(Event.id))[0]["id"]
        await Ceremony.insert(Ceremony(event=ids[key], title="Торжественное собрание", venue="Театр",
                                       starts_at=starts.replace(tzinfo=tz), ends_at=starts.replace(hour=18, tzinfo=tz)))
    for key, (event, department, deadline, long_term, status, done_on, _state) in ROWS.items():
        rows = await Task.insert(Task(event=ids[event], title=title(key), department=department, deadline=deadline,
                                      long_term=long_term, status=status, completed_on=done_on)).returning(Task.id)
        ids[key] = rows[0]["id"]
    for key, department in COEXECUTORS.items():
        await TaskCoexecutor.insert(TaskCoexecutor(task=ids[key], department=department))
    return ids
