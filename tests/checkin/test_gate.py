"""Check-in at the gate: verdicts, the log, undo, companions, counters, roles, page and fragment."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from app.checkin import services
from app.checkin.services import extract_token
from app.invitations.kinds import CompanionKind, InvitationStatus, Verdict
from app.invitations.tables import Invitation, Scan
from app.invitations.tokens import invitation_url
from tests.checkin import factory
from tests.conftest import sign_in


def test_token_from_a_url_or_bare():
    token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    assert extract_token(token) == token
    assert extract_token(f" https://ceremonia.example/i/{token}\n") == token
    assert extract_token(f"http://x/i/{token}/?utm=1") == token
    assert extract_token(f"http://x/i/{token}#top") == token
    assert extract_token("Иванов") is None
    assert extract_token("") is None
    assert extract_token("short") is None
    assert extract_token("x" * 65) is None


async def _logged(ceremony_id: int) -> list[str]:
    rows = await Scan.select(Scan.verdict).where(Scan.ceremony == ceremony_id).order_by(Scan.id)
    return [r["verdict"] for r in rows]


async def test_every_verdict_and_every_scan_logged(db):
    veterans = await factory.category("Ветераны Великой Отечественной войны", vip=True, precedence=20)
    meeting = await factory.ceremony()
    concert = await factory.ceremony("Праздничный концерт")
    guest = await factory.card(meeting, category_id=veterans)
    elsewhere = await factory.card(concert, "Петрова", "Анна", "Сергеевна", gender="f")
    old = await factory.card(meeting, "Сидоров", "Пётр", "Ильич")
    await factory.revoke(old.token)

    first = await services.check_in(meeting, invitation_url(guest.token), gate="Северный", account_id=None)
    assert first.verdict == Verdict.ADMITTED
    assert first.guest.name == "Иванов Иван Петрович"
    assert first.guest.category == "Ветераны Великой Отечественной войны" and first.guest.vip
    assert first.guest.seat == "Партер, ряд 3, место 12"

    again = await services.check_in(meeting, guest.token, gate="Южный", account_id=None)
    assert again.verdict == Verdict.ALREADY_ADMITTED
    assert again.guest.admitted_gate == "Северный"
    assert again.guest.admitted_at == first.guest.admitted_at

    other = await services.check_in(meeting, elsewhere.token, gate="Южный", account_id=None)
    assert other.verdict == Verdict.OTHER_CEREMONY
    assert other.other_ceremony.title == "Праздничный концерт"

    revoked = await services.check_in(meeting, old.token, gate="Южный", account_id=None)
    assert revoked.verdict == Verdict.REVOKED

    unknown = await services.check_in(meeting, "AbCdEfGhIjKlMnOpQrStUvWxYz012345", gate="Южный", account_id=None)
    assert unknown.verdict == Verdict.UNKNOWN and unknown.guest is None
    garbage = await services.check_in(meeting, "просто текст", gate="Южный", account_id=None)
    assert garbage.verdict == Verdict.UNKNOWN

    assert await _logged(meeting) == ["admitted", "already_admitted", "other_ceremony", "revoked", "unknown",
                                      "unknown"]
    row = await Invitation.select(Invitation.admitted_gate, Invitation.admitted_at).where(
        Invitation.id == guest.invitation_id).first()
    assert row["admitted_gate"] == "Северный" and row["admitted_at"] is not None
    garbage_log = await Scan.select(Scan.scanned, Scan.gate, Scan.invitation).where(
        Scan.verdict == Verdict.UNKNOWN).order_by(Scan.id)
    assert garbage_log[-1] == {"scanned": "просто текст", "gate": "Южный", "invitation": None}


async def test_substituted_invitation_is_refused_even_with_a_live_token(db):
    meeting = await factory.ceremony()
    replaced = await factory.card(meeting, status=InvitationStatus.SUBSTITUTED)
    result = await services.check_in(meeting, replaced.token, gate="1", account_id=None)
    assert result.verdict == Verdict.REVOKED


async def test_undo_then_admit_again(db):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    await services.check_in(meeting, guest.token, gate="1", account_id=None)
    undone = await services.undo(meeting, guest.invitation_id, gate="1", account_id=None)
    assert undone.verdict == Verdict.UNDONE
    row = await Invitation.select(Invitation.admitted_at, Invitation.admitted_gate).where(
        Invitation.id == guest.invitation_id).first()
    assert row == {"admitted_at": None, "admitted_gate": ""}
    again = await services.check_in(meeting, guest.token, gate="2", account_id=None)
    assert again.verdict == Verdict.ADMITTED
    assert await _logged(meeting) == ["admitted", "undone", "admitted"]


async def test_companions_come_in_with_their_guest(db):
    meeting = await factory.ceremony()
    veteran = await factory.card(meeting)
    escort = await factory.card(meeting, "Иванова", "Мария", "Ивановна", gender="f",
                                companion_of=veteran.invitation_id, kind=CompanionKind.ESCORT)
    first = await services.check_in(meeting, veteran.token, gate="1", account_id=None)
    assert [c.invitation_id for c in first.waiting_companions] == [escort.invitation_id]
    results = await services.admit_by_id(meeting, [escort.invitation_id], gate="1", account_id=None)
    assert [r.verdict for r in results] == [Verdict.ADMITTED]
    again = await services.check_in(meeting, veteran.token, gate="1", account_id=None)
    assert again.companions and not again.waiting_companions


async def test_counters_by_category(db):
    deputies = await factory.category("Депутаты", precedence=40)
    veterans = await factory.category("Ветераны", vip=True, precedence=20)
    meeting = await factory.ceremony()
    a = await factory.card(meeting, "А", category_id=veterans)
    await factory.card(meeting, "Б", category_id=veterans)
    await factory.card(meeting, "В", category_id=deputies)
    await factory.card(meeting, "Г", category_id=deputies, status=InvitationStatus.DECLINED)
    await services.check_in(meeting, a.token, gate="1", account_id=None)
    counters = await services.counters(meeting)
    assert [(r.category, r.arrived, r.expected) for r in counters.rows] == [("Ветераны", 1, 2), ("Депутаты", 0, 1)]
    assert (counters.arrived, counters.expected) == (1, 3)


async def test_search_by_name_ignores_case_and_yo(db):
    meeting = await factory.ceremony()
    await factory.card(meeting, "Семёнов", "Пётр", "Ильич")
    await factory.card(meeting, "Петров", "Иван", "Ильич")
    found = await services.find_guests(meeting, "СЕМЕНОВ")
    assert [g.name for g in found] == ["Семёнов Пётр Ильич"]
    assert len(await services.find_guests(meeting, "ильич")) == 2


# ---------------------------------------------------------------- over HTTP


async def _open_gate(client, ceremony_id: int, gate: str = "Северный") -> str:
    csrf = await sign_in(client, "gate")
    response = await client.post("/gate/", data={"ceremony": str(ceremony_id), "gate": gate, "_csrf_token": csrf},
                                  follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/gate/{ceremony_id}"
    return csrf


async def test_gate_page_and_htmx_fragment(client):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    csrf = await _open_gate(client, meeting)
    page = await client.get(f"/gate/{meeting}")
    assert page.status_code == 200
    assert 'id="verdict"' in page.text and 'id="counters"' in page.text and "Северный" in page.text

    fragment = await client.post(f"/gate/{meeting}/scan",
                                 data={"code": invitation_url(guest.token), "gate": "Северный"},
                                 headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="verdict"')
    assert "<html" not in fragment.text
    assert "verdict-admitted" in fragment.text and "Иванов Иван Петрович" in fragment.text
    assert "Партер, ряд 3, место 12" in fragment.text
    assert fragment.headers["HX-Trigger"] == "scanned"

    full = await client.post(f"/gate/{meeting}/scan", data={"code": guest.token, "_csrf_token": csrf})
    assert full.status_code == 200 and "<html" in full.text
    assert "verdict-already_admitted" in full.text
    assert re.search(r"в \d\d:\d\d, вход «Северный»", full.text)


async def test_gate_remembers_the_gate_and_asks_for_it(client):
    meeting = await factory.ceremony()
    await sign_in(client, "gate")
    first = await client.get(f"/gate/{meeting}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == f"/gate/?ceremony={meeting}"
    setup = await client.get(f"/gate/?ceremony={meeting}")
    assert f'<option value="{meeting}" selected' in setup.text
    csrf = await _open_gate(client, meeting, "Вход № 2")
    assert csrf
    page = await client.get(f"/gate/{meeting}")
    assert "Вход № 2" in page.text


async def test_roles(client):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    csrf = await sign_in(client, "viewer")
    refused = await client.post(f"/gate/{meeting}/scan", data={"code": guest.token, "_csrf_token": csrf})
    assert refused.status_code == 403
    assert (await client.get("/gate/")).status_code == 403
    assert (await client.get(f"/arrivals/{meeting}")).status_code == 200  # the viewer reads the feed
    assert await _logged(meeting) == []

    csrf = await sign_in(client, "gate")
    admitted = await client.post(f"/gate/{meeting}/scan", data={"code": guest.token, "gate": "1", "_csrf_token": csrf})
    assert "verdict-admitted" in admitted.text
    assert "Отменить проход" not in admitted.text  # gate staff cannot undo
    undo = await client.post(f"/gate/{meeting}/undo/{guest.invitation_id}", data={"_csrf_token": csrf})
    assert undo.status_code == 403
    assert (await client.get(f"/arrivals/{meeting}")).status_code == 403


async def test_supervisor_undoes_and_companions_over_http(client):
    meeting = await factory.ceremony()
    veteran = await factory.card(meeting)
    escort = await factory.card(meeting, "Иванова", "Мария", "Ивановна", gender="f",
                                companion_of=veteran.invitation_id, kind=CompanionKind.ESCORT)
    csrf = await sign_in(client, "protocol")
    admitted = await client.post(f"/gate/{meeting}/scan", data={"code": veteran.token, "gate": "1",
                                                                "_csrf_token": csrf})
    assert f'name="invitation" value="{escort.invitation_id}"' in admitted.text
    assert "Отменить проход" in admitted.text
    both = await client.post(f"/gate/{meeting}/admit", data={"invitation": [str(escort.invitation_id)], "gate": "1",
                                                             "_csrf_token": csrf})
    assert "Иванова Мария Ивановна" in both.text and "verdict-admitted" in both.text
    undone = await client.post(f"/gate/{meeting}/undo/{veteran.invitation_id}", data={"gate": "1",
                                                                                     "_csrf_token": csrf})
    assert undone.status_code == 200 and "verdict-undone" in undone.text
    assert await _logged(meeting) == ["admitted", "admitted", "undone"]

    feed = await client.get(f"/arrivals/{meeting}")
    assert "Иванова Мария Ивановна" in feed.text and "Иванов Иван Петрович" not in feed.text


async def test_arrivals_feed_newest_first_vip_marked(client):
    vip = await factory.category("Почётные гости", vip=True, precedence=10)
    meeting = await factory.ceremony()
    first = await factory.card(meeting, "Первый", category_id=vip)
    second = await factory.card(meeting, "Второй")
    await services.check_in(meeting, first.token, gate="1", account_id=None)
    await services.check_in(meeting, second.token, gate="1", account_id=None)
    await sign_in(client, "protocol")
    feed = await client.get(f"/arrivals/{meeting}", headers={"HX-Request": "true"})
    assert feed.text.lstrip().startswith('<section id="arrivals"')
    assert feed.text.index("Второй") < feed.text.index("Первый")
    assert re.search(r'class="feed-row vip">.*?Первый', feed.text, re.S)


async def test_counters_fragment_and_search(client):
    meeting = await factory.ceremony(starts_at=datetime.now(UTC))  # the gate searches on the ceremony's day
    await factory.card(meeting, "Семёнов", "Пётр", "Ильич")
    await _open_gate(client, meeting)
    counters = await client.get(f"/gate/{meeting}/counters", headers={"HX-Request": "true"})
    assert counters.text.lstrip().startswith('<section id="counters"')
    found = await client.get(f"/gate/{meeting}/search", params={"q": "семенов"}, headers={"HX-Request": "true"})
    assert "Семёнов Пётр Ильич" in found.text and "Пропустить" in found.text
