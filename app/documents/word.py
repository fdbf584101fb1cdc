"""DOCX versions of official papers (officials edit scenarios and letters in Word): the same approval
block, organisation, title and tables as the PDF, in Times New Roman as Word users expect."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.documents.official import Approval

FONT = "Times New Roman"


def new_document(organisation: str, title: str, approval: Approval | None = None, *, wide: bool = False):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.left_margin, section.right_margin = Mm(20), Mm(10)
    section.top_margin = section.bottom_margin = Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(12)
    _page_numbers(section)
    if approval:
        for line in approval.lines:
            paragraph = doc.add_paragraph(line)
            paragraph.paragraph_format.left_indent = Mm(110)
            paragraph.paragraph_format.space_after = Pt(0)
        doc.add_paragraph()
    doc.add_paragraph(organisation).alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(14)
    return doc


def add_table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float] = ()) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    # A long plan runs over pages: Word repeats a header row marked so on each of them.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    for column, width in zip(table.columns, widths_mm, strict=False):
        for cell in column.cells:
            cell.width = Mm(width)


def _page_numbers(section) -> None:
    """The page number centred in the footer."""
    add_page_number(section.footer.paragraphs[0])


def add_page_number(paragraph) -> None:
    """The page number centred in `paragraph`, as a PAGE field Word fills in (and keeps right after edits)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
