"""Pages through the real app: full page or HTMX fragment, forms that keep input, errors, CSRF, roles."""

import re

import pytest
from multidict import MultiDict

from app.core.roles import PLAN_EDITORS, PLAN_READERS, Role
from app.events import services
from tests.conftest import csrf_from, sign_in
from tests.events.test_services import ceremony_form, event_form


async def make_event() -> int:
    saved = await services.save_event(event_form())
    await services.save_ceremony(ceremony_form(), event_id=saved.id)
    return saved.id


async def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = await client.get("/plan/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/plan"


async def test_wrong_password_keeps_the_username_and_says_why(client):
    token = csrf_from((await client.get("/login")).text)
    response = await client.post("/login", data={"username": "protocol", "password": "nope",
                                                 "_csrf_token": token, "next": "/"})
    assert response.status_code == 400
    assert "Неверное имя пользователя или пароль." in response.text
    assert 'value="protocol"' in response.text


async def test_sign_in_redirects_only_within_the_site(client):
    token = csrf_from((await client.get("/login")).text)
    response = await client.post("/login", data={"username": "viewer", "password": "correct-horse-42",
                                                 "_csrf_token": token, "next": "//evil.example/"},
                                 follow_redirects=False)
    assert response.headers["location"] == "/"


async def test_post_without_csrf_token_is_refused(client):
    await sign_in(client, Role.PROTOCOL)
    response = await client.post("/events/", data=event_form())
    assert response.status_code == 403
    assert await services.year_plan(2026) == []


async def test_year_plan_is_a_full_page_or_only_its_fragment_for_htmx(client):
    await make_event()
    await sign_in(client, Role.VIEWER)
    full = await client.get("/plan/?year=2026")
    assert full.status_code == 200
    assert full.text.lstrip().startswith("<!doctype html>")
    assert "День Победы 2026" in full.text and "1 церемония" in full.text
    fragment = await client.get("/plan/?year=2026", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="year_plan"')
    assert "<html" not in fragment.text and "День Победы 2026" in fragment.text


async def test_month_and_week_fragments_have_their_block_ids(client):
    await make_event()
    await sign_in(client, Role.PROTOCOL)
    for url, block in (("/plan/month?year=2026&month=5", "month_plan"), ("/plan/week?day=2026-05-08", "week_plan")):
        fragment = await client.get(url, headers={"HX-Request": "true"})
        assert fragment.text.lstrip().startswith(f'<section id="{block}"'), url
        assert "Торжественное собрание" in fragment.text


async def test_create_event_and_ceremony_through_the_forms(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post("/events/", data={**event_form(), "_csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    event_path = response.headers["location"]
    form = ceremony_form()
    form["_csrf_token"] = token
    response = await client.post(f"{event_path}/ceremonies/", data=form, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, event_path)
    page = await client.get(event_path)
    assert "Торжественное собрание" in page.text and "08.05.2026" in page.text


async def test_htmx_form_error_returns_the_form_block_with_input_kept(client):
    token = await sign_in(client, Role.PROTOCOL)
    event_id = await make_event()
    form = ceremony_form(title="Возложение венков", ends_at="2026-05-08T14:00")
    form["_csrf_token"] = token
    response = await client.post(f"/events/{event_id}/ceremonies/", data=form,
                                 headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="ceremony_form"')
    assert 'value="Возложение венков"' in response.text
    assert "Окончание должно быть позже начала." in response.text
    assert re.search(r'id="f-ends_at"[^>]*aria-invalid="true"', response.text)


async def test_htmx_success_redirects_the_client(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post("/events/", data={**event_form(), "_csrf_token": token},
                                 headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200
    assert re.fullmatch(r"/events/\d+", response.headers["HX-Redirect"])


async def test_duplicate_title_is_shown_next_to_the_field(client):
    token = await sign_in(client, Role.PROTOCOL)
    await make_event()
    response = await client.post("/events/", data={**event_form(), "_csrf_token": token})
    assert response.status_code == 422
    assert "Событие «День Победы 2026» уже есть в плане 2026 года." in response.text


async def test_copy_forward_from_the_event_page(client):
    token = await sign_in(client, Role.PROTOCOL)
    event_id = await make_event()
    response = await client.post(f"/events/{event_id}/copy", data={"year": "2027", "_csrf_token": token})
    assert response.status_code == 200
    assert "День Победы 2027" in response.text and "08.05.2027" in response.text


async def test_missing_records_and_unknown_urls_get_the_styled_404(client):
    await sign_in(client, Role.PROTOCOL)
    for url in ("/events/999999", "/events/999999/ceremonies/1/edit", "/no/such/page"):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert "Страница не найдена" in response.text


async def test_month_plan_pdf_is_a_pdf(client):
    await make_event()
    await sign_in(client, Role.VIEWER)
    response = await client.get("/plan/month.pdf?year=2026&month=5")
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


async def test_english_interface_on_request(client):
    token = await sign_in(client, Role.VIEWER)
    await client.post("/lang/en", data={"_csrf_token": token, "next": "/plan/"})
    page = await client.get("/plan/?year=2026")
    assert "Annual plan" in page.text and "Годовой план" not in page.text


AREAS = {
    # url: who may open it
    "/": set(Role),
    "/plan/": PLAN_READERS,
    "/plan/month": PLAN_READERS,
    "/plan/week.pdf": PLAN_READERS,
    "/events/new": PLAN_EDITORS,
    "/duty/staff/": PLAN_READERS,
    "/duty/staff/new": PLAN_EDITORS,
    "/admin/users/": {Role.ADMIN},
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
async def test_each_role_against_each_area(client, role):
    token = await sign_in(client, role)
    event_id = await make_event()
    areas = {**AREAS, f"/events/{event_id}": PLAN_READERS, f"/events/{event_id}/edit": PLAN_EDITORS,
             f"/events/{event_id}/ceremonies/new": PLAN_EDITORS}
    for url, allowed in areas.items():
        response = await client.get(url)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, url)
        if expected == 403:
            assert "Нет доступа" in response.text and 'href="/"' in response.text
    response = await client.post(f"/events/{event_id}/delete", data=MultiDict(_csrf_token=token))
    assert response.status_code == (200 if role in PLAN_EDITORS else 403)
