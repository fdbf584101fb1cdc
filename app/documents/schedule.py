"""An official's schedule for a day or a week: an A4 official document, one row per ceremony with
the time, the venue, the official's role and, in red, any clash in their day."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.documents.official import build, grid, heading, para, styles
from app.documents.plans import ceremony_cell


@dataclass(frozen=True)
class ScheduleRow:
    when: str
    title: str
    event: str
    venue: str
    role: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduleDocument:
    title: str  # «График участия в мероприятиях: 9 мая 2027 г., воскресенье»
    official: str  # «Кравцов Сергей Андреевич, Мэр города»
    organisation: str
    rows: tuple[ScheduleRow, ...]
    # Column headings and fixed phrases, already in the reader's language.
    labels: dict[str, str] = field(default_factory=dict)


def build_schedule_pdf(document: ScheduleDocument) -> bytes:
    s = styles()
    labels = document.labels
    story = heading(document.organisation, f"{document.title}\n{document.official}")
    if document.rows:
        rows = [[str(n), row.when, ceremony_cell(row.title, row.event, row.warnings, labels["clash"]), row.venue,
                 row.role] for n, row in enumerate(document.rows, start=1)]
        header = [labels[k] for k in ("no", "when", "what", "where", "role")]
        story.append(grid(header, rows, [8, 27, 75, 40, 30]))
    else:
        story += [Spacer(1, 10 * mm), para(labels["empty"], s["org"])]
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"])
