"""Halls in the database: made from templates, edited seat by seat, copied, deleted; and their pages."""

import re
import time

import pytest

from app.events import services as events
from app.guests.tables import Category
from app.seating.halls import services as halls
from app.seating.halls.layout import rows_template, tables_template
from app.seating.kinds import NumberingKind, SectionKind
from app.seating.tables import Hall, Seat, SeatingPlan
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form, event_form

pytestmark = pytest.mark.usefixtures("db")


def big_hall():
    return rows_template("Большой зал", 32, 50, (14, 36), NumberingKind.ODD_EVEN, presidium=25,
                         cross_aisle_after=16, address="пл. Ленина, 1")


async def test_a_1600_seat_hall_is_stored_fast_and_read_back_the_same():
    spec = big_hall()
    started = time.perf_counter()
    hall_id = await halls.create_hall(spec)
    assert time.perf_counter() - started < 5
    loaded = await halls.load_spec(hall_id)
    assert len(loaded.seats) == 1625 and all(s.id for s in loaded.seats)
    assert [s.__class__(**{**s.__dict__, "id": 0}) for s in loaded.seats] == list(spec.seats)
    assert loaded.name == "Большой зал" and loaded.address == "пл. Ленина, 1"
    listed = await halls.list_halls()
    assert [(h.name, h.seats, h.usable, h.plans) for h in listed] == [("Большой зал", 1625, 1625, 0)]


async def test_update_seats_only_in_the_hall_and_honour_set_by_hand_is_kept():
    hall_id = await halls.create_hall(rows_template("Малый зал", 5, 10))
    other_id = await halls.create_hall(rows_template("Другой", 1, 2))
    spec = await halls.load_spec(hall_id)
    front = [s.id for s in spec.seats if s.row_index == 0][:3]
    stranger = (await halls.load_spec(other_id)).seats[0].id
    changed = await halls.update_seats(hall_id, [*front, stranger], blocked=True, blocked_reason="камера")
    assert changed == 3
    assert await Seat.count().where(Seat.blocked == True) == 3  # noqa: E712
    await halls.update_seats(hall_id, front[:1], honour=5)
    await halls.rederive_honour(hall_id)
    seat = await Seat.select().where(Seat.id == front[0]).first()
    assert seat["honour"] == 5 and seat["honour_manual"]
    await halls.rederive_honour(hall_id, reset_manual=True)
    seat = await Seat.select().where(Seat.id == front[0]).first()
    assert seat["honour"] > 5 and not seat["honour_manual"]


async def test_editing_restricted_view_lowers_the_honour_at_once():
    hall_id = await halls.create_hall(rows_template("Зал", 4, 6))
    first = (await halls.load_spec(hall_id)).seats[0]
    saved = await halls.edit_seats(hall_id, {"seats": str(first.id), "action": "flag:1", "flag": "restricted_view"})
    assert saved.ok
    after = {s.id: s for s in (await halls.load_spec(hall_id)).seats}
    assert after[first.id].restricted_view and after[first.id].honour < min(
        s.honour for s in after.values() if s.id != first.id)
    assert (await halls.edit_seats(hall_id, {"seats": "", "action": "block"})).errors == {
        "seats": "Выберите места на схеме."}
    assert (await halls.edit_seats(hall_id, {"seats": str(first.id), "action": "honour", "honour": "x"})).errors == {
        "honour": "Нужно целое число."}


async def test_copy_is_a_separate_hall_and_delete_is_refused_while_a_plan_uses_it():
    hall_id = await halls.create_hall(tables_template("Банкетный зал", 6, 8))
    await halls.update_seats(hall_id, [(await halls.load_spec(hall_id)).seats[0].id], wheelchair=True)
    copy_id = await halls.copy_hall(hall_id)
    copied = await halls.load_spec(copy_id)
    assert copied.name == "Банкетный зал (копия)" and len(copied.seats) == 48
    assert sum(s.wheelchair for s in copied.seats) == 1 and {s.id for s in copied.seats}.isdisjoint(
        {s.id for s in (await halls.load_spec(hall_id)).seats})
    event = await events.save_event(event_form())
    ceremony = await events.save_ceremony(ceremony_form(), event_id=event.id)
    await SeatingPlan.insert(SeatingPlan(ceremony=ceremony.id, hall=hall_id))
    with pytest.raises(halls.HallInUse) as refused:
        await halls.delete_hall(hall_id)
    assert refused.value.ceremonies == [ceremony_form()["title"]]
    await halls.delete_hall(copy_id)
    assert await Hall.count() == 1 and await Seat.count() == 48


async def test_sector_categories_keep_only_known_categories():
    await Category.insert(Category(name="Пресса"), Category(name="Ветераны"))
    hall_id = await halls.create_hall(rows_template("Зал", 2, 4))
    await halls.set_sector_categories(hall_id, {"пресса": ["Пресса", "Неизвестные"], "ложа": []})
    assert (await halls.load_spec(hall_id)).sector_categories == {"пресса": ("Пресса",)}


async def test_new_hall_form_errors_keep_the_input(client):
    token = await sign_in(client, "protocol")
    form = {"_csrf_token": token, "name": "", "address": "ул. Мира, 5", "kind": "rows", "rows": "10",
            "seats_per_row": "20", "aisles_after": "5, 25", "numbering": "odd_even", "cross_aisle_after": "12",
            "presidium": "3"}
    response = await client.post("/halls/", data=form, headers={"HX-Request": "true"})
    assert response.status_code == 422
    page = response.text
    assert 'id="hall_form"' in page and "Заполните это поле." in page
    assert "Проход может быть только между местами ряда: от 1 до 19." in page
    assert "Поперечный проход должен быть между рядами: после ряда 1–9." in page
    assert 'value="ул. Мира, 5"' in page and 'value="5, 25"' in page
    form.update(name="Зал заседаний", aisles_after="5, 15", cross_aisle_after="")
    response = await client.post("/halls/", data=form, follow_redirects=False)
    assert response.status_code == 303
    hall_id = int(response.headers["location"].rsplit("/", 1)[1])
    spec = await halls.load_spec(hall_id)
    assert len(spec.seats) == 203 and sum(s.kind == SectionKind.PRESIDIUM for s in spec.seats) == 3


async def test_hall_page_shows_the_scheme_and_edits_seats(client):
    hall_id = await halls.create_hall(big_hall())
    token = await sign_in(client, "protocol")
    page = await client.get(f"/halls/{hall_id}")
    assert page.status_code == 200
    assert page.text.count('class="seat ') == 1625 + 8  # the seats and the legend's swatches
    assert 'data-select="row:Партер:32"' in page.text and "export.json?format=pretix" in page.text
    seats = [s.id for s in (await halls.load_spec(hall_id)).seats[:4]]
    response = await client.post(f"/halls/{hall_id}/seats", headers={"HX-Request": "true"}, data={
        "_csrf_token": token, "seats": ",".join(map(str, seats)), "action": "block", "reason": "камера",
        "show": "attributes"})
    assert response.status_code == 200 and response.text.startswith('<div id="hall_editor"')
    drawn = re.findall(r'class="seat ([^"]*)" data-seat', response.text)
    assert sum("blocked" in css for css in drawn) == 4 and sum("selected" in css for css in drawn) == 4
    wrong = await client.post(f"/halls/{hall_id}/seats", headers={"HX-Request": "true"}, data={
        "_csrf_token": token, "seats": str(seats[0]), "action": "honour", "honour": "много", "reason": "камера",
        "show": "attributes"})
    assert wrong.status_code == 422
    assert '<span class="field-error" id="honour-error">Нужно целое число.</span>' in wrong.text
    assert 'value="много"' in wrong.text and 'value="камера"' in wrong.text
    listing = await client.get("/halls/")
    assert "Большой зал" in listing.text and "1\u202f621" in listing.text
    honour = await client.get(f"/halls/{hall_id}?show=honour", headers={"HX-Request": "true"})
    assert "самые почётные места" in honour.text and "zone-0" in honour.text


async def test_readers_see_halls_but_do_not_edit(client):
    hall_id = await halls.create_hall(rows_template("Зал", 2, 3))
    token = await sign_in(client, "viewer")
    page = await client.get(f"/halls/{hall_id}")
    assert page.status_code == 200 and "seat_tools" not in page.text
    refused = await client.post(f"/halls/{hall_id}/delete", data={"_csrf_token": token})
    assert refused.status_code == 403


async def test_deleting_a_used_hall_explains_why_not(client):
    hall_id = await halls.create_hall(rows_template("Зал", 2, 3))
    event = await events.save_event(event_form())
    ceremony = await events.save_ceremony(ceremony_form(), event_id=event.id)
    await SeatingPlan.insert(SeatingPlan(ceremony=ceremony.id, hall=hall_id))
    token = await sign_in(client, "protocol")
    response = await client.post(f"/halls/{hall_id}/delete", data={"_csrf_token": token},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Зал нельзя удалить: по нему составлена рассадка" in response.text
    assert await Hall.count() == 1


async def test_sector_admission_is_edited_on_the_hall_page(client):
    await Category.insert(Category(name="Пресса"), Category(name="Ветераны"))
    hall_id = await halls.create_hall(rows_template("Зал", 2, 4))
    seat_ids = [s.id for s in (await halls.load_spec(hall_id)).seats[:2]]
    await halls.update_seats(hall_id, seat_ids, sector="пресса")
    token = await sign_in(client, "protocol")
    page = await client.get(f"/halls/{hall_id}")
    assert "Сектор «пресса»" in page.text and 'name="admit:пресса" value="Пресса"' in page.text
    response = await client.post(f"/halls/{hall_id}/sectors", headers={"HX-Request": "true"}, data={
        "_csrf_token": token, "sector": "пресса", "admit:пресса": "Пресса"})
    assert response.status_code == 200 and response.text.startswith('<section id="hall_sectors"')
    assert (await halls.load_spec(hall_id)).sector_categories == {"пресса": ("Пресса",)}
