"""A ceremony's roster solved from the database, explained, edited by hand and re-planned after a no-show."""

import asyncio
import re
from datetime import datetime

import pytest

from app.duty import editing, problem, roster, services, solving
from app.duty.explain import violation_text
from app.duty.kinds import RosterStatus
from app.duty.tables import Assignment, Availability, Roster, Staff
from app.jobs import runner
from solver.roster import Cell, Violation, validate
from tests.conftest import sign_in
from tests.duty.test_staff_and_posts import ceremony, post_form, staff_form
from tests.tools import Ticks

pytestmark = pytest.mark.usefixtures("db")


async def solve(ceremony_id: int, seconds: float = 5, **params) -> dict:
    # The job runs in a worker process in production; here in a thread, which has its own event loop too.
    return await asyncio.to_thread(solving.solve_job, {"ceremony_id": ceremony_id, "seconds": seconds, **params},
                                   Ticks())


async def staffed_ceremony(people: int = 6, seniors: int = 2) -> tuple[int, list[int]]:
    ceremony_id = await ceremony()
    await services.save_post(post_form(name="Вход №1", starts_at="2026-05-09T09:00", ends_at="2026-05-09T11:00",
                                       min_headcount="2", desired_headcount="2", req_senior="1"),
                             ceremony_id=ceremony_id)
    await services.save_post(post_form(name="Гардероб", starts_at="2026-05-09T09:00", ends_at="2026-05-09T11:00",
                                       min_headcount="1", desired_headcount="2", req_senior="0"),
                             ceremony_id=ceremony_id)
    ids = []
    for n in range(people):
        form = staff_form(full_name=f"Дежурный{n} Иван Петрович", department=f"Отдел {n % 2 + 1}",
                          max_hours_per_day="8", languages="")
        if n >= seniors:
            form.pop("q_senior")
        ids.append((await services.save_staff(form)).id)
    return ceremony_id, ids


async def cells(ceremony_id: int) -> set[tuple[int, int, str]]:
    rows = await Assignment.select(Assignment.staff, Assignment.post, Assignment.slot_start).where(
        Assignment.roster.ceremony == ceremony_id)
    return {(r["staff"], r["post"], r["slot_start"].isoformat()) for r in rows}


async def test_solved_roster_covers_every_slot_and_keeps_the_rules():
    ceremony_id, _ids = await staffed_ceremony()
    result = await solve(ceremony_id)
    assert result["link"] == f"/ceremonies/{ceremony_id}/duty/"
    view = await roster.roster_view(ceremony_id)
    assert view.solver_status in ("optimal", "feasible") and not view.explanations
    for post in view.posts:
        for slot in post.slots:
            assert view.shortfall(post, slot) == 0
    loaded = await problem.load(ceremony_id)
    stored = [Cell(s, p, problem.minutes(datetime.fromisoformat(t))) for s, p, t in await cells(ceremony_id)]
    assert validate(loaded.instance, stored) == []
    assert set(view.penalties) >= {"desired"} and sum(view.penalties.values()) == view.objective


async def test_too_few_seniors_is_explained_in_words_naming_the_post_and_time():
    ceremony_id, _ids = await staffed_ceremony(seniors=0)
    await solve(ceremony_id)
    view = await roster.roster_view(ceremony_id)
    assert view.solver_status == "infeasible" and not view.cells
    assert any(text.startswith("Вход №1, 09:00–11:00: нужно 1 с квалификацией «старший на посту», доступно 0")
               for text in view.explanations), view.explanations


async def test_partial_roster_fills_what_it_can_and_names_the_gap():
    ceremony_id, _ids = await staffed_ceremony(seniors=0)
    await solve(ceremony_id, partial=True)
    view = await roster.roster_view(ceremony_id)
    assert view.cells and view.explanations
    assert any("Вход №1" in text for text in view.explanations)


async def test_unavailable_person_is_not_rostered_in_their_closed_hours():
    ceremony_id, ids = await staffed_ceremony(people=8)
    await services.add_availability(ids[0], {"day": "2026-05-09", "day_off": "on"})
    await services.add_availability(ids[1], {"day": "2026-05-09", "start": "10:00", "end": "18:00"})
    await solve(ceremony_id)
    rostered = await cells(ceremony_id)
    assert not [c for c in rostered if c[0] == ids[0]]
    assert not [c for c in rostered if c[0] == ids[1] and c[2] < "2026-05-09T01:00:00+00:00"]  # 11:00 local
    assert await Availability.count() == 2


async def test_a_move_that_breaks_a_rule_is_refused_with_the_reason_and_nothing_changes():
    ceremony_id, ids = await staffed_ceremony()
    await solve(ceremony_id)
    view = await roster.roster_view(ceremony_id)
    entrance = next(p for p in view.posts if p.name == "Вход №1")
    cloakroom = next(p for p in view.posts if p.name == "Гардероб")
    slot = cloakroom.slots[0]
    cell = view.cells[(cloakroom.id, slot)][0]
    # the same person can not also stand at the entrance at the same time
    busy_elsewhere = view.cells[(entrance.id, slot)][0]
    before = await cells(ceremony_id)
    edit = await editing.swap(ceremony_id, cell.assignment_id, cell.assignment_id)
    assert edit.ok
    edit = await editing.move(ceremony_id, busy_elsewhere.assignment_id, cloakroom.id, cloakroom.slots[1])
    assert edit.ok is False and edit.message
    assert await cells(ceremony_id) == before


async def test_pin_survives_a_new_solve():
    ceremony_id, _ids = await staffed_ceremony()
    await solve(ceremony_id)
    first = await Assignment.select().first()
    await editing.toggle_pin(ceremony_id, first["id"])
    await solve(ceremony_id)
    kept = await Assignment.select().where(
        (Assignment.staff == first["staff"]) & (Assignment.post == first["post"])
        & (Assignment.slot_start == first["slot_start"])).first()
    assert kept is not None and kept["pinned"]


async def test_no_show_replan_changes_only_the_absent_persons_cells():
    ceremony_id, ids = await staffed_ceremony(people=8, seniors=3)
    await solve(ceremony_id)
    await editing.set_status(ceremony_id, RosterStatus.PUBLISHED)
    before = await cells(ceremony_id)
    absent = next(iter(before))[0]
    await editing.mark_no_show(ceremony_id, absent, True)
    await solve(ceremony_id, seconds=solving.REPLAN_SECONDS)
    after = await cells(ceremony_id)
    kept = {c for c in before if c[0] != absent}
    assert kept <= after and not [c for c in after if c[0] == absent]
    changed = {(r["staff"], r["post"], r["slot_start"].isoformat())
               for r in await Assignment.select().where(Assignment.changed.eq(True))}
    assert changed == after - kept
    assert (await Roster.select(Roster.status).first())["status"] == RosterStatus.PUBLISHED


async def test_roster_page_solves_through_a_job_and_shows_its_progress(client):
    ceremony_id, _ids = await staffed_ceremony()
    token = await sign_in(client, "protocol")
    response = await client.post(f"/ceremonies/{ceremony_id}/duty/solve", data={"_csrf_token": token},
                                 follow_redirects=False)
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert 'id="job"' in page.text and "Составление графика" in page.text
    job_id = int(response.headers["location"].rsplit("=", 1)[1])
    for _tick in range(120):
        job = await runner.get(job_id)
        if job.finished:
            break
        await asyncio.sleep(0.25)
    assert job.status == "done", job.message
    poll = await client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"})
    assert poll.headers["HX-Redirect"] == f"/ceremonies/{ceremony_id}/duty/"
    assert (await roster.roster_view(ceremony_id)).cells
    viewer = await client.post(f"/ceremonies/{ceremony_id}/duty/publish", data={"_csrf_token": token},
                               headers={"HX-Request": "true"})
    assert viewer.status_code == 200 and 'id="roster"' in viewer.text


async def test_a_published_roster_that_a_later_day_off_breaks_says_so_and_stays_as_published(client):
    """A duty officer takes the day off after the roster was published: the roster is not changed behind anyone's
    back, and its page says in red who now stands where they cannot."""
    ceremony_id, _ids = await staffed_ceremony(people=8)
    await solve(ceremony_id)
    await editing.set_status(ceremony_id, RosterStatus.PUBLISHED)
    assert await editing.faults(ceremony_id) == []
    before = await cells(ceremony_id)
    someone = next(iter(before))[0]
    await services.add_availability(someone, {"day": "2026-05-09", "day_off": "on"})
    faults = await editing.faults(ceremony_id)
    assert faults and all(re.fullmatch(r"Дежурный\d Иван Петрович в \d\d:\d\d(–\d\d:\d\d)? недоступен\.", text)
                          for text in faults)  # «недоступен», as the registry knows him: not «недоступен(на)»
    assert any("–" in text for text in faults)  # consecutive slots on a post read as one stretch, not a line each
    assert await cells(ceremony_id) == before
    await sign_in(client, "protocol")
    page = (await client.get(f"/ceremonies/{ceremony_id}/duty/")).text
    assert "График сейчас нарушает правила" in page and faults[0] in page


async def test_an_officer_deactivated_after_publication_is_named_in_the_rosters_faults():
    ceremony_id, _ids = await staffed_ceremony(people=8)
    await solve(ceremony_id)
    someone = next(iter(await cells(ceremony_id)))[0]
    await Staff.update({Staff.active: False}).where(Staff.id == someone)
    name = (await services.get_staff(someone)).full_name
    faults = await editing.faults(ceremony_id)
    assert faults and all(text.startswith(f"{name}, пост «") and "больше не действует" in text for text in faults)


async def test_looking_for_faults_of_a_ceremony_without_a_roster_makes_none():
    ceremony_id, _ids = await staffed_ceremony()
    assert await editing.faults(ceremony_id) == [] and await Roster.count() == 0


async def test_a_verdict_on_a_person_takes_their_gender_and_both_endings_where_it_is_unknown():
    woman = (await services.save_staff(staff_form(full_name="Семёнова Алёна Игоревна", gender="f"))).id
    unknown = (await services.save_staff(staff_form(full_name="Ким Саша", gender=""))).id
    assert await violation_text(Violation("availability", woman, None, 24 * 60)) == (
        "Семёнова Алёна Игоревна в 10:00 недоступна.")  # 00:00 UTC: 10:00 in Khabarovsk
    assert await violation_text(Violation("absent", unknown)) == "Ким Саша отмечен(а) как неявка."
    ceremony_id, _ids = await staffed_ceremony()
    post = (await services.posts(ceremony_id))[0]
    assert await violation_text(Violation("qualification", None, post.id, 24 * 60)) == (
        f"{post.name}, 10:00: людей с квалификацией, которой требует пост, меньше нужного.")  # not «?: …»
