"""Monthly and weekly plans of main events: an A4 official document. The ceremonies with the
officials taking part (and any clash in their day), then the deadlines of the preparation plans'
tasks that fall in the period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.core.formatting import fmt_number
from app.documents.official import Approval, build, grid, heading, para, styles

CLASH_COLOUR = "#a3242b"


@dataclass(frozen=True)
class PlanRow:
    day: str
    time: str
    title: str
    event: str
    venue: str
    officials: str
    guests: int
    warnings: tuple[str, ...] = ()  # the officials' clashes that touch this ceremony


@dataclass(frozen=True)
class DeadlineRow:
    deadline: str
    title: str
    event: str
    department: str
    state: str
    overdue: bool = False


@dataclass(frozen=True)
class PlanDocument:
    title: str
    organisation: str
    rows: tuple[PlanRow, ...]
    approval: Approval | None = None
    deadlines: tuple[DeadlineRow, ...] = ()
    # Column headings and fixed phrases, already in the reader's language.
    labels: dict[str, str] = field(default_factory=dict)


def ceremony_cell(title: str, event: str, warnings: Sequence[str] = (), warning_label: str = "") -> Paragraph:
    """The ceremony in bold, its event in italics, then each clash in red: «Накладка: …»."""
    lines = [f"<b>{escape(title)}</b>", f"<i>{escape(event)}</i>"]
    lines += [f'<font color="{CLASH_COLOUR}"><b>{escape(warning_label)}:</b> {escape(w)}</font>' for w in warnings]
    return Paragraph("<br/>".join(lines), styles()["cell"])


def build_plan_pdf(document: PlanDocument) -> bytes:
    s = styles()
    labels = document.labels
    story = heading(document.organisation, document.title, document.approval)
    if document.rows:
        rows = [
            [
                str(n),
                f"{row.day}\n{row.time}",
                ceremony_cell(row.title, row.event, row.warnings, labels.get("clash", "")),
                row.venue,
                row.officials,
                fmt_number(row.guests) if row.guests else "—",
            ]
            for n, row in enumerate(document.rows, start=1)
        ]
        header = [labels[k] for k in ("no", "when", "what", "where", "who", "guests")]
        story.append(grid(header, rows, [8, 27, 50, 38, 39, 18]))
    else:
        story += [Spacer(1, 10 * mm), para(labels["empty"], s["org"])]
    if document.deadlines:
        story += [Spacer(1, 4 * mm), para(labels["deadlines"], s["title"]), _deadlines(document.deadlines, labels)]
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"])


def _deadlines(deadlines: Sequence[DeadlineRow], labels: dict[str, str]):
    s = styles()
    rows = [
        [str(n), d.deadline, Paragraph(f"{escape(d.title)}<br/><i>{escape(d.event)}</i>", s["cell"]), d.department,
         Paragraph(f'<font color="{CLASH_COLOUR}"><b>{escape(d.state)}</b></font>' if d.overdue
                   else escape(d.state), s["cell"])]
        for n, d in enumerate(deadlines, start=1)
    ]
    header = [labels[k] for k in ("no", "deadline", "task", "department", "state")]
    return grid(header, rows, [8, 24, 80, 40, 28])
