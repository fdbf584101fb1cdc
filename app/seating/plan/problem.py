"""A ceremony's seating plan as the solver's plain data: who is to be seated, on which seats, by which rules.

A rows hall with a presidium is two problems: those the officer put on the presidium are solved by the
centre-out rule over the presidium's seats (Layout.PRESIDIUM), everyone else over the other seats
(Layout.HALL). A banquet hall is one problem (Layout.BANQUET). Presidium seats never take hall guests:
an empty presidium stays empty.

Precedence: a guest's rank is the person's precedence in the registry (lower = more senior). The registry
has no «foreign» flag; the protocol rule «among equals, foreign guests precede local ones» is read from
the language of communication: a guest invited in their own right (or as a plus-one) whose language is
set and is not Russian (the members of a foreign delegation) goes before a local guest of the same
precedence. Interpreters and escorts speak the language too but stand in nobody's precedence, so they
do not count as foreign. The solver breaks the remaining ties by invitation id, so a plan is repeatable.
A guest whose category is «всегда с местом» is protected: a partial plan leaves them out only when no plan
can seat them.

Honour: the seats' honours are derived again from the hall's layout whenever the problem is built
(app.seating.halls.layout.derive_honour; those the officer set are kept), so a hall stored under an older
rule is seated by today's protocol; a hall seat's honour is split into the solver's row level and place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from app.core.db import chunks
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.guests.tables import PersonLink
from app.invitations.kinds import CompanionKind, InvitationStatus
from app.invitations.tables import Invitation
from app.seating.halls.layout import HallSpec, SeatSpec, derive_honour, split_honour
from app.seating.kinds import HallKind, SectionKind
from app.seating.tables import ApartPair, Hall, Seat, SeatAssignment, SeatingPlan
from solver import seating as engine

# Invitations that no longer bring anyone to the hall.
GONE = (InvitationStatus.DECLINED, InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED)
NATIVE_LANGUAGES = ("", "русский", "russian", "ru")
# Those who come with a guest and take no precedence of their own.
ATTENDANTS = (CompanionKind.ESCORT, CompanionKind.INTERPRETER)


@dataclass(frozen=True)
class GuestInfo:
    invitation_id: int
    person_id: int
    surname: str
    name: str
    patronymic: str
    position: str
    organisation: str
    category: str
    rank: int
    wheelchair: bool
    no_stairs: bool
    companion_of: int | None
    aisle: bool = False
    protected: bool = False  # the category is «всегда с местом»

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванов И. П.»: how the explanations and the scheme's tooltips name a person."""
        initials = " ".join(f"{p[0]}." for p in (self.name, self.patronymic) if p)
        return f"{self.surname} {initials}".strip()


@dataclass(frozen=True)
class SeatInfo:
    id: int
    section: str
    kind: SectionKind
    row_label: str
    number: str
    table: int | None
    blocked: bool

    @property
    def label(self) -> str:
        """«Партер, ряд 3, место 12»; «Президиум, место 3»; «Стол 5, место 2»: what the invitation prints."""
        # The same texts as the hall editor's (app.seating.halls.scheme.seat_place), which works on a SeatSpec.
        if self.kind is SectionKind.ROWS:
            return _("%(section)s, ряд %(row)s, место %(number)s") % {
                "section": self.section, "row": self.row_label, "number": self.number}
        return _("%(section)s, место %(number)s") % {"section": self.section, "number": self.number}


@dataclass(frozen=True)
class Part:
    """One problem handed to the solver: the presidium, or the hall (rows or tables)."""

    instance: engine.Instance

    @cached_property
    def guest_ids(self) -> frozenset[int]:
        return frozenset(g.id for g in self.instance.guests)

    @cached_property
    def seat_ids(self) -> frozenset[int]:
        return frozenset(s.id for s in self.instance.seats)


@dataclass(frozen=True)
class Loaded:
    plan_id: int
    ceremony_id: int
    hall_id: int
    hall_kind: HallKind
    allow_partial: bool
    guests: dict[int, GuestInfo]  # invitation id -> guest
    seats: dict[int, SeatInfo]
    parts: tuple[Part, ...]
    assignment: dict[int, int]  # invitation id -> seat id, as stored
    pinned: frozenset[int]  # invitation ids whose seat is kept

    def part_of_guest(self, invitation_id: int) -> Part | None:
        return next((p for p in self.parts if invitation_id in p.guest_ids), None)

    def part_of_seat(self, seat_id: int) -> Part | None:
        return next((p for p in self.parts if seat_id in p.seat_ids), None)


async def plan_row(ceremony_id: int) -> dict | None:
    return await SeatingPlan.select().where(SeatingPlan.ceremony == ceremony_id).output(load_json=True).first()


def _foreign(row: dict) -> bool:
    return (row["language"] or "").strip().lower() not in NATIVE_LANGUAGES and row["companion_kind"] not in ATTENDANTS


async def guests_of(ceremony_id: int) -> dict[int, GuestInfo]:
    """Everyone still coming to the ceremony, by invitation id, most senior first."""
    person = Invitation.person
    rows = await Invitation.select(
        Invitation.id, Invitation.person, Invitation.companion_of, Invitation.companion_kind,
        person.surname.as_alias("surname"), person.name.as_alias("name"), person.patronymic.as_alias("patronymic"),
        person.position.as_alias("position"), person.organisation.as_alias("organisation"),
        person.precedence.as_alias("precedence"), person.wheelchair.as_alias("wheelchair"),
        person.no_stairs.as_alias("no_stairs"), person.aisle.as_alias("aisle"), person.language.as_alias("language"),
        person.category.name.as_alias("category"), person.category.always_seated.as_alias("always_seated"),
    ).where((Invitation.ceremony == ceremony_id) & Invitation.status.not_in(list(GONE)))
    guests = [GuestInfo(
        invitation_id=r["id"], person_id=r["person"], surname=r["surname"], name=r["name"],
        patronymic=r["patronymic"], position=r["position"], organisation=r["organisation"],
        category=r["category"] or "", rank=2 * r["precedence"] + (0 if _foreign(r) else 1),
        wheelchair=r["wheelchair"], no_stairs=r["no_stairs"], aisle=r["aisle"], companion_of=r["companion_of"],
        protected=bool(r["always_seated"])) for r in rows]
    guests.sort(key=lambda g: (g.rank, g.invitation_id))
    return {g.invitation_id: g for g in guests}


def category_order(guests: Iterable[GuestInfo]) -> list[str]:
    """The categories as the legend lists them, the most senior guest's first (guests most senior first).

    The page and the prints colour a category by its place here, so both pass all the ceremony's guests."""
    return list(dict.fromkeys(g.category for g in guests))


async def groups_of(guests: dict[int, GuestInfo]) -> dict[int, int]:
    """invitation id -> group id (the smallest invitation id in it), for those who sit together.

    A group is a connected set of the registry's links (escort, interpreter, family, delegation) among the
    invited people, joined by the invitations' own companions (an escort or a plus-one with their guest).
    """
    by_person = {g.person_id: g.invitation_id for g in guests.values()}
    parent = {i: i for i in guests}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    people = list(by_person)
    for ids in chunks(people):
        for link in await PersonLink.select(PersonLink.person, PersonLink.other).where(PersonLink.person.is_in(ids)):
            if link["other"] in by_person:
                join(by_person[link["person"]], by_person[link["other"]])
    for g in guests.values():
        if g.companion_of in guests:
            join(g.invitation_id, g.companion_of)
    members: dict[int, list[int]] = defaultdict(list)
    for i in guests:
        members[root(i)].append(i)
    return {i: group for group, ids in members.items() if len(ids) > 1 for i in ids}


async def seats_of(hall_id: int) -> tuple[list[dict], dict[int, SeatInfo]]:
    rows = await Seat.select(Seat.all_columns(), Seat.section.name.as_alias("section_name"),
                             Seat.section.kind.as_alias("section_kind"),
                             Seat.section.position.as_alias("section_position"),
                             ).where(Seat.hall == hall_id).order_by(Seat.id)
    rows = _honoured(rows)
    info = {r["id"]: SeatInfo(id=r["id"], section=r["section_name"], kind=SectionKind(r["section_kind"]),
                              row_label=r["row_label"], number=r["number"], table=r["table"], blocked=r["blocked"])
            for r in rows}
    return rows, info


def _honoured(rows: list[dict]) -> list[dict]:
    """The rows with each seat's honour derived again from the layout (officer-set honours kept)."""
    ordered = sorted(rows, key=lambda r: (r["section_position"], r["section"], r["row_index"], r["order"], r["id"]))
    spec = derive_honour(HallSpec("", HallKind.ROWS, tuple(SeatSpec(
        section=f'{r["section"]}', kind=SectionKind(r["section_kind"]), row_label=r["row_label"],
        row_index=r["row_index"], number=r["number"], x=r["x"], y=r["y"], order=r["order"], segment=r["segment"],
        table=r["table"], honour=r["honour"], honour_manual=r["honour_manual"],
        restricted_view=r["restricted_view"], id=r["id"]) for r in ordered)))
    honour = {s.id: s.honour for s in spec.seats}
    return [{**r, "honour": honour[r["id"]]} for r in rows]


def solver_seat(row: dict) -> engine.Seat:
    """The solver's seat; a hall seat's honour split into the row's level and the place in it."""
    level, place = (split_honour(row["honour"]) if row["section_kind"] == SectionKind.ROWS else (row["honour"], 0))
    return engine.Seat(id=row["id"], zone=row["section_name"], row=row["row_label"], row_index=row["row_index"],
                       x=row["order"], segment=row["segment"], honour=level, place=place,
                       wheelchair=row["wheelchair"], companion=row["companion"], aisle=row["aisle"],
                       step_free=row["step_free"], restricted_view=row["restricted_view"], blocked=row["blocked"],
                       table=row["table"], sector=row["sector"])


def _sectors(category: str, sectors: set[str], admitted: dict[str, frozenset[str]]) -> frozenset[str]:
    """The sectors a guest must sit in: those of the part whose list names the guest's category (press in
    the press sector). Empty = anywhere the sector lists let them."""
    return frozenset(s for s in sectors if category in admitted.get(s, ()))


def _part(layout: engine.Layout, seat_rows: list[dict], guests: list[GuestInfo], groups: dict[int, int],
          pins: dict[int, int], apart: list[tuple[int, int]], admitted: dict[str, frozenset[str]],
          allow_partial: bool) -> Part:
    seats = tuple(solver_seat(r) for r in seat_rows)
    sectors = {s.sector for s in seats}
    ids = {g.invitation_id for g in guests}
    presidium = layout is engine.Layout.PRESIDIUM
    return Part(engine.Instance(
        seats=seats,
        guests=tuple(engine.Guest(
            id=g.invitation_id, name=g.short_name, rank=g.rank, category=g.category, wheelchair=g.wheelchair,
            no_stairs=g.no_stairs, aisle=g.aisle,
            sectors=frozenset() if presidium else _sectors(g.category, sectors, admitted),
            pinned=pins.get(g.invitation_id), group=None if presidium else groups.get(g.invitation_id),
            protected=g.protected)
            for g in guests),
        layout=layout,
        apart_pairs=tuple((a, b) for a, b in apart if a in ids and b in ids),
        sector_categories={s: c for s, c in admitted.items() if s in sectors},
        allow_partial=allow_partial,
    ))


async def load(ceremony_id: int) -> Loaded:
    plan = await plan_row(ceremony_id)
    if plan is None:
        raise NotFound
    hall = await Hall.select(Hall.kind, Hall.sector_categories).where(Hall.id == plan["hall"]).output(
        load_json=True).first()
    guests = await guests_of(ceremony_id)
    groups = await groups_of(guests)
    seat_rows, seat_info = await seats_of(plan["hall"])
    stored = await SeatAssignment.select(SeatAssignment.invitation, SeatAssignment.seat, SeatAssignment.pinned).where(
        SeatAssignment.plan == plan["id"])
    assignment = {r["invitation"]: r["seat"] for r in stored if r["invitation"] in guests}
    pins = {r["invitation"]: r["seat"] for r in stored if r["pinned"] and r["invitation"] in guests}
    apart = [(r["first"], r["second"]) for r in await ApartPair.select(ApartPair.first, ApartPair.second).where(
        ApartPair.plan == plan["id"])]
    admitted = {sector: frozenset(cats) for sector, cats in (hall["sector_categories"] or {}).items()}
    kind = HallKind(hall["kind"])
    partial = plan["allow_partial"]
    if kind is HallKind.TABLES:
        parts = (_part(engine.Layout.BANQUET, seat_rows, list(guests.values()), groups, pins, apart, admitted,
                       partial),)
    else:
        on_stage = [r for r in seat_rows if r["section_kind"] == SectionKind.PRESIDIUM]
        in_hall = [r for r in seat_rows if r["section_kind"] != SectionKind.PRESIDIUM]
        chosen = {i for i in plan["presidium"] or [] if i in guests}
        hall_part = _part(engine.Layout.HALL, in_hall, [g for i, g in guests.items() if i not in chosen], groups,
                          pins, apart, admitted, partial)
        stage_part = _part(engine.Layout.PRESIDIUM, on_stage, [g for i, g in guests.items() if i in chosen], groups,
                           pins, apart, admitted, partial)
        parts = (stage_part, hall_part) if chosen else (hall_part,)
    return Loaded(plan_id=plan["id"], ceremony_id=ceremony_id, hall_id=plan["hall"], hall_kind=kind,
                  allow_partial=partial, guests=guests, seats=seat_info, parts=parts, assignment=assignment,
                  pinned=frozenset(pins))


def without_pins(part: Part) -> engine.Instance:
    """The part as the officer edits it: their own pins move with the guest they hold."""
    return replace(part.instance, guests=tuple(replace(g, pinned=None) for g in part.instance.guests))


def restricted(assignment: dict[int, int], part: Part) -> dict[int, int]:
    ids = part.guest_ids
    return {g: s for g, s in assignment.items() if g in ids}
