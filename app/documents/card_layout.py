"""Where each line of one invitation card goes: the fields' texts wrapped and fitted into their boxes.

The PDF and the on-screen preview both draw what `place` returns, so the preview shows the lines
the printer gets. A text that does not fit at its size shrinks (half a point at a time) down to its
minimum; if it still does not fit, it is drawn at the minimum and named in `overflow`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.documents.card_design import BACKGROUND_FIELDS, Design, FieldSpec

LEADING = 1.18  # line height as a share of the font size
ASCENT = 0.78  # how far the first baseline sits below the top of its line, as a share of the size


@dataclass(frozen=True)
class CardContent:
    """What one card says: a text per field key, the QR code's address, whose card it is."""

    guest: str
    texts: Mapping[str, str]
    url: str


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float  # points from the left of the face; the anchor the alignment names
    y: float  # baseline, points from the bottom of the face
    font: str
    size: float
    colour: tuple[float, float, float]
    align: str


@dataclass
class PlacedCard:
    lines: list[TextLine] = field(default_factory=list)
    qr: tuple[float, float, float] | None = None  # x, y (lower left), side, in points
    signature: tuple[float, float, float, float] | None = None  # the signature image's box
    overflow: list[str] = field(default_factory=list)  # keys of fields that did not fit


@lru_cache(maxsize=64)
def rgb(colour: str) -> tuple[float, float, float]:
    """«#1f2d4d» as reportlab's 0…1 triple; anything unreadable is black."""
    text = colour.lstrip("#")
    try:
        return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (0.0, 0.0, 0.0)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if not line or stringWidth(candidate, font, size) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def fit(text: str, spec: FieldSpec, width: float, height: float) -> tuple[list[str], float, bool]:
    """The lines and the size at which the text fits the box (points), and whether it does."""
    size = spec.size
    while True:
        lines = wrap(text, spec.font, size, width)
        fits = len(lines) * size * LEADING <= height + 0.01 and all(
            stringWidth(line, spec.font, size) <= width + 0.01 for line in lines)
        if fits or size <= spec.min_size:
            return lines, size, fits
        size = max(spec.min_size, size - 0.5)


def _text_lines(lines: list[str], spec: FieldSpec, size: float, left: float, top: float, width: float,
                height: float, *, bottom_align: bool = False) -> list[TextLine]:
    """The lines centred in the box's height (or at its bottom), anchored as the field aligns."""
    block = len(lines) * size * LEADING
    first = top - (height - block if bottom_align else max(0.0, (height - block) / 2)) - size * ASCENT
    anchor = {"left": left, "center": left + width / 2, "right": left + width}.get(spec.align, left)
    colour = rgb(spec.colour)
    return [TextLine(line, anchor, first - n * size * LEADING, spec.font, size, colour, spec.align)
            for n, line in enumerate(lines) if line]


def place(content: CardContent, design: Design, offset: tuple[float, float] = (0.0, 0.0), *,
          signature_image: bool = False) -> PlacedCard:
    """Every field of the card laid out on the face; `offset` (mm, right and down) moves them all.
    The emblem is left to the background; with a signature image, the signer's lines go under it."""
    face_height = design.size[1]
    placed = PlacedCard()
    for spec in design.fields:
        if not spec.on or spec.key in BACKGROUND_FIELDS:
            continue
        left, top = (spec.x + offset[0]) * mm, face_height - (spec.y + offset[1]) * mm
        width, height = spec.width * mm, spec.height * mm
        if spec.key == "qr":
            _place_qr(placed, content, spec, left, top, width, height)
            continue
        text = content.texts.get(spec.key, "")
        if spec.key == "signature" and signature_image:
            lines, size, fits = fit(text, spec, width, height / 2) if text else ([], spec.size, True)
            block = len(lines) * size * LEADING
            placed.signature = (left, top - height + block, width, height - block)
            placed.lines += _text_lines(lines, spec, size, left, top, width, height, bottom_align=True)
        elif not text:
            continue
        else:
            lines, size, fits = fit(text, spec, width, height)
            placed.lines += _text_lines(lines, spec, size, left, top, width, height)
        if not fits:
            placed.overflow.append(spec.key)
    return placed


def _place_qr(placed: PlacedCard, content: CardContent, spec: FieldSpec, left: float, top: float, width: float,
              height: float) -> None:
    caption = content.texts.get("qr_caption", "")
    caption_height = spec.size * LEADING * 1.3 if caption else 0.0
    side = max(10 * mm, min(width, height - caption_height))
    placed.qr = (left + (width - side) / 2, top - side, side)
    if caption:
        lines, size, fits = fit(caption, spec, max(width, side), caption_height)
        placed.lines += _text_lines(lines, spec, size, left, top - side, width, caption_height)
        if not fits:
            placed.overflow.append(spec.key)
