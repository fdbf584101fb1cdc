"""Halls as reusable venues: made from a template or a file, adjusted seat by seat, copied, deleted.

Seats are written in bulk (a 5,000-seat hall in a few statements) and read back as a HallSpec whose seats
carry their ids, so the scheme, the exports and the seating plan all start from the same plain data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from app.db import write_transaction
from app.seating.kinds import HallKind, SectionKind
from app.seating.layout import HallSpec, SeatSpec
from app.seating.tables import Hall, Seat, Section
from app.services import NotFound

CHUNK = 500  # rows per INSERT / ids per IN (…): well inside SQLite's limit on bound parameters

# What the officer may change on selected seats (honour goes through set_honour: it marks honour_manual).
SEAT_ATTRIBUTES = frozenset({"blocked", "blocked_reason", "wheelchair", "companion", "aisle", "step_free",
                             "restricted_view", "sector", "honour", "honour_manual"})
_SPEC_COLUMNS = tuple(f.name for f in fields(SeatSpec) if f.name not in ("section", "kind", "id"))


class HallInUse(Exception):
    """The hall is the venue of a seating plan: deleting it would take the plan's seats away."""

    def __init__(self, ceremonies: list[str]) -> None:
        super().__init__(", ".join(ceremonies))
        self.ceremonies = ceremonies


@dataclass(frozen=True)
class HallSummary:
    id: int
    name: str
    address: str
    kind: HallKind
    seats: int
    usable: int  # not blocked
    plans: int


@dataclass(frozen=True)
class HallCounts:
    seats: int
    usable: int
    blocked: int
    wheelchair: int
    companion: int
    step_free: int
    aisle: int
    restricted_view: int
    manual_honour: int
    sectors: Mapping[str, int]  # sector -> seats in it


def counts(spec: HallSpec) -> HallCounts:
    seats = spec.seats
    return HallCounts(
        seats=len(seats), usable=sum(not s.blocked for s in seats), blocked=sum(s.blocked for s in seats),
        wheelchair=sum(s.wheelchair for s in seats), companion=sum(s.companion for s in seats),
        step_free=sum(s.step_free for s in seats), aisle=sum(s.aisle for s in seats),
        restricted_view=sum(s.restricted_view for s in seats), manual_honour=sum(s.honour_manual for s in seats),
        sectors=dict(sorted(Counter(s.sector for s in seats if s.sector).items())),
    )


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


async def create_hall(spec: HallSpec, notes: str = "") -> int:
    """Stores the hall, its sections (in the order their seats come) and its seats; gives the hall's id."""
    async with write_transaction(Hall._meta.db):
        rows = await Hall.insert(Hall(
            name=spec.name, address=spec.address, kind=spec.kind, notes=notes,
            sector_categories={k: list(v) for k, v in spec.sector_categories.items()},
            width=spec.width, height=spec.height,
        )).returning(Hall.id)
        hall_id = rows[0]["id"]
        kinds = {}
        for s in spec.seats:
            kinds.setdefault(s.section, s.kind)
        sections = {}
        for position, (name, kind) in enumerate(kinds.items()):
            made = await Section.insert(Section(hall=hall_id, name=name, kind=kind, position=position)
                                        ).returning(Section.id)
            sections[name] = made[0]["id"]
        for part in _chunks(list(spec.seats)):
            await Seat.insert(*[Seat(hall=hall_id, section=sections[s.section],
                                     **{c: getattr(s, c) for c in _SPEC_COLUMNS}) for s in part])
    return hall_id


async def _hall_row(hall_id: int) -> dict:
    row = await Hall.select().where(Hall.id == hall_id).first()
    if row is None:
        raise NotFound(hall_id)
    return row


async def load_spec(hall_id: int) -> HallSpec:
    """The stored hall as plain data; every SeatSpec carries its Seat.id. Seats come section by section,
    row by row, along the row (or round the table)."""
    hall = await _hall_row(hall_id)
    sections = {r["id"]: r for r in await Section.select().where(Section.hall == hall_id)}
    rows = await Seat.select().where(Seat.hall == hall_id)
    rows.sort(key=lambda r: (sections[r["section"]]["position"], r["row_index"], r["order"], r["id"]))
    seats = tuple(SeatSpec(section=sections[r["section"]]["name"], kind=SectionKind(sections[r["section"]]["kind"]),
                           id=r["id"], **{c: r[c] for c in _SPEC_COLUMNS}) for r in rows)
    categories = hall["sector_categories"]
    return HallSpec(name=hall["name"], kind=HallKind(hall["kind"]), seats=seats, address=hall["address"],
                    sector_categories={k: tuple(v) for k, v in (categories or {}).items()},
                    width=hall["width"], height=hall["height"])
