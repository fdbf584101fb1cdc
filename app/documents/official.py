"""The layout of an official A4 paper, shared by every printed document: PT Serif, the approval
block «УТВЕРЖДАЮ» at the top right, the organisation and the title, tables with a repeated header,
and «Страница n из N» at the foot of every page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.i18n import gettext as _
from app.documents.fonts import SERIF, SERIF_BOLD, register_fonts


@dataclass(frozen=True)
class Approval:
    """«УТВЕРЖДАЮ / Мэр города / ________ С. А. Кравцов / «___» ______ 2027 г.», already in the reader's
    language: the approval stamp of ГОСТ Р 7.0.97 (the word, the position, the signature with its
    transcript, the date)."""

    heading: str
    position: str
    date_line: str
    name: str = ""  # the signature's transcript, «С. А. Кравцов»; a blank line to sign on without it

    @property
    def lines(self) -> tuple[str, str, str, str]:
        return self.heading, self.position, f"_______________ {self.name}".rstrip(), self.date_line


def signature_name(full_name: str) -> str:
    """«Кравцов Сергей Андреевич» → «С. А. Кравцов»: initials before the surname, as under a signature."""
    surname, *given = full_name.split()
    return " ".join([*(f"{part[0]}." for part in given), surname]) if given else surname


def mayor_approval(year: int, position: str = "", full_name: str = "") -> Approval:
    """The approval block of the department's plans, orders and scenarios, signed by the mayor."""
    return Approval(heading=_("УТВЕРЖДАЮ"), position=position or _("Мэр города"),
                    date_line=_("«___» ____________ {year} г.").format(year=year),
                    name=signature_name(full_name) if full_name.strip() else "")


def page_label() -> str:
    return _("Страница {n} из {total}")


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=SERIF, fontSize=9.5, leading=12)
    return {
        "cell": base,
        "text": ParagraphStyle("text", parent=base, fontSize=11, leading=15),
        "head": ParagraphStyle("head", parent=base, fontName=SERIF_BOLD, alignment=TA_CENTER),
        "org": ParagraphStyle("org", parent=base, fontSize=11, leading=14, alignment=TA_CENTER),
        "approval": ParagraphStyle("approval", parent=base, fontSize=11, leading=15),
        "title": ParagraphStyle("title", parent=base, fontName=SERIF_BOLD, fontSize=13, leading=17,
                                alignment=TA_CENTER, spaceBefore=4 * mm, spaceAfter=5 * mm),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text (escaped; line breaks kept) as a paragraph."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def heading(organisation: str, title: str, approval: Approval | None = None) -> list[Flowable]:
    s = styles()
    flow: list[Flowable] = []
    if approval:
        flow += [Table([[para(line, s["approval"])] for line in approval.lines], colWidths=[70 * mm],
                       hAlign="RIGHT"),
                 Spacer(1, 6 * mm)]
    return flow + [para(organisation, s["org"]), para(title, s["title"])]


def grid(header: Sequence[str], rows: Sequence[Sequence[Flowable | str]], widths_mm: Sequence[float]) -> Table:
    """A bordered table whose header repeats on every page; string cells become paragraphs."""
    s = styles()
    body = [[cell if isinstance(cell, Flowable) else para(cell, s["cell"]) for cell in row] for row in rows]
    table = Table([[para(h, s["head"]) for h in header], *body], colWidths=[w * mm for w in widths_mm],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def build(story: list[Flowable], *, title: str, author: str, page_label: str, wide: bool = False) -> bytes:
    """The PDF bytes; `page_label` is «Страница {n} из {total}» in the reader's language, written at the foot.
    Without one the pages are numbered as a letter's (ГОСТ Р 7.0.97): from the second on, the bare number at
    the top centre."""
    out = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=20 * mm, rightMargin=10 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title, author=author)
    doc.build(story, canvasmaker=_numbered_canvas(page_label, size))
    return out.getvalue()


def _numbered_canvas(template: str, size: tuple[float, float]) -> type[Canvas]:
    """A canvas that writes «Страница n из N» once it knows N, after the whole story is laid out."""
    page_width, page_height = size

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if template:
                    self.setFont(SERIF, 8)
                    self.drawRightString(page_width - 10 * mm, 8 * mm, template.format(n=number, total=total))
                elif number > 1:
                    self.setFont(SERIF, 11)
                    self.drawCentredString(page_width / 2, page_height - 9 * mm, str(number))
                super().showPage()
            super().save()

    return NumberedCanvas
