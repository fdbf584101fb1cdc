"""The scenario of a ceremony as an official A4 paper (PDF) and as a Word document with the same
content, which officials go on editing. Plain view models in, bytes out."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Spacer

from app.documents import word
from app.documents.official import Approval, build, grid, heading, para, styles


@dataclass(frozen=True)
class Labels:
    """Every fixed phrase, already in the reader's language."""

    no: str
    time: str
    content: str
    responsible: str
    cues: str
    participants: str  # «Участники»
    host: str  # «Ведущий»
    empty: str
    page: str


@dataclass(frozen=True)
class Line:
    number: int
    time: str  # «15:05–15:08»
    minutes: str  # «3 мин»
    action: str
    participants: str
    host_words: str
    responsible: str
    cues: str


@dataclass(frozen=True)
class ScenarioDocument:
    organisation: str
    title: str
    facts: tuple[tuple[str, str], ...]  # the event header: («Дата и время», «8 мая 2027 г., 15:00–17:00») …
    lines: tuple[Line, ...]
    labels: Labels
    approval: Approval | None = None


HEADER_FIELDS = ("no", "time", "content", "responsible", "cues")
WIDTHS_MM = (8, 24, 78, 35, 35)


def _header(labels: Labels) -> list[str]:
    return [getattr(labels, name) for name in HEADER_FIELDS]


def _details(line: Line, labels: Labels) -> list[tuple[str, str]]:
    """What follows the action in the content cell: the participants, then the host's words."""
    parts = [(labels.participants, line.participants), (labels.host, line.host_words)]
    return [(label, text) for label, text in parts if text]


def build_scenario_pdf(document: ScenarioDocument) -> bytes:
    s = styles()
    labels = document.labels
    story = heading(document.organisation, document.title, document.approval)
    story += [Paragraph(f"<b>{escape(name)}:</b> {escape(value)}", s["text"]) for name, value in document.facts]
    story.append(Spacer(1, 12))
    if not document.lines:
        story.append(para(labels.empty, s["org"]))
        return build(story, title=document.title, author=document.organisation, page_label=labels.page)
    rows = []
    for line in document.lines:
        content = f"<b>{escape(line.action)}</b>" + "".join(
            f"<br/><br/><i>{escape(label)}:</i> " + escape(text).replace("\n", "<br/>")
            for label, text in _details(line, labels))
        rows.append([str(line.number), f"{line.time}\n{line.minutes}", Paragraph(content, s["cell"]),
                     line.responsible, line.cues])
    table = grid(_header(labels), rows, WIDTHS_MM)
    # Rows break across pages, as in Word, so that a long speech of the host runs on to the next page
    # (a row taller than a page would otherwise stop the whole document).
    table.splitByRow, table.splitInRow = 0, 1
    story.append(table)
    return build(story, title=document.title, author=document.organisation, page_label=labels.page)


def build_scenario_docx(document: ScenarioDocument) -> bytes:
    labels = document.labels
    doc = word.new_document(document.organisation, document.title, document.approval)
    for name, value in document.facts:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)
    if not document.lines:
        doc.add_paragraph(labels.empty)
        return word.to_bytes(doc)
    rows = [[str(line.number), f"{line.time}\n{line.minutes}", "\n\n".join(
        [line.action, *(f"{label}: {text}" for label, text in _details(line, labels))]),
             line.responsible, line.cues] for line in document.lines]
    word.add_table(doc, _header(labels), rows, WIDTHS_MM)
    return word.to_bytes(doc)
