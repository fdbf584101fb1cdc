"""A messy guest list (tests/messy_lists.py) through the registry import: a title above the header, name
parts, a group column with escorts and interpreters, free-text needs, unknown categories offered and
created, duplicates in case/ё/spaces, gender from the patronymic, the import as a named batch that a
ceremony invites whole; the registry's export imports back to the same links."""

import json
import re

import pytest

from app.audit.tables import AuditEntry
from app.core.roles import Role
from app.guests import batches, groups, importing, services
from app.guests.kinds import Gender, LinkKind
from app.guests.tables import Category, ImportBatch, Person, PersonBatch, PersonLink
from app.imports import flow
from app.imports.guest_columns import GroupRole, group_role
from app.invitations import services as invitations
from tests.conftest import sign_in
from tests.invitations.test_invitations import ceremony
from tests.messy_lists import NEEDS_FLAGS, messy_list

pytestmark = pytest.mark.usefixtures("db")


async def uploaded(data: bytes, filename: str) -> flow.Upload:
    upload_id, error = await importing.FLOW.store_upload(filename, data, None)
    assert error == ""
    upload = importing.FLOW.load(upload_id)
    view = await flow.mapping_view(upload)
    assert flow.save_mapping(upload, {f"col_{c.index}": c.field for c in view.columns if c.field}) == ""
    return importing.FLOW.load(upload_id)


async def person_of_row(upload: flow.Upload) -> dict[int, int]:
    """file row → the registry person it became, by the name as read (the rows' names are unique)."""
    _sheet, preview = await importing.parse(upload)
    ids = {r["search_key"]: r["id"] for r in await Person.select(Person.id, Person.search_key)}
    return {row.row: ids[row.person.search_key] for row in preview.accepted if row.person.search_key in ids}


@pytest.mark.parametrize("as_csv", [False, True])
async def test_a_messy_list_imports_with_groups_needs_categories_and_a_batch(as_csv):
    await services.ensure_default_categories()
    messy = messy_list(120, seed=3, as_csv=as_csv)
    upload = await uploaded(messy.data, messy.filename)
    view = await importing.build_preview(upload)

    assert view.preview.header_row == 3  # the title and the blank line skipped
    assert view.upload.mapping is not None and {"surname", "name", "patronymic", "group", "needs", "precedence",
                                                "category", "language"} <= set(view.upload.mapping.values())
    assert sorted(r.row for r in view.preview.rejected) == messy.broken
    # the repeats differing in case, ё and spaces are found against their first row
    in_file = {d.row: [m.decision for m in d.matches] for d in view.duplicates}
    for original, repeat in messy.duplicates:
        assert f"row:{original}" in in_file[repeat]
    # the unknown category is offered with its rows counted; «ветераны ВОВ» is not: it is known
    offered = {c.name: c for c in view.new_categories}
    assert set(offered) == messy.unknown_categories
    donors = offered["Почётные доноры"]
    assert donors.rows == sum(1 for r in view.preview.accepted if r.person.category == "Почётные доноры")
    assert view.batch_name.startswith(messy.filename)

    form = {"rule": "merge", f"newcat_{donors.index}": "on", f"newcat_{donors.index}_rank": "65",
            "batch_name": "Ветераны к 9 мая"}
    report = await importing.apply(upload, form)
    assert report.adds_up and report.rejected == 2 and report.merged == len(messy.duplicates)
    assert report.categories == 1 and report.batch_name == "Ветераны к 9 мая"

    rows = await person_of_row(upload)
    people = {r["id"]: r for r in await Person.select()}
    # needs from free text
    for row, text in messy.needs.items():
        if row in rows and row not in dict(messy.duplicates).values():
            person = people[rows[row]]
            flags = (person["wheelchair"], person["no_stairs"], person["aisle"], person["needs_escort"])
            assert flags == NEEDS_FLAGS[text], text
    # gender from the patronymic
    women = {rows[r] for r in messy.women if r in rows}
    assert women and all(people[i]["gender"] == Gender.FEMALE for i in women)
    assert people[rows[4]]["gender"] == Gender.MALE  # the governor, «Викторович»
    # the created category holds its people at the rank chosen
    category = await Category.select().where(Category.name == "Почётные доноры").first()
    assert category["precedence"] == 65 and category["always_seated"] is False
    assert await Person.count().where(Person.category == category["id"]) == donors.rows
    # groups: escorts and the interpreter linked to their principal, families as families
    links = {(r["person"], r["other"], LinkKind(r["kind"])) for r in await PersonLink.select()}
    for escort, veteran in messy.escorts.items():
        assert (rows[escort], rows[veteran], LinkKind.ESCORT_OF) in links
    for interpreter, head in messy.interpreters.items():
        assert (rows[interpreter], rows[head], LinkKind.INTERPRETER_FOR) in links
    for label, members in messy.groups.items():
        kind = LinkKind.FAMILY_OF if label in messy.families else LinkKind.DELEGATION_OF
        for member in members[1:]:
            if member not in messy.escorts and member not in messy.interpreters:
                assert (rows[member], rows[members[0]], kind) in links
    assert report.links == len(links) == sum(len(m) - 1 for m in messy.groups.values())
    # the batch: everyone the import created or merged into, on record with its counts
    batch = await ImportBatch.select().first()
    assert batch["name"] == "Ветераны к 9 мая"
    assert {r["person"] for r in await PersonBatch.select()} == set(rows.values())
    assert (await services.get_person(rows[4])).batches == ((batch["id"], "Ветераны к 9 мая"),)
    entry = await AuditEntry.select().where(AuditEntry.object_kind == "import").first()
    assert entry["object_id"] == batch["id"] and json.loads(entry["changes"])["created"] == [None, report.imported]
    # each row's warning once: the rows of the created category have none about it
    assert not any("Почётные доноры" in text for _row, text in report.warnings)


async def test_an_unticked_unknown_category_is_kept_in_the_notes_with_one_warning():
    messy = messy_list(60, seed=5)
    upload = await uploaded(messy.data, messy.filename)
    report = await importing.apply(upload, {})
    about = [(row, text) for row, text in report.warnings if "Почётные доноры" in text]
    assert about and len(about) == len({row for row, _text in about})  # once per row
    assert await Category.count() == 0
    assert await Person.count().where(Person.notes.like("%Категория: Почётные доноры%")) == len(about)


async def test_everyone_from_an_import_is_invited_to_a_ceremony(client):
    messy = messy_list(50, seed=1)
    report = await importing.apply(await uploaded(messy.data, messy.filename), {"rule": "skip"})
    other = messy_list(45, seed=2)
    await importing.apply(await uploaded(other.data, "другой.xlsx"), {"rule": "skip"})
    ceremony_id = await ceremony()

    batch = services.RegistryFilter(batch=report.batch_id)
    assert (await services.search(batch)).total == report.imported
    added = await invitations.add_by_filter(ceremony_id, batch)
    assert added.added == report.imported

    # from the registry page's filter, through the page
    token = await sign_in(client, Role.PROTOCOL)
    [latest, _first] = await batches.batches()
    page = await client.get(f"/guests/?batch={latest.id}")
    assert f'href="/guests/invite?batch={latest.id}"' in page.text
    response = await client.post("/guests/invite", data={"batch": str(latest.id), "ceremony": str(ceremony_id),
                                                         "_csrf_token": token})
    assert response.status_code == 200 and re.search(rf"Добавлен\w* {latest.persons} гост", response.text)
    listing = await client.get(f"/ceremonies/{ceremony_id}/invitations/")
    assert "Из загрузки" in listing.text and latest.name in listing.text


async def test_the_registrys_groups_export_and_import_back_to_the_same_links():
    await services.write_many([
        {"surname": s, "name": n, "patronymic": p, "status": "active", "precedence": rank}
        for s, n, p, rank in [("Ли", "Вэй", "", 5), ("Чжан", "Мин", "", 6), ("Васильева", "Ирина", "Олеговна", 90),
                              ("Кузьмин", "Пётр", "Ильич", 20), ("Кузьмина", "Анна", "Петровна", 20),
                              ("Сидоров", "Олег", "Олегович", 20), ("Помощников", "Илья", "Ильич", 90)]])
    ids = {r["surname"]: r["id"] for r in await Person.select(Person.id, Person.surname)}
    wanted = {("Чжан", "Ли", LinkKind.DELEGATION_OF), ("Васильева", "Ли", LinkKind.INTERPRETER_FOR),
              ("Кузьмина", "Кузьмин", LinkKind.FAMILY_OF), ("Помощников", "Сидоров", LinkKind.ESCORT_OF)}
    await PersonLink.insert(*[PersonLink(person=ids[a], other=ids[b], kind=k) for a, b, k in wanted])
    exported = await services.export_registry()

    await PersonLink.delete(force=True)
    await Person.delete(force=True)
    report = await importing.apply(await uploaded(exported, "registry.xlsx"), {})
    assert report.imported == 7 and report.links == 4
    names = {r["id"]: r["surname"] for r in await Person.select(Person.id, Person.surname)}
    links = {(names[r["person"]], names[r["other"]], LinkKind(r["kind"])) for r in await PersonLink.select()}
    assert links == wanted


def test_the_principal_is_the_most_senior_who_is_not_an_escort_or_interpreter():
    members = [groups.Member(5, "Делегация", GroupRole.INTERPRETER, 1), groups.Member(6, "делегация ", precedence=7),
               groups.Member(7, "ДЕЛЕГАЦИЯ", precedence=3), groups.Member(8, "Делегация", GroupRole.ESCORT, 2),
               groups.Member(9, "Семья Ивановых"), groups.Member(10, "семья ивановых"),
               groups.Member(11, "одиночка")]
    assert sorted(groups.group_links(members)) == [
        (5, 7, LinkKind.INTERPRETER_FOR), (6, 7, LinkKind.DELEGATION_OF), (8, 7, LinkKind.ESCORT_OF),
        (10, 9, LinkKind.FAMILY_OF)]


@pytest.mark.parametrize(("role", "position", "category", "needs", "expected"), [
    ("", "Сопровождающий", "", "", GroupRole.ESCORT), ("", "Переводчик делегации", "", "", GroupRole.INTERPRETER),
    ("", "", "Сопровождающие", "", GroupRole.ESCORT), ("", "", "", "сопровождающий", GroupRole.ESCORT),
    ("", "", "", "нужен сопровождающий", GroupRole.MEMBER), ("глава", "Сопровождающий", "", "", GroupRole.PRINCIPAL),
    ("член семьи", "", "", "", GroupRole.FAMILY), ("", "Директор", "Депутаты", "коляска", GroupRole.MEMBER),
])
def test_a_rows_role_in_its_group(role, position, category, needs, expected):
    assert group_role(role, position, category, needs) is expected


async def test_gender_is_guessed_when_a_person_is_saved_without_one():
    saved = await services.save_person({"surname": "Орлова", "name": "Анна", "patronymic": "Семёновна",
                                        "gender": "", "status": "active"})
    assert (await services.get_person(saved.id)).gender == Gender.FEMALE
    saved = await services.save_person({"surname": "Мамедов", "name": "Рашид", "patronymic": "Ильхам оглы",
                                        "gender": "", "status": "active"})
    assert (await services.get_person(saved.id)).gender == Gender.MALE


async def test_always_seated_is_a_category_setting_on_for_the_default_veterans_and_officials(client):
    await services.ensure_default_categories()
    seated = {c.name for c in await services.categories() if c.always_seated}
    assert seated == {"Почётные гости и официальные лица", "Ветераны Великой Отечественной войны",
                      "Герои Советского Союза и Российской Федерации", "Ветераны боевых действий"}
    token = await sign_in(client, Role.PROTOCOL)
    press = next(c for c in await services.categories() if c.name == "Пресса")
    response = await client.post(f"/guests/categories/{press.id}", data={
        "name": "Пресса", "precedence": "80", "always_seated": "on", "_csrf_token": token})
    assert response.status_code == 200 and "всегда с местом" in response.text
    assert next(c for c in await services.categories() if c.name == "Пресса").always_seated


async def test_a_plain_post_of_a_bad_link_answers_the_page_with_the_message(client):
    token = await sign_in(client, Role.PROTOCOL)
    person = (await services.save_person({"surname": "Иванов", "status": "active"})).id
    response = await client.post(f"/guests/{person}/links", data={"kind": "escort_of", "other": str(person),
                                                                  "_csrf_token": token})
    assert response.status_code == 422
    assert "Нельзя связать человека с самим собой." in response.text and "<html" in response.text
    other = (await services.save_person({"surname": "Петров", "status": "active"})).id
    assert (await services.add_link(person, {"kind": "escort_of", "other": str(other)})).ok
    [link] = (await services.get_person(person)).links
    await services.delete_link(person, link.id)
    changes = [json.loads(e["changes"]) for e in await AuditEntry.select().where(
        (AuditEntry.object_kind == "person") & (AuditEntry.object_id == person)).order_by(AuditEntry.id)]
    assert changes[-2:] == [{"link": [None, "сопровождающий → Петров"]}, {"link": ["сопровождающий → Петров", None]}]


async def test_the_check_step_and_the_report_show_new_categories_groups_and_the_batch(client):
    messy = messy_list(60, seed=9)
    token = await sign_in(client, Role.PROTOCOL)
    upload = await uploaded(messy.data, messy.filename)
    page = await client.get(f"/guests/import/{upload.id}/preview")
    assert page.status_code == 200
    assert "Категории, которых нет в справочнике" in page.text and "Почётные доноры" in page.text
    assert f'value="{messy.filename} ' in page.text  # the batch's proposed name
    assert "связей с главой группы будет создано" in page.text
    response = await client.post(f"/guests/import/{upload.id}/apply", data={
        "_csrf_token": token, "batch_name": "Список к 9 мая", "newcat_0": "on", "newcat_0_rank": "70"},
        follow_redirects=False)
    assert response.status_code == 303
    report = await client.get(f"/guests/import/{upload.id}/report")
    assert "Загрузка «Список к 9 мая»" in report.text and "категорий создано: 1" in report.text
    batch = (await batches.batches())[0]
    head = next(iter(messy.groups.values()))[0]
    person = (await person_of_row(upload))[head]
    page = await client.get(f"/guests/{person}")
    assert f'href="/guests/?batch={batch.id}">Список к 9 мая</a>' in page.text
    assert "Связи" in page.text and "член делегации" in page.text
