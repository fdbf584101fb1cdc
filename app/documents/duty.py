"""Duty prints: the roster by post and by person (A4 landscape), the briefing acknowledgment sheet,
the list of duty officers (A4), and the duty slips with a QR code (A6, four to an A4 sheet, to cut).
Plain view models in, PDF bytes out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from app.core.formatting import fmt_number
from app.documents.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.documents.official import Approval, build, grid, heading, para, styles
from app.documents.qr import draw_qr


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
    posts: str = ""  # «Посты и время», the list of duty officers' column
    total: str = ""  # «Всего дежурных: {n}»


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


@dataclass(frozen=True)
class DutyLine:
    """One continuous stretch on one post."""

    time: str  # «08:00–09:30», with the date in front when not on the ceremony's day
    post: str
    place: str


@dataclass(frozen=True)
class Officer:
    """A duty officer of one ceremony with all their stretches: a row of the list, a slip."""

    person: str
    department: str
    phone: str
    duties: tuple[DutyLine, ...]
    acknowledged: str = ""  # «09.05.2027 08:12» when acknowledged online
    url: str = ""  # the personal page behind the slip's QR code


def officers_list(organisation: str, title: str, officers: Sequence[Officer], labels: Labels) -> bytes:
    """Список дежурных (A4 landscape, as the other roster prints): №, ФИО, department, phone, posts
    and times, the online acknowledgment."""
    rows = [[str(n), o.person, o.department, o.phone,
             "\n".join(f"{d.time} — {', '.join(p for p in (d.post, d.place) if p)}" for d in o.duties),
             o.acknowledged]
            for n, o in enumerate(officers, start=1)]
    story = heading(organisation, title)
    story.append(_table_or_empty(
        [labels.no, labels.person, labels.department, labels.phone, labels.posts, labels.acknowledged], rows,
        [10, 55, 50, 33, 89, 30], labels))
    if officers and labels.total:
        story += [Spacer(1, 4 * mm), para(labels.total.format(n=fmt_number(len(officers))), styles()["text"])]
    return build(story, title=title, author=organisation, page_label=labels.page, wide=True)


@dataclass(frozen=True)
class SlipLabels:
    """The slip's fixed phrases, already in the reader's language."""

    heading: str  # «Памятка дежурного»
    duties: str  # «Посты и время»
    briefing: str  # «Инструктаж»
    briefing_link: str  # «Инструктаж — по ссылке»
    briefing_more: str  # «Полностью — по ссылке»
    more_duties: str  # «…и ещё {n} — по ссылке»
    link: str  # what the QR code opens
    draft: str  # «Черновик графика» while the roster is not published, else ""
    empty: str


@dataclass(frozen=True)
class SlipCeremony:
    organisation: str
    title: str
    when: str  # «9 мая 2027 г., 09:00»
    where: str
    briefing: str


SLIP_WIDTH, SLIP_HEIGHT = A4[0] / 2, A4[1] / 2  # A6: four slips to an A4 sheet
SLIP_MARGIN = 8 * mm
SLIP_QR = 28 * mm
INK = (0.08, 0.12, 0.22)
GREY = (0.38, 0.40, 0.45)
CUT = (0.6, 0.6, 0.6)
RED = (0.70, 0.10, 0.10)


def slips_pdf(ceremony: SlipCeremony, officers: Sequence[Officer], labels: SlipLabels) -> bytes:
    """Памятки дежурных: A6 slips four to an A4 sheet with dashed cutting lines, drawn straight on
    the canvas (fast for hundreds of officers); each with the person's posts and a QR code of their page."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{labels.heading}: {ceremony.title}")
    canvas.setAuthor(ceremony.organisation)
    corners = [(0, SLIP_HEIGHT), (SLIP_WIDTH, SLIP_HEIGHT), (0, 0), (SLIP_WIDTH, 0)]
    for start in range(0, len(officers), 4):
        _cutting_lines(canvas)
        for officer, (x, y) in zip(officers[start:start + 4], corners, strict=False):
            canvas.saveState()
            canvas.translate(x, y)
            _Slip(canvas, ceremony, officer, labels).draw()
            canvas.restoreState()
        canvas.showPage()
    if not officers:
        canvas.setFont(SERIF, 11)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 30 * mm, labels.empty)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _cutting_lines(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*CUT)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    canvas.line(SLIP_WIDTH, 0, SLIP_WIDTH, A4[1])
    canvas.line(0, SLIP_HEIGHT, A4[0], SLIP_HEIGHT)
    canvas.restoreState()


class _Slip:
    """One slip in a 105 × 148.5 mm box whose lower left corner is the origin; draws from the top down."""

    def __init__(self, canvas: Canvas, ceremony: SlipCeremony, officer: Officer, labels: SlipLabels) -> None:
        self.c, self.ceremony, self.officer, self.labels = canvas, ceremony, officer, labels
        self.left = SLIP_MARGIN
        self.width = SLIP_WIDTH - 2 * SLIP_MARGIN
        self.y = SLIP_HEIGHT - SLIP_MARGIN
        self.floor = SLIP_MARGIN + SLIP_QR + 3 * mm  # the QR code and its caption live below

    def lines(self, text: str, font: str, size: float, width: float | None = None, most: int = 0) -> list[str]:
        found = [line for paragraph in text.splitlines() or [""]
                 for line in simpleSplit(paragraph, font, size, width or self.width) or [""]]
        if most and len(found) > most:
            found = found[:most]
            found[-1] = _shortened(found[-1], font, size, width or self.width)
        return found

    def text(self, text: str, font: str, size: float, *, leading: float, colour=INK, centred: bool = False,
             most: int = 0, indent: float = 0) -> None:
        self.c.setFillColorRGB(*colour)
        self.c.setFont(font, size)
        for line in self.lines(text, font, size, self.width - indent, most):
            self.y -= leading
            if centred:
                self.c.drawCentredString(SLIP_WIDTH / 2, self.y, line)
            else:
                self.c.drawString(self.left + indent, self.y, line)

    def draw(self) -> None:
        ceremony, officer, labels = self.ceremony, self.officer, self.labels
        self.text(ceremony.organisation, SANS, 7, leading=8.5, colour=GREY, centred=True, most=2)
        self.y -= 3
        self.text(labels.heading.upper(), SANS_BOLD, 11.5, leading=13, centred=True)
        if labels.draft:
            self.text(labels.draft.upper(), SANS_BOLD, 7.5, leading=10, colour=RED, centred=True)
        self.y -= 2
        self.text(ceremony.title, SERIF_BOLD, 10, leading=12, centred=True, most=2)
        self.text(", ".join(p for p in (ceremony.when, ceremony.where) if p), SANS, 8, leading=10, colour=GREY,
                  centred=True, most=2)
        self.y -= 5
        self.c.setStrokeColorRGB(*GREY)
        self.c.setLineWidth(0.5)
        self.c.line(self.left, self.y, self.left + self.width, self.y)
        self.y -= 2
        self.text(officer.person, SERIF_BOLD, 13, leading=15.5, most=2)
        self.text(officer.department, SANS, 8.5, leading=10.5, colour=GREY, most=2)
        self.y -= 6
        self.duties()
        self.y -= 5
        self.briefing()
        self.link()

    def duties(self) -> None:
        labels = self.labels
        time_width = max([24 * mm, *(stringWidth(d.time, SANS_BOLD, 9.5) + 3 * mm for d in self.officer.duties)])
        self.text(labels.duties.upper(), SANS_BOLD, 7.5, leading=9, colour=GREY)
        reserve = 3 * 10  # the briefing's heading and at least two of its lines stay on the slip
        for n, duty in enumerate(self.officer.duties):
            post = self.lines(duty.post, SANS_BOLD, 9.5, self.width - time_width, 2)
            place = self.lines(duty.place, SANS, 8, self.width - time_width, 2) if duty.place else []
            height = 3 + 11.5 * len(post) + 9.5 * len(place)
            left = len(self.officer.duties) - n
            if self.y - height - (11 if left > 1 else 0) < self.floor + reserve:
                self.text(labels.more_duties.format(n=left), SERIF_ITALIC, 8.5, leading=11)
                return
            self.y -= 3 + 11.5
            self.c.setFillColorRGB(*INK)
            self.c.setFont(SANS_BOLD, 9.5)
            self.c.drawString(self.left, self.y, duty.time)
            for k, line in enumerate(post):
                if k:
                    self.y -= 11.5
                self.c.drawString(self.left + time_width, self.y, line)
            self.c.setFont(SANS, 8)
            self.c.setFillColorRGB(*GREY)
            for line in place:
                self.y -= 9.5
                self.c.drawString(self.left + time_width, self.y, line)

    def briefing(self) -> None:
        labels, text, leading = self.labels, self.ceremony.briefing.strip(), 10
        if not text:
            self.text(labels.briefing_link, SERIF_ITALIC, 8.5, leading=11)
            return
        self.text(labels.briefing.upper(), SANS_BOLD, 7.5, leading=9, colour=GREY)
        room = max(2, int((self.y - self.floor) // leading))
        lines = self.lines(text, SERIF, 8.5)
        more = len(lines) > room
        if more:
            lines = lines[:room - 1]
            lines[-1] = _shortened(lines[-1], SERIF, 8.5, self.width)
        self.c.setFillColorRGB(*INK)
        self.c.setFont(SERIF, 8.5)
        for line in lines:
            self.y -= leading
            self.c.drawString(self.left, self.y, line)
        if more:
            self.text(labels.briefing_more, SERIF_ITALIC, 8.5, leading=leading)

    def link(self) -> None:
        x = SLIP_WIDTH - SLIP_MARGIN - SLIP_QR
        draw_qr(self.c, self.officer.url, x, SLIP_MARGIN, SLIP_QR)
        width = x - self.left - 4 * mm
        self.c.setFillColorRGB(*INK)
        self.c.setFont(SANS, 7.5)
        caption = simpleSplit(self.labels.link, SANS, 7.5, width)
        url = _broken(self.officer.url, SANS, 6.5, width)
        y = SLIP_MARGIN + 4 + 8 * len(url) + 9 * len(caption)
        for line in caption:
            y -= 9
            self.c.drawString(self.left, y, line)
        self.c.setFont(SANS, 6.5)
        self.c.setFillColorRGB(*GREY)
        for line in url:
            y -= 8
            self.c.drawString(self.left, y, line)


def _shortened(line: str, font: str, size: float, width: float) -> str:
    """The line with «…» at its end, cut to fit."""
    while line and stringWidth(line + "…", font, size) > width:
        line = line[:-1].rstrip()
    return line + "…"


def _broken(text: str, font: str, size: float, width: float) -> list[str]:
    """A URL (no spaces) broken into lines by characters."""
    lines, line = [], ""
    for char in text:
        if line and stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines
