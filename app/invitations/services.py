"""The invitation list of a ceremony: adding guests and companions, statuses, issuing the cards,
substitutes and reprints (each revokes the old token), counters, the card settings.

Invariants: a person is on a ceremony's list at most once among the live invitations (not substituted
or revoked); nobody deceased or moved away is added; every live invitation has exactly one
unrevoked token.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlencode

from app.audit import services as audit
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.i18n import ngettext
from app.core.numbers import page_within, whole
from app.core.results import NotFound, Saved
from app.core.text import search_key
from app.events.services import ceremony_alive
from app.events.tables import Ceremony
from app.guests.kinds import STATUS_LABELS as PERSON_STATUS_LABELS
from app.guests.kinds import LinkKind, PersonStatus
from app.guests.services import Page, RegistryFilter, full_name
from app.guests.tables import Category, Person, PersonLink
from app.invitations.kinds import STATUS_LABELS, CompanionKind, InvitationStatus, IssueMethod
from app.invitations.tables import Invitation, InvitationSetup, InvitationToken
from app.invitations.tokens import new_token
from app.web.forms import FormReader

S = InvitationStatus
DEAD = (S.SUBSTITUTED, S.REVOKED)  # no longer admit anyone
# Where each status may go by hand; «substituted» only through a substitute, «issued» through issuing.
NEXT = {
    S.PLANNED: (S.PRINTED, S.REVOKED),
    S.PRINTED: (S.PLANNED, S.REVOKED),
    S.ISSUED: (S.ACCEPTED, S.DECLINED, S.REVOKED),
    S.ACCEPTED: (S.DECLINED, S.REVOKED),
    S.DECLINED: (S.ACCEPTED, S.REVOKED),
    S.SUBSTITUTED: (),
    S.REVOKED: (),
}
ISSUABLE = (S.PLANNED, S.PRINTED)
PER_PAGE = 50
CHUNK = 400
# Which registry link makes the linked person which kind of companion.
LINK_COMPANION = {LinkKind.ESCORT_OF: CompanionKind.ESCORT, LinkKind.INTERPRETER_FOR: CompanionKind.INTERPRETER,
                  LinkKind.FAMILY_OF: CompanionKind.PLUS_ONE}


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class InvitationRow:
    id: int
    ceremony_id: int
    person_id: int
    full_name: str
    position: str
    organisation: str
    category: str
    vip: bool
    status: InvitationStatus
    companion_kind: CompanionKind
    companion_of: int | None
    entrance: str
    seat_label: str
    issued_at: datetime | None
    issued_how: IssueMethod | None
    issued_by: str
    substitute_for: int | None
    person_status: PersonStatus
    wheelchair: bool
    no_stairs: bool
    needs_escort: bool
    response_note: str
    responded_at: datetime | None
    created_at: datetime | None
    token: str = ""
    companions: tuple[InvitationRow, ...] = ()
    needs_reprint: bool = False  # the seat changed after the card was printed

    @property
    def live(self) -> bool:
        return self.status not in DEAD

    @property
    def next_statuses(self) -> tuple[InvitationStatus, ...]:
        return NEXT[self.status]

    @property
    def issuable(self) -> bool:
        return self.status in ISSUABLE


@dataclass(frozen=True)
class TokenView:
    token: str
    created_at: datetime
    revoked_at: datetime | None
    revoke_reason: str


@dataclass(frozen=True)
class SetupView:
    wording: str
    dress_code: str
    default_entrance: str
    signature: str


@dataclass(frozen=True)
class CategoryCount:
    name: str
    total: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class Counters:
    total: int  # live invitations
    by_status: dict[str, int]
    by_category: list[CategoryCount]


@dataclass(frozen=True)
class ListFilter:
    q: str = ""
    status: str = ""
    category: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> ListFilter:
        status = str(params.get("status", ""))
        category = str(params.get("category", ""))
        return cls(" ".join(str(params.get("q", "")).split())[:100],
                   status if status in InvitationStatus._value2member_map_ else "",
                   whole(category))

    def params(self, **extra: object) -> str:
        values = {"q": self.q, "status": self.status, "category": self.category or "", **extra}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass
class Added:
    """What adding people to a list did; `message` says it in one sentence."""

    added: int = 0
    already: int = 0
    refused: list[str] = field(default_factory=list)  # the inactive: «Иванов Иван Иванович (умер)»
    ids: list[int] = field(default_factory=list)

    @property
    def message(self) -> str:
        parts = [ngettext("Добавлен %(num)d гость.", "Добавлено %(num)d гостей.", self.added)
                 % {"num": self.added}]
        if self.already:
            parts.append(ngettext("%(num)d уже в списке.", "%(num)d уже в списке.", self.already)
                         % {"num": self.already})
        if self.refused:
            shown = ", ".join(self.refused[:5]) + ("…" if len(self.refused) > 5 else "")
            parts.append(_("Не приглашаются, так как умерли или выбыли ({n}): {names}.").format(
                n=len(self.refused), names=shown))
        return " ".join(parts)


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(get_settings().tz) if moment else None


_COLUMNS = (
    Invitation.all_columns(),
    Invitation.person.surname.as_alias("surname"), Invitation.person.name.as_alias("p_name"),
    Invitation.person.patronymic.as_alias("patronymic"), Invitation.person.position.as_alias("position"),
    Invitation.person.organisation.as_alias("organisation"), Invitation.person.status.as_alias("person_status"),
    Invitation.person.wheelchair.as_alias("wheelchair"), Invitation.person.no_stairs.as_alias("no_stairs"),
    Invitation.person.needs_escort.as_alias("needs_escort"), Invitation.person.category.as_alias("category_id"),
    Invitation.person.category.name.as_alias("category"), Invitation.person.category.vip.as_alias("vip"),
    Invitation.issued_by.user.first_name.as_alias("by_first"), Invitation.issued_by.user.last_name.as_alias("by_last"),
    Invitation.issued_by.user.username.as_alias("by_username"),
)


def _view(r: dict, tokens: Mapping[int, str]) -> InvitationRow:
    by = " ".join(p for p in (r["by_last"], r["by_first"]) if p) or (r["by_username"] or "")
    return InvitationRow(
        id=r["id"], ceremony_id=r["ceremony"], person_id=r["person"],
        full_name=full_name(r["surname"], r["p_name"], r["patronymic"]), position=r["position"],
        organisation=r["organisation"], category=r["category"] or "", vip=bool(r["vip"]),
        status=InvitationStatus(r["status"]), companion_kind=CompanionKind(r["companion_kind"]),
        companion_of=r["companion_of"], entrance=r["entrance"], seat_label=r["seat_label"],
        issued_at=_local(r["issued_at"]), issued_how=IssueMethod(r["issued_how"]) if r["issued_how"] else None,
        issued_by=by, substitute_for=r["substitute_for"], person_status=PersonStatus(r["person_status"]),
        wheelchair=r["wheelchair"], no_stairs=r["no_stairs"], needs_escort=r["needs_escort"],
        response_note=r["response_note"], responded_at=_local(r["responded_at"]),
        created_at=_local(r["created_at"]), token=tokens.get(r["id"], ""), needs_reprint=r["needs_reprint"])


async def live_tokens(invitation_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(invitation_ids))
    result: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        rows = await InvitationToken.select(InvitationToken.invitation, InvitationToken.token).where(
            InvitationToken.invitation.is_in(ids[start:start + CHUNK]) & InvitationToken.revoked_at.is_null())
        result.update({r["invitation"]: r["token"] for r in rows})
    return result


async def _rows(where, *, order: bool = True, limit: int | None = None, offset: int = 0) -> list[InvitationRow]:
    query = Invitation.select(*_COLUMNS).where(where)
    if order:
        query = query.order_by(Invitation.person.precedence).order_by(Invitation.person.search_key).order_by(
            Invitation.id)
    if limit:
        query = query.limit(limit).offset(offset)
    rows = await query
    tokens = await live_tokens(r["id"] for r in rows)
    return [_view(r, tokens) for r in rows]


async def get_invitation(invitation_id: int) -> InvitationRow:
    rows = await _rows(Invitation.id == invitation_id, order=False)
    if not rows:
        raise NotFound
    companions = await _rows(Invitation.companion_of == invitation_id)
    return _with(rows[0], companions)


def _with(row: InvitationRow, companions: list[InvitationRow]) -> InvitationRow:
    return replace(row, companions=tuple(companions))


def _filter_where(ceremony_id: int, chosen: ListFilter):
    where = Invitation.ceremony == ceremony_id
    for word in search_key(chosen.q).replace("%", " ").replace("_", " ").split():
        where &= Invitation.person.search_key.like(f"%{word}%")
    if chosen.status:
        where &= Invitation.status == chosen.status
    if chosen.category:
        where &= Invitation.person.category == chosen.category
    return where


async def invitation_list(ceremony_id: int, chosen: ListFilter = ListFilter(), *, page: int = 1,
                          per_page: int = PER_PAGE) -> Page:
    """Guests in their own right, in order of precedence, each with their companions beneath.
    With a filter, companions that fit it are listed on their own as well."""
    where = _filter_where(ceremony_id, chosen)
    if chosen == ListFilter():
        where &= Invitation.companion_of.is_null()
    total = await Invitation.count().where(where)
    page = page_within(page, total, per_page)
    rows = await _rows(where, limit=per_page, offset=(page - 1) * per_page)
    companions: dict[int, list[InvitationRow]] = defaultdict(list)
    main_ids = [r.id for r in rows if r.companion_of is None]
    for start in range(0, len(main_ids), CHUNK):
        for c in await _rows(Invitation.companion_of.is_in(main_ids[start:start + CHUNK])):
            companions[c.companion_of or 0].append(c)
    return Page([_with(r, companions.get(r.id, [])) for r in rows], total, page, per_page)


async def counters(ceremony_id: int) -> Counters:
    from piccolo.query.functions.aggregate import Count

    rows = await Invitation.select(
        Invitation.person.category.name.as_alias("category"), Invitation.person.category.precedence.as_alias("p"),
        Invitation.status, Count(Invitation.id, alias="n"),
    ).where(Invitation.ceremony == ceremony_id).group_by(
        Invitation.person.category.name, Invitation.person.category.precedence, Invitation.status)
    by_status: Counter[str] = Counter()
    by_category: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for r in rows:
        by_status[r["status"]] += r["n"]
        by_category[(r["p"] if r["p"] is not None else 10_000, r["category"] or "")][r["status"]] += r["n"]
    categories = [CategoryCount(name or _("без категории"), sum(v for s, v in c.items() if s not in DEAD), dict(c))
                  for (_p, name), c in sorted(by_category.items())]
    live = sum(v for s, v in by_status.items() if s not in DEAD)
    return Counters(live, dict(by_status), categories)


async def person_invitations(person_id: int) -> list[dict]:
    """The ceremonies a person is (or was) invited to, newest first, for the registry's person page."""
    rows = await Invitation.select(
        Invitation.id, Invitation.status, Invitation.ceremony, Invitation.ceremony.title.as_alias("title"),
        Invitation.ceremony.starts_at.as_alias("starts_at"), Invitation.ceremony.event.title.as_alias("event"),
    ).where(Invitation.person == person_id).order_by(Invitation.ceremony.starts_at, ascending=False)
    return [{**r, "starts_at": _local(r["starts_at"]), "status": InvitationStatus(r["status"])} for r in rows]


# ---------------------------------------------------------------- adding


async def _ceremony_exists(ceremony_id: int) -> None:
    if not await Ceremony.exists().where((Ceremony.id == ceremony_id) & ceremony_alive()):
        raise NotFound


async def _insert(ceremony_id: int, person_ids: list[int], *, companion_of: int | None = None,
                  kind: CompanionKind = CompanionKind.GUEST, entrance: str = "",
                  substitute_for: int | None = None, seat_label: str = "") -> list[int]:
    """Invitations and a token for each, inside the caller's transaction."""
    ids: list[int] = []
    for person_id in person_ids:
        rows = await Invitation.insert(Invitation(
            ceremony=ceremony_id, person=person_id, companion_of=companion_of, companion_kind=kind,
            entrance=entrance, substitute_for=substitute_for, seat_label=seat_label,
            status=InvitationStatus.PLANNED)).returning(Invitation.id)
        ids.append(rows[0]["id"])
    for start in range(0, len(ids), CHUNK):
        await InvitationToken.insert(*[InvitationToken(invitation=i, token=new_token())
                                       for i in ids[start:start + CHUNK]])
    return ids


async def _already_invited(ceremony_id: int, person_ids: list[int]) -> set[int]:
    found: set[int] = set()
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        rows = await Invitation.select(Invitation.person).where(
            (Invitation.ceremony == ceremony_id) & Invitation.person.is_in(ids[start:start + CHUNK])
            & Invitation.status.not_in(list(DEAD)))
        found.update(r["person"] for r in rows)
    return found


async def _people(where) -> list[dict]:
    return await Person.select(Person.id, Person.surname, Person.name, Person.patronymic, Person.status).where(
        where & Person.deleted_at.is_null()).order_by(Person.precedence).order_by(Person.search_key)


def _refused(people: list[dict]) -> list[str]:
    return [f"{full_name(p['surname'], p['name'], p['patronymic'])} "
            f"({_(PERSON_STATUS_LABELS[PersonStatus(p['status'])])})"
            for p in people if p["status"] != PersonStatus.ACTIVE]


async def _add(ceremony_id: int, people: list[dict], *, companion_of: int | None = None,
               kind: CompanionKind = CompanionKind.GUEST, entrance: str = "") -> Added:
    await _ceremony_exists(ceremony_id)
    result = Added(refused=_refused(people))
    active = [p["id"] for p in people if p["status"] == PersonStatus.ACTIVE]
    async with write_transaction(Invitation._meta.db):
        already = await _already_invited(ceremony_id, active)
        new = [i for i in dict.fromkeys(active) if i not in already]
        result.ids = await _insert(ceremony_id, new, companion_of=companion_of, kind=kind, entrance=entrance)
    result.added, result.already = len(new), len(set(active) & already)
    return result


async def add_persons(ceremony_id: int, person_ids: list[int]) -> Added:
    """One by one (or several picked): the inactive are refused by name."""
    if not person_ids:
        return Added()
    return await _add(ceremony_id, await _people(Person.id.is_in(sorted(set(person_ids)))))


async def add_by_category(ceremony_id: int, category_id: int) -> Added:
    if not await Category.exists().where(Category.id == category_id):
        raise NotFound
    return await _add(ceremony_id, await _people(Person.category == category_id))


async def add_by_filter(ceremony_id: int, chosen: RegistryFilter) -> Added:
    """Everyone the registry filter finds; with an empty filter, nothing (not 10,000 people by accident)."""
    if chosen.empty:
        return Added()
    return await _add(ceremony_id, await _people(chosen.where()))


async def add_companion(invitation_id: int, raw: Mapping[str, str]) -> Saved:
    guest = await get_invitation(invitation_id)
    form = FormReader(raw)
    kind = form.choice("kind", CompanionKind)
    person_id = form.integer("person", default=0)
    if kind is CompanionKind.GUEST:
        form.fail("kind", _("Выберите, кем приходится спутник."))
    if not person_id:
        form.fail("person", _("Выберите человека из реестра."))
    if not guest.live:
        form.fail("person", _("Приглашение гостя заменено или отозвано."))
    if guest.companion_of:
        form.fail("person", _("Спутника добавляют к основному гостю, а не к другому спутнику."))
    if form.errors:
        return Saved(errors=form.errors)
    people = await _people(Person.id == person_id)
    if not people:
        return Saved(errors={"person": _("Такого человека нет в реестре.")})
    if person_id == guest.person_id:
        return Saved(errors={"person": _("Гость не может быть своим спутником.")})
    added = await _add(guest.ceremony_id, people, companion_of=invitation_id, kind=kind, entrance=guest.entrance)
    if added.refused:
        return Saved(errors={"person": added.message})
    if added.already:
        return Saved(errors={"person": _("Этот человек уже есть в списке церемонии.")})
    return Saved(id=added.ids[0])


async def suggested_companions(invitation: InvitationRow) -> list[dict]:
    """The guest's escorts, interpreters and family from the registry links, not yet on the list."""
    rows = await PersonLink.select(PersonLink.person, PersonLink.kind).where(
        (PersonLink.other == invitation.person_id) & PersonLink.kind.is_in(list(LINK_COMPANION)))
    if not rows:
        return []
    invited = await _already_invited(invitation.ceremony_id, [r["person"] for r in rows])
    people = {p["id"]: p for p in await _people(Person.id.is_in([r["person"] for r in rows]))}
    return [{"person_id": r["person"], "kind": LINK_COMPANION[LinkKind(r["kind"])],
             "name": full_name(people[r["person"]]["surname"], people[r["person"]]["name"],
                               people[r["person"]]["patronymic"]),
             "active": people[r["person"]]["status"] == PersonStatus.ACTIVE}
            for r in rows if r["person"] not in invited and r["person"] in people]


# ---------------------------------------------------------------- statuses


async def _revoke_tokens(invitation_ids: list[int], reason: str) -> None:
    if invitation_ids:
        await InvitationToken.update({InvitationToken.revoked_at: datetime.now(UTC),
                                      InvitationToken.revoke_reason: reason[:200]}).where(
            InvitationToken.invitation.is_in(invitation_ids) & InvitationToken.revoked_at.is_null())


async def set_status(invitation_id: int, raw: Mapping[str, str]) -> Saved:
    """A move along NEXT; «revoked» also stops the tokens; an answer (accepted / declined) keeps its note."""
    row = await get_invitation(invitation_id)
    form = FormReader(raw)
    status = form.choice("status", InvitationStatus)
    note = form.multiline("note", max_length=1000)
    if status and status not in row.next_statuses:
        form.fail("status", _("Из состояния «{a}» нельзя перейти в «{b}».").format(
            a=_(STATUS_LABELS[row.status]), b=_(STATUS_LABELS[status])))
    if form.errors:
        return Saved(errors=form.errors)
    values: dict = {Invitation.status: status}
    if status in (S.ACCEPTED, S.DECLINED):
        values.update({Invitation.responded_at: datetime.now(UTC), Invitation.response_note: note})
    async with write_transaction(Invitation._meta.db):
        await Invitation.update(values).where(Invitation.id == invitation_id)
        if status is S.REVOKED:
            await _revoke_tokens([invitation_id], note or _("приглашение отозвано"))
        await _record("revoke" if status is S.REVOKED else "status", row, {"status": [row.status, status]}, note)
    return Saved(id=invitation_id)


async def _record(action: str, row: InvitationRow, changes: dict, note: str = "") -> None:
    """The invitation's entry in the audit log, named by its guest."""
    await audit.record(action, "invitation", row.id, row.full_name,
                       {k: [audit.plain(v) for v in pair] for k, pair in changes.items()}, note=note)


async def issue(invitation_id: int, raw: Mapping[str, str], account_id: int | None) -> Saved:
    """The card is handed over: who did it (the signed-in officer), when (now or as typed), how."""
    row = await get_invitation(invitation_id)
    form = FormReader(raw)
    how = form.choice("how", IssueMethod)
    when = datetime.now(UTC)
    if raw.get("issued_at", "").strip():
        typed = form.local_datetime("issued_at")
        if typed:
            when = typed.replace(tzinfo=get_settings().tz)
    if not row.issuable:
        form.fail("how", _("Приглашение в состоянии «{s}»: вручить его нельзя.").format(s=_(STATUS_LABELS[row.status])))
    if form.errors:
        return Saved(errors=form.errors)
    async with write_transaction(Invitation._meta.db):
        await Invitation.update({Invitation.status: S.ISSUED, Invitation.issued_at: when, Invitation.issued_how: how,
                                 Invitation.issued_by: account_id}).where(Invitation.id == invitation_id)
        await _record("issue", row, {"status": [row.status, S.ISSUED], "issued_at": [None, when],
                                     "issued_how": [None, how]})
    return Saved(id=invitation_id)


async def save_entrance(invitation_id: int, raw: Mapping[str, str]) -> Saved:
    row = await get_invitation(invitation_id)
    form = FormReader(raw)
    entrance = form.text("entrance", max_length=100)
    if form.errors:
        return Saved(errors=form.errors)
    async with write_transaction(Invitation._meta.db):
        await Invitation.update({Invitation.entrance: entrance}).where(Invitation.id == invitation_id)
        if entrance != row.entrance:
            await _record("update", row, {"entrance": [row.entrance, entrance]})
    return Saved(id=invitation_id)


async def remove(invitation_id: int) -> int:
    """Deletes a planned invitation (a mistake, nothing printed yet); gives back the ceremony id."""
    row = await get_invitation(invitation_id)
    if row.status is not S.PLANNED:
        raise ValueError(_("Удалить можно только запланированное приглашение; это — отзовите."))
    async with write_transaction(Invitation._meta.db):
        await Invitation.delete().where((Invitation.id == invitation_id) | (Invitation.companion_of == invitation_id))
        await _record("purge", row, {"status": [row.status, None]})
    return row.ceremony_id


async def mark_printed(invitation_ids: list[int]) -> int:
    """Printing moves planned invitations to «printed»; the others keep their status."""
    changed = 0
    ids = sorted(set(invitation_ids))
    for start in range(0, len(ids), CHUNK):
        rows = await Invitation.update({Invitation.status: S.PRINTED}).where(
            Invitation.id.is_in(ids[start:start + CHUNK]) & (Invitation.status == S.PLANNED)).returning(
            Invitation.id)
        changed += len(rows)
    return changed


# ---------------------------------------------------------------- substitutes and reprints


async def substitute(invitation_id: int, raw: Mapping[str, str]) -> Saved:
    """A deputy comes instead: a new invitation for them (substitute_for = the original) with a new token,
    the same entrance, seat and companions; the original becomes «substituted» and its token stops."""
    original = await get_invitation(invitation_id)
    form = FormReader(raw)
    deputy = form.integer("person", default=0)
    if not deputy:
        form.fail("person", _("Выберите заместителя из реестра."))
    elif deputy == original.person_id:
        form.fail("person", _("Заместитель должен быть другим человеком."))
    if not original.live:
        form.fail("person", _("Это приглашение уже заменено или отозвано."))
    if form.errors:
        return Saved(errors=form.errors)
    people = await _people(Person.id == deputy)
    if not people:
        return Saved(errors={"person": _("Такого человека нет в реестре.")})
    if _refused(people):
        return Saved(errors={"person": _("{name} не может быть приглашён: умер или выбыл.").format(
            name=_refused(people)[0])})
    async with write_transaction(Invitation._meta.db):
        if await _already_invited(original.ceremony_id, [deputy]):
            return Saved(errors={"person": _("Этот человек уже есть в списке церемонии.")})
        new_id = (await _insert(original.ceremony_id, [deputy], companion_of=original.companion_of,
                                kind=original.companion_kind, entrance=original.entrance,
                                substitute_for=invitation_id, seat_label=original.seat_label))[0]
        await Invitation.update({Invitation.status: S.SUBSTITUTED}).where(Invitation.id == invitation_id)
        await Invitation.update({Invitation.companion_of: new_id}).where(Invitation.companion_of == invitation_id)
        name = full_name(people[0]["surname"], people[0]["name"], people[0]["patronymic"])
        await _revoke_tokens([invitation_id], _("замена: {name}").format(name=name))
        await _record("status", original, {"status": [original.status, S.SUBSTITUTED]},
                      _("замена: {name}").format(name=name))
    return Saved(id=new_id)


async def reprint(invitation_id: int, raw: Mapping[str, str]) -> str:
    """A lost card: the old token stops, a new one is made; the status stays. Gives back the new token."""
    row = await get_invitation(invitation_id)
    if not row.live:
        raise ValueError(_("Приглашение заменено или отозвано: перепечатать его нельзя."))
    reason = " ".join(str(raw.get("reason", "")).split())[:150] or _("карточка утеряна")
    token = new_token()
    async with write_transaction(Invitation._meta.db):
        await _revoke_tokens([invitation_id], _("перепечатка: {reason}").format(reason=reason))
        await InvitationToken.insert(InvitationToken(invitation=invitation_id, token=token))
        await _record("revoke", row, {}, _("перепечатка: {reason}").format(reason=reason))
    return token


async def tokens(invitation_id: int) -> list[TokenView]:
    rows = await InvitationToken.select().where(InvitationToken.invitation == invitation_id).order_by(
        InvitationToken.created_at).order_by(InvitationToken.id)
    return [TokenView(r["token"], _local(r["created_at"]), _local(r["revoked_at"]), r["revoke_reason"])
            for r in rows]


async def history(invitation: InvitationRow) -> list[InvitationRow]:
    """Everyone in the chain of substitutes this invitation belongs to, from the first invited on."""
    chain = [invitation]
    seen = {invitation.id}
    current = invitation
    while current.substitute_for and current.substitute_for not in seen:
        current = await get_invitation(current.substitute_for)
        chain.insert(0, current)
        seen.add(current.id)
    current = invitation
    while True:
        following = await Invitation.select(Invitation.id).where(Invitation.substitute_for == current.id).first()
        if following is None or following["id"] in seen:
            break
        current = await get_invitation(following["id"])
        chain.append(current)
        seen.add(current.id)
    return chain


# ---------------------------------------------------------------- the card's settings


async def get_setup(ceremony_id: int) -> SetupView:
    row = await InvitationSetup.select().where(InvitationSetup.ceremony == ceremony_id).first()
    if row is None:
        return SetupView("", "", "", "")
    return SetupView(row["wording"], row["dress_code"], row["default_entrance"], row["signature"])


async def save_setup(ceremony_id: int, raw: Mapping[str, str]) -> Saved:
    await _ceremony_exists(ceremony_id)
    form = FormReader(raw)
    values = {InvitationSetup.wording: form.multiline("wording", max_length=2000),
              InvitationSetup.dress_code: form.text("dress_code", max_length=200),
              InvitationSetup.default_entrance: form.text("default_entrance", max_length=100),
              InvitationSetup.signature: form.text("signature", max_length=300)}
    if form.errors:
        return Saved(errors=form.errors)
    async with write_transaction(InvitationSetup._meta.db):
        if await InvitationSetup.exists().where(InvitationSetup.ceremony == ceremony_id):
            await InvitationSetup.update(values).where(InvitationSetup.ceremony == ceremony_id)
        else:
            await InvitationSetup.insert(InvitationSetup(ceremony=ceremony_id,
                                                         **{c._meta.name: v for c, v in values.items()}))
    return Saved(id=ceremony_id)


async def printable_ids(ceremony_id: int, statuses: Iterable[InvitationStatus] = (S.PLANNED, S.PRINTED, S.ISSUED,
                                                                                 S.ACCEPTED)) -> list[int]:
    rows = await Invitation.select(Invitation.id).where(
        (Invitation.ceremony == ceremony_id) & Invitation.status.is_in(list(statuses))).order_by(
        Invitation.person.precedence).order_by(Invitation.person.search_key)
    return [r["id"] for r in rows]

