"""The seating scheme (A3 or A4 landscape): the stage at the top, every seat where it is in the hall, each with
its guest's surname and initials (or its number), row labels at both ends of each row, section names, tables as
circles or rectangles with their seats around, a legend of categories and marks, and a title block.

Readable when printed is the rule: names are never drawn below NAME_MIN points. When the whole hall does not
fit one sheet at that size, the scheme is cut into sheets — by section first, then at the aisles or between
tables nearest the middle (app/documents/scheme_sheets.py) — and an overview sheet in front shows the whole
hall with each sheet's outline. Drawn straight on the canvas: 1,600 seats take a fraction of a second.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from math import hypot

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import SANS, SANS_BOLD, register_fonts
from app.documents.scheme_sheets import (
    FRONT_SPACE,
    ROW_LABEL_WIDTH,
    Area,
    Layout,
    Scale,
    cut_into_sheets,
    is_table,
    seat_spacing,
)
from app.documents.seating import SECTION_PRESIDIUM, SECTION_ROWS, SECTION_TABLE, Heading, Labels, PlacedSeat

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
    area = Area(MARGIN, MARGIN + 12 * len(legend_lines) + 6, page[0] - 2 * MARGIN,
                 page[1] - 2 * MARGIN - TITLE_HEIGHT - 12 * len(legend_lines) - 8)
    front = min((s.y for s in seats), default=0.0)
    need = _need(seats, names)
    pitches = seat_spacing(seats)
    sheets = cut_into_sheets(list(seats), pitches, lambda extent: Scale(extent, area, front).fits(need),
                     area.width / area.height) if seats else [[]]
    total = len(sheets) + (1 if len(sheets) > 1 else 0)
    widths = _widths(seats)
    number = 1
    if len(sheets) > 1:
        layout = Layout(list(seats), area, front, pitches)
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
        _draw(canvas, Layout(sheet, area, front, pitches), labels.stage, names=names, overview=False)
        _draw_legend(canvas, legend_lines)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


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
        if group[0].section_kind == SECTION_TABLE:
            tables.append(key[1])
        elif group[0].section_kind == SECTION_ROWS:
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


def _draw(canvas: Canvas, layout: Layout, stage: str, *, names: bool, overview: bool) -> None:
    if layout.at_front:
        _stage(canvas, layout, stage)
    _tables(canvas, layout)
    _section_names(canvas, layout)
    _row_labels(canvas, layout)
    for seat in layout.seats:
        _seat(canvas, seat, layout.px(seat.x), layout.py(seat.y), *layout.cell_of(seat), names=names,
              overview=overview)


def _stage(canvas: Canvas, layout: Layout, title: str) -> None:
    """The stage band above the front row, named; the presidium sits on it."""
    on_stage = [s for s in layout.seats if s.section_kind == SECTION_PRESIDIUM]
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


def _tables(canvas: Canvas, layout: Layout) -> None:
    """Each table under its seats, its name on it: a board in front of a head table whose guests all face
    the hall, a board between two lines of seats, else a round table inside the ring of seats."""
    tables: dict[tuple[str, int | None], list[PlacedSeat]] = defaultdict(list)
    for s in layout.seats:
        if is_table(s):
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


def _section_names(canvas: Canvas, layout: Layout) -> None:
    """Each section's name over its first row on the sheet (the presidium is named on the stage band)."""
    sections: dict[tuple[int, str], list[PlacedSeat]] = defaultdict(list)
    for s in layout.seats:
        if not is_table(s):
            sections[s.section_key].append(s)
    _, cell_h = layout.cell
    for (_position, name), seats in sections.items():
        if seats[0].section_kind == SECTION_PRESIDIUM:
            continue  # named on the stage band
        xs = [s.x for s in seats]
        centre = (layout.px(min(xs)) + layout.px(max(xs))) / 2
        top = layout.py(min(s.y for s in seats)) + cell_h / 2
        size = max(6.5, min(9.0, layout.sy * 0.55))
        canvas.setFillColor(GREY)
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(centre, top + 3, name.upper())


def _row_labels(canvas: Canvas, layout: Layout) -> None:
    """The row's label at both ends of the row as far as the sheet shows it."""
    rows: dict[tuple, list[PlacedSeat]] = defaultdict(list)
    for s in layout.seats:
        if s.section_kind == SECTION_ROWS:
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


def _outline(canvas: Canvas, layout: Layout, sheet: Sequence[PlacedSeat], label: str) -> None:
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
    if h.draft:
        canvas.setFillColor(ACCENT)
        canvas.setFont(SANS_BOLD, 11)
        canvas.drawRightString(right - stringWidth(labels.scheme.upper(), SANS_BOLD, 16) - 4 * mm, top - 14,
                               h.draft.upper())
        canvas.setFillColor(INK)
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
