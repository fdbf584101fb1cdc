"""What is printed under the fields of an invitation card: a ceremonial frame and ornament drawn in
vector in one of three colour themes, the organisation's coat of arms, or the printing house's own
card design (a PDF page, an image or an SVG). Drawn once per batch as a form XObject; every card reuses it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents.card_design import Design
from app.documents.card_layout import rgb
from app.documents.pdf_pages import page_form
from app.documents.pictures import draw_picture

FORM = "card_background"
UPLOADED_PAGE = "uploaded_card"


@dataclass(frozen=True)
class Theme:
    paper: str  # the card's tint
    frame: str
    accent: str
    ribbon: tuple[str, ...] = ()  # stripes of the band along the top edge


THEMES = {
    # Георгиевская лента: three black and two orange stripes; a red star in a laurel wreath.
    "victory": Theme(paper="#fbf6ea", frame="#9a7b3c", accent="#b3261e",
                     ribbon=("#1a1a1a", "#f08a12", "#1a1a1a", "#f08a12", "#1a1a1a")),
    # The city's blue and gold.
    "city": Theme(paper="#f7f8fb", frame="#b08d45", accent="#1f4e8c", ribbon=("#1f4e8c", "#b08d45", "#1f4e8c")),
    "neutral": Theme(paper="#fdfbf6", frame="#a88a4f", accent="#1f2d4d"),
}


@dataclass(frozen=True)
class Artwork:
    """The pictures a design may use, as uploaded (bytes)."""

    coat_of_arms: bytes | None = None
    upload: bytes | None = None  # a PDF, PNG, JPEG or SVG of the printing house's card
    signature: bytes | None = None


NO_ARTWORK = Artwork()


def is_pdf(data: bytes | None) -> bool:
    return bool(data) and data.lstrip()[:5] == b"%PDF-"


def define_background(canvas: Canvas, design: Design, artwork: Artwork) -> bool:
    """Defines the background form for this design; False when there is nothing to draw."""
    width, height = design.size
    if design.overprint or design.background == "none" or (design.background == "upload" and not artwork.upload):
        return False
    if design.background == "upload" and is_pdf(artwork.upload):
        page_w, page_h = page_form(canvas, UPLOADED_PAGE, artwork.upload or b"")
    canvas.beginForm(FORM, 0, 0, width, height)
    if design.background == "upload":
        if is_pdf(artwork.upload):
            canvas.saveState()
            canvas.scale(width / page_w, height / page_h)
            canvas.doForm(UPLOADED_PAGE)
            canvas.restoreState()
        else:
            draw_picture(canvas, artwork.upload or b"", 0, 0, width, height, keep_proportion=False)
    else:
        theme = THEMES.get(design.theme, THEMES["neutral"])
        _frame(canvas, theme, width, height)
        emblem = next((f for f in design.fields if f.key == "emblem" and f.on), None)
        if emblem:
            box = (emblem.x * mm, height - (emblem.y + emblem.height) * mm, emblem.width * mm, emblem.height * mm)
            if design.background == "coat_of_arms" and artwork.coat_of_arms:
                draw_picture(canvas, artwork.coat_of_arms, *box)
            else:
                _emblem(canvas, design.theme, theme, *box)
    canvas.endForm()
    return True


def _frame(canvas: Canvas, theme: Theme, width: float, height: float) -> None:
    """A tinted card, a double frame with ornamented corners, a ribbon band if the theme has one."""
    k = min(width, height) / (148 * mm)
    canvas.setFillColorRGB(*rgb(theme.paper))
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    outer, inner = 6 * mm * k, 8.2 * mm * k
    canvas.setStrokeColorRGB(*rgb(theme.frame))
    canvas.setLineWidth(1.6 * k)
    canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer)
    canvas.setLineWidth(0.5 * k)
    canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner)
    for cx, cy, sx, sy in ((inner, inner, 1, 1), (width - inner, inner, -1, 1), (inner, height - inner, 1, -1),
                           (width - inner, height - inner, -1, -1)):
        _corner(canvas, theme, cx, cy, sx, sy, k)
    if theme.ribbon:  # across the top, over the frame, clear of the corner rosettes
        band = 1.3 * mm * k
        y0 = height - outer - len(theme.ribbon) * band / 2
        for n, colour in enumerate(theme.ribbon):
            canvas.setFillColorRGB(*rgb(colour))
            canvas.rect(outer + 14 * mm * k, y0 + n * band, width - 2 * outer - 28 * mm * k, band, stroke=0, fill=1)


def _corner(canvas: Canvas, theme: Theme, x: float, y: float, sx: int, sy: int, k: float) -> None:
    """A quarter rosette: three arcs and a diamond pointing into the card."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(sx * k, sy * k)
    canvas.setStrokeColorRGB(*rgb(theme.frame))
    canvas.setLineWidth(0.7)
    for radius in (9 * mm, 12 * mm, 15 * mm):
        path = canvas.beginPath()
        path.arc(-radius, -radius, radius, radius, 0, 90)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFillColorRGB(*rgb(theme.accent))
    path = canvas.beginPath()
    d = 2.2 * mm
    path.moveTo(4 * mm, 4 * mm - d)
    path.lineTo(4 * mm + d, 4 * mm)
    path.lineTo(4 * mm, 4 * mm + d)
    path.lineTo(4 * mm - d, 4 * mm)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _emblem(canvas: Canvas, name: str, theme: Theme, x: float, y: float, width: float, height: float) -> None:
    """A laurel wreath round a five-pointed star (Victory Day), a shield (City Day) or a rosette."""
    cx, cy, r = x + width / 2, y + height / 2, min(width, height) / 2
    _laurel(canvas, theme, cx, cy, r)
    canvas.setFillColorRGB(*rgb(theme.accent))
    canvas.setStrokeColorRGB(*rgb(theme.frame))
    if name == "victory":
        _star(canvas, cx, cy, r * 0.5)
    elif name == "city":
        path = canvas.beginPath()
        w, h = r * 0.9, r * 1.05
        path.moveTo(cx - w / 2, cy + h / 2)
        path.lineTo(cx + w / 2, cy + h / 2)
        path.lineTo(cx + w / 2, cy)
        path.curveTo(cx + w / 2, cy - h / 3, cx + w / 6, cy - h / 2.3, cx, cy - h / 2)
        path.curveTo(cx - w / 6, cy - h / 2.3, cx - w / 2, cy - h / 3, cx - w / 2, cy)
        path.close()
        canvas.setLineWidth(1.2)
        canvas.drawPath(path, stroke=1, fill=1)
        canvas.setStrokeColorRGB(1, 1, 1)
        canvas.setLineWidth(r * 0.06)
        for dy in (0.05, -0.12):  # a river across the shield
            wave = canvas.beginPath()
            wave.moveTo(cx - w / 2.4, cy + dy * h)
            wave.curveTo(cx - w / 6, cy + dy * h + r * 0.1, cx + w / 6, cy + dy * h - r * 0.1, cx + w / 2.4,
                         cy + dy * h)
            canvas.drawPath(wave, stroke=1, fill=0)
    else:
        _star(canvas, cx, cy, r * 0.32, points=8, inner=0.55)


def _star(canvas: Canvas, cx: float, cy: float, r: float, points: int = 5, inner: float = 0.4) -> None:
    path = canvas.beginPath()
    for n in range(2 * points):
        angle = math.pi / 2 + n * math.pi / points
        radius = r if n % 2 == 0 else r * inner
        (path.moveTo if n == 0 else path.lineTo)(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    path.close()
    canvas.setLineWidth(0.8)
    canvas.drawPath(path, stroke=1, fill=1)


def _laurel(canvas: Canvas, theme: Theme, cx: float, cy: float, r: float) -> None:
    """Two branches of leaves rising along a circle from the bottom, open at the top."""
    canvas.setFillColorRGB(*rgb(theme.frame))
    leaf = r * 0.2
    for side in (-1, 1):
        for n in range(8):
            angle = math.radians(-90 + side * (18 + n * 22))
            px, py = cx + r * 0.82 * math.cos(angle), cy + r * 0.82 * math.sin(angle)
            canvas.saveState()
            canvas.translate(px, py)
            canvas.rotate(math.degrees(angle) + (90 if side > 0 else -90) - side * 35)
            canvas.ellipse(-leaf * 0.32, -leaf, leaf * 0.32, leaf, stroke=0, fill=1)
            canvas.restoreState()
