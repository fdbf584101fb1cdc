"""The guest's page shows the card's QR code: drawn inline (no CDN, no script), it reads back as the page's URL."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import zxingcpp
from PIL import Image, ImageDraw

from app.invitations.tokens import invitation_url
from tests.checkin import factory

SCALE = 6


def _decoded(svg: str) -> list[str]:
    """The SVG's modules painted on a bitmap and read by zxing, as a phone at the gate would."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    image = Image.new("L", (size * SCALE, size * SCALE), 255)
    draw = ImageDraw.Draw(image)
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        left, top = int(x) * SCALE, int(y) * SCALE
        draw.rectangle((left, top, left + int(run) * SCALE - 1, top + SCALE - 1), fill=0)
    return [r.text for r in zxingcpp.read_barcodes(image)]


async def test_guest_page_shows_the_qr_of_its_own_url(client):
    meeting = await factory.ceremony(starts_at=datetime(2027, 5, 9, 1, 0, tzinfo=UTC))
    guest = await factory.card(meeting)
    page = await client.get(f"/i/{guest.token}")
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", page.text, re.S).group(0)
    assert _decoded(svg) == [invitation_url(guest.token)]
    assert "<script" not in svg and "Добавить в календарь" in page.text
    assert f'href="/i/{guest.token}/invitation.ics"' in page.text
