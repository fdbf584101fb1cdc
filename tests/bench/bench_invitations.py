"""Invitations: 1,500 personalised A5 cards with a QR code in one batch PDF, every field of the design on.

Rows: the default design (vector frame, ribbon and emblem of the Victory Day theme), the printing house's
card uploaded as a PDF (placed once as a form XObject, drawn by reference on every page), overprint on
pre-printed stock (no background, fields moved by the printer's offset). The product encodes each QR code
with zxing-cpp and draws it as a one-bit stencil image (app.documents.qr); the baseline is the default design
with the QR drawn the way reportlab offers out of the box, its QrCodeWidget in a Drawing.
"""

from __future__ import annotations

import io
import secrets
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from unittest import mock

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.config import get_settings
from app.documents import invitation_cards
from app.documents.card_backgrounds import NO_ARTWORK, Artwork
from app.documents.card_design import Design, default_design
from app.invitations import rendering
from app.invitations.printing import CardData
from tests.bench.table import print_table

CARDS = 1500
TARGET_PAGES_S = 500
SURNAMES = [("Иванов", "Иван", "Петрович", "m"), ("Петрова", "Анна", "Семёновна", "f"),
            ("Кузьмин", "Пётр", "Ильич", "m"), ("Соколова", "Мария", "Андреевна", "f")]


def cards(count: int = CARDS) -> list[CardData]:
    starts = datetime(2027, 5, 8, 15, 0, tzinfo=get_settings().tz)
    out = []
    for n in range(count):
        surname, name, patronymic, gender = SURNAMES[n % len(SURNAMES)]
        token = secrets.token_urlsafe(16)
        out.append(CardData(
            invitation_id=n, token=token, url=f"{get_settings().public_base_url}/i/{token}", surname=surname,
            name=name, patronymic=patronymic, gender=gender, address="680000, г. Хабаровск, ул. Ленина, д. 1",
            event_title="День Победы 2027", ceremony_title="Торжественное собрание", starts_at=starts,
            venue="Краевой музыкальный театр", venue_address="ул. Карла Маркса, 64", entrance="Главный вход",
            seat_label=f"Партер, ряд {n // 30 + 1}, место {n % 30 + 1}", dress_code="деловой костюм",
            wording="Глава города Хабаровска имеет честь пригласить Вас на торжественное собрание, посвящённое "
                    "82-й годовщине Победы в Великой Отечественной войне",
            signature="Глава города Хабаровска С. А. Кравцов", dative=f"{surname}у"))
    return out


def every_field(design: Design) -> Design:
    return replace(design, free_text="Парковка у западного входа", reply_phone="+7 (4212) 40-11-11",
                   fields=tuple(replace(f, on=True) for f in design.fields))


def printing_house_card() -> bytes:
    """A busy printed card: a dark field and a gold ornament of 400 strokes (the QR code must still read on it)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(148 * mm, 210 * mm))
    canvas.setFillColorRGB(0.05, 0.08, 0.2)
    canvas.rect(0, 0, 148 * mm, 210 * mm, stroke=0, fill=1)
    canvas.setStrokeColorRGB(0.8, 0.65, 0.3)
    for n in range(400):
        canvas.circle(74 * mm, 105 * mm, (5 + n * 0.2) * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def widget_qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """The baseline: reportlab's own QR widget, scaled into the same square."""
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


@contextmanager
def baseline():
    with mock.patch.object(invitation_cards, "draw_qr", widget_qr):
        yield


def pages_per_second(batch: list[CardData], design: Design, artwork: Artwork = NO_ARTWORK,
                     offset: tuple[float, float] = (0.0, 0.0)) -> tuple[float, int]:
    started = time.perf_counter()
    pdf = rendering.cards_pdf(batch, design, artwork, offset)
    return len(batch) / (time.perf_counter() - started), len(pdf)


def main() -> None:
    batch = cards()
    designed = every_field(default_design(theme="victory"))
    uploaded = replace(designed, background="upload")
    overprint = replace(designed, overprint=True, printer="Kyocera")
    runs = [("default design, Victory Day theme", *pages_per_second(batch, designed)),
            ("uploaded PDF background", *pages_per_second(batch, uploaded, Artwork(upload=printing_house_card()))),
            ("overprint, printer offset 1.5/-2 mm", *pages_per_second(batch, overprint, offset=(1.5, -2.0)))]
    with baseline():
        widget, widget_size = pages_per_second(batch, designed)
    rows = [[name, speed, CARDS / speed, size / 1e6, f"{speed / widget:.1f}×", f"{speed / TARGET_PAGES_S:.2f}"]
            for name, speed, size in runs]
    rows.append(["default design, QR by reportlab QrCodeWidget (baseline)", widget, CARDS / widget,
                 widget_size / 1e6, "1.0×", f"{widget / TARGET_PAGES_S:.2f}"])
    print_table(
        f"Invitations: {CARDS:,} A5 cards, every field on, QR in one PDF; target ≥ {TARGET_PAGES_S} pages/s",
        ["card", "pages/s", "seconds", "PDF MB", "vs baseline", "vs target"], rows)
