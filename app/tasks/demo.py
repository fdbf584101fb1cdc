"""Demo preparation plans: this year's Victory Day from the typical plan with the mix a real year has
(most done on time, some late, a couple overdue, a long-term one), City Day, a few tasks of the other
events, and next year's Victory Day freshly filled from the typical plan. Outcomes follow the date
the demo is loaded on: only a deadline already past can be met, missed or overdue."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from piccolo.apps.user.tables import BaseUser

from app.accounts.tables import Account
from app.core.clock import today
from app.core.config import get_settings
from app.events.kinds import EventKind
from app.events.tables import Event
from app.tasks import services
from app.tasks.kinds import TaskStatus
from app.tasks.tables import Task, TaskReport
from app.tasks.typical import (
    AFFAIRS,
    CULTURE,
    FINANCE,
    IMPROVEMENT,
    PRESS,
    PROTOCOL,
    SECURITY,
    SOCIAL,
    TRANSPORT,
    YOUTH,
    TypicalTask,
)

LIAISON_DEPARTMENT = CULTURE
PEOPLE = {
    PROTOCOL: "Кузнецова Е. А.", AFFAIRS: "Журавлёва Н. П.", FINANCE: "Полякова О. В.", CULTURE: "Васильев И. С.",
    SOCIAL: "Громова Т. Н.", TRANSPORT: "Ершов А. В.", IMPROVEMENT: "Тимофеев Д. Л.", PRESS: "Белкина М. Р.",
    SECURITY: "Савельев К. Ю.", YOUTH: "Карпова А. Д.",
}
DONE_REPORTS = ["Исполнено в полном объёме.", "Выполнено, документы переданы в протокольный отдел.",
                "Исполнено. Информация направлена в организационный отдел.", "Выполнено, акт приёмки подписан."]
LATE_REPORT = "Выполнено с задержкой: ждали согласования с подрядчиком."
WORK_REPORT = "В работе: проект подготовлен, идёт согласование."

DEFENDER_DAY = (
    TypicalTask("Подготовить проект распоряжения мэра города о праздновании Дня защитника Отечества", PROTOCOL, -30),
    TypicalTask("Сформировать списки приглашённых на торжественное собрание", PROTOCOL, -20, (SOCIAL,)),
    TypicalTask("Подготовить сценарий праздничного концерта", CULTURE, -14),
    TypicalTask("Закупить цветы для возложения к Вечному огню", AFFAIRS, -5),
)
HEROES_DAY = (
    TypicalTask("Уточнить списки Героев Советского Союза, Героев России и полных кавалеров ордена Славы", SOCIAL, -30,
                (PROTOCOL,)),
    TypicalTask("Направить приглашения на приём мэра города", PROTOCOL, -20),
    TypicalTask("Подготовить памятные подарки Героям", AFFAIRS, -14, (FINANCE,)),
    TypicalTask("Согласовать музыкальное сопровождение приёма", CULTURE, -10),
    TypicalTask("Организовать доставку гостей к месту возложения и на приём", TRANSPORT, -5, (SOCIAL,)),
    TypicalTask("Провести инструктаж дежурных", PROTOCOL, -2, (SECURITY,)),
)
# The Victory Day tasks that went wrong in the demo year, by the start of their title.
LATE = ("Изготовить пригласительные", "Организовать подвоз")
OVERDUE = ("Направить письма перевозчикам", "Аккредитовать представителей")


async def _event(kind: EventKind, year: int, title_start: str = "") -> int | None:
    where = (Event.kind == kind) & (Event.year == year)
    if title_start:
        where &= Event.title.like(f"{title_start}%")
    row = await Event.select(Event.id).where(where).first()
    return row["id"] if row else None


async def _play(event_id: int, rng: random.Random, on: date, late: tuple[str, ...] = (),
                overdue: tuple[str, ...] = ()) -> None:
    """Gives each task of the event an outcome its deadline allows, a person and reports."""
    tz = get_settings().tz
    for task in await Task.select().where(Task.event == event_id).order_by(Task.deadline):
        deadline, title = task["deadline"], task["title"]
        values: dict = {Task.person: PEOPLE.get(task["department"], "")}
        reports: list[tuple[date, str]] = []
        if task["long_term"]:  # on control until the year's end: in work, reported on as it goes
            values |= {Task.status: TaskStatus.IN_PROGRESS, Task.deadline: date(deadline.year, 12, 31)}
            reports.append((min(deadline, on), "Поздравлены 214 ветеранов из 260, работа продолжается."))
        elif deadline >= on:
            values[Task.status] = TaskStatus.IN_PROGRESS if deadline - on < timedelta(days=10) else TaskStatus.ASSIGNED
            if values[Task.status] is TaskStatus.IN_PROGRESS:
                reports.append((on, WORK_REPORT))
        elif title.startswith(overdue) or (not overdue and rng.random() < .08):
            values[Task.status] = TaskStatus.IN_PROGRESS
            reports.append((deadline - timedelta(days=2), WORK_REPORT))
        elif (title.startswith(late) or (not late and rng.random() < .12)) and deadline + timedelta(days=1) < on:
            done = min(deadline + timedelta(days=rng.randint(1, 3)), on)
            values |= {Task.status: TaskStatus.DONE, Task.completed_on: done}
            reports.append((done, LATE_REPORT))
        else:
            done = deadline - timedelta(days=rng.randint(0, 3))
            values |= {Task.status: TaskStatus.DONE, Task.completed_on: done}
            reports.append((done, rng.choice(DONE_REPORTS)))
        await Task.update(values).where(Task.id == task["id"])
        for day, text in reports:
            await TaskReport.insert(TaskReport(
                task=task["id"], text=text, author_name=values[Task.person], department=task["department"],
                at=datetime.combine(day, time(17, rng.randint(0, 59)), tz)))


async def load_tasks_demo(seed: int = 27) -> None:
    rng = random.Random(seed)
    on = today()
    year = on.year
    # The demo liaison reports for a department, so their page has tasks to show.
    demo_liaison = BaseUser.select(BaseUser.id).where(BaseUser.username == "liaison")
    await Account.update({Account.department: LIAISON_DEPARTMENT}).where(
        Account.user.is_in(demo_liaison) & (Account.department == ""))
    plans = [
        (await _event(EventKind.VICTORY_DAY, year), None, LATE, OVERDUE),
        (await _event(EventKind.CITY_DAY, year), None, (), ()),
        (await _event(EventKind.DEFENDER_DAY, year), DEFENDER_DAY, (), ()),
        (await _event(EventKind.OTHER, year, "День Героев"), HEROES_DAY, (), ("Направить приглашения",)),
    ]
    for event_id, tasks, late, overdue in plans:
        if event_id is None:
            continue
        if tasks is None:
            await services.apply_typical_plan(event_id, on)
        else:
            await services.apply_tasks(event_id, tasks, on)
        await _play(event_id, rng, on, late, overdue)
    following = await _event(EventKind.VICTORY_DAY, year + 1)
    if following is not None:  # next year's starts as every Victory Day does: from the typical plan
        await services.apply_typical_plan(following, on)
