"""Overdue is derived, never stored; the year's dashboard counts match the hand-made fixture exactly."""

from datetime import date

import pytest

from app.accounts.services import CurrentUser
from app.core.roles import Role
from app.events import services as events
from app.events.tables import Ceremony
from app.tasks import services
from app.tasks.dashboard import Counts, year_dashboard
from app.tasks.kinds import TaskState, TaskStatus
from app.tasks.services import STATE_SQL, deadlines_between, state
from app.tasks.tables import Task, TaskCoexecutor
from tests.tasks.fixture import CULTURE, ON, PRESS, PROTOCOL, ROWS, make_year, title

pytestmark = pytest.mark.usefixtures("db")

PROTOCOL_USER = CurrentUser(account_id=0, username="protocol", name="Протокол", role=Role.PROTOCOL, department="")


def test_overdue_is_read_from_the_deadline_and_today():
    deadline = date(2026, 4, 30)
    assert state(TaskStatus.ASSIGNED, deadline, False, None, date(2026, 4, 30)) is TaskState.ASSIGNED
    assert state(TaskStatus.ASSIGNED, deadline, False, None, date(2026, 5, 1)) is TaskState.OVERDUE
    assert state(TaskStatus.IN_PROGRESS, deadline, False, None, date(2026, 5, 1)) is TaskState.OVERDUE
    assert state(TaskStatus.DONE, deadline, False, date(2026, 4, 30), date(2026, 6, 1)) is TaskState.DONE_ON_TIME
    assert state(TaskStatus.DONE, deadline, False, date(2026, 5, 2), date(2026, 6, 1)) is TaskState.DONE_LATE
    assert state(TaskStatus.ASSIGNED, None, True, None, date(2030, 1, 1)) is TaskState.LONG_TERM
    assert state(TaskStatus.ASSIGNED, deadline, True, None, date(2026, 4, 1)) is TaskState.LONG_TERM
    assert state(TaskStatus.ASSIGNED, deadline, True, None, date(2026, 5, 1)) is TaskState.OVERDUE


async def test_the_database_derives_the_same_state_as_python_for_every_row():
    ids = await make_year()
    by_id = {r["id"]: r["state"] for r in await Task.raw(f"SELECT task.id, ({STATE_SQL}) AS state FROM task", ON)}
    assert {key: by_id[ids[key]] for key in ROWS} == {key: row[-1].value for key, row in ROWS.items()}
    plan = await services.event_plan(ids["ДП26"], PROTOCOL_USER, on=ON)
    assert {t.title: t.state for t in plan.tasks} == {title(k): r[-1] for k, r in ROWS.items() if r[0] == "ДП26"}


async def test_overdue_goes_away_when_done_and_comes_with_time_without_a_write():
    ids = await make_year()
    assert (await services.get_task(ids["A5"], PROTOCOL_USER, on=ON)).state is TaskState.IN_PROGRESS
    assert (await services.get_task(ids["A5"], PROTOCOL_USER, on=date(2026, 5, 2))).state is TaskState.OVERDUE
    done = await services.set_status(ids["A4"], TaskStatus.DONE, PROTOCOL_USER, on=ON)
    assert (done.state, done.completed_on) == (TaskState.DONE_LATE, ON)
    back = await services.set_status(ids["A4"], TaskStatus.IN_PROGRESS, PROTOCOL_USER, on=ON)
    assert (back.state, back.completed_on) == (TaskState.OVERDUE, None)


async def test_dashboard_counts_by_department_and_by_event():
    await make_year()
    board = await year_dashboard(2026, on=ON)
    assert [(d.label, d.counts) for d in board.by_department] == [
        (PRESS, Counts(total=2, on_time=1, late=1, overdue=0, long_term=0)),
        (PROTOCOL, Counts(total=4, on_time=2, late=1, overdue=1, long_term=0)),
        (CULTURE, Counts(total=6, on_time=1, late=0, overdue=2, long_term=1)),
    ]
    assert [(e.label, e.counts) for e in board.by_event] == [
        ("День Победы 2026", Counts(total=9, on_time=3, late=1, overdue=3, long_term=1)),
        ("День города 2026", Counts(total=3, on_time=1, late=1, overdue=0, long_term=0)),
    ]
    assert board.total == Counts(total=12, on_time=4, late=2, overdue=3, long_term=1)
    assert (board.total.in_work, board.total.discipline) == (2, 44)
    assert [d.counts.in_work for d in board.by_department] == [0, 0, 2]
    assert (await year_dashboard(2027, on=ON)).total == Counts(total=1)
    assert (await year_dashboard(2025, on=ON)).by_event == ()


async def test_deadlines_between_is_half_open_and_says_the_state():
    ids = await make_year()
    found = await deadlines_between(date(2026, 4, 20), date(2026, 5, 1))
    assert [d.title for d in found] == [title("A3"), title("A6"), title("A4")]
    first = found[0]
    assert (first.id, first.deadline, first.department, first.event_id, first.event_title) == (
        ids["A3"], date(2026, 4, 20), PROTOCOL, ids["ДП26"], "День Победы 2026")
    assert first.status is TaskState.DONE_LATE
    assert [d.title for d in await deadlines_between(date(2026, 12, 31), date(2027, 1, 1))] == [title("A9")]


async def test_the_plan_goes_with_its_event_and_outlives_a_ceremony():
    ids = await make_year()
    ceremony = (await Ceremony.select(Ceremony.id).where(Ceremony.event == ids["ДГ26"]).first())["id"]
    await Task.update({Task.ceremony: ceremony}).where(Task.id == ids["B1"])
    await events.delete_ceremony(ceremony)  # into the trash: the task keeps it until it is purged
    await events.purge_ceremony(ceremony)
    assert (await services.get_task(ids["B1"], PROTOCOL_USER, on=ON)).ceremony_id is None
    await events.delete_event(ids["ДП26"])
    assert await Task.count().where(Task.event == ids["ДП26"]) > 0  # in the trash with its event
    await events.purge_event(ids["ДП26"])
    assert await Task.count().where(Task.event == ids["ДП26"]) == 0
    assert await TaskCoexecutor.count().where(TaskCoexecutor.task == ids["A3"]) == 0
