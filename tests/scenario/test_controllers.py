"""The scenario page and the library over HTTP: the full page or the HTMX fragment, edits answered with
the whole scenario (times move together), messages beside the fields, and who may do what."""

from datetime import time

import pytest

from app.core.roles import Role
from app.scenario import history
from app.scenario.tables import ScenarioItem
from tests.conftest import sign_in
from tests.scenario.factory import ceremony, items

HX = {"HX-Request": "true"}


async def order(ceremony_id: int) -> list[str]:
    rows = await ScenarioItem.select(ScenarioItem.action).where(ScenarioItem.ceremony == ceremony_id).order_by(
        ScenarioItem.position)
    return [r["action"] for r in rows]


async def test_the_page_is_whole_and_the_htmx_answer_only_the_scenario(client):
    c = await ceremony()
    await items(c, ("Фанфары", 2), ("Выход президиума", 3))
    await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/ceremonies/{c}/scenario/")
    assert page.status_code == 200 and "<html" in page.text and "Сценарий: Торжественное собрание" in page.text
    assert "/assets/js/scenario.js" in page.text and 'data-order-url=' in page.text
    fragment = await client.get(f"/ceremonies/{c}/scenario/", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="scenario">') and "<html" not in fragment.text
    assert "15:02" in fragment.text and "15:05" in fragment.text and "Добавить пункт" in fragment.text


async def test_adding_an_item_answers_with_the_new_times_and_bad_input_keeps_what_was_typed(client):
    c = await ceremony()
    token = await sign_in(client, Role.PROTOCOL)
    form = await client.get(f"/ceremonies/{c}/scenario/?new=end", headers=HX)
    assert 'id="item-new"' in form.text and "Вставить историческую справку" in form.text
    bad = await client.post(f"/ceremonies/{c}/scenario/items", headers=HX,
                            data={"_csrf_token": token, "action": "Гимн России", "minutes": "сто", "fixed_time": ""})
    assert bad.status_code == 422
    assert 'id="minutes-error">Нужно целое число.' in bad.text and 'value="Гимн России"' in bad.text
    saved = await client.post(f"/ceremonies/{c}/scenario/items", headers=HX,
                              data={"_csrf_token": token, "action": "Гимн России", "minutes": "75", "fixed_time": ""})
    assert saved.status_code == 200 and saved.text.lstrip().startswith('<section id="scenario">')
    assert "16:15" in saved.text  # the ceremony ends at 16:00: the overrun is said, not silently accepted
    assert "Сценарий заканчивается в 16:15 — на 15 мин позже окончания церемонии (16:00)." in saved.text


async def test_editing_inserting_and_deleting_in_place(client):
    c = await ceremony()
    first, second = await items(c, ("Фанфары", 2), ("Концерт", 30))
    token = await sign_in(client, Role.PROTOCOL)
    edit = await client.get(f"/ceremonies/{c}/scenario/?edit={first}", headers=HX)
    assert f'action="/ceremonies/{c}/scenario/items/{first}"' in edit.text and 'value="Фанфары"' in edit.text
    await client.post(f"/ceremonies/{c}/scenario/items/{first}", headers=HX,
                      data={"_csrf_token": token, "action": "Фанфары", "minutes": "5", "fixed_time": "15:00"})
    inserted = await client.post(f"/ceremonies/{c}/scenario/items", headers=HX,
                                 data={"_csrf_token": token, "after": str(first), "action": "Гимн", "minutes": "3"})
    assert inserted.status_code == 200
    assert await order(c) == ["Фанфары", "Гимн", "Концерт"]
    await client.post(f"/ceremonies/{c}/scenario/items/{second}/delete", headers=HX, data={"_csrf_token": token})
    assert await order(c) == ["Фанфары", "Гимн"]


async def test_the_arrows_work_without_javascript_and_a_drag_posts_the_whole_order(client):
    c = await ceremony()
    a, b, d = await items(c, ("А", 10), ("Б", 20), ("В", 5, time(15, 40)))
    token = await sign_in(client, Role.PROTOCOL)
    plain = await client.post(f"/ceremonies/{c}/scenario/items/{b}/move", follow_redirects=False,
                              data={"_csrf_token": token, "direction": "up"})
    assert plain.status_code == 303 and plain.headers["location"] == f"/ceremonies/{c}/scenario/"
    assert await order(c) == ["Б", "А", "В"]
    dragged = await client.post(f"/ceremonies/{c}/scenario/order", headers=HX,
                                data={"_csrf_token": token, "order": f"{d},{a},{b}"})
    assert await order(c) == ["В", "А", "Б"]
    assert "Пункт 1 «В» назначен на 15:40" not in dragged.text  # a fixed time later than the start is no fault
    stale = await client.post(f"/ceremonies/{c}/scenario/order", headers=HX,
                              data={"_csrf_token": token, "order": f"{a},{b}"})
    assert "сценарий изменился" in stale.text and await order(c) == ["В", "А", "Б"]


async def test_a_viewer_reads_and_prints_but_does_not_edit(client):
    c = await ceremony()
    (item,) = await items(c, ("Фанфары", 2))
    token = await sign_in(client, Role.VIEWER)
    page = await client.get(f"/ceremonies/{c}/scenario/?edit={item}")
    assert page.status_code == 200 and "Фанфары" in page.text
    assert "Добавить пункт" not in page.text and "item-form" not in page.text and "data-order-url" not in page.text
    assert (await client.get(f"/ceremonies/{c}/scenario/scenario.pdf")).status_code == 200
    for url in (f"/ceremonies/{c}/scenario/items", f"/ceremonies/{c}/scenario/items/{item}/delete",
                f"/ceremonies/{c}/scenario/order", "/history/"):
        response = await client.post(url, data={"_csrf_token": token, "action": "x", "minutes": "1"})
        assert response.status_code == 403, url
    assert await order(c) == ["Фанфары"]


async def test_duty_and_gate_staff_have_no_access_and_unknown_ceremonies_are_404(client):
    await sign_in(client, Role.PROTOCOL)
    assert (await client.get("/ceremonies/999/scenario/")).status_code == 404
    assert (await client.get("/ceremonies/999/scenario/scenario.docx")).status_code == 404
    client.cookies.clear()
    await sign_in(client, Role.GATE)
    c = await ceremony()
    assert (await client.get(f"/ceremonies/{c}/scenario/")).status_code == 403
    assert (await client.get("/history/")).status_code == 403


async def test_an_empty_scenario_can_start_from_last_years(client):
    old = await ceremony("Торжественное собрание", day=8)
    await items(old, ("Фанфары", 2), ("Гимн", 3))
    new = await ceremony("Торжественное собрание", day=9, year_event="День Победы 2027, второй день")
    token = await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/ceremonies/{new}/scenario/")
    assert "Взять за основу сценарий прошлой церемонии" in page.text
    assert "08.05.2027 · Торжественное собрание" in page.text
    copied = await client.post(f"/ceremonies/{new}/scenario/copy", data={"_csrf_token": token, "source": str(old)},
                               follow_redirects=False)
    assert copied.status_code == 303 and await order(new) == ["Фанфары", "Гимн"]


async def test_the_library_searches_and_a_note_goes_into_the_hosts_words(client):
    token = await sign_in(client, Role.PROTOCOL)
    bad = await client.post("/history/", data={"_csrf_token": token, "title": "", "text": "Текст"})
    assert bad.status_code == 422 and 'id="title-error">Заполните это поле.' in bad.text
    created = await client.post("/history/", follow_redirects=False, data={
        "_csrf_token": token, "title": "Город воинской славы", "kind": "military_glory_day", "day": "2015-11-04",
        "text": "Указом Президента Российской Федерации от 4 ноября 2015 года…", "source": ""})
    assert created.status_code == 303
    note = (await history.search())[0]
    listing = await client.get("/history/?q=УКАЗОМ+президента")
    assert listing.status_code == 200 and "<html" in listing.text and "Найдено справок: 1" in listing.text
    assert "Найдено справок: 0" in (await client.get("/history/?q=указом&kind=victory_day")).text
    found = await client.get("/history/?q=указом 04.11.2015", headers=HX)
    assert found.text.lstrip().startswith('<section id="notes">') and "Город воинской славы" in found.text
    picks = await client.get("/history/pick?kind=military_glory_day", headers=HX)
    assert picks.text.lstrip().startswith('<div id="note_picks"') and f"/history/{note.id}/insert" in picks.text
    assert "Справок не найдено." in (await client.get("/history/pick?kind=victory_day", headers=HX)).text
    inserted = await client.post(f"/history/{note.id}/insert", headers=HX,
                                 data={"_csrf_token": token, "host_words": "Дорогие друзья!"})
    assert inserted.text.lstrip().startswith('<div id="host_words">')
    assert "Дорогие друзья!\n\nУказом Президента" in inserted.text
    edit = await client.get(f"/history/{note.id}/edit")
    assert 'value="2015-11-04"' in edit.text and "Удалить справку" in edit.text
    deleted = await client.post(f"/history/{note.id}/delete", data={"_csrf_token": token}, follow_redirects=False)
    assert deleted.status_code == 303 and await history.search() == []


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LIAISON])
async def test_readers_see_the_library_without_editing(client, role):
    token = await sign_in(client, role)
    page = await client.get("/history/")
    assert page.status_code == 200 and "Добавить справку" not in page.text
    assert (await client.get("/history/new")).status_code == 403
    assert (await client.post("/history/1/insert", data={"_csrf_token": token})).status_code == 403
