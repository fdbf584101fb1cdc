"""Import of duty staff (дежурные) from the XLSX or CSV list a department sends: upload → columns →
preview → one transaction → report, every row accounted for.

The file, the header search, the mapping step, the report's bookkeeping and the rejected rows are
the import toolkit's (app.imports) with the staff's own `Vocabulary`; gender is read as the guest
registry reads it (app.guests.normalize). Each row becomes the form the staff page posts and goes
through the same `read_staff_form`; a new person is written by `save_staff`. A row whose folded
full name and department match someone already on the list updates that person instead of adding
a second one.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.db import write_transaction
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.core.text import search_key
from app.duty import services
from app.duty.kinds import QUALIFICATIONS
from app.duty.services import LANGUAGE_PREFIX, read_staff_form
from app.duty.tables import Staff
from app.guests.normalize import guess_gender, parse_gender
from app.imports import sheets
from app.imports.flow import AREA_CODE, Flow, PreviewBase, RowReport, Upload, read_sheet
from app.imports.normalize import InvalidValue, clean_text, normalize_phone, parse_yes_no
from app.imports.sheets import CellReader, ImportPreview, RowResult, Sheet, Vocabulary

# A yes/no column per qualification («Старший», «Первая помощь» … with да/нет, +/-, 1/0).
_QUALIFICATION_LABELS = {
    "senior": N_("Старший на посту (да/нет)"),
    "first_aid": N_("Первая помощь (да/нет)"),
    "escort": N_("Сопровождение (да/нет)"),
    "interpreter": N_("Переводчик (да/нет)"),
    "driver": N_("Водитель (да/нет)"),
}
# The words that name a qualification, in a header and in a «Квалификация» list alike.
_QUALIFICATION_WORDS: dict[str, tuple[str, ...]] = {
    "senior": ("старш", "senior"),
    "first_aid": ("первая помощь", "первой помощ", "перв помощь", "медицин", "медик", "first aid"),
    "escort": ("сопровожд", "escort"),
    "interpreter": ("переводч", "interpreter", "translator"),
    "driver": ("водител", "driver"),
}

FIELD_LABELS: dict[str, str] = {
    "full_name": N_("ФИО одной строкой"),
    "surname": N_("Фамилия"),
    "name": N_("Имя"),
    "patronymic": N_("Отчество"),
    "department": N_("Подразделение"),
    "phone": N_("Телефон"),
    "gender": N_("Пол"),
    **{f"q_{q}": _QUALIFICATION_LABELS.get(q, label) for q, label in QUALIFICATIONS.items()},
    "qualifications": N_("Квалификация (списком)"),
    "languages": N_("Языки"),
    "max_hours_per_day": N_("Макс. часов в день"),
    "notes": N_("Примечание"),
}

# (field, header word prefixes), the first that fits wins: «Переводчик (язык)» is the interpreter's
# column, «Телефон старшего» a phone. A prefix ending in a space must be a whole word.
_HEADER_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("full_name", ("фио ", "ф и о ", "фамилия имя", "фамилия и имя", "полное имя", "full name", "fullname")),
    ("phone", ("телефон", "тел ", "моб", "сотов", "phone", "mobile")),
    ("max_hours_per_day", ("макс", "часов", "часы ", "не более", "max hours", "hours")),
    ("qualifications", ("квалификац", "навык", "qualification", "skills")),
    *((f"q_{q}", words) for q, words in _QUALIFICATION_WORDS.items() if q in QUALIFICATIONS),
    ("languages", ("язык", "иностранн", "language")),
    ("surname", ("фамил", "surname", "last name", "lastname")),
    ("patronymic", ("отчеств", "patronymic", "middle name")),
    ("name", ("имя ", "first name", "firstname", "name ")),
    ("gender", ("пол ", "gender", "sex ")),
    ("department", ("подразделен", "отдел", "управлени", "служба", "структурн", "организац", "учрежден",
                    "место работы", "department", "unit ")),
    ("notes", ("примечан", "комментар", "заметк", "доп информ", "дополнительн", "notes", "note ", "comment")),
]

STAFF = Vocabulary(
    "staff", FIELD_LABELS, _HEADER_RULES,
    multi={"phone": ", ", "qualifications": ", ", "languages": ", ", "notes": "; "},
    required=(
        (frozenset({"surname", "full_name"}), "", N_("Укажите, в каком столбце фамилия (или ФИО целиком).")),
        (frozenset({"department"}), "department",
         N_("Укажите столбец с подразделением или впишите подразделение для всех строк.")),
    ),
    options={"department": N_("Подразделение для строк, где оно не указано")},
    examples=N_("«ФИО», «Подразделение», «Телефон»"),
)
_QUALIFICATION_VALUES = Vocabulary("", FIELD_LABELS, [(q, words) for q, words in _QUALIFICATION_WORDS.items()
                                                      if q in QUALIFICATIONS])

# Language names as people write them → the codes posts ask for («lang:en»).
_LANGUAGES = {"англ": "en", "english": "en", "кит": "zh", "chinese": "zh", "нем": "de", "german": "de",
              "франц": "fr", "french": "fr", "испан": "es", "spanish": "es", "итал": "it", "япон": "ja",
              "japanese": "ja", "корей": "ko", "korean": "ko", "араб": "ar", "турец": "tr", "португ": "pt",
              "вьетнам": "vi", "монгол": "mn", "казах": "kk", "узбек": "uz", "таджик": "tg", "кирги": "ky",
              "хинди": "hi", "жестов": "sgn", "русск": "ru"}
_CODE = re.compile(r"^[a-z]{2,3}$")
_HOURS = re.compile(r"^(\d+)(?:[.,]0+)?\s*(?:ч|час|часа|часов)?\.?$")


def language_code(text: str) -> str | None:
    """«английский», «англ.», «English», «EN» → «en»; None when not understood."""
    key = search_key(text).strip(" .")
    if _CODE.match(key):
        return key
    return next((code for prefix, code in _LANGUAGES.items() if key.startswith(prefix)), None)


def staff_key(full_name: str, department: str) -> tuple[str, str]:
    """Who a person is for the import: the full name and the department, case and ё/е folded."""
    return search_key(full_name), search_key(department)


# ---------------------------------------------------------------- rows


@dataclass
class StaffRow:
    """One row as the staff form would post it, and what read_staff_form made of it."""

    form: dict[str, str]
    values: dict
    existing: int | None = None  # the staff member it updates
    same_as: int | None = None  # or the earlier row of the file it repeats

    @property
    def key(self) -> tuple[str, str]:
        return staff_key(self.values["full_name"], self.values["department"])

    @property
    def full_name(self) -> str:
        return self.values["full_name"]

    @property
    def department(self) -> str:
        return self.values["department"]

    @property
    def updates(self) -> bool:
        return self.existing is not None or self.same_as is not None


class _RowReader(CellReader):
    def __init__(self, header: list[str], mapping: dict[int, str], department: str) -> None:
        super().__init__(header, mapping, STAFF)
        self.department = department

    def read(self, number: int, cells: list[str]) -> RowResult[StaffRow]:
        errors: list[str] = []
        warnings: list[str] = []

        def get(field_name: str) -> str:
            return self.value(cells, field_name, warnings)

        surname, name, patronymic, aside = sheets.read_name_parts(get, errors, warnings)
        notes = [get("notes"), aside]
        form = {"full_name": " ".join(p for p in (surname, name, patronymic) if p),
                "department": get("department") or self.department,
                "phone": self._phone(get("phone"), warnings),
                "gender": self._gender(get("gender"), (name, patronymic, surname), errors),
                "max_hours_per_day": self._hours(get("max_hours_per_day"))}
        languages = [self._language(text, warnings) for text in _items(get("languages"))]
        for q in QUALIFICATIONS:
            text = get(f"q_{q}")
            answer = parse_yes_no(text)
            if answer is None and q == "interpreter" and all(language_code(t) for t in _items(text)):
                answer = True  # the languages instead of «да»: «Переводчик: en, zh»
                languages += [code for t in _items(text) if (code := language_code(t))]
            elif answer is None:
                errors.append(_("В столбце «{column}» значение «{value}»: ожидается «да» или «нет».").format(
                    column=self.column_names(f"q_{q}"), value=text))
            if answer:
                form[f"q_{q}"] = "on"
        for item in _items(get("qualifications")):
            named = sheets.guess_field(item, _QUALIFICATION_VALUES)
            if named:
                form[f"q_{named}"] = "on"
            elif code := language_code(item):
                languages.append(code)
            else:
                notes.append(item)
                warnings.append(_("Квалификация «{text}» не распознана: записана в примечание.").format(text=item))
        form["languages"] = ", ".join(dict.fromkeys(languages))
        form["notes"] = "; ".join(n for n in notes if n)
        values, form_errors = read_staff_form(form)
        for field_name, message in form_errors.items():
            if field_name == "full_name" and not form["full_name"]:
                continue  # «Не указана фамилия.» says it
            errors.append(f"«{self.column_names(field_name)}»: {message[:1].lower()}{message[1:]}")
        return RowResult(number, cells, StaffRow(form, values), errors, warnings)

    @staticmethod
    def _phone(text: str, warnings: list[str]) -> str:
        try:
            return normalize_phone(text, AREA_CODE)
        except InvalidValue as error:
            warnings.append(_("{problem} Записан как есть.").format(problem=error))
            return text

    @staticmethod
    def _gender(text: str, parts: tuple[str, str, str], errors: list[str]) -> str:
        try:
            typed = parse_gender(text)
        except InvalidValue as error:
            errors.append(str(error))
            return ""
        return str(typed or guess_gender(*parts) or "")

    @staticmethod
    def _hours(text: str) -> str:
        match = _HOURS.match(search_key(text))
        return match.group(1) if match else text

    @staticmethod
    def _language(text: str, warnings: list[str]) -> str:
        code = language_code(text)
        if code is None:
            warnings.append(_("Язык «{text}» не распознан: записан как есть.").format(text=text))
        return code or search_key(text)


def _items(text: str) -> list[str]:
    return [item.strip(" .") for item in re.split(r"[,;/\n]", text) if item.strip(" .")]


def parse(sheet: Sheet, mapping: dict[int, str], options: dict[str, str] | None = None) -> ImportPreview[StaffRow]:
    """Every row below the header judged by the staff form's rules; `options["department"]` is
    the department of the rows that name none. Raises TableError for a mapping that cannot work."""
    options = options or {}
    sheets.check_mapping(mapping, STAFF, options)
    reader = _RowReader(sheet.header, mapping, clean_text(options.get("department", "")))
    return sheets.parse_table(sheet, mapping, reader.read)


def match(preview: ImportPreview[StaffRow], known: dict[tuple[str, str], int]) -> None:
    """Marks each accepted row as an update of the person with the same name and department on the
    list (`known`: key → staff id) or of an earlier row of the file; the others are new."""
    first: dict[tuple[str, str], int] = {}
    for row in preview.accepted:
        staff = row.person
        assert staff is not None
        staff.existing = known.get(staff.key)
        if staff.existing is None and staff.key in first:
            staff.same_as = first[staff.key]
            row.warnings.append(_("Тот же человек, что в строке {row}: запись будет обновлена.").format(
                row=staff.same_as))
        first.setdefault(staff.key, row.row)


async def _known() -> dict[tuple[str, str], dict]:
    rows = await Staff.select(Staff.id, Staff.full_name, Staff.department, Staff.phone, Staff.gender,
                              Staff.qualifications, Staff.max_hours_per_day, Staff.notes).output(load_json=True)
    return {staff_key(r["full_name"], r["department"]): r for r in rows}


def _parse(upload: Upload) -> tuple[Sheet, ImportPreview[StaffRow]]:
    if upload.mapping is None:
        raise NotFound
    sheet = read_sheet(upload)
    return sheet, parse(sheet, upload.mapping, upload.options)


async def _rows(upload: Upload) -> tuple[Sheet, ImportPreview[StaffRow]]:
    return await asyncio.to_thread(_parse, upload)


# ---------------------------------------------------------------- the steps


@dataclass
class PreviewView(PreviewBase):
    STATS = (("rows", N_("строк в файле"), ""), ("new", N_("новых дежурных"), "ok-stat"),
             ("updates", N_("уже в списке — обновятся"), "warn-stat"),
             ("rejected", N_("с ошибками — не загрузятся"), "bad-stat"), ("blank", N_("пустых"), ""))

    @property
    def updates(self) -> list[RowResult[StaffRow]]:
        return [r for r in self.preview.accepted if r.person is not None and r.person.updates]


async def build_preview(upload: Upload) -> PreviewView:
    _sheet, preview = await _rows(upload)
    match(preview, {key: r["id"] for key, r in (await _known()).items()})
    counts = preview.counts()
    updates = sum(1 for r in preview.accepted if r.person is not None and r.person.updates)
    return PreviewView(upload, preview, {"rows": len(preview.rows), "new": counts["ok"] - updates,
                                         "updates": updates, "rejected": counts["rejected"], "blank": counts["blank"]})


@dataclass
class StaffReport(RowReport):
    OUTCOMES = (("imported", N_("добавлено"), "ok-stat"), ("updated", N_("обновлено"), ""),
                ("rejected", N_("отклонено"), "bad-stat"), ("blank", N_("пустых строк"), ""))
    updated: int = 0
    updated_rows: list[tuple[int, str, str]] = field(default_factory=list)  # (row, who, what changed)


# What an update changes, by the form field that brings it.
_CHANGE_LABELS = {"full_name": N_("ФИО"), "phone": N_("телефон"), "gender": N_("пол"),
                  "qualifications": N_("квалификация"), "max_hours_per_day": N_("часы"), "notes": N_("примечание")}


def changes(old: dict, row: StaffRow, mapped: set[str]) -> dict:
    """What a row changes in the person it matches: a value the file gives replaces the list's
    (an empty cell keeps it); a yes/no column decides its qualification, a «Квалификация» list all
    of them; languages given replace the languages; other qualifications stay; notes are added."""
    new, form = row.values, row.form
    result: dict = {}
    if new["full_name"] != old["full_name"]:
        result["full_name"] = new["full_name"]  # the same person: the spelling of the file
    for key in ("phone", "gender", "max_hours_per_day"):
        if form.get(key) and new[key] != old[key]:
            result[key] = new[key]
    before = list(old["qualifications"] or [])
    decided = set(QUALIFICATIONS) if "qualifications" in mapped else {q for q in QUALIFICATIONS if f"q_{q}" in mapped}
    qualifications = [q for q in QUALIFICATIONS if q in (new["qualifications"] if q in decided else before)]
    qualifications += [q for q in (new["qualifications"] if form["languages"] else before)
                       if q.startswith(LANGUAGE_PREFIX)]
    qualifications += [q for q in before if q not in QUALIFICATIONS and not q.startswith(LANGUAGE_PREFIX)]
    if qualifications != before:
        result["qualifications"] = qualifications
    if new["notes"] and new["notes"] not in old["notes"]:
        result["notes"] = "\n".join(n for n in (old["notes"], new["notes"]) if n)
    if "full_name" in result:
        result["search_key"] = search_key(result["full_name"])
    return result


async def apply(upload: Upload, _form: Mapping[str, str] | None = None) -> StaffReport:
    """Writes the whole file in one transaction: any failure leaves the list as it was. (The check
    step's form asks nothing: a match by name and department is an update.)"""
    _sheet, preview = await _rows(upload)
    mapped = set((upload.mapping or {}).values())
    report = StaffReport(rows=len(preview.rows))
    async with write_transaction(Staff._meta.db):
        known = await _known()
        match(preview, {key: r["id"] for key, r in known.items()})
        for row in preview.rows:
            if not report.settle(row):
                continue
            staff = row.person
            assert staff is not None
            report.note(row)
            old = known.get(staff.key)
            if old is None:
                saved = await services.save_staff(staff.form)
                if not saved.ok:  # read_staff_form passed it a moment ago
                    raise RuntimeError(f"row {row.row}: {saved.errors}")
                known[staff.key] = {**staff.values, "id": saved.id}
                report.imported += 1
                continue
            found = changes(old, staff, mapped)
            if found:
                await Staff.update({getattr(Staff, k): v for k, v in found.items()}).where(Staff.id == old["id"])
                known[staff.key] = {**old, **found}
            report.updated += 1
            report.updated_rows.append((row.row, f"{staff.full_name}, {old['department']}", ", ".join(
                _(_CHANGE_LABELS[k]) for k in found if k in _CHANGE_LABELS) or _("без изменений")))
    upload.report = report.as_dict()
    upload.save()
    return report


FLOW = Flow(STAFF, _rows, build_preview, apply, StaffReport)
