"""The guests file of `ceremonia seat`: who is to be seated, read from CSV or XLSX without a database.

    guests = read_guests(filename, data)   # GuestFileError when the file as a whole can not be read
    guests.errors                          # every faulty row and column; the rows in guests.guests are sound

The reading (UTF-8 with or without BOM or Windows-1251, «;» or «,» sniffed, XLSX, a title above the header)
is the import toolkit's (app.imports.sheets), and the columns every guest list has are read as the registry
import reads them (app.imports.guest_columns): Russian or English names, in any order; unknown columns are
not read, and a notice names them. The columns (README, «`ceremonia seat`: input formats»):

    id / №             optional: the guest's number (a whole number); without it, the row number in the file
    name / ФИО         required: the whole name, or Фамилия / Имя / Отчество in their own columns
    rank / старшинство precedence, a whole number, lower = more senior (no column: everyone equal; empty:
                       after everyone ranked — an escort, an interpreter)
    category / категория
    group / группа     any label: the same label = sit together (a delegation, a family, an escort)
    wheelchair / коляска, no_stairs / без_лестниц, aisle / у_прохода, presidium / президиум:
                       да/нет, 1/0, true/false, x, + or empty
    needs / особые потребности   free text: «кресло-коляска», «не может подниматься», «у прохода» …
    sectors / секторы  the sectors the guest may sit in, comma-separated (empty = any)
    pin / место        a seat to keep: its guid, or «Секция/ряд/место» («Секция/место» at a table or on the
                       presidium, whose seats are in one row)
    apart / не_рядом   the ids of guests this one must not sit beside (nor at one table), comma-separated

Likely duplicates (the registry's rules: case, ё and spaces do not matter) are `notices` naming both rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.imports.duplicates import Who, find_duplicates
from app.imports.guest_columns import GUEST_LABELS, GUEST_RULES, read_guest_columns
from app.imports.normalize import clean_text, parse_yes_no
from app.imports.sheets import (
    CellReader,
    TableError,
    Vocabulary,
    column_name,
    guess_mapping,
    ignored_columns,
    is_number_column,
    read_table,
)

FIELD_LABELS = {
    "id": N_("id"),
    **GUEST_LABELS,
    "full_name": N_("ФИО"),
    "precedence": N_("старшинство"),
    "presidium": N_("президиум"),
    "sectors": N_("секторы"),
    "pin": N_("место"),
    "apart": N_("не_рядом"),
}

# (field, header word prefixes): the first that fits wins; a prefix ending in a space is a whole word.
# The columns of every guest list are app.imports.guest_columns', read as the registry reads them.
_HEADER_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("id", ("id ", "код ", "номер ", "ид ")),
    ("apart", ("не рядом", "не_рядом", "apart", "not beside", "not_beside")),
    *GUEST_RULES,
    ("presidium", ("президиум", "presidium")),
    ("sectors", ("сектор", "sector")),
    ("pin", ("место", "pin", "seat", "закрепл")),
]

SEAT_GUESTS = Vocabulary(
    "seat_guests", FIELD_LABELS, _HEADER_RULES, {"needs": ", "},
    required=((frozenset({"full_name", "surname"}), "", N_("Нет столбца с именем гостя: «ФИО» или «name».")),),
    examples=N_("«ФИО», «старшинство», «группа», «место»"),
)
NAME_FIELDS = ("full_name", "surname", "name", "patronymic")


@dataclass(frozen=True)
class GuestRow:
    """One guest as the file says; `pin` is the seat reference as written (the hall resolves it)."""

    line: int  # the row number in the file, for messages
    id: int
    name: str
    rank: int = 0
    category: str = ""
    group: str = ""
    wheelchair: bool = False
    no_stairs: bool = False
    aisle: bool = False
    presidium: bool = False
    sectors: frozenset[str] = frozenset()
    pin: str = ""
    apart: tuple[int, ...] = ()
    name_parts: tuple[str, str, str] = ("", "", "")  # surname, name, patronymic: what duplicates compare


@dataclass(frozen=True)
class Fault:
    line: int
    text: str  # «Строка 5, столбец «место»: …»


@dataclass(frozen=True)
class Notice:
    """Something worth a look that does not stop the seating: a likely duplicate names both rows."""

    rows: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class GuestFile:
    guests: tuple[GuestRow, ...]
    columns: dict[str, str]  # field -> the file's header of its column, for messages
    faults: tuple[Fault, ...] = ()  # the rows left out of `guests`, and what else is wrong in the file
    notices: tuple[Notice, ...] = ()

    def fault(self, line: int, field: str, message: str) -> Fault:
        """How every fault in the file is named: the row and the column as the file heads it."""
        return Fault(line, _("Строка %(line)d, столбец «%(column)s»: %(message)s") % {
            "line": line, "column": self.columns.get(field, _(FIELD_LABELS[field])), "message": message})

    def check(self, more: Sequence[Fault] = ()) -> None:
        """Raises GuestFileError listing the file's faults and `more` (found against the hall) by row."""
        faults = sorted([*self.faults, *more], key=lambda f: f.line)
        if faults:
            raise GuestFileError([f.text for f in faults])


class GuestFileError(ValueError):
    """The guests can not be seated as the file says; `errors` is every message, row by row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def read_guests(filename: str, data: bytes) -> GuestFile:
    try:
        sheet = read_table(filename, data, vocabulary=SEAT_GUESTS)
    except TableError as error:
        raise GuestFileError([str(error)]) from error
    mapping = guess_mapping(sheet.header, SEAT_GUESTS)
    if "id" not in mapping.values():
        number = next((i for i, text in enumerate(sheet.header) if is_number_column(text) and i not in mapping), None)
        if number is not None:
            mapping[number] = "id"  # «№», «№ п/п»: the guests' numbers
    if not {"full_name", "surname"} & set(mapping.values()):
        raise GuestFileError([_("Нет столбца с именем гостя: «ФИО» или «name» (найдены столбцы: %(columns)s).")
                              % {"columns": ", ".join(f"«{clean_text(h)}»" for h in sheet.header if clean_text(h))}])
    columns = {name: column_name(sheet.header, index) for index, name in mapping.items()}
    reading = GuestFile((), columns)
    cells_of = CellReader(sheet.header, mapping, SEAT_GUESTS)
    guests: list[GuestRow] = []
    errors: list[Fault] = []
    notices: list[Notice] = []
    numbers = {i for i in mapping if is_number_column(sheet.header[i])}
    for line, cells in sheet.data():
        if not any(clean_text(cells[index]) for index in mapping if index < len(cells) and index not in numbers):
            continue  # blank, as the registry's import has it: a row number alone in a «№» column
        warnings: list[str] = []
        guest = _read_row(reading, line, lambda field, w=warnings, c=cells: cells_of.value(c, field, w), errors,
                          warnings)
        notices += [Notice((line,), _("Строка %(line)d: %(text)s") % {"line": line, "text": w}) for w in warnings]
        if guest is not None:
            guests.append(guest)
    errors += _check_ids(reading, guests)
    guests = _unranked_last(guests)
    if not guests and not errors:
        raise GuestFileError([_("В файле «%(file)s» нет ни одного гостя.") % {"file": filename}])
    ignored = ignored_columns(sheet, mapping)  # a needs column under another name would seat a wheelchair user
    about_file = [Notice((), text) for text in (sheet.notice, ignored) if text]  # anywhere: the user is told
    return GuestFile(tuple(guests), columns, tuple(errors),  # which sheet is read and which columns go unread
                     (*about_file, *_duplicates(guests), *notices))


def _read_row(reading: GuestFile, line: int, get, errors: list[Fault], warnings: list[str]) -> GuestRow | None:
    before = len(errors)
    named = {f: reading.columns[f] for f in NAME_FIELDS if f in reading.columns}
    name_field = "full_name" if "full_name" in named else "surname"

    def fail(field: str, message: str) -> None:
        errors.append(reading.fault(line, field, message))

    def whole(field: str, text: str) -> int | None:
        if not re.fullmatch(r"-?\d{1,9}(?:[.,]0+)?", text):
            fail(field, _("«%(value)s» — нужно целое число.") % {"value": text})
            return None
        return int(re.split(r"[.,]", text)[0])

    if get("id"):
        guest_id = whole("id", get("id"))
    else:
        guest_id = line
        if "id" in reading.columns:
            fail("id", _("номер гостя не указан."))
    name_errors: list[str] = []
    shared = read_guest_columns(get, fail, name_errors, warnings)
    if not any(get(f) for f in named):
        fail(name_field, _("имя гостя не указано."))
    else:
        for message in name_errors:
            fail(name_field, message)
    presidium = parse_yes_no(get("presidium"))
    if presidium is None:
        fail("presidium", _("«%(value)s» — нужно «да» или «нет».") % {"value": get("presidium")})
    apart = []
    for part in _split(get("apart")):
        number = whole("apart", part)
        if number is not None:
            apart.append(number)
    if len(errors) > before or guest_id is None:
        return None
    needs = shared.needs
    return GuestRow(line=line, id=guest_id, name=shared.full_name, rank=-1 if shared.precedence is None
                    else shared.precedence,
                    category=shared.category, group=shared.group, wheelchair=needs.wheelchair,
                    no_stairs=needs.no_stairs, aisle=needs.aisle, presidium=bool(presidium),
                    sectors=frozenset(_split(get("sectors"))), pin=get("pin"), apart=tuple(apart),
                    name_parts=(shared.surname, shared.name, shared.patronymic))


def _unranked_last(guests: list[GuestRow]) -> list[GuestRow]:
    """A guest whose rank is empty (an escort, an interpreter) comes after everyone ranked."""
    last = max((g.rank for g in guests), default=0) + 1
    return [replace(g, rank=last) if g.rank < 0 else g for g in guests]


def _duplicates(guests: Sequence[GuestRow]) -> list[Notice]:
    """Likely duplicates by the registry's rules (case, ё and spaces do not matter): both rows named."""
    found = find_duplicates((g.line, Who.of(*g.name_parts)) for g in guests)
    return [Notice((d.other_row, d.row), _("Строка %(line)d: %(reason)s — не один ли это гость? Он будет "
                                           "посажен дважды.") % {"line": d.row, "reason": d.reason})
            for d in found if d.other_row is not None]


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _check_ids(reading: GuestFile, guests: list[GuestRow]) -> list[Fault]:
    errors = []
    first: dict[int, int] = {}
    for guest in guests:
        if guest.id in first:
            errors.append(reading.fault(guest.line, "id", _("номер %(id)d уже есть у гостя в строке %(other)d.")
                                        % {"id": guest.id, "other": first[guest.id]}))
        first.setdefault(guest.id, guest.line)
    for guest in guests:
        for other in guest.apart:
            if other not in first:
                errors.append(reading.fault(guest.line, "apart", _("гостя с номером %(id)d в файле нет.")
                                            % {"id": other}))
            elif other == guest.id:
                errors.append(reading.fault(guest.line, "apart", _("гость не может быть в паре сам с собой.")))
    return errors
