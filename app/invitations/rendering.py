"""Invitation cards (A5, A6) and envelopes (C5, DL) as PDF, from plain card data.

A stop-gap until app.documents.invitations (the documents colleague's builder with declension of
names) lands: the same inputs, a plainer card. The QR code is drawn by app.documents.qr (filled
squares straight from the qrcode matrix), fast enough for 1,500 cards in one batch.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib.pagesizes import A5, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.formatting import fmt_long_date
from app.core.i18n import gettext as _
from app.documents.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, register_fonts
from app.documents.qr import draw_qr

SIZES = {"A5": landscape(A5), "A6": landscape(A6)}
ENVELOPES = {"C5": (229 * mm, 162 * mm), "DL": (220 * mm, 110 * mm)}
GOLD = (0.66, 0.51, 0.29)
NAVY = (0.12, 0.18, 0.30)


def salutation(card) -> str:
    """«Уважаемый Иван Петрович!» / «Уважаемая Анна Ильинична!»; without a patronymic the full name."""
    word = _("Уважаемая") if card.gender == "f" else _("Уважаемый")
    who = f"{card.name} {card.patronymic}".strip() if card.patronymic else card.full_name
    return f"{word} {who}!"


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if canvas.stringWidth(candidate, font, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _card(canvas: Canvas, card, page: tuple[float, float]) -> None:
    width, height = page
    k = width / SIZES["A5"][0]  # everything scales with the card
    margin = 12 * mm * k
    canvas.setStrokeColorRGB(*GOLD)
    canvas.setLineWidth(1.2 * k)
    canvas.rect(margin / 2, margin / 2, width - margin, height - margin)
    canvas.setFillColorRGB(*NAVY)
    canvas.setFont(SERIF_BOLD, 24 * k)
    canvas.drawCentredString(width / 2, height - margin - 16 * k, _("Приглашение"))
    canvas.setFont(SERIF_BOLD, 14 * k)
    canvas.drawCentredString(width / 2, height - margin - 40 * k, salutation(card))
    qr_size = 38 * mm * k
    text_width = width - 2 * margin - qr_size - 8 * mm * k
    y = height - margin - 62 * k
    canvas.setFont(SERIF, 10.5 * k)
    wording = card.wording or _("Приглашаем Вас принять участие в мероприятии «{title}».").format(
        title=card.ceremony_title)
    for line in _wrap(canvas, wording, SERIF, 10.5 * k, text_width):
        canvas.drawString(margin, y, line)
        y -= 13 * k
    y -= 6 * k
    facts = [
        (_("Когда"), f"{fmt_long_date(card.starts_at.date())}, {card.starts_at:%H:%M}"),
        (_("Где"), ", ".join(p for p in (card.venue, card.venue_address) if p)),
        (_("Вход"), card.entrance),
        (_("Место"), card.seat_label),
        (_("Форма одежды"), card.dress_code),
    ]
    for label, value in facts:
        if not value:
            continue
        canvas.setFont(SANS_BOLD, 9.5 * k)
        canvas.drawString(margin, y, f"{label}:")
        canvas.setFont(SANS, 9.5 * k)
        for line in _wrap(canvas, value, SANS, 9.5 * k, text_width - 26 * mm * k):
            canvas.drawString(margin + 26 * mm * k, y, line)
            y -= 12 * k
    if card.signature:
        canvas.setFont(SERIF, 10 * k)
        canvas.drawString(margin, margin + 4 * k, card.signature)
    draw_qr(canvas, card.url, width - margin - qr_size, margin, qr_size)
    canvas.setFont(SANS, 6.5 * k)
    canvas.drawCentredString(width - margin - qr_size / 2, margin + qr_size + 4 * k, _("Предъявите на входе"))


def cards_pdf(cards: Sequence, size: str = "A5", progress: Callable[[int, int], None] | None = None) -> bytes:
    register_fonts()
    page = SIZES.get(size, SIZES["A5"])
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=page, pageCompression=1)
    canvas.setTitle(_("Приглашения"))
    for n, card in enumerate(cards, start=1):
        _card(canvas, card, page)
        canvas.showPage()
        if progress:
            progress(n, len(cards))
    if not cards:
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def envelopes_pdf(cards: Sequence, fmt: str = "C5") -> bytes:
    """The addressee in the dative in the lower right quarter («Кому: Петрову Петру Петровичу»), the sender in
    the upper left."""
    register_fonts()
    width, height = ENVELOPES.get(fmt, ENVELOPES["C5"])
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    from app.core.config import get_settings

    for card in cards:
        canvas.setFont(SANS, 9)
        canvas.drawString(15 * mm, height - 15 * mm, get_settings().organisation)
        x, y = width / 2, height / 2 - 5 * mm
        canvas.setFont(SANS, 9)
        canvas.drawString(x, y + 16, _("Кому:"))
        canvas.setFont(SERIF_BOLD, 13)
        canvas.drawString(x, y, card.dative or card.full_name)
        canvas.setFont(SERIF, 11)
        for line in _wrap(canvas, card.address or "", SERIF, 11, width / 2 - 15 * mm):
            y -= 15
            canvas.drawString(x, y, line)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
