"""The protocol officer's side of the nominations: each organisation's quota, sent and accepted, the late
ones first; every name sent, matched against the registry and against the other organisations' lists (one
set of rules, app.imports.duplicates); a name accepted becomes a registry person (or is linked to the one
it matches) and an invitation of the ceremony in the quota's category, or is returned with a comment; and
who has still to send a list, with the liaison's phone.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.accounts.services import CurrentUser
from app.audit import services as audit
from app.core import clock
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.events.services import CeremonyView, get_ceremony
from app.guests.kinds import Gender, PersonStatus
from app.guests.services import full_name
from app.guests.tables import Category, Person
from app.imports.duplicates import Who, find_duplicates
from app.imports.xlsx_export import export_xlsx
from app.invitations import services as invitations
from app.invitations.tables import Invitation
from app.jobs import runner
from app.quotas import services
from app.quotas.kinds import NominationStatus
from app.quotas.nominations import NominationView, live_tokens, names_of, nomination_view
from app.quotas.tables import QuotaNomination, QuotaOrganisation
from app.web.forms import FormReader

S = NominationStatus
JOB_KIND = "quota_accept"
COMMENT_MAX = 1000
# What a nomination's data gives a new registry person (the fields of app.guests.importing.PersonData that
# guests.tables.Person has); the category and the precedence come from the quota.
PERSON_FIELDS = ("surname", "name", "patronymic", "gender", "position", "organisation", "phone", "email", "address",
                 "wheelchair", "no_stairs", "aisle", "needs_escort", "language", "notes")


@dataclass(frozen=True)
class Progress:
    """One organisation's line of the review."""

    id: int
    name: str
    quota: int
    liaison: str
    phone: str
    token: str
    counts: Mapping[NominationStatus, int]
    overdue: bool  # the deadline has passed and the list is short

    @property
    def sent(self) -> int:
        """Sent and not returned: what the department has in hand."""
        return self.counts.get(S.SUBMITTED, 0) + self.counts.get(S.ACCEPTED, 0)

    @property
    def missing(self) -> int:
        return max(0, self.quota - self.sent)


@dataclass(frozen=True)
class Match:
    label: str  # «Иванов Иван Иванович, председатель…» or «Совет ветеранов: Иванов Иван Иванович»
    reason: str
    certain: bool
    person_id: int | None = None  # a registry person the name may be


@dataclass(frozen=True)
class ReviewName:
    nomination: NominationView
    organisation: str
    registry: tuple[Match, ...]
    elsewhere: tuple[Match, ...]  # the same person on another organisation's list

    @property
    def default_person(self) -> int | None:
        """The registry person to link to without asking: the certain match, if there is one."""
        return next((m.person_id for m in self.registry if m.certain), None)


@dataclass(frozen=True)
class Review:
    ceremony: CeremonyView
    deadline: date | None
    organisations: tuple[Progress, ...]  # overdue first, then the shortest lists
    names: tuple[ReviewName, ...]  # sent ones first, then returned, then accepted

    @property
    def clear(self) -> int:
        """Names sent that match nobody: «Принять всех без совпадений» takes them."""
        return sum(1 for r in self.names if r.nomination.status == S.SUBMITTED and not r.registry and not r.elsewhere)

    def chosen(self, organisation_id: int | None, status: NominationStatus | None) -> list[ReviewName]:
        """The names of one organisation and / or one status (None: any), for a page that stays readable
        with 1,500 names sent."""
        return [r for r in self.names if (organisation_id is None or r.nomination.organisation_id == organisation_id)
                and (status is None or r.nomination.status == status)]

    @property
    def reminders(self) -> tuple[Progress, ...]:
        """Who has still to send (part of) a list."""
        return tuple(p for p in self.organisations if p.missing)

    @property
    def totals(self) -> dict[str, int]:
        return {"quota": sum(p.quota for p in self.organisations), "sent": sum(p.sent for p in self.organisations),
                "accepted": sum(p.counts.get(S.ACCEPTED, 0) for p in self.organisations)}


_ORDER = {S.SUBMITTED: 0, S.RETURNED: 1, S.ACCEPTED: 2}


async def _registry() -> list[dict]:
    return await Person.select(Person.id, Person.surname, Person.name, Person.patronymic, Person.phone,
                               Person.email, Person.position, Person.organisation).where(
        Person.deleted_at.is_null() & (Person.status == PersonStatus.ACTIVE))


def _who(n: NominationView) -> Who:
    return Who.of(n.surname, n.name, n.patronymic, n.phone, str(n.data.get("email", "")))


def _matches(pending: list[NominationView], names: list[NominationView], organisation_of: Mapping[int, str],
             registry: list[dict]) -> tuple[dict[int, list[Match]], dict[int, list[Match]]]:
    """The pending names' registry matches and matches on other organisations' lists (`names`: all shown,
    the accepted ones too), by nomination id."""
    people = {r["id"]: r for r in registry}
    found_registry: dict[int, list[Match]] = defaultdict(list)
    for dup in find_duplicates(((n.id, _who(n)) for n in pending),
                               ((r["id"], Who.of(r["surname"], r["name"], r["patronymic"], r["phone"], r["email"]))
                                for r in registry)):
        person = people[dup.existing_id] if dup.existing_id else None
        if person is not None:
            details = ", ".join(p for p in (person["position"], person["organisation"]) if p)
            label = full_name(person["surname"], person["name"], person["patronymic"])
            found_registry[dup.row].append(Match(f"{label}, {details}" if details else label, dup.reason, dup.certain,
                                                 person["id"]))
    by_id = {n.id: n for n in names}
    elsewhere: dict[int, list[Match]] = defaultdict(list)
    for dup in find_duplicates(((n.id, _who(n)) for n in pending), ((n.id, _who(n)) for n in names)):
        other = by_id.get(dup.existing_id) if dup.existing_id else None
        if other is None or other.id == dup.row or other.organisation_id == by_id[dup.row].organisation_id:
            continue
        elsewhere[dup.row].append(Match(f"{organisation_of[other.organisation_id]}: {other.full_name}", dup.reason,
                                        dup.certain))
    return found_registry, elsewhere


async def review(ceremony_id: int) -> Review:
    view = await services.quota_view(ceremony_id)
    seats = dict(view.allocation.seats) if view.allocation else {}
    organisation_of = {o.id: o.name for o in view.organisations}
    all_names = await names_of(list(organisation_of))
    tokens = await live_tokens(list(organisation_of))
    late = view.deadline is not None and clock.today() > view.deadline
    counts: dict[int, dict[NominationStatus, int]] = defaultdict(lambda: defaultdict(int))
    for n in all_names:
        counts[n.organisation_id][n.status] += 1
    progress = []
    for o in view.organisations:
        quota = seats.get(o.name, 0)
        line = Progress(o.id, o.name, quota, o.liaison, o.phone, tokens.get(o.id, ""), dict(counts[o.id]), False)
        progress.append(Progress(**{**line.__dict__, "overdue": late and line.missing > 0}))
    progress.sort(key=lambda p: (not p.overdue, -p.missing, p.name))
    shown = [n for n in all_names if n.status in _ORDER]
    # an accepted name is decided: its registry person is the one it became
    pending = [n for n in shown if n.status != S.ACCEPTED]
    registry, elsewhere = await asyncio.to_thread(_matches, pending, shown, organisation_of, await _registry())
    names = [ReviewName(n, organisation_of[n.organisation_id], tuple(registry.get(n.id, ())),
                        tuple(elsewhere.get(n.id, ()))) for n in shown]
    names.sort(key=lambda r: (_ORDER[r.nomination.status], r.organisation, r.nomination.search_key))
    return Review(view.ceremony, view.deadline, tuple(progress), tuple(names))


# ---------------------------------------------------------------- accepting and returning


async def _nomination(ceremony_id: int, nomination_id: int) -> tuple[NominationView, dict]:
    """The name, and its organisation's name with the category the name is invited in (its part of a split
    quota, else the organisation's) and that category's precedence; within the ceremony."""
    row = await QuotaNomination.select().where(
        (QuotaNomination.id == nomination_id)
        & (QuotaNomination.organisation.ceremony == ceremony_id)).first()
    if row is None:
        raise NotFound
    organisation = await QuotaOrganisation.select(
        QuotaOrganisation.name, QuotaOrganisation.category,
        QuotaOrganisation.category.precedence.as_alias("precedence")).where(
        QuotaOrganisation.id == row["organisation"]).first()
    if row["category"] is not None:
        part = await Category.select(Category.precedence).where(Category.id == row["category"]).first()
        organisation.update(category=row["category"], precedence=part["precedence"] if part else None)
    return nomination_view(row), organisation


class _Refused(Exception):
    """The invitation could not be made (the person is not active): everything rolls back."""


async def _new_person(name: NominationView, organisation: dict) -> int:
    values: dict = {key: name.data.get(key, "") for key in PERSON_FIELDS}
    for key in ("wheelchair", "no_stairs", "aisle", "needs_escort"):
        values[key] = bool(values[key])
    values["gender"] = values["gender"] or Gender.UNKNOWN
    values.update(surname=name.surname, name=name.name, patronymic=name.patronymic, search_key=name.search_key,
                  category=organisation["category"], precedence=organisation["precedence"] or 100,
                  organisation=values["organisation"] or organisation["name"])
    rows = await Person.insert(Person(**values)).returning(Person.id)
    await audit.record("create", "person", rows[0]["id"], name.full_name, audit.diff({}, values),
                       note=_("по разнарядке: {organisation}").format(organisation=organisation["name"]))
    return rows[0]["id"]


async def accept(ceremony_id: int, nomination_id: int, raw: Mapping[str, str]) -> Saved:
    """The name becomes a registry person — the one chosen in `raw["person"]` (a match), or a new one in the
    quota's category — and an invitation of the ceremony; all in one transaction."""
    name, organisation = await _nomination(ceremony_id, nomination_id)
    if name.status != S.SUBMITTED:
        return Saved(errors={"status": _("Принять можно только поданное имя.")})
    form = FormReader(raw)
    chosen = form.integer("person", default=0) or None
    if form.errors:
        return Saved(errors=form.errors)
    if chosen is not None and not await Person.exists().where((Person.id == chosen) & Person.deleted_at.is_null()):
        return Saved(errors={"person": _("Такого человека нет в реестре.")})
    try:
        async with write_transaction(Person._meta.db):
            person_id = chosen or await _new_person(name, organisation)
            if chosen and organisation["category"]:  # a person without a category takes the quota's
                await Person.update({Person.category: organisation["category"]}).where(
                    (Person.id == chosen) & Person.category.is_null())
            added = await invitations.add_persons(ceremony_id, [person_id])
            if added.refused:
                raise _Refused(added.message)
            invitation_id = added.ids[0] if added.ids else await _live_invitation(ceremony_id, person_id)
            await QuotaNomination.update({QuotaNomination.status: S.ACCEPTED, QuotaNomination.person: person_id,
                                          QuotaNomination.invitation: invitation_id, QuotaNomination.comment: "",
                                          QuotaNomination.reviewed_at: datetime.now(UTC)}).where(
                QuotaNomination.id == nomination_id)
            await audit.record("update", "quota_nomination", nomination_id, name.full_name,
                               {"status": [name.status.value, S.ACCEPTED.value], "person": [None, person_id],
                                "invitation": [None, invitation_id]})
    except _Refused as refused:
        return Saved(errors={"person": str(refused)})
    return Saved(id=invitation_id)


async def _live_invitation(ceremony_id: int, person_id: int) -> int | None:
    row = await Invitation.select(Invitation.id).where(
        (Invitation.ceremony == ceremony_id) & (Invitation.person == person_id)
        & Invitation.status.not_in(list(invitations.DEAD))).first()
    return row["id"] if row else None


async def accept_unmatched(ceremony_id: int, progress: Callable[[int, int], None] | None = None) -> int:
    """Every name sent that matches nobody in the registry or on another list: these need no decision. Each
    in its own transaction, so that what was accepted stays accepted if the work is stopped."""
    clear = [r.nomination.id for r in (await review(ceremony_id)).names
             if r.nomination.status == S.SUBMITTED and not r.registry and not r.elsewhere]
    accepted = 0
    for done, nomination_id in enumerate(clear, start=1):
        accepted += (await accept(ceremony_id, nomination_id, {})).ok
        if progress is not None:
            progress(done, len(clear))
    return accepted


async def submit_accept_unmatched(ceremony_id: int, user: CurrentUser) -> int:
    """The job that accepts the names without matches (1,500 names take about a minute: not in a request)."""
    ceremony = await get_ceremony(ceremony_id)
    return await runner.submit(JOB_KIND, "app.quotas.review:accept_job",
                               {"ceremony_id": ceremony_id, "account_id": user.account_id, "account_name": user.name},
                               title=_("Приём имён по разнарядке: {title}").format(title=ceremony.title),
                               user_id=user.account_id, time_limit=1800)


def accept_job(params: dict, progress) -> dict:
    """The job: accept_unmatched, on record under the officer who started it; back to the review after."""
    ceremony_id = int(params["ceremony_id"])
    audit.act_as(params.get("account_id"), str(params.get("account_name", "")))
    accepted = asyncio.run(accept_unmatched(ceremony_id, lambda done, total: progress(done, total, _("Приём имён"))))
    return {"accepted": accepted, "link": f"/ceremonies/{ceremony_id}/quotas/review/?status=accepted#names"}


async def return_name(ceremony_id: int, nomination_id: int, raw: Mapping[str, str]) -> Saved:
    """Back to the organisation with a comment that says what to fix or whom to send instead."""
    name, _organisation = await _nomination(ceremony_id, nomination_id)
    form = FormReader(raw)
    comment = form.multiline("comment", max_length=COMMENT_MAX)
    if not comment:
        form.fail("comment", _("Напишите, что исправить или кого прислать вместо."))
    if name.status != S.SUBMITTED:
        form.fail("comment", _("Вернуть можно только поданное имя."))
    if form.errors:
        return Saved(errors=form.errors)
    async with write_transaction(QuotaNomination._meta.db):
        await QuotaNomination.update({QuotaNomination.status: S.RETURNED, QuotaNomination.comment: comment,
                                      QuotaNomination.reviewed_at: datetime.now(UTC)}).where(
            QuotaNomination.id == nomination_id)
        await audit.record("update", "quota_nomination", nomination_id, name.full_name,
                           {"status": [name.status.value, S.RETURNED.value], "comment": [name.comment, comment]})
    return Saved(id=nomination_id)


# ---------------------------------------------------------------- reminders


async def reminders_xlsx(ceremony_id: int) -> bytes:
    """Whom to call: the organisations whose list is short, the liaison, the phone, what is missing."""
    found = await review(ceremony_id)
    return export_xlsx(
        _("Напоминания о списках: {ceremony}").format(ceremony=found.ceremony.title),
        [_("Организация"), _("Контактное лицо"), _("Телефон"), _("Квота"), _("Подано"), _("Не хватает")],
        [(p.name, p.liaison, p.phone, p.quota, p.sent, p.missing) for p in found.reminders])

