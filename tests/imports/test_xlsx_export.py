"""Any list as an XLSX workbook."""

import datetime as dt
import io

import openpyxl

from app.imports.xlsx_export import export_xlsx


def test_export_xlsx_has_a_bold_frozen_header_and_fitting_widths():
    data = export_xlsx("Реестр гостей: май/2027", ["Фамилия", "Телефон", "Примечание"],
                       [["Иванов", "+7 914 123-45-67", "=СУММ(A1:A2)"], ["Салтыков-Щедрин", "", "x" * 200]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Реестр гостей  май 2027"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["C2"].value == "=СУММ(A1:A2)" and sheet["C2"].data_type == "s"  # text, not a formula
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] == len("Салтыков-Щедрин") + 2 and widths[1] == len("+7 914 123-45-67") + 2
    assert widths[2] == 60


def test_text_that_starts_like_a_formula_stays_text_in_every_cell_and_numbers_stay_numbers():
    dangerous = ["=HYPERLINK(\"http://x\",\"y\")", "+7 914 000-00-00", "-2+3", "@SUM(A1)", "=1+1", "#N/A",
                 "\tindent", "=cmd|' /C calc'!A0"]
    data = export_xlsx("Список", [*dangerous, "Число", "Дата"],
                       [[*dangerous, 42, dt.date(2027, 5, 9)], [*reversed(dangerous), -3.5, None]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=1, max_row=3))
    for row in rows:
        for cell in row[:len(dangerous)]:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            assert cell.value in dangerous
            assert cell.quotePrefix == (cell.value[0] in "=+-@\t")
    assert [c.value for c in rows[0][:len(dangerous)]] == dangerous  # the header as typed
    assert (rows[1][-2].value, rows[1][-2].data_type) == (42, "n") and rows[2][-2].value == -3.5
    assert rows[1][-1].value == dt.datetime(2027, 5, 9) and rows[1][-1].data_type == "d"


def test_the_rejected_rows_keep_an_uploaded_formula_header_as_text():
    from app.guests.importing import GUESTS, parse_rows
    from app.imports.sheets import read_table, rejected_rows_xlsx

    csv = "Фамилия;=1+2;Телефон\n;x;1\n=HYPERLINK(\"e\");y;2\n".encode()
    sheet = read_table("list.csv", csv, GUESTS)
    preview = parse_rows(sheet, {0: "surname", 2: "phone"})
    book = openpyxl.load_workbook(io.BytesIO(rejected_rows_xlsx(sheet, preview))).active
    cells = [cell for row in book.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(cell.value == "=1+2" for cell in cells)
    assert all(cell.data_type == "s" for cell in cells)
