"""An outgoing letter on the administration's letterhead, as PDF and as DOCX with the same content:
the letterhead block with the number and date at the top left, the addressee at the top right, the
subject, the salutation, the text, the signature, and the executor with a phone at the foot."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from app.documents.fonts import SERIF, SERIF_BOLD
from app.documents.official import build, para, styles
from app.documents.qr import draw_qr, qr_png
from app.documents.word import FONT, add_page_number, to_bytes

QR_SIDE_MM = 30


@dataclass(frozen=True)
class LetterDocument:
    organisation: str
    city: str
    number: str  # «01-12/345», or "" for a draft: a line to write it in by hand
    date: str  # «12.05.2027», or ""
    addressee: str  # the block, line by line
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    signer_position: str
    signer_name: str
    executor: str
    phone: str
    # Fixed words, already in the reader's language: «от», «№», «тел.».
    labels: dict[str, str] = field(default_factory=dict)
    qr_url: str = ""  # a link the letter's text sends the reader to, also printed as a QR code under the text
    qr_caption: str = ""

    @property
    def registration_line(self) -> str:
        """«от 12.05.2027 № 01-12/345», with lines to fill in by hand on a draft."""
        return f"{self.labels['from']} {self.date or '____________'} {self.labels['no']} {self.number or '________'}"

    @property
    def executor_lines(self) -> list[str]:
        return [line for line in (self.executor, f"{self.labels['phone']} {self.phone}" if self.phone else "") if line]


# «г. Хабаровску», «И. В. Петрову», «№ 16»: an abbreviation or an initial stays with the word after it.
_TIED = re.compile(r"(?<!\w)(\w{1,2}\.|№) ")


def typeset(text: str) -> str:
    return _TIED.sub("\\1\u00a0", text)


def _typeset(document: LetterDocument) -> LetterDocument:
    return replace(document, addressee=typeset(document.addressee), subject=typeset(document.subject),
                   paragraphs=tuple(typeset(p) for p in document.paragraphs))


# ---------------------------------------------------------------- PDF


def _letter_styles() -> dict[str, ParagraphStyle]:
    text = ParagraphStyle("letter", parent=styles()["text"], fontSize=12.5, leading=17)
    return {
        "org": ParagraphStyle("letterhead", parent=text, fontName=SERIF_BOLD, fontSize=12, leading=15,
                              alignment=TA_CENTER),
        "city": ParagraphStyle("city", parent=text, fontSize=10, leading=13, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=text, fontSize=10.5, leading=14),
        "text": text,
        "body": ParagraphStyle("body", parent=text, alignment=TA_JUSTIFY, firstLineIndent=12.5 * mm, spaceAfter=2),
        "centre": ParagraphStyle("centre", parent=text, alignment=TA_CENTER, spaceBefore=4 * mm, spaceAfter=3 * mm),
        "right": ParagraphStyle("right", parent=text, alignment=TA_RIGHT),
        "executor": ParagraphStyle("executor", parent=text, fontName=SERIF, fontSize=9, leading=11),
    }


class _AtFoot(Flowable):
    """Its content at the foot of the page it lands on: the executor's line of an official letter."""

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self.content = content
        self.needed = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.needed = sum(f.wrap(available_width, available_height)[1] for f in self.content)
        self.width = available_width
        return available_width, max(self.needed, available_height - 1)

    def draw(self) -> None:
        y = 0.0
        for flowable in reversed(self.content):
            flowable.drawOn(self.canv, 0, y)
            y += flowable.height


class _Qr(Flowable):
    """A QR code of `side`, drawn as a stencil (app.documents.qr)."""

    def __init__(self, url: str, side: float) -> None:
        super().__init__()
        self.url, self.width, self.height = url, side, side

    def draw(self) -> None:
        draw_qr(self.canv, self.url, 0, 0, self.width)


def _qr_block(document: LetterDocument, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The code beside its caption (the text gives the link for a reader without a camera)."""
    if not document.qr_url:
        return []
    block = Table([[_Qr(document.qr_url, QR_SIDE_MM * mm), para(document.qr_caption, s["small"])]],
                  colWidths=[(QR_SIDE_MM + 4) * mm, 141 * mm], hAlign="LEFT")
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 4 * mm), block]


def build_letter_pdf(document: LetterDocument) -> bytes:
    document, s = _typeset(document), _letter_styles()
    letterhead = [para(document.organisation.upper(), s["org"]), para(document.city, s["city"]), Spacer(1, 5 * mm),
                  para(document.registration_line, s["city"])]
    top = Table([[letterhead, para(document.addressee, s["text"])]], colWidths=[82 * mm, 93 * mm], hAlign="LEFT")
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("LEFTPADDING", (1, 0), (1, 0), 12 * mm)]))
    subject = Table([[para(document.subject, s["small"])]], colWidths=[82 * mm], hAlign="LEFT")
    subject.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Flowable] = [top, Spacer(1, 8 * mm), subject]
    if document.salutation:
        story.append(para(document.salutation, s["centre"]))
    else:
        story.append(Spacer(1, 5 * mm))
    story += [para(text, s["body"]) for text in document.paragraphs]
    story += _qr_block(document, s)
    signature = Table([[para(document.signer_position, s["text"]), para(document.signer_name, s["right"])]],
                      colWidths=[105 * mm, 70 * mm], hAlign="LEFT")
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 12 * mm), signature,
              _AtFoot([para(line, s["executor"]) for line in document.executor_lines])]
    # A letter carries no «Страница n из N» at its foot (the executor's line stands there): its pages from the
    # second on are numbered at the top centre.
    return build(story, title=document.subject, author=document.organisation, page_label="")


# ---------------------------------------------------------------- DOCX


def _cell_lines(cell, lines: list[str], *, bold: bool = False, centre: bool = False, size: float = 12) -> None:
    cell.text = ""
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else None
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, Pt(size)


def build_letter_docx(document: LetterDocument) -> bytes:
    document, doc = _typeset(document), Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # The margins of a Russian official letter (ГОСТ Р 7.0.97): 20 mm left, 10 mm right, 20 mm top and bottom.
    section.left_margin, section.right_margin = Mm(20), Mm(10)
    section.top_margin = section.bottom_margin = Mm(20)
    # Pages from the second on numbered at the top centre; the first page's header stays empty.
    section.different_first_page_header_footer = True
    add_page_number(section.header.paragraphs[0])
    doc.styles["Normal"].font.name, doc.styles["Normal"].font.size = FONT, Pt(13)
    top = doc.add_table(rows=1, cols=2)
    top.alignment = WD_TABLE_ALIGNMENT.LEFT
    left, right = top.rows[0].cells
    left.width, right.width = Mm(82), Mm(98)
    _cell_lines(left, [document.organisation.upper()], bold=True, centre=True)
    left.add_paragraph(document.city).alignment = WD_ALIGN_PARAGRAPH.CENTER
    left.add_paragraph()
    left.add_paragraph(document.registration_line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cell_lines(right, document.addressee.splitlines(), size=13)
    doc.add_paragraph()
    doc.add_paragraph(document.subject)
    if document.salutation:
        doc.add_paragraph(document.salutation).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in document.paragraphs:
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(12.5)
        paragraph.paragraph_format.space_after = Pt(0)
    if document.qr_url:
        doc.add_paragraph().add_run().add_picture(io.BytesIO(qr_png(document.qr_url)), width=Mm(QR_SIDE_MM))
        doc.add_paragraph(document.qr_caption).paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    signature = doc.add_table(rows=1, cols=2)
    position, name = signature.rows[0].cells
    position.width, name.width = Mm(110), Mm(70)
    _cell_lines(position, [document.signer_position], size=13)
    _cell_lines(name, [document.signer_name], size=13)
    name.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    for line in document.executor_lines:
        run = doc.add_paragraph().add_run(line)
        run.font.size = Pt(9)
    return to_bytes(doc)
