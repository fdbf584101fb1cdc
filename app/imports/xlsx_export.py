"""Any list as an XLSX workbook: the registry, a guest list, the rows an import rejected."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.i18n import gettext

MIN_WIDTH = 6
MAX_WIDTH = 60
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def sheet_title(title: str) -> str:
    """Excel allows 31 characters in a sheet name and none of \\ / * ? : [ ]."""
    return (_SHEET_TITLE_FORBIDDEN.sub(" ", title).strip(" '") or gettext("Лист"))[:31]


def _display_length(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def export_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet named after `title` (also the document's title): a bold header in row 1, frozen,
    with an auto filter; columns as wide as their longest value (within 6–60 characters).
    Strings are written as text, the header too (see `put`: no formula injection); numbers stay
    numbers; dates and date-times get the dd.mm.yyyy format."""
    return export_sheets(title, [(title, headers, rows)])


def export_sheets(title: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """Several sheets, each (name, headers, rows) laid out as export_xlsx lays out its one;
    `title` is the document's title."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    for name, headers, rows in sheets:
        fill_sheet(workbook.create_sheet(sheet_title(name)), headers, rows)
    if not sheets:
        workbook.create_sheet(sheet_title(title))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fill_sheet(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A bold frozen header with an auto filter, the rows, and columns as wide as their values."""
    widths = [_display_length(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        cell = put(sheet.cell(row=1, column=column), header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = put(sheet.cell(row=row_number, column=column), value)
            if isinstance(value, dt.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], _display_length(value))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"


# What a spreadsheet may take for the start of a formula (OWASP, CSV injection): such text is kept text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(cell: Cell, value: object) -> Cell:
    """Writes `value` into the cell: a string always as a string (openpyxl would make «=…» a formula
    and «#N/A» an error), and one that begins like a formula also marked with Excel's quote prefix,
    so that editing the cell in Excel does not turn it into one. Numbers, dates and None as they are."""
    cell.value = _safe(value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _safe(value: object) -> object:
    """Control characters that XLSX cannot hold are dropped from strings."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
