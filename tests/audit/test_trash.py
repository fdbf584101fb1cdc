"""Soft delete: what a delete takes (counted), the trash, restore, purge, and the scan log that stays."""

from datetime import UTC, datetime, timedelta

import pytest

from app.audit.tables import AuditEntry
from app.checkin import services as checkin
from app.core.roles import Role
from app.events import services as events
from app.events.tables import Ceremony, Event
from app.guests import services as guests
from app.guests.tables import Person
from app.invitations import services as invitations
from app.invitations.tables import Invitation, Scan
from app.tasks.tables import Task
from app.trash import services as trash
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form, new_event

pytestmark = pytest.mark.usefixtures("db")


async def programme(invitations: int = 3, tasks: int = 5) -> dict[str, int]:
    """An event with one ceremony, `invitations` guests invited to it and `tasks` tasks."""
    event_id = await new_event(title="День Победы 2026")
    ceremony = await events.save_ceremony(ceremony_form(), event_id=event_id)
    people = await Person.insert(
        *[Person(surname=f"Гость{i}", search_key=f"гость{i}") for i in range(invitations)]).returning(Person.id)
    invited = await Invitation.insert(*[Invitation(ceremony=ceremony.id, person=p["id"]) for p in people]
                                      ).returning(Invitation.id)
    if tasks:
        await Task.insert(*[Task(event=event_id, title=f"Поручение {i}", department="Культура") for i in range(tasks)])
    return {"event": event_id, "ceremony": ceremony.id, "person": people[0]["id"], "invitation": invited[0]["id"]}


async def admit(ids: dict[str, int]) -> None:
    await Invitation.update({Invitation.admitted_at: datetime.now(UTC), Invitation.admitted_gate: "1"}).where(
        Invitation.id == ids["invitation"])
    await Scan.insert(Scan(ceremony=ids["ceremony"], invitation=ids["invitation"], gate="1", verdict="admitted"))


async def test_the_confirmation_names_what_goes_with_russian_plurals(client):
    ids = await programme(invitations=3, tasks=5)
    await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/trash/confirm/event/{ids['event']}")
    assert page.status_code == 200
    assert "Будут удалены: 1 церемония, 3 приглашения, 5 задач." in page.text
    assert f'action="/events/{ids["event"]}/delete"' in page.text
    ceremony = await client.get(f"/trash/confirm/ceremony/{ids['ceremony']}")
    assert "Будут удалены: 3 приглашения." in ceremony.text
    person = await client.get(f"/trash/confirm/person/{ids['person']}")
    assert "Будут удалены: 1 приглашение." in person.text
    consequences = await trash.consequences("event", ids["event"])
    assert consequences.summary == "Будут удалены: 1 церемония, 3 приглашения, 5 задач."
    await Invitation.insert(*[Invitation(ceremony=ids["ceremony"], person=ids["person"]) for _ in range(18)])
    assert (await trash.consequences("ceremony", ids["ceremony"])).parts == ("21 приглашение",)


async def test_a_deleted_event_vanishes_from_every_list_and_comes_back_on_restore(client):
    ids = await programme()
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/events/{ids['event']}/delete", data={"_csrf_token": token},
                                 follow_redirects=False)
    assert response.status_code == 303
    assert await Event.exists().where(Event.id == ids["event"])  # soft: the row stays
    assert (await client.get(f"/events/{ids['event']}")).status_code == 404
    assert "День Победы 2026" not in (await client.get("/plan/?year=2026")).text
    assert ids["ceremony"] not in [c.id for c in await events.ceremonies_between(
        datetime(2026, 1, 1).date(), datetime(2027, 1, 1).date())]
    assert await Invitation.count().where(Invitation.ceremony == ids["ceremony"]) == 3  # nothing else goes
    listed = await client.get("/trash/")
    assert "День Победы 2026" in listed.text and "Protocol Тестов" in listed.text

    back = await client.post(f"/trash/event/{ids['event']}/restore", data={"_csrf_token": token},
                             follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == f"/events/{ids['event']}"
    assert "Торжественное собрание" in (await client.get(f"/events/{ids['event']}")).text
    actions = [r["action"] for r in await AuditEntry.select(AuditEntry.action).where(
        (AuditEntry.object_kind == "event") & (AuditEntry.object_id == ids["event"])).order_by(AuditEntry.id)]
    assert actions == ["create", "delete", "restore"]


async def test_the_pages_of_a_trashed_ceremony_are_not_there_until_it_is_restored(client):
    ids = await programme()
    token = await sign_in(client, Role.PROTOCOL)
    pages = [f"/ceremonies/{ids['ceremony']}/{page}" for page in
             ("invitations/", "seating", "duty", "scenario/", "wreaths", "seating/print/list.pdf")]
    before = {page: (await client.get(page)).status_code for page in pages}
    await events.delete_ceremony(ids["ceremony"])
    assert {page: (await client.get(page)).status_code for page in pages} == dict.fromkeys(pages, 404)
    changed = await client.post(f"/ceremonies/{ids['ceremony']}/seating/hall",
                                data={"_csrf_token": token, "hall": "1"}, follow_redirects=False)
    assert changed.status_code == 404
    await trash.restore("ceremony", ids["ceremony"])
    assert {page: (await client.get(page)).status_code for page in pages} == before
    await events.delete_event(ids["event"])  # a ceremony of an event in the trash goes with it
    assert (await client.get(pages[0])).status_code == 404


async def test_a_deleted_ceremony_and_person_vanish_and_come_back():
    ids = await programme()
    await events.delete_ceremony(ids["ceremony"])
    assert (await events.get_event(ids["event"])).ceremonies == ()
    await trash.restore("ceremony", ids["ceremony"])
    assert [c.id for c in (await events.get_event(ids["event"])).ceremonies] == [ids["ceremony"]]

    await guests.delete_person(ids["person"])
    assert ids["person"] not in [p.id for p in (await guests.search()).rows]
    assert await guests.pick("Гость0") == []
    with pytest.raises(guests.NotFound):
        await guests.get_person(ids["person"])
    await trash.restore("person", ids["person"])
    assert (await guests.get_person(ids["person"])).surname == "Гость0"


async def test_restore_is_refused_after_thirty_days():
    ids = await programme(tasks=0)
    await events.delete_event(ids["event"])
    await Event.update({Event.deleted_at: datetime.now(UTC) - timedelta(days=31)}).where(Event.id == ids["event"])
    with pytest.raises(trash.TrashRefused, match="больше 30 дней"):
        await trash.restore("event", ids["event"])


async def test_purge_is_refused_while_the_gate_s_scan_log_names_it_and_the_log_survives(client):
    ids = await programme()
    await admit(ids)
    protocol_token = await sign_in(client, Role.PROTOCOL)
    confirm = await client.get(f"/trash/confirm/person/{ids['person']}")
    assert "Гость уже прошёл на церемонию: Торжественное собрание" in confirm.text
    await client.post(f"/guests/{ids['person']}/delete", data={"_csrf_token": protocol_token})
    assert await Invitation.exists().where(Invitation.id == ids["invitation"])  # the admitted invitation stays
    await client.post(f"/events/{ids['event']}/delete", data={"_csrf_token": protocol_token})
    assert (await client.post(f"/trash/event/{ids['event']}/purge", data={"_csrf_token": protocol_token})
            ).status_code == 403  # purge is the admin's

    client.cookies.clear()
    token = await sign_in(client, Role.ADMIN)
    for kind, item in (("event", ids["event"]), ("person", ids["person"])):
        refused = await client.post(f"/trash/{kind}/{item}/purge", data={"_csrf_token": token})
        assert refused.status_code == 409
        assert "журнал прохода на входе хранит" in refused.text
    assert await Scan.count().where(Scan.ceremony == ids["ceremony"]) == 1
    assert await Event.exists().where(Event.id == ids["event"])


async def test_purge_deletes_for_good_what_the_gate_never_saw(client):
    ids = await programme()
    await events.delete_event(ids["event"])
    token = await sign_in(client, Role.ADMIN)
    response = await client.post(f"/trash/event/{ids['event']}/purge", data={"_csrf_token": token},
                                 follow_redirects=False)
    assert response.status_code == 303
    assert not await Event.exists().where(Event.id == ids["event"])
    assert not await Ceremony.exists().where(Ceremony.id == ids["ceremony"])
    assert await Invitation.count() == 0 and await Task.count() == 0
    assert await AuditEntry.exists().where((AuditEntry.action == "purge") & (AuditEntry.object_id == ids["event"]))


async def test_a_trashed_ceremony_or_person_is_offered_nowhere_else():
    ids = await programme(tasks=0)
    await Ceremony.update({Ceremony.starts_at: datetime.now(UTC) + timedelta(days=1),
                           Ceremony.ends_at: datetime.now(UTC) + timedelta(days=1, hours=2)}).where(
        Ceremony.id == ids["ceremony"])
    assert [c.id for c in await checkin.gate_ceremonies()] == [ids["ceremony"]]
    other = await Person.insert(Person(surname="Другой", search_key="другой")).returning(Person.id)
    await guests.delete_person(other[0]["id"])
    assert (await invitations.add_persons(ids["ceremony"], [other[0]["id"]])).added == 0
    await events.delete_ceremony(ids["ceremony"])
    assert await checkin.gate_ceremonies() == []
    with pytest.raises(events.NotFound):
        await invitations.add_persons(ids["ceremony"], [ids["person"]])
