"""Importing a list step by step, for any import: upload → mapping → preview → one transaction → report.

The uploaded file stays on the server under var/imports/<id>/ between the steps (any app process can
serve the next step; nothing large goes into the session). The reading is app.imports.sheets.

An import supplies a `Flow`: its `Vocabulary` (an upload belongs to the import whose vocabulary
stored it), how it reads an upload's rows, what its check step shows and how it writes the rows.
The upload, the mapping step, the report's bookkeeping and the rejected rows are the same for all;
app.imports.steps puts them on pages.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from app.core.config import get_settings
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.core.results import NotFound
from app.imports import sheets
from app.imports.sheets import ImportPreview, RowResult, Sheet, TableError, Vocabulary

MAX_BYTES = 20 * 1024 * 1024
KEEP_SECONDS = 3 * 24 * 3600
AREA_CODE = "4212"  # Khabarovsk: local numbers of 6 digits get it
SAMPLE_ROWS = 15
_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Upload:
    id: str
    filename: str
    account_id: int | None
    vocabulary: Vocabulary  # the import it belongs to; stored as its kind
    mapping: dict[int, str] | None = None
    report: dict | None = None
    options: dict[str, str] = field(default_factory=dict)  # the vocabulary's options, from the mapping step

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
                       vocabulary: Vocabulary) -> tuple[str | None, str]:
    """Keeps the file when it can be read as a table: (upload id, "") or (None, message)."""
    filename = Path(filename or "file").name[:200]
    if not data:
        return None, _("Выберите файл XLSX или CSV.")
    if len(data) > MAX_BYTES:
        return None, _("Файл больше 20 МБ: разделите его на части.")
    try:
        await asyncio.to_thread(sheets.read_table, filename, data, vocabulary=vocabulary)
    except TableError as error:
        return None, str(error)
    _clean_old()
    upload = Upload(secrets.token_hex(16), filename, account_id, vocabulary)
    upload.folder.mkdir(parents=True, exist_ok=True)
    (upload.folder / "upload.bin").write_bytes(data)
    upload.save()
    return upload.id, ""


def load(upload_id: str, vocabulary: Vocabulary) -> Upload:
    """The upload of this import; another import's upload is not found here."""
    if not _ID.match(upload_id or ""):
        raise NotFound
    path = _root() / upload_id / "meta.json"
    if not path.is_file():
        raise NotFound
    meta = json.loads(path.read_text())
    if meta.get("kind") != vocabulary.kind:
        raise NotFound
    mapping = meta.get("mapping")
    return Upload(upload_id, meta["filename"], meta.get("account_id"), vocabulary,
                  {int(k): v for k, v in mapping.items()} if mapping is not None else None, meta.get("report"),
                  meta.get("options") or {})


def read_sheet(upload: Upload) -> Sheet:
    try:
        return sheets.read_table(upload.filename, upload.data(), vocabulary=upload.vocabulary)
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
    notice: str = ""  # the reader's choice the user should know of (the sheet the list was taken from)


async def mapping_view(upload: Upload, raw: Mapping[str, str] | None = None) -> MappingView:
    """The columns with sample values and the field each is (guessed to be) mapped to; `raw` is a
    posted form shown again with its message."""
    vocabulary = upload.vocabulary
    sheet = await asyncio.to_thread(read_sheet, upload)
    mapping = upload.mapping if upload.mapping is not None else sheets.guess_mapping(sheet.header, vocabulary)
    if raw is not None:
        mapping = _posted_mapping(raw, vocabulary)
    data = sheet.data()
    columns = []
    for index in range(len(sheet.header)):
        samples = tuple(dict.fromkeys(c[index].strip() for _row, c in data[:50] if c[index].strip()))[:3]
        columns.append(MappingColumn(index, sheets.column_name(sheet.header, index), samples,
                                     mapping.get(index, "")))
    options = raw if raw is not None else upload.options
    return MappingView(upload, sheet.header_row, tuple(columns),
                       tuple((f, _(label)) for f, label in vocabulary.labels.items()), len(data),
                       tuple((o, _(label), options.get(o, "")) for o, label in vocabulary.options.items()),
                       sheet.notice)


def _posted_mapping(raw: Mapping[str, str], vocabulary: Vocabulary) -> dict[int, str]:
    return {column: value for key, value in raw.items()
            if key.startswith("col_") and (column := whole(key[4:])) is not None and value in vocabulary.labels}


def save_mapping(upload: Upload, raw: Mapping[str, str]) -> str:
    """Reads the selects col_<n> and the vocabulary's options; gives back a message when the
    mapping cannot work, else ""."""
    vocabulary = upload.vocabulary
    mapping = _posted_mapping(raw, vocabulary)
    options = {o: " ".join(str(raw.get(o, "")).split()) for o in vocabulary.options}
    try:
        sheets.check_mapping(mapping, vocabulary, options)
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


# ---------------------------------------------------------------- preview and report


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



# ---------------------------------------------------------------- one import


@dataclass(frozen=True)
class Flow:
    """What one import supplies to the steps: its vocabulary; `parse`, an upload's sheet and rows as
    it reads them (the slow part in a worker thread); `build_preview`, what its check step shows;
    `apply`, writing the rows in one transaction and keeping the report on the upload (given the
    check step's form); and its report's class."""

    vocabulary: Vocabulary
    parse: Callable[[Upload], Awaitable[tuple[Sheet, ImportPreview]]]
    build_preview: Callable[[Upload], Awaitable[PreviewBase]]
    apply: Callable[[Upload, Mapping[str, str]], Awaitable[RowReport]]
    report: type[RowReport] = RowReport

    async def store_upload(self, filename: str, data: bytes, account_id: int | None) -> tuple[str | None, str]:
        return await store_upload(filename, data, account_id, self.vocabulary)

    def load(self, upload_id: str) -> Upload:
        return load(upload_id, self.vocabulary)

    def report_of(self, upload: Upload) -> RowReport | None:
        return self.report.from_dict(upload.report) if upload.report is not None else None

    async def rejected_xlsx(self, upload: Upload) -> bytes:
        """The rejected rows under the file's header with a «Причина» column: fixed, they import."""
        sheet, preview = await self.parse(upload)
        title = (_("Отклонённые строки") + f" {Path(upload.filename).stem}")[:31]
        return await asyncio.to_thread(sheets.rejected_rows_xlsx, sheet, preview, title)
