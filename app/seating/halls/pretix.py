"""The pretix seating-plan JSON (pretix/pretix: src/pretix/static/seating/seating-plan.schema.json), both ways.

pretix draws a plan in pixels: zones (stalls, balcony) hold rows, rows hold seats, each position relative to
its parent; a seat has a guid, a number and a category (a price level there, a sector here). Areas are the
drawing's furniture (the stage among them).

Reading (`from_pretix`), into plan units (app.seating.halls.layout):
  - the stage is the area whose text names it («Сцена», «Stage», «Bühne», «Подиум»); a plan whose stage is
    below the seats is turned round (a rotation: the audience's right stays their right). Without one the
    stage is taken to be above the seats (at the top of the drawing);
  - one plan unit is the seat pitch, the median distance between neighbours in a row; y = 0 is the stage's
    edge towards the seats (without a stage, the front row of the rows), x = 0 the left-most seat;
  - a zone is a section; rows become rows (row_index by their distance from the stage, counted over the
    whole hall, so a balcony's rows come after the stalls'); a gap wider than 1.6 pitches inside a row is an
    aisle: it splits the row into segments and marks the seats beside it as aisle seats;
  - a zone named like «Президиум» / «Presidium» / «Head table» is the presidium (its seats ordered right to
    left as the audience sees them: to the right of those on it); a zone or row named like «Стол» / «Table» /
    «Tisch» is a banquet table (its seats ordered round it to the sitter's right, from the seat facing the
    stage); a hall with a table is a banquet hall. Zones we wrote ourselves say their kind in «zone_id»;
  - a category is the seats' sector, except «Standard» / «Стандарт» (no sector) and a category named for
    wheelchairs («коляс…», «wheelchair», «Rollstuhl»): those seats are wheelchair places without a sector;
  - pretix knows nothing of stairs: table and presidium seats are taken as step-free (as the templates make
    them), rows seats not — the officer marks those on the scheme;
  - seat guids are kept; honour is derived from the layout (layout.derive_honour).
Writing (`to_pretix`) is the reverse: 30 pixels a pitch, a stage area whose lower edge is y = 0, a zone per
section with its kind in «zone_id», categories from the sectors (+ the wheelchair one and «Standard»).
Wheelchair places with a sector, companion, step-free, restricted-view and blocked seats and manual honour
have no place in pretix's format: our own format keeps them.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.seating.halls.json_fields import CATEGORY, ROW, SEAT, ZONE, HallFileError, Where, field
from app.seating.halls.layout import HallSpec, SeatSpec, derive_honour
from app.seating.kinds import HallKind, SectionKind

PIXELS = 30  # pixels per plan unit when writing
SEAT_RADIUS = 10  # pretix's default
AISLE_GAP = 1.6  # pitches between two seats of a row that make an aisle
SAME_ROW = 0.5  # pitches: rows nearer than this to the stage count as one row of the hall
STANDARD = "Standard"
WHEELCHAIR_CATEGORY = "Места для колясок"
COLOURS = ("#3b6fb6", "#c0392b", "#27ae60", "#8e44ad", "#d68910", "#16a085", "#7f8c8d", "#b03a2e")

AREA = (N_("область «%(name)s»"), N_("область №%(number)d"))
_STAGE_WORDS = ("сцен", "stage", "bühne", "buhne", "подиум", "podium", "эстрад")
_PLAIN_CATEGORIES = {"standard", "стандарт", "стандартные", "обычные", ""}
_WHEELCHAIR_WORDS = ("коляс", "wheelchair", "rollstuhl")
_KIND_WORDS = {
    SectionKind.PRESIDIUM: ("президиум", "presidium", "head table", "präsidium"),
    SectionKind.TABLE: ("стол", "table", "tisch"),
}


@dataclass
class _Seat:
    """A seat as read, in pixels of the whole drawing."""

    row: int  # the index of its row among the rows read
    number: str
    guid: str
    category: str
    x: float
    y: float
    radius: float


@dataclass
class _Row:
    section: str
    kind: SectionKind
    label: str


def from_pretix(data: Any) -> HallSpec:
    top = Where()
    if not isinstance(data, dict):
        raise top.fail(N_("ожидается объект JSON {…}."))
    name = field(data, "name", str, top)
    _check_categories(field(data, "categories", list, top), top)  # a seat's category is its sector, listed or not
    rows: list[_Row] = []
    seats: list[_Seat] = []
    stages: list[tuple[float, float, float, float]] = []
    for z_number, zone in enumerate(field(data, "zones", list, top), 1):
        z_where = top.child(ZONE, zone.get("name") if isinstance(zone, dict) else None, z_number)
        if not isinstance(zone, dict):
            raise z_where.fail(N_("ожидается объект JSON {…}."))
        zone_name = field(zone, "name", str, z_where, "") or _("Зона %(number)d") % {"number": z_number}
        zone_kind = _zone_kind(field(zone, "zone_id", str, z_where, ""), zone_name)
        zx, zy = _position(zone, z_where)
        zone_rows = field(zone, "rows", list, z_where)
        for r_number, row in enumerate(zone_rows, 1):
            r_where = z_where.child(ROW, row.get("row_number") if isinstance(row, dict) else None, r_number)
            if not isinstance(row, dict):
                raise r_where.fail(N_("ожидается объект JSON {…}."))
            label = field(row, "row_number", str, r_where)
            # A table drawn as a row of a zone of rows: «Стол 5», «Table 5».
            tabled = zone_kind == SectionKind.ROWS and _named(label, _KIND_WORDS[SectionKind.TABLE])
            kind = SectionKind.TABLE if tabled else zone_kind
            one_table_zone = kind == SectionKind.TABLE and len(zone_rows) == 1
            section = zone_name if kind != SectionKind.TABLE or one_table_zone else label
            rows.append(_Row(section, kind, label))
            rx, ry = _position(row, r_where, default=(0.0, 0.0))
            for s_number, seat in enumerate(field(row, "seats", list, r_where), 1):
                where = r_where.child(SEAT, seat.get("seat_number") if isinstance(seat, dict) else None, s_number)
                if not isinstance(seat, dict):
                    raise where.fail(N_("ожидается объект JSON {…}."))
                sx, sy = _position(seat, where)
                category = field(seat, "category", str, where)
                seats.append(_Seat(len(rows) - 1, field(seat, "seat_number", str, where),
                                   field(seat, "seat_guid", str, where), category, zx + rx + sx, zy + ry + sy,
                                   field(seat, "radius", float, where, SEAT_RADIUS)))
        for a_number, area in enumerate(field(zone, "areas", list, z_where, []), 1):
            stage = _stage_box(area, z_where.child(AREA, None, a_number), zx, zy)
            if stage:
                stages.append(stage)
    if not seats:
        raise top.fail(N_("в плане нет ни одного места."))
    _check_guids(seats, rows)
    return _build(name, rows, seats, stages)


def _build(name: str, rows: list[_Row], seats: list[_Seat], stages: list[tuple[float, float, float, float]]
           ) -> HallSpec:
    mean_y = statistics.fmean(s.y for s in seats)
    if stages and statistics.fmean((box[1] + box[3]) / 2 for box in stages) > mean_y:
        # The stage is drawn below the seats: turn the plan round so that it is above them.
        for s in seats:
            s.x, s.y = -s.x, -s.y
        stages = [(-x1, -y1, -x0, -y0) for x0, y0, x1, y1 in stages]
    by_row: dict[int, list[_Seat]] = defaultdict(list)
    for s in seats:
        by_row[s.row].append(s)
    pitch = _pitch(by_row, rows)
    origin_x = min(s.x for s in seats)
    front = [s.y for s in seats if rows[s.row].kind == SectionKind.ROWS] or [s.y for s in seats]
    origin_y = max(box[3] for box in stages) if stages else min(front)
    for s in seats:
        s.x, s.y = (s.x - origin_x) / pitch, (s.y - origin_y) / pitch

    row_index = _row_indexes(by_row, rows)
    out: list[SeatSpec] = []
    for segment, (r, run, table) in enumerate(_runs(by_row, rows)):
        row = rows[r]
        for position, s in enumerate(run):
            index = table if table is not None else row_index[r]
            out.append(SeatSpec(
                section=row.section, kind=row.kind, row_label=row.label, row_index=index, number=s.number,
                x=round(s.x, 3), y=round(s.y, 3), order=position, segment=segment, table=table,
                # Row ends border the aisles and the passages along the walls, as in the rows template.
                aisle=row.kind == SectionKind.ROWS and position in (0, len(run) - 1),
                # pretix says nothing of stairs: as the templates make them, a banquet floor and the presidium
                # are level, and the officer marks the rows' step-free seats on the scheme.
                step_free=row.kind != SectionKind.ROWS,
                wheelchair=_named(s.category, _WHEELCHAIR_WORDS), sector=_sector(s.category), guid=s.guid))
    out = _number_orders(out)
    xs, ys = [s.x for s in out], [s.y for s in out]
    kind = HallKind.TABLES if any(s.kind == SectionKind.TABLE for s in out) else HallKind.ROWS
    # Seat numbers may repeat in a row (blocks numbered on their own): in pretix the guid tells seats apart.
    return derive_honour(HallSpec(name=name, kind=kind, seats=tuple(out), width=math.ceil(max(xs) - min(xs)) + 1,
                                  height=math.ceil(max(ys) - min(ys)) + 1))


def _runs(by_row: dict[int, list[_Seat]], rows: list[_Row]) -> list[tuple[int, list[_Seat], int | None]]:
    """(row, its seats in order, table index) for every segment: a row split at its aisles, or one table.
    Tables are numbered from the stage (the head table 0), then left to right."""
    tables = sorted((r for r in by_row if rows[r].kind == SectionKind.TABLE),
                    key=lambda r: (round(statistics.fmean(s.y for s in by_row[r]), 1),
                                   statistics.fmean(s.x for s in by_row[r])))
    table_of = {r: t for t, r in enumerate(tables)}
    out: list[tuple[int, list[_Seat], int | None]] = []
    for r, members in sorted(by_row.items()):
        if r in table_of:
            out.append((r, _round_table(members), table_of[r]))
        else:
            out += [(r, run, None) for run in _split_at_aisles(sorted(members, key=lambda s: (s.x, s.y)))]
    return out


def _number_orders(seats: list[SeatSpec]) -> list[SeatSpec]:
    """`order` along each row growing to the sitter's right: the audience's right in the rows (a row drawn in
    pieces too), the left as the audience sees it on the presidium (those on it face the hall); round a table
    the seats as _round_table put them."""
    by_row: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, s in enumerate(seats):
        by_row[(s.section, s.row_label)].append(i)
    out = list(seats)
    for indexes in by_row.values():
        kind = seats[indexes[0]].kind
        if kind != SectionKind.TABLE:
            sign = -1 if kind == SectionKind.PRESIDIUM else 1
            indexes = sorted(indexes, key=lambda i: (sign * seats[i].x, seats[i].y))
        for order, i in enumerate(indexes):
            out[i] = replace(seats[i], order=order)
    return out


def _split_at_aisles(line: Sequence[_Seat]) -> list[list[_Seat]]:
    runs: list[list[_Seat]] = [[line[0]]]
    for before, seat in pairwise(line):
        if math.dist((before.x, before.y), (seat.x, seat.y)) > AISLE_GAP:
            runs.append([])
        runs[-1].append(seat)
    return runs


def _round_table(members: list[_Seat]) -> list[_Seat]:
    """The seats of a table in turn to the sitter's right, from the host's (as layout.tables_template seats
    them): at a round or two-sided table the host faces the stage from the far side, in the middle; at a
    head table in one line, facing the hall, the host is in the middle of the line."""
    cx, cy = statistics.fmean(s.x for s in members), statistics.fmean(s.y for s in members)
    if max(s.y for s in members) - min(s.y for s in members) < 0.3:
        # Facing the hall, the sitter's right is the audience's left.
        line = sorted(members, key=lambda s: -s.x)
        host = len(line) // 2
    else:
        # y grows away from the stage, so turning to a sitter's right makes the angle round the centre smaller.
        line = sorted(members, key=lambda s: -math.atan2(s.y - cy, s.x - cx))
        host = max(range(len(line)), key=lambda i: (round(line[i].y, 1), -round(abs(line[i].x - cx), 1), line[i].x))
    return line[host:] + line[:host]


def _pitch(by_row: dict[int, list[_Seat]], rows: list[_Row]) -> float:
    """The median distance between neighbours along the rows; a hall of tables alone has no rows to measure,
    so there a seat takes three radii (pretix draws seats 10 pixels in radius, 30 apart)."""
    gaps = []
    for r, members in by_row.items():
        if rows[r].kind != SectionKind.TABLE:
            line = sorted(members, key=lambda s: (s.x, s.y))
            gaps += [d for a, b in pairwise(line) if (d := math.dist((a.x, a.y), (b.x, b.y))) > 0]
    if gaps:
        return statistics.median(gaps)
    return 3 * statistics.median(s.radius for members in by_row.values() for s in members)


def _row_indexes(by_row: dict[int, list[_Seat]], rows: list[_Row]) -> dict[int, int]:
    """0 = the row nearest the stage; rows of one kind within SAME_ROW pitches of each other share a number."""
    out: dict[int, int] = {}
    for kind in (SectionKind.ROWS, SectionKind.PRESIDIUM):  # tables are numbered by _runs
        depth = sorted((statistics.fmean(s.y for s in members), r) for r, members in by_row.items()
                       if rows[r].kind == kind)
        index, first = -1, -math.inf
        for y, r in depth:
            if y - first > SAME_ROW:
                index, first = index + 1, y
            out[r] = index
    return out


def _check_categories(items: list[Any], where: Where) -> None:
    for number, item in enumerate(items, 1):
        c_where = where.child(CATEGORY, item.get("name") if isinstance(item, dict) else None, number)
        if not isinstance(item, dict):
            raise c_where.fail(N_("ожидается объект JSON {…}."))
        field(item, "name", str, c_where)


def _position(obj: dict[str, Any], where: Where, default: tuple[float, float] | None = None) -> tuple[float, float]:
    position = field(obj, "position", dict, where, None if default is None else {})
    if position is None:
        raise where.fail(N_("нет обязательного поля «%(field)s»."), field="position")
    if not position and default is not None:
        return default
    inner = Where((*where.parts, "position"))
    return field(position, "x", float, inner), field(position, "y", float, inner)


def _stage_box(area: Any, where: Where, zx: float, zy: float) -> tuple[float, float, float, float] | None:
    """(x0, y0, x1, y1) in pixels of an area whose text names the stage, None for other areas."""
    if not isinstance(area, dict):
        return None
    text = area.get("text")
    label = text.get("text") if isinstance(text, dict) else text
    if not isinstance(label, str) or not _named(label, _STAGE_WORDS):
        return None
    x, y = _position(area, where)
    x, y = zx + x, zy + y
    shape = field(area, "shape", str, where, "rectangle")
    inner = Where((*where.parts, shape))
    if shape == "circle":
        rx = ry = field(field(area, shape, dict, where), "radius", float, inner)
        return x - rx, y - ry, x + rx, y + ry
    if shape == "ellipse":
        radius = field(field(area, shape, dict, where), "radius", dict, inner)
        rx, ry = field(radius, "x", float, inner), field(radius, "y", float, inner)
        return x - rx, y - ry, x + rx, y + ry
    if shape == "polygon":
        points = [(field(p, "x", float, inner), field(p, "y", float, inner))
                  for p in field(field(area, shape, dict, where), "points", list, inner) if isinstance(p, dict)]
        xs, ys = [p[0] for p in points] or [0.0], [p[1] for p in points] or [0.0]
        return x + min(xs), y + min(ys), x + max(xs), y + max(ys)
    box = field(area, "rectangle", dict, where) if "rectangle" in area else area  # the older schema: on the area
    return x, y, x + field(box, "width", float, inner, 0.0), y + field(box, "height", float, inner, 0.0)


def _check_guids(seats: list[_Seat], rows: list[_Row]) -> None:
    seen: set[str] = set()
    for s in seats:
        if s.guid in seen:
            row = rows[s.row]
            where = Where().child(ZONE, row.section, 0).child(ROW, row.label, 0).child(SEAT, s.number, 0)
            raise where.fail(N_("seat_guid «%(guid)s» уже есть у другого места: он должен быть единственным."),
                             guid=s.guid)
        seen.add(s.guid)


def _named(text: str, words: Iterable[str]) -> bool:
    folded = text.casefold()
    return any(word in folded for word in words)


def _zone_kind(zone_id: str, name: str) -> SectionKind:
    prefix = zone_id.split("-", 1)[0]
    if prefix in {kind.value for kind in SectionKind}:
        return SectionKind(prefix)
    for kind, words in _KIND_WORDS.items():
        if _named(name, words):
            return kind
    return SectionKind.ROWS


def _sector(category: str) -> str:
    plain = category.strip().casefold() in _PLAIN_CATEGORIES
    return "" if plain or _named(category, _WHEELCHAIR_WORDS) else category


# ------------------------------------------------------------------------------ writing


def to_pretix(spec: HallSpec) -> dict[str, Any]:
    """The hall as pretix draws it: PIXELS a plan unit, one pitch of margin, the stage above the seats."""
    if not spec.seats:
        raise HallFileError(_("В зале нет ни одного места."))
    hall = [s.y for s in spec.seats if s.kind != SectionKind.PRESIDIUM]
    # The stage's edge is y = 0 of the plan, so the hall comes back where it was; a head table drawn in
    # front of y = 0 (as tables_template draws it) moves the edge forward instead of standing on the stage.
    edge = min(0.0, min(hall) - 0.5) if hall and min(hall) < 0 else 0.0
    stage_top = min(edge, *(s.y for s in spec.seats)) - 1.5
    left, right = min(s.x for s in spec.seats) - 0.5, max(s.x for s in spec.seats) + 0.5

    def px(x: float, y: float) -> tuple[int, int]:
        return round((x - left + 1) * PIXELS), round((y - stage_top + 1) * PIXELS)

    zones: dict[str, dict[str, Any]] = {}
    rows: dict[tuple[str, str, int], dict[str, Any]] = {}
    for seat, guid in zip(spec.seats, _guids(spec), strict=True):
        zone = zones.setdefault(seat.section, {
            "name": seat.section, "zone_id": f"{seat.kind.value}-{len(zones)}", "position": {"x": 0, "y": 0},
            "rows": [], "areas": []})
        x, y = px(seat.x, seat.y)
        key = (seat.section, seat.row_label, seat.row_index)
        if key not in rows:
            rows[key] = {"row_number": seat.row_label, "position": {"x": 0, "y": y}, "seats": []}
            zone["rows"].append(rows[key])
        rows[key]["seats"].append({"seat_guid": guid, "seat_number": seat.number,
                                   "position": {"x": x, "y": y - rows[key]["position"]["y"]},
                                   "category": _category_of(seat)})
    (x0, y0), (x1, y1) = px(left, stage_top), px(right, edge)
    stage_zone = next((z for z in zones.values() if z["zone_id"].startswith(SectionKind.PRESIDIUM.value)),
                      next(iter(zones.values())))
    stage_zone["areas"].append({
        "shape": "rectangle", "color": "#e8e8e8", "border_color": "#999999", "position": {"x": x0, "y": y0},
        "rectangle": {"width": x1 - x0, "height": y1 - y0},
        "text": {"text": _("Сцена"), "position": {"x": (x1 - x0) // 2, "y": (y1 - y0) // 2}},
    })
    width, height = px(right, max(s.y for s in spec.seats))
    categories = _category_names(spec)
    return {
        "name": spec.name,
        "categories": [{"name": name, "color": COLOURS[i % len(COLOURS)]} for i, name in enumerate(categories)],
        "zones": list(zones.values()),
        "size": {"width": width + PIXELS, "height": height + PIXELS},
    }


def _category_of(seat: SeatSpec) -> str:
    return seat.sector or (WHEELCHAIR_CATEGORY if seat.wheelchair else STANDARD)


def _category_names(spec: HallSpec) -> list[str]:
    used = {_category_of(s) for s in spec.seats}
    special = [name for name in (WHEELCHAIR_CATEGORY, STANDARD) if name in used]
    return sorted(used - set(special)) + special


def _guids(spec: HallSpec) -> list[str]:
    """Each seat's guid, or a stable one made of its zone, row and number (pretix wants them unique)."""
    taken = {s.guid for s in spec.seats if s.guid}
    out = []
    for s in spec.seats:
        guid = s.guid
        if not guid:
            base = guid = f"{s.section}-{s.row_label}-{s.number}"
            suffix = 1
            while guid in taken:
                suffix += 1
                guid = f"{base}-{suffix}"
            taken.add(guid)
        out.append(guid)
    return out
