"""Duty prints: the roster by post and by person (A4 landscape), the briefing acknowledgment sheet,
and the list of duty officers. Plain view models in, PDF bytes out."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.documents.official import Approval, build, grid, heading, para, styles


@dataclass(frozen=True)
class Labels:
    """Every fixed phrase, already in the reader's language."""

    no: str
    post: str
    time: str
    person: str
    department: str
    phone: str
    signature: str
    acknowledged: str
    page: str
    empty: str


@dataclass(frozen=True)
class RosterLine:
    post: str
    place: str
    time: str
    person: str
    department: str
    phone: str
    acknowledged: str = ""  # «09.05.2027 08:12» when the person acknowledged the briefing online


def roster_by_post(organisation: str, title: str, lines: list[RosterLine], labels: Labels,
                   approval: Approval | None = None) -> bytes:
    story = heading(organisation, title, approval)
    rows = [[str(n), f"{ln.post}\n{ln.place}", ln.time, ln.person, ln.department, ln.phone]
            for n, ln in enumerate(lines, start=1)]
    story.append(_table_or_empty(
        [labels.no, labels.post, labels.time, labels.person, labels.department, labels.phone], rows,
        [10, 70, 30, 70, 50, 35], labels))
    return build(story, title=title, author=organisation, page_label=labels.page, wide=True)


def roster_by_person(organisation: str, title: str, lines: list[RosterLine], labels: Labels) -> bytes:
    story = heading(organisation, title)
    rows = [[str(n), ln.person, ln.department, ln.time, f"{ln.post}\n{ln.place}", ln.phone]
            for n, ln in enumerate(lines, start=1)]
    story.append(_table_or_empty(
        [labels.no, labels.person, labels.department, labels.time, labels.post, labels.phone], rows,
        [10, 70, 50, 30, 70, 35], labels))
    return build(story, title=title, author=organisation, page_label=labels.page, wide=True)


def acknowledgment_sheet(organisation: str, title: str, briefing: str, lines: list[RosterLine],
                         labels: Labels) -> bytes:
    """Лист ознакомления: №, ФИО, post, time, the online acknowledgment if any, a signature line."""
    s = styles()
    story = heading(organisation, title)
    if briefing:
        story += [para(briefing, s["text"]), Spacer(1, 5 * mm)]
    rows = [[str(n), ln.person, f"{ln.post}\n{ln.place}", ln.time, ln.acknowledged, ""]
            for n, ln in enumerate(lines, start=1)]
    story.append(_table_or_empty(
        [labels.no, labels.person, labels.post, labels.time, labels.acknowledged, labels.signature], rows,
        [10, 65, 70, 30, 40, 50], labels))
    return build(story, title=title, author=organisation, page_label=labels.page, wide=True)


def _table_or_empty(header, rows, widths, labels: Labels):
    return grid(header, rows, widths) if rows else para(labels.empty, styles()["org"])
