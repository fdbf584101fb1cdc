"""The officials' pages through the real app: full page or HTMX fragment, forms, clash flags, roles."""

import subprocess
from datetime import date

import pytest
from multidict import MultiDict

from app.core.roles import Role
from app.tasks.tables import Task
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form
from tests.tools import require

CLASH = ("Кравцов С. А.: «Возложение венков» 09:00–09:40 (Площадь Славы) и «Приём в честь ветеранов» 10:00 "
         "(Дом офицеров) — на переезд 20 мин, нужно 30")
HX = {"HX-Request": "true"}


def pdf_text(content: bytes, tmp_path) -> str:
    require("pdftotext", "poppler-utils")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # a cell wraps its text over lines


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
async def test_who_may_open_the_registry(client, role, victory_day):
    await sign_in(client, role)
    mayor = victory_day["mayor"]
    readers = {Role.ADMIN, Role.PROTOCOL, Role.VIEWER}
    editors = {Role.ADMIN, Role.PROTOCOL}
    for url, allowed in (("/officials/", readers), (f"/officials/{mayor}", readers),
                         (f"/officials/{mayor}/schedule?day=2026-05-09", readers),
                         (f"/officials/{mayor}/schedule.pdf?week=2026-05-09", readers),
                         ("/officials/new", editors), (f"/officials/{mayor}/edit", editors)):
        response = await client.get(url)
        assert response.status_code == (200 if role in allowed else 403), (role, url)


async def test_registry_is_a_full_page_or_its_fragment_and_flags_the_clash(client, victory_day):
    await sign_in(client, Role.VIEWER)
    full = await client.get("/officials/?year=2026")
    assert full.text.lstrip().startswith("<!doctype html>")
    assert "Кравцов Сергей Андреевич" in full.text and "⚠ 1" in full.text
    assert 'id="travel"' in full.text and "/officials/new" not in full.text  # a viewer only reads
    fragment = await client.get("/officials/?year=2027", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="officials"')
    assert "<html" not in fragment.text and "⚠" not in fragment.text


async def test_official_page_lists_participation_with_roles_and_the_clash(client, victory_day):
    await sign_in(client, Role.PROTOCOL)
    mayor = victory_day["mayor"]
    full = await client.get(f"/officials/{mayor}?year=2026")
    assert "Мэр города" in full.text and "Накладки в графике: 1" in full.text and CLASH in full.text
    assert "возлагает венок" in full.text and "выступает" in full.text
    fragment = await client.get(f"/officials/{mayor}?year=2027", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="participation"')
    assert "В этом году участие не запланировано." in fragment.text


async def test_schedule_of_a_day_and_of_a_week(client, victory_day):
    await sign_in(client, Role.PROTOCOL)
    deputy = victory_day["deputy"]
    day = await client.get(f"/officials/{deputy}/schedule?day=2026-05-09")
    assert "9 мая 2026 г., суббота" in day.text and "Приём в честь ветеранов" in day.text
    assert "присутствует" in day.text and "⚠" not in day.text
    week = await client.get(f"/officials/{victory_day['mayor']}/schedule?week=2026-05-06", headers=HX)
    assert week.text.lstrip().startswith('<section id="schedule"')
    assert "неделя с 4 мая 2026 г. по 10 мая 2026 г." in week.text and CLASH in week.text
    assert "?week=2026-04-27" in week.text and "?week=2026-05-11" in week.text  # earlier and later


async def test_schedule_pdf_has_the_official_the_roles_and_the_clash(client, victory_day, tmp_path):
    await sign_in(client, Role.VIEWER)
    response = await client.get(f"/officials/{victory_day['mayor']}/schedule.pdf?day=2026-05-09")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "График участия в мероприятиях: 9 мая 2026 г., суббота" in text
    assert "Кравцов Сергей Андреевич, Мэр города" in text
    assert "Возложение венков" in text and "возлагает венок" in text and "выступает" in text
    assert f"Накладка: {CLASH}" in text and "Страница 1 из 1" in text
    empty = await client.get(f"/officials/{victory_day['deputy']}/schedule.pdf?week=2026-06-01")
    assert "Мероприятий нет." in pdf_text(empty.content, tmp_path)


async def test_create_an_official_through_the_form(client):
    token = await sign_in(client, Role.PROTOCOL)
    bad = await client.post("/officials/", data={"full_name": "Белова Марина Викторовна", "position": "",
                                                 "precedence": "2", "_csrf_token": token}, headers=HX)
    assert bad.status_code == 422 and bad.text.lstrip().startswith('<form id="official_form"')
    assert "Заполните это поле." in bad.text and 'value="Белова Марина Викторовна"' in bad.text
    good = await client.post("/officials/", data={"full_name": "Белова Марина Викторовна",
                                                  "position": "Председатель Городской думы", "precedence": "2",
                                                  "_csrf_token": token}, follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"].startswith("/officials/")
    page = await client.get(good.headers["location"])
    assert "Председатель Городской думы" in page.text


async def test_viewer_cannot_change_the_registry(client, victory_day):
    token = await sign_in(client, Role.VIEWER)
    for url in ("/officials/", f"/officials/{victory_day['mayor']}/delete", "/officials/travel"):
        response = await client.post(url, data={"_csrf_token": token})
        assert response.status_code == 403, url


async def test_travel_time_settles_the_clash_in_place(client, victory_day):
    token = await sign_in(client, Role.PROTOCOL)
    bad = await client.post("/officials/travel", headers=HX, data={
        "venue_a": "Дом офицеров", "venue_b": "", "minutes": "15", "_csrf_token": token})
    assert bad.status_code == 422 and bad.text.lstrip().startswith('<section id="travel"')
    assert 'value="Дом офицеров"' in bad.text and "Заполните это поле." in bad.text
    good = await client.post("/officials/travel", headers=HX, data={
        "venue_a": "Дом офицеров", "venue_b": "Площадь Славы", "minutes": "15", "_csrf_token": token})
    assert good.headers["hx-redirect"] == "/officials/"
    page = await client.get("/officials/?year=2026")
    assert "<td>Площадь Славы</td><td>15</td>" in page.text and "⚠" not in page.text
    event = await client.get(f"/events/{victory_day['event']}")
    assert "⚠" not in event.text


async def test_event_page_and_ceremony_form_flag_the_clash(client, victory_day):
    await sign_in(client, Role.PROTOCOL)
    event = await client.get(f"/events/{victory_day['event']}")
    assert event.text.count(CLASH) == 2  # under both ceremonies
    assert "Кравцов Сергей Андреевич <span class=\"muted\">(выступает)</span>" in event.text
    form = await client.get(f"/events/{victory_day['event']}/ceremonies/{victory_day['wreath']}/edit")
    assert CLASH in form.text
    assert '<option value="lays_wreath" selected>' in form.text


async def test_ceremony_form_keeps_the_roles_typed_when_it_comes_back(client, victory_day):
    token = await sign_in(client, Role.PROTOCOL)
    mayor = victory_day["mayor"]
    form = ceremony_form(officials=[mayor], ends_at="2026-05-08T14:00")
    form.update({f"role-{mayor}": "awards", "_csrf_token": token})
    response = await client.post(f"/events/{victory_day['event']}/ceremonies/", data=form, headers=HX)
    assert response.status_code == 422
    assert '<option value="awards" selected>' in response.text


async def test_month_and_week_plans_show_roles_clashes_and_deadlines(client, victory_day, tmp_path):
    await Task.insert(
        Task(event=victory_day["event"], title="Подготовить венки и корзины цветов", department="Отдел культуры",
             deadline=date(2026, 5, 6)),
        Task(event=victory_day["event"], title="Согласовать перекрытие улиц", department="Управление транспорта",
             deadline=date(2026, 4, 30)),
    )
    await sign_in(client, Role.VIEWER)
    month = await client.get("/plan/month?year=2026&month=5", headers=HX)
    assert month.text.lstrip().startswith('<section id="month_plan"')
    assert CLASH in month.text and "возлагает венок" in month.text
    assert "Сроки поручений" in month.text and "Подготовить венки и корзины цветов" in month.text
    assert "Согласовать перекрытие улиц" not in month.text  # April
    week = await client.get("/plan/week?day=2026-04-28")
    assert "Согласовать перекрытие улиц" in week.text and "Управление транспорта" in week.text
    assert "В этот период мероприятий нет." in week.text

    text = pdf_text((await client.get("/plan/month.pdf?year=2026&month=5")).content, tmp_path)
    assert "Кравцов Сергей Андреевич (возлагает венок)" in text
    assert "Гордеев Николай Иванович (присутствует)" in text
    assert f"Накладка: {CLASH}" in text
    assert "Сроки исполнения поручений" in text
    deadlines = text[text.index("Сроки исполнения поручений"):]
    for part in ("06.05.2026", "Подготовить венки и корзины цветов", "Отдел культуры", "просрочено"):
        assert part in deadlines, part
    week_text = pdf_text((await client.get("/plan/week.pdf?day=2026-05-09")).content, tmp_path)
    assert "Приём в честь ветеранов" in week_text and "Сроки исполнения поручений" in week_text
    assert "Согласовать перекрытие улиц" not in week_text


async def test_plan_without_deadlines_prints_no_deadline_section(client, tmp_path):
    await sign_in(client, Role.VIEWER)
    text = pdf_text((await client.get("/plan/week.pdf?day=2026-05-09")).content, tmp_path)
    assert "Мероприятий нет." in text and "Сроки исполнения поручений" not in text


async def test_ceremony_delete_in_place_keeps_the_flags(client, victory_day):
    token = await sign_in(client, Role.PROTOCOL)
    event_id = victory_day["event"]
    response = await client.post(f"/events/{event_id}/ceremonies/{victory_day['reception']}/delete", headers=HX,
                                 data=MultiDict(_csrf_token=token))
    assert response.text.lstrip().startswith('<section id="ceremonies"')
    assert "Возложение венков" in response.text and "⚠" not in response.text
