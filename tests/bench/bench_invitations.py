"""Invitations: 1,500 personalised A5 cards with a QR code in one batch PDF.

The product draws each QR code as filled squares straight from the qrcode matrix (app.documents.qr).
The baseline is the same batch with the QR drawn the way reportlab offers out of the box, its
QrCodeWidget in a Drawing; everything else on the card is the same code.
"""

from __future__ import annotations

import secrets
import time
from contextlib import contextmanager
from datetime import datetime
from unittest import mock

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from app.core.config import get_settings
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
            seat_label=f"Партер, ряд {n // 30 + 1}, место {n % 30 + 1}", dress_code="деловой костюм", wording="",
            signature="Мэр города Хабаровска"))
    return out


def widget_qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """The baseline: reportlab's own QR widget, scaled into the same square."""
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


@contextmanager
def baseline():
    with mock.patch.object(rendering, "draw_qr", widget_qr):
        yield


def pages_per_second(batch: list[CardData]) -> tuple[float, int]:
    started = time.perf_counter()
    pdf = rendering.cards_pdf(batch, "A5")
    return len(batch) / (time.perf_counter() - started), len(pdf)


def main() -> None:
    batch = cards()
    product, size = pages_per_second(batch)
    with baseline():
        widget, widget_size = pages_per_second(batch)
    print_table(
        f"Invitations: {CARDS:,} A5 cards with QR in one PDF; target ≥ {TARGET_PAGES_S} pages/s",
        ["QR drawn by", "pages/s", "seconds", "PDF MB", "vs baseline", "vs target"],
        [["app.documents.qr (product)", product, CARDS / product, size / 1e6, f"{product / widget:.1f}×",
          f"{product / TARGET_PAGES_S:.2f}"],
         ["reportlab QrCodeWidget (baseline)", widget, CARDS / widget, widget_size / 1e6, "1.0×",
          f"{widget / TARGET_PAGES_S:.2f}"]])
