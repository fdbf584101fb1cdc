"""Importing a department's list into the registry, step by step: upload → mapping → preview with
duplicates and decisions → one transaction → report.

The uploaded file stays on the server under var/imports/<id>/ between the steps (any app process can
serve the next step; nothing large goes into the session). The parsing itself is app.guests.importing.

The upload, the mapping step and the report's bookkeeping serve any import of a list: an upload
belongs to the import whose `Vocabulary` stored it (the duty staff's import uses them too).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.core.text import search_key
from app.guests import importing
from app.guests.importing import (
    GUESTS,
    Duplicate,
    ImportPreview,
    PersonData,
    RowResult,
    Sheet,
    TableError,
    Vocabulary,
)
from app.guests.kinds import PersonStatus
from app.guests.normalize import full_name_key, is_initial, phone_keys
from app.guests.services import full_name
from app.guests.tables import Category, Person

MAX_BYTES = 20 * 1024 * 1024
KEEP_SECONDS = 3 * 24 * 3600
AREA_CODE = "4212"  # Khabarovsk: local numbers of 6 digits get it
SAMPLE_ROWS = 15
_ID = re.compile(r"^[0-9a-f]{32}$")

SKIP, CREATE = "skip", "create"
RULES = ("", "merge", "create", "skip")  # "": as chosen per row


@dataclass
class Upload:
    id: str
    filename: str
    account_id: int | None
    mapping: dict[int, str] | None = None
    report: dict | None = None
    options: dict[str, str] = field(default_factory=dict)  # the vocabulary's options, from the mapping step
    vocabulary: Vocabulary = GUESTS  # the import it belongs to; stored as its kind

    @property
    def folder(self) -> Path:
        return _root() / self.id

    def data(self) -> bytes:
        return (self.folder / "upload.bin").read_bytes()

    def save(self) -> None:
        meta = {"filename": self.filename, "account_id": self.account_id, "report": self.report,
                "mapping": {str(k): v for k, v in (self.mapping or {}).items()} if self.mapping is not None else None,
                "kind": self.vocabulary.kind, "options": self.options}
        (self.folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))


def _root() -> Path:
    return get_settings().var_dir / "imports"


def _clean_old() -> None:
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


async def store_upload(filename: str, data: bytes, account_id: int | None,
                       vocabulary: Vocabulary = GUESTS) -> tuple[str | None, str]:
    """Keeps the file when it can be read as a table: (upload id, "") or (None, message)."""
    filename = Path(filename or "file").name[:200]
    if not data:
        return None, _("Выберите файл XLSX или CSV.")
    if len(data) > MAX_BYTES:
        return None, _("Файл больше 20 МБ: разделите его на части.")
    try:
        await asyncio.to_thread(importing.read_table, filename, data, vocabulary=vocabulary)
    except TableError as error:
        return None, str(error)
    _clean_old()
    upload = Upload(secrets.token_hex(16), filename, account_id, vocabulary=vocabulary)
    upload.folder.mkdir(parents=True, exist_ok=True)
    (upload.folder / "upload.bin").write_bytes(data)
    upload.save()
    return upload.id, ""


def load(upload_id: str, vocabulary: Vocabulary = GUESTS) -> Upload:
    """The upload of this import; another import's upload is not found here."""
    if not _ID.match(upload_id or ""):
        raise NotFound
    path = _root() / upload_id / "meta.json"
    if not path.is_file():
        raise NotFound
    meta = json.loads(path.read_text())
    if meta.get("kind", GUESTS.kind) != vocabulary.kind:
        raise NotFound
    mapping = meta.get("mapping")
    return Upload(upload_id, meta["filename"], meta.get("account_id"),
                  {int(k): v for k, v in mapping.items()} if mapping is not None else None, meta.get("report"),
                  meta.get("options") or {}, vocabulary)


def read_sheet(upload: Upload) -> Sheet:
    try:
        return importing.read_table(upload.filename, upload.data(), vocabulary=upload.vocabulary)
    except TableError as error:  # it was read at upload time; a vanished file is the same as none
        raise NotFound from error


# ---------------------------------------------------------------- mapping


@dataclass(frozen=True)
class MappingColumn:
    index: int
    header: str
    samples: tuple[str, ...]
    field: str  # "" when not imported


@dataclass(frozen=True)
class MappingView:
    upload: Upload
    header_row: int
    columns: tuple[MappingColumn, ...]
    fields: tuple[tuple[str, str], ...]  # (field, label) for the selects
    rows: int
    options: tuple[tuple[str, str, str], ...] = ()  # (option, label, value) for the text inputs


async def mapping_view(upload: Upload, raw: Mapping[str, str] | None = None) -> MappingView:
    """The columns with sample values and the field each is (guessed to be) mapped to; `raw` is a
    posted form shown again with its message."""
    vocabulary = upload.vocabulary
    sheet = await asyncio.to_thread(read_sheet, upload)
    mapping = upload.mapping if upload.mapping is not None else importing.guess_mapping(sheet.header, vocabulary)
    if raw is not None:
        mapping = _posted_mapping(raw, vocabulary)
    data = sheet.data()
    columns = []
    for index in range(len(sheet.header)):
        samples = tuple(dict.fromkeys(c[index].strip() for _row, c in data[:50] if c[index].strip()))[:3]
        columns.append(MappingColumn(index, importing.column_name(sheet.header, index), samples,
                                     mapping.get(index, "")))
    options = raw if raw is not None else upload.options
    return MappingView(upload, sheet.header_row, tuple(columns),
                       tuple((f, _(label)) for f, label in vocabulary.labels.items()), len(data),
                       tuple((o, _(label), options.get(o, "")) for o, label in vocabulary.options.items()))


def _posted_mapping(raw: Mapping[str, str], vocabulary: Vocabulary) -> dict[int, str]:
    return {int(key[4:]): value for key, value in raw.items()
            if key.startswith("col_") and key[4:].isdigit() and value in vocabulary.labels}


def save_mapping(upload: Upload, raw: Mapping[str, str]) -> str:
    """Reads the selects col_<n> and the vocabulary's options; gives back a message when the
    mapping cannot work, else ""."""
    vocabulary = upload.vocabulary
    mapping = _posted_mapping(raw, vocabulary)
    options = {o: " ".join(str(raw.get(o, "")).split()) for o in vocabulary.options}
    try:
        importing.check_mapping(mapping, vocabulary, options)
    except TableError as error:
        return str(error)
    single = [f for f in set(mapping.values()) if f not in vocabulary.multi
              and list(mapping.values()).count(f) > 1]
    if single:
        return _("Поле «{field}» выбрано для нескольких столбцов.").format(field=_(vocabulary.labels[single[0]]))
    upload.mapping = mapping
    upload.options = options
    upload.report = None
    upload.save()
    return ""


# ---------------------------------------------------------------- preview


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


Stat = tuple[int, str, str]  # (number, label to translate, css class) for a row of figures


def stats(counts: Mapping[str, int], labels: Sequence[tuple[str, str, str]]) -> list[Stat]:
    """The figures named by `labels` (count, label, css class); «blank» only when there are blank rows."""
    return [(counts[key], label, css) for key, label, css in labels if key != "blank" or counts[key]]


@dataclass
class PreviewBase:
    """What the check step of any import shows: the figures, the file's warnings, the rejected rows
    and the first rows as they will be written."""

    STATS: ClassVar[tuple[tuple[str, str, str], ...]] = ()  # (count, label, css class)
    upload: Upload
    preview: ImportPreview
    counts: dict[str, int]

    @property
    def stats(self) -> list[Stat]:
        return stats(self.counts, self.STATS)

    @property
    def sample(self) -> list[RowResult]:
        return [r for r in self.preview.rows if r.person is not None][:SAMPLE_ROWS]


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
                               Person.email, Person.organisation, Person.position, Person.status)


async def _category_names() -> dict[str, tuple[int, int]]:
    return {search_key(r["name"]): (r["id"], r["precedence"]) for r in await Category.select()}


def _parse(upload: Upload, categories: list[str]) -> tuple[Sheet, ImportPreview]:
    if upload.mapping is None:
        raise NotFound
    sheet = read_sheet(upload)
    return sheet, importing.parse_rows(sheet, upload.mapping, categories, AREA_CODE)


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
    names = [r["name"] for r in await Category.select(Category.name)]
    _sheet, preview = await asyncio.to_thread(_parse, upload, names)
    registry = {r["id"]: r for r in await _registry()}
    existing = [(r["id"], r["surname"], r["name"], r["patronymic"], r["phone"], r["email"]) for r in registry.values()]
    found = await asyncio.to_thread(importing.find_duplicates, preview, existing)
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
class RowReport:
    """What an import did with every row of the file: the counts named in OUTCOMES add up to the
    rows; the rejected rows with their reasons, the warnings about the written ones."""

    OUTCOMES: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("imported", N_("добавлено"), "ok-stat"), ("rejected", N_("отклонено"), "bad-stat"),
        ("blank", N_("пустых строк"), ""))
    rows: int = 0
    imported: int = 0
    rejected: int = 0
    blank: int = 0
    rejected_rows: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def adds_up(self) -> bool:
        return sum(getattr(self, outcome) for outcome, _label, _css in self.OUTCOMES) == self.rows

    @property
    def stats(self) -> list[Stat]:
        return stats(asdict(self), self.OUTCOMES)

    def settle(self, row: RowResult) -> bool:
        """Counts a blank or a rejected row (with its reason); True for a row to write, whose
        warnings are then kept."""
        if row.person is None:
            self.blank += 1
            return False
        if row.errors:
            self.rejected += 1
            self.rejected_rows.append((row.row, row.reason))
            return False
        return True

    def note(self, row: RowResult) -> None:
        self.warnings.extend((row.row, warning) for warning in row.warnings)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        values: dict[str, Any] = {key: [tuple(item) for item in value] if isinstance(value, list) else value
                                  for key, value in data.items()}
        return cls(**values)


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


async def apply(upload: Upload, raw: Mapping[str, str]) -> Report:
    """Writes the whole file in one transaction: any failure leaves the registry as it was."""
    view = await build_preview(upload)
    decisions = decisions_from(raw, view)
    categories = await _category_names()
    report = Report(rows=len(view.preview.rows))
    person_of_row: dict[int, int] = {}
    async with write_transaction(Person._meta.db):
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
            target: int | None = None
            if decision.startswith("merge:"):
                target = int(decision[6:])
            elif decision.startswith("row:"):
                target = person_of_row.get(int(decision[4:]))
            if decision == SKIP:
                report.skipped += 1
                continue
            old = await Person.select().where(Person.id == target).first() if target else None
            if old is None:
                rows = await Person.insert(Person(**values)).returning(Person.id)
                person_of_row[row.row] = rows[0]["id"]
                report.imported += 1
            else:
                changes = _merged(old, values, row.person)
                if changes:
                    await Person.update({getattr(Person, k): v for k, v in changes.items()}).where(
                        Person.id == old["id"])
                person_of_row[row.row] = old["id"]
                report.merged += 1
    upload.report = report.as_dict()
    upload.save()
    return report


def report_of(upload: Upload) -> Report | None:
    return Report.from_dict(upload.report) if upload.report is not None else None


async def rejected_xlsx(upload: Upload) -> bytes:
    names = [r["name"] for r in await Category.select(Category.name)]

    def build() -> bytes:
        sheet, preview = _parse(upload, names)
        stem = Path(upload.filename).stem
        return importing.rejected_rows_xlsx(sheet, preview, _("Отклонённые строки") + f" {stem}"[:20])

    return await asyncio.to_thread(build)
