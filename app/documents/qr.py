"""QR codes drawn straight onto a reportlab canvas: encoded by zxing-cpp (C++, a third of a millisecond a
code) and drawn as a one-bit stencil image inline in the page's content, a few hundred bytes a code.

A batch of 1,500 invitation cards spent most of its time here when the code was encoded by the pure
Python `qrcode` and drawn as one filled square per run of dark modules; both were replaced for speed.
A stencil image is painted without smoothing, so the modules keep sharp edges at any resolution.
"""

from __future__ import annotations

import io

import zxingcpp
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
_BITS = bytes.maketrans(b"\x00\xff", b"01")  # zxing's black module → 0: the stencil paints it


def _modules(url: str):
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return memoryview(code.to_image(scale=1, add_quiet_zones=False))


def qr_matrix(url: str) -> list[list[bool]]:
    """The code's modules, row by row from the top; True is dark."""
    image = _modules(url)
    size = image.shape[0]
    data = image.tobytes()
    return [[data[row * size + column] == 0 for column in range(size)] for row in range(size)]


def qr_png(url: str, scale: int = 8) -> bytes:
    """The code as a PNG of `scale` pixels a module, quiet zone included: for a Word document."""
    from PIL import Image  # a DOCX takes pictures only; the PDFs draw the code as a stencil

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=scale, add_quiet_zones=True))
    height, width = image.shape[0], image.shape[1]
    out = io.BytesIO()
    Image.frombytes("L", (width, height), image.tobytes()).save(out, format="PNG")
    return out.getvalue()


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The code with its quiet zone (4 modules) in a square of `size` whose lower left corner is (x, y).

    Leaves the fill colour black."""
    image = _modules(url)
    count = image.shape[0]
    data = image.tobytes()
    padding = "1" * (-count % 8)  # rows fill whole bytes; the padding is left unpainted
    width = (count + 7) // 8
    rows = "".join(int(data[row * count:(row + 1) * count].translate(_BITS).decode() + padding, 2)
                   .to_bytes(width, "big").hex() for row in range(count))
    cell = size / (count + 2 * QUIET_ZONE)
    side = cell * count
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(f"q {side:.3f} 0 0 {side:.3f} {x + QUIET_ZONE * cell:.3f} {y + QUIET_ZONE * cell:.3f} cm\n"
                      f"BI /W {count} /H {count} /IM true /BPC 1 /F /AHx ID\n{rows}>\nEI Q")
