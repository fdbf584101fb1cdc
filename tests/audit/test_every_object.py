"""The log beyond events and guests: tasks, the scenario, wreath delegations, duty officers and posts, officials
— each create, change and delete is one entry, and the history names the fields in Russian."""

import json

import pytest

from app.accounts.services import CurrentUser
from app.audit import services as audit
from app.audit.kinds import TEMPLATE_GLOBALS
from app.audit.tables import AuditEntry
from app.core.roles import Role
from app.duty import services as duty
from app.events import officials
from app.scenario import services as scenario
from app.tasks import services as tasks
from app.tasks.kinds import TaskStatus
from app.web.render import make_template_engine
from app.wreaths import services as wreaths
from tests.duty.test_staff_and_posts import ceremony, post_form, staff_form
from tests.events.test_services import new_event
from tests.wreaths.factory import delegation_form

pytestmark = pytest.mark.usefixtures("db")


async def log(kind: str) -> list[tuple[str, dict]]:
    rows = await AuditEntry.select(AuditEntry.action, AuditEntry.changes).where(
        AuditEntry.object_kind == kind).order_by(AuditEntry.id)
    return [(r["action"], json.loads(r["changes"])) for r in rows]


async def test_a_task_is_recorded_when_made_changed_done_and_deleted():
    user = CurrentUser(account_id=0, username="protocol", name="Протокол", role=Role.PROTOCOL, department="")
    event_id = await new_event()
    form = {"title": "Заказать венки", "department": "Культура", "deadline": "2026-05-01", "coexecutors": ""}
    saved = await tasks.save_task(form, event_id=event_id)
    again = await tasks.save_task({**form, "coexecutors": "Транспорт", "status": "in_progress"},
                                  event_id=event_id, task_id=saved.id)
    assert again.ok, again.errors
    await tasks.set_status(saved.id, TaskStatus.DONE, user)
    await tasks.delete_task(saved.id)
    entries = await log("task")
    assert [a for a, _ in entries] == ["create", "update", "status", "purge"]
    assert entries[0][1]["title"] == [None, "Заказать венки"]
    assert entries[1][1] == {"coexecutors": [[], ["Транспорт"]], "status": ["assigned", "in_progress"]}
    assert entries[2][1]["status"] == ["in_progress", "done"]


async def test_scenario_delegations_officers_posts_and_officials_are_recorded():
    ceremony_id = await ceremony()
    item = await scenario.save_item(ceremony_id, {"action": "Выход президиума", "minutes": "3"})
    await scenario.save_item(ceremony_id, {"action": "Выход президиума", "minutes": "5"}, item_id=item.id)
    await scenario.delete_item(ceremony_id, item.id)
    assert [(a, c.get("minutes")) for a, c in await log("scenario_item")] == [
        ("create", [None, 3]), ("update", [3, 5]), ("purge", None)]

    school = await wreaths.save_delegation(delegation_form("Школа № 5", 30), ceremony_id=ceremony_id)
    await wreaths.save_delegation(delegation_form("Школа № 5", 20), ceremony_id=ceremony_id, delegation_id=school.id)
    await wreaths.delete_delegation(ceremony_id, school.id)
    assert [(a, c.get("rank")) for a, c in await log("delegation")] == [
        ("create", [None, 30]), ("update", [30, 20]), ("purge", None)]

    officer = await duty.save_staff(staff_form(full_name="Петров Иван Ильич"))
    await duty.save_staff(staff_form(full_name="Петров Иван Ильич", phone="+7 900 000-00-00"), officer.id)
    staff = await log("staff")
    assert [a for a, _ in staff] == ["create", "update"]
    assert "token" not in staff[0][1] and "search_key" not in staff[0][1]
    assert staff[1][1]["phone"][1] == "+7 900 000-00-00"

    post = await duty.save_post(post_form(name="Вход №1"), ceremony_id=ceremony_id)
    await duty.delete_post(ceremony_id, post.id)
    assert [a for a, _ in await log("post")] == ["create", "purge"]

    mayor = await officials.save_official({"full_name": "Кравцов Сергей Андреевич", "position": "Мэр",
                                           "precedence": "1"})
    await officials.save_official({"full_name": "Кравцов Сергей Андреевич", "position": "Глава города",
                                   "precedence": "1"}, mayor.id)
    await officials.delete_official(mayor.id)
    assert [(a, c) for a, c in await log("official")][1:] == [
        ("update", {"position": ["Мэр", "Глава города"]}), ("purge", {})]


async def test_the_history_names_fields_in_russian_and_says_yes_or_no():
    entry = audit.EntryView(1, None, None, "", "update", "person", 1, "Иванов",
                            {"wheelchair": [False, True], "surname": ["Иванов", "Иванова"], "odd_field": [1, 2]}, "")
    engine = make_template_engine(TEMPLATE_GLOBALS)
    html = engine.engine.from_string('{% from "audit/_history.html" import changes %}{{ changes(e) }}').render(e=entry)
    assert "кресло-коляска:</span> нет → да" in html
    assert "фамилия:</span> Иванов → Иванова" in html
    assert "odd_field:</span> 1 → 2" in html


async def test_categories_and_halls_are_recorded():
    from app.guests import services as guests
    from app.seating.halls import services as halls
    from app.seating.halls.layout import rows_template
    from app.seating.tables import Seat

    made = await guests.save_category({"name": "Почётные доноры", "precedence": "70"})
    await guests.save_category({"name": "Почётные доноры", "precedence": "60", "always_seated": "on"}, made.id)
    await guests.delete_category(made.id)
    assert [(a, c) for a, c in await log("category")][1:] == [
        ("update", {"precedence": [70, 60], "always_seated": [False, True]}), ("purge", {})]

    hall_id = await halls.create_hall(rows_template("Малый зал", 3, 10))
    seats = [r["id"] for r in await Seat.select(Seat.id).where(Seat.hall == hall_id).limit(4)]
    await halls.update_seats(hall_id, seats, step_free=True)
    await halls.rename_hall(hall_id, {"name": "Малый зал театра"})
    await halls.delete_hall(hall_id)
    assert [(a, c) for a, c in await log("hall")] == [
        ("create", {"seats": [None, 30]}), ("update", {"step_free": [None, True]}),
        ("update", {"name": ["Малый зал", "Малый зал театра"]}), ("purge", {})]
