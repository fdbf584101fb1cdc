"""Invitation cards and envelopes (C5, DL) as PDF, from plain card data.

A card is its ceremony's design (app.documents.card_design) filled with what the guest's card says
(`card_content`); app.documents.invitation_cards draws it, fast enough for 1,500 cards in one batch.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.config import get_settings
from app.core.formatting import fmt_long_date
from app.core.i18n import gettext as _
from app.documents import invitation_cards
from app.documents.card_backgrounds import NO_ARTWORK, Artwork
from app.documents.card_design import Design
from app.documents.card_layout import CardContent, wrap
from app.documents.fonts import SANS, SERIF, SERIF_BOLD, register_fonts

ENVELOPES = {"C5": (229 * mm, 162 * mm), "DL": (220 * mm, 110 * mm)}


def salutation(card) -> str:
    """«Уважаемый Иван Петрович!», «Уважаемая Анна Ильинична!», a couple «Уважаемые Иван Петрович и Анна
    Сергеевна!»; without a patronymic the full name."""
    who = f"{card.name} {card.patronymic}".strip() if card.patronymic else card.full_name
    if card.spouse:
        return _("Уважаемые {one} и {other}!").format(one=who, other=card.spouse)
    word = _("Уважаемая") if card.gender == "f" else _("Уважаемый")
    return f"{word} {who}!"


def card_content(card, design: Design) -> CardContent:
    """What each field of the design says on this guest's card."""
    labelled = {"entrance": (_("Вход"), card.entrance), "seat": (_("Место"), card.seat_label),
                "dress_code": (_("Форма одежды"), card.dress_code)}
    texts = {key: f"{label}: {value}" if value else "" for key, (label, value) in labelled.items()}
    texts.update(
        title=design.title_text, salutation=salutation(card),
        host=card.wording or _("{organisation} имеет честь пригласить Вас").format(
            organisation=get_settings().organisation),
        event=card.event_title, ceremony=card.ceremony_title,
        when=f"{fmt_long_date(card.starts_at.date())}, {card.starts_at:%H:%M}",
        venue=", ".join(p for p in (card.venue, card.venue_address) if p),
        reply=f"{design.reply_text.strip()} {design.reply_phone}".strip() if design.reply_phone else "",
        signature=card.signature, qr_caption=design.qr_caption, free_text=design.free_text)
    return CardContent(card.full_name, texts, card.url)


def cards_pdf(cards: Sequence, design: Design, artwork: Artwork = NO_ARTWORK, offset: tuple[float, float] = (0.0, 0.0),
              progress: Callable[[int, int], None] | None = None) -> bytes:
    return invitation_cards.cards_pdf([card_content(c, design) for c in cards], design, artwork, offset, progress)


def envelopes_pdf(cards: Sequence, fmt: str = "C5") -> bytes:
    """The addressee in the dative in the lower right quarter («Кому: Петрову Петру Петровичу»), the sender in
    the upper left."""
    register_fonts()
    width, height = ENVELOPES.get(fmt, ENVELOPES["C5"])
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    for card in cards:
        canvas.setFont(SANS, 9)
        canvas.drawString(15 * mm, height - 15 * mm, get_settings().organisation)
        x, y = width / 2, height / 2 - 5 * mm
        canvas.setFont(SANS, 9)
        canvas.drawString(x, y + 16, _("Кому:"))
        canvas.setFont(SERIF_BOLD, 13)
        canvas.drawString(x, y, card.dative or card.full_name)
        canvas.setFont(SERIF, 11)
        for line in wrap(card.address or "", SERIF, 11, width / 2 - 15 * mm):
            y -= 15
            canvas.drawString(x, y, line)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
