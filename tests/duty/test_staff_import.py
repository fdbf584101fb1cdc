"""Importing duty staff from a department's XLSX or CSV list: every row accounted for, one
transaction, re-import updates instead of duplicating, the rejected rows come back to fix.

The files are built here with openpyxl and bytes; nothing binary is committed.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from app.core.roles import Role
from app.duty import services, staff_import
from app.duty.tables import Staff
from app.guests import importing as guest_import
from app.imports import flow
from app.imports.sheets import TableError, guess_mapping, read_table
from tests.conftest import sign_in
from tests.guests.test_import_flow import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def culture_list() -> bytes:
    """As a department sends it: a title, a blank line, the name in three columns, yes/no columns."""
    return workbook([
        ["Список дежурных Управления культуры на 9 мая"],
        [],
        ["№", " ФАМИЛИЯ ", "Имя", "Отчество", "Подразделение", "Тел.", "Пол", "Старший", "Первая помощь",
         "Переводчик", "Языки", "Макс. часов в день", "Примечание"],
        [1, "петров", "пётр", "петрович", "Управление культуры", "8 914 000 00 01", "м", "да", "", "нет", "", 6, ""],
        [2, "Семёнова", "Алёна", "Игоревна", "Управление культуры", "", "", "", "+", "en, китайский", "", "", ""],
        [3, "", "", "", "Управление культуры", "", "ж", "", "", "", "", "", "без фамилии"],
        [4, "Орлов", "Олег", "", "Управление культуры", "", "м", "", "", "", "", "30", ""],
        [],
        [5, "Зайцева", "Ольга", "", "Управление культуры", "", "неизвестно", "", "", "", "", "", ""],
        [6, "Кузнецов", "Илья", "Сергеевич", "Управление культуры", "", "", "1", "0", "", "немецкий", "8 ч", "водит"],
    ])


def volunteers_csv() -> bytes:
    """A volunteer centre's CSV from Excel: Windows-1251, «;», one name column, no department column,
    qualifications as a list, a header with other capitals and ё/е."""
    text = ("Волонтёры на День Победы;;;;\r\n"
            ";;;;\r\n"
            "ФИО;Телефон;Пол;Квалификация;Макс. часов в день\r\n"
            "Никитин Никита Никитич;4212 30-45-67;М;водитель, первая помощь;10\r\n"
            "ЕЛКИНА ЕЛЕНА ЕГОРОВНА;;ж;Старший, английский язык, фотограф;\r\n"
            ";+7 914 111-22-33;;;\r\n")
    return text.encode("cp1251")


def sheet_of(data: bytes, name: str = "дежурные.xlsx"):
    return read_table(name, data, vocabulary=staff_import.STAFF)


# ---------------------------------------------------------------- reading, no database


def test_columns_are_recognised_below_the_title_and_rows_judged_with_their_numbers():
    sheet = sheet_of(culture_list())
    assert sheet.header_row == 3
    mapping = guess_mapping(sheet.header, staff_import.STAFF)
    assert mapping == {1: "surname", 2: "name", 3: "patronymic", 4: "department", 5: "phone", 6: "gender",
                       7: "q_senior", 8: "q_first_aid", 9: "q_interpreter", 10: "languages",
                       11: "max_hours_per_day", 12: "notes"}
    preview = staff_import.parse(sheet, mapping)
    rows = {r.row: r for r in preview.rows}
    assert sorted(rows) == [4, 5, 6, 7, 8, 9, 10] and rows[8].outcome == "blank"
    counts = preview.counts()
    assert counts == {"ok": 3, "rejected": 3, "blank": 1} and sum(counts.values()) == len(sheet.data())

    petrov = rows[4].person.values
    assert (petrov["full_name"], petrov["phone"], petrov["gender"], petrov["max_hours_per_day"]) == (
        "Петров Пётр Петрович", "+7 914 000-00-01", "m", 6)
    assert petrov["qualifications"] == ["senior"]
    semenova = rows[5].person.values
    assert semenova["gender"] == "f"  # guessed from the patronymic
    assert semenova["qualifications"] == ["first_aid", "interpreter", "lang:en", "lang:zh"]
    kuznetsov = rows[10].person.values
    assert kuznetsov["qualifications"] == ["senior", "lang:de"] and kuznetsov["max_hours_per_day"] == 8
    assert kuznetsov["notes"] == "водит"

    assert preview.rejected_reasons == [
        (6, "Не указана фамилия."),
        (7, "«Макс. часов в день»: не больше 24."),
        (9, "Пол «неизвестно» не распознан: укажите «м» или «ж»."),
    ]


def test_a_csv_in_windows_1251_with_a_list_of_qualifications_and_one_department_for_all():
    sheet = sheet_of(volunteers_csv(), "волонтёры.csv")
    assert (sheet.encoding, sheet.delimiter, sheet.header_row) == ("cp1251", ";", 3)
    mapping = guess_mapping(sheet.header, staff_import.STAFF)
    assert mapping == {0: "full_name", 1: "phone", 2: "gender", 3: "qualifications", 4: "max_hours_per_day"}
    with pytest.raises(TableError, match="подразделение для всех строк"):
        staff_import.parse(sheet, mapping)
    preview = staff_import.parse(sheet, mapping, {"department": "Волонтёрский центр"})
    nikitin, elkina, nobody = preview.rows
    assert nikitin.person.values["qualifications"] == ["first_aid", "driver"]
    assert nikitin.person.values["phone"] == "+7 421 230-45-67"
    assert elkina.person.values["full_name"] == "Елкина Елена Егоровна"
    assert elkina.person.values["department"] == "Волонтёрский центр"
    assert elkina.person.values["qualifications"] == ["senior", "lang:en"]
    assert elkina.person.values["notes"] == "фотограф" and "«фотограф» не распознана" in elkina.warnings[0]
    assert nobody.reason == "Не указана фамилия."


# ---------------------------------------------------------------- the steps, with the database


async def staged(data: bytes, name: str, form: dict | None = None) -> flow.Upload:
    """An upload with its guessed mapping saved (plus `form`, e.g. a department for all rows)."""
    upload_id, error = await staff_import.FLOW.store_upload(name, data, None)
    assert error == "", error
    upload = staff_import.FLOW.load(upload_id)
    view = await flow.mapping_view(upload)
    assert flow.save_mapping(upload, {**{f"col_{c.index}": c.field for c in view.columns}, **(form or {})}) == ""
    return staff_import.FLOW.load(upload_id)


async def people() -> dict[str, dict]:
    rows = await Staff.select().output(load_json=True)
    return {r["full_name"]: r for r in rows}


@pytest.mark.usefixtures("db")
async def test_nothing_is_written_before_the_import_and_then_the_counts_add_up():
    upload = await staged(culture_list(), "культура.xlsx")
    view = await staff_import.build_preview(upload)
    assert view.counts == {"rows": 7, "new": 3, "updates": 0, "rejected": 3, "blank": 1}
    assert await Staff.count() == 0

    report = await staff_import.apply(upload)
    assert (report.rows, report.imported, report.updated, report.rejected, report.blank) == (7, 3, 0, 3, 1)
    assert report.adds_up and [row for row, _ in report.rejected_rows] == [6, 7, 9]
    staff = await people()
    assert sorted(staff) == ["Кузнецов Илья Сергеевич", "Петров Пётр Петрович", "Семёнова Алёна Игоревна"]
    assert all(len(s["token"]) >= 32 for s in staff.values())
    assert len({s["token"] for s in staff.values()}) == 3
    found, total = await services.staff_page("семенова")
    assert total == 1 and found[0].languages == ("en", "zh")
    assert staff_import.FLOW.report_of(staff_import.FLOW.load(upload.id)).imported == 3


@pytest.mark.usefixtures("db")
async def test_a_second_import_updates_the_same_people_instead_of_adding_them_again():
    typed = await services.save_staff({"full_name": "Петров Петр Петрович", "department": "управление культуры",
                                       "phone": "", "max_hours_per_day": "4", "notes": "ключи от склада",
                                       "q_driver": "on", "languages": "fr"})
    first = await staff_import.apply(await staged(culture_list(), "культура.xlsx"))
    assert (first.imported, first.updated) == (2, 1)  # Петров was typed in by hand: same name, ё/е and case aside
    assert first.updated_rows[0][0] == 4 and "телефон" in first.updated_rows[0][2]
    petrov = await services.get_staff(typed.id)
    assert petrov.full_name == "Петров Пётр Петрович" and petrov.phone == "+7 914 000-00-01"
    assert petrov.max_hours_per_day == 6 and petrov.notes == "ключи от склада"
    # the yes/no columns decide senior, first aid and interpreter; the driver and French nobody named stay
    assert petrov.qualifications == ("senior", "driver", "lang:fr")

    again = await staff_import.apply(await staged(culture_list(), "культура (2).xlsx"))
    assert (again.imported, again.updated, again.rejected) == (0, 3, 3) and again.adds_up
    assert {what for _row, _who, what in again.updated_rows} == {"без изменений"}
    assert await Staff.count() == 3


@pytest.mark.usefixtures("db")
async def test_the_same_person_twice_in_one_file_is_one_person():
    data = workbook([["ФИО", "Подразделение", "Телефон"],
                     ["Иванов Иван Иванович", "Гараж", ""],
                     ["ИВАНОВ Иван Иванович", "гараж", "89140000002"]])
    upload = await staged(data, "гараж.xlsx")
    view = await staff_import.build_preview(upload)
    assert view.counts["new"] == 1 and view.counts["updates"] == 1
    assert view.updates[0].person.same_as == 2
    report = await staff_import.apply(upload)
    assert (report.imported, report.updated) == (1, 1)
    [ivanov] = (await people()).values()
    assert ivanov["phone"] == "+7 914 000-00-02"


@pytest.mark.usefixtures("db")
async def test_a_failure_in_the_middle_writes_nothing(monkeypatch):
    await services.save_staff({"full_name": "Петров Пётр Петрович", "department": "Управление культуры"})
    upload = await staged(culture_list(), "культура.xlsx")
    real = services.save_staff

    async def failing(raw, staff_id=None):
        if raw["full_name"].startswith("Кузнецов"):  # the last row: the ones before it are written already
            raise RuntimeError("диск переполнен")
        return await real(raw, staff_id)

    monkeypatch.setattr(services, "save_staff", failing)
    with pytest.raises(RuntimeError):
        await staff_import.apply(upload)
    staff = await people()
    assert list(staff) == ["Петров Пётр Петрович"] and staff["Петров Пётр Петрович"]["phone"] == ""
    assert staff_import.FLOW.load(upload.id).report is None


@pytest.mark.usefixtures("db")
async def test_rejected_rows_come_back_as_a_file_that_imports_once_fixed():
    upload = await staged(culture_list(), "культура.xlsx")
    await staff_import.apply(upload)
    book = load_workbook(io.BytesIO(await staff_import.FLOW.rejected_xlsx(upload)))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][-1] == "Причина" and len(rows) == 4
    assert [r[1] for r in rows[1:]] == [None, "Орлов", "Зайцева"]
    assert rows[2][-1] == "«Макс. часов в день»: не больше 24."
    rows[1][1], rows[2][11], rows[3][6] = "Смирнова", 12, "ж"
    fixed = await staff_import.apply(await staged(workbook(rows), "исправлено.xlsx"))
    assert (fixed.rows, fixed.imported, fixed.rejected) == (3, 3, 0)
    assert await Staff.count() == 6


@pytest.mark.usefixtures("db")
async def test_uploads_of_the_guest_import_are_not_found_here():
    guests_csv = "Фамилия;Телефон\r\nИванов;\r\n".encode()
    guest_id, _error = await guest_import.FLOW.store_upload("гости.csv", guests_csv, None)
    with pytest.raises(flow.NotFound):
        staff_import.FLOW.load(guest_id)
    upload = await staged(volunteers_csv(), "в.csv", {"department": "Волонтёры"})
    with pytest.raises(flow.NotFound):
        guest_import.FLOW.load(upload.id)


# ---------------------------------------------------------------- through the pages


async def test_import_through_the_pages(client):
    token = await sign_in(client, Role.PROTOCOL)
    page = await client.get("/duty/staff/")
    assert 'href="/duty/staff/import/"' in page.text and "Загрузить из файла" in page.text
    assert "Какие столбцы понимаются" in (await client.get("/duty/staff/import/")).text

    response = await client.post("/duty/staff/import/", data={"_csrf_token": token},
                                 files={"file": ("волонтёры.csv", volunteers_csv(), "text/csv")},
                                 follow_redirects=False)
    assert response.status_code == 303
    mapping_url = response.headers["location"]
    upload_id = re.fullmatch(r"/duty/staff/import/([0-9a-f]{32})/mapping", mapping_url).group(1)
    page = await client.get(mapping_url)
    assert "заголовок в строке 3" in page.text
    assert re.search(r'name="col_3".*?<option value="qualifications" selected>', page.text, re.S)

    form = {"col_0": "full_name", "col_1": "phone", "col_2": "gender", "col_3": "qualifications",
            "col_4": "max_hours_per_day", "_csrf_token": token}
    response = await client.post(mapping_url, data=form, follow_redirects=False)
    assert response.status_code == 422 and "подразделение для всех строк" in response.text
    assert re.search(r'name="col_3".*?<option value="qualifications" selected>', response.text, re.S)
    response = await client.post(mapping_url, data={**form, "department": "Волонтёрский центр"},
                                 follow_redirects=False)
    assert response.headers["location"] == f"/duty/staff/import/{upload_id}/preview"

    preview = await client.get(f"/duty/staff/import/{upload_id}/preview")
    assert preview.status_code == 200 and "Строки с ошибками" in preview.text
    assert "Никитин Никита Никитич" in preview.text and "Волонтёрский центр" in preview.text
    assert await Staff.count() == 0

    response = await client.post(f"/duty/staff/import/{upload_id}/apply", data={"_csrf_token": token},
                                 follow_redirects=False)
    assert response.headers["location"] == f"/duty/staff/import/{upload_id}/report"
    await client.post(f"/duty/staff/import/{upload_id}/apply", data={"_csrf_token": token})  # pressed twice
    assert await Staff.count() == 2
    report = await client.get(f"/duty/staff/import/{upload_id}/report")
    assert "Скачать отклонённые строки" in report.text and "Не указана фамилия." in report.text
    rejected = await client.get(f"/duty/staff/import/{upload_id}/rejected.xlsx")
    assert rejected.headers["content-type"] == XLSX
    rows = list(load_workbook(io.BytesIO(rejected.content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Причина" and rows[1][1] == "+7 914 111-22-33"

    htmx = await client.get(f"/duty/staff/import/{upload_id}/report", headers={"HX-Request": "true"})
    assert htmx.text.lstrip().startswith('<section id="report"')
    assert (await client.get("/duty/staff/import/" + "0" * 32 + "/preview")).status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DUTY, Role.LIAISON])
async def test_only_plan_editors_import(client, role):
    await sign_in(client, role)
    assert (await client.get("/duty/staff/import/")).status_code == 403
