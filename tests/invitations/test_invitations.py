"""Invitation lists: adding by category, filter and name; the inactive refused; companions; statuses and
counters; issuing; substitutes and reprints revoke the old token; the pages and their guards."""

import io
import re

import pytest
from openpyxl import load_workbook

from app.core.roles import Role
from app.events import services as events
from app.guests import services as registry
from app.invitations import services
from app.invitations.kinds import InvitationStatus
from app.invitations.tables import Invitation, InvitationToken
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form, event_form

pytestmark = pytest.mark.usefixtures("db")


async def ceremony() -> int:
    event = await events.save_event(event_form())
    return (await events.save_ceremony(ceremony_form(), event_id=event.id)).id


async def people() -> dict[str, int]:
    veterans = (await registry.save_category({"name": "Ветераны Великой Отечественной войны", "precedence": "20",
                                              "vip": "on"})).id
    deputies = (await registry.save_category({"name": "Депутаты", "precedence": "40"})).id
    await registry.write_many([
        {"surname": "Кузьмин", "name": "Пётр", "patronymic": "Ильич", "gender": "m", "category": veterans,
         "status": "active", "precedence": 20},
        {"surname": "Орлова", "name": "Анна", "patronymic": "Семёновна", "gender": "f", "category": veterans,
         "status": "active", "precedence": 20},
        {"surname": "Белов", "name": "Иван", "patronymic": "Сергеевич", "gender": "m", "category": veterans,
         "status": "deceased", "precedence": 20},
        {"surname": "Депутатов", "name": "Олег", "patronymic": "Ильич", "gender": "m", "category": deputies,
         "status": "active", "organisation": "Городская дума", "precedence": 40},
        {"surname": "Заместителев", "name": "Илья", "gender": "m", "category": deputies, "status": "active",
         "organisation": "Городская дума", "precedence": 40},
        {"surname": "Кузьмина", "name": "Ольга", "gender": "f", "status": "active", "precedence": 100},
    ])
    rows = await registry.search(registry.RegistryFilter(), per_page=100)
    ids = {p.full_name.split()[0]: p.id for p in rows.rows}
    return {**ids, "veterans": veterans, "deputies": deputies}


async def live_token(invitation_id: int) -> str:
    rows = await InvitationToken.select().where((InvitationToken.invitation == invitation_id)
                                                & InvitationToken.revoked_at.is_null())
    assert len(rows) == 1
    return rows[0]["token"]


async def test_adding_by_category_skips_the_deceased_and_twice_is_once():
    c, p = await ceremony(), await people()
    added = await services.add_by_category(c, p["veterans"])
    assert (added.added, added.already) == (2, 0)
    assert added.refused == ["Белов Иван Сергеевич (умер)"]
    assert "Не приглашаются, так как умерли или выбыли (1): Белов Иван Сергеевич (умер)." in added.message
    again = await services.add_by_category(c, p["veterans"])
    assert (again.added, again.already) == (0, 2)
    tokens = [await live_token(i) for i in added.ids]
    assert len(set(tokens)) == 2 and all(re.fullmatch(r"[A-Za-z0-9_-]{32,}", t) for t in tokens)


async def test_adding_an_inactive_person_by_name_is_refused_with_a_message():
    c, p = await ceremony(), await people()
    added = await services.add_persons(c, [p["Белов"], p["Депутатов"]])
    assert added.added == 1 and added.refused == ["Белов Иван Сергеевич (умер)"]
    assert await Invitation.count().where(Invitation.person == p["Белов"]) == 0


async def test_adding_by_registry_filter_and_never_the_whole_registry_by_accident():
    c, _p = await ceremony(), await people()
    assert (await services.add_by_filter(c, registry.RegistryFilter())).added == 0
    added = await services.add_by_filter(c, registry.RegistryFilter(organisation="городская дума"))
    assert added.added == 2


async def test_companions_statuses_counters_and_issue():
    c, p = await ceremony(), await people()
    veteran = (await services.add_persons(c, [p["Кузьмин"]])).ids[0]
    saved = await services.add_companion(veteran, {"kind": "escort", "person": str(p["Кузьмина"])})
    assert saved.ok
    again = await services.add_companion(veteran, {"kind": "escort", "person": str(p["Кузьмина"])})
    assert again.errors == {"person": "Этот человек уже есть в списке церемонии."}
    guest = await services.get_invitation(veteran)
    assert [(x.full_name, x.companion_kind) for x in guest.companions] == [("Кузьмина Ольга", "escort")]
    page = await services.invitation_list(c)
    assert page.total == 1 and page.rows[0].companions[0].id == saved.id

    assert (await services.set_status(veteran, {"status": "accepted"})).errors == {
        "status": "Из состояния «запланировано» нельзя перейти в «принято»."}
    assert (await services.issue(veteran, {"how": "courier"}, None)).ok
    guest = await services.get_invitation(veteran)
    assert guest.status is InvitationStatus.ISSUED and guest.issued_how == "courier" and guest.issued_at
    assert (await services.issue(veteran, {"how": "post"}, None)).errors["how"].startswith("Приглашение в состоянии")
    assert (await services.set_status(veteran, {"status": "declined", "note": "болеет"})).ok
    assert (await services.get_invitation(veteran)).response_note == "болеет"

    await services.add_persons(c, [p["Депутатов"]])
    counters = await services.counters(c)
    assert counters.total == 3
    assert counters.by_status == {"declined": 1, "planned": 2}
    by_category = {x.name: x.total for x in counters.by_category}
    assert by_category == {"Ветераны Великой Отечественной войны": 1, "Депутаты": 1, "без категории": 1}


async def test_revoking_stops_the_token():
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Орлова"]])).ids[0]
    assert (await services.set_status(invitation, {"status": "revoked", "note": "ошибка в списке"})).ok
    assert await InvitationToken.count().where(InvitationToken.revoked_at.is_null()) == 0
    # revoked: the person may be invited again
    assert (await services.add_persons(c, [p["Орлова"]])).added == 1


async def test_substitute_gets_a_new_invitation_and_the_original_token_is_revoked():
    c, p = await ceremony(), await people()
    original = (await services.add_persons(c, [p["Депутатов"]])).ids[0]
    await Invitation.update({Invitation.seat_label: "Партер, ряд 2, место 7"}).where(Invitation.id == original)
    companion = (await services.add_companion(original, {"kind": "plus_one", "person": str(p["Кузьмина"])})).id
    old_token = await live_token(original)
    assert (await services.substitute(original, {"person": str(p["Белов"])})).errors["person"].endswith(
        "не может быть приглашён: умер или выбыл.")
    saved = await services.substitute(original, {"person": str(p["Заместителев"])})
    assert saved.ok
    deputy = await services.get_invitation(saved.id)
    assert deputy.substitute_for == original and deputy.seat_label == "Партер, ряд 2, место 7"
    assert deputy.status is InvitationStatus.PLANNED and [x.id for x in deputy.companions] == [companion]
    assert (await services.get_invitation(original)).status is InvitationStatus.SUBSTITUTED
    revoked = await InvitationToken.select().where(InvitationToken.token == old_token).first()
    assert revoked["revoked_at"] is not None and revoked["revoke_reason"] == "замена: Заместителев Илья"
    assert await live_token(saved.id) != old_token
    history = await services.history(await services.get_invitation(original))
    assert [h.full_name for h in history] == ["Депутатов Олег Ильич", "Заместителев Илья"]
    assert (await services.substitute(original, {"person": str(p["Орлова"])})).errors == {
        "person": "Это приглашение уже заменено или отозвано."}


async def test_reprint_revokes_the_old_token_and_keeps_the_status():
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Орлова"]])).ids[0]
    await services.issue(invitation, {"how": "in_person"}, None)
    old = await live_token(invitation)
    new = await services.reprint(invitation, {"reason": ""})
    assert new != old and await live_token(invitation) == new
    row = await InvitationToken.select().where(InvitationToken.token == old).first()
    assert row["revoked_at"] and row["revoke_reason"] == "перепечатка: карточка утеряна"
    assert (await services.get_invitation(invitation)).status is InvitationStatus.ISSUED
    assert [t.revoked_at is None for t in await services.tokens(invitation)] == [False, True]


async def test_printing_marks_planned_as_printed_only():
    c, p = await ceremony(), await people()
    ids = (await services.add_by_category(c, p["veterans"])).ids
    await services.issue(ids[0], {"how": "post"}, None)
    assert await services.mark_printed(ids) == 1
    statuses = {(await services.get_invitation(i)).status for i in ids}
    assert statuses == {InvitationStatus.ISSUED, InvitationStatus.PRINTED}


async def test_setup_is_saved_per_ceremony():
    c = await ceremony()
    assert (await services.save_setup(c, {"wording": "приглашает Вас", "dress_code": "деловой костюм",
                                          "default_entrance": "Главный вход", "signature": "Мэр"})).ok
    assert (await services.save_setup(c, {"dress_code": "парадная форма"})).ok
    assert (await services.get_setup(c)).dress_code == "парадная форма"


# ---------------------------------------------------------------- pages


async def test_list_page_full_and_fragment_add_and_issue_through_the_pages(client):
    c, p = await ceremony(), await people()
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/ceremonies/{c}/invitations/add", headers={"HX-Request": "true"},
                                 data={"how": "category", "category": str(p["veterans"]), "_csrf_token": token})
    assert response.status_code == 200 and response.text.lstrip().startswith('<div id="workspace"')
    assert "Добавлено 2 гостя." in response.text and "Белов Иван Сергеевич (умер)" in response.text
    full = await client.get(f"/ceremonies/{c}/invitations/")
    assert full.text.lstrip().startswith("<!doctype html>") and "Кузьмин Пётр Ильич" in full.text
    fragment = await client.get(f"/ceremonies/{c}/invitations/list?q=орлова", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="invitations"')
    assert "Орлова Анна" in fragment.text and "Кузьмин" not in fragment.text
    invitation = (await services.invitation_list(c)).rows[0].id
    page = await client.get(f"/invitations/{invitation}")
    assert page.status_code == 200 and "Отметить вручение" in page.text
    response = await client.post(f"/invitations/{invitation}/issue", data={"how": "in_person", "_csrf_token": token},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text.lstrip().startswith('<div id="invitation"')
    assert "вручено" in response.text and "лично · Тестов Protocol" in response.text  # who issued it, how
    export = await client.get(f"/ceremonies/{c}/invitations/export.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "ФИО" and len(rows) == 3


async def test_viewer_reads_the_list_but_cannot_change_it(client):
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Орлова"]])).ids[0]
    token = await sign_in(client, Role.VIEWER)
    assert (await client.get(f"/ceremonies/{c}/invitations/")).status_code == 200
    page = await client.get(f"/invitations/{invitation}")
    assert page.status_code == 200 and "Отметить вручение" not in page.text
    response = await client.post(f"/invitations/{invitation}/issue", data={"how": "post", "_csrf_token": token})
    assert response.status_code == 403
    response = await client.post(f"/ceremonies/{c}/invitations/add",
                                 data={"how": "persons", "person": str(p["Кузьмин"]), "_csrf_token": token})
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.GATE, Role.DUTY, Role.LIAISON])
async def test_gate_duty_and_liaison_do_not_see_invitation_lists(client, role):
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Орлова"]])).ids[0]
    await sign_in(client, role)
    assert (await client.get(f"/ceremonies/{c}/invitations/")).status_code == 403
    assert (await client.get(f"/invitations/{invitation}")).status_code == 403


async def test_a_companion_the_search_finds_on_its_own_points_at_no_other_guest(client):
    """Found by the search, an escort is listed under the veteran (↳) and on its own row, which must not read as
    the companion of the guest above it."""
    c, p = await ceremony(), await people()
    veteran = (await services.add_persons(c, [p["Кузьмин"]])).ids[0]
    assert (await services.add_companion(veteran, {"kind": "escort", "person": str(p["Кузьмина"])})).ok
    await sign_in(client, Role.PROTOCOL)
    page = (await client.get(f"/ceremonies/{c}/invitations/", params={"q": "Кузьмин"})).text
    assert page.count("↳ сопровождающий:") == 1 and page.count("сопровождающий:") == 2
