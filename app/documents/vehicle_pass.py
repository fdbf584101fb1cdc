"""Windscreen passes for cars: one landscape A5 card a pass, the car number big enough to read from the
barrier and a large QR the parking gate's phone reads through the glass."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import SANS, SANS_BOLD, register_fonts
from app.documents.qr import draw_qr

PAGE = landscape(A5)
MARGIN = 10 * mm
QR_SIDE = 100 * mm
NUMBER_SIZE = 64  # pt: about 16 mm tall capitals


@dataclass(frozen=True)
class PassCard:
    heading: str  # «ПРОПУСК НА АВТОМОБИЛЬ»
    ceremony: str  # «Торжественное собрание · 09.05.2027»
    number: str
    lines: tuple[str, ...]  # zone, dates, driver, whom it serves: already labelled
    url: str  # what the QR carries


def _fitted(text: str, font: str, size: float, width: float) -> float:
    """The largest size not above `size` at which `text` fits `width`."""
    actual = stringWidth(text, font, size)
    return size if actual <= width else size * width / actual


def _card(canvas: Canvas, card: PassCard) -> None:
    width, height = PAGE
    draw_qr(canvas, card.url, width - MARGIN - QR_SIDE, (height - QR_SIDE) / 2, QR_SIDE)
    text_width = width - 3 * MARGIN - QR_SIDE
    y = height - MARGIN - 14
    canvas.setFont(SANS_BOLD, _fitted(card.heading, SANS_BOLD, 16, text_width))
    canvas.drawString(MARGIN, y, card.heading)
    y -= 20
    canvas.setFont(SANS, _fitted(card.ceremony, SANS, 12, text_width))
    canvas.drawString(MARGIN, y, card.ceremony)
    size = _fitted(card.number, SANS_BOLD, NUMBER_SIZE, text_width)
    y -= 14 + size
    canvas.setFont(SANS_BOLD, size)
    canvas.drawString(MARGIN, y, card.number)
    y -= 30
    for line in card.lines:
        canvas.setFont(SANS, _fitted(line, SANS, 14, text_width))
        canvas.drawString(MARGIN, y, line)
        y -= 20


def vehicle_passes_pdf(cards: list[PassCard], title: str) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE)
    canvas.setTitle(title)
    for card in cards:
        _card(canvas, card)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
