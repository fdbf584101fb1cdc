"""An invitation card as inline SVG for the design page's live preview.

The text lines and the QR code are exactly where the PDF puts them (both draw app.documents.card_layout's
placement); the background is a sketch of it (tint, frame, emblem, the uploaded picture), since a PDF
page cannot be shown inside the page under its security policy. Each field's box is outlined and named
(`data-field`) so that assets/js/card-designer.js can drag it.
"""

from __future__ import annotations

from html import escape

from reportlab.lib.units import mm

from app.core.i18n import gettext as _
from app.documents.card_backgrounds import THEMES, Artwork, is_pdf
from app.documents.card_design import BACKGROUND_FIELDS, FIELD_LABELS, Design
from app.documents.card_layout import CardContent, place
from app.documents.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.documents.pictures import data_uri
from app.documents.qr import QUIET_ZONE, qr_matrix

_FONTS = {SERIF: ("PT Serif, serif", "normal", "normal"), SERIF_BOLD: ("PT Serif, serif", "bold", "normal"),
          SERIF_ITALIC: ("PT Serif, serif", "normal", "italic"), SANS: ("PT Sans, sans-serif", "normal", "normal"),
          SANS_BOLD: ("PT Sans, sans-serif", "bold", "normal")}
_ANCHORS = {"left": "start", "center": "middle", "right": "end"}


def _hex(colour: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in colour)


def _image(data: bytes, x: float, y: float, width: float, height: float, *, stretch: bool = False) -> str:
    """As the PDF draws it: a background stretched over the card, other pictures kept in proportion."""
    fit = ' preserveAspectRatio="none"' if stretch else ""
    return (f'<image x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}"{fit} '
            f'href="{data_uri(data)}"/>')


def _background(design: Design, artwork: Artwork, width: float, height: float, note: str) -> list[str]:
    if design.overprint or design.background == "none":
        return [f'<rect width="{width}" height="{height}" fill="#fff" stroke="#999" stroke-dasharray="4 3"/>']
    if design.background == "upload" and artwork.upload:
        if is_pdf(artwork.upload):
            return [f'<rect width="{width}" height="{height}" fill="#eef0f3"/>',
                    f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" font-size="7" fill="#667">'
                    f'{escape(note)}</text>']
        return [_image(artwork.upload, 0, 0, width, height, stretch=True)]
    theme = THEMES.get(design.theme, THEMES["neutral"])
    k = min(width, height) / (148 * mm)
    outer, inner = 6 * mm * k, 8.2 * mm * k
    out = [f'<rect width="{width}" height="{height}" fill="{theme.paper}"/>',
           f'<rect x="{outer:.1f}" y="{outer:.1f}" width="{width - 2 * outer:.1f}" height="{height - 2 * outer:.1f}"'
           f' fill="none" stroke="{theme.frame}" stroke-width="{1.6 * k:.2f}"/>',
           f'<rect x="{inner:.1f}" y="{inner:.1f}" width="{width - 2 * inner:.1f}" height="{height - 2 * inner:.1f}"'
           f' fill="none" stroke="{theme.frame}" stroke-width="{0.5 * k:.2f}"/>']
    band = 1.3 * mm * k
    for n, colour in enumerate(theme.ribbon):
        out.append(f'<rect x="{outer + 14 * mm * k:.1f}" y="{outer - len(theme.ribbon) * band / 2 + n * band:.1f}" '
                   f'width="{width - 2 * outer - 28 * mm * k:.1f}" height="{band:.2f}" fill="{colour}"/>')
    emblem = next((f for f in design.fields if f.key == "emblem" and f.on), None)
    if emblem:
        x, y, w, h = emblem.x * mm, emblem.y * mm, emblem.width * mm, emblem.height * mm
        if design.background == "coat_of_arms" and artwork.coat_of_arms:
            out.append(_image(artwork.coat_of_arms, x, y, w, h))
        else:
            r = min(w, h) / 2
            out.append(f'<circle cx="{x + w / 2:.1f}" cy="{y + h / 2:.1f}" r="{r * 0.82:.1f}" fill="none" '
                       f'stroke="{theme.frame}" stroke-width="{r * 0.12:.1f}" stroke-dasharray="{r * 0.2:.1f} '
                       f'{r * 0.1:.1f}"/>')
            out.append(f'<text x="{x + w / 2:.1f}" y="{y + h / 2 + r * 0.35:.1f}" text-anchor="middle" '
                       f'font-size="{r:.1f}" fill="{theme.accent}">★</text>')
    return out


def _qr(url: str, x: float, y: float, side: float) -> str:
    matrix = qr_matrix(url)
    cell = side / (len(matrix) + 2 * QUIET_ZONE)
    runs = []
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                runs.append(f"M{x + (QUIET_ZONE + column) * cell:.2f} {y + (QUIET_ZONE + row) * cell:.2f}"
                            f"h{cell:.2f}v{cell:.2f}h-{cell:.2f}z")
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{side:.1f}" height="{side:.1f}" fill="#fff"/>'
            f'<path d="{"".join(runs)}" fill="#000"/>')


def preview_svg(content: CardContent, design: Design, artwork: Artwork, *, pdf_note: str = "",
                offset: tuple[float, float] = (0.0, 0.0)) -> str:
    register_fonts()  # their widths place the lines
    width, height = design.size
    placed = place(content, design, offset if design.overprint else (0.0, 0.0),
                   signature_image=bool(artwork.signature))
    out = [f'<svg class="card-preview" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.1f} {height:.1f}" '
           f'data-mm="{mm:.5f}" role="img">', *_background(design, artwork, width, height, pdf_note)]
    if placed.signature and artwork.signature:
        x, y, w, h = placed.signature
        out.append(_image(artwork.signature, x, height - y - h, w, h))
    for line in placed.lines:
        family, weight, style = _FONTS.get(line.font, _FONTS[SERIF])
        out.append(f'<text x="{line.x:.1f}" y="{height - line.y:.1f}" font-family="{family}" font-weight="{weight}" '
                   f'font-style="{style}" font-size="{line.size:.1f}" fill="{_hex(line.colour)}" '
                   f'text-anchor="{_ANCHORS.get(line.align, "start")}">{escape(line.text)}</text>')
    if placed.qr:
        x, y, side = placed.qr
        out.append(_qr(content.url, x, height - y - side, side))
    for spec in design.fields:
        if spec.on:
            cls = "field-box overflow" if spec.key in placed.overflow else "field-box"
            shift = offset if design.overprint and spec.key not in BACKGROUND_FIELDS else (0.0, 0.0)
            out.append(f'<rect class="{cls}" data-field="{spec.key}" x="{(spec.x + shift[0]) * mm:.1f}" '
                       f'y="{(spec.y + shift[1]) * mm:.1f}" width="{spec.width * mm:.1f}" '
                       f'height="{spec.height * mm:.1f}"><title>{escape(_(FIELD_LABELS[spec.key]))}</title></rect>')
    out.append("</svg>")
    return "".join(out)
