"""Invitation cards as one PDF from plain card contents and a design; the calibration sheet for
pre-printed stock.

Speed matters (1,500 cards in a batch): the background and the signature image are form XObjects
defined once and drawn by reference on every card; the QR code is filled squares (app.documents.qr).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.formatting import fmt_decimal
from app.core.i18n import gettext as _
from app.documents.card_backgrounds import FORM, NO_ARTWORK, Artwork, define_background
from app.documents.card_design import Design
from app.documents.card_layout import CardContent, PlacedCard, place
from app.documents.fonts import SANS, SANS_BOLD, register_fonts
from app.documents.pictures import draw_picture, picture_size
from app.documents.qr import draw_qr

SIGNATURE_FORM = "signature_image"


def _signature_form(canvas: Canvas, image: bytes | None) -> tuple[float, float] | None:
    """The signature image as a form of its own size in points, or None without one."""
    if not image:
        return None
    width, height = picture_size(image)
    canvas.beginForm(SIGNATURE_FORM, 0, 0, width, height)
    draw_picture(canvas, image, 0, 0, width, height)
    canvas.endForm()
    return width, height


def _draw(canvas: Canvas, placed: PlacedCard, url: str, signature: tuple[float, float] | None) -> None:
    for line in placed.lines:
        canvas.setFont(line.font, line.size)
        canvas.setFillColorRGB(*line.colour)
        if line.align == "center":
            canvas.drawCentredString(line.x, line.y, line.text)
        elif line.align == "right":
            canvas.drawRightString(line.x, line.y, line.text)
        else:
            canvas.drawString(line.x, line.y, line.text)
    if placed.signature and signature:
        x, y, width, height = placed.signature
        scale = min(width / signature[0], height / signature[1])
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(scale, scale)
        canvas.doForm(SIGNATURE_FORM)
        canvas.restoreState()
    if placed.qr:
        draw_qr(canvas, url, *placed.qr)


def cards_pdf(cards: Sequence[CardContent], design: Design, artwork: Artwork = NO_ARTWORK,
              offset: tuple[float, float] = (0.0, 0.0), progress: Callable[[int, int], None] | None = None) -> bytes:
    """One page per card; in overprint mode no background and every field moved by `offset` (mm)."""
    register_fonts()
    sheet_w, sheet_h, face_x, face_y = design.sheet
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(sheet_w, sheet_h), pageCompression=1)
    canvas.setTitle(_("Приглашения"))
    background = define_background(canvas, design, artwork)
    signature = _signature_form(canvas, artwork.signature)
    shift = offset if design.overprint else (0.0, 0.0)
    for n, card in enumerate(cards, start=1):
        if face_x or face_y:
            canvas.translate(face_x, face_y)
        if background:
            canvas.doForm(FORM)
        _draw(canvas, place(card, design, shift, signature_image=bool(signature)), card.url, signature)
        canvas.showPage()
        if progress:
            progress(n, len(cards))
    if not cards:
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def overflowing(cards: Sequence[CardContent], design: Design) -> list[tuple[str, str]]:
    """(guest, field key) for every text that does not fit even at its smallest size."""
    register_fonts()
    return [(card.guest, key) for card in cards for key in place(card, design).overflow]


def calibration_pdf(design: Design, offset: tuple[float, float], printer: str) -> bytes:
    """A sheet the size of the card: rulers along the top and left edges and crosshairs at known
    positions, moved by the printer's offset; printed on a blank of the stock, it shows how far
    off the printer places things."""
    register_fonts()
    sheet_w, sheet_h, face_x, face_y = design.sheet
    width, height = design.size
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(sheet_w, sheet_h))
    canvas.setTitle(_("Калибровочный лист"))
    canvas.translate(face_x, face_y)
    dx, dy = offset
    canvas.setLineWidth(0.3)
    canvas.setFont(SANS, 5.5)
    for n in range(int(width / mm) + 1):  # the top ruler, from the left edge
        x = (n + dx) * mm
        tick = 6 if n % 10 == 0 else 4 if n % 5 == 0 else 2
        canvas.line(x, height - dy * mm, x, height - (dy + tick) * mm)
        if n % 10 == 0 and n:
            canvas.drawCentredString(x, height - (dy + 8.5) * mm, str(n))
    for n in range(int(height / mm) + 1):  # the left ruler, from the top edge
        y = height - (n + dy) * mm
        tick = 6 if n % 10 == 0 else 4 if n % 5 == 0 else 2
        canvas.line(dx * mm, y, (dx + tick) * mm, y)
        if n % 10 == 0 and n:
            canvas.drawString((dx + 7) * mm, y - 2, str(n))
    w_mm, h_mm = width / mm, height / mm
    for cx, cy in ((20, 20), (w_mm - 20, 20), (w_mm / 2, h_mm / 2), (20, h_mm - 20), (w_mm - 20, h_mm - 20)):
        x, y = (cx + dx) * mm, height - (cy + dy) * mm
        canvas.line(x - 6 * mm, y, x + 6 * mm, y)
        canvas.line(x, y - 6 * mm, x, y + 6 * mm)
        canvas.circle(x, y, 2 * mm)
        canvas.drawString(x + 1.5 * mm, y + 1.5 * mm, f"{fmt_decimal(cx)} × {fmt_decimal(cy)}")
    canvas.setFont(SANS_BOLD, 9)
    canvas.drawCentredString(width / 2, height / 2 + 14 * mm, _("Калибровочный лист"))
    canvas.setFont(SANS, 7.5)
    notes = [_("Напечатайте на бланке и измерьте линейкой, где легли перекрестия."),
             _("Центр перекрестия должен быть на указанном расстоянии (мм) от левого и верхнего края."),
             _("Разницу введите как сдвиг принтера: вправо и вниз — плюс, влево и вверх — минус."),
             _("Принтер: {printer}; текущий сдвиг: {dx} мм вправо, {dy} мм вниз.").format(
                 printer=printer or "—", dx=fmt_decimal(dx), dy=fmt_decimal(dy))]
    for n, note in enumerate(notes):
        canvas.drawCentredString(width / 2, height / 2 - (10 + n * 4.5) * mm, note)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
