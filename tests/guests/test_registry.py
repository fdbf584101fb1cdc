"""The registry: search folded for case and ё/е, filters, paging, person form, links, categories, export."""

import io

import pytest
from openpyxl import load_workbook

from app.core.roles import Role
from app.guests import services
from app.guests.kinds import PersonStatus
from app.guests.tables import Category, Person
from tests.conftest import sign_in

pytestmark = pytest.mark.usefixtures("db")


def person_form(**changes) -> dict:
    return {"surname": "Семёнова", "name": "Алёна", "patronymic": "Игоревна", "gender": "f",
            "position": "Председатель совета ветеранов", "organisation": "Совет ветеранов Железнодорожного района",
            "category": "", "precedence": "", "phone": "8 (914) 123-45-67", "email": "Semenova@Mail.RU",
            "address": "680000, г. Хабаровск, ул. Ленина, д. 1", "language": "", "notes": "", "status": "active",
            **changes}


async def category(name: str = "Ветераны Великой Отечественной войны", precedence: int = 20) -> int:
    saved = await services.save_category({"name": name, "precedence": str(precedence)})
    return saved.id


async def test_person_is_normalised_and_found_by_any_part_of_the_name_whatever_the_case_and_yo():
    saved = await services.save_person(person_form(surname="  семёнова ", wheelchair="on"))
    person = await services.get_person(saved.id)
    assert person.full_name == "Семёнова Алёна Игоревна"
    assert person.phone == "+7 914 123-45-67" and person.email == "Semenova@mail.ru"
    assert person.wheelchair and person.no_stairs  # a wheelchair implies no stairs
    for query in ("СЕМЕНОВА", "семён", "алена игор", "игоревна семенова", "ЁНОВА"):
        page = await services.search(services.RegistryFilter(q=query))
        assert [p.id for p in page.rows] == [saved.id], query
    assert (await services.search(services.RegistryFilter(q="Петров"))).total == 0


async def test_search_key_follows_every_save():
    saved = await services.save_person(person_form())
    await services.save_person(person_form(surname="Ёлкина"), saved.id)
    assert (await services.search(services.RegistryFilter(q="елкина"))).total == 1
    assert (await services.search(services.RegistryFilter(q="семенова"))).total == 0
    row = await Person.select(Person.search_key).where(Person.id == saved.id).first()
    assert row["search_key"] == "елкина алена игоревна"


async def test_filters_by_category_organisation_status_and_paging():
    veterans = await category()
    press = await category("Пресса", 80)
    people = []
    for n in range(7):
        people.append({"surname": f"Ветеранов{chr(1072 + n)}", "name": "Иван", "category": veterans,
                       "organisation": "Совет ветеранов", "status": PersonStatus.ACTIVE})
    people.append({"surname": "Журналистов", "category": press, "organisation": "ГТРК «Дальневосточная»",
                   "status": PersonStatus.ACTIVE})
    people.append({"surname": "Ветераново", "category": veterans, "organisation": "Совет ветеранов",
                   "status": PersonStatus.DECEASED})
    await services.write_many(people)
    assert (await services.search(services.RegistryFilter(category=veterans))).total == 8
    assert (await services.search(services.RegistryFilter(category=veterans, status="active"))).total == 7
    assert (await services.search(services.RegistryFilter(organisation="гтрк"))).total == 1
    page = await services.search(services.RegistryFilter(category=veterans), page=2, per_page=5)
    assert page.pages == 2 and page.page == 2 and len(page.rows) == 3
    names = [p.full_name for p in (await services.search(services.RegistryFilter(category=veterans))).rows]
    assert names == sorted(names, key=lambda n: n.casefold())


async def test_person_form_errors_are_in_russian_per_field():
    saved = await services.save_person(person_form(surname=" ", phone="12", email="не почта", precedence="x"))
    assert saved.errors["surname"] == "Заполните это поле."
    assert saved.errors["phone"].startswith("Телефон «12» не распознан")
    assert saved.errors["email"].startswith("Адрес эл. почты «не почта» неверен")
    assert saved.errors["precedence"] == "Нужно целое число."
    assert await Person.count() == 0


async def test_precedence_starts_from_the_category():
    veterans = await category()
    saved = await services.save_person(person_form(category=str(veterans)))
    assert (await services.get_person(saved.id)).precedence == 20
    saved = await services.save_person(person_form(category=str(veterans), precedence="5"))
    assert (await services.get_person(saved.id)).precedence == 5


async def test_links_between_persons_are_seen_from_both_sides():
    veteran = (await services.save_person(person_form(surname="Кузьмин", name="Пётр", patronymic="Ильич",
                                                      gender="m"))).id
    escort = (await services.save_person(person_form(surname="Кузьмина", name="Ольга"))).id
    saved = await services.add_link(escort, {"kind": "escort_of", "other": str(veteran)})
    assert saved.ok
    assert (await services.add_link(escort, {"kind": "escort_of", "other": str(veteran)})).errors == {
        "other": "Такая связь уже есть."}
    assert (await services.add_link(escort, {"kind": "escort_of", "other": str(escort)})).errors == {
        "other": "Нельзя связать человека с самим собой."}
    [link] = (await services.get_person(veteran)).links
    assert not link.outgoing and link.other_id == escort and link.kind == "escort_of"
    [link] = (await services.get_person(escort)).links
    assert link.outgoing and link.other_name == "Кузьмин Пётр Ильич"


async def test_categories_are_editable_and_names_unique_regardless_of_case():
    first = await category("Депутаты", 40)
    assert (await services.save_category({"name": "ДЕПУТАТЫ", "precedence": "1"})).errors == {
        "name": "Категория «ДЕПУТАТЫ» уже есть."}
    assert (await services.save_category({"name": "Депутаты думы", "precedence": "41", "vip": "on"}, first)).ok
    [c] = await services.categories()
    assert (c.name, c.precedence, c.vip) == ("Депутаты думы", 41, True)
    await services.delete_category(first)
    assert await Category.count() == 0


async def test_export_of_a_filtered_registry():
    await services.write_many([{"surname": "Аксёнов", "name": "Иван", "status": "active"},
                               {"surname": "Борисов", "name": "Олег", "status": "moved"}])
    data = await services.export_registry(services.RegistryFilter(status="moved"))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Фамилия", "Имя", "Отчество")
    assert [r[0] for r in rows[1:]] == ["Борисов"] and rows[1][rows[0].index("Статус")] == "выбыл"


# ---------------------------------------------------------------- pages


async def test_registry_is_a_full_page_or_its_fragment_for_htmx(client):
    await services.write_many([{"surname": "Семёнов", "name": "Пётр", "status": "active"}])
    await sign_in(client, Role.VIEWER)
    full = await client.get("/guests/?q=семенов")
    assert full.status_code == 200 and full.text.lstrip().startswith("<!doctype html>")
    assert "Семёнов Пётр" in full.text
    fragment = await client.get("/guests/?q=СЕМЁН", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="registry"') and "Семёнов Пётр" in fragment.text
    assert "<html" not in fragment.text
    export = await client.get("/guests/export.xlsx?q=семенов")
    assert export.status_code == 200 and export.content.startswith(b"PK")


async def test_viewer_reads_but_cannot_edit(client):
    saved = await services.save_person(person_form())
    token = await sign_in(client, Role.VIEWER)
    page = await client.get(f"/guests/{saved.id}")
    assert page.status_code == 200 and "Семёнова Алёна Игоревна" in page.text and "disabled" in page.text
    response = await client.post(f"/guests/{saved.id}", data={**person_form(surname="Иванова"), "_csrf_token": token})
    assert response.status_code == 403
    assert (await client.get("/guests/new")).status_code == 403
    assert (await client.get("/guests/import/")).status_code == 403


@pytest.mark.parametrize("role", [Role.GATE, Role.DUTY, Role.LIAISON])
async def test_other_roles_do_not_see_the_registry(client, role):
    await sign_in(client, role)
    assert (await client.get("/guests/")).status_code == 403
    assert (await client.get("/guests/categories/")).status_code == 403


async def test_person_form_keeps_input_and_shows_messages(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post("/guests/", data={**person_form(phone="12345", position="Глава района"),
                                                   "_csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="person_form"')
    assert 'value="Глава района"' in response.text and "Телефон «12345» не распознан" in response.text
    response = await client.post("/guests/", data={**person_form(), "_csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    person_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert (await services.get_person(person_id)).surname == "Семёнова"


async def test_categories_page_and_links_through_htmx(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post("/guests/categories/", data={"name": "", "precedence": "10", "_csrf_token": token},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Заполните это поле." in response.text
    response = await client.post("/guests/categories/", data={"name": "Пресса", "precedence": "80",
                                                              "_csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="categories"')
    assert "Пресса" in response.text
    a = (await services.save_person(person_form())).id
    b = (await services.save_person(person_form(surname="Петров", name="Иван", patronymic="Ильич"))).id
    picked = await client.get(f"/guests/pick?q=петр&name=other&exclude={a}", headers={"HX-Request": "true"})
    assert f'value="{b}"' in picked.text
    response = await client.post(f"/guests/{a}/links", data={"kind": "family_of", "other": str(b),
                                                            "_csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Петров Иван Ильич" in response.text
