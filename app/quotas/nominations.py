"""An organisation's list for its quota, behind its token link: names entered one by one or uploaded as a
spreadsheet (read by the registry import's vocabulary and rules, app.guests.importing), never more than the
quota; sent to the protocol department; replaced by substitutes before the deadline; read-only after it.

    token = await live_token(organisation_id)        # the link's secret, made on first use
    desk = await desk_by_token(token)                 # None: unknown or revoked
    outcome = await upload(token, "list.xlsx", data)  # all rows or none: over the quota, nothing is added

The page knows the organisation only by the token: the URL says nothing of anyone, and a revoked token
opens nothing. The organisation's changes are written to the audit log under its name.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime

from app.audit import services as audit
from app.core import clock
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.formatting import fmt_date, fmt_number
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.core.text import search_key
from app.events.services import CeremonyView, get_ceremony
from app.guests.importing import FIELD_LABELS, GUESTS, PersonData, parse_rows
from app.guests.services import full_name
from app.imports.flow import AREA_CODE
from app.imports.sheets import Sheet, TableError, guess_mapping, read_table
from app.invitations.tokens import new_token
from app.quotas import services
from app.quotas.kinds import CHANGEABLE, HOLDING, NominationStatus
from app.quotas.shares import parts_text, shares_of, split
from app.quotas.tables import QuotaLink, QuotaNomination, QuotaOrganisation, QuotaSetup

# The fields of the one-by-one form, read by the same rules as a spreadsheet's columns.
FORM_FIELDS = ("surname", "name", "patronymic", "position", "phone", "email", "category")
# The columns the page names for a spreadsheet: the registry import's (any of its columns is read).
SHOWN_COLUMNS = ("full_name", "surname", "name", "patronymic", "position", "phone", "email", "category", "needs")
S = NominationStatus


class Closed(Exception):
    """The deadline has passed: the list is read-only. str() says so with the date."""


def column_names() -> list[str]:
    return [_(FIELD_LABELS[name]) for name in SHOWN_COLUMNS]


def nomination_url(token: str) -> str:
    return f"{get_settings().public_base_url}/n/{token}"


@dataclass(frozen=True)
class NominationView:
    id: int
    organisation_id: int
    surname: str
    name: str
    patronymic: str
    position: str
    phone: str
    status: NominationStatus
    comment: str
    substitute_for: int | None
    person_id: int | None
    invitation_id: int | None
    search_key: str
    data: Mapping[str, object]
    category_id: int | None = None

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    @property
    def changeable(self) -> bool:
        return self.status in CHANGEABLE


@dataclass(frozen=True)
class Part:
    """A category's places within the organisation's quota, and the names that hold them."""

    category_id: int
    category: str
    places: int
    held: int


@dataclass(frozen=True)
class Desk:
    """What an organisation's page shows: its quota (by category, when split), the deadline, and every name it
    put forward."""

    organisation_id: int
    organisation: str
    ceremony: CeremonyView
    quota: int | None  # None: the allocation is impossible for now
    category: str
    wanted: str
    deadline: date | None
    names: tuple[NominationView, ...]
    parts: tuple[Part, ...] = ()
    part_problems: tuple[str, ...] = ()  # why the quota cannot be split by category (then nothing is added)

    @property
    def open(self) -> bool:
        """The deadline day itself still counts."""
        return self.deadline is None or clock.today() <= self.deadline

    @property
    def held(self) -> int:
        return sum(1 for n in self.names if n.status in HOLDING)

    @property
    def free(self) -> int:
        return max(0, (self.quota or 0) - self.held)

    def count(self, status: NominationStatus) -> int:
        return sum(1 for n in self.names if n.status == status)

    @property
    def wanted_text(self) -> str:
        """«ветераны — 5 чел., труженики тыла — 2 чел.» when split, else the words typed or the category."""
        if self.parts:
            return parts_text([(p.category, p.places) for p in self.parts])
        return self.wanted or self.category

    def category_name(self, category_id: int | None) -> str:
        return next((p.category for p in self.parts if p.category_id == category_id), "")


@dataclass
class Outcome:
    """What an addition did: the names added, or why nothing was (the file's rows, the quota)."""

    added: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def nomination_view(row: dict) -> NominationView:
    data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
    return NominationView(
        id=row["id"], organisation_id=row["organisation"], surname=row["surname"], name=row["name"],
        patronymic=row["patronymic"], position=row["position"], phone=row["phone"], status=S(row["status"]),
        comment=row["comment"], substitute_for=row["substitute_for"], person_id=row["person"],
        invitation_id=row["invitation"], search_key=row["search_key"],
        data=data or {}, category_id=row["category"])


async def names_of(organisation_ids: Sequence[int]) -> list[NominationView]:
    if not organisation_ids:
        return []
    rows = await QuotaNomination.select().where(QuotaNomination.organisation.is_in(list(organisation_ids))).order_by(
        QuotaNomination.id)
    return [nomination_view(r) for r in rows]


async def deadline_of(ceremony_id: int) -> date | None:
    row = await QuotaSetup.select(QuotaSetup.deadline).where(QuotaSetup.ceremony == ceremony_id).first()
    return row["deadline"] if row else None


async def organisation_desk(organisation_id: int) -> Desk:
    row = await QuotaOrganisation.select(
        QuotaOrganisation.id, QuotaOrganisation.name, QuotaOrganisation.ceremony, QuotaOrganisation.wanted,
        QuotaOrganisation.category.name.as_alias("category_name"),
    ).where(QuotaOrganisation.id == organisation_id).first()
    if row is None:
        raise NotFound
    ceremony_id = row["ceremony"]
    quota = (await services.quotas_by_name(ceremony_id)).get(row["name"])
    names = tuple(await names_of([organisation_id]))
    shares = (await shares_of([organisation_id]))[organisation_id]
    divided = split(quota or 0, shares)
    parts = tuple(Part(s.category_id, s.category, divided.places.get(s.category_id, 0),
                       sum(1 for n in names if n.status in HOLDING and n.category_id == s.category_id))
                  for s in shares)
    return Desk(row["id"], row["name"], await get_ceremony(ceremony_id), quota, row["category_name"] or "",
                row["wanted"], await deadline_of(ceremony_id), names, parts, divided.problems)


# ---------------------------------------------------------------- the link


async def live_token(organisation_id: int) -> str:
    """The organisation's link secret, made on first use."""
    row = await QuotaLink.select(QuotaLink.token).where(
        (QuotaLink.organisation == organisation_id) & QuotaLink.revoked_at.is_null()).first()
    if row is not None:
        return row["token"]
    token = new_token()
    await QuotaLink.insert(QuotaLink(organisation=organisation_id, token=token))
    return token


async def live_tokens(organisation_ids: Sequence[int]) -> dict[int, str]:
    rows = await QuotaLink.select(QuotaLink.organisation, QuotaLink.token).where(
        QuotaLink.organisation.is_in(list(organisation_ids) or [0]) & QuotaLink.revoked_at.is_null())
    return {r["organisation"]: r["token"] for r in rows}


async def revoke_link(ceremony_id: int, organisation_id: int) -> str:
    """The old link, if any, stops opening the page (it went to the wrong person, say); a new one takes its place."""
    organisation = await services.get_organisation(ceremony_id, organisation_id)
    token = new_token()
    async with write_transaction(QuotaLink._meta.db):
        revoked = await QuotaLink.update({QuotaLink.revoked_at: datetime.now(UTC)}).where(
            (QuotaLink.organisation == organisation_id) & QuotaLink.revoked_at.is_null()).returning(QuotaLink.id)
        await QuotaLink.insert(QuotaLink(organisation=organisation_id, token=token))
        await audit.record("revoke" if revoked else "create", "quota_link", organisation_id, organisation.name)
    return token


async def desk_by_token(token: str) -> Desk | None:
    """The page behind a token; None for an unknown or revoked one (nothing about anybody)."""
    if not token or len(token) > 64:
        return None
    row = await QuotaLink.select(QuotaLink.organisation, QuotaLink.revoked_at).where(QuotaLink.token == token).first()
    if row is None or row["revoked_at"] is not None:
        return None
    return await organisation_desk(row["organisation"])


async def _open_desk(token: str) -> Desk:
    desk = await desk_by_token(token)
    if desk is None:
        raise NotFound
    if not desk.open:
        raise Closed(_("Срок подачи списков истёк {date}: список только для просмотра.").format(
            date=fmt_date(desk.deadline)))
    return desk


def _actor(desk: Desk) -> audit.Actor:
    """The organisation itself, on its link: no account behind it."""
    return audit.Actor(None, _("{organisation} (по ссылке разнарядки)").format(organisation=desk.organisation))


# ---------------------------------------------------------------- reading people


def _one_row(raw: Mapping[str, str]) -> Sheet:
    """The form's fields as a one-row table with the registry import's column names, so that a name typed
    in the form is read and checked exactly as a row of a spreadsheet."""
    header = [_(FIELD_LABELS[name]) for name in FORM_FIELDS]
    return Sheet([header, [str(raw.get(name, "")) for name in FORM_FIELDS]], 0)


def _read_form(raw: Mapping[str, str]) -> tuple[PersonData | None, list[str]]:
    preview = parse_rows(_one_row(raw), dict(enumerate(FORM_FIELDS)), (), AREA_CODE)
    row = preview.rows[0]
    if row.person is None:
        return None, [_("Укажите хотя бы фамилию.")]
    return (row.person, []) if not row.errors else (None, list(row.errors))


def _read_file(filename: str, data: bytes) -> tuple[list[tuple[int, PersonData]], list[str]]:
    """The accepted rows (file row, person) and, if any row is wrong, a message for each."""
    try:
        sheet = read_table(filename, data, GUESTS)
        preview = parse_rows(sheet, guess_mapping(sheet.header, GUESTS), (), AREA_CODE)
    except TableError as error:
        return [], [str(error)]
    errors = [_("Строка {row}: {reason}").format(row=row, reason=reason) for row, reason in preview.rejected_reasons]
    people = [(row.row, row.person) for row in preview.accepted if row.person is not None]
    if not people and not errors:
        errors.append(_("В файле нет ни одной строки с фамилией."))
    return people, errors


def _values(person: PersonData, organisation_id: int, status: NominationStatus, category: int | None, *,
            substitute_for: int | None = None) -> dict:
    submitted = datetime.now(UTC) if status == S.SUBMITTED else None
    return {"organisation": organisation_id, "surname": person.surname, "name": person.name,
            "patronymic": person.patronymic, "position": person.position, "phone": person.phone,
            "category": category, "search_key": person.search_key, "data": asdict(person), "status": status,
            "substitute_for": substitute_for, "submitted_at": submitted}


def _prefix(label: str) -> str:
    return f"{label}: " if label else ""


def _refusal(scope: str, limit: int, held: int, labels: Sequence[str]) -> str:
    """The refusal naming the quota (`scope`, «Квота организации»), or "" when the names fit."""
    room = max(limit - held, 0)
    if len(labels) <= room:
        return ""
    return _("{scope} — {quota} чел.: в списке уже {held}, добавляется {count} — это на {over} больше. "
             "Сверх квоты: {beyond}. Ничего не добавлено: оставьте не больше {room} и попробуйте снова.").format(
        scope=scope, quota=fmt_number(limit), held=fmt_number(held), count=fmt_number(len(labels)),
        over=fmt_number(len(labels) - room), beyond=", ".join(labels[room:]), room=fmt_number(room))


def _repeated(desk: Desk, people: Sequence[tuple[str, PersonData]], *, except_id: int | None = None) -> list[str]:
    """People already on the organisation's list, or twice in what is added."""
    held = {n.search_key: n for n in desk.names if n.status in HOLDING and n.id != except_id}
    seen: dict[str, str] = {}
    errors = []
    for label, person in people:
        key = person.search_key
        if key in held:
            errors.append(_prefix(label) + _("{name} — уже в списке организации.").format(name=person.full_name))
        elif key in seen:
            errors.append(_prefix(label) + _("{name} — повторяет: {other}.").format(name=person.full_name,
                                                                                    other=seen[key]))
        seen.setdefault(key, label or person.full_name)
    return errors


def _category(desk: Desk, label: str, person: PersonData, errors: list[str]) -> int | None:
    """The part of a split quota the person is put forward in: the category typed (case, ё/е and a cut-short
    name forgiven), or the only one; None when the quota is not split."""
    if not desk.parts:
        return None
    typed = search_key(person.category).strip(" .")
    if not typed and len(desk.parts) == 1:
        return desk.parts[0].category_id
    found = ([p for p in desk.parts if search_key(p.category) == typed]
             or [p for p in desk.parts if typed and search_key(p.category).startswith(typed)])
    if len(found) == 1:
        return found[0].category_id
    names = ", ".join(f"«{p.category}»" for p in desk.parts)
    errors.append(_prefix(label) + (_("категории «{typed}» нет в квоте организации; есть: {names}.").format(
        typed=person.category, names=names) if typed else _("укажите категорию: {names}.").format(names=names)))
    return None


def _admit(desk: Desk, labelled: Sequence[tuple[str, PersonData]], replacing: NominationView | None = None
           ) -> tuple[list[str], list[int | None]]:
    """Whether the people may join the list: not on it already, each in a category of the quota when it is
    split, within the quota and within each category's places. The errors, and the category of each."""
    errors = _repeated(desk, labelled, except_id=replacing.id if replacing else None)
    categories = [_category(desk, label, person, errors) for label, person in labelled]
    if errors:
        return errors, categories
    if desk.quota is None or desk.part_problems:
        return [_("Разнарядка по этой церемонии сейчас пересчитывается: добавить людей пока нельзя. "
                  "Позвоните в протокольный отдел.")], categories
    freed = replacing if replacing is not None and replacing.status in HOLDING else None
    shown = [f"{label} ({person.full_name})" if label else person.full_name for label, person in labelled]
    refusals = [_refusal(_("Квота организации"), desk.quota, desk.held - (1 if freed else 0), shown)]
    for part in desk.parts:
        mine = [text for text, category in zip(shown, categories, strict=True) if category == part.category_id]
        held = part.held - (1 if freed is not None and freed.category_id == part.category_id else 0)
        if mine:
            refusals.append(_refusal(_("Квота организации по категории «{category}»").format(category=part.category),
                                     part.places, held, mine))
    return [r for r in refusals if r], categories


async def _insert(desk: Desk, people: Sequence[tuple[PersonData, int | None]], status: NominationStatus, *,
                  substitute_for: int | None = None) -> list[int]:
    """(person, category) inside the caller's transaction; each name on record under the organisation's name."""
    ids = []
    for person, category in people:
        values = _values(person, desk.organisation_id, status, category, substitute_for=substitute_for)
        rows = await QuotaNomination.insert(QuotaNomination(**values)).returning(QuotaNomination.id)
        ids.append(rows[0]["id"])
        await audit.record("create", "quota_nomination", rows[0]["id"], person.full_name,
                           audit.diff({}, {k: v for k, v in values.items() if k != "data"}), actor=_actor(desk))
    return ids


# ---------------------------------------------------------------- what the organisation does


async def add_person(token: str, raw: Mapping[str, str]) -> Outcome:
    """One name typed in the form."""
    desk = await _open_desk(token)
    person, errors = _read_form(raw)
    if person is None:
        return Outcome(errors=errors)
    errors, categories = _admit(desk, [("", person)])
    if errors:
        return Outcome(errors=errors)
    async with write_transaction(QuotaNomination._meta.db):
        await _insert(desk, [(person, categories[0])], S.DRAFT)
    return Outcome(added=1)


async def upload(token: str, filename: str, data: bytes) -> Outcome:
    """A spreadsheet with the registry import's columns: every row is added, or none — a wrong row or a row
    beyond the quota is named, and the list stays as it was."""
    desk = await _open_desk(token)
    people, errors = await asyncio.to_thread(_read_file, filename, data)
    if errors:
        return Outcome(errors=errors)
    labelled = [(_("Строка {row}").format(row=row), person) for row, person in people]
    errors, categories = _admit(desk, labelled)
    if errors:
        return Outcome(errors=errors)
    async with write_transaction(QuotaNomination._meta.db):
        await _insert(desk, list(zip((person for _row, person in people), categories, strict=True)), S.DRAFT)
    return Outcome(added=len(people))


async def submit(token: str) -> int:
    """The names not yet sent go to the protocol department («подан»); how many."""
    desk = await _open_desk(token)
    drafts = [n for n in desk.names if n.status == S.DRAFT]
    async with write_transaction(QuotaNomination._meta.db):
        for name in drafts:
            await QuotaNomination.update({QuotaNomination.status: S.SUBMITTED,
                                          QuotaNomination.submitted_at: datetime.now(UTC)}).where(
                QuotaNomination.id == name.id)
            await audit.record("update", "quota_nomination", name.id, name.full_name,
                               {"status": [S.DRAFT.value, S.SUBMITTED.value]}, actor=_actor(desk))
    return len(drafts)


def _changeable(desk: Desk, nomination_id: int) -> NominationView:
    name = next((n for n in desk.names if n.id == nomination_id), None)
    if name is None:
        raise NotFound
    return name


async def substitute(token: str, nomination_id: int, raw: Mapping[str, str]) -> Outcome:
    """Another person in place of a name not yet accepted: the old one is withdrawn, the new one takes its
    place — sent at once when the old one was (a returned name is answered by its substitute)."""
    desk = await _open_desk(token)
    old = _changeable(desk, nomination_id)
    if not old.changeable:
        return Outcome(errors=[_("Принятого человека заменяет протокольный отдел: позвоните туда.")])
    person, errors = _read_form(raw)
    if person is None:
        return Outcome(errors=errors)
    if not person.category and old.category_id is not None:  # in the category of the name it replaces
        person.category = desk.category_name(old.category_id)
    errors, categories = _admit(desk, [("", person)], replacing=old)
    if errors:
        return Outcome(errors=errors)
    status = S.DRAFT if old.status == S.DRAFT else S.SUBMITTED
    async with write_transaction(QuotaNomination._meta.db):
        await _withdraw(desk, old, _("заменён: {name}").format(name=person.full_name))
        await _insert(desk, [(person, categories[0])], status, substitute_for=old.id)
    return Outcome(added=1)


async def _withdraw(desk: Desk, name: NominationView, note: str) -> None:
    await QuotaNomination.update({QuotaNomination.status: S.WITHDRAWN}).where(QuotaNomination.id == name.id)
    await audit.record("update", "quota_nomination", name.id, name.full_name,
                       {"status": [name.status.value, S.WITHDRAWN.value]}, note=note, actor=_actor(desk))


async def withdraw(token: str, nomination_id: int) -> None:
    """The organisation takes a name back (not an accepted one): its place is free again."""
    desk = await _open_desk(token)
    name = _changeable(desk, nomination_id)
    if name.changeable:
        async with write_transaction(QuotaNomination._meta.db):
            await _withdraw(desk, name, _("отозван организацией"))
