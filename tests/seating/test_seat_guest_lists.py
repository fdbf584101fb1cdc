"""`ceremonia seat` reads a guest list as the registry import does: the name from its parts, needs from
free text, groups, rank; likely duplicates are reported with both rows in the JSON `warnings`."""

import io
import json

from openpyxl import Workbook

from app.seating.guest_file import read_guests
from app.seating.halls.files import to_json
from tests.messy_lists import FIRST_DATA_ROW, NEEDS_FLAGS, messy_list
from tests.seating.test_seat_command import run, theatre


def test_a_messy_list_reads_as_the_registry_reads_it():
    messy = messy_list(80, seed=4)
    guests = read_guests(messy.filename, messy.data)
    by_line = {g.line: g for g in guests.guests}
    governor = by_line[FIRST_DATA_ROW]
    assert governor.name == "Губернаторов Михаил Викторович" and governor.rank == 1  # not the surname alone
    for line, text in messy.needs.items():
        if line in by_line:
            wheelchair, no_stairs, aisle, _escort = NEEDS_FLAGS[text]
            guest = by_line[line]
            assert (guest.wheelchair, guest.no_stairs, guest.aisle) == (wheelchair, no_stairs, aisle), text
    for label, members in messy.groups.items():
        assert {by_line[m].group for m in members} == {label}
    # the broken rows are faults named by row and column, the rest are guests
    assert sorted(f.line for f in guests.faults) == messy.broken
    repeats = {tuple(n.rows) for n in guests.notices if "не один ли это гость" in n.text}
    assert repeats == set(messy.duplicates)


def test_the_seat_command_warns_of_duplicates_with_both_rows(tmp_path):
    text = ("Список гостей\n"
            "Фамилия;Имя;Отчество;Старшинство;Особые потребности\n"
            "Семёнов;Алексей;Игоревич;1;кресло-коляска\n"
            "Петрова;Анна;Сергеевна;2;у прохода\n"
            "СЕМЕНОВ;  алексей ;Игоревич;3;\n")
    spec = theatre()  # wheelchair places in its last row
    result, out = run(tmp_path, to_json(spec), text, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [warning] = report["warnings"]
    assert warning["rows"] == [3, 5] and "совпадают ФИО со строкой 3" in warning["text"]
    plan = out.read_text(encoding="utf-8-sig")
    assert "Семёнов Алексей Игоревич" in plan and "Семенов Алексей Игоревич" in plan  # seated, not silently
    result, _out = run(tmp_path, to_json(spec), text)
    assert "Строка 5: совпадают ФИО со строкой 3 файла — не один ли это гость?" in result.stderr


def test_a_numbered_row_with_nothing_else_is_blank_as_in_the_registry():
    # lists are often numbered ahead: «9» in the «№» column and nothing else is no guest and no fault
    text = ("№;ФИО;Старшинство\n"
            "1;Семёнов Алексей Игоревич;1\n"
            "2;;\n"
            "3;Петрова Анна Сергеевна;2\n")
    guests = read_guests("list.csv", text.encode())
    assert [g.name for g in guests.guests] == ["Семёнов Алексей Игоревич", "Петрова Анна Сергеевна"]
    assert guests.faults == ()
    named = read_guests("list.csv", "id;ФИО\n1;Семёнов Алексей Игоревич\n2;\n".encode())  # a guest's number
    assert [f.line for f in named.faults] == [3]  # in a column named «id»: a guest whose name is missing


def test_columns_the_command_does_not_read_are_named(tmp_path):
    # needs under a header of the department's own («Примечание») are not read: the user must be told, or a
    # wheelchair user is seated on any seat without a word
    text = ("№;ФИО;Примечание;Телефон\n"
            "1;Семёнов Алексей Игоревич;на коляске;+7 914 000-00-00\n")
    guests = read_guests("list.csv", text.encode())
    assert [n.text for n in guests.notices] == ["Не загружаются столбцы: «Примечание», «Телефон»."]
    result, _out = run(tmp_path, to_json(theatre()), text, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == [{"rows": [], "text": "Не загружаются столбцы: «Примечание», "
                                                                         "«Телефон»."}]


def test_an_official_form_read_as_the_registry_reads_it_and_the_sheet_named():
    """An instruction on the first sheet, the list on the second under a header in two rows («Ф.И.О.» merged over
    its parts), a surname typed with Latin look-alikes and a rank before a name."""
    book = Workbook()
    book.active.title = "Инструкция"
    book.active.append(["Заполните лист «Список»"])
    sheet = book.create_sheet("Список")
    for row in (["№ п/п", "Ф.И.О.", None, None, "Ранг"], [None, "Фамилия", "Имя", "Отчество", None],
                [1, "Ивaнoв", "Иван", "Петрович", 2], [2, "Генерал-майор Петров Пётр Петрович", None, None, 1]):
        sheet.append(row)
    sheet.merge_cells("B2:D2")
    out = io.BytesIO()
    book.save(out)
    guests = read_guests("форма.xlsx", out.getvalue())
    assert [(g.name, g.rank) for g in guests.guests] == [("Иванов Иван Петрович", 2), ("Петров Пётр Петрович", 1)]
    assert [n.text for n in guests.notices] == [
        "Список взят с листа «Список»: на листе «Инструкция» таблицы нет.",
        "Строка 3: Латинские буквы, похожие на русские, заменены на русские: «Иванов», буквы 3, 5.",
        "Строка 4: Из ФИО «Генерал-майор Петров Пётр Петрович» в примечание перенесено: «генерал-майор»."]
