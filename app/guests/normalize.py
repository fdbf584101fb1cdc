"""Values of the guest registry as departments type them, brought to one form: gender and status
(the generic ones — names, phones, e-mail, yes/no — are app.imports.normalize's; needs and rank,
which every guest list has, app.imports.guest_columns').

Pure functions, no database. A value that cannot be understood raises `InvalidValue` whose text
is a message for the person who typed it; empty input is never an error here.
"""

from __future__ import annotations

from app.core.i18n import gettext
from app.core.text import search_key
from app.guests.kinds import Gender, PersonStatus
from app.imports.normalize import PATRONYMIC_FEMALE, PATRONYMIC_MALE, InvalidValue, clean_text, is_initial

__all__ = ["guess_gender", "parse_gender", "parse_status"]

# ---------------------------------------------------------------- gender

_TURKIC_MALE = {"оглы", "улы", "уулу"}
_TURKIC_FEMALE = {"кызы", "гызы", "кизи"}

# Names ending in -а/-я that belong to men, and short forms used for both.
_MALE_IN_A = {"никита", "илья", "кузьма", "фома", "лука", "савва", "фока", "данила", "гаврила", "добрыня",
              "зосима", "мина", "иона", "аникита", "мирза", "муса", "иса", "яхья", "ильяза", "хамза", "габдулла",
              "абдулла", "мустафа", "миша", "гриша", "паша", "петя", "ваня", "вова", "дима", "коля", "леша",
              "сережа", "юра", "толя", "федя", "костя", "степа", "гоша"}  # folded: е for ё
_MALE_SOFT = {"игорь", "василь", "олесь", "лазарь", "ярополк"}
_UNISEX = {"саша", "женя", "валя", "слава", "шура", "сима", "стася", "ася"}
_FEMALE_CONSONANT = {"любовь", "нинель", "рахиль", "юдифь", "эсфирь", "айгуль", "гульнур", "ассоль", "руфь",
                     "адель", "марисоль", "кармен", "ирэн", "мэри", "элис", "гузель", "асель", "айгерим"}


def _gender_from_patronymic(patronymic: str) -> Gender | None:
    words = search_key(patronymic).split()
    if not words or is_initial(words[0]):
        return None
    if words[-1] in _TURKIC_MALE:
        return Gender.MALE
    if words[-1] in _TURKIC_FEMALE:
        return Gender.FEMALE
    last = words[-1]
    if len(last) > 4 and last.endswith(PATRONYMIC_FEMALE):
        return Gender.FEMALE
    if len(last) > 4 and last.endswith(PATRONYMIC_MALE):
        return Gender.MALE
    return None


def _gender_from_name(name: str) -> Gender | None:
    key = search_key(name).replace("-", " ").split(" ")[0] if name.strip() else ""
    if len(key) < 2 or is_initial(key) or key in _UNISEX:
        return None
    if key in _MALE_IN_A or key in _MALE_SOFT:
        return Gender.MALE
    if key in _FEMALE_CONSONANT:
        return Gender.FEMALE
    if key[-1] in "ая":
        return Gender.FEMALE
    if key[-1] in "бвгджзйклмнпрстфхцчшщ":
        return Gender.MALE
    return None  # -ь, -о, -е, -и, -у …: Игорь and Любовь, Нико, Рене — too uncertain


_SURNAME_FEMALE = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")
_SURNAME_MALE = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")


def _gender_from_surname(surname: str) -> Gender | None:
    key = search_key(surname).split("-")[-1]
    if len(key) < 5:
        return None
    if key.endswith(_SURNAME_FEMALE):
        return Gender.FEMALE
    if key.endswith(_SURNAME_MALE):
        return Gender.MALE
    return None


def guess_gender(name: str = "", patronymic: str = "", surname: str = "") -> Gender | None:
    """The patronymic decides (-вич/-ич, -вна/-ична, оглы/кызы). Without it the name and the
    surname must agree, or one of them must speak while the other is silent; otherwise None."""
    by_patronymic = _gender_from_patronymic(patronymic)
    if by_patronymic is not None:
        return by_patronymic
    hints = {g for g in (_gender_from_name(name), _gender_from_surname(surname)) if g is not None}
    return hints.pop() if len(hints) == 1 else None


_GENDER_WORDS = {
    Gender.MALE: {"м", "муж", "мужской", "мужчина", "m", "male", "man", "мужск"},
    Gender.FEMALE: {"ж", "жен", "женский", "женщина", "f", "w", "female", "woman", "женск"},
}


def parse_gender(text: object) -> Gender:
    """«м», «М.», «муж.», «мужской», «Ж», «жен», «женский», «M», «F» → Gender; empty → UNKNOWN."""
    key = search_key(clean_text(text)).strip(" .")
    if not key:
        return Gender.UNKNOWN
    for gender, words in _GENDER_WORDS.items():
        if key in words:
            return gender
    raise InvalidValue(gettext("Пол «%(value)s» не распознан: укажите «м» или «ж».") % {"value": clean_text(text)})


# ---------------------------------------------------------------- status


_STATUS_WORDS = {
    PersonStatus.ACTIVE: ("действ", "актив", "жив", "active", "да", "+"),
    PersonStatus.DECEASED: ("умер", "скончал", "погиб", "ушел из жизни", "ушла из жизни", "deceased", "dead", "†"),
    PersonStatus.MOVED: ("выбыл", "переех", "выехал", "уехал", "moved", "left"),
}


def parse_status(text: object) -> PersonStatus:
    """«действует», «умер», «умерла», «скончался», «выбыл(а)», «переехал» … → PersonStatus;
    empty → ACTIVE."""
    key = search_key(clean_text(text)).strip(" .")
    if not key:
        return PersonStatus.ACTIVE
    for status, words in _STATUS_WORDS.items():
        if any(key.startswith(word) for word in words):
            return status
    raise InvalidValue(gettext("Статус «%(value)s» не распознан: допустимо «действует», «умер» или «выбыл».")
                       % {"value": clean_text(text)})
