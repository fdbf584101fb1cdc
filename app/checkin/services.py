"""Check-in at the gate: a scan decides a verdict in one transaction and is always logged.

The admission itself is one conditional UPDATE (… WHERE admitted_at IS NULL RETURNING id): when two
gates scan the same card at the same moment, the database lets exactly one of them set it; the other
sees no row come back and answers «already admitted». On SQLite the transaction takes the write lock
at once (BEGIN IMMEDIATE), on PostgreSQL the second UPDATE waits for the first and re-checks the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from piccolo.query.functions.aggregate import Count

from app.access import passes, zones
from app.access.passes import PassView
from app.access.zones import GateZone
from app.audit import services as audit
from app.core import clock
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.direct_db import Statements, Steps, answered, write_steps
from app.core.i18n import gettext as _
from app.core.recent import Recent
from app.core.results import NotFound
from app.core.text import search_key
from app.events.services import ceremony_alive
from app.events.tables import Ceremony
from app.guests.kinds import Gender
from app.invitations.kinds import CompanionKind, InvitationStatus, Verdict
from app.invitations.tables import Invitation, Scan

# Statuses that no longer let anyone in, whatever the token says.
VOID_STATUSES = (InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED)
# Who is not expected at the door.
NOT_EXPECTED = (InvitationStatus.DECLINED, InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED)
GATE_NAME_MAX = 50
SCANNED_MAX = 200
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class GateCeremony:
    id: int
    title: str
    event_title: str
    venue: str
    starts_at: datetime  # in the city's time zone
    ends_at: datetime

    @property
    def today(self) -> bool:
        """Whether the ceremony takes place today (in the city): on other days the gate refuses cards."""
        return self.starts_at.date() <= clock.today() <= self.ends_at.date()


@dataclass(frozen=True)
class Guest:
    """What the gate sees about one invitation."""

    invitation_id: int
    ceremony_id: int
    name: str
    category: str
    vip: bool
    seat: str
    entrance: str
    companion_kind: CompanionKind
    companion_of: int | None
    admitted_at: datetime | None  # in the city's time zone
    admitted_gate: str
    gender: str = ""  # the person's (app.guests.kinds.Gender): «прошёл» or «прошла»

    @property
    def female(self) -> bool:
        return self.gender == Gender.FEMALE


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    guest: Guest | None = None
    other_ceremony: GateCeremony | None = None  # for OTHER_CEREMONY: where the card is valid
    companions: tuple[Guest, ...] = ()  # the guest's companions and their state
    zones: tuple[str, ...] = ()  # the zones the card opens, said at a gate that guards a zone
    vehicle: PassView | None = None  # a car's pass, scanned at a parking gate

    @property
    def ok(self) -> bool:
        """Let in: the gate sounds its high tone (it listens for the class verdict-admitted)."""
        return self.verdict in (Verdict.ADMITTED, Verdict.ZONE_ADMITTED, Verdict.VEHICLE_ADMITTED)

    @property
    def waiting_companions(self) -> tuple[Guest, ...]:
        return tuple(c for c in self.companions if c.admitted_at is None)


@dataclass(frozen=True)
class CategoryCount:
    category: str
    vip: bool
    arrived: int
    expected: int


@dataclass(frozen=True)
class Counters:
    rows: tuple[CategoryCount, ...]

    @property
    def arrived(self) -> int:
        return sum(r.arrived for r in self.rows)

    @property
    def expected(self) -> int:
        return sum(r.expected for r in self.rows)


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(get_settings().tz) if moment else None


def extract_token(scanned: str) -> str | None:
    """The token from what a camera or a person gave: a full …/i/<token> URL or the bare token."""
    text = scanned.strip()
    if "/i/" in text:
        text = text.rsplit("/i/", 1)[1]
    text = re.split(r"[/?#\s]", text, maxsplit=1)[0]
    return text if _TOKEN.fullmatch(text) else None


def clean_gate(name: str) -> str:
    return " ".join(name.split())[:GATE_NAME_MAX]


# ---------------------------------------------------------------- reading

_GUEST_COLUMNS = (
    Invitation.id,
    Invitation.ceremony,
    Invitation.status,
    Invitation.seat_label,
    Invitation.entrance,
    Invitation.companion_kind,
    Invitation.companion_of,
    Invitation.admitted_at,
    Invitation.admitted_gate,
    Invitation.person.surname.as_alias("surname"),
    Invitation.person.name.as_alias("first_name"),
    Invitation.person.patronymic.as_alias("patronymic"),
    Invitation.person.gender.as_alias("gender"),
    Invitation.person.category.name.as_alias("category"),
    Invitation.person.category.vip.as_alias("vip"),
)


def _guest(row: dict) -> Guest:
    name = " ".join(p for p in (row["surname"], row["first_name"], row["patronymic"]) if p)
    return Guest(
        invitation_id=row["id"],
        ceremony_id=row["ceremony"],
        name=name,
        category=row["category"] or "",
        vip=bool(row["vip"]),
        seat=row["seat_label"] or "",
        entrance=row["entrance"] or "",
        companion_kind=CompanionKind(row["companion_kind"] or CompanionKind.GUEST),
        companion_of=row["companion_of"],
        admitted_at=_local(row["admitted_at"]),
        admitted_gate=row["admitted_gate"] or "",
        gender=row["gender"] or "",
    )


async def _guest_by_id(invitation_id: int) -> Guest | None:
    row = await Invitation.select(*_GUEST_COLUMNS).where(Invitation.id == invitation_id).first()
    return _guest(row) if row else None


async def _companions(invitation_id: int, ceremony_id: int) -> tuple[Guest, ...]:
    rows = await Invitation.select(*_GUEST_COLUMNS).where(
        (Invitation.companion_of == invitation_id) & (Invitation.ceremony == ceremony_id)
        & Invitation.status.not_in(list(VOID_STATUSES))
    ).order_by(Invitation.id)
    return tuple(_guest(r) for r in rows)


async def gate_ceremony(ceremony_id: int) -> GateCeremony:
    row = await Ceremony.select(*_CEREMONY_COLUMNS).where(Ceremony.id == ceremony_id).first()
    if row is None:
        raise NotFound
    return _gate_ceremony(row)


_RECENT: Recent[GateCeremony] = Recent()


def forget_ceremonies() -> None:
    """The next scan reads its ceremony again (the tests empty the database between them)."""
    _RECENT.forget()


async def gate_ceremony_recent(ceremony_id: int) -> GateCeremony:
    """The same, read again after GATE_CACHE_SECONDS (app.core.recent): every verdict shows it."""
    return await _RECENT.get(ceremony_id, lambda: gate_ceremony(ceremony_id))


_CEREMONY_COLUMNS = (Ceremony.id, Ceremony.title, Ceremony.venue, Ceremony.starts_at, Ceremony.ends_at,
                     Ceremony.event.title.as_alias("event_title"))


def _gate_ceremony(row: dict) -> GateCeremony:
    return GateCeremony(id=row["id"], title=row["title"], event_title=row["event_title"], venue=row["venue"],
                        starts_at=_local(row["starts_at"]), ends_at=_local(row["ends_at"]))  # type: ignore[arg-type]


async def gate_ceremonies(days_back: int = 2, limit: int = 40) -> list[GateCeremony]:
    """Ceremonies a gate may be opened for: from a couple of days ago on, soonest first."""
    since = datetime.now(UTC) - timedelta(days=days_back)
    rows = await Ceremony.select(*_CEREMONY_COLUMNS).where(
        (Ceremony.starts_at >= since) & ceremony_alive()).order_by(Ceremony.starts_at).limit(limit)
    return [_gate_ceremony(r) for r in rows]


async def counters(ceremony_id: int) -> Counters:
    """Arrived / expected by category; the declined and the revoked are not expected."""
    category = Invitation.person.category
    rows = await Invitation.select(
        category.name.as_alias("category"),
        category.vip.as_alias("vip"),
        category.precedence.as_alias("precedence"),
        Count(Invitation.admitted_at, alias="arrived"),
        Count(alias="total"),
    ).where(
        (Invitation.ceremony == ceremony_id) & Invitation.status.not_in(list(NOT_EXPECTED))
    ).group_by(category.name, category.vip, category.precedence)
    rows = sorted(rows, key=lambda r: (r["category"] is None, r["precedence"] or 0, r["category"] or ""))
    result = [CategoryCount(category=r["category"] or "", vip=bool(r["vip"]), arrived=r["arrived"],
                            expected=r["total"]) for r in rows]
    return Counters(rows=tuple(result))


async def arrivals(ceremony_id: int, limit: int = 100) -> list[Guest]:
    """The latest arrivals, newest first."""
    rows = await Invitation.select(*_GUEST_COLUMNS).where(
        (Invitation.ceremony == ceremony_id) & Invitation.admitted_at.is_not_null()
    ).order_by(Invitation.admitted_at, ascending=False).limit(limit)
    return [_guest(r) for r in rows]


async def find_guests(ceremony_id: int, query: str, limit: int = 20) -> list[Guest]:
    """A guest who forgot the card, found by any part of the name (case and ё/е do not matter)."""
    words = search_key(query).split()
    if not words:
        return []
    where = (Invitation.ceremony == ceremony_id) & Invitation.status.not_in(list(VOID_STATUSES))
    for word in words[:4]:
        where &= Invitation.person.search_key.like(f"%{word.replace('%', '').replace('_', '')}%")
    rows = await Invitation.select(*_GUEST_COLUMNS).where(where).order_by(
        Invitation.person.search_key).limit(limit)
    return [_guest(r) for r in rows]


# ---------------------------------------------------------------- writing


async def _log(ceremony_id: int, verdict: Verdict, *, invitation_id: int | None, scanned: str, gate: str,
               account_id: int | None, at: datetime) -> None:
    await Scan.insert(Scan(ceremony=ceremony_id, invitation=invitation_id, scanned=scanned[:SCANNED_MAX],
                           gate=gate, user=account_id, at=at, verdict=verdict))


async def _admit(invitation_id: int, gate: str, account_id: int | None, at: datetime) -> bool:
    """The one atomic step: True if this call admitted the guest, False if someone already had."""
    rows = await Invitation.update({
        Invitation.admitted_at: at,
        Invitation.admitted_gate: gate,
        Invitation.admitted_by: account_id,
    }).where((Invitation.id == invitation_id) & Invitation.admitted_at.is_null()).returning(Invitation.id)
    return bool(rows)


async def _admission(invitation_id: int) -> tuple[datetime, str]:
    row = await Invitation.select(Invitation.admitted_at, Invitation.admitted_gate).where(
        Invitation.id == invitation_id).first()
    return row["admitted_at"], row["admitted_gate"]


@dataclass(frozen=True)
class Door:
    """Where and when a card is decided: the gate, its zone (None: the ceremony as a whole), whether the
    ceremony is today or a supervisor let the card in on another day."""

    gate: str
    zone: GateZone | None
    today: bool


class Need(Enum):
    """What deciding a card asks of the database on the way: each caller answers in its own way."""

    OPENS = "opens"  # does the card open the gate's zone? → bool
    ADMIT = "admit"  # the one atomic admission → bool: whether this call admitted the guest
    ADMISSION = "admission"  # who admitted the guest (another gate won the race) → (admitted_at, gate)


Decision = Generator[tuple[Need, int], Any, tuple[Verdict, Guest | None]]


def _decide(row: dict | None, ceremony_id: int, door: Door, at: datetime) -> Decision:
    """The verdict for one looked-up invitation row (None: nothing matched), admitting if it is due.

    Both the scan and the admission by hand come here. It yields what it needs of the database — (Need,
    invitation id) — and is sent the answer, so each caller runs the atomic admit, reads who admitted
    the guest and tells whether the card opens the gate's zone its own way (the scan in one transaction
    of plain statements, app.core.direct_db), while a rule of the door is written once. A card is admitted
    once a ceremony; at a gate into another zone than the one it came in by, an admitted card that opens
    the zone is let in again (ZONE_ADMITTED)."""
    if row is None:
        return Verdict.UNKNOWN, None
    guest = _guest(row)
    if row.get("revoked_at") is not None or row["status"] in VOID_STATUSES:
        return Verdict.REVOKED, guest
    if row["ceremony"] != ceremony_id:
        return Verdict.OTHER_CEREMONY, guest
    if not door.today:
        return Verdict.NOT_TODAY, guest
    if door.zone is not None and not (yield Need.OPENS, guest.invitation_id):
        return Verdict.NO_ACCESS, guest
    if row["admitted_at"] is None:
        if (yield Need.ADMIT, guest.invitation_id):
            return Verdict.ADMITTED, _admitted(guest, door.gate, at)
        # Another gate won the race a moment ago: show what it wrote.
        admitted_at, admitted_gate = yield Need.ADMISSION, guest.invitation_id
        guest = _admitted(guest, admitted_gate, admitted_at)
    if door.zone is not None and guest.admitted_gate not in door.zone.gates:
        return Verdict.ZONE_ADMITTED, guest
    return Verdict.ALREADY_ADMITTED, guest


def _settled(decision: Decision, answer: Callable[[Need, int], Steps[Any]]) -> Steps[tuple[Verdict, Guest | None]]:
    """A decision inside a transaction's statements: `answer` gives the statements of each need."""
    try:
        need = next(decision)
        while True:
            need = decision.send((yield from answer(*need)))
    except StopIteration as done:
        return done.value


def _admitted(guest: Guest, gate: str, at: datetime) -> Guest:
    return Guest(**{**guest.__dict__, "admitted_at": _local(at), "admitted_gate": gate})


async def _result(verdict: Verdict, guest: Guest | None, ceremony_id: int, door: Door, *,
                  has_companions: bool = True) -> ScanResult:
    other = None
    if verdict == Verdict.OTHER_CEREMONY and guest is not None:
        other = await gate_ceremony(guest.ceremony_id)
    companions: tuple[Guest, ...] = ()
    if has_companions and verdict in (Verdict.ADMITTED, Verdict.ALREADY_ADMITTED) and guest is not None:
        companions = await _companions(guest.invitation_id, ceremony_id)
    opened: tuple[str, ...] = ()
    if door.zone is not None and guest is not None and verdict in ZONED_VERDICTS:
        opened = tuple(await zones.card_zones(guest.invitation_id))
    return ScanResult(verdict=verdict, guest=guest, other_ceremony=other, companions=companions, zones=opened)


# The verdicts that name the card's zones at a gate that guards a zone.
ZONED_VERDICTS = (Verdict.ADMITTED, Verdict.ZONE_ADMITTED, Verdict.ALREADY_ADMITTED, Verdict.NO_ACCESS)


async def _door(ceremony_id: int, gate: str, *, override: bool = False) -> Door:
    ceremony = await gate_ceremony_recent(ceremony_id)
    return Door(gate=gate, zone=await zones.gate_zone_recent(ceremony_id, gate), today=override or ceremony.today)


_LOOKUP = """
        SELECT t.revoked_at, i.id, i.ceremony, i.status, i.seat_label, i.entrance, i.companion_kind,
               i.companion_of, i.admitted_at, i.admitted_gate, p.surname, p.name AS first_name, p.patronymic,
               p.gender, c.name AS category, c.vip,
               EXISTS (SELECT 1 FROM invitation x WHERE x.companion_of = i.id) AS has_companions{zone}
        FROM invitation_token t
        JOIN invitation i ON i.id = t.invitation
        JOIN person p ON p.id = i.person
        LEFT JOIN guest_category c ON c.id = p.category
        WHERE t.token = {{}}"""
# At a gate that guards a zone the same lookup also tells whether the card opens it (by its category or
# by hand): two probes of indexed columns in the one query, the same rule as app.access.zones.opens.
_OPENS = """,
               (EXISTS (SELECT 1 FROM category_zone cz WHERE cz.zone = {} AND cz.category = p.category)
                OR EXISTS (SELECT 1 FROM invitation_zone iz WHERE iz.invitation = i.id AND iz.zone = {})) AS opens"""

_LOG = """INSERT INTO scan (ceremony, invitation, scanned, gate, "user", at, verdict)"""
_SCAN = Statements(
    lookup=_LOOKUP.format(zone=""),
    lookup_zone=_LOOKUP.format(zone=_OPENS),
    admit="""
        UPDATE invitation SET admitted_at = {}, admitted_gate = {}, admitted_by = {}
        WHERE id = {} AND admitted_at IS NULL RETURNING id""",
    # PostgreSQL: the admission and its log line in one statement (the log line only if it admitted)
    admit_logged=f"""
        WITH admitted AS (UPDATE invitation SET admitted_at = {{}}, admitted_gate = {{}}, admitted_by = {{}}
                          WHERE id = {{}} AND admitted_at IS NULL RETURNING id)
        {_LOG} SELECT {{}}, id, {{}}, {{}}, {{}}, {{}}, {{}} FROM admitted RETURNING invitation AS id""",
    reread="SELECT admitted_at, admitted_gate FROM invitation WHERE id = {}",
    log=f"{_LOG} VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}})",
)


async def check_in(ceremony_id: int, scanned: str, *, gate: str, account_id: int | None) -> ScanResult:
    """One scan at a gate of `ceremony_id`: decide, admit at most once, log.

    Statements run on the driver in one go (app.core.direct_db.write_steps): on SQLite three in one
    transaction for a first scan (look up, admit, log), two for a repeat; on PostgreSQL two in either case,
    each whole by itself, with no transaction around them — the admission writes its log line in the same
    statement, and the look-up before it is a read whose answer the atomic admission re-checks."""
    gate = clean_gate(gate)
    door = await _door(ceremony_id, gate)
    vehicle = passes.pass_token(scanned)
    if vehicle is not None:
        return await _check_vehicle(ceremony_id, vehicle, scanned, door, account_id)
    token = extract_token(scanned)
    at = datetime.now(UTC)
    engine = Invitation._meta.db
    one_statement = engine.engine_type == "postgres"  # SQLite has no UPDATE inside WITH
    scanned = scanned.strip()[:SCANNED_MAX]

    def steps() -> Steps[tuple[Verdict, Guest | None, bool]]:
        if not token:
            rows = []
        elif door.zone is None:
            rows = yield _SCAN.get(engine, "lookup"), (token,)
        else:
            rows = yield _SCAN.get(engine, "lookup_zone"), (door.zone.zone.id, door.zone.zone.id, token)
        row = rows[0] if rows else None
        logged = False

        def answer(need: Need, invitation_id: int) -> Steps[Any]:
            nonlocal logged
            if need is Need.OPENS:
                return bool(row and row["opens"])
            if need is Need.ADMIT:
                admission = (at, gate, account_id, invitation_id)
                if not one_statement:
                    return bool((yield _SCAN.get(engine, "admit"), admission))
                log = (ceremony_id, scanned, gate, account_id, at, Verdict.ADMITTED.value)
                logged = bool((yield _SCAN.get(engine, "admit_logged"), admission + log))
                return logged
            again = (yield _SCAN.get(engine, "reread"), (invitation_id,))[0]
            return again["admitted_at"], again["admitted_gate"]

        verdict, guest = yield from _settled(_decide(row, ceremony_id, door, at), answer)
        if not logged:
            yield _SCAN.get(engine, "log"), (ceremony_id, guest.invitation_id if guest else None, scanned, gate,
                                             account_id, at, verdict.value)
        return verdict, guest, bool(row and row["has_companions"])

    verdict, guest, has_companions = await write_steps(engine, steps, statements_whole=one_statement)
    return await _result(verdict, guest, ceremony_id, door, has_companions=has_companions)


async def _check_vehicle(ceremony_id: int, token: str, scanned: str, door: Door,
                         account_id: int | None) -> ScanResult:
    """A car's windscreen pass: its own days and parking zone decide; logged like any scan."""
    verdict, found = await passes.check_pass(token, ceremony_id, door.zone)
    async with write_transaction(Invitation._meta.db):
        await _log(ceremony_id, verdict, invitation_id=None, scanned=scanned.strip(), gate=door.gate,
                   account_id=account_id, at=datetime.now(UTC))
    other = await gate_ceremony(found.ceremony_id) if verdict == Verdict.OTHER_CEREMONY and found else None
    return ScanResult(verdict=verdict, vehicle=found, other_ceremony=other)


async def admit_by_id(ceremony_id: int, invitation_ids: Iterable[int], *, gate: str,
                      account_id: int | None, override: bool = False) -> list[ScanResult]:
    """Admits guests picked by hand (found by name, or companions ticked in a verdict); with `override`
    (a supervisor's decision, recorded in the audit log) on a day that is not the ceremony's."""
    gate = clean_gate(gate)
    door = await _door(ceremony_id, gate, override=override)
    at = datetime.now(UTC)
    decided: list[tuple[Verdict, Guest | None]] = []

    async def answer(asked: tuple[Need, int]) -> Any:
        need, invitation_id = asked
        if need is Need.OPENS:
            return door.zone is not None and await zones.opens(invitation_id, door.zone.zone.id)
        if need is Need.ADMIT:
            return await _admit(invitation_id, gate, account_id, at)
        return await _admission(invitation_id)

    async with write_transaction(Invitation._meta.db):
        for invitation_id in dict.fromkeys(invitation_ids):
            row = await Invitation.select(*_GUEST_COLUMNS).where(Invitation.id == invitation_id).first()
            verdict, guest = await answered(_decide(row, ceremony_id, door, at), answer)
            await _log(ceremony_id, verdict, invitation_id=guest.invitation_id if guest else None,
                       scanned=f"#{invitation_id}", gate=gate, account_id=account_id, at=at)
            if override and verdict == Verdict.ADMITTED and guest is not None:
                await audit.record("admit", "invitation", guest.invitation_id, guest.name,
                                   {"admitted_at": [None, audit.plain(_local(at))]},
                                   note=_("пропущен не в день церемонии, вход «{gate}»").format(gate=gate))
            decided.append((verdict, guest))
    return [await _result(verdict, guest, ceremony_id, door) for verdict, guest in decided]


async def undo(ceremony_id: int, invitation_id: int, *, gate: str, account_id: int | None) -> ScanResult:
    """A supervisor takes a mistaken check-in back; the log keeps both the admission and the undo."""
    at = datetime.now(UTC)
    async with write_transaction(Invitation._meta.db):
        guest = await _guest_by_id(invitation_id)
        if guest is None or guest.ceremony_id != ceremony_id:
            raise NotFound
        rows = await Invitation.update({
            Invitation.admitted_at: None,
            Invitation.admitted_gate: "",
            Invitation.admitted_by: None,
        }).where((Invitation.id == invitation_id) & Invitation.admitted_at.is_not_null()).returning(Invitation.id)
        if rows:
            await _log(ceremony_id, Verdict.UNDONE, invitation_id=invitation_id, scanned=f"#{invitation_id}",
                       gate=clean_gate(gate), account_id=account_id, at=at)
            await audit.record("undo", "invitation", invitation_id, guest.name,
                               {"admitted_at": [audit.plain(guest.admitted_at), None],
                                "admitted_gate": [guest.admitted_gate, ""]}, note=clean_gate(gate))
    guest = Guest(**{**guest.__dict__, "admitted_at": None, "admitted_gate": ""})
    return ScanResult(verdict=Verdict.UNDONE, guest=guest)


@dataclass(frozen=True)
class LoggedScan:
    at: datetime
    verdict: Verdict
    gate: str
    scanned: str
    invitation_id: int | None


async def scan_log(ceremony_id: int, limit: int = 100) -> list[LoggedScan]:
    rows = await Scan.select(Scan.at, Scan.verdict, Scan.gate, Scan.scanned, Scan.invitation).where(
        Scan.ceremony == ceremony_id).order_by(Scan.id, ascending=False).limit(limit)
    return [LoggedScan(at=_local(r["at"]), verdict=Verdict(r["verdict"]), gate=r["gate"],  # type: ignore[arg-type]
                       scanned=r["scanned"], invitation_id=r["invitation"]) for r in rows]

