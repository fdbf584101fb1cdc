"""Monthly and weekly plans of main events: an A4 official document."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.documents.official import Approval, build, grid, heading, para, styles


@dataclass(frozen=True)
class PlanRow:
    day: str
    time: str
    title: str
    event: str
    venue: str
    officials: str
    guests: int


@dataclass(frozen=True)
class PlanDocument:
    title: str
    organisation: str
    rows: tuple[PlanRow, ...]
    approval: Approval | None = None
    # Column headings and fixed phrases, already in the reader's language.
    labels: dict[str, str] = field(default_factory=dict)


def build_plan_pdf(document: PlanDocument) -> bytes:
    s = styles()
    labels = document.labels
    story = heading(document.organisation, document.title, document.approval)
    if document.rows:
        rows = [
            [
                str(n),
                f"{row.day}\n{row.time}",
                Paragraph(f"<b>{escape(row.title)}</b><br/><i>{escape(row.event)}</i>", s["cell"]),
                row.venue,
                row.officials,
                f"{row.guests:,}".replace(",", "\u202f") if row.guests else "—",
            ]
            for n, row in enumerate(document.rows, start=1)
        ]
        header = [labels[k] for k in ("no", "when", "what", "where", "who", "guests")]
        story.append(grid(header, rows, [8, 27, 50, 38, 39, 18]))
    else:
        story += [Spacer(1, 10 * mm), para(labels["empty"], s["org"])]
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"])
