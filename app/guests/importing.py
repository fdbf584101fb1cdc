"""The guest registry's import: a department's list read by the guests' `Vocabulary`, checked
for people already in the registry, written in one transaction.

    sheet = read_table(filename, data, GUESTS)    # app.imports.sheets: raises TableError
    preview = parse_rows(sheet, mapping)          # one RowResult[PersonData] per row below the header
    duplicates = find_duplicates(preview, existing)

The reading, the mapping step, the report's bookkeeping and the rejected rows are app.imports';
here are the guests' fields and header words, a row read into a `PersonData`, the likely duplicates
(against the registry and within the file), the check step with a decision for each, and the
merge. `FLOW` is what the import's pages (app.guests.controllers.ImportController) run.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from piccolo.querystring import QueryString

from app.core.db import write_transaction
from app.core.i18n import N_, gettext
from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.core.results import NotFound
from app.core.text import search_key
from app.guests.kinds import Gender, PersonStatus
from app.guests.normalize import guess_gender, parse_gender, parse_needs, parse_rank, parse_status
from app.guests.services import full_name
from app.guests.tables import Category, Person
from app.imports.flow import AREA_CODE, Flow, PreviewBase, RowReport, Upload, read_sheet
from app.imports.normalize import (
    InvalidValue,
    full_name_key,
    is_initial,
    normalize_email,
    normalize_phone,
    parse_yes_no,
    phone_keys,
)
from app.imports.sheets import (
    CellReader,
    ImportPreview,
    RowResult,
    Sheet,
    Vocabulary,
    check_mapping,
    parse_table,
    read_name_parts,
)

MAX_MATCHES_PER_ROW = 10  # registry matches reported for one row, the certain ones first

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

GUESTS = Vocabulary(
    "guests", FIELD_LABELS, _HEADER_RULES, MULTI_FIELDS,
    required=((frozenset({"surname", "full_name"}), "", N_("Укажите, в каком столбце фамилия (или ФИО целиком).")),),
    examples=N_("«Фамилия», «ФИО», «Должность», «Телефон»"),
)


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


def parse_rows(sheet: Sheet, mapping: dict[int, str], categories: Sequence[str] = (),
               area_code: str = "") -> ImportPreview:
    """Every row below the header, normalised and judged. `categories` are the registry's names:
    a category typed with other case, ё/е or cut short is matched to one of them. `area_code`
    (e.g. «4212») completes local phone numbers of 5–7 digits. Raises TableError for a mapping
    without a surname or full-name column."""
    check_mapping(mapping, GUESTS)
    return parse_table(sheet, mapping, _RowReader(sheet.header, mapping, categories, area_code).read)



_ABBREVIATIONS = {"вов": "великой отечественной войны", "вбд": "ветераны боевых действий"}


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


# ---------------------------------------------------------------- the check step

SKIP, CREATE = "skip", "create"
RULES = ("", "merge", "create", "skip")  # "": as chosen per row


@dataclass(frozen=True)
class Match:
    decision: str  # "merge:<person id>" or "row:<file row>"
    label: str
    details: str
    reason: str
    certain: bool


@dataclass(frozen=True)
class DuplicateRow:
    row: int
    person: PersonData
    matches: tuple[Match, ...]
    default: str


@dataclass
class PreviewView(PreviewBase):
    STATS = (("rows", N_("строк в файле"), ""), ("ok", N_("готовы к загрузке"), "ok-stat"),
             ("duplicates", N_("похожи на людей из реестра"), "warn-stat"),
             ("rejected", N_("с ошибками — не загрузятся"), "bad-stat"), ("blank", N_("пустых"), ""))
    duplicates: list[DuplicateRow] = field(default_factory=list)

    @property
    def mapped_fields(self) -> list[str]:
        return list(dict.fromkeys(self.preview.mapping[i] for i in sorted(self.preview.mapping)))


async def _registry() -> list[dict]:
    return await Person.select(Person.id, Person.surname, Person.name, Person.patronymic, Person.phone,
                               Person.email, Person.organisation, Person.position, Person.status
                               ).where(Person.deleted_at.is_null())


async def _category_names() -> dict[str, tuple[int, int]]:
    return {search_key(r["name"]): (r["id"], r["precedence"]) for r in await Category.select()}


def _parse(upload: Upload, categories: list[str]) -> tuple[Sheet, ImportPreview]:
    if upload.mapping is None:
        raise NotFound
    sheet = read_sheet(upload)
    return sheet, parse_rows(sheet, upload.mapping, categories, AREA_CODE)


async def parse(upload: Upload) -> tuple[Sheet, ImportPreview[PersonData]]:
    """The upload's rows as the guests' mapping reads them, categories matched to the registry's."""
    names = [r["name"] for r in await Category.select(Category.name)]
    return await asyncio.to_thread(_parse, upload, names)


def _conflicting_phones(a: str, b: str) -> bool:
    first, second = phone_keys(a), phone_keys(b)
    return bool(first and second and not first & second)


def _default(person: PersonData, duplicates: list[Duplicate], registry: dict[int, dict]) -> str:
    """Merge when certain, or when the full name is the same and the phones do not contradict it."""
    for dup in duplicates:
        target = registry.get(dup.existing_id) if dup.existing_id else None
        same_name = target is not None and search_key(
            full_name(target["surname"], target["name"], target["patronymic"])) == person.search_key
        if dup.certain or (same_name and not _conflicting_phones(person.phone, target["phone"])):
            return f"merge:{dup.existing_id}" if dup.existing_id else f"row:{dup.other_row}"
    return CREATE


async def build_preview(upload: Upload) -> PreviewView:
    _sheet, preview = await parse(upload)
    registry = {r["id"]: r for r in await _registry()}
    existing = [(r["id"], r["surname"], r["name"], r["patronymic"], r["phone"], r["email"]) for r in registry.values()]
    found = await asyncio.to_thread(find_duplicates, preview, existing)
    by_row: dict[int, list[Duplicate]] = {}
    for dup in found:
        by_row.setdefault(dup.row, []).append(dup)
    people = {r.row: r.person for r in preview.rows}
    rows = []
    for number, dups in by_row.items():
        person = people[number]
        assert person is not None
        matches = []
        for dup in dups:
            if dup.existing_id:
                target = registry[dup.existing_id]
                details = ", ".join(p for p in (target["position"], target["organisation"], target["phone"]) if p)
                label = full_name(target["surname"], target["name"], target["patronymic"])
                if target["status"] != PersonStatus.ACTIVE:
                    details = (details + "; " if details else "") + _("не действует")
                matches.append(Match(f"merge:{dup.existing_id}", label, details, dup.reason, dup.certain))
            else:
                matches.append(Match(f"row:{dup.other_row}", _("строка {row} этого файла").format(row=dup.other_row),
                                     "", dup.reason, dup.certain))
        rows.append(DuplicateRow(number, person, tuple(matches), _default(person, dups, registry)))
    counts = preview.counts()
    return PreviewView(upload, preview, {"rows": len(preview.rows), **counts, "duplicates": len(rows)}, rows)




# ---------------------------------------------------------------- applying


@dataclass
class Report(RowReport):
    OUTCOMES = (("imported", N_("добавлено"), "ok-stat"), ("merged", N_("объединено с реестром"), ""),
                ("skipped", N_("пропущено"), ""), ("rejected", N_("отклонено"), "bad-stat"),
                ("blank", N_("пустых строк"), ""))
    merged: int = 0
    skipped: int = 0


def decisions_from(raw: Mapping[str, str], view: PreviewView) -> dict[int, str]:
    """The decision of every row with a likely duplicate: the rule for all, else each row's choice,
    else the default; a choice that is not among the row's matches counts as «create»."""
    rule = raw.get("rule", "")
    result = {}
    for dup in view.duplicates:
        allowed = {m.decision for m in dup.matches} | {CREATE, SKIP}
        if rule == "merge":
            choice = dup.matches[0].decision
        elif rule in (CREATE, SKIP):
            choice = rule
        else:
            choice = raw.get(f"d_{dup.row}", dup.default)
        result[dup.row] = choice if choice in allowed else CREATE
    return result


def _person_values(person: PersonData, categories: dict[str, tuple[int, int]]) -> tuple[dict, str]:
    category = categories.get(search_key(person.category)) if person.category else None
    notes = person.notes
    unknown = ""
    if person.category and category is None:
        unknown = person.category
        notes = "; ".join(n for n in (notes, _("Категория: {name}").format(name=person.category)) if n)
    precedence = person.precedence if person.precedence is not None else (category[1] if category else 100)
    values = {
        "surname": person.surname, "name": person.name, "patronymic": person.patronymic, "gender": person.gender,
        "position": person.position, "organisation": person.organisation,
        "category": category[0] if category else None, "precedence": precedence, "phone": person.phone,
        "email": person.email, "address": person.address, "wheelchair": person.wheelchair,
        "no_stairs": person.no_stairs, "needs_escort": person.needs_escort, "language": person.language,
        "notes": notes, "status": person.status, "search_key": person.search_key,
    }
    return values, unknown


def _merged(old: dict, new: dict, typed: PersonData) -> dict:
    """What a merge changes: every value the file gives replaces the registry's, names only when the
    registry holds initials; needs add up; notes are appended; the precedence only when the file gives one."""
    changes: dict = {}
    for key in ("position", "organisation", "phone", "email", "address", "language", "category"):
        if new[key] and new[key] != old[key]:
            changes[key] = new[key]
    if typed.gender and typed.gender != old["gender"]:
        changes["gender"] = typed.gender
    for key in ("name", "patronymic"):
        if new[key] and (not old[key] or is_initial(old[key])) and not is_initial(new[key]):
            changes[key] = new[key]
    for key in ("wheelchair", "no_stairs", "needs_escort"):
        if new[key] and not old[key]:
            changes[key] = True
    if new["notes"] and new["notes"] not in old["notes"]:
        changes["notes"] = "; ".join(n for n in (old["notes"], new["notes"]) if n)
    if typed.precedence is not None:
        changes["precedence"] = typed.precedence
    if typed.status is not PersonStatus.ACTIVE:
        changes["status"] = typed.status
    if "name" in changes or "patronymic" in changes:
        changes["search_key"] = full_name_key(old["surname"], changes.get("name", old["name"]),
                                              changes.get("patronymic", old["patronymic"]))
    return changes


INSERT_BATCH = 500  # new people per INSERT statement


def _compiled_inserts(people: list[dict], engine_type: str) -> list[QueryString]:
    """The INSERT statements of these people, INSERT_BATCH to one, compiled for the engine."""
    statements = [statement for i in range(0, len(people), INSERT_BATCH)
                  for statement in Person.insert(*(Person(**v) for v in people[i:i + INSERT_BATCH])).querystrings]
    for statement in statements:
        statement.freeze(engine_type=engine_type)
    return statements


async def apply(upload: Upload, raw: Mapping[str, str]) -> Report:
    """Writes the whole file in one transaction: any failure leaves the registry as it was.

    Everything is decided and the new people's INSERT statements built before the transaction (building
    a statement of INSERT_BATCH rows costs Piccolo more than running it); inside it the new people go in
    INSERT_BATCH to a statement (one by one only those merged into or named by a later row of the file),
    so the write lock is held for a moment, not for the length of the file: the gate's scans wait behind
    it at most app.core.direct_db.BUSY_WAIT_S."""
    view = await build_preview(upload)
    decisions = decisions_from(raw, view)
    categories = await _category_names()
    report = Report(rows=len(view.preview.rows))
    referenced = {n for d in decisions.values() if d.startswith("row:") and (n := whole(d[4:])) is not None}
    plan: list[tuple[int, str, dict, PersonData]] = []  # (file row, decision, values, as typed)
    for row in view.preview.rows:
        if not report.settle(row):
            continue
        assert row.person is not None
        values, unknown = _person_values(row.person, categories)
        if unknown:
            row.warnings.append(_("Категории «{name}» нет в справочнике: записана в примечание.").format(
                name=unknown))
        report.note(row)
        decision = decisions.get(row.row, CREATE)
        if decision == SKIP:
            report.skipped += 1
            continue
        plan.append((row.row, decision, values, row.person))
    merge_ids = [int(d[6:]) for _row, d, _v, _p in plan if d.startswith("merge:")]
    plain = [values for number, decision, values, _typed in plan if decision == CREATE and number not in referenced]
    engine = Person._meta.db
    inserts = await asyncio.to_thread(_compiled_inserts, plain, engine.engine_type)  # the event loop serves on
    report.imported += len(plain)
    person_of_row: dict[int, int] = {}
    async with write_transaction(engine):
        for statement in inserts:
            await engine.run_querystring(statement)
        registry = {r["id"]: r for r in await Person.select().where(Person.id.is_in(merge_ids))} if merge_ids else {}
        for number, decision, values, typed in plan:
            if decision == CREATE and number not in referenced:
                continue  # inserted above
            target: int | None = None
            if decision.startswith("merge:"):
                target = int(decision[6:])
            elif decision.startswith("row:"):
                target = person_of_row.get(int(decision[4:]))
            old = (registry.get(target) if decision.startswith("merge:")
                   else await Person.select().where(Person.id == target).first() if target else None)
            if old is None:
                rows = await Person.insert(Person(**values)).returning(Person.id)
                person_of_row[number] = rows[0]["id"]
                report.imported += 1
                continue
            changes = _merged(old, values, typed)
            if changes:
                await Person.update({getattr(Person, k): v for k, v in changes.items()}).where(
                    Person.id == old["id"])
                old.update(changes)  # a second row merged into the same person sees the first one's changes
            person_of_row[number] = old["id"]
            report.merged += 1
    upload.report = report.as_dict()
    upload.save()
    return report


FLOW = Flow(GUESTS, parse, build_preview, apply, Report)
