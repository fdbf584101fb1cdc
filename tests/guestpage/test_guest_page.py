"""The guest's page behind the token: what it shows, the answer, the calendar file, the rate limit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.guestpage import controllers
from app.guestpage.ics import InvitationEvent, invitation_calendar
from app.guestpage.services import greeting
from app.invitations.kinds import InvitationStatus
from app.invitations.tables import Invitation
from app.web import ratelimit
from tests.checkin import factory
from tests.conftest import csrf_from
from tests.tools import freeze_the_limiters_minute

PERSONAL = ("Иванов", "Иван", "Петрович", "Партер", "Уважаем")


@pytest.fixture(autouse=True)
def fresh_counts():
    ratelimit.reset()
    yield
    ratelimit.reset()


def test_greeting_forms():
    assert greeting("m", "Иванов", "Иван", "Петрович") == "Уважаемый Иван Петрович!"
    assert greeting("f", "Петрова", "Анна", "Сергеевна") == "Уважаемая Анна Сергеевна!"
    assert greeting("", "Петрова", "Анна", "Сергеевна") == "Уважаемая Анна Сергеевна!"  # from the patronymic
    assert greeting("", "Ким", "Саша", "") == "Уважаемый(ая) Саша Ким!"


async def test_valid_token_shows_the_invitation(client):
    meeting = await factory.ceremony(starts_at=datetime(2027, 5, 9, 1, 0, tzinfo=UTC))  # 11:00 in Khabarovsk
    card = await factory.card(meeting)
    page = await client.get(f"/i/{card.token}")
    assert page.status_code == 200
    text = page.text
    for expected in ("Уважаемый Иван Петрович!", "Торжественное собрание", "9 мая 2027 г.", "11:00",
                     "Краевой музыкальный театр", "ул. Карла Маркса, 64", "Главный вход", "Партер, ряд 3, место 12",
                     "Деловой костюм, награды", f"/i/{card.token}/invitation.ics"):
        assert expected in text, expected
    assert page.headers["cache-control"] == "no-store"
    assert "Выйти" not in text  # nobody is signed in


async def test_revoked_and_unknown_tokens_show_nothing_personal(client):
    meeting = await factory.ceremony()
    card = await factory.card(meeting)
    await factory.revoke(card.token)
    revoked = await client.get(f"/i/{card.token}")
    assert revoked.status_code == 410
    assert "Это приглашение больше недействительно" in revoked.text
    unknown = await client.get("/i/NoSuchTokenNoSuchTokenNoSuchTok")
    assert unknown.status_code == 404
    assert "Приглашение не найдено" in unknown.text
    for page in (revoked, unknown):
        for word in PERSONAL + ("Торжественное собрание", "Краевой"):
            assert word not in page.text, word
    ics = await client.get(f"/i/{card.token}/invitation.ics")
    assert ics.status_code == 410 and "BEGIN:VCALENDAR" not in ics.text
    answer = await client.post(f"/i/{card.token}", data={"answer": "accept", "_csrf_token": csrf_from(revoked.text)})
    assert answer.status_code == 410
    row = await Invitation.select(Invitation.status).where(Invitation.id == card.invitation_id).first()
    assert row["status"] == InvitationStatus.ISSUED


async def test_accept_then_decline_with_a_note_without_javascript(client):
    meeting = await factory.ceremony()
    card = await factory.card(meeting)
    page = await client.get(f"/i/{card.token}")
    csrf = csrf_from(page.text)
    accepted = await client.post(f"/i/{card.token}", data={"answer": "accept", "note": "буду с внуком",
                                                           "_csrf_token": csrf}, follow_redirects=False)
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/i/{card.token}?answered=accept"
    row = await Invitation.select(Invitation.status, Invitation.response_note, Invitation.responded_at).where(
        Invitation.id == card.invitation_id).first()
    assert row["status"] == InvitationStatus.ACCEPTED and row["response_note"] == "буду с внуком"
    assert row["responded_at"] is not None
    shown = await client.get(accepted.headers["location"])
    assert "Спасибо! Ваш ответ записан." in shown.text and "Вы приняли приглашение" in shown.text

    declined = await client.post(f"/i/{card.token}", data={"answer": "decline", "_csrf_token": csrf})
    assert declined.status_code == 200 and "не сможете прийти" in declined.text
    row = await Invitation.select(Invitation.status).where(Invitation.id == card.invitation_id).first()
    assert row["status"] == InvitationStatus.DECLINED


async def test_answer_needs_the_csrf_token_and_a_choice(client):
    meeting = await factory.ceremony()
    card = await factory.card(meeting)
    refused = await client.post(f"/i/{card.token}", data={"answer": "accept"})
    assert refused.status_code == 403
    csrf = csrf_from((await client.get(f"/i/{card.token}")).text)
    bad = await client.post(f"/i/{card.token}", data={"answer": "maybe", "_csrf_token": csrf})
    assert bad.status_code == 422


async def test_no_answer_after_the_start(client):
    meeting = await factory.ceremony(starts_at=datetime.now(UTC) - timedelta(minutes=30))
    card = await factory.card(meeting)
    page = await client.get(f"/i/{card.token}")
    assert "ответить на приглашение больше нельзя" in page.text and 'name="answer"' not in page.text
    await client.post(f"/i/{card.token}", data={"answer": "decline", "_csrf_token": csrf_from(page.text)})
    row = await Invitation.select(Invitation.status).where(Invitation.id == card.invitation_id).first()
    assert row["status"] == InvitationStatus.ISSUED


async def test_calendar_file(client):
    meeting = await factory.ceremony(starts_at=datetime(2027, 5, 9, 1, 0, tzinfo=UTC))
    card = await factory.card(meeting, seat="Партер; ряд 3, место 12")
    response = await client.get(f"/i/{card.token}/invitation.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Asia/Vladivostok" in lines and "TZOFFSETTO:+1000" in lines
    assert "DTSTART;TZID=Asia/Vladivostok:20270509T110000" in lines
    assert "DTEND;TZID=Asia/Vladivostok:20270509T130000" in lines
    assert f"UID:invitation-{card.invitation_id}@127.0.0.1:8000" in lines
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
    assert "SUMMARY:Торжественное собрание" in lines
    assert "LOCATION:Краевой музыкальный театр\\, ул. Карла Маркса\\, 64" in lines
    assert "Место: Партер\\; ряд 3\\, место 12" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_vtimezone_with_daylight_saving():
    from zoneinfo import ZoneInfo

    start = datetime(2027, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    body = invitation_calendar(InvitationEvent(uid="u@x", start=start, end=start + timedelta(hours=1), summary="S",
                                               location="", description="", url=""), ZoneInfo("Europe/Berlin"),
                               now=datetime(2027, 1, 1, tzinfo=UTC)).decode()
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200" in body
    assert "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100" in body
    assert "DTSTART;TZID=Europe/Berlin:20270701T100000" in body
    assert "DTSTAMP:20270101T000000Z" in body


async def test_rate_limit(client, monkeypatch):
    monkeypatch.setattr(controllers, "TOKEN_PAGES_PER_MINUTE", 3)
    freeze_the_limiters_minute(monkeypatch)
    meeting = await factory.ceremony()
    card = await factory.card(meeting)
    statuses = [(await client.get(f"/i/{card.token}")).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = await client.get("/i/NoSuchTokenNoSuchTokenNoSuchTok")
    assert limited.status_code == 429
    assert "Слишком много запросов" in limited.text
    assert 1 <= int(limited.headers["retry-after"]) <= 61
    for word in PERSONAL:
        assert word not in limited.text
    assert (await client.get(f"/i/{card.token}/invitation.ics")).status_code == 429
