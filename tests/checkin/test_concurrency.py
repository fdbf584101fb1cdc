"""Two gates scanning the same card at the same moment admit it once: many concurrent requests
against a real server process (uvicorn), on whichever engine the suite runs (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
import re
from collections import Counter

import httpx

from app.invitations.kinds import Verdict
from app.invitations.tables import Invitation, Scan
from app.invitations.tokens import invitation_url
from tests.checkin import factory
from tests.conftest import PASSWORD

GATES_PER_ROLE = 8


async def _signed_in(server: str, username: str) -> tuple[httpx.AsyncClient, str]:
    client = httpx.AsyncClient(base_url=server, timeout=60)
    await client.get("/login")
    csrf = client.cookies["csrftoken"]
    response = await client.post("/login", data={"username": username, "password": PASSWORD, "next": "/",
                                                 "_csrf_token": csrf})
    assert response.status_code in (200, 303), response.text
    return client, csrf


async def _scan(client: httpx.AsyncClient, csrf: str, ceremony: int, code: str, gate: str) -> str:
    response = await client.post(f"/gate/{ceremony}/scan", data={"code": code, "gate": gate},
                                 headers={"X-CSRFToken": csrf, "HX-Request": "true"})
    assert response.status_code == 200, response.text
    found = re.search(r'class="verdict verdict-([a-z_]+)"', response.text)
    assert found, response.text
    return found.group(1)


async def test_concurrent_scans_of_the_same_cards_admit_each_once(db, server):
    meeting = await factory.ceremony()
    cards = [await factory.card(meeting, f"Гость{n}") for n in range(6)]
    # Three signed-in controllers, each at several gates, all scanning every card at once.
    clients = [await _signed_in(server, role) for role in ("gate", "admin", "protocol")]
    try:
        jobs, owners = [], []
        for card in cards:
            for who, (client, csrf) in enumerate(clients):
                for gate in range(GATES_PER_ROLE):
                    code = invitation_url(card.token) if gate % 2 else card.token
                    jobs.append(_scan(client, csrf, meeting, code, f"Вход {who}-{gate}"))
                    owners.append(card.invitation_id)
        verdicts = await asyncio.gather(*jobs)
    finally:
        for client, _csrf in clients:
            await client.aclose()

    scans_per_card = len(clients) * GATES_PER_ROLE
    for card in cards:
        mine = Counter(v for v, owner in zip(verdicts, owners, strict=True) if owner == card.invitation_id)
        assert mine == {"admitted": 1, "already_admitted": scans_per_card - 1}, mine
        logged = Counter(r["verdict"] for r in await Scan.select(Scan.verdict).where(
            Scan.invitation == card.invitation_id))
        assert logged == {Verdict.ADMITTED: 1, Verdict.ALREADY_ADMITTED: scans_per_card - 1}
    admitted = await Invitation.select(Invitation.admitted_gate).where(
        (Invitation.ceremony == meeting) & Invitation.admitted_at.is_not_null())
    assert len(admitted) == len(cards)
    assert all(row["admitted_gate"].startswith("Вход ") for row in admitted)


async def test_concurrent_companion_admissions_and_scans_agree(db, server):
    meeting = await factory.ceremony()
    guest = await factory.card(meeting)
    escort = await factory.card(meeting, "Иванова", "Мария", "Ивановна", gender="f",
                                companion_of=guest.invitation_id)
    client, csrf = await _signed_in(server, "gate")
    try:
        async def admit_escort() -> str:
            response = await client.post(f"/gate/{meeting}/admit", data={"invitation": str(escort.invitation_id),
                                                                          "gate": "1"},
                                         headers={"X-CSRFToken": csrf, "HX-Request": "true"})
            return re.search(r'class="verdict verdict-([a-z_]+)"', response.text).group(1)

        results = await asyncio.gather(*([admit_escort() for _ in range(10)]
                                         + [_scan(client, csrf, meeting, escort.token, "2") for _ in range(10)]))
    finally:
        await client.aclose()
    assert Counter(results) == {"admitted": 1, "already_admitted": 19}
    assert await Scan.count().where(Scan.verdict == Verdict.ADMITTED) == 1
