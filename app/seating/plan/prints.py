"""The seating plan's printed forms, from the plan as it stands: view models for app/documents/seating.py,
seating_scheme.py and place_cards.py.

The hall's seats and the seated guests are read in a few queries, whatever their number.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from app.core.config import get_settings
from app.core.formatting import fmt_date, fmt_long_date, fmt_time
from app.core.i18n import gettext as _
from app.core.text import search_key
from app.documents import place_cards
from app.documents import seating as documents
from app.documents.official import page_label
from app.documents.seating_scheme import scheme_pdf as draw_scheme
from app.events.services import CeremonyView, get_ceremony
from app.invitations.kinds import InvitationStatus
from app.seating.kinds import PlanStatus, SectionKind
from app.seating.plan import problem
from app.seating.tables import Hall, Seat, SeatAssignment, SeatingPlan, Section

# Invitations that no longer bring anyone: a plan not yet re-solved may still hold their seats.
GONE = (InvitationStatus.DECLINED, InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED)


class NoPlan(LookupError):
    """The ceremony has no seating plan yet, or nobody is seated on it: nothing to print."""


class Size(StrEnum):
    A3 = "A3"
    A4 = "A4"


class Show(StrEnum):
    NAMES = "names"
    NUMBERS = "numbers"


class ListOrder(StrEnum):
    ROW = "row"
    TABLE = "table"


class CardsFor(StrEnum):
    PRESIDIUM = "presidium"
    TABLES = "tables"
    ALL = "all"


def labels() -> documents.Labels:
    return documents.Labels(
        scheme=_("Схема рассадки"), list_by_row=_("Список рассадки по рядам"),
        list_by_table=_("Список рассадки по столам"), index=_("Найдите своё место"), section=_("Часть зала"),
        row=_("Ряд"), seat=_("Место"), guest=_("Фамилия, имя, отчество"), position=_("Должность, организация"),
        category=_("Категория"), no="№", page=page_label(), sheet=_("Лист {n} из {total}"),
        sheet_mark=_("Лист {n}"), overview=_("Весь зал: части по листам"), whole=_("Весь зал"), stage=_("Сцена"),
        empty_seat=_("свободное место"), blocked=_("место закрыто"), wheelchair=_("место для коляски"),
        no_category=_("без категории"), rows=_("ряды {first}–{last}"), one_row=_("ряд {row}"),
        left=_("левая сторона"), centre=_("центр"), right=_("правая сторона"),
        host=_("во главе стола"), guests_total=_("Гостей: {n}"), empty=_("Пока никто не рассажен."))


def seat_label(section: str, kind: str, row: str, number: str) -> str:
    """«Партер · ряд 3 · место 12», «Стол 5 · место 2»: how the index and the cards name a seat."""
    if kind == SectionKind.ROWS:
        return _("{section} · ряд {row} · место {number}").format(section=section, row=row, number=number)
    return _("{section} · место {number}").format(section=section, number=number)


async def _sitters(plan_id: int) -> dict[int, tuple[int, int, dict]]:
    """seat id -> (precedence, invitation id, the person's row) of whoever sits there."""
    person = SeatAssignment.invitation.person
    rows = await SeatAssignment.select(
        SeatAssignment.seat, SeatAssignment.invitation,
        person.surname.as_alias("surname"), person.name.as_alias("name"), person.patronymic.as_alias("patronymic"),
        person.position.as_alias("position"), person.organisation.as_alias("organisation"),
        person.precedence.as_alias("precedence"), person.category.name.as_alias("category"),
    ).where((SeatAssignment.plan == plan_id) & SeatAssignment.invitation.status.not_in(list(GONE)))
    return {r["seat"]: (r["precedence"], r["invitation"], r) for r in rows}


def _position(row: dict) -> str:
    return ", ".join(p for p in (row["position"], row["organisation"]) if p)


class _Plan:
    """The plan read from the database: the ceremony, the hall's seats with their guests, the categories."""

    def __init__(self, ceremony: CeremonyView, hall: str, seats: list[documents.PlacedSeat],
                 categories: list[str], approved: bool) -> None:
        self.ceremony, self.hall, self.seats, self.categories = ceremony, hall, seats, categories
        self.approved = approved

    def heading(self) -> documents.Heading:
        c = self.ceremony
        generated = datetime.now(get_settings().tz)
        return documents.Heading(
            organisation=get_settings().organisation, ceremony=c.title,
            when=f"{fmt_long_date(c.starts_at.date())}, {fmt_time(c.starts_at)}",
            venue=", ".join(p for p in (c.venue, c.address) if p), hall=self.hall,
            generated=_("Сформировано {date} в {time}").format(date=fmt_date(generated), time=fmt_time(generated)),
            draft="" if self.approved else _("Черновик рассадки"))

    @property
    def taken(self) -> list[documents.PlacedSeat]:
        return [s for s in self.seats if s.guest]


async def _plan(ceremony_id: int) -> _Plan:
    ceremony = await get_ceremony(ceremony_id)
    plan = await SeatingPlan.select(SeatingPlan.id, SeatingPlan.hall, SeatingPlan.status).where(
        SeatingPlan.ceremony == ceremony_id).first()
    if plan is None:
        raise NoPlan
    sitters = await _sitters(plan["id"])
    if not sitters:
        raise NoPlan
    hall = await Hall.select(Hall.name).where(Hall.id == plan["hall"]).first()
    sections = {r["id"]: r for r in await Section.select().where(Section.hall == plan["hall"])}
    rows = await Seat.select().where(Seat.hall == plan["hall"])
    # Sections from the stage back (the presidium first), whatever order they were made in.
    front = defaultdict(lambda: float("inf"))
    for s in rows:
        front[s["section"]] = min(front[s["section"]], s["y"])
    rank = {k: n for n, k in enumerate(sorted(sections, key=lambda k: (front[k], sections[k]["position"])))}
    order = problem.category_order((await problem.guests_of(ceremony_id)).values())  # as the page colours them
    no_category = _("без категории")
    seats = []
    for s in rows:
        section = sections[s["section"]]
        found = sitters.get(s["id"])
        guest = None
        if found:
            row = found[2]
            guest = documents.Sitter(surname=row["surname"], name=row["name"], patronymic=row["patronymic"],
                                     position=_position(row), category=row["category"] or no_category,
                                     category_index=order.index(row["category"] or ""))
        seats.append(documents.PlacedSeat(
            section=section["name"], section_kind=section["kind"], section_position=rank[s["section"]],
            row_label=s["row_label"], row_index=s["row_index"], number=s["number"], x=s["x"], y=s["y"],
            order=s["order"], table=s["table"], honour=s["honour"], wheelchair=s["wheelchair"], blocked=s["blocked"],
            label=seat_label(section["name"], section["kind"], s["row_label"], s["number"]), guest=guest))
    return _Plan(ceremony, hall["name"], in_hall_order(seats), [c or no_category for c in order],
                 approved=plan["status"] == PlanStatus.PUBLISHED)


def in_hall_order(seats: Sequence[documents.PlacedSeat]) -> list[documents.PlacedSeat]:
    """Section by section (as the hall lists them), row by row, seat by seat as numbered."""
    return sorted(seats, key=lambda s: (s.section_position, s.row_index, documents.natural(s.row_label),
                                        documents.natural(s.number)))


def host_first(seats: Sequence[documents.PlacedSeat]) -> list[documents.PlacedSeat]:
    """A table's seats from its host (the most honoured seat) round the table, as the guests sit."""
    around = sorted(seats, key=lambda s: s.order)
    host = max(range(len(around)), key=lambda k: (around[k].honour, -k))
    return around[host:] + around[:host]


def by_section(seats: Sequence[documents.PlacedSeat]) -> list[tuple[str, list[documents.PlacedSeat]]]:
    """One block per table or section: a table from its host round, the presidium and rows by seat number."""
    groups: dict[tuple[int, str], list[documents.PlacedSeat]] = defaultdict(list)
    for s in seats:
        groups[s.section_key].append(s)
    return [(name, host_first(group) if group[0].section_kind == SectionKind.TABLE else in_hall_order(group))
            for (_position, name), group in sorted(groups.items())]


async def scheme_pdf(ceremony_id: int, size: Size = Size.A3, show: Show = Show.NAMES) -> bytes:
    plan = await _plan(ceremony_id)
    return await asyncio.to_thread(draw_scheme, plan.heading(), plan.seats, plan.categories, labels(),
                                   size=size.value, names=show is Show.NAMES)


async def list_pdf(ceremony_id: int, by: ListOrder = ListOrder.ROW) -> bytes:
    plan = await _plan(ceremony_id)
    if by is ListOrder.TABLE:
        return await asyncio.to_thread(documents.list_by_table, plan.heading(), by_section(plan.taken), labels())
    return await asyncio.to_thread(documents.list_by_row, plan.heading(), in_hall_order(plan.taken), labels())


def collation_key(text: str) -> str:
    """The Russian alphabetical order of names: case aside, ё filed with е."""
    return search_key(text)


def index_groups(seats: Sequence[documents.PlacedSeat]) -> list[documents.IndexGroup]:
    """Everyone seated by surname, then given names (namesakes in hall order), under the surname's first
    letter (Ё under Е)."""
    taken = sorted((s for s in seats if s.guest), key=lambda s: (collation_key(s.guest.surname),
                                                                   collation_key(s.guest.full_name)))
    groups: dict[str, list[documents.IndexEntry]] = {}
    for s in taken:
        letter = collation_key(s.guest.surname)[:1].upper() or "—"
        given = " ".join(p for p in (s.guest.name, s.guest.patronymic) if p)
        groups.setdefault(letter, []).append(documents.IndexEntry(s.guest.surname, given, s.label))
    return [documents.IndexGroup(letter, tuple(entries)) for letter, entries in groups.items()]


async def index_pdf(ceremony_id: int, size: Size = Size.A4) -> bytes:
    plan = await _plan(ceremony_id)
    return await asyncio.to_thread(documents.index_pdf, plan.heading(), index_groups(plan.seats), labels(),
                                   poster=size is Size.A3)


def cards(seats: Sequence[documents.PlacedSeat], which: CardsFor) -> list[place_cards.Card]:
    """The presidium first (large cards), then table by table from the host round; «all» adds everyone
    seated in rows, in hall order (reserved-seat cards for the front rows)."""
    blocks: dict[str, list[documents.PlacedSeat]] = defaultdict(list)
    for _name, group in by_section([s for s in seats if s.guest]):
        blocks[group[0].section_kind] += group
    stage, tables = blocks[SectionKind.PRESIDIUM], blocks[SectionKind.TABLE]
    chosen = {CardsFor.PRESIDIUM: stage, CardsFor.TABLES: tables,
              CardsFor.ALL: stage + tables + blocks[SectionKind.ROWS]}[which]
    return [place_cards.Card(surname=s.guest.surname,
                             given=" ".join(p for p in (s.guest.name, s.guest.patronymic) if p),
                             position=s.guest.position, seat=s.label, large=s.section_kind == SectionKind.PRESIDIUM)
            for s in chosen]


async def cards_pdf(ceremony_id: int, which: CardsFor = CardsFor.ALL) -> bytes:
    plan = await _plan(ceremony_id)
    chosen = cards(plan.seats, which)
    heading = plan.heading()
    card_labels = place_cards.CardLabels(title=_("Карточки рассадки"), fold=_("линия сгиба"), cut=_("линия реза"),
                                         empty=_("Для этой выборки карточек нет: никто не рассажен."))
    return await asyncio.to_thread(place_cards.cards_pdf, heading.organisation, heading.ceremony, chosen,
                                   card_labels)
