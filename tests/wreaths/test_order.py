"""The wreath-laying order through its services and pages: precedence, moves by hand, the start, the
slots; who may see and change it; the page and its HTMX fragment."""

import pytest

from app.core.roles import Role
from app.wreaths import services
from app.wreaths.scheme import scheme_view
from tests.conftest import csrf_from, sign_in
from tests.wreaths.factory import add, delegation_form, names, wreath_laying, zone

pytestmark = pytest.mark.usefixtures("db")


async def test_delegations_line_up_by_rank_then_name_and_get_back_to_back_slots():
    ceremony = await wreath_laying()
    await add(ceremony, "Совет ветеранов", 50, minutes=3)
    await add(ceremony, "Губернатор Хабаровского края", 10, minutes=3)
    await add(ceremony, "Генеральное консульство Японии", 35)
    await add(ceremony, "Генеральное консульство КНР", 35)
    order = await services.order_view(ceremony)
    assert [line.delegation.name for line in order.lines] == [
        "Губернатор Хабаровского края", "Генеральное консульство КНР", "Генеральное консульство Японии",
        "Совет ветеранов"]
    assert [f"{line.start:%H:%M}–{line.end:%H:%M}" for line in order.lines] == [
        "09:00–09:03", "09:03–09:05", "09:05–09:07", "09:07–09:10"]
    assert order.total_minutes == 10 and f"{order.end:%H:%M}" == "09:10" and order.people == 20
    assert order.follows_precedence and not order.overruns


async def test_a_typed_start_moves_every_slot_and_an_overrun_is_flagged():
    ceremony = await wreath_laying()
    await add(ceremony, "Мэрия", 40, minutes=20)
    await add(ceremony, "Дума", 45, minutes=20)
    assert (await services.set_start(ceremony, {"start": "09:05"})).ok
    order = await services.order_view(ceremony)
    assert order.typed_start and f"{order.lines[0].start:%H:%M}" == "09:05"
    assert f"{order.end:%H:%M}" == "09:45" and order.overruns  # the ceremony ends at 09:40
    assert (await services.set_start(ceremony, {"start": ""})).ok  # back to the ceremony's start
    assert f"{(await services.order_view(ceremony)).start:%H:%M}" == "09:00"
    assert (await services.set_start(ceremony, {"start": "9.30"})).errors == {
        "start": "Время в виде чч:мм, например 09:30."}


async def test_moves_by_hand_stay_until_the_order_is_sorted_by_precedence_again():
    ceremony = await wreath_laying()
    governor = await add(ceremony, "Губернатор", 10)
    mayor = await add(ceremony, "Мэр", 40)
    await add(ceremony, "Консул", 35)
    await services.move(ceremony, mayor, -1)
    assert await names(ceremony) == ["Губернатор", "Мэр", "Консул"]
    await services.move(ceremony, governor, -1)  # already first: nothing moves
    assert await names(ceremony) == ["Губернатор", "Мэр", "Консул"]
    assert not (await services.order_view(ceremony)).follows_precedence
    await add(ceremony, "Дума", 20)  # a newcomer goes by precedence, the move stays
    assert await names(ceremony) == ["Губернатор", "Дума", "Мэр", "Консул"]
    await services.sort_by_precedence(ceremony)
    assert await names(ceremony) == ["Губернатор", "Дума", "Консул", "Мэр"]


async def test_a_changed_rank_moves_the_delegation_to_its_new_place():
    ceremony = await wreath_laying()
    await add(ceremony, "Губернатор", 10)
    school = await add(ceremony, "Школа", 90)
    await add(ceremony, "Мэр", 40)
    saved = await services.save_delegation(delegation_form("Школа", 30), ceremony_id=ceremony, delegation_id=school)
    assert saved.ok
    assert await names(ceremony) == ["Губернатор", "Школа", "Мэр"]


async def test_the_form_says_what_is_wrong_next_to_each_field():
    ceremony = await wreath_laying()
    saved = await services.save_delegation(delegation_form("", 0, minutes=0, people="много", tribute="салют"),
                                           ceremony_id=ceremony)
    assert saved.errors == {"name": "Заполните это поле.", "rank": "Не меньше 1.", "people": "Нужно целое число.",
                            "tribute": "Выберите значение из списка.", "minutes": "Не меньше 1."}


async def test_page_for_viewer_is_read_only_and_htmx_gets_only_the_block(client):
    ceremony = await wreath_laying()
    await add(ceremony, "Губернатор Хабаровского края", 10, head="Губернатор края Соколов А. Н.")
    await sign_in(client, Role.VIEWER)
    page = await client.get(f"/ceremonies/{ceremony}/wreaths/")
    assert page.status_code == 200 and page.text.lstrip().startswith("<!doctype html>")
    assert "Губернатор края Соколов А. Н." in page.text and "09:00<span class=\"wide-only\">–09:02</span>" in page.text
    assert "Добавить делегацию" not in page.text and "/move" not in page.text
    fragment = await client.get(f"/ceremonies/{ceremony}/wreaths/", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="wreaths">') and "<html" not in fragment.text
    denied = await client.post(f"/ceremonies/{ceremony}/wreaths/sort", data={"_csrf_token": csrf_from(page.text)})
    assert denied.status_code == 403


async def test_gate_staff_may_not_open_the_order(client):
    ceremony = await wreath_laying()
    await sign_in(client, Role.GATE)
    assert (await client.get(f"/ceremonies/{ceremony}/wreaths/")).status_code == 403
    assert (await client.get(f"/ceremonies/{ceremony}/wreaths/order.pdf")).status_code == 403


async def test_arrows_work_without_javascript_and_with_htmx(client):
    ceremony = await wreath_laying()
    await add(ceremony, "Губернатор", 10)
    mayor = await add(ceremony, "Мэр", 40)
    token = await sign_in(client, Role.PROTOCOL)
    plain = await client.post(f"/ceremonies/{ceremony}/wreaths/delegations/{mayor}/move",
                              data={"step": "-1", "_csrf_token": token}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == f"/ceremonies/{ceremony}/wreaths"
    assert await names(ceremony) == ["Мэр", "Губернатор"]
    swapped = await client.post(f"/ceremonies/{ceremony}/wreaths/delegations/{mayor}/move",
                                data={"step": "1"}, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert swapped.status_code == 200 and swapped.text.lstrip().startswith('<div id="wreaths">')
    assert swapped.text.index("Губернатор") < swapped.text.index("Мэр")
    assert "Упорядочить по старшинству" not in swapped.text


async def test_a_wrong_start_comes_back_with_the_message_and_the_typed_value(client):
    ceremony = await wreath_laying()
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/ceremonies/{ceremony}/wreaths/start", data={"start": "25:70"},
                                 headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 422
    assert "Время в виде чч:мм" in response.text and 'value="25:70"' in response.text


async def test_delegation_form_keeps_the_input_and_saving_goes_back_to_the_order(client):
    ceremony = await wreath_laying()
    token = await sign_in(client, Role.PROTOCOL)
    form = delegation_form("", 10, head="Губернатор края", _csrf_token=token)
    bad = await client.post(f"/ceremonies/{ceremony}/wreaths/delegations/", data=form)
    assert bad.status_code == 422 and "Заполните это поле." in bad.text and 'value="Губернатор края"' in bad.text
    good = await client.post(f"/ceremonies/{ceremony}/wreaths/delegations/",
                             data={**form, "name": "Губернатор Хабаровского края"}, follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"] == f"/ceremonies/{ceremony}/wreaths"
    assert await names(ceremony) == ["Губернатор Хабаровского края"]


async def test_an_unknown_ceremony_or_copy_is_not_found(client):
    ceremony = await wreath_laying()
    await sign_in(client, Role.PROTOCOL)
    assert (await client.get("/ceremonies/999999/wreaths/")).status_code == 404
    assert (await client.get(f"/ceremonies/{ceremony}/wreaths/order.pdf?copy=mayor")).status_code == 404
    assert (await client.get(f"/ceremonies/{ceremony}/wreaths/delegations/999999/edit")).status_code == 404


async def test_an_empty_wreath_laying_copies_last_years_order_start_and_scheme(client):
    last_year = await wreath_laying("День Победы 2025")
    governor = await add(last_year, "Губернатор", 10)
    mayor = await add(last_year, "Мэр", 40)
    await services.move(last_year, mayor, -1)
    await services.set_start(last_year, {"start": "09:05"})
    await zone(last_year, "А1", 30, 20, 12, 6, delegation=governor)
    this_year = await wreath_laying()
    token = await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/ceremonies/{this_year}/wreaths/")
    assert "Взять порядок и схему с церемонии" in page.text
    copied = await client.post(f"/ceremonies/{this_year}/wreaths/copy", data={"source": str(last_year)},
                               headers={"HX-Request": "true", "X-CSRFToken": token})
    assert copied.status_code == 200 and "Взять порядок" not in copied.text
    order = await services.order_view(this_year)
    assert [line.delegation.name for line in order.lines] == ["Мэр", "Губернатор"]
    assert f"{order.start:%H:%M}" == "09:05"
    [placed] = (await scheme_view(this_year)).zones
    assert placed.name == "А1" and placed.delegation.name == "Губернатор" and placed.delegation.id != governor
    await client.post(f"/ceremonies/{this_year}/wreaths/copy", data={"source": str(last_year)},
                      headers={"HX-Request": "true", "X-CSRFToken": token})
    assert len((await services.order_view(this_year)).lines) == 2  # never copied twice
