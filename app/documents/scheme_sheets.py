"""How the seating scheme falls on sheets: plan units to points (Scale, Layout), and the cutting of a hall too
big for one sheet — by section, then at the aisles or between tables — and the merging back of sheets that
fit on one. Works on extents (where a part's seats lie), so trying two parts together costs nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, count
from math import hypot

from app.documents.seating import SECTION_TABLE, PlacedSeat

ROW_LABEL_WIDTH = 16.0  # points, at either side of the drawing: the row labels stand outside the seats
FRONT_SPACE = 18.0  # the stage band above the front row
SECTION_SPACE = 12.0  # a section's name above its first row on the sheet
CELL_WIDTH_CAP, CELL_HEIGHT_CAP = 80.0, 34.0  # a small hall is not blown up to absurd cells
CELL_FILL = 0.92  # of the seat pitch: the gap between neighbouring cells
RING_FILL = 0.8  # round a table neighbours sit on the diagonal: smaller boxes, or they overlap


@dataclass(frozen=True)
class Area:
    x: float
    y: float  # the lower left corner, points
    width: float
    height: float


def is_table(seat: PlacedSeat) -> bool:
    return seat.section_kind == SECTION_TABLE


Pitches = dict[tuple[str, int | None], float]


def seat_spacing(seats: Sequence[PlacedSeat]) -> Pitches:
    """Each table's distance between neighbouring seats, in plan units: its seats' boxes may be that wide
    (round a table of ten the seats sit further apart than at a head table or in a row)."""
    tables: dict[tuple[str, int | None], list[PlacedSeat]] = defaultdict(list)
    for s in seats:
        if is_table(s):
            tables[(s.section, s.table)].append(s)
    return {key: min(1.4, min((hypot(a.x - b.x, a.y - b.y) for i, a in enumerate(group) for b in group[i + 1:]),
                              default=1.0))
            for key, group in tables.items()}


@dataclass(frozen=True)
class Extent:
    """Where a sheet's seats lie (their centres, plan units) and its tightest table's seat spacing (None: no
    tables): all that decides whether the sheet fits, so that two sheets are tried together without their seats."""

    left: float
    right: float
    near: float
    far: float
    pitch: float | None

    def __or__(self, other: Extent) -> Extent:
        pitches = [p for p in (self.pitch, other.pitch) if p is not None]
        return Extent(min(self.left, other.left), max(self.right, other.right), min(self.near, other.near),
                       max(self.far, other.far), min(pitches) if pitches else None)

    @property
    def area(self) -> float:
        return (self.right - self.left + 1) * (self.far - self.near + 1)


def extent_of(seats: Sequence[PlacedSeat], pitches: Pitches) -> Extent:
    xs, ys = [s.x for s in seats] or [0.0], [s.y for s in seats] or [0.0]
    at_tables = [pitches[(s.section, s.table)] for s in seats if is_table(s)]
    return Extent(min(xs), max(xs), min(ys), max(ys), min(at_tables) if at_tables else None)


class Scale:
    """Plan units to points on the drawing area for one extent, y turned to run down the page. Rows stretch
    freely in x and y (a row stays a row); a sheet with tables keeps one scale, so circles stay circles."""

    def __init__(self, extent: Extent, area: Area, front: float) -> None:
        self.area, self.extent = area, extent
        self.x0, self.x1 = extent.left - 0.5, extent.right + 0.5
        self.y0, self.y1 = extent.near - 0.5, extent.far + 0.5
        self.at_front = extent.near <= front
        top_space = FRONT_SPACE if self.at_front else SECTION_SPACE
        width, height = area.width - 2 * ROW_LABEL_WIDTH, area.height - top_space
        self.free_x = width / (self.x1 - self.x0)
        self.free_y = height / (self.y1 - self.y0)
        if extent.pitch is not None:
            self.sx = self.sy = min(self.free_x, self.free_y, CELL_WIDTH_CAP)
        else:
            self.sx, self.sy = min(self.free_x, CELL_WIDTH_CAP), min(self.free_y, CELL_HEIGHT_CAP)
        self.left = area.x + ROW_LABEL_WIDTH + (width - (self.x1 - self.x0) * self.sx) / 2
        self.top = area.y + area.height - top_space

    def fits(self, need: tuple[float, float]) -> bool:
        if self.extent.pitch is not None:  # the tightest table sets what must fit
            return min(self.free_x, self.free_y) * self.extent.pitch * RING_FILL >= max(need)
        return self.free_x * CELL_FILL >= need[0] and self.free_y * CELL_FILL >= need[1]

    def px(self, x: float) -> float:
        return self.left + (x - self.x0) * self.sx

    def py(self, y: float) -> float:
        return self.top - (y - self.y0) * self.sy


class Layout(Scale):
    """The seats of one sheet placed on its drawing area."""

    def __init__(self, seats: list[PlacedSeat], area: Area, front: float, pitches: Pitches) -> None:
        super().__init__(extent_of(seats, pitches), area, front)
        self.seats, self.pitches = seats, pitches

    @property
    def cell(self) -> tuple[float, float]:
        """A seat's box in a row (or at the tightest table)."""
        if self.extent.pitch is not None:
            return self.sx * self.extent.pitch * RING_FILL, self.sy * self.extent.pitch * RING_FILL
        return self.sx * CELL_FILL, self.sy * 0.86

    def cell_of(self, seat: PlacedSeat) -> tuple[float, float]:
        pitch = self.pitches.get((seat.section, seat.table)) if is_table(seat) else None
        return (self.sx * pitch * RING_FILL,) * 2 if pitch else self.cell


Fits = Callable[[Extent], bool]


def cut_into_sheets(seats: list[PlacedSeat], pitches: Pitches, fits: Fits, aspect: float) -> list[list[PlacedSeat]]:
    """The whole hall when it fits; else by section (all tables together) from the stage back, each cut
    further as needed."""
    if fits(extent_of(seats, pitches)):
        return [seats]
    groups: dict[tuple, list[PlacedSeat]] = defaultdict(list)
    for s in seats:
        groups[("tables",) if is_table(s) else s.section_key].append(s)
    parts = sorted(groups.values(), key=lambda group: min((s.y, s.x) for s in group))  # from the stage back
    cut = [sheet for part in parts for sheet in _cut_until_fits(part, pitches, fits, aspect)]
    return _merged(cut, [extent_of(sheet, pitches) for sheet in cut], fits)


def _merged(sheets: list[list[PlacedSeat]], extents: list[Extent], fits: Fits) -> list[list[PlacedSeat]]:
    """Two sheets that fit on one become one — of those, the pair whose union wastes the least paper: the
    presidium with the rows below it, a short balcony with the block in front of it. The merged sheet takes
    the place of the first of the two."""
    live = {n: (n, sheet, extent) for n, (sheet, extent) in enumerate(zip(sheets, extents, strict=True))}
    waste: dict[tuple[int, int], float] = {}

    def consider(a: int, b: int) -> None:
        union = live[a][2] | live[b][2]
        if fits(union):
            waste[(a, b)] = union.area - live[a][2].area - live[b][2].area

    for a, b in combinations(live, 2):
        consider(a, b)
    ids = count(len(sheets))
    while waste:
        a, b = min(waste, key=lambda pair: (waste[pair], pair))
        place, sheet, extent = min(live[a][0], live[b][0]), live[a][1] + live[b][1], live[a][2] | live[b][2]
        del live[a], live[b]
        waste = {pair: w for pair, w in waste.items() if a not in pair and b not in pair}
        new = next(ids)
        live[new] = (place, sheet, extent)
        for other in list(live)[:-1]:
            consider(other, new)
    return [sheet for _place, sheet, extent_of in sorted(live.values(), key=lambda item: item[0])]


def _cut_until_fits(seats: list[PlacedSeat], pitches: Pitches, fits: Fits, aspect: float) -> list[list[PlacedSeat]]:
    """Halves until each fits, cutting first across the side longer for the sheet's shape."""
    extent = extent_of(seats, pitches)
    if fits(extent):
        return [seats]
    spans = {"x": (extent.right - extent.left) / aspect, "y": extent.far - extent.near}
    for axis in sorted("xy", key=lambda a: -spans[a]):
        cut = _cut(seats, axis)
        if cut:
            return [sheet for half in cut for sheet in _cut_until_fits(half, pitches, fits, aspect)]
    return [seats]  # one table larger than a sheet: drawn as it is


def _coord(seat: PlacedSeat, axis: str) -> float:
    return seat.x if axis == "x" else seat.y


def _cut(seats: list[PlacedSeat], axis: str) -> tuple[list[PlacedSeat], list[PlacedSeat]] | None:
    """Two halves with nothing straddling the cut (a table stays whole): at the widest gap — an aisle, the
    space between sections or tables — in the middle three fifths of the span, else nearest the middle."""
    items: dict[object, list[PlacedSeat]] = defaultdict(list)
    for n, s in enumerate(seats):
        items[(s.section, s.table) if is_table(s) else n].append(s)
    spans = sorted(((min(_coord(s, axis) for s in group), max(_coord(s, axis) for s in group), group)
                    for group in items.values()), key=lambda item: item[0])
    low, high = spans[0][0], max(item[1] for item in spans)
    middle, candidates, reach = (low + high) / 2, [], spans[0][1]
    for k in range(1, len(spans)):
        if spans[k][0] > reach:
            candidates.append((spans[k][0] - reach, (reach + spans[k][0]) / 2, k))
        reach = max(reach, spans[k][1])
    if not candidates:
        return None
    central = [c for c in candidates if abs(c[1] - middle) <= (high - low) * 0.3]
    if central:
        widest = max(round(c[0], 1) for c in central)
        chosen = min((c for c in central if round(c[0], 1) == widest), key=lambda c: abs(c[1] - middle))
    else:
        chosen = min(candidates, key=lambda c: abs(c[1] - middle))
    k = chosen[2]
    return [s for item in spans[:k] for s in item[2]], [s for item in spans[k:] for s in item[2]]
