"""A card on a day that is not the ceremony's is refused unless a supervisor overrides; the supervisor's page."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from app.audit.tables import AuditEntry
from app.checkin import services, supervision
from app.invitations.kinds import Verdict
from app.invitations.tables import Invitation, Scan
from tests.checkin import factory
from tests.conftest import sign_in


async def _open_gate(client, ceremony_id: int, role: str, gate: str = "Главный") -> str:
    csrf = await sign_in(client, role)
    await client.post("/gate/", data={"ceremony": str(ceremony_id), "gate": gate, "_csrf_token": csrf})
    return csrf


async def test_not_today_refused_then_the_supervisor_overrides(client):
    later = await factory.ceremony(starts_at=datetime(2027, 5, 9, 1, 0, tzinfo=UTC))
    guest = await factory.card(later)
    csrf = await _open_gate(client, later, "gate")
    page = await client.get(f"/gate/{later}")
    assert "Церемония 09.05.2027 — не сегодня" in page.text
    refused = await client.post(f"/gate/{later}/scan", data={"code": guest.token, "_csrf_token": csrf},
                                headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert "Церемония 09.05.2027 — не сегодня" in refused.text
    assert 'name="override"' not in refused.text  # a gate user cannot let the card in
    # nor can it by posting the override itself
    await client.post(f"/gate/{later}/admit", data={"invitation": str(guest.invitation_id), "override": "1",
                                                    "_csrf_token": csrf})
    assert (await Invitation.select(Invitation.admitted_at).first())["admitted_at"] is None

    csrf = await _open_gate(client, later, "protocol")
    shown = await client.post(f"/gate/{later}/scan", data={"code": guest.token, "_csrf_token": csrf},
                              headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert 'name="override" value="1"' in shown.text
    admitted = await client.post(f"/gate/{later}/admit", data={"invitation": str(guest.invitation_id),
                                                               "override": "1", "_csrf_token": csrf},
                                 headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert "verdict-admitted" in admitted.text
    assert [r["verdict"] for r in await Scan.select(Scan.verdict).order_by(Scan.id)] == [
        Verdict.NOT_TODAY, Verdict.NOT_TODAY, Verdict.NOT_TODAY, Verdict.ADMITTED]
    notes = await AuditEntry.select(AuditEntry.note).where(AuditEntry.action == "admit")
    assert [n["note"] for n in notes] == ["пропущен не в день церемонии, вход «Главный»"]


async def test_supervisor_counts_conflicts_and_attendance(client):
    meeting = await factory.ceremony()
    _, veterans = await factory.vip_gate(meeting)
    first = await factory.card(meeting, "Кузнецов", category_id=veterans)
    second = await factory.card(meeting, "Смирнова", "Ольга", "Ивановна", gender="f")
    await factory.card(meeting, "Попов", "Олег", "Ильич")  # expected, never comes

    await services.check_in(meeting, first.token, gate="Главный", account_id=None)
    await services.check_in(meeting, first.token, gate="VIP", account_id=None)
    await services.check_in(meeting, second.token, gate="VIP", account_id=None)  # no access
    await services.check_in(meeting, second.token, gate="Главный", account_id=None)
    await services.check_in(meeting, second.token, gate="Главный", account_id=None)  # shown again
    # two gates offline admitted the same card: the sync brings both records
    at = datetime.now(UTC)
    await Scan.insert(Scan(ceremony=meeting, invitation=second.invitation_id, gate="3", verdict=Verdict.ADMITTED,
                           at=at + timedelta(minutes=3)))

    seen = await supervision.supervision(meeting)
    by_gate = {g.gate: g for g in seen.gates}
    assert (by_gate["Главный"].entered, by_gate["Главный"].repeated, by_gate["Главный"].refused) == (2, 1, 0)
    assert (by_gate["VIP"].entered, by_gate["VIP"].refused, by_gate["VIP"].zone) == (1, 1, "VIP-комната")
    assert {z.zone: z.inside for z in seen.zones}["VIP-комната"] == 1
    (conflict,) = seen.conflicts
    assert conflict.guest == "Смирнова Ольга Ивановна" and [a.gate for a in conflict.admissions] == ["Главный", "3"]

    csrf = await sign_in(client, "protocol")
    page = await client.get(f"/gate/{meeting}/supervisor", headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert page.text.lstrip().startswith('<section id="supervision"') and "двойной проход" in page.text
    workbook = load_workbook(io.BytesIO((await client.get(f"/gate/{meeting}/attendance.xlsx")).content))
    rows = [[c.value for c in row] for row in workbook.active.iter_rows(min_row=2)]
    assert [(r[0], r[3]) for r in rows] == [("Кузнецов Иван Петрович", "Главный"),
                                            ("Смирнова Ольга Ивановна", "Главный"), ("Попов Олег Ильич", None)]
    assert rows[0][1] == "Ветераны" and rows[2][4] == "не прибыл(а)"
    await sign_in(client, "gate")
    assert (await client.get(f"/gate/{meeting}/supervisor")).status_code == 403


async def test_the_override_carries_on_to_the_companions(client):
    from app.invitations.kinds import CompanionKind

    later = await factory.ceremony(starts_at=datetime(2027, 5, 9, 1, 0, tzinfo=UTC))
    guest = await factory.card(later)
    wife = await factory.card(later, "Иванова", "Мария", "Ивановна", gender="f", companion_of=guest.invitation_id,
                              kind=CompanionKind.SPOUSE)
    csrf = await _open_gate(client, later, "protocol")
    admitted = await client.post(f"/gate/{later}/admit", data={"invitation": str(guest.invitation_id),
                                                               "override": "1", "_csrf_token": csrf},
                                 headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert 'name="override" value="1"' in admitted.text.split('class="companions"', 1)[1]
    both = await client.post(f"/gate/{later}/admit", data={"invitation": str(wife.invitation_id), "override": "1",
                                                           "_csrf_token": csrf})
    assert "verdict-admitted" in both.text
    assert all(r["admitted_at"] for r in await Invitation.select(Invitation.admitted_at))
