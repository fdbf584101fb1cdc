"""The toolkit on its own: a vocabulary of the caller's, no guest in sight."""

import pytest

from app.core.i18n import N_
from app.imports.sheets import CellReader, RowResult, TableError, Vocabulary, guess_mapping, parse_table, read_table

BOOKS = Vocabulary("books", {"title": N_("Название"), "copies": N_("Экземпляров")},
                   [("title", ("назван", "title")), ("copies", ("экземпл", "copies"))],
                   required=((frozenset({"title"}), "", N_("Укажите, в каком столбце фамилия (или ФИО целиком).")),),
                   examples=N_("«ФИО», «Подразделение», «Телефон»"))


def read(number: int, cells: list[str], reader: CellReader) -> RowResult[dict]:
    errors: list[str] = []
    copies = reader.value(cells, "copies", [])
    if not copies.isdigit():
        errors.append("copies")
    return RowResult(number, cells, {"title": reader.value(cells, "title", [])}, errors)


def test_a_csv_in_windows_1251_with_a_title_read_by_the_callers_vocabulary():
    data = "Книги библиотеки;\r\n;\r\n№;Название;Экземпляров;Автор\r\n1;Война и мир;3;Толстой\r\n2;Идиот;много;\r\n"
    sheet = read_table("книги.csv", data.encode("cp1251"), BOOKS)
    assert (sheet.encoding, sheet.delimiter, sheet.header_row) == ("cp1251", ";", 3)
    mapping = guess_mapping(sheet.header, BOOKS)
    assert mapping == {1: "title", 2: "copies"}
    reader = CellReader(sheet.header, mapping, BOOKS)
    preview = parse_table(sheet, mapping, lambda number, cells: read(number, cells, reader))
    assert [(r.row, r.outcome) for r in preview.rows] == [(4, "ok"), (5, "rejected")]
    assert preview.warnings == ["Не загружаются столбцы: «Автор»."]


def test_a_file_without_the_vocabularys_headers_names_the_expected_ones():
    with pytest.raises(TableError, match="«ФИО», «Подразделение», «Телефон»"):
        read_table("книги.csv", "Фамилия;Телефон\r\nИванов;1\r\n".encode(), BOOKS)
