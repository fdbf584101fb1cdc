"""Seating prints that are lists: the list by row or by table (A4 landscape, the official layout) and the
alphabetical index for the entrance («найдите своё место», large type in two columns). The view models here
are shared by the scheme (app/documents/seating_scheme.py) and the place cards (app/documents/place_cards.py).
Plain view models in, PDF bytes out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.core.formatting import fmt_number
from app.core.numbers import whole
from app.documents.fonts import SANS, SANS_BOLD, register_fonts
from app.documents.official import _numbered_canvas as numbered_canvas
from app.documents.official import build, grid, heading, para, styles


@dataclass(frozen=True)
class Heading:
    """What every seating print says about the ceremony, already in the reader's language."""

    organisation: str
    ceremony: str
    when: str  # «9 мая 2027 г., 10:00»
    venue: str  # «Краевой театр драмы, ул. Муравьёва-Амурского, 25»
    hall: str
    generated: str  # «Сформировано 24.11.2026 в 07:12»
    draft: str = ""  # «Черновик рассадки» until the plan is approved: marked on every print but the cards

    @property
    def subtitle(self) -> str:
        return " · ".join(p for p in (self.ceremony, self.when, self.venue, self.hall) if p)


@dataclass(frozen=True)
class Sitter:
    surname: str
    name: str
    patronymic: str
    position: str  # «Глава города», with the organisation when there is one
    category: str
    category_index: int | None  # into the legend's categories: picks the colour on the scheme

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    @property
    def initials(self) -> str:
        return " ".join(f"{p[0]}." for p in (self.name, self.patronymic) if p)


# What a seat's section is (the values of app.seating.kinds.SectionKind, passed as plain text like the rest).
SECTION_ROWS, SECTION_TABLE, SECTION_PRESIDIUM = "rows", "table", "presidium"


@dataclass(frozen=True)
class PlacedSeat:
    """A seat of the hall and who sits on it (None: empty)."""

    section: str
    section_kind: str  # SECTION_ROWS, SECTION_TABLE or SECTION_PRESIDIUM
    section_position: int
    row_label: str
    row_index: int
    number: str
    x: float  # plan units (app/seating/halls/layout.py): x to the audience's right, y away from the stage
    y: float
    order: int
    table: int | None
    honour: int
    wheelchair: bool
    blocked: bool
    label: str  # «Партер · ряд 3 · место 12»
    guest: Sitter | None = None

    @property
    def section_key(self) -> tuple[int, str]:
        return self.section_position, self.section


@dataclass(frozen=True)
class Labels:
    """Every fixed phrase of the seating prints, already in the reader's language."""

    scheme: str  # «Схема рассадки»
    list_by_row: str
    list_by_table: str
    index: str  # «Найдите своё место»
    section: str
    row: str
    seat: str
    guest: str
    position: str
    category: str
    no: str
    page: str  # «Страница {n} из {total}»
    sheet: str  # «Лист {n} из {total}»
    sheet_mark: str  # «Лист {n}», on the overview where that sheet's part of the hall is
    overview: str  # «Весь зал: части по листам»
    whole: str  # «Весь зал», when one sheet holds it
    stage: str  # «Сцена»
    empty_seat: str
    blocked: str
    wheelchair: str
    no_category: str
    rows: str  # «ряды {first}–{last}»
    one_row: str  # «ряд {row}»
    left: str  # «левая сторона», as the audience sees it
    centre: str
    right: str
    host: str  # «хозяин стола», beside the first seat of a table's block
    guests_total: str  # «Гостей: {n}»
    empty: str  # «Пока никто не рассажен.»


def natural(number: str) -> tuple[int, str]:
    """Seat and row numbers in the order people count them: «2» before «10», letters after numbers."""
    value = whole(number)
    return (value, "") if value is not None else (10**9, number)


# ---------------------------------------------------------------- the lists


def _title(labels_title: str, h: Heading) -> list[Flowable]:
    return [*heading(h.organisation, labels_title), para(h.subtitle, styles()["org"]),
            para(h.generated, _small()), *([para(h.draft.upper(), _draft())] if h.draft else []), Spacer(1, 4 * mm)]


def _draft() -> ParagraphStyle:
    return ParagraphStyle("draft", parent=styles()["head"], textColor=ACCENT, spaceBefore=2 * mm)


def _small() -> ParagraphStyle:
    return ParagraphStyle("small", parent=styles()["org"], fontSize=8, leading=10, textColor=colors.HexColor("#555555"))


def list_by_row(h: Heading, seats: Sequence[PlacedSeat], labels: Labels) -> bytes:
    """Every seated guest in the order of the hall, in two columns of A4 portrait: a heading for each row (or
    table) and under it a line a seat — the number, the name, the category (two lines where it is long) — in
    9.5 pt, 50 to 90 seats a page. A row that goes on in the next column or page repeats its heading there, and the
    title, the ceremony and the draft mark head every page, so any column read alone says where its people sit."""
    register_fonts()
    taken = [s for s in seats if s.guest]
    story: list[Flowable] = []
    for title, row in _rows_of(taken, labels):
        lines = [[Paragraph(escape(title), _line("row")), "", ""]]
        lines += [[Paragraph(escape(seat.number), _line("seat")),
                   Paragraph(escape(seat.guest.full_name), _line("name")),
                   Paragraph(escape(seat.guest.category), _line("category"))] for seat in row]
        table = Table(lines, colWidths=[ROW_LIST_WIDTHS[0] * mm, ROW_LIST_WIDTHS[1] * mm, ROW_LIST_WIDTHS[2] * mm],
                      repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("SPAN", (0, 0), (-1, 0)),
                                   ("LEFTPADDING", (0, 0), (-1, 0), 0), ("TOPPADDING", (0, 0), (-1, 0), 5),
                                   ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8ccd4"))]))
        story.append(table)
    story.append(Paragraph(escape(labels.guests_total.format(n=fmt_number(len(taken))) if taken else labels.empty),
                           _line("row")))
    return _columns(story, h, labels.list_by_row, labels)


ROW_LIST_WIDTHS = (10, 54, 27)  # mm: the seat, the name, the category — one of the two columns of A4


def _rows_of(seats: Sequence[PlacedSeat], labels: Labels) -> list[tuple[str, list[PlacedSeat]]]:
    """The seats (in hall order) cut at each new row or table, with the heading «Партер · ряд 3»."""
    blocks: list[tuple[str, list[PlacedSeat]]] = []
    key = None
    for seat in seats:
        here = (seat.section_key, seat.row_label if seat.section_kind == SECTION_ROWS else "")
        if here != key:
            row = labels.one_row.format(row=seat.row_label) if seat.section_kind == SECTION_ROWS else ""
            blocks.append((" · ".join(p for p in (seat.section, row) if p), []))
            key = here
        blocks[-1][1].append(seat)
    return blocks


def _line(kind: str) -> ParagraphStyle:
    """The row list's styles: 9.5 pt names (a list read at arm's length), the row's heading in bold."""
    if kind == "row":
        return ParagraphStyle("row", fontName=SANS_BOLD, fontSize=10, leading=12, textColor=INK, spaceBefore=5,
                              spaceAfter=1.5, keepWithNext=True)
    if kind == "category":
        return ParagraphStyle("category", fontName=SANS, fontSize=7.5, leading=11.5, textColor=GREY)
    return ParagraphStyle(kind, fontName=SANS_BOLD if kind == "seat" else SANS, fontSize=9.5, leading=11.5,
                          textColor=INK, alignment=TA_RIGHT if kind == "seat" else TA_LEFT)


def _columns(story: list[Flowable], h: Heading, title: str, labels: Labels) -> bytes:
    """A4 portrait, two columns under a heading drawn on every page; «Страница n из N» at the foot."""
    page, margin, gap, top, foot = A4, 12 * mm, 6 * mm, 27 * mm, 14 * mm
    width = (page[0] - 2 * margin - gap) / 2
    frames = [Frame(margin + k * (width + gap), foot, width, page[1] - top - foot, leftPadding=0, rightPadding=0,
                    topPadding=0, bottomPadding=0) for k in range(2)]
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=page, title=title, author=h.organisation)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=_list_page(h, title, page, margin))])
    doc.build(story, canvasmaker=numbered_canvas(labels.page, page))
    return out.getvalue()


def _list_page(h: Heading, title: str, page: tuple[float, float], margin: float):
    def draw(canvas: Canvas, _doc) -> None:
        top = page[1]
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(SANS_BOLD, 13)
        canvas.drawString(margin, top - 12 * mm, title)
        canvas.setFont(SANS, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawString(margin, top - 17 * mm, h.organisation)
        canvas.drawRightString(page[0] - margin, top - 12 * mm, h.generated)
        canvas.drawRightString(page[0] - margin, top - 17 * mm, " · ".join(p for p in (h.when, h.hall) if p))
        canvas.drawString(margin, top - 21.5 * mm, h.ceremony)
        if h.draft:
            canvas.setFillColor(ACCENT)
            canvas.setFont(SANS_BOLD, 9)
            canvas.drawRightString(page[0] - margin, top - 21.5 * mm, h.draft.upper())
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.6)
        canvas.line(margin, top - 24 * mm, page[0] - margin, top - 24 * mm)
        canvas.restoreState()
    return draw


def _chunked(header: list[str], rows: list[list[str]], widths: list[float], size: int = 60) -> list[Flowable]:
    """One long table as several short ones with the same header: reportlab lays out a 1,600-row table in
    quadratic time, the chunks in linear, and the header repeats on every page all the same."""
    return [_dense(grid(header, rows[start:start + size], widths)) for start in range(0, len(rows), size)]


def _dense(table: Table) -> Table:
    """Less padding than the official grid: a 1,600-guest list on half the paper."""
    table.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5)]))
    return table


def list_by_table(h: Heading, tables: Sequence[tuple[str, Sequence[PlacedSeat]]], labels: Labels) -> bytes:
    """One block per table (or section), host first, then the seats around; a block never splits over pages."""
    s = styles()
    block_title = ParagraphStyle("block", parent=s["text"], fontName=s["head"].fontName, spaceBefore=3 * mm,
                                 spaceAfter=1.5 * mm)
    story = _title(labels.list_by_table, h)
    total = 0
    for name, seats in tables:
        taken = [seat for seat in seats if seat.guest]
        if not taken:
            continue
        total += len(taken)
        in_rows = taken[0].section_kind == SECTION_ROWS  # a rows hall's section: its row beside the seat
        rows = [[*([seat.row_label] if in_rows else []), seat.number,
                 seat.guest.full_name + (f"\n{labels.host}" if n == 0 and seat.table is not None else ""),
                 seat.guest.position, seat.guest.category] for n, seat in enumerate(taken)]
        header = [*([labels.row] if in_rows else []), labels.seat, labels.guest, labels.position, labels.category]
        widths = [12, 16, 70, 113, 56] if in_rows else [16, 75, 120, 56]
        count = labels.guests_total.format(n=fmt_number(len(taken)))
        story.append(KeepTogether([para(f"{name} · {count}", block_title), *_chunked(header, rows, widths)]))
    if total:
        story += [Spacer(1, 3 * mm), para(labels.guests_total.format(n=fmt_number(total)), s["text"])]
    else:
        story.append(para(labels.empty, s["org"]))
    return build(story, title=labels.list_by_table, author=h.organisation, page_label=labels.page, wide=True)


# ---------------------------------------------------------------- the index


@dataclass(frozen=True)
class IndexEntry:
    surname: str
    given: str  # «Иван Петрович»
    seat: str  # «Партер · ряд 3 · место 12»


@dataclass(frozen=True)
class IndexGroup:
    letter: str
    entries: tuple[IndexEntry, ...]


POSTER_SIZE = 19  # points: the A3 index's names
INK = colors.HexColor("#14203a")
GREY = colors.HexColor("#5a6070")
ACCENT = colors.HexColor("#8a1c24")


def index_pdf(h: Heading, groups: Sequence[IndexGroup], labels: Labels, *, poster: bool = False) -> bytes:
    """The board at the entrance, surname first in bold, the seat under the name, a letter heading over each
    letter's names: two columns of 18 pt on A4, or an A3 poster of three columns in 19 pt, a little closer
    together (read from a step back), which holds the list on half the sheets of A4."""
    register_fonts()
    page = A3 if poster else A4
    columns, name_size = (3, POSTER_SIZE) if poster else (2, 18)
    scale = page[0] / A4[0]  # the poster's heading grows with its type
    margin, gap, top = 12 * mm, 8 * mm, 24 * mm * scale
    width = (page[0] - 2 * margin - (columns - 1) * gap) / columns
    frames = [Frame(margin + k * (width + gap), 14 * mm, width, page[1] - top - 14 * mm, leftPadding=0,
                    rightPadding=0, topPadding=0, bottomPadding=0) for k in range(columns)]
    name = ParagraphStyle("name", fontName=SANS, fontSize=name_size, leading=name_size * 1.15, textColor=INK)
    seat = ParagraphStyle("seat", fontName=SANS, fontSize=name_size * 0.72, leading=name_size * 0.9,
                          leftIndent=6 * mm, textColor=ACCENT, spaceAfter=name_size * (0.25 if poster else 0.35))
    letter = ParagraphStyle("letter", fontName=SANS_BOLD, fontSize=name_size * 1.8, leading=name_size * 2,
                            textColor=GREY, spaceBefore=name_size * 0.4, keepWithNext=True)
    story: list[Flowable] = []
    for group in groups:
        story.append(Paragraph(escape(group.letter), letter))
        for entry in group.entries:
            story.append(KeepTogether([
                Paragraph(f"<b>{escape(entry.surname)}</b> {escape(entry.given)}", name),
                Paragraph(escape(entry.seat), seat)]))
    if not story:
        story.append(Paragraph(escape(labels.empty), name))
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=page, title=labels.index, author=h.organisation)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=_index_page(h, labels, page, margin, scale))])
    doc.build(story, canvasmaker=numbered_canvas(labels.page, page))
    return out.getvalue()


def _index_page(h: Heading, labels: Labels, page: tuple[float, float], margin: float, scale: float):
    """Every page's heading: «НАЙДИТЕ СВОЁ МЕСТО», the ceremony, its day and hall."""
    def draw(canvas: Canvas, _doc) -> None:
        top = page[1]
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(SANS_BOLD, 20 * scale)
        canvas.drawString(margin, top - 14 * mm * scale, labels.index.upper())
        if h.draft:  # at the foot, beside the page number
            canvas.setFillColor(ACCENT)
            canvas.setFont(SANS_BOLD, 9)
            canvas.drawString(margin, 7 * mm, h.draft.upper())
        canvas.setFont(SANS, 10 * scale)
        canvas.setFillColor(GREY)
        canvas.drawRightString(page[0] - margin, top - 10.5 * mm * scale, h.ceremony)
        canvas.drawRightString(page[0] - margin, top - 15 * mm * scale, " · ".join(p for p in (h.when, h.hall) if p))
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.6)
        canvas.line(margin, top - 18 * mm * scale, page[0] - margin, top - 18 * mm * scale)
        canvas.restoreState()
    return draw
