"""An approved plan is frozen: a re-solve, a seat edit, another hall or the presidium become a proposal that lists
who moves (printed and admitted guests marked) and changes nothing until «Применить»; each confirmed change is a
version, any version can be restored the same way; cards whose seat changed are flagged until printed again.
And the presidium suggestion: needs respected, escorts along, nothing set until confirmed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from app.audit.tables import AuditEntry
from app.core.roles import Role
from app.guests.kinds import LinkKind
from app.invitations import printing
from app.invitations.kinds import CompanionKind, InvitationStatus
from app.invitations.tables import Invitation, InvitationToken
from app.seating.halls.layout import rows_template
from app.seating.kinds import PlanStatus, SectionKind
from app.seating.plan import editing, exports, presidium, problem, services, versions
from app.seating.tables import PlanVersion, Seat, SeatingPlan
from tests.conftest import sign_in
from tests.seating.test_problem import ceremony, guest, hall, link
from tests.seating.test_solving import labels, seats, solve

HTMX = {"HX-Request": "true"}


async def approved(count: int = 8) -> tuple[int, list[int]]:
    """A 3 × 6 hall with a presidium of 3, `count` guests solved and the plan approved (version 1)."""
    c = await ceremony()
    await services.choose_hall(c, await hall(rows_template("Зал", rows=3, seats_per_row=6, presidium=3)), False)
    ids = [await guest(c, f"Гость{n}", 10 + n) for n in range(count)]
    await solve(c)
    await services.set_status(c, PlanStatus.PUBLISHED)
    return c, ids


async def status(c: int) -> str:
    return (await problem.plan_row(c))["status"]


async def reprint(c: int) -> set[int]:
    return {r["id"] for r in await Invitation.select(Invitation.id).where(
        (Invitation.ceremony == c) & Invitation.needs_reprint.eq(True))}


async def test_a_re_solve_of_an_approved_plan_waits_for_confirmation_then_is_a_version_with_reprints(client):
    c, ids = await approved()
    assert [v.number for v in await versions.versions_of((await problem.plan_row(c))["id"])] == [1]
    now = datetime.now(UTC)
    await Invitation.update({Invitation.status: InvitationStatus.ISSUED, Invitation.issued_at: now,
                             Invitation.admitted_at: now}).where(Invitation.id == ids[0])
    governor = await guest(c, "Губернатор", 1)
    before_seats, before_labels = await seats(c), await labels(c)

    await solve(c)
    assert await seats(c) == before_seats and await labels(c) == before_labels and await reprint(c) == set()
    assert await status(c) == PlanStatus.PUBLISHED
    view = await services.plan_view(c)
    moves = {m.guest.invitation_id: m for m in view.proposal.moves}
    assert moves[governor].before == "" and moves[governor].after.startswith("Партер, ряд 1")
    assert moves[ids[0]].printed and moves[ids[0]].admitted and moves[ids[0]].before == before_labels[ids[0]]
    token = await sign_in(client, Role.PROTOCOL)
    html = (await client.get(f"/ceremonies/{c}/seating")).text
    assert "изменение ждёт подтверждения" in html and "Применить" in html and "уже в зале" in html
    assert html.index('id="proposal"') < html.index('id="seating-scheme"')

    response = await client.post(f"/ceremonies/{c}/seating/proposal", headers=HTMX,
                                 data={"action": "apply", "_csrf_token": token})
    assert response.headers["HX-Redirect"] == f"/ceremonies/{c}/seating"
    after = await seats(c)
    assert governor in after and after != before_seats and await status(c) == PlanStatus.PUBLISHED
    assert (await problem.plan_row(c))["proposal"] == {}
    moved = {i for i in ids if after[i] != before_seats[i]}
    assert ids[0] in moved and await reprint(c) == moved  # the governor's card was printed before any seat
    assert [v.number for v in await versions.versions_of((await problem.plan_row(c))["id"])] == [2, 1]
    entry = await AuditEntry.select().where(AuditEntry.object_kind == "seating_plan").order_by(
        AuditEntry.id, ascending=False).output(load_json=True).first()
    assert entry["changes"]["reason"] == "Рассадить заново" and entry["account_name"]


async def test_seat_edits_on_an_approved_plan_add_up_in_one_proposal_and_can_be_dropped(client):
    c, ids = await approved()
    start = await seats(c)
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/ceremonies/{c}/seating/seats", headers=HTMX, data={
        "action": "swap", "guest": ids[0], "other": ids[1], "_csrf_token": token})
    assert response.status_code == 200 and 'id="proposal"' in response.text and "Обмен местами" in response.text
    assert (await editing.place(c, ids[2], start[ids[3]])).ok
    assert await seats(c) == start
    proposal = (await problem.plan_row(c))["proposal"]
    assert proposal["reason"].count(";") == 1
    assert {m.guest.invitation_id for m in (await services.plan_view(c)).proposal.moves} == set(ids[:4])
    await client.post(f"/ceremonies/{c}/seating/proposal", headers=HTMX,
                      data={"action": "discard", "_csrf_token": token})
    assert await seats(c) == start and (await problem.plan_row(c))["proposal"] == {}
    assert (await editing.toggle_pin(c, ids[5])).ok  # a pin moves nobody: no confirmation needed
    assert (await problem.load(c)).pinned == {ids[5]}


async def test_a_confirmed_change_that_leaves_a_guest_without_a_seat_returns_the_plan_to_draft():
    c, ids = await approved()
    assert (await editing.unseat(c, ids[7])).ok
    assert ids[7] in await seats(c) and await status(c) == PlanStatus.PUBLISHED
    view = await services.plan_view(c)
    assert view.proposal.unseated_more == 1 and view.proposal.moves[0].after == ""
    await services.apply_proposal(c)
    assert ids[7] not in await seats(c) and await status(c) == PlanStatus.DRAFT


async def test_an_earlier_version_comes_back_through_the_same_confirmation():
    c, ids = await approved()
    first = await seats(c)
    assert (await editing.swap(c, ids[0], ids[1])).ok
    await services.apply_proposal(c)
    swapped = await seats(c)
    assert (swapped[ids[0]], swapped[ids[1]]) == (first[ids[1]], first[ids[0]])
    plan_id = (await problem.plan_row(c))["id"]
    version_1 = next(v for v in await versions.versions_of(plan_id) if v.number == 1)
    await versions.restore(c, version_1.id)
    assert await seats(c) == swapped  # only proposed
    assert (await services.plan_view(c)).proposal.reason == "Восстановить версию 1"
    await services.apply_proposal(c)
    assert await seats(c) == first and await PlanVersion.count().where(PlanVersion.plan == plan_id) == 3
    assert await status(c) == PlanStatus.PUBLISHED


async def test_another_hall_for_an_approved_plan_is_a_proposal_too():
    c, ids = await approved()
    other = await hall(rows_template("Другой зал", rows=2, seats_per_row=5))
    before = await problem.plan_row(c)
    await services.choose_hall(c, other, False)
    assert (await problem.plan_row(c))["hall"] == before["hall"] and len(await seats(c)) == len(ids)
    view = await services.plan_view(c)
    assert len(view.proposal.moves) == len(ids) and all(m.after == "" for m in view.proposal.moves)
    await services.apply_proposal(c)
    plan = await problem.plan_row(c)
    assert plan["hall"] == other and await seats(c) == {} and plan["status"] == PlanStatus.DRAFT
    assert all(label == "" for label in (await labels(c)).values())


async def test_the_presidium_suggestion_skips_needs_the_stage_cannot_meet_and_brings_escorts():
    c = await ceremony()
    hall_id = await hall(rows_template("Зал", rows=3, seats_per_row=6, presidium=3))
    await services.choose_hall(c, hall_id, False)
    await Seat.update({Seat.step_free: False}).where((Seat.hall == hall_id)
                                                    & (Seat.section.kind == SectionKind.PRESIDIUM))
    wheelchair = await guest(c, "Колясочник", 1, wheelchair=True)
    stairs = await guest(c, "Безлестниц", 2, no_stairs=True)
    alone = await guest(c, "Одинокий", 3, needs_escort=True)
    veteran = await guest(c, "Ветеран", 4, needs_escort=True)
    escort = await guest(c, "Сопровождающий", 90, companion_of=veteran, kind=CompanionKind.ESCORT)
    deputy = await guest(c, "Депутат", 5)
    await guest(c, "Младший", 6)

    suggestion = await presidium.suggest(c)
    assert [g.invitation_id for g in suggestion.members] == [veteran, escort, deputy]
    skipped = {g.invitation_id: why for g, why in suggestion.skipped}
    assert skipped[wheelchair] == "на коляске, а на сцене нет места для коляски"
    assert skipped[stairs] == "нельзя по ступенькам, а на сцену нет прохода без ступенек"
    assert skipped[alone] == "нужен сопровождающий, а он не приглашён"
    assert (await problem.plan_row(c))["presidium"] == []  # only a suggestion

    await services.change_presidium(c, "set", [g.invitation_id for g in suggestion.members])
    loaded = await problem.load(c)
    on_stage = {i: await Seat.select(Seat.order, Seat.segment).where(Seat.id == loaded.assignment[i]).first()
                for i in (veteran, escort, deputy)}
    assert on_stage[veteran]["segment"] == on_stage[escort]["segment"]
    assert abs(on_stage[veteran]["order"] - on_stage[escort]["order"]) == 1  # side by side


async def test_an_escort_the_stage_order_would_seat_apart_keeps_their_guest_off_the_suggestion():
    c = await ceremony()
    await services.choose_hall(c, await hall(rows_template("Зал", rows=3, seats_per_row=6, presidium=5)), False)
    seniors = [await guest(c, f"Старший{n}", 1 + n) for n in range(3)]
    veteran = await guest(c, "Ветеран", 10)
    await guest(c, "Сопровождающий", 90, companion_of=veteran, kind=CompanionKind.ESCORT)
    junior = await guest(c, "Младший", 20)
    suggestion = await presidium.suggest(c)
    # by seniority the veteran sits 4th (left of centre, two out), the escort 5th (right, two out): not together
    skipped = {g.invitation_id: why for g, why in suggestion.skipped}
    assert "не рядом" in skipped[veteran]
    assert [g.invitation_id for g in suggestion.members] == [*seniors, junior]


async def test_a_suggested_presidium_on_an_approved_plan_is_confirmed_twice(client):
    c, ids = await approved()
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/ceremonies/{c}/seating/presidium", headers=HTMX,
                                 data={"action": "suggest", "_csrf_token": token})
    assert "Утвердить президиум" in response.text
    start = await seats(c)
    await client.post(f"/ceremonies/{c}/seating/presidium", headers=HTMX,
                      data={"action": "set", "guest": ids[:3], "_csrf_token": token})
    plan = await problem.plan_row(c)
    assert plan["presidium"] == [] and await seats(c) == start and plan["proposal"]["state"]["presidium"] == ids[:3]
    await services.apply_proposal(c)
    loaded = await problem.load(c)
    assert (await problem.plan_row(c))["presidium"] == ids[:3]
    assert {loaded.seats[loaded.assignment[i]].kind for i in ids[:3]} == {SectionKind.PRESIDIUM}
    assert len(loaded.assignment) == len(ids) and await status(c) == PlanStatus.PUBLISHED


async def test_a_reprint_flag_shows_in_the_list_and_clears_when_the_card_is_printed_again(client):
    c, ids = await approved()
    await InvitationToken.insert(InvitationToken(invitation=ids[0], token="t" * 40))
    assert (await editing.swap(c, ids[0], ids[1])).ok
    await services.apply_proposal(c)
    assert await reprint(c) == {ids[0], ids[1]}
    await sign_in(client, Role.PROTOCOL)
    html = (await client.get(f"/ceremonies/{c}/invitations")).text
    assert html.count("перепечатать") == 2
    await printing.card_pdf(ids[0], "A5")
    assert await reprint(c) == {ids[1]}


async def test_the_plan_as_csv_and_xlsx_in_hall_order_with_groups_and_needs():
    c = await ceremony()
    await services.choose_hall(c, await hall(), False)
    head = await guest(c, "Петров", 5)
    wife = await guest(c, "Петрова", 50, name="Анна", patronymic="Сергеевна")
    await link(wife, head, LinkKind.FAMILY_OF)
    chair = await guest(c, "Колёсов", 20, no_stairs=True, needs_escort=True)
    await guest(c, "=Формула", 30)
    await solve(c)
    loaded = await problem.load(c)
    content = await exports.plan_csv(c)
    assert content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["Часть зала", "Ряд", "Место", "Фамилия, имя, отчество", "Категория", "Группа",
                        "Особые потребности"]
    by_name = {row[3]: row for row in table[1:]}
    seat = loaded.seats[loaded.assignment[chair]]
    assert by_name["Колёсов Иван Петрович"][:3] == [seat.section, seat.row_label, seat.number]
    assert by_name["Колёсов Иван Петрович"][6] == "без лестниц, с сопровождающим"
    assert by_name["Петрова Анна Сергеевна"][5] == by_name["Петров Иван Петрович"][5] == "Петров И. П."
    assert "'=Формула Иван Петрович" in by_name
    assert [(int(r[1]), int(r[2])) for r in table[1:]] == sorted((int(r[1]), int(r[2])) for r in table[1:])
    sheet = load_workbook(io.BytesIO(await exports.plan_xlsx(c))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == table[0] and len(values) == 5
    assert [row[3] for row in values[1:]] == [row[3].lstrip("'") for row in table[1:]]


async def test_the_exports_answer_on_the_seating_page_and_404_without_a_plan(client):
    c, _ids = await approved()
    await sign_in(client, Role.VIEWER)
    response = await client.get(f"/ceremonies/{c}/seating/print/plan.csv")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    xlsx = await client.get(f"/ceremonies/{c}/seating/print/plan.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (await client.get(f"/ceremonies/{await ceremony()}/seating/print/plan.csv")).status_code == 404
    assert f'href="/ceremonies/{c}/seating/print/plan.xlsx"' in (await client.get(f"/ceremonies/{c}/seating")).text


async def test_an_unchanged_plan_needs_no_version_until_it_is_approved():
    c = await ceremony()
    await services.choose_hall(c, await hall(), False)
    await guest(c, "Гость", 10)
    await solve(c)
    plan_id = (await problem.plan_row(c))["id"]
    assert await PlanVersion.count().where(PlanVersion.plan == plan_id) == 0
    await services.set_status(c, PlanStatus.PUBLISHED)
    await services.set_status(c, PlanStatus.PUBLISHED)
    assert await PlanVersion.count().where(PlanVersion.plan == plan_id) == 1
    assert (await SeatingPlan.select(SeatingPlan.proposal).output(load_json=True).first())["proposal"] == {}
