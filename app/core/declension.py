"""Russian declension of people's names and of the positions they hold, for every paper the app prints.

The API (letters, envelopes and labels, salutations, the wreath order and `ceremonia decline` use it):

    decline(surname, name, patronymic, case, gender=None) -> (surname, name, patronymic)
    decline_full("Петров Пётр Петрович", case, gender=None) -> "Петрову Петру Петровичу"
        also «Петров П. П.», «П. П. Петров», «Пётр Петрович Петров», and a leading rank or title:
        «полковник полиции Петров П. П.» -> «полковнику полиции Петрову П. П.»
    decline_position("Начальник УМВД России по г. Хабаровску", case) -> "Начальнику УМВД России по г. Хабаровску"
    gender_of(surname, name, patronymic) -> Gender | None
    name_start(words) -> the index where the name begins after a rank or title («Генерал-майор Иванов …»: 1)
    Case: GENITIVE, DATIVE, ACCUSATIVE, INSTRUMENTAL, PREPOSITIONAL (and NOMINATIVE, which changes nothing);
        a plain string "dative" works wherever a Case does.
    gender: Gender.MALE / Gender.FEMALE, or the registry's "m" / "f", or "male" / "female", or None (worked
        out from the patronymic, then from the name and surname by the library).

Names go through pytrovich (the petrovich rules, maintained upstream), chosen over `petrovich` on the test
table in tests/core/test_declension.py (see the README). What the library does not know is decided here:
the gender from Turkic patronymics (оглы / кызы), East Asian names without a Russian patronymic left as they
are, Latin-script names left as they are, initials kept. Positions are declined by a small explicit rule set
for the heads of Russian officialdom: the head noun and the adjectives agreeing with it change, the dependent
part («УМВД России по г. Хабаровску», «начальника управления») stays as written.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case as LibraryCase
from pytrovich.enums import Gender as LibraryGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker


class Case(StrEnum):
    NOMINATIVE = "nominative"
    GENITIVE = "genitive"
    DATIVE = "dative"
    ACCUSATIVE = "accusative"
    INSTRUMENTAL = "instrumental"
    PREPOSITIONAL = "prepositional"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


CASES = tuple(c for c in Case if c is not Case.NOMINATIVE)

_GENDER_SPELLINGS = {"m": Gender.MALE, "male": Gender.MALE, "м": Gender.MALE,
                     "f": Gender.FEMALE, "female": Gender.FEMALE, "ж": Gender.FEMALE}
_MALE_PATRONYMIC = ("вич", "ич", "оглы", "оглу", "улы", "уулу")
_FEMALE_PATRONYMIC = ("вна", "чна", "кызы", "гызы")
_TURKIC_PARTICLES = {"оглы", "оглу", "улы", "уулу", "кызы", "гызы"}
# Surnames of Chinese and Korean guests: without a Russian patronymic the name is a foreign one
# («Ван Лэй», «Пак Чон Хи») and stays as written; Russian citizens with a patronymic decline as Russian
# grammar says (Киму Сергею Александровичу, Ким Анне Сергеевне).
_EAST_ASIAN_SURNAMES = {"ван", "ли", "ким", "пак", "цой", "тен", "тян", "хан", "чжан", "лю", "чен", "чэнь",
                        "ян", "ю", "лим", "шин", "юн", "хэ", "ма", "го", "сун", "чжоу", "ву", "у"}
_INITIAL = re.compile(r"^(?:[А-ЯЁA-Z]\.)+$")
_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё\-]+$")


def _case(case: Case | str) -> Case:
    return Case(case)


def _gender(gender: Gender | str | None) -> Gender | None:
    if gender is None or isinstance(gender, Gender):
        return gender
    return _GENDER_SPELLINGS.get(gender.strip().lower())


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def gender_of(surname: str = "", name: str = "", patronymic: str = "") -> Gender | None:
    """The gender a name says: the patronymic first (…вич, оглы / …вна, кызы), then the library on the
    name and surname; None when they do not tell (Саша Черных)."""
    ending = patronymic.strip().lower()
    if ending.endswith(_MALE_PATRONYMIC):
        return Gender.MALE
    if ending.endswith(_FEMALE_PATRONYMIC):
        return Gender.FEMALE
    detected = _detector().detect(
        firstname=_declinable(name) or None, lastname=_declinable(surname) or None,
        middlename=_declinable(patronymic) or None)
    return {LibraryGender.MALE: Gender.MALE, LibraryGender.FEMALE: Gender.FEMALE}.get(detected)


def _declinable(word: str) -> str:
    """The word if the library should see it: Cyrillic, not an initial."""
    word = word.strip()
    return word if word and _CYRILLIC_WORD.match(word) else ""


def _decline_part(part: NamePart, word: str, case: Case, gender: Gender | None) -> str:
    if not _declinable(word):
        return word
    library_case = LibraryCase[case.name]
    shouting = word.isupper() and len(word) > 1  # «ПЕТРОВ» as some lists have it: the rules want «Петров»
    source = "-".join(piece.capitalize() for piece in word.split("-")) if shouting else word
    if gender is None:
        form = _maker().make(part, LibraryGender.ANDROGYNOUS, library_case, source, known_gender=False)
    else:
        form = _maker().make(part, LibraryGender[gender.name], library_case, source)
    return form.upper() if shouting else form


def _is_foreign(surname: str, patronymic: str) -> bool:
    russian_patronymic = patronymic.strip().lower().endswith(_MALE_PATRONYMIC + _FEMALE_PATRONYMIC)
    return not russian_patronymic and surname.strip().lower() in _EAST_ASIAN_SURNAMES


def decline(surname: str, name: str, patronymic: str, case: Case | str,
            gender: Gender | str | None = None) -> tuple[str, str, str]:
    """The three parts in the case; empty parts and initials stay as they are."""
    case = _case(case)
    if case is Case.NOMINATIVE or _is_foreign(surname, patronymic):
        return surname, name, patronymic
    gender = _gender(gender) or gender_of(surname, name, patronymic)
    turkic = bool(set(patronymic.lower().split()) & _TURKIC_PARTICLES)
    return (
        _decline_part(NamePart.LASTNAME, surname, case, gender),
        _decline_part(NamePart.FIRSTNAME, name, case, gender),
        # «Рашид оглы» is the father's name and a particle: official usage leaves it as it is
        patronymic if turkic else _decline_part(NamePart.MIDDLENAME, patronymic, case, gender),
    )


def _looks_patronymic(word: str) -> bool:
    return word.lower().endswith(_MALE_PATRONYMIC + _FEMALE_PATRONYMIC)


def _join_turkic(words: list[str]) -> list[str]:
    """«Рашид оглы» as one word, the patronymic it is."""
    joined: list[str] = []
    for word in words:
        if word.lower() in _TURKIC_PARTICLES and joined:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def _name_roles(words: list[str]) -> tuple[int, int | None, int | None]:
    """Which words are the surname, the name and the patronymic: (surname, name, patronymic) indexes."""
    initials = [i for i, w in enumerate(words) if _INITIAL.match(w)]
    full = [i for i in range(len(words)) if i not in initials]
    if initials and full:
        # «Петров П. П.» or «П. П. Петров»: one surname and the initials, which stay
        return full[0], None, None
    if len(words) >= 3:
        if _looks_patronymic(words[1]) and not _looks_patronymic(words[2]):
            return 2, 0, 1  # «Пётр Петрович Петров»
        return 0, 1, 2
    if len(words) == 2:
        return 0, 1, None
    return 0, None, None


def name_start(words: list[str]) -> int:
    """Where the name begins after a rank or title («полковник полиции», «Начальник УМВД России»): at the
    initials and the surname beside them, at the surname before a patronymic, or after the title's head and
    its lower-case dependents; 0 when the text is all name."""
    initials = [i for i, w in enumerate(words) if _INITIAL.match(w)]
    if initials:
        first = initials[0]
        after = initials[-1] < len(words) - 1  # «П. П. Петров»: the surname follows
        return first if after or first == 0 else first - 1
    patronymics = [i for i, w in enumerate(words) if _looks_patronymic(w) or w.lower() in _TURKIC_PARTICLES]
    if patronymics:
        at = patronymics[0] - (words[patronymics[0]].lower() in _TURKIC_PARTICLES)  # «Рашид оглы»
        following = words[at + 1] if at + 1 < len(words) else ""
        if following[:1].isupper() and following.lower() not in _TURKIC_PARTICLES:
            return max(at - 1, 0)  # «Пётр Петрович Петров»
        return max(at - 2, 0)
    last_head = max((i for i, w in enumerate(words) if _head(w) is not None), default=-1)
    start = last_head + 1
    while 0 < start < len(words) and not words[start][:1].isupper():
        start += 1  # the head's dependent words: «полиции», «1 ранга»
    return start


def decline_full(text: str, case: Case | str, gender: Gender | str | None = None) -> str:
    """A whole name as written, in the case: «Петров Пётр Петрович», «Петров П. П.», «П. П. Петров»,
    optionally after a rank or title, which is declined as a position is."""
    case = _case(case)
    words = text.split()
    if case is Case.NOMINATIVE or not words:
        return text
    start = name_start(words)
    title, words = words[:start], _join_turkic(words[start:])
    if not words:
        return decline_position(text, case)
    surname_at, name_at, patronymic_at = _name_roles(words)
    surname, name, patronymic = (words[i] if i is not None else "" for i in (surname_at, name_at, patronymic_at))
    declined = decline(surname, name, patronymic, case, gender)
    out = list(words)
    for index, form in zip((surname_at, name_at, patronymic_at), declined, strict=True):
        if index is not None:
            out[index] = form
    prefix = decline_position(" ".join(title), case) if title else ""
    return " ".join(filter(None, (prefix, *out)))


# ---- positions ------------------------------------------------------------------------------------
# A head's endings by case: genitive, dative, accusative (animate: as the genitive), instrumental,
# prepositional; the stem is the word without the number of letters in `cut`.
_PARADIGMS: dict[str, tuple[int, tuple[str, str, str, str, str]]] = {
    "hard": (0, ("а", "у", "а", "ом", "е")),  # директор
    "soft": (1, ("я", "ю", "я", "ем", "е")),  # председатель, иерей
    "soft_stressed": (1, ("я", "ю", "я", "ём", "е")),  # секретарь
    "ij": (1, ("я", "ю", "я", "ем", "и")),  # муфтий
    "a": (1, ("ы", "е", "у", "ой", "е")),  # глава
    "ja": (1, ("и", "е", "ю", "ёй", "е")),  # судья
    "fleeting_o": (2, ("ла", "лу", "ла", "лом", "ле")),  # посол
    "adj_hard": (2, ("ого", "ому", "ого", "ым", "ом")),  # первый, рядовой
    "adj_velar": (2, ("ого", "ому", "ого", "им", "ом")),  # хабаровский
    "adj_soft": (2, ("его", "ему", "его", "им", "ем")),  # управляющий, крайний
    "adj_fem": (2, ("ой", "ой", "ую", "ой", "ой")),  # заведующая
    "adj_fem_soft": (2, ("ей", "ей", "ую", "ей", "ей")),  # управляющая
}
_CASE_INDEX = {Case.GENITIVE: 0, Case.DATIVE: 1, Case.ACCUSATIVE: 2, Case.INSTRUMENTAL: 3,
               Case.PREPOSITIONAL: 4}

# The heads of Russian officialdom, ranks and clergy, by paradigm. Adjectival heads (управляющий,
# командующий…) follow the adjective rules below.
_HEADS: dict[str, str] = {
    **dict.fromkeys((
        "начальник", "директор", "командир", "ректор", "проректор", "министр", "губернатор", "мэр",
        "депутат", "атаман", "митрополит", "архиепископ", "епископ", "президент", "помощник", "советник",
        "консул", "прокурор", "комиссар", "врач", "инспектор", "член", "сенатор", "гражданин", "ветеран",
        "декан", "префект", "имам", "раввин", "священник", "протоиерей", "игумен", "архимандрит",
        "генерал", "полковник", "подполковник", "майор", "капитан", "лейтенант", "адмирал", "прапорщик",
        "сержант", "есаул", "мичман", "шеф", "специалист", "референт", "эксперт", "аудитор",
        "корреспондент", "редактор", "бухгалтер", "юрист",
    ), "hard"),
    **dict.fromkeys(("председатель", "заместитель", "руководитель", "настоятель", "представитель",
                     "учитель", "строитель", "иерей", "архиерей", "герой", "казначей"), "soft"),
    "секретарь": "soft_stressed",
    "муфтий": "ij",
    **dict.fromkeys(("глава", "старшина"), "a"),
    "судья": "ja",
    "посол": "fleeting_o",
}
_ADJECTIVAL_HEADS = {"управляющий", "командующий", "исполняющий", "заведующий", "уполномоченный",
                     "ответственный", "дежурный", "благочинный", "управляющая", "заведующая",
                     "исполняющая", "уполномоченная", "дежурная", "рядовой", "военнослужащий"}
_ADVERBS = {"временно", "ио", "и.", "о.", "и.о."}


def _adjective_paradigm(word: str) -> str | None:
    """The paradigm of a nominative adjective or participle, or None if the word is not one."""
    lower = word.lower()
    if lower.endswith("ый"):
        return "adj_hard"
    if lower.endswith("ой"):
        return "adj_velar" if lower[-3:-2] in "кгхжш" else "adj_hard"
    if lower.endswith("ий") and len(lower) > 3:
        return "adj_velar" if lower[-3:-2] in "кгх" else "adj_soft"
    if lower.endswith("ая"):
        return "adj_fem_soft" if lower[-3:-2] in "жшщч" else "adj_fem"
    if lower.endswith("яя"):
        return "adj_fem_soft"
    return None


def _head(word: str) -> str | None:
    """The paradigm of a head noun (the last part of «генерал-майор», «вице-губернатор»), or None."""
    last = word.split("-")[-1].lower()
    if last in _ADJECTIVAL_HEADS:
        return _adjective_paradigm(last)
    return _HEADS.get(last)


def _inflect(word: str, paradigm: str, case: Case) -> str:
    """The word (its last hyphen part) in the case by the paradigm, its capitals kept."""
    prefix, _sep, last = word.rpartition("-")
    cut, endings = _PARADIGMS[paradigm]
    stem = last[:len(last) - cut] if cut else last
    if paradigm == "hard" and last.lower()[-1:] in "жшщчц" and case is Case.INSTRUMENTAL:
        ending = "ем" if last.lower() in ("прапорщик",) else endings[3]
    else:
        ending = endings[_CASE_INDEX[case]]
    if last.isupper() and len(last) > 1:
        ending = ending.upper()
    return f"{prefix}-{stem}{ending}" if prefix else f"{stem}{ending}"


def decline_position(text: str, case: Case | str) -> str:
    """A position in the case: the head (and the adjectives agreeing with it) declined, the rest as it is.

    «Первый заместитель главы администрации» -> «Первому заместителю главы администрации»;
    «Митрополит Хабаровский и Приамурский» -> «Митрополиту Хабаровскому и Приамурскому».
    A text with no head the rules know is returned unchanged: a wrong form on a letter is worse than
    the nominative, and the officer corrects it in the directory.
    """
    case = _case(case)
    words = text.split(" ")
    if case is Case.NOMINATIVE:
        return text
    out = list(words)
    head_at = None
    for i, word in enumerate(words):
        paradigm = _head(word)
        if paradigm is not None:
            out[i] = _inflect(word, paradigm, case)
            head_at = i
            break
        adjective = _adjective_paradigm(word)
        if word.lower() in _ADVERBS or word == "и" or not word:
            continue
        if adjective is None:
            return text
        out[i] = _inflect(word, adjective, case)
    if head_at is None:
        return text
    # Titles agreeing after the head: «Митрополит Хабаровский и Приамурский». Only masculine
    # nominative endings: «Хабаровской» after a head is the genitive of a feminine noun's adjective.
    i = head_at + 1
    while i < len(words):
        word = words[i]
        if word.lower().endswith(("ский", "цкий", "ый")) and word[:1].isupper():
            out[i] = _inflect(word, _adjective_paradigm(word) or "adj_hard", case)
        elif not (word == "и" and i + 1 < len(words) and words[i + 1].lower().endswith(("ский", "цкий"))):
            break
        i += 1
    # A rank after the position: «Начальник училища полковник» -> «Начальнику училища полковнику»,
    # with the adjectives just before it («старший лейтенант»).
    for j in range(i, len(words)):
        paradigm = _head(words[j])
        if paradigm is None or not words[j][:1].islower():
            continue
        out[j] = _inflect(words[j], paradigm, case)
        k = j - 1
        while k >= i and words[k][:1].islower() and (adjective := _adjective_paradigm(words[k])) is not None:
            out[k] = _inflect(words[k], adjective, case)
            k -= 1
    return " ".join(out)
