"""Duty staff, availability, posts, the briefing and the duty officer's own page."""

import subprocess

import pytest

from app.duty import services
from app.duty.tables import Assignment, Roster
from app.events import services as events
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form, event_form
from tests.tools import require

pytestmark = pytest.mark.usefixtures("db")


async def ceremony() -> int:
    event = await events.save_event(event_form())
    return (await events.save_ceremony(ceremony_form(starts_at="2026-05-09T09:00", ends_at="2026-05-09T12:00"),
                                       event_id=event.id)).id


def staff_form(**changes) -> dict:
    return {"full_name": "Петров Пётр Петрович", "department": "Управление культуры", "phone": "+7 914 000-00-01",
            "gender": "m", "max_hours_per_day": "6", "notes": "", "q_senior": "on", "languages": "en, zh",
            **changes}


def post_form(**changes) -> dict:
    return {"name": "Вход №1", "place": "Главный вход", "starts_at": "2026-05-09T08:00",
            "ends_at": "2026-05-09T12:00", "slot_minutes": "30", "min_headcount": "2", "desired_headcount": "3",
            "req_senior": "1", "language": "", **changes}


async def test_staff_keeps_qualifications_and_languages_and_is_found_by_folded_name():
    saved = await services.save_staff(staff_form(full_name="Семёнова Алёна Игоревна", gender="f"))
    staff = await services.get_staff(saved.id)
    assert staff.qualifications == ("senior", "lang:en", "lang:zh")
    assert staff.languages == ("en", "zh") and len(staff.token) >= 32
    found, total = await services.staff_page("СЕМЕНОВА алена")
    assert total == 1 and found[0].id == saved.id


async def test_staff_form_errors_are_per_field():
    saved = await services.save_staff(staff_form(full_name=" ", max_hours_per_day="30"))
    assert saved.errors == {"full_name": "Заполните это поле.", "max_hours_per_day": "Не больше 24."}


async def test_post_window_must_split_into_whole_slots_and_requirements_fit():
    ceremony_id = await ceremony()
    saved = await services.save_post(post_form(ends_at="2026-05-09T12:10"), ceremony_id=ceremony_id)
    assert saved.errors == {"slot_minutes": "Время поста должно делиться на смены по 30 мин."}
    saved = await services.save_post(post_form(req_senior="5"), ceremony_id=ceremony_id)
    assert saved.errors == {"min_headcount": "Требований к квалификации больше, чем людей на посту."}
    saved = await services.save_post(post_form(language="EN"), ceremony_id=ceremony_id)
    post = await services.get_post(saved.id)
    assert post.requirements == {"senior": 1, "lang:en": 1}
    assert [f"{s:%H:%M}" for s in post.slots][:3] == ["08:00", "08:30", "09:00"] and len(post.slots) == 8


async def test_posts_copied_from_last_year_move_to_this_year_date():
    last_year = await ceremony()
    await services.save_post(post_form(), ceremony_id=last_year)
    event = await events.save_event(event_form(title="День Победы 2027", year="2027"))
    this_year = (await events.save_ceremony(ceremony_form(starts_at="2027-05-09T09:00", ends_at="2027-05-09T12:00"),
                                            event_id=event.id)).id
    assert await services.copy_posts(last_year, this_year) == 1
    [copied] = await services.posts(this_year)
    assert (copied.name, f"{copied.starts_at:%d.%m.%Y %H:%M}") == ("Вход №1", "09.05.2027 08:00")


async def test_duty_officer_page_shows_only_published_duties_and_records_acknowledgment(client):
    ceremony_id = await ceremony()
    post_id = (await services.save_post(post_form(), ceremony_id=ceremony_id)).id
    post = await services.get_post(post_id)
    staff = await services.get_staff((await services.save_staff(staff_form())).id)
    other = await services.get_staff((await services.save_staff(staff_form(full_name="Иванов Иван"))).id)
    await services.save_briefing(ceremony_id, "Связь со старшим по рации, канал 3.")
    roster = (await Roster.insert(Roster(ceremony=ceremony_id)).returning(Roster.id))[0]["id"]
    for slot in post.slots[:3]:
        await Assignment.insert(Assignment(roster=roster, staff=staff.id, post=post_id, slot_start=slot))
    await Assignment.insert(Assignment(roster=roster, staff=other.id, post=post_id, slot_start=post.slots[5]))

    draft = await client.get(f"/d/{staff.token}")
    assert draft.status_code == 200 and "Опубликованных дежурств пока нет." in draft.text
    await Roster.update({Roster.status: "published"}).where(Roster.id == roster)
    page = await client.get(f"/d/{staff.token}")
    assert "08:00–09:30" in page.text and "Вход №1" in page.text and "канал 3" in page.text
    assert "Иванов" not in page.text
    token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]
    acknowledged = await client.post(f"/d/{staff.token}/acknowledge/{ceremony_id}", data={"_csrf_token": token})
    assert "С инструктажем ознакомлен(а)" in acknowledged.text and "✓" in acknowledged.text
    assert staff.id in await services.acknowledgments(ceremony_id)
    ics = await client.get(f"/d/{staff.token}/duties.ics")
    assert "DTSTART:20260508T220000Z" in ics.text and "SUMMARY:Дежурство: Вход №1" in ics.text
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"  # one charset, not two
    assert (await client.get("/d/not-a-token")).status_code == 404


async def test_staff_registry_is_for_the_department_only(client):
    await sign_in(client, "gate")
    assert (await client.get("/duty/staff/")).status_code == 403
    await sign_in(client, "viewer")
    assert (await client.get("/duty/staff/")).status_code == 200
    assert (await client.get("/duty/staff/new")).status_code == 403


async def test_roster_page_full_and_fragment(client):
    ceremony_id = await ceremony()
    await services.save_post(post_form(), ceremony_id=ceremony_id)
    await sign_in(client, "protocol")
    full = await client.get(f"/ceremonies/{ceremony_id}/duty")
    assert full.status_code == 200 and "Вход №1" in full.text and "<html" in full.text
    fragment = await client.get(f"/ceremonies/{ceremony_id}/duty", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="roster"')


async def test_roster_prints_by_post_by_person_and_the_acknowledgment_sheet(client, tmp_path):
    require("pdftotext", "poppler-utils")
    ceremony_id = await ceremony()
    post = await services.get_post((await services.save_post(post_form(), ceremony_id=ceremony_id)).id)
    staff = await services.get_staff((await services.save_staff(staff_form())).id)
    await services.save_briefing(ceremony_id, "Связь со старшим по рации, канал 3.")
    roster = (await Roster.insert(Roster(ceremony=ceremony_id)).returning(Roster.id))[0]["id"]
    for slot in (post.slots[0], post.slots[1], post.slots[4]):
        await Assignment.insert(Assignment(roster=roster, staff=staff.id, post=post.id, slot_start=slot))
    await sign_in(client, "viewer")
    texts = {}
    for name, url in (("post", "roster.pdf?by=post"), ("person", "roster.pdf?by=person"),
                      ("ack", "acknowledgment.pdf")):
        response = await client.get(f"/ceremonies/{ceremony_id}/duty/{url}")
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(response.content)
        texts[name] = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                              check=True).stdout.split())
    assert "График дежурств по постам" in texts["post"] and "УТВЕРЖДАЮ" in texts["post"]
    # Two stretches: 08:00–09:00 and 10:00–10:30.
    assert "08:00–09:00" in texts["post"] and "10:00–10:30" in texts["post"]
    assert "Петров Пётр Петрович" in texts["person"]
    assert "Лист ознакомления с инструктажем" in texts["ack"] and "канал 3" in texts["ack"]
    assert "Подпись" in texts["ack"]


async def test_duty_officer_pages_are_rate_limited_per_address(client, monkeypatch):
    from app.duty import officer_page
    from app.web import ratelimit
    from tests.tools import freeze_the_limiters_minute

    ratelimit.reset()
    monkeypatch.setattr(officer_page, "OFFICER_PAGES_PER_MINUTE", 2)
    freeze_the_limiters_minute(monkeypatch)
    try:
        statuses = [(await client.get("/d/NoSuchTokenNoSuchTokenNoSuchTok")).status_code for _ in range(3)]
        assert statuses == [404, 404, 429]
        limited = await client.get("/d/NoSuchTokenNoSuchTokenNoSuchTok")
        assert "Слишком много запросов" in limited.text and 1 <= int(limited.headers["retry-after"]) <= 61
    finally:
        ratelimit.reset()


async def test_availability_posted_without_htmx_answers_the_whole_page_or_goes_back_to_it(client):
    """A plain form post (no JavaScript) gets the staff page with the message and what was typed, or, saved, the
    page itself; it was a server error (the block's page had no form values)."""
    token = await sign_in(client, "protocol")
    staff_id = (await services.save_staff(staff_form())).id
    wrong = await client.post(f"/duty/staff/{staff_id}/availability",
                              data={"day": "2026-05-09", "start": "12:00", "end": "09:00", "_csrf_token": token})
    assert wrong.status_code == 422
    assert "Петров Пётр Петрович" in wrong.text and "Окончание должно быть позже начала." in wrong.text
    saved = await client.post(f"/duty/staff/{staff_id}/availability", follow_redirects=False,
                              data={"day": "2026-05-09", "start": "09:00", "end": "12:00", "_csrf_token": token})
    assert saved.status_code == 303 and saved.headers["location"] == f"/duty/staff/{staff_id}#availability"
    [kept] = await services.availability(staff_id)
    deleted = await client.post(f"/duty/staff/{staff_id}/availability/{kept.id}/delete", follow_redirects=False,
                                data={"_csrf_token": token})
    assert deleted.status_code == 303 and not await services.availability(staff_id)
    fragment = await client.post(f"/duty/staff/{staff_id}/availability", headers={"HX-Request": "true"},
                                 data={"day": "2026-05-10", "day_off": "on", "_csrf_token": token})
    assert fragment.status_code == 200 and 'id="availability"' in fragment.text and "<html" not in fragment.text
