"""The wreath-laying order (the host's copy, as PDF and as DOCX for those who edit it in Word, and the
announcer's copy in large type) and the placement scheme of the square (A4 landscape: the plan drawn to
scale, a legend beside it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.core.formatting import fmt_number
from app.documents import word
from app.documents.fonts import SANS, SANS_BOLD, SERIF_BOLD
from app.documents.official import Approval, build, grid, heading, para, styles


@dataclass(frozen=True)
class OrderRow:
    number: int
    time: str  # «09:00–09:02»
    name: str
    head: str
    people: int
    tribute: str
    announcement: str  # whom the floor is given to, in the dative


@dataclass(frozen=True)
class OrderDocument:
    organisation: str
    title: str
    subtitle: str  # the ceremony, its place and day
    rows: tuple[OrderRow, ...]
    summary: str  # the count, the start, the end
    # Column headings and fixed phrases, already in the reader's language.
    labels: dict[str, str] = field(default_factory=dict)
    approval: Approval | None = None  # the host's copy is approved; the announcer's is a working copy


def _opening(organisation: str, title: str, subtitle: str, approval: Approval | None = None) -> list[Flowable]:
    return [*heading(organisation, title, approval), para(subtitle, styles()["org"]), Spacer(1, 5 * mm)]


HOST_COLUMNS = ("no", "time", "name", "head", "people", "tribute")
HOST_WIDTHS_MM = (9, 24, 55, 55, 13, 24)


def _host_rows(document: OrderDocument) -> list[list[str]]:
    return [[str(r.number), r.time, r.name, r.head, fmt_number(r.people), r.tribute] for r in document.rows]


def build_host_copy(document: OrderDocument) -> bytes:
    """The host's copy: one line per delegation with its time and its head."""
    s, labels = styles(), document.labels
    story = _opening(document.organisation, document.title, document.subtitle, document.approval)
    if document.rows:
        story.append(grid([labels[k] for k in HOST_COLUMNS], _host_rows(document), HOST_WIDTHS_MM))
        story += [Spacer(1, 4 * mm), para(document.summary, s["text"])]
    else:
        story.append(para(labels["empty"], s["org"]))
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"])


def build_host_copy_docx(document: OrderDocument) -> bytes:
    """The host's copy as DOCX: the same approval block, subtitle, table and summary as the PDF."""
    labels = document.labels
    doc = word.new_document(document.organisation, document.title, document.approval)
    for line in document.subtitle.splitlines():
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.rows:
        word.add_table(doc, [labels[k] for k in HOST_COLUMNS], _host_rows(document), HOST_WIDTHS_MM)
        doc.add_paragraph()
        doc.add_paragraph(document.summary)
    else:
        doc.add_paragraph(labels["empty"])
    return word.to_bytes(doc)


def _announcer_styles() -> dict[str, ParagraphStyle]:
    base = styles()["text"]
    return {
        "time": ParagraphStyle("time", parent=base, fontName=SERIF_BOLD, fontSize=15, leading=19),
        "words": ParagraphStyle("words", parent=base, fontSize=17, leading=23),
        "who": ParagraphStyle("who", parent=base, fontName=SERIF_BOLD, fontSize=20, leading=26),
        "note": ParagraphStyle("note", parent=base, fontSize=12, leading=16, spaceBefore=2,
                               textColor=colors.HexColor("#444444")),
    }


def build_announcer_copy(document: OrderDocument) -> bytes:
    """The announcer's copy: large type, the words to say for each delegation, never split over pages."""
    s, big, labels = styles(), _announcer_styles(), document.labels
    story = _opening(document.organisation, document.title, document.subtitle)
    for r in document.rows:
        story.append(KeepTogether([
            para(f"{r.number}.  {r.time}", big["time"]),
            para(labels["announce"], big["words"]),
            para(r.announcement, big["who"]),
            para(f"{r.tribute} · {labels['people_short'].format(n=fmt_number(r.people))}", big["note"]),
            Spacer(1, 7 * mm),
        ]))
    story.append(para(document.summary if document.rows else labels["empty"], s["text"]))
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"])


# ---------------------------------------------------------------- the placement scheme


@dataclass(frozen=True)
class SchemeZone:
    name: str
    kind: str  # "zone", "memorial", "stage" or "entrance": picks the colour
    x: int
    y: int
    w: int
    h: int
    mark: str  # the delegation's number in the order, or ""
    overlaps: bool


@dataclass(frozen=True)
class SchemeDocument:
    organisation: str
    title: str
    subtitle: str
    width: int  # of the plan, in grid units
    height: int
    zones: tuple[SchemeZone, ...]
    legend: tuple[tuple[str, str], ...]  # (zone, who stands there)
    warnings: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)


PLAN_WIDTH_MM = 160
LEGEND_MM = (27, 73)  # the legend beside the plan: zone (wide enough for «Вечный огонь»), who stands there
LEGEND_OVERHANG_MM = 30  # how far the legend may reach below the plan and still stand beside it on the page
FILLS = {"zone": "#dbe6f5", "memorial": "#f3dfb4", "stage": "#d6d9e2", "entrance": "#d8ecd9"}
STROKE = colors.HexColor("#1f2d4d")
CONFLICT = colors.HexColor("#a3242b")


def _fitted(text: str, font: str, size: float, width: float) -> float:
    """The font size at which `text` fits `width`, at most `size`."""
    natural = stringWidth(text, font, size)
    return size if natural <= width else max(4.0, size * width / natural)


def plan_drawing(document: SchemeDocument) -> Drawing:
    scale = PLAN_WIDTH_MM * mm / document.width
    width, height = document.width * scale, document.height * scale
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=STROKE, strokeWidth=1))
    for step in range(10, max(document.width, document.height), 10):
        if step < document.width:
            drawing.add(Line(step * scale, 0, step * scale, height, strokeColor=colors.HexColor("#e4e7ee")))
        if step < document.height:
            drawing.add(Line(0, height - step * scale, width, height - step * scale,
                             strokeColor=colors.HexColor("#e4e7ee")))
    for z in document.zones:
        left, top = z.x * scale, height - (z.y + z.h) * scale  # the plan's y runs down, the page's up
        w, h = z.w * scale, z.h * scale
        drawing.add(Rect(left, top, w, h, fillColor=colors.HexColor(FILLS.get(z.kind, FILLS["zone"])),
                         strokeColor=CONFLICT if z.overlaps else STROKE, strokeWidth=1.6 if z.overlaps else .7,
                         strokeDashArray=[3, 2] if z.overlaps else None))
        size = _fitted(z.name, SANS, 8, w - 2)
        centre_x, centre_y = left + w / 2, top + h / 2
        drawing.add(String(centre_x, centre_y + (1 if z.mark else -size / 3), z.name, fontName=SANS,
                           fontSize=size, textAnchor="middle"))
        if z.mark:
            drawing.add(String(centre_x, centre_y - size - 1, z.mark, fontName=SANS_BOLD,
                               fontSize=_fitted(z.mark, SANS_BOLD, 9, w - 2), textAnchor="middle"))
    return drawing


def build_scheme_pdf(document: SchemeDocument) -> bytes:
    """The plan with its legend beside it; a legend too long for that goes below the plan, over pages."""
    s, labels = styles(), document.labels
    story = _opening(document.organisation, document.title, document.subtitle)
    drawing = plan_drawing(document)
    if not document.legend:
        story += [drawing, para(labels["empty"], s["cell"])]
    else:
        legend = grid([labels["zone"], labels["who"]], [list(row) for row in document.legend], LEGEND_MM)
        if legend.wrap(sum(LEGEND_MM) * mm, A4[0])[1] <= drawing.height + LEGEND_OVERHANG_MM * mm:
            beside = Table([[drawing, legend]], colWidths=[drawing.width + 6 * mm, sum(LEGEND_MM) * mm])
            beside.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            story.append(beside)
        else:
            story += [drawing, Spacer(1, 5 * mm),
                      grid([labels["zone"], labels["who"]], [list(row) for row in document.legend], [30, 237])]
    if document.warnings:
        warning = ParagraphStyle("warning", parent=s["text"], textColor=CONFLICT)
        story += [Spacer(1, 3 * mm), *[para(text, warning) for text in document.warnings]]
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"], wide=True)
