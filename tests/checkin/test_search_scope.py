"""The gate's name search: only the ceremony the gate was opened for, only on that ceremony's day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.checkin import factory
from tests.conftest import sign_in


async def _open_gate(client, ceremony_id: int) -> None:
    csrf = await sign_in(client, "gate")
    response = await client.post("/gate/", data={"ceremony": str(ceremony_id), "gate": "Северный",
                                                 "_csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303


async def test_gate_searches_its_own_ceremony_on_its_day_only(client):
    today = await factory.ceremony("Сегодняшняя", starts_at=datetime.now(UTC))
    other = await factory.ceremony("Чужая", starts_at=datetime.now(UTC))
    later = await factory.ceremony("Будущая", starts_at=datetime.now(UTC) + timedelta(days=10))
    for meeting in (today, other, later):
        await factory.card(meeting, "Семёнов", "Пётр", "Ильич")
    await _open_gate(client, today)
    found = await client.get(f"/gate/{today}/search", params={"q": "семенов"})
    assert found.status_code == 200 and "Семёнов Пётр Ильич" in found.text
    refused = await client.get(f"/gate/{other}/search", params={"q": "семенов"})
    assert refused.status_code == 403 and "Семёнов" not in refused.text
    assert "только на церемонии, для которой открыт этот вход" in refused.text
    await _open_gate(client, later)
    early = await client.get(f"/gate/{later}/search", params={"q": "семенов"})
    assert early.status_code == 403 and "Семёнов" not in early.text
    assert "только в день церемонии" in early.text


async def test_protocol_searches_any_ceremony(client):
    later = await factory.ceremony("Будущая", starts_at=datetime.now(UTC) + timedelta(days=10))
    await factory.card(later, "Семёнов", "Пётр", "Ильич")
    await sign_in(client, "protocol")
    found = await client.get(f"/gate/{later}/search", params={"q": "семенов"})
    assert found.status_code == 200 and "Семёнов Пётр Ильич" in found.text
