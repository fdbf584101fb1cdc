"""Place cards (карточки рассадки): folded tent cards with the guest's name on both faces.

A sheet is folded along its middle into a tent that stands on the table; the face above the fold line is
printed upside down, so once folded the name reads the right way from both sides. The presidium's cards are
large — one A4 landscape sheet, faces 297 × 105 mm, readable from the hall; a table's cards come two to an A4
portrait sheet, faces 210 × 74 mm, cut apart along the marked line. Plain view models in, PDF bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts


@dataclass(frozen=True)
class Card:
    surname: str
    given: str  # «Иван Петрович»
    position: str  # «Глава города, администрация города»
    seat: str  # «Стол 3 · место 5»: small, for whoever sets the tables
    large: bool = False  # the presidium's card


@dataclass(frozen=True)
class CardLabels:
    title: str  # «Карточки рассадки»
    fold: str  # «линия сгиба»
    cut: str  # «линия реза»
    empty: str


@dataclass(frozen=True)
class _Format:
    page: tuple[float, float]
    per_page: int
    name_max: float  # the surname's largest size, points
    given_max: float
    position_size: float


LARGE = _Format(landscape(A4), 1, 80, 40, 16)
SMALL = _Format(A4, 2, 54, 28, 12)
INK = colors.HexColor("#14203a")
GREY = colors.HexColor("#5a6070")
MARK = colors.HexColor("#9aa0ad")
SIDE = 14 * mm  # the face's side margin


def cards_pdf(organisation: str, ceremony: str, cards: Sequence[Card], labels: CardLabels) -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{labels.title}: {ceremony}")
    canvas.setAuthor(organisation)
    for fmt, batch in _sheets(cards):
        canvas.setPageSize(fmt.page)
        height = fmt.page[1] / fmt.per_page
        for k, card in enumerate(batch):
            bottom = fmt.page[1] - (k + 1) * height
            _card(canvas, card, fmt, bottom, height)
            _marks(canvas, fmt, bottom, height, labels, last=k == fmt.per_page - 1)
        canvas.showPage()
    if not cards:
        canvas.setFont(SERIF, 12)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 30 * mm, labels.empty)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _sheets(cards: Sequence[Card]):
    """(format, the cards of one sheet): a sheet never mixes the presidium's large cards with small ones."""
    batch: list[Card] = []
    for card in cards:
        fmt = LARGE if card.large else SMALL
        if batch and (batch[0].large != card.large or len(batch) == fmt.per_page):
            yield (LARGE if batch[0].large else SMALL), batch
            batch = []
        batch.append(card)
    if batch:
        yield (LARGE if batch[0].large else SMALL), batch


def _card(canvas: Canvas, card: Card, fmt: _Format, bottom: float, height: float) -> None:
    """The front face in the lower half of the card's strip, the back face turned over in the upper half."""
    width, face = fmt.page[0], height / 2
    _face(canvas, card, fmt, 0, bottom, width, face)
    canvas.saveState()
    canvas.translate(width, bottom + height)
    canvas.rotate(180)
    _face(canvas, card, fmt, 0, 0, width, face)
    canvas.restoreState()


def _fitted(text: str, font: str, size: float, width: float) -> float:
    natural = stringWidth(text, font, size)
    return size if natural <= width else size * width / natural


def _face(canvas: Canvas, card: Card, fmt: _Format, x: float, y: float, width: float, height: float) -> None:
    """One face: the surname large, the given names under it, the position smaller; all centred, the block
    standing in the face's middle (its top edge is the fold)."""
    room = width - 2 * SIDE
    name = _fitted(card.surname, SERIF_BOLD, fmt.name_max, room)
    given = min(_fitted(card.given, SERIF, fmt.given_max, room), name * 0.75) if card.given else 0
    position = simpleSplit(card.position, SANS, fmt.position_size, room)[:2]
    lines = [(card.surname, SERIF_BOLD, name, INK, name * 0.2)]
    if card.given:
        lines.append((card.given, SERIF, given, INK, given * 0.45))
    lines += [(line, SANS, fmt.position_size, GREY, fmt.position_size * 0.3) for line in position]
    block = sum(size * 0.78 + after for _text, _font, size, _colour, after in lines)
    top = y + height / 2 + block / 2
    for text, font, size, colour, after in lines:
        top -= size * 0.78
        canvas.setFillColor(colour)
        canvas.setFont(font, size)
        canvas.drawCentredString(x + width / 2, top, text)
        top -= after
    canvas.setFillColor(MARK)
    canvas.setFont(SANS, 7)
    canvas.drawString(x + SIDE, y + 5 * mm, card.seat)


def _marks(canvas: Canvas, fmt: _Format, bottom: float, height: float, labels: CardLabels, *, last: bool) -> None:
    """The fold line across the card's middle (dashed, named in the margin) and, between two cards, cut
    marks at the sheet's edges with a faint line to cut along."""
    width = fmt.page[0]
    fold = bottom + height / 2
    canvas.saveState()
    canvas.setStrokeColor(MARK)
    canvas.setLineWidth(0.4)
    canvas.setDash(6, 4)
    canvas.line(8 * mm, fold, width - 8 * mm, fold)
    canvas.setDash()
    canvas.setFillColor(MARK)
    canvas.setFont(SANS, 6.5)
    canvas.drawString(8 * mm, fold + 2, labels.fold)
    if not last:
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(GREY)
        for left in (0, width - 6 * mm):
            canvas.line(left, bottom, left + 6 * mm, bottom)
        canvas.setLineWidth(0.25)
        canvas.setDash(1, 3)
        canvas.line(10 * mm, bottom, width - 10 * mm, bottom)
        canvas.setDash()
        canvas.drawRightString(width - 8 * mm, bottom + 2, labels.cut)
    canvas.restoreState()
