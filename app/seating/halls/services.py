"""Halls as reusable venues: made from a template or a file, adjusted seat by seat, copied, deleted.

Seats are written in bulk (a 5,000-seat hall in a few statements) and read back as a HallSpec whose seats
carry their ids, so the scheme, the exports and the seating plan all start from the same plain data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

from piccolo.query.functions.aggregate import Count

from app.audit import services as audit
from app.core.db import chunks, write_transaction
from app.core.formatting import fmt_number
from app.core.i18n import gettext as _
from app.core.numbers import whole, wholes
from app.core.results import NotFound, Saved
from app.guests.tables import Category
from app.seating.halls.layout import HallSpec, SeatSpec, derive_honour, rows_template, tables_template
from app.seating.kinds import HallKind, NumberingKind, SectionKind
from app.seating.tables import Hall, Seat, SeatingPlan, Section
from app.web.forms import FormReader

# What the officer may change on selected seats (setting an honour marks it as set by hand: update_seats).
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
    honours: tuple[int, int]  # the least and the most honoured seat's honour, a scale for setting one by hand


def counts(spec: HallSpec) -> HallCounts:
    seats = spec.seats
    return HallCounts(
        seats=len(seats), usable=sum(not s.blocked for s in seats), blocked=sum(s.blocked for s in seats),
        wheelchair=sum(s.wheelchair for s in seats), companion=sum(s.companion for s in seats),
        step_free=sum(s.step_free for s in seats), aisle=sum(s.aisle for s in seats),
        restricted_view=sum(s.restricted_view for s in seats), manual_honour=sum(s.honour_manual for s in seats),
        sectors=dict(sorted(Counter(s.sector for s in seats if s.sector).items())),
        honours=(min((s.honour for s in seats), default=0), max((s.honour for s in seats), default=0)),
    )


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
        for part in chunks(list(spec.seats)):
            await Seat.insert(*[Seat(hall=hall_id, section=sections[s.section],
                                     **{c: getattr(s, c) for c in _SPEC_COLUMNS}) for s in part])
        await audit.record("create", "hall", hall_id, spec.name, {"seats": [None, len(spec.seats)]})
    return hall_id


async def _hall_row(hall_id: int) -> dict:
    row = await Hall.select().where(Hall.id == hall_id).output(load_json=True).first()
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


# ------------------------------------------------------------------------------------------ the list


async def list_halls() -> list[HallSummary]:
    halls = await Hall.select(Hall.id, Hall.name, Hall.address, Hall.kind).order_by(Hall.name)
    seats = {r["hall"]: r["count"] for r in await Seat.select(Seat.hall, Count()).group_by(Seat.hall)}
    blocked = {r["hall"]: r["count"] for r in await Seat.select(Seat.hall, Count())
               .where(Seat.blocked == True).group_by(Seat.hall)}  # noqa: E712 (a column comparison)
    plans = Counter(r["hall"] for r in await SeatingPlan.select(SeatingPlan.hall))
    return [HallSummary(h["id"], h["name"], h["address"], HallKind(h["kind"]), seats.get(h["id"], 0),
                        seats.get(h["id"], 0) - blocked.get(h["id"], 0), plans[h["id"]]) for h in halls]


# ------------------------------------------------------------------------------------------ a new hall


MAX_SEATS = 10_000


def _aisles(reader: FormReader, seats_per_row: int | None) -> tuple[int, ...]:
    raw = reader.raw.get("aisles_after", "").replace(";", ",")
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not all(whole(p) is not None for p in parts):
        reader.fail("aisles_after", _("Номера мест через запятую, например: 14, 36."))
        return ()
    aisles = tuple(sorted({int(p) for p in parts}))
    if seats_per_row and any(k < 1 or k >= seats_per_row for k in aisles):
        reader.fail("aisles_after", _("Проход может быть только между местами ряда: от 1 до {n}.")
                    .format(n=seats_per_row - 1))
    return aisles


def _spec_from_form(form: Mapping[str, str]) -> tuple[HallSpec | None, dict[str, str]]:
    reader = FormReader(form)
    name = reader.text("name", required=True, max_length=200)
    address = reader.text("address", max_length=300)
    kind = reader.choice("kind", HallKind)
    if kind == HallKind.TABLES:
        tables = reader.integer("tables", minimum=1, maximum=500)
        per_table = reader.integer("seats_per_table", minimum=2, maximum=40)
        shape = form.get("shape", "round")
        if shape not in ("round", "rect"):
            reader.fail("shape", _("Выберите значение из списка."))
        head = reader.integer("head_table_seats", minimum=2, maximum=60, default=0) or None
        if tables and per_table and tables * per_table > MAX_SEATS:
            reader.fail("tables", _("Не больше {n} мест в зале.").format(n=fmt_number(MAX_SEATS)))
        if reader.errors or not (tables and per_table):
            return None, reader.errors
        return tables_template(name, tables, per_table, shape, head, address=address), {}
    rows = reader.integer("rows", minimum=1, maximum=150)
    per_row = reader.integer("seats_per_row", minimum=1, maximum=200)
    aisles = _aisles(reader, per_row)
    numbering = reader.choice("numbering", NumberingKind)
    cross = reader.integer("cross_aisle_after", minimum=1, default=0) or None
    if cross and rows and cross >= rows:
        reader.fail("cross_aisle_after", _("Поперечный проход должен быть между рядами: после ряда 1–{n}.")
                    .format(n=rows - 1))
    presidium = reader.integer("presidium", minimum=0, maximum=60, default=0)
    if rows and per_row and rows * per_row > MAX_SEATS:
        reader.fail("rows", _("Не больше {n} мест в зале.").format(n=fmt_number(MAX_SEATS)))
    if reader.errors or kind is None or not (rows and per_row and numbering):
        return None, reader.errors
    return rows_template(name, rows, per_row, aisles, numbering, presidium or 0, cross_aisle_after=cross,
                         address=address), {}


async def new_hall(form: Mapping[str, str]) -> Saved:
    """A hall from the «Новый зал» form: rows (with aisles, numbering, a presidium) or banquet tables."""
    spec, errors = _spec_from_form(form)
    if spec is None:
        return Saved(errors=errors)
    return Saved(id=await create_hall(spec))


# ------------------------------------------------------------------------------------------ one hall


@dataclass(frozen=True)
class HallView:
    id: int
    name: str
    address: str
    notes: str
    kind: HallKind
    spec: HallSpec
    counts: HallCounts
    sector_categories: Mapping[str, tuple[str, ...]]
    plans: tuple[str, ...]  # the ceremonies seated in it


async def _plans_of(hall_id: int) -> list[str]:
    rows = await SeatingPlan.select(SeatingPlan.ceremony.title).where(SeatingPlan.hall == hall_id)
    return [r["ceremony.title"] for r in rows]


async def hall_view(hall_id: int) -> HallView:
    row = await _hall_row(hall_id)
    spec = await load_spec(hall_id)
    return HallView(hall_id, row["name"], row["address"], row["notes"], HallKind(row["kind"]), spec, counts(spec),
                    spec.sector_categories, tuple(await _plans_of(hall_id)))


async def category_names() -> list[str]:
    return [r["name"] for r in await Category.select(Category.name).order_by(Category.precedence, Category.name)]


async def rename_hall(hall_id: int, form: Mapping[str, str]) -> Saved:
    await _hall_row(hall_id)
    reader = FormReader(form)
    name = reader.text("name", required=True, max_length=200)
    address = reader.text("address", max_length=300)
    notes = reader.multiline("notes", max_length=5_000)
    if reader.errors:
        return Saved(errors=reader.errors)
    await audit.save_row(Hall, {Hall.name: name, Hall.address: address, Hall.notes: notes}, hall_id, kind="hall",
                         label=name)
    return Saved(id=hall_id)


async def set_sector_categories(hall_id: int, admitted: Mapping[str, Iterable[str]]) -> None:
    """sector -> the guest categories admitted to it; a sector with none listed admits everyone."""
    await _hall_row(hall_id)
    known = set(await category_names())
    kept = {sector: sorted(set(names) & known) for sector, names in admitted.items() if sector}
    await Hall.update({Hall.sector_categories: {k: v for k, v in kept.items() if v}}).where(Hall.id == hall_id)


async def delete_hall(hall_id: int) -> None:
    """Deletes the hall with its seats; raises HallInUse while a seating plan is made in it."""
    row = await _hall_row(hall_id)
    plans = await _plans_of(hall_id)
    if plans:
        raise HallInUse(plans)
    async with write_transaction(Hall._meta.db):
        await Hall.delete().where(Hall.id == hall_id)
        await audit.record("purge", "hall", hall_id, row["name"])


async def copy_hall(hall_id: int, name: str = "") -> int:
    """A copy to adjust for another occasion, the original kept as it is (seat attributes and honour too)."""
    row = await _hall_row(hall_id)
    spec = await load_spec(hall_id)
    copied = replace(spec, name=name or _("%(name)s (копия)") % {"name": spec.name},
                     seats=tuple(replace(s, id=0) for s in spec.seats))
    return await create_hall(copied, notes=row["notes"])


# ------------------------------------------------------------------------------------------ seats


async def _seat_ids_of(hall_id: int, seat_ids: Iterable[int]) -> list[int]:
    """Only the hall's own seats: ids posted from a page are not trusted."""
    wanted = set(seat_ids)
    rows = await Seat.select(Seat.id).where(Seat.hall == hall_id)
    return sorted(r["id"] for r in rows if r["id"] in wanted)


async def update_seats(hall_id: int, seat_ids: Iterable[int], **attributes: object) -> int:
    """Sets attributes on the hall's seats among seat_ids; setting an honour marks it as the officer's.
    Gives the number of seats changed."""
    unknown = set(attributes) - SEAT_ATTRIBUTES
    if unknown:
        raise ValueError(f"not a seat attribute: {sorted(unknown)}")
    if "honour" in attributes:
        attributes.setdefault("honour_manual", True)
    ids = await _seat_ids_of(hall_id, seat_ids)
    values = {getattr(Seat, k): v for k, v in attributes.items()}
    async with write_transaction(Seat._meta.db):
        for part in chunks(ids):
            await Seat.update(values).where(Seat.id.is_in(part))
        if ids:
            hall = await _hall_row(hall_id)
            await audit.record("update", "hall", hall_id, hall["name"], {k: [None, v] for k, v in attributes.items()},
                               note=_("мест: {n}").format(n=fmt_number(len(ids))))
    return len(ids)


async def rederive_honour(hall_id: int, *, reset_manual: bool = False) -> None:
    """Derives every seat's honour from the layout again; the officer's honours are kept unless reset."""
    spec = await load_spec(hall_id)
    if reset_manual:
        spec = replace(spec, seats=tuple(replace(s, honour_manual=False) for s in spec.seats))
    derived = derive_honour(spec)
    changed: dict[int, list[int]] = defaultdict(list)
    for before, after in zip(spec.seats, derived.seats, strict=True):
        if before.honour != after.honour:
            changed[after.honour].append(after.id)
    async with write_transaction(Seat._meta.db):
        if reset_manual:
            await Seat.update({Seat.honour_manual: False}).where(Seat.hall == hall_id)
        for honour, ids in changed.items():
            for part in chunks(ids):
                await Seat.update({Seat.honour: honour}).where(Seat.id.is_in(part))


FLAGS = ("wheelchair", "companion", "aisle", "step_free", "restricted_view")


def _changes(form: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """What one press of a button in the seat tools asks: «block», «flag:1» (with flag=wheelchair), «sector», …"""
    action = form.get("action", "")
    reader = FormReader(form)
    if action == "block":
        return {"blocked": True, "blocked_reason": reader.text("reason", max_length=100)}, reader.errors
    if action == "unblock":
        return {"blocked": False, "blocked_reason": ""}, {}
    if action in ("flag:1", "flag:0"):
        flag = form.get("flag", "")
        if flag not in FLAGS:
            return {}, {"flag": _("Выберите значение из списка.")}
        return {flag: action == "flag:1"}, {}
    if action == "sector":
        return {"sector": reader.text("sector", max_length=50)}, reader.errors
    if action == "honour":
        honour = reader.integer("honour", minimum=0, maximum=1_000_000)
        return ({"honour": honour}, {}) if not reader.errors else ({}, reader.errors)
    if action == "auto_honour":
        return {"honour_manual": False}, {}
    return {}, {"action": _("Неизвестное действие.")}


async def edit_seats(hall_id: int, form: Mapping[str, str]) -> Saved:
    """Applies one change from the hall editor to the selected seats (form «seats»: ids, comma-separated),
    then derives the honour again: a restricted view or a seat given back to the layout changes it."""
    await _hall_row(hall_id)
    ids = wholes(form.get("seats", "").split(","))
    if not ids:
        return Saved(errors={"seats": _("Выберите места на схеме.")})
    attributes, errors = _changes(form)
    if errors:
        return Saved(errors=errors)
    await update_seats(hall_id, ids, **attributes)
    await rederive_honour(hall_id)
    return Saved(id=hall_id)
