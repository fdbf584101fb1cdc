"""Invitations (status, issue, revoke, reprint) and the gate's undo each write one audit entry."""

import json

import pytest

from app.audit.tables import AuditEntry
from app.checkin import services as checkin
from app.core.roles import Role
from app.invitations import services as invitations
from app.invitations.tables import Invitation
from tests.checkin import factory
from tests.conftest import sign_in

pytestmark = pytest.mark.usefixtures("db")


async def log_of(invitation_id: int) -> list[tuple[str, dict, str]]:
    rows = await AuditEntry.select().where((AuditEntry.object_kind == "invitation")
                                           & (AuditEntry.object_id == invitation_id)).order_by(AuditEntry.id)
    return [(r["action"], json.loads(r["changes"]), r["note"]) for r in rows]


async def test_issue_decline_revoke_and_reprint_are_recorded_once_each():
    meeting = await factory.ceremony()
    card = await factory.card(meeting)
    invitation = card.invitation_id
    await Invitation.update({Invitation.status: "printed"}).where(Invitation.id == invitation)
    status = "printed"
    assert (await invitations.issue(invitation, {"how": "courier"}, None)).ok
    assert (await invitations.issue(invitation, {"how": "post"}, None)).errors  # refused: nothing written
    await invitations.reprint(invitation, {"reason": "потеряна"})
    assert (await invitations.set_status(invitation, {"status": "revoked", "note": "ошибка в списке"})).ok
    log = await log_of(invitation)
    assert [a for a, _c, _n in log] == ["issue", "revoke", "revoke"]
    assert log[0][1]["status"] == [status, "issued"] and log[0][1]["issued_how"] == [None, "courier"]
    assert log[1][2] == "перепечатка: потеряна"
    assert log[2][1] == {"status": ["issued", "revoked"]} and log[2][2] == "ошибка в списке"


async def test_the_gate_s_undo_is_recorded_and_a_second_undo_is_not():
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    await checkin.check_in(meeting, guest.token, gate="1", account_id=None)
    await checkin.undo(meeting, guest.invitation_id, gate="Северный", account_id=None)
    await checkin.undo(meeting, guest.invitation_id, gate="Северный", account_id=None)  # nothing to undo
    [(action, changes, note)] = await log_of(guest.invitation_id)
    assert action == "undo" and note == "Северный"
    assert changes["admitted_at"][0] is not None and changes["admitted_at"][1] is None


async def test_the_invitation_page_shows_its_history_with_who_did_it(client):
    meeting = await factory.ceremony()
    card = await factory.card(meeting)
    await Invitation.update({Invitation.status: "printed"}).where(Invitation.id == card.invitation_id)
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/invitations/{card.invitation_id}/issue",
                                 data={"how": "in_person", "_csrf_token": token}, follow_redirects=False)
    assert response.status_code in (200, 303)
    page = await client.get(f"/invitations/{card.invitation_id}")
    history = page.text[page.text.index("История изменений"):]
    assert "выдача" in history and "Protocol Тестов" in history and "printed → issued" in history
