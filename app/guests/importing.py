"""Guest registry import, the part without a database: read the XLSX or CSV a department keeps,
find its header, guess which column is which, normalise every row and say what happened to it.

    sheet = read_table(filename, data)            # raises TableError with a message to show
    mapping = guess_mapping(sheet.header)         # {column index: field}; the user may correct it
    preview = parse_rows(sheet, mapping)          # one RowResult per row below the header
    duplicates = find_duplicates(preview, existing)
    fix_me = rejected_rows_xlsx(sheet, preview)   # rejected rows + «Причина», re-importable

Row numbers are those of the file as Excel shows them (1-based, title and blank lines counted).

The reading, the header search, the mapping and the row bookkeeping serve any import of a list of
people: a `Vocabulary` names the fields and the header words of one (GUESTS here; the duty staff's
in app.duty.staff_import), `parse_table` runs a reader over every row. The rest is the guests' own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, NamedTuple, TypeVar

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from app.core.i18n import N_, gettext
from app.guests.kinds import Gender, PersonStatus
from app.guests.normalize import (
    InvalidValue,
    clean_text,
    full_name_key,
    guess_gender,
    is_initial,
    normalize_email,
    normalize_name,
    normalize_phone,
    parse_gender,
    parse_needs,
    parse_rank,
    parse_status,
    parse_yes_no,
    phone_keys,
    search_key,
    split_full_name,
)
from app.guests.xlsx_export import export_xlsx

MAX_ROWS = 100_000
MAX_MATCHES_PER_ROW = 10  # registry matches reported for one row, the certain ones first
HEADER_SEARCH_ROWS = 50

# The fields a column can be mapped to, with the labels the mapping selects show.
FIELD_LABELS: dict[str, str] = {
    "full_name": N_("ФИО одной строкой"),
    "surname": N_("Фамилия"),
    "name": N_("Имя"),
    "patronymic": N_("Отчество"),
    "gender": N_("Пол"),
    "position": N_("Должность"),
    "organisation": N_("Организация"),
    "category": N_("Категория"),
    "precedence": N_("Ранг"),
    "phone": N_("Телефон"),
    "email": N_("Эл. почта"),
    "address": N_("Почтовый адрес"),
    "needs": N_("Особые потребности"),
    "wheelchair": N_("Коляска"),
    "no_stairs": N_("Без лестниц"),
    "needs_escort": N_("Нужен сопровождающий"),
    "language": N_("Язык"),
    "notes": N_("Примечание"),
    "status": N_("Статус"),
}
# Fields that may come from several columns: their values are joined.
MULTI_FIELDS = {"phone": ", ", "email": ", ", "needs": ", ", "notes": "; "}
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


# (field, header word prefixes). A prefix ending in a space must be a whole word. Order matters:
# «Адрес эл. почты» is an e-mail, «Телефон сопровождающего» a phone, «Особые потребности
# (коляска)» the needs.
_HEADER_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("full_name", ("фио ", "ф и о ", "фамилия имя", "фамилия и имя", "полное имя", "full name", "fullname",
                   "гость ", "guest ", "ф и о полностью")),
    ("email", ("e mail", "email", "эл почт", "эл адрес", "электронн", "e почт", "mail ", "почта ")),
    ("phone", ("телефон", "тел ", "моб", "сотов", "phone", "mobile", "tel ", "контактный телефон")),
    ("address", ("адрес", "почтовый", "address", "место жительства", "место проживания")),
    ("surname", ("фамил", "surname", "last name", "family name", "lastname")),
    ("patronymic", ("отчеств", "patronymic", "middle name")),
    ("name", ("имя ", "first name", "given name", "firstname", "name ")),
    ("gender", ("пол ", "gender", "sex ")),
    ("position", ("должност", "position", "job title", "title ")),
    ("organisation", ("организац", "место работы", "место службы", "учрежден", "предприят", "ведомств",
                      "organisation", "organization", "company", "employer", "работа ")),
    ("category", ("категор", "группа ", "category", "group ")),
    ("precedence", ("ранг", "приоритет", "старшинств", "очередност", "протокольн", "rank", "priority",
                    "precedence")),
    ("needs", ("особые потребн", "потребност", "маломобильн", "овз", "ограничен", "доступн", "особенност",
               "special needs", "needs", "accessibility")),
    ("wheelchair", ("коляс", "wheelchair")),
    ("no_stairs", ("без лестниц", "лестниц", "stairs")),
    ("needs_escort", ("сопровожд", "escort")),
    ("language", ("язык", "language")),
    ("notes", ("примечан", "комментар", "заметк", "доп информ", "дополнительн", "notes", "note ", "comment",
               "remarks")),
    ("status", ("статус", "состояние", "status")),
]
_NUMBER_HEADERS = {"", "n", "no", "nn", "п п", "номер", "номер п п", "number", "num"}

GUESTS = Vocabulary(
    "guests", FIELD_LABELS, _HEADER_RULES, MULTI_FIELDS,
    required=((frozenset({"surname", "full_name"}), "", N_("Укажите, в каком столбце фамилия (или ФИО целиком).")),),
    examples=N_("«Фамилия», «ФИО», «Должность», «Телефон»"),
)


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
    encoding: str = ""  # CSV: "utf-8-sig", "utf-8", "utf-16" or "cp1251"
    delimiter: str = ""  # CSV: ";", "," or "\t"

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


def read_table(filename: str, data: bytes, sheet: str | int | None = None,
               header_row: int | None = None, vocabulary: Vocabulary = GUESTS) -> Sheet:
    """An XLSX workbook (its first sheet, or `sheet` by name or 0-based index) or a CSV file
    (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1251; «;», «,» or tab, sniffed).
    The header is found by `find_header_row` among the headers `vocabulary` knows unless
    `header_row` (1-based) is given."""
    if data.startswith(b"PK\x03\x04"):
        rows, name, names = _read_xlsx(filename, data, sheet)
        encoding = delimiter = ""
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(gettext("Файл «%(file)s» в старом формате Excel (.xls): сохраните его как .xlsx "
                                 "или CSV и загрузите снова.") % {"file": filename})
    else:
        rows, encoding, delimiter = _read_csv(filename, data, vocabulary)
        name, names = "", []
    rows = _tidy(rows)
    if header_row is not None:
        if not 1 <= header_row <= len(rows):
            raise TableError(gettext("В файле нет строки %(row)d.") % {"row": header_row})
        index = header_row - 1
    else:
        found = find_header_row(rows, vocabulary)
        if found is None:
            raise TableError(gettext("В файле «%(file)s» не найдена строка заголовков: ни одна из первых строк "
                                     "не похожа на заголовок таблицы (ожидаются столбцы вроде %(columns)s).")
                             % {"file": filename, "columns": gettext(vocabulary.examples)})
        index = found
    return Sheet(rows, index, name, names, encoding, delimiter)


def _read_xlsx(filename: str, data: bytes, sheet: str | int | None) -> tuple[list[list[str]], str, list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise TableError(gettext("Файл «%(file)s» не читается как таблица Excel: %(error)s")
                         % {"file": filename, "error": error}) from error
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


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251"), "cp1251"


DELIMITERS = (";", "\t", ",")


def sniff_delimiter(lines: Sequence[str], vocabulary: Vocabulary = GUESTS) -> str:
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
    text, encoding = _decode(data)
    if "\x00" in text:
        raise TableError(gettext("Файл «%(file)s» не похож ни на XLSX, ни на CSV.") % {"file": filename})
    lines = text.splitlines()
    delimiter = ""
    if lines and re.fullmatch(r'"?sep=(.)"?', lines[0].strip()):  # Excel's own hint, not shown as a row
        delimiter = lines[0].strip().strip('"')[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    delimiter = delimiter or sniff_delimiter(lines[:HEADER_SEARCH_ROWS], vocabulary)
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise _too_many_rows()
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




def guess_field(header_text: str, vocabulary: Vocabulary = GUESTS) -> str | None:
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


def find_header_row(rows: Sequence[Sequence[str]], vocabulary: Vocabulary = GUESTS) -> int | None:
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


def guess_mapping(header: Sequence[str], vocabulary: Vocabulary = GUESTS) -> dict[int, str]:
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
    return mapping


def check_mapping(mapping: dict[int, str], vocabulary: Vocabulary = GUESTS,
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


@dataclass
class PersonData:
    """A person as read from one row, normalised; field names are those of guests.tables.Person."""

    surname: str = ""
    name: str = ""
    patronymic: str = ""
    gender: Gender = Gender.UNKNOWN
    position: str = ""
    organisation: str = ""
    category: str = ""  # as in `categories` when it matched one, else as typed
    precedence: int | None = None  # None: take the category's
    phone: str = ""
    email: str = ""
    address: str = ""
    wheelchair: bool = False
    no_stairs: bool = False
    needs_escort: bool = False
    language: str = ""
    notes: str = ""
    status: PersonStatus = PersonStatus.ACTIVE

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    @property
    def search_key(self) -> str:
        return full_name_key(self.surname, self.name, self.patronymic)


Outcome = Literal["ok", "rejected", "blank"]
P = TypeVar("P")  # what one import reads from a row: the guests' PersonData, the duty staff's StaffRow


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


def parse_rows(sheet: Sheet, mapping: dict[int, str], categories: Sequence[str] = (),
               area_code: str = "") -> ImportPreview:
    """Every row below the header, normalised and judged. `categories` are the registry's names:
    a category typed with other case, ё/е or cut short is matched to one of them. `area_code`
    (e.g. «4212») completes local phone numbers of 5–7 digits. Raises TableError for a mapping
    without a surname or full-name column."""
    check_mapping(mapping)
    return parse_table(sheet, mapping, _RowReader(sheet.header, mapping, categories, area_code).read)


def parse_table(sheet: Sheet, mapping: dict[int, str],
                read: Callable[[int, list[str]], RowResult[P]]) -> ImportPreview[P]:
    """One RowResult per row below the header: `read(file row number, cells)` judges every row
    that is not blank (a row number alone in a «№» column is blank). The columns that are not
    loaded are named in a warning about the file."""
    header = sheet.header
    numbers = {i for i, text in enumerate(header) if is_number_column(text)}
    unmapped = [(i, clean_text(text)) for i, text in enumerate(header) if i not in mapping]
    rows: list[RowResult[P]] = []
    for number, cells in sheet.data():
        if all(not clean_text(cell) for i, cell in enumerate(cells) if i not in numbers):
            rows.append(RowResult(number, cells, None))
        else:
            rows.append(read(number, cells))
    warnings = []
    ignored = [column_name(header, i) for i, text in unmapped if i not in numbers
               and (text or any(clean_text(cells[i]) for _, cells in sheet.data()))]
    if ignored:
        warnings.append(gettext("Не загружаются столбцы: %(columns)s.")
                        % {"columns": ", ".join(f"«{name}»" for name in dict.fromkeys(ignored))})
    return ImportPreview(sheet.header_row, list(header), dict(mapping), unmapped, rows, warnings)


_ABBREVIATIONS = {"вов": "великой отечественной войны", "вбд": "ветераны боевых действий"}


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


def read_name_parts(get: Callable[[str], str], errors: list[str], warnings: list[str]) -> tuple[str, str, str]:
    """(surname, name, patronymic) from the surname, name and patronymic columns and/or a full
    name one, written as printed: «ИВАНОВ иван» → «Иванов Иван», «Иван Петрович Иванов» put in
    order (with a warning), a whole name typed into the surname column split. A row without a
    surname, or with digits in it, gets an error."""
    surname, name, patronymic = (normalize_name(get(f)) for f in ("surname", "name", "patronymic"))
    whole = get("full_name")
    if not whole and not name and not patronymic and len(surname.split()) in (2, 3):
        whole, surname = surname, ""  # a full name typed into the surname column
        warnings.append(gettext("В столбце фамилии записано ФИО целиком: разделено на части."))
    if whole:
        split = split_full_name(whole)
        surname, name, patronymic = surname or split.surname, name or split.name, patronymic or split.patronymic
        if split.reordered:
            warnings.append(gettext("ФИО «%(text)s» прочитано как «%(name)s».")
                            % {"text": clean_text(whole), "name": " ".join(
                                p for p in (split.surname, split.name, split.patronymic) if p)})
    if not surname:
        errors.append(gettext("Не указана фамилия."))
    elif any(ch.isdigit() for ch in surname) or not any(ch.isalpha() for ch in surname):
        errors.append(gettext("Фамилия «%(surname)s» написана с ошибкой: в ней цифры или нет букв.")
                      % {"surname": surname})
    return surname, name, patronymic


class _RowReader(CellReader):
    def __init__(self, header: Sequence[str], mapping: dict[int, str], categories: Sequence[str],
                 area_code: str) -> None:
        super().__init__(header, mapping, GUESTS)
        self.categories = {search_key(name): name for name in categories}
        self.area_code = area_code

    def read(self, number: int, cells: list[str]) -> RowResult[PersonData]:
        result = RowResult(number, cells, PersonData())
        person, errors, warnings = result.person, result.errors, result.warnings
        assert person is not None

        def get(field_name: str) -> str:
            return self.value(cells, field_name, warnings)

        def check(parse, field_name: str, *args):
            try:
                return parse(get(field_name), *args)
            except InvalidValue as error:
                errors.append(str(error))
                return None

        self._names(person, get, errors, warnings)
        typed_gender = check(parse_gender, "gender") or Gender.UNKNOWN
        guessed = guess_gender(person.name, person.patronymic, person.surname)
        by_patronymic = guess_gender("", person.patronymic)
        if typed_gender and by_patronymic and typed_gender != by_patronymic:
            warnings.append(gettext("Пол «%(gender)s» не сходится с отчеством «%(patronymic)s».")
                            % {"gender": get("gender"), "patronymic": person.patronymic})
        person.gender = typed_gender or guessed or Gender.UNKNOWN
        person.position = get("position")
        person.organisation = get("organisation")
        person.category = self._category(get("category"), warnings)
        person.precedence = check(parse_rank, "precedence")
        person.phone = check(normalize_phone, "phone", self.area_code) or ""
        person.email = check(normalize_email, "email") or ""
        person.address = get("address")
        person.language = get("language")
        person.status = check(parse_status, "status") or PersonStatus.ACTIVE
        notes = [get("notes")]
        needs = parse_needs(get("needs"))
        person.wheelchair, person.no_stairs, person.needs_escort = needs.wheelchair, needs.no_stairs, needs.needs_escort
        if needs.other:
            notes.append(needs.other)
            warnings.append(gettext("Потребность «%(text)s» не распознана: записана в примечание.")
                            % {"text": needs.other})
        for flag in ("wheelchair", "no_stairs", "needs_escort"):
            text = get(flag)
            answer = parse_yes_no(text)
            if answer is None and flag == "needs_escort":  # the escort's name instead of «да»
                answer = True
                notes.append(gettext("Сопровождающий: %(name)s") % {"name": text})
            elif answer is None:
                errors.append(gettext("В столбце «%(column)s» значение «%(value)s»: ожидается «да» или «нет».")
                              % {"column": gettext(FIELD_LABELS[flag]), "value": text})
            if answer:
                setattr(person, flag, True)
        if person.wheelchair:
            person.no_stairs = True
        person.notes = "; ".join(note for note in notes if note)
        return result

    def _names(self, person: PersonData, get, errors: list[str], warnings: list[str]) -> None:
        person.surname, person.name, person.patronymic = read_name_parts(get, errors, warnings)
        if any(is_initial(part) for part in (person.name, person.patronymic) if part):
            warnings.append(gettext("Вместо имени или отчества — инициалы: для приглашения нужны полностью."))

    def _category(self, text: str, warnings: list[str]) -> str:
        if not text or not self.categories:
            return text
        key = " ".join(_ABBREVIATIONS.get(word, word) for word in search_key(text).strip(" .").split())
        if key in self.categories:
            return self.categories[key]
        near = [name for k, name in self.categories.items() if k.startswith(key) or key.startswith(k)]
        if len(near) == 1:
            return near[0]
        warnings.append(gettext("Категории «%(category)s» нет в справочнике.") % {"category": text})
        return text


# ---------------------------------------------------------------- duplicates


class ExistingPerson(NamedTuple):
    """A person already in the registry; a plain tuple in this order will do."""

    id: int
    surname: str
    name: str = ""
    patronymic: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Duplicate:
    row: int  # the file row of the imported person
    reason: str  # «совпадают ФИО и телефон» …
    existing_id: int | None = None  # the registry person it may be…
    other_row: int | None = None  # …or an earlier row of the same file
    certain: bool = False  # the full name and a phone or an e-mail agree


@dataclass
class _Who:
    full: str
    surname: str
    initials: tuple[str, str]
    abbreviated: bool
    phones: set[str]
    emails: set[str]

    @classmethod
    def of(cls, surname: str, name: str, patronymic: str, phone: str, email: str) -> _Who:
        first = tuple(search_key(part)[:1] for part in (name, patronymic))
        return cls(full_name_key(surname, name, patronymic), search_key(surname), (first[0], first[1]),
                   any(is_initial(part) for part in (name, patronymic) if part), phone_keys(phone),
                   {e.strip().casefold() for e in re.split(r"[,;\s]+", email or "") if "@" in e})


def _compare(new: _Who, old: _Who) -> tuple[str, bool] | None:
    """(reason, certain) when two people are likely one, else None."""
    same_phone, same_email = bool(new.phones & old.phones), bool(new.emails & old.emails)
    if new.full == old.full:
        if same_phone:
            return gettext("совпадают ФИО и телефон"), True
        if same_email:
            return gettext("совпадают ФИО и эл. почта"), True
        if new.phones and old.phones:
            return gettext("совпадают ФИО, но телефоны разные"), False
        return gettext("совпадают ФИО"), False
    same_initials = all(not a or not b or a == b for a, b in zip(new.initials, old.initials, strict=True))
    if new.surname == old.surname and (new.abbreviated or old.abbreviated) and same_initials and new.initials[0]:
        if same_phone or same_email:
            return gettext("совпадают фамилия, инициалы и телефон или эл. почта"), True
        return gettext("совпадают фамилия и инициалы"), False
    if same_email:
        return gettext("совпадает эл. почта, ФИО другое"), False
    if same_phone and new.surname == old.surname:
        return gettext("совпадают фамилия и телефон"), False
    return None


class _Index:
    """People by full name, surname, phone and e-mail, to compare a row with only a few."""

    def __init__(self) -> None:
        self.people: list[tuple[int, _Who]] = []
        self.by_key: dict[str, set[int]] = defaultdict(set)

    def add(self, ident: int, who: _Who) -> None:
        position = len(self.people)
        self.people.append((ident, who))
        initials = (f"a:{who.surname}",) if who.abbreviated else ()
        for key in (*self._keys(who), f"s:{who.surname}", *initials):
            self.by_key[key].add(position)

    @staticmethod
    def _keys(who: _Who) -> tuple[str, ...]:
        return (f"n:{who.full}", *(f"p:{p}" for p in who.phones), *(f"e:{e}" for e in who.emails))

    def matches(self, who: _Who) -> list[tuple[int, str, bool]]:
        # By surname alone only where initials are involved: an abbreviated name meets every namesake,
        # a full one only the abbreviated namesakes.
        keys = (*self._keys(who), f"s:{who.surname}" if who.abbreviated else f"a:{who.surname}")
        positions = sorted(set().union(*(self.by_key.get(key, set()) for key in keys)))
        found = []
        for position in positions:
            ident, other = self.people[position]
            verdict = _compare(who, other)
            if verdict:
                found.append((ident, *verdict))
        found.sort(key=lambda match: not match[2])  # certain ones first, stable otherwise
        return found


def find_duplicates(preview: ImportPreview,
                    existing: Iterable[ExistingPerson | tuple] = ()) -> list[Duplicate]:
    """Likely duplicates of the accepted rows: against the registry (`existing`) — up to 10 a row —
    and against earlier rows of the same file — the first, most certain match. Full names are
    compared insensitive to case and ё/е; «Иванов И. П.» matches «Иванов Иван Петрович»; a shared
    phone or e-mail makes a full-name match certain. The UI lets the user merge, create or skip."""
    registry = _Index()
    for entry in existing:
        known = ExistingPerson(*entry)
        registry.add(known.id, _Who.of(known.surname, known.name, known.patronymic, known.phone, known.email))
    earlier = _Index()
    duplicates = []
    for row in preview.accepted:
        person = row.person
        assert person is not None
        who = _Who.of(person.surname, person.name, person.patronymic, person.phone, person.email)
        for ident, reason, certain in registry.matches(who)[:MAX_MATCHES_PER_ROW]:
            duplicates.append(Duplicate(row.row, reason, existing_id=ident, certain=certain))
        in_file = earlier.matches(who)
        if in_file:
            other, reason, certain = in_file[0]
            duplicates.append(Duplicate(row.row, gettext("%(reason)s со строкой %(row)d файла")
                                        % {"reason": reason, "row": other}, other_row=other, certain=certain))
        earlier.add(row.row, who)
    return duplicates


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
