"""The audit log: one entry per change in the change's own transaction, the admin's search, who may read it."""

import json

import pytest

from app.audit import services as audit
from app.audit.tables import AuditEntry
from app.core.db import write_transaction
from app.core.roles import Role
from app.events import services as events
from app.events.tables import Event
from app.guests import services as guests
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form, event_form, new_event

pytestmark = pytest.mark.usefixtures("db")


async def entries(**where) -> list[dict]:
    query = AuditEntry.select().order_by(AuditEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEntry, name) == value)
    return await query


async def test_each_change_writes_exactly_one_entry_with_the_values_before_and_after():
    event_id = await new_event(title="День Победы 2026")
    created = await entries(object_kind="event", object_id=event_id)
    assert [(e["action"], e["object_label"]) for e in created] == [("create", "День Победы 2026")]

    saved = await events.save_event(event_form(title="День Победы — 2026"), event_id)
    assert saved.ok, saved.errors
    updates = await entries(object_kind="event", object_id=event_id, action="update")
    assert len(updates) == 1
    assert json.loads(updates[0]["changes"]) == {"title": ["День Победы 2026", "День Победы — 2026"]}
    assert updates[0]["account_id"] is None and updates[0]["account_name"] == ""  # no request: «система»

    again = await events.save_event(event_form(title="День Победы — 2026"), event_id)  # nothing changed
    assert again.ok and len(await entries(object_kind="event", action="update")) == 1


async def test_a_change_that_fails_writes_no_entry():
    event_id = await new_event()
    before = len(await entries())
    invalid = await events.save_event(event_form(title=""), event_id)
    assert not invalid.ok
    with pytest.raises(RuntimeError):
        async with write_transaction(Event._meta.db):
            await Event.update({Event.title: "Переименовано"}).where(Event.id == event_id)
            await audit.record("update", "event", event_id, "Переименовано", {"title": ["a", "b"]})
            raise RuntimeError("the change fails after the record")
    assert len(await entries()) == before
    assert (await Event.select(Event.title).where(Event.id == event_id).first())["title"] != "Переименовано"


async def test_ceremony_and_person_changes_are_recorded_with_the_officials_and_fields():
    event_id = await new_event()
    saved = await events.save_ceremony(ceremony_form(), event_id=event_id)
    changed = await events.save_ceremony(ceremony_form(venue="Дом офицеров"), event_id=event_id, ceremony_id=saved.id)
    assert changed.ok
    rows = await entries(object_kind="ceremony", object_id=saved.id)
    assert [r["action"] for r in rows] == ["create", "update"]
    assert json.loads(rows[1]["changes"]) == {"venue": ["Краевой музыкальный театр", "Дом офицеров"]}

    form = {"surname": "Семёнов", "name": "Пётр", "status": "active", "phone": ""}
    person = await guests.save_person(form)
    assert person.ok, person.errors
    await guests.save_person({**form, "phone": "+7 912 345-67-89"}, person.id)
    rows = await entries(object_kind="person", object_id=person.id)
    assert [r["action"] for r in rows] == ["create", "update"]
    assert list(json.loads(rows[1]["changes"])) == ["phone"]


async def test_the_signed_in_user_is_recorded_and_the_admin_finds_the_entry(client):
    token = await sign_in(client, Role.PROTOCOL)
    form = {**event_form(title="День города 2026"), "_csrf_token": token}
    response = await client.post("/events/", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    [entry] = await entries(object_kind="event")
    assert entry["account_name"] == "Protocol Тестов" and entry["account_id"] is not None

    client.cookies.clear()
    await sign_in(client, Role.ADMIN)
    found = await client.get("/audit/", params={"kind": "event", "q": "города", "person": "Protocol"})
    assert found.status_code == 200
    assert "День города 2026" in found.text and "Protocol Тестов" in found.text
    nothing = await client.get("/audit/", params={"kind": "person"})
    assert "День города 2026" not in nothing.text
    page = await client.get(f"/events/{entry['object_id']}")
    assert "История изменений" in page.text and "Protocol Тестов" in page.text


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PROTOCOL, Role.GATE])
async def test_only_the_admin_opens_the_audit_log(client, role):
    await sign_in(client, role)
    assert (await client.get("/audit/")).status_code == 403
