"""A hall described in plain data: what the templates build, the files bring in and the database keeps.

Plan units: one unit is one seat pitch (about 55 cm); x grows to the right as seen from the stage's
audience, y grows away from the stage. The stage is at y < 0.

The templates (rows_template, tables_template) and derive_honour are pure: no database, so the editor,
the importers and the tests build the same halls.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.seating.kinds import HallKind, NumberingKind, SectionKind
from solver.seating import around, centre_out, hall_honour


@dataclass(frozen=True)
class SeatSpec:
    section: str  # the section's name: «Партер», «Стол 3», «Президиум»
    kind: SectionKind
    row_label: str
    row_index: int  # 0 = the front row (or the head table)
    number: str
    x: float
    y: float
    order: int  # along the row or around the table, growing to the sitter's right
    segment: int  # seats between two aisles, or one table; unique in the hall
    table: int | None = None
    honour: int = 0
    honour_manual: bool = False
    wheelchair: bool = False
    companion: bool = False
    aisle: bool = False
    step_free: bool = False
    restricted_view: bool = False
    blocked: bool = False
    blocked_reason: str = ""
    sector: str = ""
    guid: str = ""
    id: int = 0  # the Seat row's id once stored (load_spec); 0 for a hall not yet saved


@dataclass(frozen=True)
class HallSpec:
    name: str
    kind: HallKind
    seats: tuple[SeatSpec, ...]
    sector_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    address: str = ""
    width: int = 0
    height: int = 0


ROW_PITCH = 1.25  # rows are deeper than a seat is wide; kept small so a big hall fits a laptop screen
AISLE = 1.5  # the width of an aisle between two blocks of a row
CROSS_AISLE = 1.5  # the extra depth of a cross aisle, and the gap between two sections of rows
PRESIDIUM_Y = -2.8  # the presidium's line on the stage
TABLE_GAP = 2.5  # between the seats of neighbouring tables
HEAD_TABLE_GAP = 3.0  # between the head table and the first row of tables

# Names the templates give to sections, in the language of the person creating the hall (then kept as data).
PRESIDIUM = N_("Президиум")
STALLS = N_("Партер")
TABLE = N_("Стол %(n)d")

TOP = 10_000_000  # presidium honours sit above it, hall honours below
PLACES = 1000  # a row's honour is level * PLACES + place (solver.seating.hall_honour): rows up to 999 seats
RESTRICTED = 1  # a seat with a restricted view: below every other level
TABLE_STEP = 100  # between two tables' levels: room for the seats of one table (up to 99)


def _odd_even_numbers(count: int) -> list[int]:
    """Seat numbers left to right: odd to the right of the centre, even to the left, growing outwards."""
    numbers = [0] * count
    right = count // 2  # the middle seat of an odd row, or the first right of the centre
    left = right - 1
    for n in range(1, count + 1):
        if n % 2:
            numbers[right] = n
            right += 1
        else:
            numbers[left] = n
            left -= 1
    return numbers


def _aisle_list(aisles_after: Iterable[int], seats_per_row: int) -> tuple[int, ...]:
    aisles = tuple(sorted(set(aisles_after)))
    if any(k < 1 or k >= seats_per_row for k in aisles):
        raise ValueError("aisle outside the row")
    return aisles


def rows_template(
    name: str,
    rows: int,
    seats_per_row: int,
    aisles_after: Iterable[int] = (),
    numbering: NumberingKind = NumberingKind.LEFT_TO_RIGHT,
    presidium: int = 0,
    row_labels: Sequence[str] | None = None,
    sections: Sequence[tuple[str, int]] = (),
    cross_aisle_after: int | None = None,
    side_aisles: bool = True,
    address: str = "",
) -> HallSpec:
    """N rows of M seats, aisles after seat K (counted from the audience's left), an optional cross aisle
    after row R and a presidium of P seats on the stage.

    sections: (name, rows) from the front, e.g. (("Партер", 20), ("Амфитеатр", 12)); row labels start at 1
    again in each section, as on Russian tickets. side_aisles: the row ends border a passage along the wall,
    so their seats are aisle seats too.
    """
    if rows < 1 or seats_per_row < 1:
        raise ValueError("empty hall")
    aisles = _aisle_list(aisles_after, seats_per_row)
    parts = list(sections) or [(_(STALLS), rows)]
    if sum(n for _, n in parts) != rows:
        raise ValueError("sections do not add up to the rows")
    if row_labels is not None and len(row_labels) != rows:
        raise ValueError("a label for every row")
    numbers = (_odd_even_numbers(seats_per_row) if numbering == NumberingKind.ODD_EVEN
               else list(range(1, seats_per_row + 1)))
    xs = [i + AISLE * sum(1 for k in aisles if k <= i) for i in range(seats_per_row)]
    blocks = len(aisles) + 1
    edges = {k - 1 for k in aisles} | set(aisles)
    if side_aisles:
        edges |= {0, seats_per_row - 1}
    seats: list[SeatSpec] = []
    y = 0.0
    row = 0
    for section, count in parts:
        for in_section in range(count):
            label = row_labels[row] if row_labels is not None else str(in_section + 1)
            after_cross = cross_aisle_after is not None and row == cross_aisle_after
            if after_cross:
                y += CROSS_AISLE
            # The front row, the last row and the row behind a cross aisle are reached without stairs.
            step_free = row in (0, rows - 1) or after_cross
            for i in range(seats_per_row):
                block = sum(1 for k in aisles if k <= i)
                seats.append(SeatSpec(section, SectionKind.ROWS, label, row, str(numbers[i]), xs[i], y, i,
                                      row * blocks + block, aisle=i in edges, step_free=step_free))
            y += ROW_PITCH
            row += 1
        y += CROSS_AISLE
    if presidium:
        seats.extend(_presidium(presidium, (xs[0] + xs[-1]) / 2, rows * blocks))
    return derive_honour(_sized(HallSpec(name, HallKind.ROWS, tuple(seats), address=address)))


def _presidium(count: int, centre: float, segment: int) -> list[SeatSpec]:
    """Those on the presidium face the hall: their right is the audience's left, so order runs leftwards."""
    name = _(PRESIDIUM)
    return [SeatSpec(name, SectionKind.PRESIDIUM, name, 0, str(k + 1), centre + (count - 1) / 2 - k,
                     PRESIDIUM_Y, k, segment, step_free=True) for k in range(count)]


def ring_radius(count: int) -> float:
    """The circle a round table's seats sit on: one seat pitch apart, and round a table big enough to dine."""
    return max(1.3, count / (2 * math.pi) + 0.35)


def _round_table(count: int, cx: float, cy: float) -> list[tuple[float, float]]:
    """Seat 0 (the host) faces the stage from the far side; the next seat is to the sitter's right, which
    on the plan turns counter-clockwise."""
    radius = ring_radius(count)
    return [(cx + radius * math.cos(math.pi / 2 - 2 * math.pi * k / count),
             cy + radius * math.sin(math.pi / 2 - 2 * math.pi * k / count)) for k in range(count)]


def _rect_table(count: int, cx: float, cy: float) -> list[tuple[float, float]]:
    """Seats on both long sides: the side away from the stage left to right, then the side nearer it back
    (the sitter's right turns round the table); the host mid-way along the side whose sitters face the stage."""
    near, far = count - count // 2, count // 2
    ring = [(cx + i - (near - 1) / 2, cy + 0.9) for i in range(near)]
    ring += [(cx + (far - 1) / 2 - i, cy - 0.9) for i in range(far)]
    start = near // 2
    return [ring[(start + k) % count] for k in range(count)]


def _head_line(count: int, cx: float, cy: float) -> list[tuple[float, float]]:
    """A long head table with everyone facing the hall: the host in the middle, the sitter's right is the
    audience's left (order wraps round from the host's right end to his left neighbour, as at a round table)."""
    right = (count - 1) // 2  # how many sit to the host's right
    positions = []
    for k in range(count):
        offset = k if k <= right else k - count
        positions.append((cx - offset, cy))
    return positions


def tables_template(
    name: str,
    tables: int,
    seats_per_table: int,
    shape: str = "round",
    head_table_seats: int | None = None,
    address: str = "",
) -> HallSpec:
    """T tables of S seats in a grid below the head table (table 0, nearest the stage). head_table_seats:
    a long head table with that many seats facing the hall instead of an ordinary table 0."""
    if tables < 1 or seats_per_table < 2:
        raise ValueError("empty hall")
    place = _round_table if shape == "round" else _rect_table
    half_depth = ring_radius(seats_per_table) if shape == "round" else 0.9
    pitch = (2 * half_depth if shape == "round" else seats_per_table - seats_per_table // 2) + TABLE_GAP
    depth = 2 * half_depth + TABLE_GAP
    columns = max(1, math.ceil(math.sqrt(tables - 1))) if tables > 1 else 1
    width = (columns - 1) * pitch
    seats: list[SeatSpec] = []
    if head_table_seats:
        head = _head_line(head_table_seats, width / 2, 0.0)
        top = 1.0 + HEAD_TABLE_GAP + half_depth  # the head table's board lies in front of its seats
    else:
        head = place(seats_per_table, width / 2, 0.0)
        top = depth
    for t in range(tables):
        if t == 0:
            positions = head
        else:
            row, column = divmod(t - 1, columns)
            positions = place(seats_per_table, column * pitch, top + row * depth)
        label = _(TABLE) % {"n": t + 1}
        for k, (x, y) in enumerate(positions):
            seats.append(SeatSpec(label, SectionKind.TABLE, label, t, str(k + 1), round(x, 3), round(y, 3), k, t,
                                  table=t, step_free=True))
    return derive_honour(_sized(HallSpec(name, HallKind.TABLES, tuple(seats), address=address)))


def _sized(spec: HallSpec) -> HallSpec:
    if not spec.seats:
        return spec
    xs = [s.x for s in spec.seats]
    ys = [s.y for s in spec.seats]
    return replace(spec, width=math.ceil(max(xs) - min(xs)) + 1, height=math.ceil(max(ys) - min(ys)) + 1)


# ------------------------------------------------------------------------------------------ honour


def derive_honour(spec: HallSpec) -> HallSpec:
    """The honour of every seat from the layout (seats whose honour the officer set keep it).

    Presidium: centre_out(), above every hall seat. Hall: protocol — every row a level of its own, front to
    back, the sections in the hall's order (the order of the spec); inside a row the seat nearest the hall's
    central axis (the middle of the whole rows area) first, then outwards, the sitter's right first
    (solver.seating.hall_honour); as one number, level * PLACES + place (split_honour()); restricted view
    lowest. Tables: the head table (table 0) first, then by distance from it, and at each table around()
    from the host (order 0).
    """
    honours: dict[int, int] = {}
    by_kind: dict[SectionKind, list[int]] = defaultdict(list)
    for i, s in enumerate(spec.seats):
        by_kind[SectionKind(s.kind)].append(i)
    _presidium_honour(spec.seats, by_kind[SectionKind.PRESIDIUM], honours)
    _rows_honour(spec.seats, by_kind[SectionKind.ROWS], honours)
    _tables_honour(spec.seats, by_kind[SectionKind.TABLE], honours)
    seats = tuple(s if s.honour_manual else replace(s, honour=honours.get(i, 0)) for i, s in enumerate(spec.seats))
    return replace(spec, seats=seats)


def _presidium_honour(seats: Sequence[SeatSpec], indexes: list[int], honours: dict[int, int]) -> None:
    by_segment: dict[int, list[int]] = defaultdict(list)
    for i in indexes:
        by_segment[seats[i].segment].append(i)
    for members in by_segment.values():
        members.sort(key=lambda i: seats[i].order)
        for rank, position in enumerate(centre_out(len(members))):
            honours[members[position]] = TOP + len(members) - rank


def _rows_honour(seats: Sequence[SeatSpec], indexes: list[int], honours: dict[int, int]) -> None:
    if not indexes:
        return
    sections = {name: n for n, name in enumerate(dict.fromkeys(seats[i].section for i in indexes))}
    rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in indexes:
        rows[sections[seats[i].section], seats[i].row_index].append(i)
    ordered = [sorted(rows[key], key=lambda i: (seats[i].x, seats[i].order)) for key in sorted(rows)]
    xs = [seats[i].x for i in indexes]
    levels = hall_honour([[seats[i].x for i in row] for row in ordered], (min(xs) + max(xs)) / 2)
    for row, got in zip(ordered, levels, strict=True):
        for i, (level, place) in zip(row, got, strict=True):
            honours[i] = RESTRICTED if seats[i].restricted_view else level * PLACES + place


def split_honour(honour: int) -> tuple[int, int]:
    """A hall seat's stored honour as the solver's (honour, place): the row's level and the place in it."""
    return divmod(honour, PLACES)


def _tables_honour(seats: Sequence[SeatSpec], indexes: list[int], honours: dict[int, int]) -> None:
    by_table: dict[int, list[int]] = defaultdict(list)
    for i in indexes:
        by_table[seats[i].table if seats[i].table is not None else seats[i].segment].append(i)
    if not by_table:
        return
    centres = {t: (sum(seats[i].x for i in m) / len(m), sum(seats[i].y for i in m) / len(m))
               for t, m in by_table.items()}
    head = min(by_table)
    hx, hy = centres[head]
    # Tables as far from the head table (to a tenth of a seat) are equally honoured.
    far = {t: (t != head, round(math.hypot(cx - hx, cy - hy), 1)) for t, (cx, cy) in centres.items()}
    levels = {d: n for n, d in enumerate(sorted(set(far.values())))}
    for t, members in by_table.items():
        members.sort(key=lambda i: seats[i].order)
        base = TOP - TABLE_STEP * (levels[far[t]] + 1)
        for rank, position in enumerate(around(len(members))):
            honours[members[position]] = base + TABLE_STEP - 1 - rank
