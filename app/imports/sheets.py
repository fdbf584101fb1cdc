"""Reading a spreadsheet a department keeps and judging its rows, without a database: find the
header, guess which column is which by the caller's `Vocabulary`, read every row and say what
happened to it.

    sheet = read_table(filename, data, vocabulary)  # raises TableError with a message to show
    mapping = guess_mapping(sheet.header, vocabulary)  # {column index: field}; the user may correct it
    preview = parse_table(sheet, mapping, read)    # one RowResult per row below the header
    fix_me = rejected_rows_xlsx(sheet, preview)    # rejected rows + «Причина», re-importable

Row numbers are those of the file as Excel shows them (1-based, title and blank lines counted).
There is no default vocabulary: each import names its fields and the header words for them (the
guests' in app.guests.importing, the duty staff's in app.duty.staff_import, the seat command's in
app.seating.guest_file) and reads a row with its own `CellReader`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from app.core.formatting import fmt_number
from app.core.i18n import N_, gettext
from app.core.text import cyrillic_lookalikes, malformed_surname, search_key
from app.imports.encoding import UndecodableText, decode_text
from app.imports.normalize import clean_text, normalize_name, split_full_name
from app.imports.xlsx_export import export_xlsx

MAX_ROWS = 100_000
MAX_CELL = 10_000  # characters in one cell: longer is not a name, a phone or a note but a broken file
HEADER_SEARCH_ROWS = 50
REASON_HEADER = N_("Причина")


@dataclass(frozen=True)
class Vocabulary:
    """The fields the columns of one kind of import may be mapped to, and how headers name them."""

    kind: str  # keeps the uploads of one import out of another's steps
    labels: Mapping[str, str]  # field -> label (N_) for the mapping selects, in their order
    rules: Sequence[tuple[str, tuple[str, ...]]]  # (field, header word prefixes); the first that fits wins
    multi: Mapping[str, str] = field(default_factory=dict)  # fields several columns may fill -> joiner
    # (fields, option, message): one of the fields must have a column, or the option (a value for the
    # whole file typed on the mapping step) must be filled in
    required: Sequence[tuple[frozenset[str], str, str]] = ()
    options: Mapping[str, str] = field(default_factory=dict)  # option -> label (N_)
    examples: str = ""  # headers to name when none is found (N_)


_NUMBER_HEADERS = {"", "n", "no", "nn", "п п", "номер", "номер п п", "number", "num"}


class TableError(ValueError):
    """The file as a whole cannot be used; str(error) is the message to show."""


# ---------------------------------------------------------------- reading the file


@dataclass
class Sheet:
    """Every row of one sheet as text. rows[0] is row 1 of the file; trailing blank rows are
    dropped, every row is padded to the same width."""

    rows: list[list[str]]
    header_index: int  # rows[header_index] is the header
    name: str = ""  # the worksheet's name; "" for a CSV file
    sheet_names: list[str] = field(default_factory=list)  # every sheet of the workbook, for a picker
    encoding: str = ""  # CSV: "utf-8-sig", "utf-8", "utf-16", "cp1251", "cp866" or "koi8-r"
    delimiter: str = ""  # CSV: ";", "," or "\t"
    notice: str = ""  # how the file was read, when the reader chose for the user (another sheet than the first)

    @property
    def header(self) -> list[str]:
        return self.rows[self.header_index]

    @property
    def header_row(self) -> int:
        """The header's row number in the file (1-based)."""
        return self.header_index + 1

    def data(self) -> list[tuple[int, list[str]]]:
        """(file row number, cells) of every row below the header."""
        return [(index + 1, cells) for index, cells in enumerate(self.rows) if index > self.header_index]


def cell_text(value: object) -> str:
    """A cell as the user sees it: numbers without «.0», dates as dd.mm.yyyy, booleans as да/нет."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("да") if value else gettext("нет")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M" if (value.hour, value.minute) != (0, 0) else "%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def read_table(filename: str, data: bytes, vocabulary: Vocabulary, sheet: str | int | None = None,
               header_row: int | None = None) -> Sheet:
    """An XLSX workbook (its first sheet, or `sheet` by name or 0-based index) or a CSV file
    (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1251, cp866 or KOI8-R, see
    app.imports.encoding; «;», «,» or tab, sniffed). The header is found by `find_header_row`
    among the headers `vocabulary` knows unless `header_row` (1-based) is given. Any fault of the
    file is a TableError naming the file, and the row and column where the reader can tell."""
    if data.startswith(b"PK\x03\x04"):
        rows, name, names = _read_xlsx(filename, data, sheet)
        encoding = delimiter = ""
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(gettext("Файл «%(file)s» в старом формате Excel (.xls): сохраните его как .xlsx "
                                 "или CSV и загрузите снова.") % {"file": filename})
    else:
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise TableError(gettext("Файл «%(file)s» назван как таблица Excel, но это не книга Excel (.xlsx): "
                                     "откройте его в Excel, сохраните как .xlsx и загрузите снова.")
                             % {"file": filename})
        rows, encoding, delimiter = _read_csv(filename, data, vocabulary)
        name, names = "", []
    rows = _tidy(rows)
    if header_row is not None:
        if not 1 <= header_row <= len(rows):
            raise TableError(gettext("В файле нет строки %(row)d.") % {"row": header_row})
        index = header_row - 1
    else:
        found = find_header_row(rows, vocabulary)
        if found is None and sheet is None and len(names) > 1:
            later = _later_sheet(filename, data, vocabulary, names)
            if later is not None:
                later.notice = gettext("Список взят с листа «%(sheet)s»: на листе «%(first)s» таблицы нет.") % {
                    "sheet": later.name, "first": name}
                return later
        if found is None:
            raise TableError(gettext("В файле «%(file)s» не найдена строка заголовков: ни одна из первых строк "
                                     "не похожа на заголовок таблицы (ожидаются столбцы вроде %(columns)s).")
                             % {"file": filename, "columns": gettext(vocabulary.examples)})
        index = _below_a_group_header(rows, found, vocabulary)
    _check_cells(rows, index)
    return Sheet(rows, index, name, names, encoding, delimiter)


def _later_sheet(filename: str, data: bytes, vocabulary: Vocabulary, names: list[str]) -> Sheet | None:
    """The first sheet after the first that holds a table (an instruction or a title page comes first)."""
    for number in range(1, len(names)):
        try:
            return read_table(filename, data, vocabulary, number)
        except TableError:
            continue
    return None


def _check_cells(rows: list[list[str]], header_index: int) -> None:
    for number, cells in enumerate(rows, start=1):
        for column, cell in enumerate(cells):
            if len(cell) > MAX_CELL:
                header = rows[header_index] if number - 1 != header_index else []
                raise TableError(gettext("Строка %(row)d, столбец «%(column)s»: больше %(limit)s знаков.")
                                 % {"row": number, "column": column_name(header, column)[:60],
                                    "limit": fmt_number(MAX_CELL)})


def _read_xlsx(filename: str, data: bytes, sheet: str | int | None) -> tuple[list[list[str]], str, list[str]]:
    try:
        return _read_workbook(filename, data, sheet)
    except TableError:
        raise
    except (zipfile.BadZipFile, InvalidFileException) as error:
        raise TableError(gettext("Файл «%(file)s» не читается как таблица Excel: это не книга .xlsx или она "
                                 "повреждена. Откройте его в Excel, сохраните заново и загрузите снова.")
                         % {"file": filename}) from error
    except Exception as error:  # noqa: BLE001 - openpyxl fails on a broken part of the file with any error
        raise TableError(gettext("Файл «%(file)s» не читается как таблица Excel: книга повреждена (%(error)s). "
                                 "Откройте его в Excel, сохраните заново и загрузите снова.")
                         % {"file": filename, "error": type(error).__name__}) from error


def _read_workbook(filename: str, data: bytes, sheet: str | int | None) -> tuple[list[list[str]], str, list[str]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = list(workbook.sheetnames)
        worksheets = workbook.worksheets
        if sheet is None:
            worksheet = worksheets[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(worksheets):
                raise TableError(gettext("В книге нет листа №%(number)d.") % {"number": sheet + 1})
            worksheet = worksheets[sheet]
        elif sheet in names:
            worksheet = workbook[sheet]
        else:
            raise TableError(gettext("В книге нет листа «%(sheet)s»; есть: %(names)s.")
                             % {"sheet": sheet, "names": ", ".join(f"«{n}»" for n in names)})
        worksheet.reset_dimensions()  # some programs write a wrong used range
        rows = []
        for values in worksheet.iter_rows(values_only=True):
            rows.append([cell_text(value) for value in values])
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
        return rows, worksheet.title, names
    finally:
        workbook.close()


def _too_many_rows() -> TableError:
    return TableError(gettext("В файле больше %(count)d строк: разделите его на части.") % {"count": MAX_ROWS})


DELIMITERS = (";", "\t", ",")
# a cell longer than the module's default (131 072) is read and then rejected with its place, by MAX_CELL
csv.field_size_limit(max(csv.field_size_limit(), 32 * 1024 * 1024))


def sniff_delimiter(lines: Sequence[str], vocabulary: Vocabulary) -> str:
    """The delimiter under which some line names the most known columns (the header), then the one
    that splits most lines into the same number (more than one) of fields; on a tie «;» before tab
    before «,». A title line, commas inside addresses or tabs inside cells do not fool it."""
    best, best_score = ";", (-1, -1)
    for delimiter in DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delimiter))
        header_hits = max((sum(1 for cell in row if guess_field(cell, vocabulary)) for row in rows), default=0)
        widths = [len(row) for row in rows if len(row) > 1]
        common = max(sorted(set(widths)), key=widths.count, default=0)
        score = (header_hits, widths.count(common))
        if score > best_score:
            best, best_score = delimiter, score
    return best

def _read_csv(filename: str, data: bytes, vocabulary: Vocabulary) -> tuple[list[list[str]], str, str]:
    try:
        text, encoding = decode_text(data)
    except UndecodableText:
        text, encoding = "\x00", ""
    if "\x00" in text:
        raise TableError(gettext("Файл «%(file)s» не похож ни на XLSX, ни на CSV: это не текст в кодировке UTF-8, "
                                 "UTF-16, Windows-1251, DOS (866) или КОИ-8.") % {"file": filename})
    lines = text.splitlines()
    delimiter = ""
    if lines and re.fullmatch(r'"?sep=(.)"?', lines[0].strip()):  # Excel's own hint, not shown as a row
        delimiter = lines[0].strip().strip('"')[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    delimiter = delimiter or sniff_delimiter(lines[:HEADER_SEARCH_ROWS], vocabulary)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
    except csv.Error as error:
        raise TableError(gettext("Файл «%(file)s», строка %(row)d: не читается как CSV (%(error)s).")
                         % {"file": filename, "row": reader.line_num, "error": error}) from error
    return rows, encoding, delimiter

def _tidy(rows: list[list[str]]) -> list[list[str]]:
    """Trailing blank rows and columns dropped, every row padded to the same width."""
    while rows and not any(clean_text(cell) for cell in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(row) if clean_text(c)), default=0) for row in rows), default=0)
    return [(row + [""] * width)[:width] for row in rows]

# ---------------------------------------------------------------- recognising columns

def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", search_key(clean_text(text))).split())

def guess_field(header_text: str, vocabulary: Vocabulary) -> str | None:
    """The field a header cell names («Ф.И.О.», «Тел.», «Эл. почта», «Место работы», «E-mail»,
    «Last name» …), or None."""
    key = _header_key(header_text)
    if not key or len(key) > 60:
        return None
    padded = f" {key} "
    for field_name, prefixes in vocabulary.rules:
        if any(f" {prefix}" in padded for prefix in prefixes):
            return field_name
    return None


def is_number_column(header_text: str) -> bool:
    """«№», «№ п/п», «N», «#»: a column of row numbers, ignored without a warning."""
    text = clean_text(header_text)
    return bool(text) and ("№" in text or "#" in text or _header_key(text) in _NUMBER_HEADERS - {""})


def find_header_row(rows: Sequence[Sequence[str]], vocabulary: Vocabulary) -> int | None:
    """The index of the first row (among the first 50) in which two or more cells name known
    fields; failing that, the first with one; None when no row does. A title and blank lines
    above the header are skipped this way."""
    first_single = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if guess_field(cell, vocabulary))
        if hits >= 2:
            return index
        if hits == 1 and first_single is None:
            first_single = index
    return first_single


def _below_a_group_header(rows: list[list[str]], index: int, vocabulary: Vocabulary) -> int:
    """A header in two rows — «Ф.И.О.» merged above «Фамилия | Имя | Отчество», as official forms have it —
    read as one: when every filled cell of the row below names a field (or is a «№»), two at least, one of them
    under an empty cell of the header (a merged one's tail), that row becomes the header, each of its empty cells
    taking the text above it, and the data begin under it (a section title in the first data row, «Семья»,
    is one cell and stays data). Read as one row, the name and patronymic columns had no header and were not
    imported, and «Фамилия» became a guest."""
    if index + 1 >= len(rows):
        return index
    top, below = rows[index], rows[index + 1]
    filled = [cell for cell in below if clean_text(cell)]
    named = [cell for cell in filled if guess_field(cell, vocabulary)]
    under_a_span = any(clean_text(cell) and not clean_text(above) for cell, above in zip(below, top, strict=True))
    if len(named) < 2 or not under_a_span or len(named) + sum(map(is_number_column, filled)) < len(filled):
        return index
    rows[index + 1] = [cell if clean_text(cell) else above for cell, above in zip(below, top, strict=True)]
    return index + 1


def guess_mapping(header: Sequence[str], vocabulary: Vocabulary) -> dict[int, str]:
    """{column index: field} for the columns whose header names a field. Each field is taken by
    its first column, except the vocabulary's multi fields (the guests' phones, e-mails, needs and
    notes), which may come from several. A lone English «Name» column (no surname column) holds
    the full name."""
    mapping: dict[int, str] = {}
    for index, text in enumerate(header):
        field_name = guess_field(text, vocabulary)
        if field_name is None or (field_name in mapping.values() and field_name not in vocabulary.multi):
            continue
        mapping[index] = field_name
    if "full_name" in vocabulary.labels and not {"surname", "full_name"} & set(mapping.values()):
        for index, field_name in mapping.items():
            if field_name == "name" and _header_key(header[index]) in {"name", "имя"}:
                mapping[index] = "full_name"
                break
    # «Ф.И.О.» merged over the surname, name and patronymic columns: the two after it have no header of their own
    whole = next((index for index, field_name in mapping.items() if field_name == "full_name"), None)
    for index in () if whole is None else (whole + 1, whole + 2):
        if index >= len(header) or clean_text(header[index]) or index in mapping:
            break
        mapping[index] = "full_name"
    return mapping


def check_mapping(mapping: dict[int, str], vocabulary: Vocabulary,
                  options: Mapping[str, str] | None = None) -> None:
    """Raises TableError when a field is unknown or a required one has neither a column nor its
    option filled in (the guests need a surname or a full name column)."""
    unknown = sorted({f for f in mapping.values() if f not in vocabulary.labels})
    if unknown:
        raise TableError(gettext("Неизвестные поля: %(fields)s.") % {"fields": ", ".join(unknown)})
    for fields, option, message in vocabulary.required:
        if not fields & set(mapping.values()) and not (option and clean_text((options or {}).get(option, ""))):
            raise TableError(gettext(message))


# ---------------------------------------------------------------- rows


Outcome = Literal["ok", "rejected", "blank"]
P = TypeVar("P")  # what one import reads from a row: the guests' PersonData, the duty staff's StaffRow …


@dataclass
class RowResult(Generic[P]):
    row: int  # the row number in the file, as Excel shows it
    cells: list[str]  # the row as read, for the preview and the rejected-rows file
    person: P | None  # None for a blank row
    errors: list[str] = field(default_factory=list)  # any error rejects the row
    warnings: list[str] = field(default_factory=list)  # imported, but worth a look

    @property
    def outcome(self) -> Outcome:
        if self.person is None:
            return "blank"
        return "rejected" if self.errors else "ok"

    @property
    def reason(self) -> str:
        """Why the row is rejected, in one line."""
        return " ".join(self.errors)


@dataclass
class ImportPreview(Generic[P]):
    header_row: int  # 1-based
    header: list[str]
    mapping: dict[int, str]
    unmapped: list[tuple[int, str]]  # (column index, header text) of columns that are not imported
    rows: list[RowResult[P]]  # one per row below the header, in file order
    warnings: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def accepted(self) -> list[RowResult[P]]:
        return [r for r in self.rows if r.outcome == "ok"]

    @property
    def rejected(self) -> list[RowResult[P]]:
        return [r for r in self.rows if r.outcome == "rejected"]

    @property
    def rejected_reasons(self) -> list[tuple[int, str]]:
        return [(r.row, r.reason) for r in self.rejected]

    @property
    def blank(self) -> list[RowResult[P]]:
        return [r for r in self.rows if r.outcome == "blank"]

    def counts(self) -> dict[Outcome, int]:
        counts: dict[Outcome, int] = {"ok": 0, "rejected": 0, "blank": 0}
        for row in self.rows:
            counts[row.outcome] += 1
        return counts


def column_name(header: Sequence[str], index: int) -> str:
    """«Телефон» or, for a column without a header, «столбец D»."""
    text = clean_text(header[index]) if index < len(header) else ""
    return text or gettext("столбец %(letter)s") % {"letter": get_column_letter(index + 1)}


def parse_table(sheet: Sheet, mapping: dict[int, str],
                read: Callable[[int, list[str]], RowResult[P]]) -> ImportPreview[P]:
    """One RowResult per row below the header: `read(file row number, cells)` judges every row
    that is not blank (a row number alone in a «№» column is blank). The columns that are not
    loaded are named in a warning about the file, after the sheet's notice (another sheet than the first)."""
    header = sheet.header
    numbers = {i for i, text in enumerate(header) if is_number_column(text)}
    unmapped = [(i, clean_text(text)) for i, text in enumerate(header) if i not in mapping]
    rows: list[RowResult[P]] = []
    for number, cells in sheet.data():
        if all(not clean_text(cell) for i, cell in enumerate(cells) if i not in numbers):
            rows.append(RowResult(number, cells, None))
        else:
            rows.append(read(number, cells))
    notices = [notice for notice in (sheet.notice, ignored_columns(sheet, mapping)) if notice]
    return ImportPreview(sheet.header_row, list(header), dict(mapping), unmapped, rows, notices)


def ignored_columns(sheet: Sheet, mapping: dict[int, str]) -> str:
    """«Не загружаются столбцы: «Примечание», «Телефон».» for the columns with a header or a value that no field
    reads («№» aside), or "" when every such column is read."""
    header = sheet.header
    ignored = [column_name(header, i) for i, text in enumerate(header)
               if i not in mapping and not is_number_column(text)
               and (clean_text(text) or any(clean_text(cells[i]) for _, cells in sheet.data() if i < len(cells)))]
    if not ignored:
        return ""
    return gettext("Не загружаются столбцы: %(columns)s.") % {
        "columns": ", ".join(f"«{name}»" for name in dict.fromkeys(ignored))}


class CellReader:
    """A row's value of each field: the text of its column, or of its columns joined for a multi
    field; for another field typed differently in two columns the first, with a warning."""

    def __init__(self, header: Sequence[str], mapping: dict[int, str], vocabulary: Vocabulary) -> None:
        self.header = header
        self.vocabulary = vocabulary
        self.columns: dict[str, list[int]] = defaultdict(list)
        for index, field_name in sorted(mapping.items()):
            self.columns[field_name].append(index)

    def value(self, cells: Sequence[str], field_name: str, warnings: list[str]) -> str:
        values = [clean_text(cells[i]) for i in self.columns.get(field_name, ()) if i < len(cells)]
        if field_name == "full_name":  # its parts, when a merged «Ф.И.О.» spans their columns
            return " ".join(v for v in values if v)
        values = list(dict.fromkeys(v for v in values if v))
        if field_name in self.vocabulary.multi:
            return self.vocabulary.multi[field_name].join(values)
        if len(values) > 1:
            warnings.append(gettext("Для поля «%(field)s» в строке несколько разных значений; взято «%(value)s».")
                            % {"field": gettext(self.vocabulary.labels[field_name]), "value": values[0]})
        return values[0] if values else ""

    def column_names(self, field_name: str) -> str:
        """The file's header of the field's columns, for a message: «Макс. часов в день»."""
        names = [column_name(self.header, i) for i in self.columns.get(field_name, ())]
        return ", ".join(names) or gettext(self.vocabulary.labels[field_name])


def read_name_parts(get: Callable[[str], str], errors: list[str], warnings: list[str]
                    ) -> tuple[str, str, str, str]:
    """(surname, name, patronymic, aside) from the surname, name and patronymic columns and/or a full
    name one, written as printed: «ИВАНОВ иван» → «Иванов Иван», «Иван Петрович Иванов» put in
    order (with a warning), a whole name typed into the surname column split. What a full-name cell says
    besides the name (a rank before it, «(с супругой)», «+ 1», «, ветеран ВОВ») is the aside, for the
    notes, with a warning; a cell that names two people is an error. A row without a
    surname, or with digits in it, gets an error."""
    surname, name, patronymic = (normalize_name(get(f)) for f in ("surname", "name", "patronymic"))
    whole = get("full_name")
    typed = [word for f in ("surname", "name", "patronymic", "full_name") for word in clean_text(get(f)).split()]
    mixed = [(word, fixed) for word in typed if (fixed := cyrillic_lookalikes(word)) != word]
    if mixed:  # the letters look alike: their places say what changed
        warnings.append(gettext("Латинские буквы, похожие на русские, заменены на русские: %(words)s.") % {
            "words": "; ".join(gettext("«%(word)s», буквы %(places)s") % {
                "word": fixed,
                "places": ", ".join(str(i) for i, (a, b) in enumerate(zip(word, fixed, strict=True), 1) if a != b)}
                for word, fixed in mixed)})
    if not whole and not name and not patronymic and len(surname.split()) >= 2:
        whole, surname = surname, ""  # a full name typed into the surname column
        warnings.append(gettext("В столбце фамилии записано ФИО целиком: разделено на части."))
    aside = ""
    if whole:
        split = split_full_name(whole)
        surname, name, patronymic = surname or split.surname, name or split.name, patronymic or split.patronymic
        if split.several:
            errors.append(gettext("В ячейке ФИО, похоже, несколько человек: «%(text)s». Запишите каждого в свою "
                                  "строку.") % {"text": clean_text(whole)})
        elif split.aside:
            aside = "; ".join(split.aside)
            warnings.append(gettext("Из ФИО «%(text)s» в примечание перенесено: «%(aside)s».")
                            % {"text": clean_text(whole), "aside": aside})
        if split.reordered:
            warnings.append(gettext("ФИО «%(text)s» прочитано как «%(name)s».")
                            % {"text": clean_text(whole), "name": " ".join(
                                p for p in (split.surname, split.name, split.patronymic) if p)})
    if not surname:
        errors.append(gettext("Не указана фамилия."))
    elif malformed_surname(surname):
        errors.append(gettext("Фамилия «%(surname)s» написана с ошибкой: в ней цифры или нет букв.")
                      % {"surname": surname})
    return surname, name, patronymic, aside


# ---------------------------------------------------------------- the rejected rows, to fix and re-import


def rejected_rows_xlsx(sheet: Sheet, preview: ImportPreview, title: str = "") -> bytes:
    """The rejected rows with their cells as read, under the same header, and a «Причина» column
    (replaced, not repeated, when the file already has one). Fixed and loaded again, it imports:
    «Причина» is not a field and is ignored."""
    header = list(sheet.header)
    reason_key = _header_key(gettext(REASON_HEADER))
    reason_at = next((i for i, text in enumerate(header) if _header_key(text) == reason_key), None)
    if reason_at is None:
        header.append(gettext(REASON_HEADER))
        reason_at = len(header) - 1
    rows = []
    for result in preview.rejected:
        cells = (list(result.cells) + [""] * len(header))[: len(header)]
        cells[reason_at] = result.reason
        rows.append(cells)
    return export_xlsx(title or gettext("Отклонённые строки"), header, rows)
