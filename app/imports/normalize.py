"""Values of a list as departments type them, brought to one form: the generic part of any import.

Pure functions, no database: cell text, names, full names split into parts, phones, e-mail and
yes/no. A value that cannot be understood raises `InvalidValue` whose text is a message for the
person who typed it (translated through gettext, Russian by default). Empty input is never an error
here: whether a field is required is the caller's business. The guest registry's own values (gender,
needs, status, rank) are read in app.guests.normalize.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.declension import name_start
from app.core.i18n import gettext
from app.core.text import cyrillic_lookalikes, search_key

__all__ = [
    "PATRONYMIC_FEMALE", "PATRONYMIC_MALE", "FullName", "InvalidValue", "clean_text", "full_name_key", "is_initial",
    "normalize_email", "normalize_name", "normalize_phone", "parse_yes_no", "phone_keys", "split_full_name",
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
    (Салтыков-Щедрин), particles such as «оглы» in lower case, Latin look-alikes in a Russian word made
    Cyrillic («Иванoв» with a Latin «o»). «ё» is kept as typed."""
    text = clean_text(text).strip(" ,;")
    text = re.sub(r"\s*([-‐‑–—])\s*", "-", text)  # «Салтыков - Щедрин» → «Салтыков-Щедрин»
    text = re.sub(r"\.(?=[^\W\d_])", ". ", text)  # «И.П.» → «И. П.»
    words = []
    for index, word in enumerate(text.split(" ")):
        if index and word.casefold() in _PARTICLES:
            words.append(word.casefold())
            continue
        parts = re.split(r"([-'’])", cyrillic_lookalikes(word))
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
    aside: tuple[str, ...] = ()  # what the cell says besides the name: a rank, «(с супругой)», «, ветеран ВОВ»
    several: bool = False  # the cell names more than one person: «Иванов И. И., Петров П. П.»


PATRONYMIC_MALE = ("вич", "ьич", "ич")
PATRONYMIC_FEMALE = ("вна", "чна", "ична")



def _looks_like_patronymic(word: str) -> bool:
    key = search_key(word)
    return len(key) > 4 and key.endswith(PATRONYMIC_MALE + PATRONYMIC_FEMALE)


def split_full_name(text: object) -> FullName:
    """«Иванов Иван Петрович», «ИВАНОВ иван петрович», «Иванов И. П.», «Иванов И.П.»,
    «И. П. Иванов», «Иван Петрович Иванов», «Мамедов Рашид Ильхам оглы» → parts.
    One word is a surname alone; two are a surname and a name. A rank or title before the name («Генерал-майор
    Иванов Иван Иванович»), text in brackets, after «+» or after a comma that follows a whole name are the
    `aside`; a second person after the comma sets `several`."""
    text, aside, several = _name_and_asides(clean_text(text))
    words = normalize_name(text.replace(",", " ")).split()
    if not words:
        return FullName("", aside=aside, several=several)
    title = name_start(words)
    if title and len(words) - title >= 2:  # «Генерал-майор Иванов Иван Иванович»: the rank is not the surname
        aside, words = (" ".join(words[:title]).lower(), *aside), words[title:]
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
    return FullName(surname, _dotted(name), _dotted(patronymic), initials, reordered, aside, several)


_BRACKETS = re.compile(r"\(([^()]*)\)")
_PLUS = re.compile(r"\s*\+\s*(\d+|[^\W\d_].*)$")  # «+ 1», «+ супруга»
# after a comma, another person: a surname with initials, or a surname, a name and a patronymic
_ANOTHER_NAME = re.compile(r"^[А-ЯЁA-Z][а-яёa-z-]+\s+(?:[А-ЯЁA-Z]\.\s*[А-ЯЁA-Z]\.?"
                           r"|[А-ЯЁA-Z][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|чна|ич))")


def _name_and_asides(text: str) -> tuple[str, tuple[str, ...], bool]:
    """The name in a cell, what else the cell says, and whether it names a second person: text in brackets,
    after «+», and after a comma that follows a whole name («Иванов Иван Иванович, ветеран ВОВ»; a comma
    after the surname alone, «Иванов, Иван Иванович», only separates its parts) is not the name."""
    aside = [inner.strip() for inner in _BRACKETS.findall(text) if inner.strip()]
    text = _BRACKETS.sub(" ", text)
    plus = _PLUS.search(text)
    if plus:
        aside.append("+ " + plus.group(1))
        text = text[:plus.start()]
    several = False
    parts = re.split(r"[,;]", text, maxsplit=1)
    head, tail = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
    if len(head.split()) >= 2 and tail:
        several = any(_ANOTHER_NAME.match(part.strip()) for part in re.split(r"[,;]", tail))
        aside.append(tail)
        text = head
    return _SPACES.sub(" ", text).strip(), tuple(aside), several


def _dotted(part: str) -> str:
    return part + "." if len(part) == 1 and part.isalpha() else part


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


# ---------------------------------------------------------------- yes/no

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
