"""Access zones at the gate: granted by category or by hand, refused with the card's zones named, none = as before."""

from __future__ import annotations

from app.access import zones
from app.access.kinds import ZoneKind
from app.access.tables import AccessZone
from app.audit.tables import AuditEntry
from app.checkin import services
from app.invitations.kinds import Verdict
from app.invitations.tables import Scan
from tests.checkin import factory
from tests.conftest import sign_in


async def _zoned_ceremony():
    meeting = await factory.ceremony()
    await zones.add_default_zones(meeting)
    by_kind = {z.kind: z for z in await zones.zones(meeting)}
    return meeting, by_kind


async def test_category_and_hand_grants_decide_the_zone_gate(db):
    meeting, by_kind = await _zoned_ceremony()
    hall, vip, buffet = by_kind[ZoneKind.HALL], by_kind[ZoneKind.VIP], by_kind[ZoneKind.BUFFET]
    veterans = await factory.category("Ветераны", vip=True)
    public = await factory.category("Общественность")
    await zones.set_category_grants(meeting, {veterans: {hall.id, vip.id, buffet.id}, public: {hall.id}})
    veteran = await factory.card(meeting, "Кузнецов", category_id=veterans)
    citizen = await factory.card(meeting, "Смирнова", "Ольга", "Ивановна", gender="f", category_id=public)
    await zones.set_gate(meeting, "VIP-1", vip.id)
    await zones.set_gate(meeting, "Главный", hall.id)

    refused = await services.check_in(meeting, citizen.token, gate="VIP-1", account_id=None)
    assert refused.verdict == Verdict.NO_ACCESS
    assert refused.zones == ("Зал",)  # what the card does open, for the guard to say
    admitted = await services.check_in(meeting, veteran.token, gate="VIP-1", account_id=None)
    assert admitted.verdict == Verdict.ADMITTED
    assert admitted.zones == ("Зал", "Фуршет", "VIP-комната")

    # the veteran walks on into the hall: one more zone, not «уже прошёл»; back at the VIP door it is
    assert (await services.check_in(meeting, veteran.token, gate="Главный", account_id=None)).verdict \
        == Verdict.ZONE_ADMITTED
    assert (await services.check_in(meeting, veteran.token, gate="VIP-1", account_id=None)).verdict \
        == Verdict.ALREADY_ADMITTED

    # by hand: the citizen gets the VIP room and is let in there (the ORM path agrees with the driver's)
    await zones.grant_by_hand(meeting, citizen.invitation_id, vip.id, granted=True)
    assert await zones.opens(citizen.invitation_id, vip.id)
    again = await services.check_in(meeting, citizen.token, gate="VIP-1", account_id=None)
    assert again.verdict == Verdict.ADMITTED and again.zones == ("Зал", "VIP-комната")
    await zones.grant_by_hand(meeting, citizen.invitation_id, vip.id, granted=False)
    assert not await zones.opens(citizen.invitation_id, vip.id)

    by_hand = await services.admit_by_id(meeting, [citizen.invitation_id], gate="VIP-1", account_id=None)
    assert by_hand[0].verdict == Verdict.NO_ACCESS
    kinds = {r["object_kind"] for r in await AuditEntry.select(AuditEntry.object_kind)}
    assert {"access_zone", "category_zones", "invitation_zones", "gate"} <= kinds


async def test_no_zones_and_gates_without_zone_work_as_before(db):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    assert await zones.gate_zone_recent(meeting, "Главный") is None
    first = await services.check_in(meeting, guest.token, gate="Главный", account_id=None)
    assert first.verdict == Verdict.ADMITTED and first.zones == ()
    # zones exist now, but this gate guards none: the card opens no zone and is still «уже прошёл»
    await zones.add_default_zones(meeting)
    assert (await services.check_in(meeting, guest.token, gate="Главный", account_id=None)).verdict \
        == Verdict.ALREADY_ADMITTED


async def test_gate_setup_takes_a_zone_and_the_verdict_names_the_zones(client):
    meeting, by_kind = await _zoned_ceremony()
    press = by_kind[ZoneKind.PRESS]
    guest = await factory.card(meeting, category_id=await factory.category("Депутаты"))
    csrf = await sign_in(client, "gate")
    setup = await client.get(f"/gate/?ceremony={meeting}")
    assert "Пресс-зона" in setup.text
    response = await client.post("/gate/", data={"ceremony": str(meeting), "gate": "Пресса", "zone": str(press.id),
                                                 "_csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    page = await client.get(f"/gate/{meeting}")
    assert "Пресс-зона" in page.text
    verdict = await client.post(f"/gate/{meeting}/scan", data={"code": guest.token, "_csrf_token": csrf},
                                headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert "Нет доступа в эту зону" in verdict.text
    assert "Приглашение не открывает ни одной зоны." in verdict.text
    assert [r["verdict"] for r in await Scan.select(Scan.verdict)] == [Verdict.NO_ACCESS]
    # a zone of another ceremony is refused at setup
    other, other_zones = await _zoned_ceremony()
    wrong = await client.post("/gate/", data={"ceremony": str(meeting), "gate": "Пресса",
                                              "zone": str(other_zones[ZoneKind.HALL].id), "_csrf_token": csrf})
    assert wrong.status_code == 422 and "другой церемонии" in wrong.text


async def test_officer_edits_zones_and_grants_on_the_access_page(client):
    meeting = await factory.ceremony()
    deputies = await factory.category("Депутаты")
    csrf = await sign_in(client, "protocol")
    page = await client.get(f"/access/{meeting}")
    assert page.status_code == 200 and "Добавить обычные зоны" in page.text
    await client.post(f"/access/{meeting}/zones/defaults", data={"_csrf_token": csrf})
    stage = next(z for z in await zones.zones(meeting) if z.kind == ZoneKind.STAGE)
    await client.post(f"/access/{meeting}/zones", data={"zone": str(stage.id), "name": "Президиум", "kind": "stage",
                                                        "_csrf_token": csrf})
    await client.post(f"/access/{meeting}/grants", data={f"g-{deputies}-{stage.id}": "1", "_csrf_token": csrf})
    assert await zones.category_grants(meeting) == {deputies: {stage.id}}
    assert (await AccessZone.select(AccessZone.name).where(AccessZone.id == stage.id).first())["name"] == "Президиум"
    await sign_in(client, "gate")
    assert (await client.get(f"/access/{meeting}")).status_code == 403
