"""A liaison sees and reports on their own department's tasks only, whatever URL they type."""

import pytest

from app.core.roles import Role
from app.tasks.kinds import TaskStatus
from app.tasks.tables import Task, TaskReport
from tests.conftest import sign_in
from tests.tasks.fixture import ROWS, make_year, title

pytestmark = pytest.mark.usefixtures("culture_liaison")

CULTURE_OWN = ["A5", "A6", "A7", "A8", "A9", "B1"]
HELPING = ["A3"]  # a protocol task with culture as co-executor


def shown(html: str) -> set[str]:
    return {key for key in ROWS if title(key) in html}


async def test_own_page_lists_only_the_department_s_tasks(client):
    await make_year()
    await sign_in(client, Role.LIAISON)
    page = await client.get("/tasks/?year=2026")
    assert page.status_code == 200
    assert shown(page.text) == set(CULTURE_OWN + HELPING)
    assert "Управление культуры" in page.text
    # A department filter in the address does not widen the view.
    assert shown((await client.get("/tasks/?year=2026&department=Пресс-служба")).text) == set()


async def test_event_plan_and_its_prints_are_cut_to_the_department(client):
    ids = await make_year()
    await sign_in(client, Role.LIAISON)
    page = await client.get(f"/events/{ids['ДП26']}/tasks/")
    assert page.status_code == 200
    assert shown(page.text) == {"A3", "A5", "A6", "A7", "A8", "A9"}
    docx = await client.get(f"/events/{ids['ДП26']}/tasks/plan.docx")
    assert title("A5").encode() not in docx.content  # zipped; the text is checked in test_prints
    pdf = await client.get(f"/events/{ids['ДП26']}/tasks/plan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_another_department_s_task_is_not_found_and_stays_unchanged(client):
    ids = await make_year()
    token = await sign_in(client, Role.LIAISON)
    other = ids["A4"]  # Протокольный отдел
    assert (await client.get(f"/tasks/{other}")).status_code == 404
    status = await client.post(f"/tasks/{other}/status", data={"status": "done", "_csrf_token": token})
    report = await client.post(f"/tasks/{other}/reports", data={"text": "Сделано", "_csrf_token": token},
                               headers={"HX-Request": "true"})
    assert (status.status_code, report.status_code) == (404, 404)
    row = await Task.select(Task.status).where(Task.id == other).first()
    assert row["status"] == TaskStatus.ASSIGNED and await TaskReport.count() == 0


async def test_co_executor_reports_but_the_status_is_the_responsible_department_s(client):
    ids = await make_year()
    token = await sign_in(client, Role.LIAISON)
    helping = ids["A3"]
    report = await client.post(f"/tasks/{helping}/reports", data={"text": "Сцена готова.", "_csrf_token": token},
                               headers={"HX-Request": "true"})
    assert report.status_code == 200 and "Сцена готова." in report.text
    status = await client.post(f"/tasks/{helping}/status", data={"status": "in_progress", "_csrf_token": token},
                               headers={"HX-Request": "true"})
    assert status.status_code == 403
    assert (await Task.select(Task.status).where(Task.id == helping).first())["status"] == TaskStatus.DONE


async def test_liaison_changes_own_status_in_place_and_reports(client):
    ids = await make_year()
    token = await sign_in(client, Role.LIAISON)
    own = ids["B1"]
    response = await client.post(f"/tasks/{own}/status", data={"status": "done", "_csrf_token": token},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<article id="task-{own}"')
    assert "выполнено" in response.text
    row = await Task.select(Task.status, Task.completed_on).where(Task.id == own).first()
    assert row["status"] == TaskStatus.DONE and row["completed_on"] is not None
    empty = await client.post(f"/tasks/{own}/reports", data={"text": "  ", "_csrf_token": token},
                              headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "Напишите, что сделано." in empty.text
    plain = await client.post(f"/tasks/{own}/reports", data={"text": "Программа утверждена.", "_csrf_token": token,
                                                            "next": "/tasks/?year=2026"}, follow_redirects=False)
    assert (plain.status_code, plain.headers["location"]) == (303, "/tasks/?year=2026")
    report = await TaskReport.select().where(TaskReport.task == own).first()
    assert (report["text"], report["department"]) == ("Программа утверждена.", "Управление культуры")


async def test_liaison_cannot_plan_nor_read_the_dashboard(client):
    ids = await make_year()
    token = await sign_in(client, Role.LIAISON)
    assert (await client.get("/tasks/dashboard")).status_code == 403
    assert (await client.get(f"/events/{ids['ДП26']}/tasks/new")).status_code == 403
    assert (await client.get(f"/tasks/{ids['A5']}/edit")).status_code == 403
    created = await client.post(f"/events/{ids['ДП26']}/tasks/", data={"title": "Чужое", "department": "Культура",
                                                                      "deadline": "2026-05-05", "_csrf_token": token})
    assert created.status_code == 403
    assert (await client.post(f"/tasks/{ids['A5']}/delete", data={"_csrf_token": token})).status_code == 403
