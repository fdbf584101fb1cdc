"""The duty rules from the forms to the solver and back: a post's minimum stretch and shifts, the ceremony's
arrival, break and stretches a day, the explanations of stretches nobody can stand, and the score analysis."""

from collections import Counter

import pytest

from app.audit.tables import AuditEntry
from app.duty import editing, problem, roster, services
from app.duty.kinds import RosterStatus
from app.events import services as events
from tests.conftest import sign_in
from tests.duty.test_roster_solving import solve, staffed_ceremony
from tests.duty.test_staff_and_posts import ceremony, post_form
from tests.events.test_services import ceremony_form, event_form

pytestmark = pytest.mark.usefixtures("db")


async def test_a_post_keeps_its_minimum_stretch_and_shifts_and_the_solver_gets_them():
    ceremony_id = await ceremony()
    saved = await services.save_post(post_form(starts_at="2026-05-09T08:00", ends_at="2026-05-09T16:00",
                                               shifts="08:00–12:00, 12:00-16:00"), ceremony_id=ceremony_id)
    short = await services.save_post(post_form(min_stretch_minutes="90"), ceremony_id=ceremony_id)
    plain = await services.save_post(post_form(), ceremony_id=ceremony_id)
    shifted = await services.get_post(saved.id)
    assert shifted.shifts == ((0, 240), (240, 480)) and shifted.shift_text == "08:00–12:00, 12:00–16:00"
    assert (await services.get_post(short.id)).min_stretch == 90
    assert (await services.get_post(plain.id)).min_stretch == 240  # a 4-hour window is stood whole
    posts = {p.id: p for p in (await problem.load(ceremony_id)).instance.posts}
    assert posts[saved.id].shifts == ((posts[saved.id].start, posts[saved.id].start + 240),
                                      (posts[saved.id].start + 240, posts[saved.id].end))
    assert posts[short.id].min_stretch_minutes == 90 and posts[plain.id].min_stretch_minutes == 240


@pytest.mark.parametrize(("field", "value", "message"), [
    ("shifts", "08:00–11:00, 12:00–12:00", "Смены должны идти подряд от начала до конца поста"),
    ("shifts", "08:00–10:15, 10:15–12:00", "Смены должны идти подряд от начала до конца поста"),
    ("shifts", "восемь утра", "Смены в виде «08:00–12:00, 12:00–16:00»."),
    ("min_stretch_minutes", "300", "Не длиннее времени поста."),
])
async def test_post_form_refuses_shifts_and_stretches_that_do_not_fit(field, value, message):
    saved = await services.save_post(post_form(**{field: value}), ceremony_id=await ceremony())
    assert saved.errors[field].startswith(message)


async def test_the_ceremonys_rules_reach_the_solver_and_are_audited():
    ceremony_id = await ceremony()
    saved = await services.save_duty_rules(ceremony_id, {"arrival_minutes": "45", "break_minutes": "20",
                                                         "break_after_minutes": "180", "max_stretches_per_day": "1"})
    assert saved.ok
    instance = (await problem.load(ceremony_id)).instance
    assert (instance.arrival_minutes, instance.min_rest_minutes, instance.max_stretch_minutes,
            instance.max_stretches_per_day) == (45, 20, 180, 1)
    entry = await AuditEntry.select().where(AuditEntry.object_kind == "roster").first()
    assert entry["object_id"] == ceremony_id and "arrival_minutes" in entry["changes"]
    bad = await services.save_duty_rules(ceremony_id, {"arrival_minutes": "-5", "break_minutes": "20",
                                                       "break_after_minutes": "x", "max_stretches_per_day": "1"})
    assert set(bad.errors) == {"arrival_minutes", "break_after_minutes"}


async def test_a_stretch_nobody_can_stand_is_explained_in_words():
    ceremony_id, _ids = await staffed_ceremony()
    # Everybody may stand 8 hours; the arrival takes 30 minutes of them, the 8-hour post needs 8 at a stretch.
    await services.save_post(post_form(name="Парковка", starts_at="2026-05-09T08:00", ends_at="2026-05-09T16:00",
                                       min_headcount="1", desired_headcount="1", req_senior="0",
                                       min_stretch_minutes="480"), ceremony_id=ceremony_id)
    await services.save_duty_rules(ceremony_id, {"arrival_minutes": "30", "break_minutes": "30",
                                                 "break_after_minutes": "0", "max_stretches_per_day": "2"})
    await solve(ceremony_id)
    view = await roster.roster_view(ceremony_id)
    assert view.solver_status == "infeasible"
    assert any(text.startswith("Парковка, 08:00–16:00: нужно 1, но простоять на посту подряд положенное время "
                               "могут только 0") for text in view.explanations), view.explanations


async def test_the_page_shows_the_rules_and_the_score_analysis(client):
    ceremony_id, _ids = await staffed_ceremony()
    await solve(ceremony_id)
    view = await roster.roster_view(ceremony_id)
    token = await sign_in(client, "protocol")
    page = await client.get(f"/ceremonies/{ceremony_id}/duty/")
    assert "Прибыть до начала для инструктажа, мин" in page.text and 'value="30"' in page.text
    assert "Вызванные люди" in page.text and f"{view.assigned_people} чел." in page.text
    assert "Выходы на пост" in page.text and "Неравномерность часов за год среди вызванных" in page.text
    assert "подряд от 120 мин" in page.text  # the 2-hour posts are stood whole
    refused = await client.post(f"/ceremonies/{ceremony_id}/duty/rules", headers={"HX-Request": "true"},
                                data={"_csrf_token": token, "arrival_minutes": "500", "break_minutes": "30",
                                      "break_after_minutes": "240", "max_stretches_per_day": "2"})
    assert refused.status_code == 422 and "Не больше 180." in refused.text
    saved = await client.post(f"/ceremonies/{ceremony_id}/duty/rules", headers={"HX-Request": "true"},
                              data={"_csrf_token": token, "arrival_minutes": "15", "break_minutes": "30",
                                    "break_after_minutes": "240", "max_stretches_per_day": "2"})
    assert saved.status_code == 200 and "Сохранено" in saved.text
    assert (await services.duty_rules(ceremony_id))["arrival_minutes"] == 15


async def test_fairness_starts_from_the_years_hours_on_other_published_rosters():
    first, _ids = await staffed_ceremony()
    await solve(first)
    event = await events.save_event(event_form(title="День города 2026", kind="city_day"))
    second = (await events.save_ceremony(ceremony_form(starts_at="2026-06-12T10:00", ends_at="2026-06-12T12:00"),
                                         event_id=event.id)).id
    assert all(p.prior_minutes == 0 for p in (await problem.load(second)).instance.people)  # a draft counts not
    await editing.set_status(first, RosterStatus.PUBLISHED)
    stood = Counter(c.person for c in (await problem.load(first)).instance.published)
    prior = {p.id: p.prior_minutes for p in (await problem.load(second)).instance.people}
    assert stood and prior == {p: 30 * stood[p] for p in prior}
    assert all(p.prior_minutes == 0 for p in (await problem.load(first)).instance.people)  # not its own roster


async def test_a_reader_sees_the_rules_in_words(client):
    ceremony_id, _ids = await staffed_ceremony()
    await services.save_duty_rules(ceremony_id, {"arrival_minutes": "45", "break_minutes": "20",
                                                 "break_after_minutes": "180", "max_stretches_per_day": "1"})
    await sign_in(client, "viewer")
    page = await client.get(f"/ceremonies/{ceremony_id}/duty/")
    assert page.status_code == 200
    assert ("Прибытие за 45 мин до начала; перерыв не короче 20 мин после 180 мин на посту; выходов в день не больше 1."
            in page.text)
    assert f'action="/ceremonies/{ceremony_id}/duty/rules"' not in page.text
