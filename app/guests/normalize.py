"""Values of the guest registry as departments type them, brought to one form.

Pure functions, no database: names, full names split into parts, gender, phones, e-mail,
needs, status and rank. A value that cannot be understood raises `InvalidValue` whose text is
a message for the person who typed it (translated through gettext, Russian by default).
Empty input is never an error here: whether a field is required is the caller's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.i18n import gettext
from app.core.text import search_key
from app.guests.kinds import Gender, PersonStatus

__all__ = [
    "FullName", "InvalidValue", "Needs", "clean_text", "full_name_key", "guess_gender", "is_initial",
    "normalize_email", "normalize_name", "normalize_phone", "parse_gender", "parse_needs", "parse_rank",
    "parse_status", "parse_yes_no", "phone_keys", "search_key", "split_full_name",
]


class InvalidValue(ValueError):
    """A value that cannot be understood; str(error) is the message to show."""


# ---------------------------------------------------------------- text and names

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean_text(value: object) -> str:
    """Any cell value as one line of text: no-break and repeated spaces, line breaks and
    zero-width characters folded to single spaces, the ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps every number as a float: 89141234567.0
    return _SPACES.sub(" ", str(value).translate(_INVISIBLE)).strip()


# Lower-case particles inside Turkic, Arabic and European names («Мамедов Рашид Ильхам оглы»).
_PARTICLES = {"оглы", "кызы", "гызы", "улы", "уулу", "ибн", "бин", "бен", "фон", "ван", "дер", "де", "дю", "ди",
              "да", "ла", "ле", "дель"}
_INITIAL = re.compile(r"^[^\W\d_]\.?$")


def is_initial(part: str) -> bool:
    """«И.» or a lone letter stands for a name that was not written out."""
    return bool(_INITIAL.match(part))


def _word_case(word: str) -> str:
    """One word of a name: «ИВАНОВ», «иванов», «иВАНОВ» → «Иванов»; «МакДональд» stays as typed."""
    if not word:
        return word
    if word.isupper() or word.islower() or (word[0].islower() and word[1:].isupper()):
        return word[0].upper() + word[1:].lower()
    return word[0].upper() + word[1:]


def normalize_name(text: object) -> str:
    """A surname, a name, a patronymic or a whole name, written the way it is printed on an
    invitation: single spaces, capitals at the start of every part, hyphens without spaces
    (Салтыков-Щедрин), particles such as «оглы» in lower case. «ё» is kept as typed."""
    text = clean_text(text).strip(" ,;")
    text = re.sub(r"\s*([-‐‑–—])\s*", "-", text)  # «Салтыков - Щедрин» → «Салтыков-Щедрин»
    text = re.sub(r"\.(?=[^\W\d_])", ". ", text)  # «И.П.» → «И. П.»
    words = []
    for index, word in enumerate(text.split(" ")):
        if index and word.casefold() in _PARTICLES:
            words.append(word.casefold())
            continue
        parts = re.split(r"([-'’])", word)
        words.append("".join(part if part in "-'’" else _word_case(part) for part in parts))
    return " ".join(words)


def full_name_key(surname: str, name: str = "", patronymic: str = "") -> str:
    """What duplicate detection compares: the full name folded for case and ё/е."""
    return search_key(f"{surname} {name} {patronymic}")


@dataclass(frozen=True)
class FullName:
    surname: str
    name: str = ""
    patronymic: str = ""
    initials: bool = False  # the name and/or patronymic are only initials («И.», «П.»)
    reordered: bool = False  # written as «Иван Петрович Иванов» or «И. П. Иванов» and put in order


_PATRONYMIC_MALE = ("вич", "ьич", "ич")
_PATRONYMIC_FEMALE = ("вна", "чна", "ична")
_TURKIC_MALE = {"оглы", "улы", "уулу"}
_TURKIC_FEMALE = {"кызы", "гызы", "кизи"}


def _looks_like_patronymic(word: str) -> bool:
    key = search_key(word)
    return len(key) > 4 and key.endswith(_PATRONYMIC_MALE + _PATRONYMIC_FEMALE)


def split_full_name(text: object) -> FullName:
    """«Иванов Иван Петрович», «ИВАНОВ иван петрович», «Иванов И. П.», «Иванов И.П.»,
    «И. П. Иванов», «Иван Петрович Иванов», «Мамедов Рашид Ильхам оглы» → parts.
    One word is a surname alone; two are a surname and a name."""
    words = normalize_name(str(clean_text(text)).replace(",", " ")).split()
    if not words:
        return FullName("")
    reordered = False
    # Initials first: «И. П. Иванов».
    lead = 0
    while lead < len(words) - 1 and lead < 2 and is_initial(words[lead]):
        lead += 1
    if lead and not is_initial(words[-1]):
        words = words[lead:] + words[:lead]
        reordered = True
    # «Иван Петрович Иванов»: the middle word is the patronymic and the last is not.
    elif len(words) == 3 and _looks_like_patronymic(words[1]) and not _looks_like_patronymic(words[2]):
        words = [words[2], words[0], words[1]]
        reordered = True
    surname, rest = words[0], words[1:]
    name = rest[0] if rest else ""
    patronymic = " ".join(rest[1:])
    initials = any(is_initial(part) for part in (name, patronymic) if part)
    return FullName(surname, _dotted(name), _dotted(patronymic), initials, reordered)


def _dotted(part: str) -> str:
    return part + "." if len(part) == 1 and part.isalpha() else part


# ---------------------------------------------------------------- gender

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
    if len(last) > 4 and last.endswith(_PATRONYMIC_FEMALE):
        return Gender.FEMALE
    if len(last) > 4 and last.endswith(_PATRONYMIC_MALE):
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


# ---------------------------------------------------------------- phones

_EXTENSION = re.compile(r"\s*[,(]?\s*(?:доб(?:авочный)?|вн(?:утр(?:енний)?)?|ext|x|#)\.?\s*:?\s*(\d{1,6})\)?\s*$",
                        re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.‐‑–—/]*$")
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+]?\d+$")


# Labels people write next to a number: «моб.», «сот.», «раб.», «дом.», «тел.».
_PHONE_LABELS = re.compile(r"(?<!\w)(?:моб|мобильный|сот|сотовый|раб|рабочий|дом|домашний|тел|т|факс|mob|tel|cell|"
                           r"work|home)(?!\w)\.?:?", re.IGNORECASE)


def _one_phone(typed: str, area_code: str) -> str:
    text = re.sub(r"\(\s*\)", " ", _PHONE_LABELS.sub(" ", typed)).strip()
    match = _EXTENSION.search(text)
    extension = " доб. " + match.group(1) if match else ""  # stored data: the same in every locale
    main = text[: match.start()] if match else text
    if not _PHONE_CHARS.match(main):
        raise _bad_phone(typed)
    digits = re.sub(r"\D", "", main)
    international = main.strip().startswith("+")
    if international and not digits.startswith("7"):
        if not 8 <= len(digits) <= 15:
            raise _bad_phone(typed)
        return "+" + digits + extension
    if international and len(digits) != 11:
        raise _bad_phone(typed)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    elif len(digits) in (5, 6, 7) and area_code and len(area_code) + len(digits) == 10 and not international:
        digits = area_code + digits
    if len(digits) != 10:
        raise _bad_phone(typed)
    formatted = f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    return formatted + extension


def _bad_phone(text: str) -> InvalidValue:
    return InvalidValue(gettext("Телефон «%(value)s» не распознан: нужен номер из 10 цифр с кодом города или "
                                "оператора, например +7 914 123-45-67 или 8 (4212) 30-45-67.") % {"value": text})


def normalize_phone(text: object, area_code: str = "") -> str:
    """«8 (4212) 30-45-67», «+7 914 123 45 67», «89141234567», «4212 304567», «… доб. 123» →
    «+7 421 230-45-67», «+7 914 123-45-67 доб. 123». Several numbers in one cell (separated by
    «,», «;» or «или») are each normalised and joined with «, ». A local number of 5–7 digits
    takes `area_code` (e.g. «4212») when one is given. Foreign numbers (+ and a code other than 7)
    are kept as «+» and digits."""
    if _SCIENTIFIC.match(clean_text(text)):
        raise InvalidValue(gettext("Телефон «%(value)s» испорчен Excel (записан как число с порядком): задайте "
                                   "столбцу текстовый формат и введите номер заново.") % {"value": clean_text(text)})
    return _each(text, lambda part: _one_phone(part, re.sub(r"\D", "", area_code)))


def _each(text: object, normalize) -> str:
    value = clean_text(text)
    if not value:
        return ""
    parts = [part.strip() for part in re.split(r"[;,]|\s+или\s+|\s+or\s+", value) if part.strip()]
    # A comma before an extension («30-45-67, доб. 12») belongs to the number.
    merged: list[str] = []
    for part in parts:
        if merged and _EXTENSION.fullmatch(" " + part):
            merged[-1] += " " + part
        else:
            merged.append(part)
    return ", ".join(dict.fromkeys(normalize(part) for part in merged))


# ---------------------------------------------------------------- e-mail

_EMAIL = re.compile(r"^[^@\s\"(),:;<>\[\]\\]+@([^@\s\"(),:;<>\[\]\\.]+\.)+[^@\s\"(),:;<>\[\]\\.\d]{2,}$")


def _one_email(text: str) -> str:
    value = text.strip().strip("<>")
    if value.casefold().startswith("mailto:"):
        value = value[7:]
    local, _, domain = value.rpartition("@")
    value = f"{local}@{domain.casefold()}" if local else value
    if not _EMAIL.match(value) or ".." in value or value.startswith("."):
        raise InvalidValue(gettext("Адрес эл. почты «%(value)s» неверен: ожидается вид имя@домен.ru.")
                           % {"value": text})
    return value


def normalize_email(text: object) -> str:
    """«Ivanov@Mail.RU » → «Ivanov@mail.ru» (the domain in lower case, the mailbox as typed);
    several addresses in a cell are each checked and joined with «, »."""
    return _each(text, _one_email)


# ---------------------------------------------------------------- needs, status, rank, yes/no


@dataclass(frozen=True)
class Needs:
    wheelchair: bool = False
    no_stairs: bool = False  # a wheelchair implies it
    needs_escort: bool = False
    other: str = ""  # what was not understood: the importer keeps it in the notes


_NEEDS_WORDS = {
    "wheelchair": ("коляс", "колясочник", "wheelchair", "кресло-коляск", "на кресле"),
    "no_stairs": ("без лестниц", "лестниц", "ступен", "лифт", "маломобильн", "не может ходить", "трост", "костыл",
                  "ходунк", "пандус", "no stairs", "stairs", "step-free"),
    "needs_escort": ("сопровожд", "сопровод", "с помощником", "помощник", "escort", "слабовидящ", "незрячий",
                     "незряч", "слепой"),
}
_NONE_WORDS = {"", "-", "—", "нет", "не требуется", "не нужно", "отсутствуют", "no", "none", "0"}


def parse_needs(text: object) -> Needs:
    """Free text of special needs («инвалидная коляска», «без лестниц», «нужен сопровождающий»,
    «коляска, сопровождение») → three flags, and the words not understood kept in `other`."""
    value = clean_text(text)
    flags = {key: False for key in _NEEDS_WORDS}
    other = []
    for part in re.split(r"[;,/]|\s+и\s+|\s\+\s", value):
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


def parse_rank(text: object) -> int | None:
    """«3», « 10 », 3.0 (as Excel stores numbers) → an integer ≥ 0; empty → None."""
    value = clean_text(text)
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,6})(?:[.,]0+)?", value)
    if not match:
        raise InvalidValue(gettext("Ранг «%(value)s» должен быть целым числом не меньше нуля.") % {"value": value})
    return int(match.group(1))


_YES = {"да", "д", "+", "1", "yes", "y", "true", "истина", "нужно", "нужен", "нужна", "требуется", "x", "х", "v", "✓"}
_NO = {"нет", "н", "-", "—", "0", "no", "n", "false", "ложь", "не нужно", "не требуется"}


def parse_yes_no(text: object) -> bool | None:
    """«да», «+», «1», «x» → True; «нет», «-», «0», empty → False; anything else → None
    (the caller decides: a name in an «Сопровождающий» column means yes, with a note)."""
    key = search_key(clean_text(text)).strip(" .")
    if not key or key in _NO:
        return False
    if key in _YES:
        return True
    return None


def phone_keys(text: object) -> set[str]:
    """What duplicate detection compares for phones written in any form: the 10 national digits
    of each number (all digits for a foreign one), extensions dropped. Never raises."""
    keys = set()
    for part in re.split(r"[;,]|\s+или\s+", clean_text(text)):
        match = _EXTENSION.search(part)
        digits = re.sub(r"\D", "", part[: match.start()] if match else part)
        if len(digits) == 11 and digits[0] in "78":
            digits = digits[1:]
        if len(digits) >= 5:
            keys.add(digits)
    return keys
