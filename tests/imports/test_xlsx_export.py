"""Any list as an XLSX workbook."""

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
