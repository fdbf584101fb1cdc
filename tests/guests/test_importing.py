"""Import of the guest registry from the files departments really keep: every row accounted for.

The files are built here with openpyxl and csv; nothing binary is committed.
"""

import csv
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.guests.importing import GUESTS, ExistingPerson, find_duplicates, parse_rows
from app.guests.kinds import Gender, PersonStatus
from app.imports import sheets
from app.imports.sheets import Sheet, TableError, rejected_rows_xlsx
from app.imports.xlsx_export import export_xlsx

TITLE = ["Список приглашённых на торжественное собрание, посвящённое Дню Победы"]
# Columns in an odd order, the full name in one column, a row-number column, one column not imported.
HEADER = ["№", "Тел.", "Ф.И.О.", "Место работы", "Должность", "Пол", "Категория", "Эл. почта", "Дата рождения",
          "Особые потребности", "Ранг", "Статус"]
ROWS = [
    [1, "8 (4212) 30-45-67", "ИВАНОВ  иван петрович", "Совет ветеранов", "председатель", "м",
     "Ветераны ВОВ", "ivanov@mail.ru", "01.01.1925", "коляска, сопровождающий", 3, ""],
    [2, "+7 914 123 45 67", " семёнова   Анна Сергеевна ", "Городская Дума", "депутат", "",
     "депутаты", "", "", "", "", "действует"],
    [None],  # a blank line among the data
    [4, "звонить секретарю", "Петров Пётр Петрович", "", "", "", "", "", "", "", "", ""],
    [5, 89141234567, "Семенов И. П.", "", "", "", "Депутаты", "", "", "", "", ""],
    [6, "", "Сидорова Мария Ивановна", "", "", "", "", "bad@", "", "", "", "в отпуске"],
    [7, "4212 304567", "иванов Иван Петрович", "", "", "", "", "IVANOV@mail.ru", "", "", "", ""],
]
CATEGORIES = ["Ветераны Великой Отечественной войны", "Депутаты", "Пресса"]


def xlsx_bytes(rows, title="Гости"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8", delimiter=";"):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows([["" if c is None else c for c in row] for row in rows])
    return out.getvalue().encode(encoding)


def read_table(filename, data, **options):
    """A file read as the guests' import reads it."""
    return sheets.read_table(filename, data, GUESTS, **options)


def guess_mapping(header):
    return sheets.guess_mapping(header, GUESTS)


def guess_field(header_text):
    return sheets.guess_field(header_text, GUESTS)


def departments_file():
    return [TITLE, [], [], HEADER, *ROWS]  # header on row 4, data on rows 5–11


def by_row(preview):
    return {result.row: result for result in preview.rows}


def test_title_and_blank_lines_above_the_header_are_skipped():
    sheet = read_table("гости.xlsx", xlsx_bytes(departments_file()))
    assert sheet.header_row == 4
    assert sheet.header == HEADER
    assert sheet.name == "Гости" and sheet.sheet_names == ["Гости"]


def test_columns_named_in_russian_and_english_in_any_order():
    assert guess_mapping(HEADER) == {1: "phone", 2: "full_name", 3: "organisation", 4: "position", 5: "gender",
                                     6: "category", 7: "email", 9: "needs", 10: "precedence", 11: "status"}
    assert guess_mapping(["Статус", "Имя", "Отчество", "Фамилия", "E-mail", "Почтовый адрес", "Организация",
                          "Телефон мобильный", "Телефон рабочий", "Язык", "Примечание", "Приоритет"]) == {
        0: "status", 1: "name", 2: "patronymic", 3: "surname", 4: "email", 5: "address", 6: "organisation",
        7: "phone", 8: "phone", 9: "language", 10: "notes", 11: "precedence"}
    assert guess_mapping(["Last name", "First name", "Middle name", "Phone", "Email", "Organization", "Position",
                          "Sex", "Notes"]) == {0: "surname", 1: "name", 2: "patronymic", 3: "phone", 4: "email",
                                               5: "organisation", 6: "position", 7: "gender", 8: "notes"}
    assert guess_mapping(["Name", "Company", "E-mail"]) == {0: "full_name", 1: "organisation", 2: "email"}


@pytest.mark.parametrize(("header", "field"), [
    ("ФИО", "full_name"), ("Ф.И.О.", "full_name"), ("Фамилия, имя, отчество", "full_name"),
    ("Фамилия", "surname"), ("Имя", "name"), ("Отчество", "patronymic"), ("Тел.", "phone"),
    ("Контактный телефон", "phone"), ("Эл. почта", "email"), ("Адрес эл. почты", "email"),
    ("Адрес", "address"), ("Почтовый адрес", "address"), ("Место работы", "organisation"),
    ("Особые потребности", "needs"), ("Пол", "gender"), ("Ранг", "precedence"), ("Примечание", "notes"),
    ("Телефон сопровождающего", "phone"), ("Нужен сопровождающий", "needs_escort"), ("Коляска", "wheelchair"),
    ("Дата рождения", None), ("№ п/п", None), ("Причина", None), ("Полное имя", "full_name"),
    ("Фам.", "surname"), ("Отч.", "patronymic"), ("Нужды", "needs"), ("Отчёт", None), ("Фамилия Имя", "full_name"),
    ("Кат.", "category"), ("Катер", None),
])
def test_header_variants(header, field):
    assert guess_field(header) == field


def test_every_row_is_reported_with_the_files_row_number():
    sheet = read_table("гости.xlsx", xlsx_bytes(departments_file()))
    preview = parse_rows(sheet, guess_mapping(sheet.header), categories=CATEGORIES)
    rows = by_row(preview)
    assert sorted(rows) == list(range(5, 12))
    assert preview.counts() == {"ok": 4, "rejected": 2, "blank": 1}

    ivanov = rows[5].person
    assert (ivanov.surname, ivanov.name, ivanov.patronymic) == ("Иванов", "Иван", "Петрович")
    assert ivanov.phone == "+7 421 230-45-67" and ivanov.email == "ivanov@mail.ru"
    assert ivanov.gender == Gender.MALE and ivanov.precedence == 3
    assert ivanov.category == "Ветераны Великой Отечественной войны"
    assert ivanov.wheelchair and ivanov.no_stairs and ivanov.needs_escort
    assert (ivanov.organisation, ivanov.position) == ("Совет ветеранов", "председатель")

    semenova = rows[6].person
    assert semenova.full_name == "Семёнова Анна Сергеевна"  # ё kept as typed
    assert semenova.gender == Gender.FEMALE and semenova.category == "Депутаты"
    assert semenova.status == PersonStatus.ACTIVE

    assert rows[7].outcome == "blank"
    assert rows[8].outcome == "rejected"
    assert rows[8].errors == ["Телефон «звонить секретарю» не распознан: нужен номер из 10 цифр с кодом города "
                              "или оператора, например +7 914 123-45-67 или 8 (4212) 30-45-67."]
    assert rows[9].person.phone == "+7 914 123-45-67" and rows[9].person.name == "И."
    assert any("инициалы" in warning for warning in rows[9].warnings)
    assert rows[10].outcome == "rejected" and len(rows[10].errors) == 2
    assert "Адрес эл. почты «bad@» неверен" in rows[10].errors[0]
    assert "Статус «в отпуске» не распознан" in rows[10].errors[1]
    assert preview.warnings == ["Не загружаются столбцы: «Дата рождения»."]


def test_a_row_without_a_surname_is_rejected_with_the_reason():
    sheet = read_table("g.csv", csv_bytes([["Фамилия", "Имя", "Телефон"], ["", "Иван", "89141234567"],
                                           ["Иванов", "Иван", ""]]))
    preview = parse_rows(sheet, guess_mapping(sheet.header))
    assert [(r.row, r.outcome, r.errors) for r in preview.rows] == [
        (2, "rejected", ["Не указана фамилия."]), (3, "ok", [])]


def test_three_name_columns_with_stray_spaces_and_capitals():
    rows = [["Фамилия", "Имя", "Отчество", "Пол"], ["  САЛТЫКОВ -щедрин ", "михаил", "ЕВГРАФОВИЧ", ""],
            ["Мамедов", "Рашид", "Ильхам ОГЛЫ", ""], ["Кузнецова Ольга Ильинична", "", "", "ж"]]
    preview = parse_rows(sheet := read_table("g.xlsx", xlsx_bytes(rows)), guess_mapping(sheet.header))
    people = [r.person for r in preview.rows]
    assert [p.full_name for p in people] == ["Салтыков-Щедрин Михаил Евграфович", "Мамедов Рашид Ильхам оглы",
                                             "Кузнецова Ольга Ильинична"]
    assert [p.gender for p in people] == [Gender.MALE, Gender.MALE, Gender.FEMALE]
    assert preview.rows[2].warnings == ["В столбце фамилии записано ФИО целиком: разделено на части."]


def test_latin_look_alikes_in_a_russian_name_are_made_cyrillic_with_a_warning_and_found_as_duplicates():
    """«Ивaнoв» with a Latin «a» and «o» (two keyboard layouts) read as «Иванов»: it then meets the registry's
    Иванов as the same man; the row says what was replaced."""
    rows = [["Фамилия", "Имя", "Отчество", "Телефон"], ["Ивaнoв", "Иван", "Петрoвич", "8 (4212) 30-45-67"],
            ["Smith", "John", "", ""]]
    preview = parse_rows(sheet := read_table("g.xlsx", xlsx_bytes(rows)), guess_mapping(sheet.header))
    people = [r.person for r in preview.rows]
    assert [p.full_name for p in people] == ["Иванов Иван Петрович", "Smith John"]
    assert preview.rows[0].warnings == [
        "Латинские буквы, похожие на русские, заменены на русские: «Иванов», буквы 3, 5; «Петрович», буквы 5."]
    assert preview.rows[1].warnings == []
    existing = [ExistingPerson(101, "Иванов", "Иван", "Петрович", phone="8 (4212) 30-45-67")]
    assert [(d.row, d.existing_id, d.certain) for d in find_duplicates(preview, existing)] == [(2, 101, True)]


def test_a_header_in_two_rows_with_the_full_name_merged_above_its_parts():
    """The official form: «Ф.И.О.» merged over «Фамилия | Имя | Отчество», «№ п/п» and «Должность» merged down.
    Read as one row, «Фамилия» was a guest and every name and patronymic was dropped."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["Список приглашённых"], ["№ п/п", "Ф.И.О.", None, None, "Должность"],
                [None, "Фамилия", "Имя", "Отчество", None], [1, "Иванов", "Иван", "Иванович", "директор"],
                ["Семья", None, None, None, None], [2, "Петрова", "Анна", "Павловна", "депутат"]):
        sheet.append(row)
    for cells in ("B2:D2", "A2:A3", "E2:E3"):
        sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    table = read_table("форма.xlsx", out.getvalue())
    assert table.header_row == 3 and table.header == ["№ п/п", "Фамилия", "Имя", "Отчество", "Должность"]
    preview = parse_rows(table, guess_mapping(table.header))
    assert [(r.row, r.person.full_name if r.person else None) for r in preview.accepted] == [
        (4, "Иванов Иван Иванович"), (6, "Петрова Анна Павловна")]
    assert [r.row for r in preview.blank] == [5]  # a section title in the «№» column: counted, not a guest


def test_a_full_name_header_merged_over_three_columns_reads_all_three():
    """«Ф.И.О.» merged over B:D, no second header row: the name and patronymic were «столбец C», «столбец D»,
    not imported, and the registry got surnames alone."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["№", "Ф.И.О.", None, None, "Должность"], [1, "Иванов", "Иван", "Иванович", "директор"],
                [2, "Петрова", "Анна", "", "депутат"]):
        sheet.append(row)
    sheet.merge_cells("B1:D1")
    out = io.BytesIO()
    workbook.save(out)
    table = read_table("форма.xlsx", out.getvalue())
    mapping = guess_mapping(table.header)
    assert mapping == {1: "full_name", 2: "full_name", 3: "full_name", 4: "position"}
    preview = parse_rows(table, mapping)
    assert [r.person.full_name for r in preview.accepted] == ["Иванов Иван Иванович", "Петрова Анна"]
    assert preview.warnings == [] and all(not r.warnings for r in preview.rows)


def test_a_full_name_cell_with_more_than_the_name_keeps_it_in_the_notes_and_two_people_are_refused():
    rows = [["ФИО", "Примечание"], ["Генерал-майор Иванов Иван Иванович (с супругой)", "VIP"],
            ["Иванов И.И., Петров П.П.", ""]]
    preview = parse_rows(sheet := read_table("g.xlsx", xlsx_bytes(rows)), guess_mapping(sheet.header))
    kept, refused = preview.rows
    assert kept.person.full_name == "Иванов Иван Иванович"
    assert kept.person.notes == "VIP; генерал-майор; с супругой"
    assert kept.warnings == ["Из ФИО «Генерал-майор Иванов Иван Иванович (с супругой)» в примечание перенесено: "
                             "«генерал-майор; с супругой»."]
    assert refused.outcome == "rejected" and refused.errors == [
        "В ячейке ФИО, похоже, несколько человек: «Иванов И.И., Петров П.П.». Запишите каждого в свою строку."]


def test_a_list_on_a_later_sheet_after_an_instruction_is_found_and_the_preview_says_where():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Инструкция"
    workbook.active.append(["Заполните список на листе «Гости» до 1 мая"])
    workbook.create_sheet("Пусто")
    workbook.create_sheet("Гости").append(["ФИО", "Должность"])
    workbook["Гости"].append(["Иванов Иван Иванович", "директор"])
    out = io.BytesIO()
    workbook.save(out)
    table = read_table("список.xlsx", out.getvalue())
    assert table.name == "Гости"
    preview = parse_rows(table, guess_mapping(table.header))
    assert [r.person.full_name for r in preview.accepted] == ["Иванов Иван Иванович"]
    assert preview.warnings == ["Список взят с листа «Гости»: на листе «Инструкция» таблицы нет."]


def test_a_first_data_row_of_one_field_like_word_stays_data():
    rows = [["Фамилия", "Имя", "Категория"], ["", "", "Семья"], ["Иванов", "Иван", "Депутаты"]]
    table = read_table("g.xlsx", xlsx_bytes(rows))
    assert table.header_row == 1


def test_a_gender_that_contradicts_the_patronymic_is_kept_with_a_warning():
    rows = [["ФИО", "Пол"], ["Иванова Мария Петровна", "м"]]
    preview = parse_rows(sheet := read_table("g.csv", csv_bytes(rows)), guess_mapping(sheet.header))
    assert preview.rows[0].person.gender == Gender.MALE
    assert preview.rows[0].warnings == ["Пол «м» не сходится с отчеством «Петровна»."]


def test_needs_in_separate_columns_and_the_escorts_name():
    rows = [["Фамилия", "Коляска", "Без лестниц", "Сопровождающий", "Примечание"],
            ["Иванов", "да", "", "Иванова Мария (дочь)", "ветеран"],
            ["Петров", "нет", "+", "-", ""],
            ["Сидоров", "может быть", "", "", ""]]
    preview = parse_rows(sheet := read_table("g.xlsx", xlsx_bytes(rows)), guess_mapping(sheet.header))
    ivanov, petrov, sidorov = (r.person for r in preview.rows)
    assert (ivanov.wheelchair, ivanov.no_stairs, ivanov.needs_escort) == (True, True, True)
    assert ivanov.notes == "ветеран; Сопровождающий: Иванова Мария (дочь)"
    assert (petrov.wheelchair, petrov.no_stairs, petrov.needs_escort) == (False, True, False)
    assert preview.rows[2].errors == ["Столбец «Коляска»: «может быть» — нужно «да» или «нет»."]


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8-sig", ";"), ("utf-8", ";"), ("cp1251", ";"), ("cp1251", ","), ("utf-8-sig", ","), ("utf-8", "\t"),
    ("utf-16", "\t"),
])
def test_csv_in_the_encodings_and_separators_departments_use(encoding, delimiter):
    data = csv_bytes(departments_file(), encoding, delimiter)
    sheet = read_table("гости.csv", data)
    assert (sheet.encoding, sheet.delimiter) == (encoding, delimiter)
    assert sheet.header_row == 4 and sheet.header == HEADER
    preview = parse_rows(sheet, guess_mapping(sheet.header), categories=CATEGORIES)
    assert preview.counts() == {"ok": 4, "rejected": 2, "blank": 1}
    assert by_row(preview)[6].person.full_name == "Семёнова Анна Сергеевна"


def test_commas_inside_addresses_do_not_fool_the_separator_sniffer():
    rows = [["ФИО", "Адрес", "Телефон"], ["Иванов Иван", "г. Хабаровск, ул. Ленина, д. 1, кв. 2", "89141234567"],
            ["Петров Пётр", "г. Хабаровск, ул. Мира, 5", ""]]
    sheet = read_table("g.csv", csv_bytes(rows, "cp1251", ";"))
    assert sheet.delimiter == ";"
    assert parse_rows(sheet, guess_mapping(sheet.header)).rows[0].person.address == (
        "г. Хабаровск, ул. Ленина, д. 1, кв. 2")


def test_excels_sep_line_is_honoured_and_not_counted():
    data = b"sep=,\r\n" + csv_bytes([["Фамилия", "Имя"], ["Иванов", "Иван"]], delimiter=",")
    sheet = read_table("g.csv", data)
    assert sheet.delimiter == "," and sheet.header_row == 1 and sheet.rows[1] == ["Иванов", "Иван"]


def test_the_caller_picks_the_sheet_and_may_correct_the_mapping():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Справка"
    workbook.active.append(["Просто текст"])
    second = workbook.create_sheet("Ветераны")
    second.append(["Гость", "Кем приходится"])
    second.append(["Иванов Иван Иванович", "ветеран"])
    out = io.BytesIO()
    workbook.save(out)
    assert read_table("g.xlsx", out.getvalue()).name == "Ветераны"  # the first sheet with a table
    sheet = read_table("g.xlsx", out.getvalue(), sheet="Ветераны")
    assert sheet.sheet_names == ["Справка", "Ветераны"]
    assert guess_mapping(sheet.header) == {0: "full_name"}
    preview = parse_rows(sheet, {0: "full_name", 1: "notes"})
    assert preview.rows[0].person.notes == "ветеран" and preview.unmapped == []
    with pytest.raises(TableError, match="нет листа «Гости»"):
        read_table("g.xlsx", out.getvalue(), sheet="Гости")


def test_a_mapping_without_a_surname_is_refused():
    sheet = read_table("g.csv", csv_bytes([["Фамилия", "Телефон"], ["Иванов", ""]]))
    with pytest.raises(TableError, match="в каком столбце фамилия"):
        parse_rows(sheet, {1: "phone"})


def test_an_old_xls_or_a_broken_file_is_a_clear_error():
    with pytest.raises(TableError, match=r"старом формате Excel \(\.xls\)"):
        read_table("g.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(TableError, match="не читается как таблица Excel"):
        read_table("g.xlsx", b"PK\x03\x04 broken")


def test_duplicates_inside_the_file_and_against_the_registry():
    sheet = read_table("гости.xlsx", xlsx_bytes(departments_file()))
    preview = parse_rows(sheet, guess_mapping(sheet.header))
    existing = [
        ExistingPerson(101, "Иванов", "Иван", "Петрович", phone="8 (4212) 30-45-67"),
        (102, "Семёнов", "Игорь", "Павлович", "", ""),  # a plain tuple will do; ё/е do not matter
        (103, "Семенова", "Анна", "Сергеевна", "+7 914 000-00-00", ""),
        (104, "Кузнецов", "Пётр", "", "", "ivanov@mail.ru"),
        (105, "Смирнов", "Олег", "", "", ""),
    ]
    found = {(d.row, d.existing_id, d.other_row): (d.reason, d.certain) for d in find_duplicates(preview, existing)}
    assert found == {
        (5, 101, None): ("совпадают ФИО и телефон", True),
        (5, 104, None): ("совпадает эл. почта, ФИО другое", False),
        (6, 103, None): ("совпадают ФИО, но телефоны разные", False),
        (9, 102, None): ("совпадают фамилия и инициалы", False),
        (11, 101, None): ("совпадают ФИО и телефон", True),
        (11, 104, None): ("совпадает эл. почта, ФИО другое", False),
        (11, None, 5): ("совпадают ФИО и телефон со строкой 5 файла", True),
    }


def test_rejected_rows_come_back_as_a_file_that_re_imports_once_fixed():
    sheet = read_table("гости.xlsx", xlsx_bytes(departments_file()))
    preview = parse_rows(sheet, guess_mapping(sheet.header))
    fix_me = read_table("отклонённые.xlsx", rejected_rows_xlsx(sheet, preview))
    assert fix_me.header == [*HEADER, "Причина"]
    assert [row[2] for row in fix_me.rows[1:]] == ["Петров Пётр Петрович", "Сидорова Мария Ивановна"]
    assert fix_me.rows[1][-1].startswith("Телефон «звонить секретарю» не распознан")

    # Unchanged, the same rows are rejected for the same reasons, now on rows 2 and 3.
    again = parse_rows(fix_me, guess_mapping(fix_me.header))
    assert [(r.row, r.errors) for r in again.rows] == [(2, preview.rows[3].errors), (3, preview.rows[5].errors)]
    assert again.warnings == ["Не загружаются столбцы: «Дата рождения», «Причина»."]

    # Fixed by the user, they import; a second rejected file keeps a single «Причина» column.
    fixed = [list(row) for row in fix_me.rows]
    fixed[1][1] = "8 914 555 66 77"
    fixed[2][7] = "sidorova@mail.ru"
    fixed_sheet = read_table("исправленные.xlsx", xlsx_bytes(fixed))
    result = parse_rows(fixed_sheet, guess_mapping(fixed_sheet.header))
    assert result.counts() == {"ok": 1, "rejected": 1, "blank": 0}
    assert result.rows[0].person.phone == "+7 914 555-66-77"
    second = read_table("ещё.xlsx", rejected_rows_xlsx(fixed_sheet, result))
    assert second.header == [*HEADER, "Причина"]
    assert second.rows[1][-1] == "Статус «в отпуске» не распознан: допустимо «действует», «умер» или «выбыл»."


def test_an_exported_registry_imports_back():
    people = [["Иванов", "Иван", "Петрович", "+7 914 123-45-67", "Депутаты"],
              ["Семёнова", "Анна", "", "", "Пресса"]]
    data = export_xlsx("Реестр", ["Фамилия", "Имя", "Отчество", "Телефон", "Категория"], people)
    sheet = read_table("реестр.xlsx", data)
    preview = parse_rows(sheet, guess_mapping(sheet.header))
    assert [[p.surname, p.name, p.patronymic, p.phone, p.category] for p in (r.person for r in preview.rows)] == people


# ---------------------------------------------------------------- every row is accounted for

_cell = st.one_of(
    st.just(""), st.just("  "), st.sampled_from(["Иванов Иван Петрович", "ПЕТРОВА мария", "Сёмин И. П.", "-"]),
    st.sampled_from(["8 (4212) 30-45-67", "+7 914 123 45 67", "abc", "ivanov@mail.ru", "bad@", "умер", "да"]),
    st.text(alphabet="абвгдеёжАБВ ;,\"'\t\n0123456789@.+-()", max_size=12),
    st.integers(min_value=0, max_value=10**11),
)
_row = st.lists(_cell, min_size=0, max_size=7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title_lines=st.integers(min_value=0, max_value=3), body=st.lists(_row, max_size=25),
       as_csv=st.booleans(), delimiter=st.sampled_from([";", ",", "\t"]))
def test_ok_rejected_and_blank_add_up_to_the_rows_below_the_header(title_lines, body, as_csv, delimiter):
    header = ["Ф.И.О.", "Телефон", "Эл. почта", "Статус", "Пол", "Примечание", "Ранг"]
    rows = [TITLE if i == 0 else [] for i in range(title_lines)] + [header] + body
    data = csv_bytes(rows, "utf-8-sig", delimiter) if as_csv else xlsx_bytes(rows)
    sheet = read_table("g.csv" if as_csv else "g.xlsx", data)
    assert sheet.header_row == title_lines + 1
    preview = parse_rows(sheet, guess_mapping(sheet.header))
    counts = preview.counts()
    # Trailing blank lines are not rows of the table; blank lines between rows are.
    filled = [i for i, row in enumerate(body) if any(str(c).strip() for c in row)]
    expected = filled[-1] + 1 if filled else 0
    assert counts["ok"] + counts["rejected"] + counts["blank"] == expected == len(preview.rows)
    assert [r.row for r in preview.rows] == list(range(title_lines + 2, title_lines + 2 + expected))
    assert all(r.errors for r in preview.rejected) and not any(r.errors for r in preview.accepted)


def test_a_sheet_built_in_memory_is_parsed_too():
    sheet = Sheet([["Фамилия", "Телефон"], ["", ""], ["Иванов", "30-45-67"]], header_index=0)
    preview = parse_rows(sheet, {0: "surname", 1: "phone"}, area_code="4212")
    assert [r.outcome for r in preview.rows] == ["blank", "ok"]
    assert preview.rows[1].person.phone == "+7 421 230-45-67"
