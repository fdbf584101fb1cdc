"""The guests file of `ceremonia seat`: who is to be seated, read from CSV or XLSX without a database.

    guests = read_guests(filename, data)   # GuestFileError when the file as a whole can not be read
    guests.errors                          # every faulty row and column; the rows in guests.guests are sound

The reading (UTF-8 with or without BOM or Windows-1251, «;» or «,» sniffed, XLSX, a title above the header)
is the import toolkit's (app.imports.sheets) with this file's own column names, Russian or English, in any
order; unknown columns are ignored. The columns (README, «`ceremonia seat`: input formats»):

    id / №             optional: the guest's number (a whole number); without it, the row number in the file
    name / ФИО         required
    rank / старшинство precedence, a whole number, lower = more senior (no column: everyone equal)
    category / категория
    group / группа     any label: the same label = sit together (a delegation, a family, an escort)
    wheelchair / коляска, no_stairs / без_лестниц, aisle / у_прохода, presidium / президиум:
                       да/нет, 1/0, true/false, x, + or empty
    sectors / секторы  the sectors the guest may sit in, comma-separated (empty = any)
    pin / место        a seat to keep: its guid, or «Секция/ряд/место» («Секция/место» at a table or on the
                       presidium, whose seats are in one row)
    apart / не_рядом   the ids of guests this one must not sit beside (nor at one table), comma-separated
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.imports.normalize import clean_text, parse_yes_no
from app.imports.sheets import (
    TableError,
    Vocabulary,
    column_name,
    guess_mapping,
    is_number_column,
    read_table,
)

FIELD_LABELS = {
    "id": N_("id"),
    "name": N_("ФИО"),
    "rank": N_("старшинство"),
    "category": N_("категория"),
    "group": N_("группа"),
    "wheelchair": N_("коляска"),
    "no_stairs": N_("без_лестниц"),
    "aisle": N_("у_прохода"),
    "presidium": N_("президиум"),
    "sectors": N_("секторы"),
    "pin": N_("место"),
    "apart": N_("не_рядом"),
}
YES_NO = ("wheelchair", "no_stairs", "aisle", "presidium")

# (field, header word prefixes): the first that fits wins; a prefix ending in a space is a whole word.
# Underscores stay in a header's key, so «без_лестниц» is spelt out beside «без лестниц».
_HEADER_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("id", ("id ", "код ", "номер ", "ид ")),
    ("apart", ("не рядом", "не_рядом", "apart", "not beside", "not_beside")),
    ("no_stairs", ("без лестниц", "без_лестниц", "no stairs", "no_stairs", "лестниц", "stairs")),
    ("aisle", ("у прохода", "у_прохода", "aisle", "проход")),
    ("name", ("фио ", "ф и о ", "name ", "full name", "имя ", "гость ", "guest ", "фамилия")),
    ("rank", ("rank", "старшинств", "ранг", "precedence", "приоритет")),
    ("category", ("категор", "category")),
    ("group", ("групп", "group", "делегац")),
    ("wheelchair", ("коляс", "wheelchair")),
    ("presidium", ("президиум", "presidium")),
    ("sectors", ("сектор", "sector")),
    ("pin", ("место", "pin", "seat", "закрепл")),
]

SEAT_GUESTS = Vocabulary(
    "seat_guests", FIELD_LABELS, _HEADER_RULES,
    required=((frozenset({"name"}), "", N_("Нет столбца с именем гостя: «ФИО» или «name».")),),
    examples=N_("«ФИО», «старшинство», «группа», «место»"),
)


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


@dataclass(frozen=True)
class Fault:
    line: int
    text: str  # «Строка 5, столбец «место»: …»


@dataclass(frozen=True)
class GuestFile:
    guests: tuple[GuestRow, ...]
    columns: dict[str, str]  # field -> the file's header of its column, for messages
    faults: tuple[Fault, ...] = ()  # the rows left out of `guests`, and what else is wrong in the file

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
    if "name" not in mapping.values():
        raise GuestFileError([_("Нет столбца с именем гостя: «ФИО» или «name» (найдены столбцы: %(columns)s).")
                              % {"columns": ", ".join(f"«{clean_text(h)}»" for h in sheet.header if clean_text(h))}])
    columns = {name: column_name(sheet.header, index) for index, name in mapping.items()}
    reading = GuestFile((), columns)
    guests: list[GuestRow] = []
    errors: list[Fault] = []
    for line, cells in sheet.data():
        values = {name: clean_text(cells[index]) if index < len(cells) else "" for index, name in mapping.items()}
        if not any(values.values()):
            continue
        guest = _read_row(reading, line, values, errors)
        if guest is not None:
            guests.append(guest)
    errors += _check_ids(reading, guests)
    if not guests and not errors:
        raise GuestFileError([_("В файле «%(file)s» нет ни одного гостя.") % {"file": filename}])
    return GuestFile(tuple(guests), columns, tuple(errors))


def _read_row(reading: GuestFile, line: int, values: dict[str, str], errors: list[Fault]) -> GuestRow | None:
    before = len(errors)

    def fail(field: str, message: str, **args: object) -> None:
        errors.append(reading.fault(line, field, _(message) % args))

    def whole(field: str, text: str) -> int | None:
        if not re.fullmatch(r"-?\d{1,9}(?:[.,]0+)?", text):
            fail(field, N_("«%(value)s» — нужно целое число."), value=text)
            return None
        return int(re.split(r"[.,]", text)[0])

    if values.get("id"):
        guest_id = whole("id", values["id"])
    else:
        guest_id = line
        if "id" in values:
            fail("id", N_("номер гостя не указан."))
    name = values.get("name", "")
    if not name:
        fail("name", N_("имя гостя не указано."))
    rank = None
    if values.get("rank"):
        rank = whole("rank", values["rank"])
    elif "rank" in values:
        fail("rank", N_("старшинство не указано."))
    flags = {}
    for field in YES_NO:
        flag = parse_yes_no(values.get(field, ""))
        if flag is None:
            fail(field, N_("«%(value)s» — нужно «да» или «нет»."), value=values[field])
        flags[field] = bool(flag)
    apart = []
    for part in _split(values.get("apart", "")):
        number = whole("apart", part)
        if number is not None:
            apart.append(number)
    if len(errors) > before or guest_id is None:
        return None
    return GuestRow(line=line, id=guest_id, name=name, rank=rank or 0, category=values.get("category", ""),
                    group=values.get("group", ""), sectors=frozenset(_split(values.get("sectors", ""))),
                    pin=values.get("pin", ""), apart=tuple(apart), **flags)


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
