"""The letters' pages: the register and its fragment, a new letter with its preview, the draft edited
and registered, printing refused with the fields named, the directory; who may do what."""

import io

import pytest
from openpyxl import load_workbook

from app.core.roles import Role
from app.events import services as events
from app.letters import services
from tests.conftest import csrf_from, sign_in
from tests.letters.factory import SIGNATURE, addressee, ceremony, choice, draft, editable, template

pytestmark = pytest.mark.usefixtures("db")


async def test_register_lists_registered_letters_and_htmx_gets_only_the_list(client):
    letter_id = await draft()
    assert (await services.register(letter_id)).ok
    await draft()  # a draft, not in the register
    await sign_in(client, Role.VIEWER)
    page = await client.get("/letters/")
    assert page.status_code == 200 and page.text.lstrip().startswith("<!doctype html>")
    assert "01-12/1" in page.text and "УМВД России по г. Хабаровску" in page.text
    assert "Черновики" not in page.text and "Новое письмо" not in page.text  # a viewer reads only
    fragment = await client.get("/letters/?kind=medical", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="register">') and "<html" not in fragment.text
    assert "01-12/1" not in fragment.text and "Писем по этим условиям нет." in fragment.text
    found = await client.get("/letters/?q=умвд")
    assert "01-12/1" in found.text
    workbook = load_workbook(io.BytesIO((await client.get("/letters/register.xlsx")).content))
    rows = list(workbook.active.values)
    assert rows[0] == ("Номер", "Дата", "Адресат", "Тема", "Событие")
    assert rows[1][0] == "01-12/1" and rows[1][2] == "УМВД России по г. Хабаровску"


async def test_viewer_reads_a_letter_but_cannot_write_one_and_gate_staff_see_nothing(client):
    letter_id = await draft()
    token = await sign_in(client, Role.VIEWER)
    page = await client.get(f"/letters/{letter_id}")
    assert page.status_code == 200 and "Зарегистрировать" not in page.text
    assert (await client.get(f"/letters/{letter_id}/letter.pdf")).status_code == 200
    assert (await client.get("/letters/new")).status_code == 403
    assert (await client.post(f"/letters/{letter_id}", data={"_csrf_token": token})).status_code == 403
    await client.post("/logout", data={"_csrf_token": token})
    await sign_in(client, Role.GATE)
    assert (await client.get("/letters/")).status_code == 403
    assert (await client.get(f"/letters/{letter_id}")).status_code == 403


async def test_the_new_letter_page_previews_the_letter_and_names_the_fields_to_fill(client):
    square = await ceremony(title="Возложение венков", venue="Площадь Славы", address="", expected_guests="0")
    template_id, addressee_id = await template(), await addressee()
    await sign_in(client, Role.PROTOCOL)
    event = str((await events.get_ceremony(square)).event_id)  # from the event's page: its ceremonies to choose
    page = await client.get("/letters/new", params={**choice(square, template_id, addressee_id), "event": event})
    assert page.status_code == 200
    assert "Начальнику УМВД России по г. Хабаровску" in page.text and "Площадь Славы" in page.text
    assert '<mark class="field-missing">{{адрес}}</mark>' in page.text
    assert "адрес в карточке церемонии" in page.text and "число ожидаемых гостей в карточке церемонии" in page.text
    assert "Создать черновик" in page.text
    fragment = await client.get("/letters/new", params={"ceremony": str(square), "event": event},
                                headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="new_letter">') and "Создать черновик" not in fragment.text


async def test_creating_editing_and_registering_a_letter(client):
    ceremony_id, template_id, addressee_id = await ceremony(), await template(), await addressee()
    token = await sign_in(client, Role.PROTOCOL)
    missing = await client.post("/letters/", data={"_csrf_token": token, "ceremony": str(ceremony_id)})
    assert missing.status_code == 422 and "Выберите шаблон письма." in missing.text
    created = await client.post("/letters/", data={"_csrf_token": token, **choice(ceremony_id, template_id,
                                                                                  addressee_id)},
                                follow_redirects=False)
    assert created.status_code == 303
    url = created.headers["location"]
    letter = await services.get_letter(int(url.rsplit("/", 1)[1]))
    form = {**editable(letter), **SIGNATURE, "_csrf_token": token}
    empty = await client.post(url, data={**form, "subject": "", "action": "save"},
                              headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "Заполните это поле." in empty.text
    assert empty.text.lstrip().startswith('<div id="letter">')
    registered = await client.post(url, data={**form, "action": "register"}, follow_redirects=False)
    assert registered.status_code == 303
    page = await client.get(url)
    assert "Письмо № 01-12/1 от" in page.text and "Зарегистрировать" not in page.text
    kept = await client.post(f"{url}/delete", data={"_csrf_token": token})
    assert kept.status_code == 422 and "остаётся в реестре" in kept.text


async def test_printing_a_letter_with_unfilled_fields_is_refused_naming_them(client):
    square = await ceremony(title="Возложение венков", venue="Площадь Славы", address="", expected_guests="0")
    letter_id = await draft(square)
    token = await sign_in(client, Role.PROTOCOL)
    for extension in ("pdf", "docx"):
        response = await client.get(f"/letters/{letter_id}/letter.{extension}")
        assert response.status_code == 422
        assert "Письмо не распечатано. Не заполнены поля: {{адрес}}, {{число_гостей}}." in response.text
    refused = await client.post(f"/letters/{letter_id}", data={**editable(await services.get_letter(letter_id)),
                                                               "action": "register", "_csrf_token": token})
    assert refused.status_code == 422 and "Не заполнены поля: {{адрес}}, {{число_гостей}}." in refused.text
    body = (await services.get_letter(letter_id)).body.replace("{{адрес}}", "ул. Шевченко, 1").replace(
        "{{число_гостей}}", "300")
    typed = await client.post(f"/letters/{letter_id}", data={**editable(await services.get_letter(letter_id)),
                                                             "body": body, "action": "save", "_csrf_token": token})
    assert typed.status_code == 200  # after the redirect
    pdf = await client.get(f"/letters/{letter_id}/letter.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    docx = await client.get(f"/letters/{letter_id}/letter.docx")
    assert docx.status_code == 200
    assert f'filename="letter-draft-{letter_id}.docx"' in docx.headers["content-disposition"]


async def test_directory_refuses_unknown_fields_in_a_template(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post("/letters/templates/", data={
        "_csrf_token": token, "kind": "press", "title": "Аккредитация", "subject": "Об аккредитации",
        "body": "Приглашаем {{дата}} к {{временн}}."})
    assert response.status_code == 422
    assert "Неизвестные поля: {{временн}}." in response.text and "{{временн}}" in response.text
    assert "Шаблонов пока нет." in (await client.get("/letters/directory")).text
    await client.post("/logout", data={"_csrf_token": csrf_from((await client.get("/letters/")).text)})
    await sign_in(client, Role.VIEWER)
    assert (await client.get("/letters/directory")).status_code == 403
