"""Importing a department's list through the pages: upload, mapping, preview with duplicates and
decisions, one transaction, the report whose counts add up, the rejected rows that re-import."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from app.core.roles import Role
from app.guests import importing, services
from app.guests.tables import Person
from app.imports import flow
from tests.conftest import sign_in

pytestmark = pytest.mark.usefixtures("db")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def department_list() -> bytes:
    """As a district administration sends it: a title, a blank line, Russian headers in their order."""
    return workbook([
        ["Список ветеранов для приглашения на торжественное собрание"],
        [],
        ["№", "Ф.И.О.", "Место работы", "Должность", "Тел.", "Категория"],
        [1, "ИВАНОВ иван петрович", "Совет ветеранов", "Председатель", "8 914 111 22 33", "ветераны ВОВ"],
        [2, "Семёнова  Анна Ильинична", "Школа № 5", "Директор", "+7(914)222-33-44", "Руководители организаций"],
        [3, "", "Школа № 6", "Завуч", "", ""],
        [4, "Петров Пётр Петрович", "Завод", "Мастер", "12-34", ""],
        [],
        [5, "Семенова Анна Ильинична", "Школа № 5", "Директор", "89142223344", ""],
        [6, "Орлов Олег Олегович", "", "", "", "Неизвестная категория"],
    ])


async def upload(client, token: str, data: bytes, name: str = "ветераны.xlsx"):
    return await client.post("/guests/import/", files={"file": (name, data, XLSX)}, data={"_csrf_token": token},
                             follow_redirects=False)


async def test_import_end_to_end_through_the_pages(client):
    await services.save_category({"name": "Ветераны Великой Отечественной войны", "precedence": "20"})
    await services.save_category({"name": "Руководители организаций", "precedence": "50"})
    existing = await services.save_person({"surname": "Иванов", "name": "Иван", "patronymic": "Петрович",
                                           "gender": "m", "phone": "+7 914 111-22-33", "status": "active"})
    token = await sign_in(client, Role.PROTOCOL)

    response = await upload(client, token, department_list())
    assert response.status_code == 303
    mapping_url = response.headers["location"]
    upload_id = re.fullmatch(r"/guests/import/([0-9a-f]{32})/mapping", mapping_url).group(1)
    page = await client.get(mapping_url)
    assert "заголовок в строке 3" in page.text
    assert re.search(r'name="col_1".*?<option value="full_name" selected>', page.text, re.S)

    # the user corrects the guess: «Место работы» stays the organisation, «№» is not imported
    form = {"col_1": "full_name", "col_2": "organisation", "col_3": "position", "col_4": "phone",
            "col_5": "category", "_csrf_token": token}
    response = await client.post(mapping_url, data={**form, "col_1": ""}, follow_redirects=False)
    assert response.status_code == 422 and "Укажите, в каком столбце фамилия" in response.text
    response = await client.post(mapping_url, data=form, follow_redirects=False)
    assert response.headers["location"] == f"/guests/import/{upload_id}/preview"

    preview = await client.get(f"/guests/import/{upload_id}/preview")
    assert preview.status_code == 200
    assert "Возможные повторы" in preview.text and "Строки с ошибками" in preview.text
    assert f'name="d_4" value="merge:{existing.id}" checked' in preview.text  # same name and phone: merge
    assert 'name="d_9" value="row:5" checked' in preview.text  # the same person twice in the file
    assert await Person.count() == 1  # nothing written yet

    response = await client.post(f"/guests/import/{upload_id}/apply",
                                 data={"d_4": f"merge:{existing.id}", "d_9": "skip", "_csrf_token": token},
                                 follow_redirects=False)
    assert response.headers["location"] == f"/guests/import/{upload_id}/report"
    report = importing.Report.from_dict(importing.FLOW.load(upload_id).report)
    assert (report.rows, report.imported, report.merged, report.skipped, report.rejected, report.blank) == (
        7, 2, 1, 1, 2, 1)
    assert report.adds_up
    assert [row for row, _reason in report.rejected_rows] == [6, 7]
    assert "Не указана фамилия." in report.rejected_rows[0][1]
    page = await client.get(f"/guests/import/{upload_id}/report")
    assert "Скачать отклонённые строки" in page.text

    merged = await services.get_person(existing.id)
    assert (merged.organisation, merged.position) == ("Совет ветеранов", "Председатель")
    assert merged.category == "Ветераны Великой Отечественной войны"
    found = await services.search(services.RegistryFilter(q="семенова"))
    assert found.total == 1 and found.rows[0].category == "Руководители организаций"
    orlov = (await services.search(services.RegistryFilter(q="орлов"))).rows[0]
    assert "Категория: Неизвестная категория" in (await services.get_person(orlov.id)).notes

    # a second press of «Загрузить» does not import twice
    await client.post(f"/guests/import/{upload_id}/apply", data={"_csrf_token": token})
    assert await Person.count() == 3

    # the rejected rows, fixed, import
    rejected = await client.get(f"/guests/import/{upload_id}/rejected.xlsx")
    sheet = load_workbook(io.BytesIO(rejected.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][-1] == "Причина" and len(rows) == 3
    rows[1][1], rows[2][4] = "Сидоров Сидор Сидорович", "+7 914 555-66-77"
    response = await upload(client, token, workbook(rows), "исправленные.xlsx")
    second = re.search(r"/guests/import/([0-9a-f]{32})/", response.headers["location"]).group(1)
    assert flow.save_mapping(importing.FLOW.load(second), {"col_1": "full_name", "col_2": "organisation",
                                                               "col_3": "position", "col_4": "phone"}) == ""
    await client.post(f"/guests/import/{second}/apply", data={"_csrf_token": token})
    report = importing.Report.from_dict(importing.FLOW.load(second).report)
    assert (report.rows, report.imported, report.rejected) == (2, 2, 0)
    assert await Person.count() == 5


async def test_csv_in_windows_1251_with_semicolons():
    data = "Фамилия;Имя;Отчество;Телефон\r\nЁлкин;Пётр;Ильич;4212 30-45-67\r\n".encode("cp1251")
    upload_id, error = await importing.FLOW.store_upload("list.csv", data, None)
    assert error == ""
    upload = importing.FLOW.load(upload_id)
    view = await flow.mapping_view(upload)
    assert [c.field for c in view.columns] == ["surname", "name", "patronymic", "phone"]
    assert flow.save_mapping(upload, {f"col_{c.index}": c.field for c in view.columns}) == ""
    report = await importing.apply(upload, {})
    assert report.imported == 1
    person = (await services.search(services.RegistryFilter(q="елкин петр"))).rows[0]
    assert person.phone == "+7 421 230-45-67"


async def test_a_row_repeated_in_the_file_is_merged_by_default_and_a_namesake_in_another_post_is_not():
    """The same list pasted twice without phones: the repeat merges unless the choice is changed; a namesake
    with another position stays a person of their own."""
    data = workbook([["ФИО", "Должность"], ["Жуков Пётр Ильич", "Глава района"], ["ЖУКОВ  ПЁТР ИЛЬИЧ", ""],
                     ["Иванов Иван Иванович", "Депутат"], ["Иванов Иван Иванович", "Ветеран"]])
    upload_id, _error = await importing.FLOW.store_upload("list.xlsx", data, None)
    upload = importing.FLOW.load(upload_id)
    assert flow.save_mapping(upload, {"col_0": "full_name", "col_1": "position"}) == ""
    view = await importing.build_preview(importing.FLOW.load(upload_id))
    assert {row.row: row.default for row in view.duplicates} == {3: "row:2", 5: importing.CREATE}
    report = await importing.apply(importing.FLOW.load(upload_id), {})
    assert (report.imported, report.merged) == (3, 1)
    zhukov = (await services.search(services.RegistryFilter(q="жуков"))).rows
    assert [p.position for p in zhukov] == ["Глава района"]


async def test_a_failure_in_the_middle_writes_nothing(monkeypatch):
    upload_id, _error = await importing.FLOW.store_upload("list.xlsx", department_list(), None)
    upload = importing.FLOW.load(upload_id)
    flow.save_mapping(upload, {"col_1": "full_name", "col_4": "phone"})
    real = importing._person_values

    def failing(person, categories):
        if person.surname == "Орлов":  # the last row: the ones before it are already inserted
            raise RuntimeError("диск переполнен")
        return real(person, categories)

    monkeypatch.setattr(importing, "_person_values", failing)
    with pytest.raises(RuntimeError):
        await importing.apply(importing.FLOW.load(upload_id), {})
    assert await Person.count() == 0
    assert importing.FLOW.load(upload_id).report is None


async def test_bad_files_and_strangers_uploads(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await upload(client, token, b"\xd0\xcf\x11\xe0old excel", "old.xls")
    assert response.status_code == 422 and "старом формате Excel" in response.text
    response = await upload(client, token, "Просто текст\nбез таблицы\n".encode(), "notes.csv")
    assert response.status_code == 422 and "не найдена строка заголовков" in response.text
    assert (await client.get("/guests/import/../../etc/mapping")).status_code == 404
    assert (await client.get("/guests/import/" + "0" * 32 + "/preview")).status_code == 404


async def test_the_mapping_page_says_which_sheet_the_list_was_taken_from(client):
    book = Workbook()
    book.active.title = "Инструкция"
    book.active.append(["Заполните лист «Список»"])
    book.create_sheet("Список").append(["ФИО", "Должность"])
    book["Список"].append(["Иванов Иван Иванович", "директор"])
    out = io.BytesIO()
    book.save(out)
    token = await sign_in(client, Role.PROTOCOL)
    response = await upload(client, token, out.getvalue())
    page = await client.get(response.headers["location"])
    assert "Список взят с листа «Список»: на листе «Инструкция» таблицы нет." in page.text
