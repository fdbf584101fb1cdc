"""The preparation plan through the real app: full page or fragment, the task form, the typical plan."""

import re
from datetime import datetime, time, timedelta

import pytest

from app.core.config import get_settings
from app.core.roles import Role
from app.events.tables import Ceremony, Event
from app.tasks.services import today
from app.tasks.tables import Task, TaskCoexecutor
from app.tasks.typical import VICTORY_DAY
from tests.conftest import sign_in
from tests.tasks.fixture import make_year, title

pytestmark = pytest.mark.usefixtures("db")


def task_form(token: str, **changes) -> dict:
    return {"title": "Подготовить пресс-релиз", "department": "Пресс-служба", "person": "Белкина М. Р.",
            "coexecutors": "Протокольный отдел\nУправление культуры", "deadline": "", "ceremony": "",
            "_csrf_token": token, **changes}


async def test_plan_is_a_full_page_or_its_fragment_and_filters_by_state(client):
    ids = await make_year()
    await sign_in(client, Role.VIEWER)
    url = f"/events/{ids['ДП26']}/tasks/"
    full = await client.get(url)
    assert full.text.lstrip().startswith("<!doctype html>") and title("A1") in full.text
    fragment = await client.get(url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="tasks"') and "<html" not in fragment.text
    done = await client.get(url + "?state=done_on_time", headers={"HX-Request": "true"})
    assert title("A1") in done.text and title("A3") not in done.text
    culture = await client.get(url + "?department=Управление культуры")
    assert title("A5") in culture.text and title("A1") not in culture.text
    # A viewer reads: no status select, no report form, no «new task».
    assert 'name="status"' not in full.text and "/reports" not in full.text and "/tasks/new" not in full.text
    for page, block in (("/tasks/?year=2026", "task_list"), ("/tasks/dashboard?year=2026", "dashboard")):
        response = await client.get(page, headers={"HX-Request": "true"})
        assert response.text.lstrip().startswith(f'<section id="{block}"'), page


async def test_overdue_tasks_stand_out(client):
    ids = await make_year()
    await sign_in(client, Role.PROTOCOL)
    page = (await client.get(f"/events/{ids['ДП26']}/tasks/")).text
    # The fixture's dates are all before today: what is not done is overdue.
    assert re.search(rf'<article id="task-{ids["A4"]}" class="task task-overdue"', page)
    assert re.search(rf'<article id="task-{ids["A1"]}" class="task task-done_on_time"', page)


async def test_form_errors_are_per_field_and_the_input_is_kept(client):
    ids = await make_year()
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/events/{ids['ДП26']}/tasks/", headers={"HX-Request": "true"},
                                 data=task_form(token, title=" ", coexecutors="Пресс-служба", ceremony="999999"))
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="task_form"')
    assert 'id="title-error">Заполните это поле.' in response.text
    assert 'id="deadline-error">Укажите срок или отметьте поручение как долгосрочное.' in response.text
    assert "Ответственное подразделение не может быть и соисполнителем." in response.text
    assert "Выберите церемонию этого события." in response.text
    assert 'value="Белкина М. Р."' in response.text
    assert re.search(r'id="f-title"[^>]*aria-invalid="true"', response.text)
    bad_date = await client.post(f"/events/{ids['ДП26']}/tasks/", data=task_form(token, deadline="31.02.2026"))
    assert "Дата в виде дд.мм.гггг." in bad_date.text and 'value="31.02.2026"' in bad_date.text
    assert await Task.count().where(Task.title == "Подготовить пресс-релиз") == 0


async def test_a_task_with_a_past_deadline_is_created_overdue_with_a_warning(client):
    ids = await make_year()
    token = await sign_in(client, Role.PROTOCOL)
    yesterday = today() - timedelta(days=1)
    response = await client.post(f"/events/{ids['ДП26']}/tasks/", follow_redirects=False,
                                 data=task_form(token, deadline=yesterday.isoformat()))
    assert response.status_code == 303
    location = response.headers["location"]
    task = await Task.select().where(Task.title == "Подготовить пресс-релиз").first()
    assert location == f"/events/{ids['ДП26']}/tasks/?saved={task['id']}"
    assert task["status"] == "assigned"  # overdue is derived, not stored
    page = (await client.get(location)).text
    assert (f"Срок поручения «Подготовить пресс-релиз» ({yesterday:%d.%m.%Y}) уже прошёл: "
            "оно сохранено как просроченное.") in page
    assert f'<article id="task-{task["id"]}" class="task task-overdue"' in page
    helpers = await TaskCoexecutor.select(TaskCoexecutor.department).where(TaskCoexecutor.task == task["id"])
    assert [h["department"] for h in helpers] == ["Протокольный отдел", "Управление культуры"]
    soon = (today() + timedelta(days=3)).isoformat()
    future = await client.post(f"/events/{ids['ДП26']}/tasks/", data=task_form(token, title="Другое", deadline=soon))
    assert "Поручение «Другое» сохранено." in future.text and "уже прошёл" not in future.text


async def test_edit_marks_done_with_the_date_of_execution(client):
    ids = await make_year()
    token = await sign_in(client, Role.PROTOCOL)
    edit = await client.get(f"/tasks/{ids['A4']}/edit")
    assert 'value="2026-04-30"' in edit.text
    form = task_form(token, title=title("A4"), department="Протокольный отдел", coexecutors="",
                     deadline="2026-04-30", status="done", completed_on="2026-05-03")
    response = await client.post(f"/tasks/{ids['A4']}", data=form, follow_redirects=False)
    assert response.status_code == 303
    row = await Task.select().where(Task.id == ids["A4"]).first()
    assert (row["status"], str(row["completed_on"])) == ("done", "2026-05-03")
    future = await client.post(f"/tasks/{ids['A4']}", data={
        **form, "completed_on": (today() + timedelta(days=2)).isoformat()})
    assert future.status_code == 422 and "Дата исполнения не может быть позже сегодняшней." in future.text


async def test_typical_plan_counts_deadlines_from_the_first_ceremony_and_is_not_applied_twice(client):
    ids = await make_year()
    token = await sign_in(client, Role.PROTOCOL)
    await Task.delete().where(Task.event == ids["ДП27"])
    response = await client.post(f"/events/{ids['ДП27']}/tasks/typical", data={"_csrf_token": token},
                                 follow_redirects=False)
    added = len(VICTORY_DAY.tasks)
    assert response.headers["location"] == f"/events/{ids['ДП27']}/tasks/?added={added}&late=0"
    order = await Task.select(Task.deadline, Task.long_term).where(
        (Task.event == ids["ДП27"]) & Task.title.like("Подготовить проект распоряжения%")).first()
    assert str(order["deadline"]) == "2027-03-25"  # 45 days before 9 May 2027
    assert await Task.count().where((Task.event == ids["ДП27"]) & (Task.long_term == True)) == 1  # noqa: E712
    page = await client.get(response.headers["location"])
    assert f"По типовому плану добавлено поручений: {added}." in page.text
    assert "/tasks/typical" not in page.text  # nothing is missing any more
    again = await client.post(f"/events/{ids['ДП27']}/tasks/typical", data={"_csrf_token": token},
                              follow_redirects=False)
    assert again.headers["location"].endswith("added=0&late=0")
    assert await Task.count().where(Task.event == ids["ДП27"]) == added


async def test_typical_plan_needs_a_ceremony_and_says_when_deadlines_are_past(client):
    token = await sign_in(client, Role.PROTOCOL)
    event = (await Event.insert(Event(title="День Победы 2026", kind="victory_day", year=2026)).returning(Event.id)
             )[0]["id"]
    response = await client.post(f"/events/{event}/tasks/typical", data={"_csrf_token": token},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Сначала добавьте церемонию: сроки считаются от её даты." in response.text
    soon = today() + timedelta(days=10)
    noon = datetime.combine(soon, time(12), get_settings().tz)
    await Ceremony.insert(Ceremony(event=event, title="Собрание", venue="Театр", starts_at=noon, ends_at=noon))
    response = await client.post(f"/events/{event}/tasks/typical", data={"_csrf_token": token})
    late = sum(t.days < -10 for t in VICTORY_DAY.tasks)
    assert f"Срок {late} из них уже прошёл: они сразу отмечены как просроченные." in response.text
