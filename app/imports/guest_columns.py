"""The columns every guest list has, read alike by the registry import (app.guests.importing) and
`ceremonia seat` (app.seating.guest_file): the name whole or in parts, the rank, the category, the
seating group and the role in it, the language, and the needs — as yes/no columns or as free text.

    rules = [*own_first, *GUEST_RULES, *own_after]      # a caller's Vocabulary: its header words
    columns = read_guest_columns(get, fail, errors, warnings)   # one row: GuestColumns

`get(field)` is the row's text of a field (a CellReader's value), `fail(field, message)` rejects the
row naming the field's column; its messages read after a column's name («…: «первый» — нужно целое
число не меньше нуля.»). Pure functions, no database, no area.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.core.i18n import N_, gettext
from app.core.text import search_key
from app.imports.normalize import InvalidValue, clean_text, parse_yes_no
from app.imports.sheets import read_name_parts

__all__ = ["GUEST_LABELS", "GUEST_RULES", "GroupRole", "GuestColumns", "Needs", "group_role", "is_family_group",
           "parse_needs", "parse_rank", "read_guest_columns"]

GUEST_LABELS: dict[str, str] = {
    "full_name": N_("ФИО одной строкой"),
    "surname": N_("Фамилия"),
    "name": N_("Имя"),
    "patronymic": N_("Отчество"),
    "category": N_("Категория"),
    "precedence": N_("Ранг"),
    "group": N_("Группа (сидят вместе)"),
    "group_role": N_("Роль в группе"),
    "needs": N_("Особые потребности"),
    "wheelchair": N_("Коляска"),
    "no_stairs": N_("Без лестниц"),
    "aisle": N_("У прохода"),
    "needs_escort": N_("Нужен сопровождающий"),
    "language": N_("Язык"),
}

# (field, header word prefixes), the first that fits wins; a prefix ending in a space is a whole word.
# Order matters: «Фамилия, имя, отчество» is the whole name, «Особые потребности (коляска)» the needs,
# «Роль в группе» not the group. Underscores stay in a header's key: «без_лестниц» is spelt out.
GUEST_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("full_name", ("фио ", "ф и о ", "фамилия имя", "фамилия и имя", "полное имя", "full name", "fullname",
                   "гость ", "guest ", "ф и о полностью")),
    ("surname", ("фамил", "фам ", "surname", "last name", "family name", "lastname")),
    ("patronymic", ("отчеств", "отч ", "patronymic", "middle name")),
    ("name", ("имя ", "first name", "given name", "firstname", "name ")),
    ("group_role", ("роль в групп", "роль ", "role ")),
    ("group", ("групп", "group", "делегац", "сидят вместе", "вместе с", "семья ", "together")),
    ("category", ("категор", "кат ", "category")),
    ("precedence", ("ранг", "приоритет", "старшинств", "очередност", "протокольн", "rank", "priority",
                    "precedence")),
    ("needs", ("особые потребн", "потребност", "нужд", "маломобильн", "овз", "ограничен", "доступн", "особенност",
               "special needs", "needs", "accessibility")),
    ("wheelchair", ("коляс", "wheelchair")),
    ("no_stairs", ("без лестниц", "без_лестниц", "лестниц", "no stairs", "no_stairs", "stairs")),
    ("aisle", ("у прохода", "у_прохода", "проход", "aisle")),
    ("needs_escort", ("сопровожд", "escort")),
    ("language", ("язык", "language")),
]

YES_NO = ("wheelchair", "no_stairs", "aisle", "needs_escort")


# ---------------------------------------------------------------- needs and rank


@dataclass(frozen=True)
class Needs:
    wheelchair: bool = False
    no_stairs: bool = False  # a wheelchair implies it
    aisle: bool = False
    needs_escort: bool = False
    other: str = ""  # what was not understood: kept as a note


_NEEDS_WORDS = {
    "wheelchair": ("коляс", "колясочник", "wheelchair", "на кресле"),
    "no_stairs": ("без лестниц", "лестниц", "ступен", "лифт", "маломобильн", "не может ходить", "не может подним",
                  "подниматься", "трост", "костыл", "ходунк", "пандус", "no stairs", "stairs", "step-free"),
    "aisle": ("у прохода", "с краю", "крайнее место", "aisle"),
    "needs_escort": ("сопровожд", "сопровод", "с помощником", "помощник", "escort", "слабовидящ", "незрячий",
                     "незряч", "слепой", "плохо видит", "слабослышащ"),
}
_NONE_WORDS = {"", "-", "—", "нет", "не требуется", "не нужно", "отсутствуют", "no", "none", "0"}


def parse_needs(text: object) -> Needs:
    """Free text of special needs («кресло-коляска», «без лестниц», «у прохода», «слабовидящий, нужен
    сопровождающий», «не может подниматься») → four flags, and the words not understood in `other`."""
    flags = {key: False for key in _NEEDS_WORDS}
    other = []
    for part in re.split(r"[;,/]|\s+и\s+|\s\+\s", clean_text(text)):
        key = search_key(part).strip(" .")
        if key in _NONE_WORDS:
            continue
        hits = [flag for flag, words in _NEEDS_WORDS.items() if any(word in key for word in words)]
        for flag in hits:
            flags[flag] = True
        if not hits:
            other.append(part.strip())
    if flags["wheelchair"]:
        flags["no_stairs"] = True
    return Needs(**flags, other=", ".join(other))


def parse_rank(text: object) -> int | None:
    """«3», « 10 », 3.0 (as Excel stores numbers) → an integer ≥ 0; empty → None."""
    value = clean_text(text)
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,6})(?:[.,]0+)?", value)
    if not match:
        raise InvalidValue(gettext("«%(value)s» — нужно целое число не меньше нуля.") % {"value": value})
    return int(match.group(1))


# ---------------------------------------------------------------- groups


class GroupRole(StrEnum):
    """What a row is within its seating group."""

    PRINCIPAL = "principal"  # the one the others are linked to
    ESCORT = "escort"
    INTERPRETER = "interpreter"
    FAMILY = "family"
    DELEGATION = "delegation"
    MEMBER = "member"  # nothing said: a delegate, or family when the group says so


_ROLE_WORDS = (  # checked in this order on the folded text
    (GroupRole.INTERPRETER, ("переводчи", "interpreter", "translator")),
    (GroupRole.ESCORT, ("сопровождающ", "сопровождение", "escort")),
    (GroupRole.PRINCIPAL, ("глава", "руководитель делегац", "principal", "head ")),
    (GroupRole.FAMILY, ("член семьи", "семья", "супруг", "family")),
    (GroupRole.DELEGATION, ("член делегации", "делегат", "delegat")),
)
_NEEDS_AN_ESCORT = ("нужен", "нужна", "нуждается", "требуется", "с сопровожд")


def group_role(role: str = "", position: str = "", category: str = "", needs: str = "") -> GroupRole:
    """The row's role: the «Роль в группе» column when it says one; else a position or category that
    names an escort or an interpreter («Сопровождающий», «Переводчик делегации»), or a needs cell that
    is only such a word — «нужен сопровождающий» is a need, not a role."""
    said = _role_in(role)
    if said is not GroupRole.MEMBER:
        return said
    for text in (position, category):
        found = _role_in(text)
        if found in (GroupRole.ESCORT, GroupRole.INTERPRETER):
            return found
    key = search_key(clean_text(needs))
    if key and not any(word in key for word in _NEEDS_AN_ESCORT) and len(key.split()) == 1:
        return {GroupRole.ESCORT: GroupRole.ESCORT, GroupRole.INTERPRETER: GroupRole.INTERPRETER}.get(
            _role_in(key), GroupRole.MEMBER)
    return GroupRole.MEMBER


def _role_in(text: str) -> GroupRole:
    key = f"{search_key(clean_text(text))} "
    if not key.strip() or any(word in key for word in _NEEDS_AN_ESCORT):
        return GroupRole.MEMBER
    return next((role for role, words in _ROLE_WORDS if any(word in key for word in words)), GroupRole.MEMBER)


def is_family_group(label: str) -> bool:
    """«Семья Ивановых», «семья», «Family»: a family sits together, not a delegation."""
    key = search_key(clean_text(label))
    return any(word in key for word in ("семья", "семьи", "family", "супруг"))


# ---------------------------------------------------------------- one row


@dataclass(frozen=True)
class GuestColumns:
    surname: str = ""
    name: str = ""
    patronymic: str = ""
    precedence: int | None = None  # None: nothing typed
    category: str = ""  # as typed
    group: str = ""
    role: GroupRole = GroupRole.MEMBER
    language: str = ""
    needs: Needs = Needs()
    notes: tuple[str, ...] = ()  # needs not understood, an escort named in the escort column

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)


def read_guest_columns(get: Callable[[str], str], fail: Callable[[str, str], None], errors: list[str],
                       warnings: list[str]) -> GuestColumns:
    """The shared columns of one row: the name in parts (Фамилия / Имя / Отчество, or ФИО split), the
    rank, the needs from free text and from yes/no columns together, the group and the row's role in it.
    A missing or broken surname goes to `errors` (a whole sentence); a rank that is not a number and a
    yes/no cell that is neither `fail` their column."""
    surname, name, patronymic, aside = read_name_parts(get, errors, warnings)
    try:
        precedence = parse_rank(get("precedence"))
    except InvalidValue as error:
        fail("precedence", str(error))
        precedence = None
    needs_text = get("needs")
    role = group_role(get("group_role"), get("position"), get("category"), needs_text)
    if role in (GroupRole.ESCORT, GroupRole.INTERPRETER) and _role_in(needs_text) is role:
        needs_text = ""  # «Сопровождающий» in the needs column: who the row is, not what it needs
    typed = parse_needs(needs_text)
    flags = {flag: getattr(typed, flag) for flag in YES_NO}
    notes = [text for text in (aside, typed.other) if text]
    for flag in YES_NO:
        text = get(flag)
        answer = parse_yes_no(text)
        if answer is None and flag == "needs_escort":  # the escort's name instead of «да»
            answer = True
            notes.append(gettext("Сопровождающий: %(name)s") % {"name": text})
        elif answer is None:
            fail(flag, gettext("«%(value)s» — нужно «да» или «нет».") % {"value": text})
        flags[flag] = flags[flag] or bool(answer)
    if flags["wheelchair"]:
        flags["no_stairs"] = True
    if typed.other:
        warnings.append(gettext("Потребность «%(text)s» не распознана: записана в примечание.") % {"text": typed.other})
    return GuestColumns(surname, name, patronymic, precedence, get("category"), get("group"), role, get("language"),
                        Needs(**flags, other=typed.other), tuple(notes))
