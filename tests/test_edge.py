"""Validation at the edge: bad input of every class the contract tests found gets a 4xx with a Russian message,
never a server error."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from app.core.numbers import whole, wholes
from app.core.roles import Role
from app.web.files import content_disposition
from tests.conftest import sign_in


def test_whole_reads_ascii_digits_within_a_database_integer():
    assert whole("42") == 42
    assert whole(" 7 ") == 7
    assert whole("²") is None  # isdigit() says yes, int() refuses
    assert whole("٣") is None
    assert whole("-1") is None
    assert whole("") is None and whole(None) is None
    assert whole(str(2**63 - 1)) == 2**63 - 1
    assert whole(str(2**63)) is None
    assert wholes(["1", "²", "x", "3"]) == [1, 3]


def test_content_disposition_cannot_be_broken_by_a_name():
    header = content_disposition('plan"\r\nSet-Cookie: x=1;²/Ё.pdf', inline=False)
    assert "\r" not in header and "\n" not in header
    fallback = header.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and '"' not in fallback and ";" not in fallback
    assert header.startswith("attachment; ")
    assert unquote(header.split("filename*=UTF-8''")[1]) == 'plan" Set-Cookie: x=1;²/Ё.pdf'


async def test_superscript_digits_in_cookie_query_and_form_are_not_server_errors(client):
    token = await sign_in(client, Role.ADMIN)
    client.cookies.set("gate", quote("²|Северный"))
    assert (await client.get("/gate/")).status_code == 200
    answer = await client.post("/gate/", data={"ceremony": "²", "gate": "Северный", "_csrf_token": token})
    assert answer.status_code == 422 and "Выберите церемонию" in answer.text
    assert (await client.get("/guests/?category=²")).status_code == 200


async def test_an_id_beyond_a_database_integer_is_not_found(client):
    await sign_in(client, Role.ADMIN)
    for path in (f"/events/{2**63}", f"/officials/{2**64}", f"/gate/{10**30}"):
        answer = await client.get(path)
        assert answer.status_code == 404, path
        assert "Страница не найдена" in answer.text


async def test_a_year_out_of_range_is_a_russian_400(client):
    await sign_in(client, Role.ADMIN)
    for path in ("/plan/?year=99999", "/plan/month?year=0&month=1", "/plan/month.pdf?year=10000",
                 "/plan/month?month=13", "/officials/?year=-5", "/plan/week?day=9999-12-31",
                 "/plan/week.pdf?day=0001-01-01", "/plan/?year=²"):
        answer = await client.get(path)
        assert answer.status_code == 400, (path, answer.status_code)
        assert "Неверный запрос" in answer.text, path
    assert (await client.get("/plan/?year=2027")).status_code == 200


async def test_an_oversized_request_is_refused_in_russian(client):
    token = await sign_in(client, Role.ADMIN)
    answer = await client.post("/guests/import", headers={"x-csrftoken": token},
                               files={"file": ("big.csv", b"x" * (22 * 1024 * 1024), "text/csv")})
    assert answer.status_code == 413
    assert "больше 21 МБ" in answer.text


async def test_the_schema_is_for_admins_only_and_has_no_viewer(client):
    assert (await client.get("/schema/openapi.json", follow_redirects=False)).status_code in (303, 401)
    await sign_in(client, Role.PROTOCOL)
    assert (await client.get("/schema/openapi.json")).status_code == 403
    await client.post("/logout")
    await sign_in(client, Role.ADMIN)
    schema = await client.get("/schema/openapi.json")
    assert schema.status_code == 200 and "/plan" in schema.json()["paths"]
    assert (await client.get("/schema/openapi.yaml")).status_code == 200
    for viewer in ("/schema/swagger", "/schema/redoc", "/schema/elements", "/schema/rapidoc"):
        assert (await client.get(viewer)).status_code == 404, viewer


async def test_every_page_loads_the_error_banner_script(client):
    page = await client.get("/login")
    assert '<script src="/assets/js/errors.js" defer></script>' in page.text
    script = await client.get("/assets/js/errors.js")
    assert script.status_code == 200 and "htmx:responseError" in script.text


async def test_a_post_missing_its_fields_shows_the_form_again_with_messages(client):
    """A forged or truncated post (no fields at all), plain and HTMX, to a new item and to an existing one:
    the form comes back (422) with its messages, the template finds every field it reads."""
    token = await sign_in(client, Role.ADMIN)
    for headers in ({}, {"HX-Request": "true"}):
        answer = await client.post("/events/", data={"_csrf_token": token}, headers=headers)
        assert answer.status_code == 422, answer.text[:500]
        assert "Заполните это поле" in answer.text
    from app.accounts.tables import Account
    from app.events import services as events
    from app.events.kinds import DateRule, EventKind, EventStatus

    account = await Account.select(Account.id).first()
    event = await events.save_event({"title": "День города", "kind": list(EventKind)[0].value,
                                     "date_rule": list(DateRule)[0].value, "year": "2027",
                                     "status": list(EventStatus)[0].value, "responsible": str(account["id"]),
                                     "notes": ""})
    for headers in ({}, {"HX-Request": "true"}):
        answer = await client.post(f"/events/{event.id}", data={"_csrf_token": token}, headers=headers)
        assert answer.status_code == 422, answer.text[:500]
        assert "Заполните это поле" in answer.text


async def test_forms_naming_no_record_or_an_unreadable_time_are_not_server_errors(client):
    """Found by the contract fuzzer: a task 0, a staff member 0's availability, a roster move to no time."""
    token = await sign_in(client, Role.ADMIN)
    assert (await client.post("/tasks/0", data={"title": "x", "_csrf_token": token})).status_code == 404
    assert (await client.post("/duty/staff/0/availability/0/delete", data={"_csrf_token": token})).status_code == 404
    from tests.duty.test_staff_and_posts import ceremony

    ceremony_id = await ceremony()
    moved = await client.post(f"/ceremonies/{ceremony_id}/duty/cells", data={
        "action": "move", "cell": "1", "post": "1", "slot": "", "_csrf_token": token})
    assert moved.status_code == 400 and "Неверный запрос" in moved.text


async def test_a_scan_at_a_ceremony_that_does_not_exist_is_not_found(client):
    """Found by the contract fuzzer: the scan log's ceremony must exist (a foreign key)."""
    token = await sign_in(client, Role.ADMIN)
    for path in ("/gate/0/scan", "/gate/0/admit"):
        answer = await client.post(path, data={"code": "x" * 20, "invitation": "1", "_csrf_token": token})
        assert answer.status_code == 404, path


async def test_a_plain_link_post_that_fails_and_a_card_of_no_invitation_are_not_server_errors(client):
    """Found by the contract fuzzer: the person's page needs all its fields when a plain post fails, and a
    card of an invitation that does not exist is 404."""
    from app.guests.tables import Person

    token = await sign_in(client, Role.ADMIN)
    person = (await Person.insert(Person(surname="Фаззова", name="Анна", search_key="фаззова анна"))
              .returning(Person.id))[0]["id"]
    refused = await client.post(f"/guests/{person}/links", data={"kind": "family_of", "_csrf_token": token})
    assert refused.status_code == 422 and "Фаззова" in refused.text
    assert (await client.get("/invitations/0/card.pdf?size=A5")).status_code == 404
    assert (await client.get("/invitations/0/envelope.pdf?format=C5")).status_code == 404


@pytest.mark.parametrize("path", ["/tasks/", "/duty/staff/", "/guests/"])
async def test_a_page_number_past_the_end_shows_the_last_page(client, path):
    """A page of 30 digits overflowed SQLite's OFFSET (a server error); a page past the end is the last one."""
    await sign_in(client, "protocol")
    for page in ("170260170202247995376128988545024", "999999", "0", "-5"):
        assert (await client.get(path, params={"page": page})).status_code == 200, page
