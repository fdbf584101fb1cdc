"""The seating scheme (A3 or A4 landscape): the stage at the top, every seat where it is in the hall, each with
its guest's surname and initials (or its number), row labels at both ends of each row, section names, tables as
circles or rectangles with their seats around, a legend of categories and marks, and a title block.

Readable when printed is the rule: names are never drawn below NAME_MIN points. When the whole hall does not
fit one sheet at that size, the scheme is cut into sheets — by section first, then at the aisles or between
tables nearest the middle — and an overview sheet in front shows the whole hall with each sheet's outline.
Drawn straight on the canvas: 1,600 seats take a fraction of a second.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, count
from math import hypot

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import SANS, SANS_BOLD, register_fonts
from app.documents.seating import Heading, Labels, PlacedSeat
from app.seating.kinds import SectionKind

# The seating page's category colours (assets/css/seating.css, .cat-0 … .cat-11, colour-blind safe), mixed
# with white: the same hue as on the screen, light enough for black names, also on a grey-scale copier.
PAGE_COLOURS = ("#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255",
                "#aa4499", "#e69f00", "#0072b2", "#bbbbbb")
TINT = 0.45  # of the page colour; the rest white


def _tint(hex_colour: str) -> colors.Color:
    c = colors.HexColor(hex_colour)
    return colors.Color(*(TINT * v + (1 - TINT) for v in (c.red, c.green, c.blue)))


PALETTE = tuple(_tint(c) for c in PAGE_COLOURS)
INK = colors.HexColor("#14203a")
GREY = colors.HexColor("#5a6070")
LINE = colors.HexColor("#8a90a0")
BLOCKED = colors.HexColor("#d4d6db")
WHEELCHAIR = colors.HexColor("#1f5fbf")
STAGE = colors.HexColor("#e6e2d8")
TABLE = colors.HexColor("#f4efe4")
ACCENT = colors.HexColor("#8a1c24")

MARGIN = 10 * mm
TITLE_HEIGHT = 21 * mm
NAME_MIN = 5.5  # points: the smallest name a protocol officer reads on a printed sheet without effort
NUMBER_MIN = 5.0
NAME_MAX, NUMBER_MAX = 9.0, 9.0
ROW_LABEL_WIDTH = 16.0
FRONT_SPACE = 18.0  # the stage band above the front row
SECTION_SPACE = 12.0  # a section's name above its first row on the sheet
CELL_WIDTH_CAP, CELL_HEIGHT_CAP = 80.0, 34.0  # a small hall is not blown up to absurd cells
CELL_FILL = 0.92  # of the seat pitch: the gap between neighbouring cells
RING_FILL = 0.8  # round a table neighbours sit on the diagonal: smaller boxes, or they overlap


def scheme_pdf(h: Heading, seats: Sequence[PlacedSeat], categories: Sequence[str], labels: Labels, *,
               size: str = "A3", names: bool = True) -> bytes:
    register_fonts()
    page = landscape(A3 if size == "A3" else A4)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=page, pageCompression=1)
    canvas.setTitle(f"{labels.scheme}: {h.ceremony}")
    canvas.setAuthor(h.organisation)
    legend = _legend(categories, labels)
    legend_lines = _legend_lines(legend, page[0] - 2 * MARGIN)
    area = _Area(MARGIN, MARGIN + 12 * len(legend_lines) + 6, page[0] - 2 * MARGIN,
                 page[1] - 2 * MARGIN - TITLE_HEIGHT - 12 * len(legend_lines) - 8)
    front = min((s.y for s in seats), default=0.0)
    need = _need(seats, names)
    pitches = _pitches(seats)
    sheets = _sheets(list(seats), pitches, lambda extent: _Scale(extent, area, front).fits(need),
                     area.width / area.height) if seats else [[]]
    total = len(sheets) + (1 if len(sheets) > 1 else 0)
    widths = _widths(seats)
    number = 1
    if len(sheets) > 1:
        layout = _Layout(list(seats), area, front, pitches)
        _title_block(canvas, page, h, labels, labels.overview, labels.sheet.format(n=1, total=total))
        _draw(canvas, layout, labels.stage, names=False, overview=True)
        for n, sheet in enumerate(sheets, start=2):
            _outline(canvas, layout, sheet, labels.sheet_mark.format(n=n))
        _draw_legend(canvas, legend_lines)
        canvas.showPage()
        number = 2
    for n, sheet in enumerate(sheets, start=number):
        what = _what(sheet, widths, labels) if len(sheets) > 1 else labels.whole
        _title_block(canvas, page, h, labels, what, labels.sheet.format(n=n, total=total))
        _draw(canvas, _Layout(sheet, area, front, pitches), labels.stage, names=names, overview=False)
        _draw_legend(canvas, legend_lines)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@dataclass(frozen=True)
class _Area:
    x: float
    y: float  # the lower left corner, points
    width: float
    height: float


def _is_table(seat: PlacedSeat) -> bool:
    return seat.section_kind == SectionKind.TABLE


Pitches = dict[tuple[str, int | None], float]


def _pitches(seats: Sequence[PlacedSeat]) -> Pitches:
    """Each table's distance between neighbouring seats, in plan units: its seats' boxes may be that wide
    (round a table of ten the seats sit further apart than at a head table or in a row)."""
    tables: dict[tuple[str, int | None], list[PlacedSeat]] = defaultdict(list)
    for s in seats:
        if _is_table(s):
            tables[(s.section, s.table)].append(s)
    return {key: min(1.4, min((hypot(a.x - b.x, a.y - b.y) for i, a in enumerate(group) for b in group[i + 1:]),
                              default=1.0))
            for key, group in tables.items()}


@dataclass(frozen=True)
class _Extent:
    """Where a sheet's seats lie (their centres, plan units) and its tightest table's seat spacing (None: no
    tables): all that decides whether the sheet fits, so that two sheets are tried together without their seats."""

    left: float
    right: float
    near: float
    far: float
    pitch: float | None

    def __or__(self, other: _Extent) -> _Extent:
        pitches = [p for p in (self.pitch, other.pitch) if p is not None]
        return _Extent(min(self.left, other.left), max(self.right, other.right), min(self.near, other.near),
                       max(self.far, other.far), min(pitches) if pitches else None)

    @property
    def area(self) -> float:
        return (self.right - self.left + 1) * (self.far - self.near + 1)


def _extent(seats: Sequence[PlacedSeat], pitches: Pitches) -> _Extent:
    xs, ys = [s.x for s in seats] or [0.0], [s.y for s in seats] or [0.0]
    at_tables = [pitches[(s.section, s.table)] for s in seats if _is_table(s)]
    return _Extent(min(xs), max(xs), min(ys), max(ys), min(at_tables) if at_tables else None)


class _Scale:
    """Plan units to points on the drawing area for one extent, y turned to run down the page. Rows stretch
    freely in x and y (a row stays a row); a sheet with tables keeps one scale, so circles stay circles."""

    def __init__(self, extent: _Extent, area: _Area, front: float) -> None:
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


class _Layout(_Scale):
    """The seats of one sheet placed on its drawing area."""

    def __init__(self, seats: list[PlacedSeat], area: _Area, front: float, pitches: Pitches) -> None:
        super().__init__(_extent(seats, pitches), area, front)
        self.seats, self.pitches = seats, pitches

    @property
    def cell(self) -> tuple[float, float]:
        """A seat's box in a row (or at the tightest table)."""
        if self.extent.pitch is not None:
            return self.sx * self.extent.pitch * RING_FILL, self.sy * self.extent.pitch * RING_FILL
        return self.sx * CELL_FILL, self.sy * 0.86

    def cell_of(self, seat: PlacedSeat) -> tuple[float, float]:
        pitch = self.pitches.get((seat.section, seat.table)) if _is_table(seat) else None
        return (self.sx * pitch * RING_FILL,) * 2 if pitch else self.cell


def _need(seats: Sequence[PlacedSeat], names: bool) -> tuple[float, float]:
    """The cell (width, height in points) in which most names (or every number) read at the smallest size."""
    if names:
        widths = sorted(max(stringWidth(s.guest.surname, SANS_BOLD, NAME_MIN),
                            stringWidth(s.guest.initials, SANS, NAME_MIN)) for s in seats if s.guest)
        # The longest tenth of the surnames may shrink a little below NAME_MIN rather than cost a sheet.
        typical = widths[int(len(widths) * 0.9)] if widths else 0.0
        return typical + 3, NAME_MIN * 2.2 + 2
    widest = max((stringWidth(s.number, SANS, NUMBER_MIN) for s in seats), default=0.0)
    return widest + 3, NUMBER_MIN * 1.3 + 2


# ---------------------------------------------------------------- cutting into sheets


Fits = Callable[[_Extent], bool]


def _sheets(seats: list[PlacedSeat], pitches: Pitches, fits: Fits, aspect: float) -> list[list[PlacedSeat]]:
    """The whole hall when it fits; else by section (all tables together) from the stage back, each cut
    further as needed."""
    if fits(_extent(seats, pitches)):
        return [seats]
    groups: dict[tuple, list[PlacedSeat]] = defaultdict(list)
    for s in seats:
        groups[("tables",) if _is_table(s) else s.section_key].append(s)
    parts = sorted(groups.values(), key=lambda group: min((s.y, s.x) for s in group))  # from the stage back
    cut = [sheet for part in parts for sheet in _cut_until_fits(part, pitches, fits, aspect)]
    return _merged(cut, [_extent(sheet, pitches) for sheet in cut], fits)


def _merged(sheets: list[list[PlacedSeat]], extents: list[_Extent], fits: Fits) -> list[list[PlacedSeat]]:
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
    return [sheet for _place, sheet, _extent in sorted(live.values(), key=lambda item: item[0])]


def _cut_until_fits(seats: list[PlacedSeat], pitches: Pitches, fits: Fits, aspect: float) -> list[list[PlacedSeat]]:
    """Halves until each fits, cutting first across the side longer for the sheet's shape."""
    extent = _extent(seats, pitches)
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
        items[(s.section, s.table) if _is_table(s) else n].append(s)
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


def _widths(seats: Sequence[PlacedSeat]) -> dict[tuple[int, str], tuple[float, float]]:
    """Each section's leftmost and rightmost seat (x)."""
    xs: dict[tuple[int, str], list[float]] = defaultdict(list)
    for s in seats:
        xs[s.section_key].append(s.x)
    return {key: (min(values), max(values)) for key, values in xs.items()}


def _side(group: Sequence[PlacedSeat], width: tuple[float, float], labels: Labels) -> str:
    """Which side of its section a part of it is on, as the audience sees it; "" for the whole width."""
    low, high = min(s.x for s in group), max(s.x for s in group)
    if low <= width[0] and high >= width[1]:
        return ""
    middle = (width[0] + width[1]) / 2
    return labels.left if high < middle else labels.right if low > middle else labels.centre


def _what(seats: Sequence[PlacedSeat], widths: dict[tuple[int, str], tuple[float, float]], labels: Labels) -> str:
    """The sheet's part of the hall: «Президиум · Партер, ряды 1–12, левая сторона», «Стол 2, Стол 3»."""
    by_section: dict[tuple[int, str], list[PlacedSeat]] = defaultdict(list)
    for s in seats:
        by_section[s.section_key].append(s)
    parts, tables = [], []
    for key in sorted(by_section):
        group = by_section[key]
        if group[0].section_kind == SectionKind.TABLE:
            tables.append(key[1])
        elif group[0].section_kind == SectionKind.ROWS:
            rows = sorted({(s.row_index, s.row_label) for s in group})
            span = (labels.one_row.format(row=rows[0][1]) if len(rows) == 1
                    else labels.rows.format(first=rows[0][1], last=rows[-1][1]))
            parts.append(", ".join(p for p in (key[1], span, _side(group, widths[key], labels)) if p))
        else:
            parts.append(key[1])
    return " · ".join([*parts, *([", ".join(tables)] if tables else [])])


# ---------------------------------------------------------------- drawing


def _fitted(text: str, font: str, size: float, width: float) -> float:
    natural_width = stringWidth(text, font, size)
    return size if natural_width <= width else size * width / natural_width


def _fill(seat: PlacedSeat) -> colors.Color:
    if seat.blocked:
        return BLOCKED
    if seat.guest and seat.guest.category_index is not None:
        return PALETTE[seat.guest.category_index % len(PALETTE)]
    return colors.white


def _draw(canvas: Canvas, layout: _Layout, stage: str, *, names: bool, overview: bool) -> None:
    if layout.at_front:
        _stage(canvas, layout, stage)
    _tables(canvas, layout)
    _section_names(canvas, layout)
    _row_labels(canvas, layout)
    for seat in layout.seats:
        _seat(canvas, seat, layout.px(seat.x), layout.py(seat.y), *layout.cell_of(seat), names=names,
              overview=overview)


def _stage(canvas: Canvas, layout: _Layout, title: str) -> None:
    """The stage band above the front row, named; the presidium sits on it."""
    on_stage = [s for s in layout.seats if s.section_kind == SectionKind.PRESIDIUM]
    bottom = layout.py(max(s.y for s in on_stage) + 0.55) if on_stage else layout.top - 2
    top = layout.top + FRONT_SPACE - 2
    left, right = layout.area.x + ROW_LABEL_WIDTH, layout.area.x + layout.area.width - ROW_LABEL_WIDTH
    canvas.setFillColor(STAGE)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.5)
    canvas.roundRect(left, bottom, right - left, top - bottom, 4, stroke=1, fill=1)
    names = sorted({(s.section_position, s.section) for s in on_stage})
    canvas.setFillColor(GREY)
    canvas.setFont(SANS_BOLD, 9)
    canvas.drawCentredString((left + right) / 2, top - 11, " · ".join([title, *(n for _, n in names)]).upper())


def _tables(canvas: Canvas, layout: _Layout) -> None:
    """Each table under its seats, its name on it: a board in front of a head table whose guests all face
    the hall, a board between two lines of seats, else a round table inside the ring of seats."""
    tables: dict[tuple[str, int | None], list[PlacedSeat]] = defaultdict(list)
    for s in layout.seats:
        if _is_table(s):
            tables[(s.section, s.table)].append(s)
    canvas.saveState()
    canvas.setLineWidth(0.7)
    canvas.setFillColor(TABLE)
    canvas.setStrokeColor(GREY)
    for (name, table), seats in tables.items():
        xs, ys = [s.x for s in seats], sorted({round(s.y, 2) for s in seats})
        if len(ys) <= 2:
            near, far = (ys[0] + 0.55, ys[0] + 1.35) if len(ys) == 1 else (ys[0] + 0.5, ys[1] - 0.5)
            left, width = layout.px(min(xs) - 0.5), (max(xs) - min(xs) + 1) * layout.sx
            canvas.rect(left, layout.py(far), width, (far - near) * layout.sy, stroke=1, fill=1)
            centre, middle, room = left + width / 2, layout.py((near + far) / 2), width * 0.9
        else:
            cx, cy = sum(xs) / len(seats), sum(s.y for s in seats) / len(seats)
            radius = sum(hypot(s.x - cx, s.y - cy) for s in seats) / len(seats)
            inner = max(radius - layout.pitches[(name, table)] * 0.62, 0.3) * layout.sx
            centre, middle, room = layout.px(cx), layout.py(cy), inner * 1.7
            canvas.circle(centre, middle, inner, stroke=1, fill=1)
        size = _fitted(name, SANS_BOLD, 10, room)
        canvas.setFillColor(INK)
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(centre, middle - size / 3, name)
        canvas.setFillColor(TABLE)
    canvas.restoreState()


def _section_names(canvas: Canvas, layout: _Layout) -> None:
    """Each section's name over its first row on the sheet (the presidium is named on the stage band)."""
    sections: dict[tuple[int, str], list[PlacedSeat]] = defaultdict(list)
    for s in layout.seats:
        if not _is_table(s):
            sections[s.section_key].append(s)
    _, cell_h = layout.cell
    for (_position, name), seats in sections.items():
        if seats[0].section_kind == SectionKind.PRESIDIUM:
            continue  # named on the stage band
        xs = [s.x for s in seats]
        centre = (layout.px(min(xs)) + layout.px(max(xs))) / 2
        top = layout.py(min(s.y for s in seats)) + cell_h / 2
        size = max(6.5, min(9.0, layout.sy * 0.55))
        canvas.setFillColor(GREY)
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(centre, top + 3, name.upper())


def _row_labels(canvas: Canvas, layout: _Layout) -> None:
    """The row's label at both ends of the row as far as the sheet shows it."""
    rows: dict[tuple, list[PlacedSeat]] = defaultdict(list)
    for s in layout.seats:
        if s.section_kind == SectionKind.ROWS:
            rows[(s.section_key, s.row_label, s.y)].append(s)
    cell_w, cell_h = layout.cell
    size = min(8.0, cell_h * 0.75, ROW_LABEL_WIDTH * 0.9)
    canvas.setFillColor(GREY)
    for (_section, label, y), seats in rows.items():
        xs = [s.x for s in seats]
        fitted = _fitted(label, SANS_BOLD, size, ROW_LABEL_WIDTH - 3)
        canvas.setFont(SANS_BOLD, fitted)
        base = layout.py(y) - fitted / 3
        canvas.drawRightString(layout.px(min(xs)) - cell_w / 2 - 2.5, base, label)
        canvas.drawString(layout.px(max(xs)) + cell_w / 2 + 2.5, base, label)


def _cell(canvas: Canvas, x: float, y: float, w: float, h: float, fill: colors.Color, *, blocked: bool,
          wheelchair: bool, thin: bool = False) -> None:
    """A seat's box centred on (x, y): its fill, a cross when blocked, a blue corner for a wheelchair place."""
    canvas.setFillColor(fill)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.35 if thin else 0.5)
    canvas.roundRect(x - w / 2, y - h / 2, w, h, min(w, h) * 0.15, stroke=1, fill=1)
    if blocked:
        canvas.setStrokeColor(GREY)
        canvas.line(x - w / 2 + 1, y - h / 2 + 1, x + w / 2 - 1, y + h / 2 - 1)
        canvas.line(x - w / 2 + 1, y + h / 2 - 1, x + w / 2 - 1, y - h / 2 + 1)
    if wheelchair:
        corner = min(w, h) * 0.32
        path = canvas.beginPath()
        path.moveTo(x + w / 2, y + h / 2)
        path.lineTo(x + w / 2 - corner, y + h / 2)
        path.lineTo(x + w / 2, y + h / 2 - corner)
        path.close()
        canvas.setFillColor(WHEELCHAIR)
        canvas.drawPath(path, stroke=0, fill=1)


def _seat(canvas: Canvas, seat: PlacedSeat, x: float, y: float, w: float, h: float, *, names: bool,
          overview: bool) -> None:
    _cell(canvas, x, y, w, h, _fill(seat), blocked=seat.blocked, wheelchair=seat.wheelchair, thin=overview)
    if names and seat.guest:
        _name(canvas, seat, x, y, w, h)
    elif not seat.blocked:
        size = min(NUMBER_MAX, h * 0.6, _fitted(seat.number, SANS, NUMBER_MAX, w - 2))
        if size >= 3:
            canvas.setFillColor(GREY if names else INK)
            canvas.setFont(SANS, size)
            canvas.drawCentredString(x, y - size / 3, seat.number)


def _name(canvas: Canvas, seat: PlacedSeat, x: float, y: float, w: float, h: float) -> None:
    """Surname over initials, both at one size: the largest that fits the cell."""
    guest = seat.guest
    room = w - 2.5
    size = min(NAME_MAX, (h - 2) / 2.2, _fitted(guest.surname, SANS_BOLD, NAME_MAX, room),
               _fitted(guest.initials, SANS, NAME_MAX, room))
    canvas.setFillColor(INK)
    if not guest.initials:
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(x, y - size / 3, guest.surname)
        return
    canvas.setFont(SANS_BOLD, size)
    canvas.drawCentredString(x, y + size * 0.12, guest.surname)
    canvas.setFont(SANS, size)
    canvas.drawCentredString(x, y - size * 0.98, guest.initials)


def _outline(canvas: Canvas, layout: _Layout, sheet: Sequence[PlacedSeat], label: str) -> None:
    """On the overview: where a sheet's seats are, and its number in the middle, over the seats."""
    xs, ys = [s.x for s in sheet], [s.y for s in sheet]
    left, right = layout.px(min(xs) - 0.5) - 1.5, layout.px(max(xs) + 0.5) + 1.5
    top, bottom = layout.py(min(ys) - 0.5) + 1.5, layout.py(max(ys) + 0.5) - 1.5
    canvas.saveState()
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.4)
    canvas.setDash(5, 3)
    canvas.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
    size = max(9.0, min(26.0, (top - bottom) * 0.3, (right - left) * 0.25))
    width = stringWidth(label, SANS_BOLD, size) + size
    centre, middle = (left + right) / 2, (top + bottom) / 2
    canvas.setDash()
    canvas.setFillColor(colors.white)
    canvas.setFillAlpha(0.85)
    canvas.roundRect(centre - width / 2, middle - size * 0.75, width, size * 1.5, 3, stroke=1, fill=1)
    canvas.setFillAlpha(1)
    canvas.setFillColor(ACCENT)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawCentredString(centre, middle - size / 3, label)
    canvas.restoreState()


def _title_block(canvas: Canvas, page: tuple[float, float], h: Heading, labels: Labels, what: str,
                 sheet: str) -> None:
    top = page[1] - MARGIN
    half = page[0] / 2 - MARGIN - 5 * mm
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 8)
    canvas.drawString(MARGIN, top - 8, _clipped(h.organisation, SANS, 8, half))
    canvas.setFillColor(INK)
    size = max(11.0, _fitted(h.ceremony, SANS_BOLD, 15, half))
    canvas.setFont(SANS_BOLD, size)
    canvas.drawString(MARGIN, top - 26, _clipped(h.ceremony, SANS_BOLD, size, half))
    canvas.setFont(SANS, 9.5)
    canvas.drawString(MARGIN, top - 40, _clipped(" · ".join(p for p in (h.when, h.venue, h.hall) if p), SANS, 9.5,
                                                 half))
    right = page[0] - MARGIN
    canvas.setFont(SANS_BOLD, 16)
    canvas.drawRightString(right, top - 14, labels.scheme.upper())
    canvas.setFont(SANS_BOLD, 10.5)
    canvas.drawRightString(right, top - 28, _clipped(what, SANS_BOLD, 10.5, half))
    canvas.setFillColor(GREY)
    canvas.setFont(SANS, 8)
    canvas.drawRightString(right, top - 40, f"{sheet} · {h.generated}")
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - TITLE_HEIGHT + 8, right, top - TITLE_HEIGHT + 8)


def _clipped(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# ---------------------------------------------------------------- the legend


@dataclass(frozen=True)
class _Key:
    text: str
    fill: colors.Color
    mark: str = ""  # "blocked", "wheelchair"


def _legend(categories: Sequence[str], labels: Labels) -> list[_Key]:
    keys = [_Key(name, PALETTE[n % len(PALETTE)]) for n, name in enumerate(categories)]
    return [*keys, _Key(labels.empty_seat, colors.white), _Key(labels.blocked, BLOCKED, "blocked"),
            _Key(labels.wheelchair, colors.white, "wheelchair")]


SWATCH = (14.0, 9.0)


def _legend_lines(keys: list[_Key], width: float) -> list[list[tuple[float, _Key]]]:
    """The keys laid out left to right, wrapping: (x offset, key) per line."""
    lines: list[list[tuple[float, _Key]]] = [[]]
    x = 0.0
    for key in keys:
        step = SWATCH[0] + 4 + stringWidth(key.text, SANS, 8) + 14
        if x and x + step > width:
            lines.append([])
            x = 0.0
        lines[-1].append((x, key))
        x += step
    return lines


def _draw_legend(canvas: Canvas, lines: list[list[tuple[float, _Key]]]) -> None:
    for n, line in enumerate(lines):
        y = MARGIN + 12 * (len(lines) - 1 - n)
        for x, key in line:
            _cell(canvas, MARGIN + x + SWATCH[0] / 2, y + SWATCH[1] / 2, *SWATCH, key.fill,
                  blocked=key.mark == "blocked", wheelchair=key.mark == "wheelchair")
            canvas.setFillColor(INK)
            canvas.setFont(SANS, 8)
            canvas.drawString(MARGIN + x + SWATCH[0] + 4, y + 1.5, key.text)
