"""The gate without the network: the admission list a phone downloads and the sync of what it decided."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from app.access.tables import GateRecord
from app.audit.tables import AuditEntry
from app.checkin import offline, services, supervision, sync
from app.core.config import ROOT
from app.invitations.kinds import CompanionKind, InvitationStatus, Verdict
from app.invitations.tables import Invitation, Scan
from tests.checkin import factory
from tests.conftest import sign_in


def _record(verdict: Verdict, invitation_id: int | None, *, gate: str = "1", at: datetime | None = None,
            token_hash: str = "") -> sync.OfflineScan:
    return sync.OfflineScan(key=str(uuid.uuid4()), invitation_id=invitation_id, verdict=verdict,
                            at=at or datetime.now(UTC), gate=gate, token_hash=token_hash)


async def test_the_list_holds_hashes_and_what_the_verdict_shows(client):
    meeting = await factory.ceremony()
    vip, veterans = await factory.vip_gate(meeting)
    veteran = await factory.card(meeting, "Кузнецова", "Анна", "Петровна", gender="f", category_id=veterans)
    wife = await factory.card(meeting, "Кузнецов", "Пётр", "Ильич", companion_of=veteran.invitation_id,
                              kind=CompanionKind.SPOUSE)
    plain = await factory.card(meeting, "Попов", "Олег", "Ильич")
    reprinted = await factory.card(meeting, "Смирнов")
    await factory.revoke(reprinted.token)
    gone = await factory.card(meeting, "Орлов", status=InvitationStatus.REVOKED)
    elsewhere = await factory.card(await factory.ceremony("Приём"), "Чужой")
    await services.check_in(meeting, plain.token, gate="Главный", account_id=None)

    listed = await offline.admission_list(meeting, "VIP")
    assert listed.zone is not None and listed.zone.zone.id == vip
    assert listed.tokens == {offline.token_hash(c.token): c.invitation_id for c in (veteran, wife, plain)}
    assert set(listed.revoked) == {offline.token_hash(reprinted.token), offline.token_hash(gone.token)}
    assert offline.token_hash(elsewhere.token) not in listed.tokens
    by_id = {g.guest.invitation_id: g for g in listed.guests}
    # a reprinted card's invitation stays (its new card would admit); a revoked invitation does not
    assert set(by_id) == {veteran.invitation_id, wife.invitation_id, plain.invitation_id, reprinted.invitation_id}
    assert by_id[veteran.invitation_id].opens and by_id[veteran.invitation_id].zones == ("VIP-комната",)
    assert not by_id[plain.invitation_id].opens and by_id[plain.invitation_id].zones == ()
    assert by_id[veteran.invitation_id].companions == (wife.invitation_id,)
    assert by_id[plain.invitation_id].guest.admitted_gate == "Главный"
    assert listed.cursor == (await Scan.select(Scan.id).first())["id"]

    csrf = await sign_in(client, "gate")
    await client.post("/gate/", data={"ceremony": str(meeting), "gate": "VIP", "zone": str(vip),
                                      "_csrf_token": csrf})
    answer = await client.get(f"/gate/{meeting}/offline/list", params={"gate": "VIP"})
    assert answer.status_code == 200 and answer.headers["content-encoding"] == "gzip"
    data = answer.json()
    # the guest's lines as the online verdict prints them; no token, nothing the verdict does not show
    assert "Кузнецова Анна Петровна" in data["guests"][str(veteran.invitation_id)]["lines"]
    assert "Партер, ряд 3, место 12" in data["guests"][str(veteran.invitation_id)]["lines"]
    assert data["guests"][str(veteran.invitation_id)]["female"] is True
    assert data["zone"] == {"name": "VIP-комната", "gates": ["VIP"]}
    assert list(data["admitted"]) == [str(plain.invitation_id)]
    for card in (veteran, wife, plain, reprinted, gone):
        assert card.token not in answer.text
    assert "phone" not in answer.text and "email" not in answer.text


async def test_a_gate_gets_the_list_of_its_own_ceremony_on_its_day(client):
    """The list names every guest, as the search by name does: the same terms."""
    today = await factory.ceremony()
    later = await factory.ceremony("Приём", starts_at=datetime.now(UTC) + timedelta(days=3))
    csrf = await sign_in(client, "gate")
    await client.post("/gate/", data={"ceremony": str(today), "gate": "1", "_csrf_token": csrf})
    assert (await client.get(f"/gate/{today}/offline/list")).status_code == 200
    other = await client.get(f"/gate/{later}/offline/list")
    assert other.status_code == 403
    assert other.json() == {"error": "Список выдаётся только для церемонии, для которой открыт этот вход."}
    await client.post("/gate/", data={"ceremony": str(later), "gate": "1", "_csrf_token": csrf})
    assert (await client.get(f"/gate/{later}/offline/list")).json() == {
        "error": "Список для работы без сети выдаётся в день церемонии."}
    await sign_in(client, "protocol")
    assert (await client.get(f"/gate/{later}/offline/list")).status_code == 200


async def test_a_batch_sent_twice_is_stored_once(client):
    meeting = await factory.ceremony()
    cards = [await factory.card(meeting, f"Гость{i}") for i in range(3)]
    records = [_record(Verdict.ADMITTED, c.invitation_id) for c in cards]
    first = await sync.sync(meeting, records, account_id=None, cursor=0)
    again = await sync.sync(meeting, records, account_id=None, cursor=first.cursor)
    assert (first.new, again.new) == (3, 0)
    assert set(first.stored) == set(again.stored) == {r.key for r in records}
    assert await Scan.count().where(Scan.verdict == Verdict.ADMITTED) == 3
    assert await GateRecord.count() == 3
    assert await Invitation.count().where(Invitation.admitted_at.is_not_null()) == 3
    # the first answer brought the phone's own admissions, the second nothing new
    assert {a.invitation_id for a in first.admissions} == {c.invitation_id for c in cards}
    assert again.admissions == ()
    audits = await AuditEntry.select(AuditEntry.action, AuditEntry.object_label).where(AuditEntry.action == "sync")
    assert audits == [{"action": "sync", "object_label": "1"}]  # the resent batch changed nothing


async def test_two_gates_offline_both_records_kept_as_a_conflict(client):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting, "Смирнова", "Ольга", "Ивановна", gender="f")
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    # gate 3 syncs first though gate 1 admitted earlier: the earlier admission stands
    late = await sync.sync(meeting, [_record(Verdict.ADMITTED, guest.invitation_id, gate="3",
                                             at=at + timedelta(minutes=3))], account_id=None, cursor=0)
    early = await sync.sync(meeting, [_record(Verdict.ADMITTED, guest.invitation_id, gate="1", at=at)],
                            account_id=None, cursor=late.cursor)
    assert (late.doubles, early.doubles) == (0, 1)
    assert await Scan.count().where(Scan.verdict == Verdict.ADMITTED) == 2
    row = await Invitation.select(Invitation.admitted_at, Invitation.admitted_gate).first()
    assert (row["admitted_at"], row["admitted_gate"]) == (at, "1")
    [conflict] = await supervision.conflicts(meeting)
    assert conflict.guest == "Смирнова Ольга Ивановна"
    assert [(a.gate, a.at) for a in conflict.admissions] == [("1", at), ("3", at + timedelta(minutes=3))]


async def test_refusals_are_logged_and_foreign_cards_rejected(client):
    meeting = await factory.ceremony()
    await factory.vip_gate(meeting)
    plain = await factory.card(meeting, "Попов")
    elsewhere = await factory.card(await factory.ceremony("Приём"), "Чужой")
    revoked = _record(Verdict.REVOKED, None, gate="VIP", token_hash="ab" * 16)
    records = [revoked, _record(Verdict.NO_ACCESS, plain.invitation_id, gate="VIP"),
               _record(Verdict.NOT_TODAY, plain.invitation_id), _record(Verdict.UNKNOWN, None),
               _record(Verdict.ADMITTED, elsewhere.invitation_id), _record(Verdict.ADMITTED, None),
               _record(Verdict.UNDONE, plain.invitation_id)]
    synced = await sync.sync(meeting, records, account_id=None, cursor=0)
    assert synced.new == 4
    assert set(synced.rejected) == {r.key for r in records[4:]}
    logged = await Scan.select(Scan.verdict, Scan.gate, Scan.scanned).order_by(Scan.at).order_by(Scan.id)
    assert sorted(r["verdict"] for r in logged) == sorted(
        [Verdict.REVOKED, Verdict.NO_ACCESS, Verdict.NOT_TODAY, Verdict.UNKNOWN])
    assert {"verdict": Verdict.REVOKED, "gate": "VIP", "scanned": "sha256:" + "ab" * 16} in logged
    assert await Invitation.count().where(Invitation.admitted_at.is_not_null()) == 0
    by_gate = {g.gate: g for g in (await supervision.supervision(meeting)).gates}
    assert by_gate["VIP"].refused == 2 and by_gate["1"].refused == 2


async def test_other_gates_admissions_and_undos_arrive_with_the_sync(client):
    meeting = await factory.ceremony()
    first = await factory.card(meeting, "Первый")
    second = await factory.card(meeting, "Второй")
    cursor = await offline.last_scan(meeting)
    await services.check_in(meeting, first.token, gate="Главный", account_id=None)
    await services.check_in(meeting, second.token, gate="2", account_id=None)
    await services.check_in(meeting, second.token, gate="2", account_id=None)  # «already»: not an admission
    await services.undo(meeting, second.invitation_id, gate="2", account_id=None)
    synced = await sync.sync(meeting, [], account_id=None, cursor=cursor)
    assert [(a.invitation_id, a.gate, a.at is None) for a in synced.admissions] == [
        (first.invitation_id, "Главный", False), (second.invitation_id, "2", False),
        (second.invitation_id, "2", True)]
    assert synced.cursor == await offline.last_scan(meeting)
    assert await AuditEntry.count().where(AuditEntry.action == "sync") == 0  # an empty sync is not a change


async def test_the_sync_endpoint_takes_json_and_refuses_bad_input_cleanly(client):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    csrf = await sign_in(client, "gate")
    record = {"key": "k-" + "1" * 30, "verdict": "admitted", "at": datetime.now(UTC).isoformat(), "gate": "1",
              "invitation": guest.invitation_id}
    for _ in range(2):
        answer = await client.post(f"/gate/{meeting}/offline/sync", json={"records": [record], "cursor": 0},
                                   headers={"X-CSRFToken": csrf})
        assert answer.status_code == 200, answer.text
        assert answer.json()["stored"] == [record["key"]]
    assert await Scan.count() == 1
    assert (await AuditEntry.select(AuditEntry.account_name).where(AuditEntry.action == "sync").first()
            )["account_name"]
    for bad in ({**record, "verdict": "undone"}, {**record, "key": "x"}, {**record, "at": "вчера"},
                {**record, "invitation": 2**40}, {**record, "hash": "<script>"}):
        refused = await client.post(f"/gate/{meeting}/offline/sync", json={"records": [bad]},
                                    headers={"X-CSRFToken": csrf})
        assert refused.status_code == 400, bad
    sw = await client.get("/gate-sw.js")
    assert sw.status_code == 200 and "importScripts" in sw.text
    manifest = await client.get(f"/gate/{meeting}/offline/manifest.webmanifest")
    assert manifest.json()["start_url"] == f"/gate/{meeting}"


async def test_the_service_worker_keeps_everything_the_gate_page_loads(client):
    """A file the page loads and the worker does not keep is missing offline; a kept one that does not exist
    makes the worker's install fail, and then nothing works offline."""
    meeting = await factory.ceremony()
    csrf = await sign_in(client, "gate")
    await client.post("/gate/", data={"ceremony": str(meeting), "gate": "1", "_csrf_token": csrf})
    page = (await client.get(f"/gate/{meeting}")).text
    kept = set(re.findall(r'"(/assets/[^"]+)"', (ROOT / "assets/js/gate-sw.js").read_text()))
    loaded = set(re.findall(r'(?:src|href)="(/assets/[^"]+)"', page))
    for sheet in [p for p in loaded if p.endswith(".css")]:
        loaded |= set(re.findall(r'url\("(/assets/[^"]+)"\)', (ROOT / sheet.lstrip("/")).read_text()))
    assert loaded <= kept, loaded - kept
    assert all((ROOT / path.lstrip("/")).is_file() for path in kept), kept
    assert "/assets/js/jsQR-1.4.0.js" in kept  # gate.js loads it when the camera starts
