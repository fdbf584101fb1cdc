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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from piccolo.querystring import QueryString

from app.audit import services as audit
from app.core.db import chunks, write_transaction
from app.core.i18n import N_, gettext
from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.core.results import NotFound
from app.core.text import search_key
from app.guests import batches, groups
from app.guests.kinds import Gender, PersonStatus
from app.guests.normalize import guess_gender, parse_gender, parse_status
from app.guests.services import full_name
from app.guests.tables import Category, Person, PersonLink
from app.imports.duplicates import Duplicate, Who
from app.imports.duplicates import find_duplicates as find_likely_duplicates
from app.imports.flow import AREA_CODE, Flow, PreviewBase, RowReport, Upload, read_sheet
from app.imports.guest_columns import GUEST_LABELS, GUEST_RULES, GroupRole, read_guest_columns
from app.imports.normalize import (
    InvalidValue,
    full_name_key,
    is_initial,
    normalize_email,
    normalize_phone,
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
)

# The fields a column can be mapped to, with the labels the mapping selects show: those of every
# guest list (app.imports.guest_columns) and the registry's own.
FIELD_LABELS: dict[str, str] = {
    **GUEST_LABELS,
    "gender": N_("Пол"),
    "position": N_("Должность"),
    "organisation": N_("Организация"),
    "phone": N_("Телефон"),
    "email": N_("Эл. почта"),
    "address": N_("Почтовый адрес"),
    "notes": N_("Примечание"),
    "status": N_("Статус"),
}
# Fields that may come from several columns: their values are joined.
MULTI_FIELDS = {"phone": ", ", "email": ", ", "needs": ", ", "notes": "; "}

# (field, header word prefixes). A prefix ending in a space must be a whole word. Order matters:
# «Адрес эл. почты» is an e-mail, «Телефон сопровождающего» a phone, so these come before the
# columns of every guest list.
_HEADER_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("email", ("e mail", "email", "эл почт", "эл адрес", "электронн", "e почт", "mail ", "почта ")),
    ("phone", ("телефон", "тел ", "моб", "сотов", "phone", "mobile", "tel ", "контактный телефон")),
    ("address", ("адрес", "почтовый", "address", "место жительства", "место проживания")),
    *GUEST_RULES,
    ("gender", ("пол ", "gender", "sex ")),
    ("position", ("должност", "position", "job title", "title ")),
    ("organisation", ("организац", "место работы", "место службы", "учрежден", "предприят", "ведомств",
                      "organisation", "organization", "company", "employer", "работа ")),
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
    aisle: bool = False
    needs_escort: bool = False
    language: str = ""
    notes: str = ""
    status: PersonStatus = PersonStatus.ACTIVE
    group: str = ""  # the seating group's label as typed: the rows that share it become linked
    role: GroupRole = GroupRole.MEMBER

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

        def fail(field_name: str, message: str) -> None:
            errors.append(gettext("Столбец «%(column)s»: %(message)s")
                          % {"column": self.column_names(field_name), "message": message})

        def check(parse, field_name: str, *args):
            try:
                return parse(get(field_name), *args)
            except InvalidValue as error:
                errors.append(str(error))
                return None

        shared = read_guest_columns(get, fail, errors, warnings)
        person.surname, person.name, person.patronymic = shared.surname, shared.name, shared.patronymic
        if any(is_initial(part) for part in (person.name, person.patronymic) if part):
            warnings.append(gettext("Вместо имени или отчества — инициалы: для приглашения нужны полностью."))
        typed_gender = check(parse_gender, "gender") or Gender.UNKNOWN
        guessed = guess_gender(person.name, person.patronymic, person.surname)
        by_patronymic = guess_gender("", person.patronymic)
        if typed_gender and by_patronymic and typed_gender != by_patronymic:
            warnings.append(gettext("Пол «%(gender)s» не сходится с отчеством «%(patronymic)s».")
                            % {"gender": get("gender"), "patronymic": person.patronymic})
        person.gender = typed_gender or guessed or Gender.UNKNOWN
        person.position = get("position")
        person.organisation = get("organisation")
        person.category = self._category(shared.category)
        person.precedence = shared.precedence
        person.phone = check(normalize_phone, "phone", self.area_code) or ""
        person.email = check(normalize_email, "email") or ""
        person.address = get("address")
        person.language = shared.language
        person.status = check(parse_status, "status") or PersonStatus.ACTIVE
        person.group, person.role = shared.group, shared.role
        needs = shared.needs
        person.wheelchair, person.no_stairs, person.aisle, person.needs_escort = (
            needs.wheelchair, needs.no_stairs, needs.aisle, needs.needs_escort)
        person.notes = "; ".join(note for note in (get("notes"), *shared.notes) if note)
        return result

    def _category(self, text: str) -> str:
        """The registry's name of the category typed (other case, ё/е, «ВОВ», cut short), else the text
        as typed: the check step offers to create it."""
        if not text or not self.categories:
            return text
        key = " ".join(_ABBREVIATIONS.get(word, word) for word in search_key(text).strip(" .").split())
        if key in self.categories:
            return self.categories[key]
        near = [name for k, name in self.categories.items() if k.startswith(key) or key.startswith(k)]
        return near[0] if len(near) == 1 else text


# ---------------------------------------------------------------- duplicates


class ExistingPerson(NamedTuple):
    """A person already in the registry; a plain tuple in this order will do."""

    id: int
    surname: str
    name: str = ""
    patronymic: str = ""
    phone: str = ""
    email: str = ""


def find_duplicates(preview: ImportPreview,
                    existing: Iterable[ExistingPerson | tuple] = ()) -> list[Duplicate]:
    """Likely duplicates of the accepted rows against the registry (`existing`) and earlier rows of
    the file, by the rules of app.imports.duplicates. The UI lets the user merge, create or skip."""
    known = [ExistingPerson(*entry) for entry in existing]
    return find_likely_duplicates(
        ((row.row, Who.of(p.surname, p.name, p.patronymic, p.phone, p.email)) for row in preview.accepted
         if (p := row.person) is not None),
        ((k.id, Who.of(k.surname, k.name, k.patronymic, k.phone, k.email)) for k in known))


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


@dataclass(frozen=True)
class NewCategory:
    """A category the file names and the registry lacks, offered for creation on the check step."""

    index: int  # its fields on the form: newcat_<index>, newcat_<index>_rank
    name: str
    rows: int
    precedence: int  # proposed: the most senior rank typed in its rows, else 100


def _new_categories(preview: ImportPreview[PersonData], known: Iterable[str]) -> list[NewCategory]:
    keys = {search_key(name) for name in known}
    found: dict[str, list[PersonData]] = {}
    for row in preview.accepted:
        person = row.person
        assert person is not None
        if person.category and search_key(person.category) not in keys:
            found.setdefault(search_key(person.category), []).append(person)
    return [NewCategory(index, people[0].category, len(people),
                        min((p.precedence for p in people if p.precedence is not None), default=100))
            for index, people in enumerate(found.values())]


def chosen_categories(raw: Mapping[str, str], view: PreviewView) -> dict[str, int]:
    """search key → precedence of the new categories ticked on the check step."""
    chosen = {}
    for new in view.new_categories:
        if raw.get(f"newcat_{new.index}"):
            rank = whole(raw.get(f"newcat_{new.index}_rank"))
            chosen[search_key(new.name)] = rank if rank is not None and 0 <= rank <= 10_000 else new.precedence
    return chosen


def _members(view: PreviewView, categories: Mapping[str, tuple[int | None, int]]) -> list[groups.Member]:
    members = []
    for row in view.preview.accepted:
        person = row.person
        assert person is not None
        if person.group:
            category = categories.get(search_key(person.category)) if person.category else None
            rank = person.precedence if person.precedence is not None else (category[1] if category else 100)
            members.append(groups.Member(row.row, person.group, person.role, rank))
    return members


@dataclass
class PreviewView(PreviewBase):
    STATS = (("rows", N_("строк в файле"), ""), ("ok", N_("готовы к загрузке"), "ok-stat"),
             ("duplicates", N_("похожи на людей из реестра"), "warn-stat"),
             ("rejected", N_("с ошибками — не загрузятся"), "bad-stat"), ("blank", N_("пустых"), ""))
    duplicates: list[DuplicateRow] = field(default_factory=list)
    new_categories: list[NewCategory] = field(default_factory=list)
    batch_name: str = ""  # the import's name as proposed
    grouped: int = 0  # rows that will be linked to their group's principal

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


def _default(person: PersonData, duplicates: list[Duplicate], registry: dict[int, dict],
             rows: dict[int, PersonData | None]) -> str:
    """Merge when certain, or when the full name is the same and neither the phones nor the positions contradict
    it: a registry's person or an earlier row of the file alike (the same list sent twice over, pasted together)."""
    for dup in duplicates:
        if dup.existing_id:
            target = registry.get(dup.existing_id)
            other = target and (search_key(full_name(target["surname"], target["name"], target["patronymic"])),
                                target["phone"], target["position"])
        else:
            row = rows.get(dup.other_row or 0)
            other = row and (row.search_key, row.phone, row.position)
        if dup.certain or (other and other[0] == person.search_key
                           and not _conflicting_phones(person.phone, other[1])
                           and not _different(person.position, other[2])):
            return f"merge:{dup.existing_id}" if dup.existing_id else f"row:{dup.other_row}"
    return CREATE


def _different(a: str, b: str) -> bool:
    return bool(a and b and search_key(a) != search_key(b))


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
        rows.append(DuplicateRow(number, person, tuple(matches), _default(person, dups, registry, people)))
    counts = preview.counts()
    categories = await _category_names()
    view = PreviewView(upload, preview, {"rows": len(preview.rows), **counts, "duplicates": len(rows)}, rows,
                       _new_categories(preview, [r["name"] for r in await Category.select(Category.name)]),
                       batches.default_name(upload.filename))
    view.grouped = len(groups.group_links(_members(view, categories)))
    return view




# ---------------------------------------------------------------- applying


@dataclass
class Report(RowReport):
    OUTCOMES = (("imported", N_("добавлено"), "ok-stat"), ("merged", N_("объединено с реестром"), ""),
                ("skipped", N_("пропущено"), ""), ("rejected", N_("отклонено"), "bad-stat"),
                ("blank", N_("пустых строк"), ""))
    merged: int = 0
    skipped: int = 0
    links: int = 0  # group links made
    categories: int = 0  # categories created
    batch_id: int | None = None
    batch_name: str = ""


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


Categories = dict[str, tuple[int | None, int]]  # search key → (id, None for one to create; precedence)


def _person_values(person: PersonData, categories: Categories) -> tuple[dict, str]:
    """The person's row as the table stores it, and the category typed when the registry lacks it and
    it is not being created (kept in the notes, with a warning)."""
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
        "no_stairs": person.no_stairs, "aisle": person.aisle, "needs_escort": person.needs_escort,
        "language": person.language, "notes": notes, "status": person.status, "search_key": person.search_key,
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
    for key in ("wheelchair", "no_stairs", "aisle", "needs_escort"):
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
    """The INSERT statements of these people, INSERT_BATCH to one, each returning the new ids in order,
    compiled for the engine."""
    statements = [statement for i in range(0, len(people), INSERT_BATCH)
                  for statement in Person.insert(*(Person(**v) for v in people[i:i + INSERT_BATCH])
                                                 ).returning(Person.id).querystrings]
    for statement in statements:
        statement.freeze(engine_type=engine_type)
    return statements


async def apply(upload: Upload, raw: Mapping[str, str]) -> Report:
    """Writes the whole file in one transaction: any failure leaves the registry as it was. The
    categories ticked on the check step are created, the group column becomes links, and the import
    is a named batch of the people it created or updated, written to the audit log with its counts.

    Everything is decided and the new people's INSERT statements built before the transaction (building
    a statement of INSERT_BATCH rows costs Piccolo more than running it); inside it the new people go in
    INSERT_BATCH to a statement (one by one only those merged into or named by a later row of the file),
    so the write lock is held for a moment, not for the length of the file: the gate's scans wait behind
    it at most app.core.direct_db.BUSY_WAIT_S."""
    view = await build_preview(upload)
    decisions = decisions_from(raw, view)
    new_categories = chosen_categories(raw, view)
    categories: Categories = {**await _category_names(), **{k: (None, rank) for k, rank in new_categories.items()}}
    report = Report(rows=len(view.preview.rows), batch_name=batches.clean_name(raw.get("batch_name"), upload.filename))
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
    plain = [(number, values) for number, decision, values, _typed in plan
             if decision == CREATE and number not in referenced]
    engine = Person._meta.db
    inserts = await asyncio.to_thread(_compiled_inserts, [v for _n, v in plain], engine.engine_type)
    report.imported += len(plain)
    person_of_row: dict[int, int] = {}
    async with write_transaction(engine):
        new_ids = [r["id"] for statement in inserts for r in await engine.run_querystring(statement)]
        person_of_row.update(zip((number for number, _v in plain), new_ids, strict=True))
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
        report.categories = await _create_categories(view, new_categories, person_of_row)
        report.links = await _link_groups(view, categories, person_of_row)
        report.batch_id = await batches.record(report.batch_name, upload.filename, upload.account_id,
                                               person_of_row.values())
        await audit.record("create", "import", report.batch_id, report.batch_name, {
            field: [None, getattr(report, key)] for field, key in (
                ("rows", "rows"), ("created", "imported"), ("updated", "merged"), ("skipped", "skipped"),
                ("rejected", "rejected"), ("links", "links"), ("categories", "categories"))}, note=upload.filename)
    upload.report = report.as_dict()
    upload.save()
    return report


async def _create_categories(view: PreviewView, chosen: Mapping[str, int], person_of_row: Mapping[int, int]) -> int:
    """The ticked categories, and their rows' people put in them (inside the caller's transaction)."""
    if not chosen:
        return 0
    known = await _category_names()
    created = 0
    for new in view.new_categories:
        key = search_key(new.name)
        if key not in chosen:
            continue
        if key not in known:
            rows = await Category.insert(Category(name=new.name[:200], precedence=chosen[key])).returning(Category.id)
            known[key] = (rows[0]["id"], chosen[key])
            created += 1
        people = sorted({person_of_row[r.row] for r in view.preview.accepted
                         if r.row in person_of_row and r.person is not None and search_key(r.person.category) == key})
        for part in chunks(people):
            await Person.update({Person.category: known[key][0]}).where(Person.id.is_in(part))
    return created


async def _link_groups(view: PreviewView, categories: Categories, person_of_row: Mapping[int, int]) -> int:
    """The group column's links between the rows' people, those not already there (inside the caller's
    transaction); how many were made."""
    wanted = {(person_of_row[row], person_of_row[head], kind)
              for row, head, kind in groups.group_links(_members(view, categories))
              if row in person_of_row and head in person_of_row and person_of_row[row] != person_of_row[head]}
    if not wanted:
        return 0
    involved = sorted({person for person, _other, _kind in wanted})
    existing = {(r["person"], r["other"], r["kind"]) for r in await PersonLink.select().where(
        PersonLink.person.is_in(involved))}
    new = [PersonLink(person=p, other=o, kind=k) for p, o, k in sorted(wanted) if (p, o, k.value) not in existing]
    for part in chunks(new):
        await PersonLink.insert(*part)
    return len(new)


FLOW = Flow(GUESTS, parse, build_preview, apply, Report)
