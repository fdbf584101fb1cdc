"""A picture uploaded for a card (the printing house's design, the coat of arms, a signature): PNG, JPEG or
SVG. One place knows the formats: what a file is, how it is drawn into a box on a reportlab canvas, and how
the design page's preview shows it.

An SVG is drawn as vector (svglib turns it into reportlab shapes), so a coat of arms stays sharp at any size.
svglib reads from memory with external references and XML entities refused: an uploaded SVG can not make
the server read a file or the network. The preview shows it through an <image> element, where a browser runs
no script of the SVG.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

_MIME = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


def picture_kind(data: bytes | None) -> str | None:
    """"png", "jpeg" or "svg" by the file's first bytes; None for anything else."""
    if not data:
        return None
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:4096].lower():
        return "svg"
    return None


@lru_cache(maxsize=8)
def svg_drawing(data: bytes) -> Drawing:
    """The SVG as reportlab shapes. Raises ValueError when it is no drawable SVG."""
    from svglib.svglib import svg2rlg

    try:
        drawing = svg2rlg(io.BytesIO(data))
    except Exception as error:  # lxml and svglib raise many kinds on a broken file
        raise ValueError(str(error)) from error
    # A file cut short parses (lxml recovers) into a picture with nothing in it: no bounds.
    if drawing is None or not drawing.width or not drawing.height or not any(
            shape.getBounds() for shape in drawing.contents):
        raise ValueError("no drawing")
    return drawing


def picture_size(data: bytes) -> tuple[float, float]:
    """The picture's own size: points for an SVG, pixels for an image (only the proportion matters)."""
    if picture_kind(data) == "svg":
        drawing = svg_drawing(data)
        return float(drawing.width), float(drawing.height)
    width, height = ImageReader(io.BytesIO(data)).getSize()
    return float(width), float(height)


def draw_picture(canvas: Canvas, data: bytes, x: float, y: float, width: float, height: float, *,
                 keep_proportion: bool = True) -> None:
    """Draws the picture into the box (points, lower left corner), centred when its proportion is kept."""
    own_w, own_h = picture_size(data)
    if keep_proportion:
        scale = min(width / own_w, height / own_h)
        sx = sy = scale
        x, y = x + (width - own_w * scale) / 2, y + (height - own_h * scale) / 2
    else:
        sx, sy = width / own_w, height / own_h
    if picture_kind(data) == "svg":
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(sx, sy)
        renderPDF.draw(svg_drawing(data), canvas, 0, 0)
        canvas.restoreState()
    else:
        canvas.drawImage(ImageReader(io.BytesIO(data)), x, y, own_w * sx, own_h * sy, mask="auto")


def picture_error(data: bytes) -> str:
    """Why the picture can not be drawn ("" when it can); in English for the caller to word for the user."""
    kind = picture_kind(data)
    if kind == "svg":
        try:
            svg_drawing(data)
        except ValueError as error:
            return str(error) or "broken SVG"
        return ""
    if kind is None:
        return "not PNG, JPEG or SVG"
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception as error:  # Pillow raises many kinds on a damaged file
        return str(error) or "broken image"
    return ""


def data_uri(data: bytes) -> str:
    """The picture for an <image href> of the preview."""
    return f"data:{_MIME[picture_kind(data) or 'png']};base64,{base64.b64encode(data).decode()}"
