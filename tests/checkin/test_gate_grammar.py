"""The gate speaks of a woman as a woman: «Уже прошла», «прошла в 10:02» — the person's gender, which the
import and the person form take from the patronymic when nobody typed it."""

from __future__ import annotations

from datetime import UTC, datetime

from app.guests import services as registry
from app.invitations.tables import Invitation
from tests.checkin import factory
from tests.checkin.test_gate import _open_gate


async def test_already_admitted_in_the_guests_gender(client):
    meeting = await factory.ceremony(starts_at=datetime.now(UTC))  # the gate searches by name on the day
    woman = await factory.card(meeting, "Орлова", "Анна", "Семёновна", gender="f")
    man = await factory.card(meeting, "Орлов", "Олег", "Ильич", gender="m")
    csrf = await _open_gate(client, meeting)
    for card in (woman, man):
        await client.post(f"/gate/{meeting}/scan", data={"code": card.token, "_csrf_token": csrf})
    again = await client.post(f"/gate/{meeting}/scan", data={"code": woman.token, "_csrf_token": csrf})
    assert "Уже прошла" in again.text and "Уже прошёл" not in again.text
    again = await client.post(f"/gate/{meeting}/scan", data={"code": man.token, "_csrf_token": csrf})
    assert "Уже прошёл" in again.text
    found = await client.get(f"/gate/{meeting}/search", params={"q": "орлова"})
    assert "прошла в" in found.text


async def test_a_person_saved_without_gender_gets_it_from_the_patronymic_at_the_gate(client):
    meeting = await factory.ceremony()
    saved = await registry.save_person({"surname": "Кузьмина", "name": "Мария", "patronymic": "Ильинична",
                                        "gender": "", "status": "active"})
    card = await factory.card(meeting, "Другая", gender="")
    await Invitation.update({Invitation.person: saved.id}).where(Invitation.id == card.invitation_id)
    csrf = await _open_gate(client, meeting)
    await client.post(f"/gate/{meeting}/scan", data={"code": card.token, "_csrf_token": csrf})
    again = await client.post(f"/gate/{meeting}/scan", data={"code": card.token, "_csrf_token": csrf})
    assert "Уже прошла" in again.text
