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
from app.events.services import CeremonyView, get_ceremony
from app.guests.importing import FIELD_LABELS, GUESTS, PersonData, parse_rows
from app.guests.services import full_name
from app.imports.flow import AREA_CODE
from app.imports.sheets import Sheet, TableError, guess_mapping, read_table
from app.invitations.tokens import new_token
from app.quotas import services
from app.quotas.kinds import CHANGEABLE, HOLDING, NominationStatus
from app.quotas.tables import QuotaLink, QuotaNomination, QuotaOrganisation, QuotaSetup

# The fields of the one-by-one form, read by the same rules as a spreadsheet's columns.
FORM_FIELDS = ("surname", "name", "patronymic", "position", "phone", "email")
# The columns the page names for a spreadsheet: the registry import's (any of its columns is read).
SHOWN_COLUMNS = ("full_name", "surname", "name", "patronymic", "position", "phone", "email", "needs")
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

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    @property
    def changeable(self) -> bool:
        return self.status in CHANGEABLE


@dataclass(frozen=True)
class Desk:
    """What an organisation's page shows: its quota, the deadline, and every name it put forward."""

    organisation_id: int
    organisation: str
    ceremony: CeremonyView
    quota: int | None  # None: the allocation is impossible for now
    category: str
    wanted: str
    deadline: date | None
    names: tuple[NominationView, ...]

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
        return self.wanted or self.category


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
        data=data or {})


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
    quotas = await services.quotas_by_name(ceremony_id)
    return Desk(row["id"], row["name"], await get_ceremony(ceremony_id), quotas.get(row["name"]),
                row["category_name"] or "", row["wanted"], await deadline_of(ceremony_id),
                tuple(await names_of([organisation_id])))


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


def _values(person: PersonData, organisation_id: int, status: NominationStatus, *,
            substitute_for: int | None = None) -> dict:
    submitted = datetime.now(UTC) if status == S.SUBMITTED else None
    return {"organisation": organisation_id, "surname": person.surname, "name": person.name,
            "patronymic": person.patronymic, "position": person.position, "phone": person.phone,
            "search_key": person.search_key, "data": asdict(person), "status": status,
            "substitute_for": substitute_for, "submitted_at": submitted}


def _over_quota(desk: Desk, labels: Sequence[str], freed: int = 0) -> str:
    """The refusal naming the quota, or "" when the names fit."""
    if desk.quota is None:
        return _("Разнарядка по этой церемонии сейчас пересчитывается: добавить людей пока нельзя. "
                 "Позвоните в протокольный отдел.")
    room = desk.quota - desk.held + freed
    if len(labels) <= room:
        return ""
    beyond = labels[max(room, 0):]
    return _("Квота организации — {quota} чел.: в списке уже {held}, добавляется {count} — это на {over} больше. "
             "Сверх квоты: {beyond}. Ничего не добавлено: оставьте не больше {room} и попробуйте снова.").format(
        quota=fmt_number(desk.quota), held=fmt_number(desk.held - freed), count=fmt_number(len(labels)),
        over=fmt_number(len(labels) - max(room, 0)), beyond=", ".join(beyond), room=fmt_number(max(room, 0)))


def _repeated(desk: Desk, people: Sequence[tuple[str, PersonData]], *, except_id: int | None = None) -> list[str]:
    """People already on the organisation's list, or twice in what is added."""
    held = {n.search_key: n for n in desk.names if n.status in HOLDING and n.id != except_id}
    seen: dict[str, str] = {}
    errors = []
    for label, person in people:
        key = person.search_key
        if key in held:
            errors.append(_("{row}: {name} — уже в списке организации.").format(row=label, name=person.full_name))
        elif key in seen:
            errors.append(_("{row}: {name} — повторяет {other}.").format(row=label, name=person.full_name,
                                                                          other=seen[key]))
        seen.setdefault(key, label)
    return errors


async def _insert(desk: Desk, people: Sequence[PersonData], status: NominationStatus, *,
                  substitute_for: int | None = None) -> list[int]:
    """Inside the caller's transaction; each name on record under the organisation's name."""
    ids = []
    for person in people:
        values = _values(person, desk.organisation_id, status, substitute_for=substitute_for)
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
    errors = _repeated(desk, [(_("Новый"), person)]) or [m for m in [_over_quota(desk, [person.full_name])] if m]
    if errors:
        return Outcome(errors=errors)
    async with write_transaction(QuotaNomination._meta.db):
        await _insert(desk, [person], S.DRAFT)
    return Outcome(added=1)


async def upload(token: str, filename: str, data: bytes) -> Outcome:
    """A spreadsheet with the registry import's columns: every row is added, or none — a wrong row or a row
    beyond the quota is named, and the list stays as it was."""
    desk = await _open_desk(token)
    people, errors = await asyncio.to_thread(_read_file, filename, data)
    if errors:
        return Outcome(errors=errors)
    labelled = [(_("Строка {row}").format(row=row), person) for row, person in people]
    errors = _repeated(desk, labelled)
    if errors:
        return Outcome(errors=errors)
    refused = _over_quota(desk, [f"{label} ({person.full_name})" for label, person in labelled])
    if refused:
        return Outcome(errors=[refused])
    async with write_transaction(QuotaNomination._meta.db):
        await _insert(desk, [person for _row, person in people], S.DRAFT)
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
    freed = 1 if old.status in HOLDING else 0
    errors = _repeated(desk, [(_("Замена"), person)], except_id=old.id) or [
        m for m in [_over_quota(desk, [person.full_name], freed)] if m]
    if errors:
        return Outcome(errors=errors)
    status = S.DRAFT if old.status == S.DRAFT else S.SUBMITTED
    async with write_transaction(QuotaNomination._meta.db):
        await _withdraw(desk, old, _("заменён: {name}").format(name=person.full_name))
        await _insert(desk, [person], status, substitute_for=old.id)
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
