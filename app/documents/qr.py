"""QR codes drawn straight onto a reportlab canvas as filled squares from the qrcode matrix: no
image round trip, fast enough for a batch of 1,500 invitation cards or hundreds of duty slips."""

from __future__ import annotations

import qrcode
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
# Every mask is valid to the standard and reads the same; searching for the best of the eight
# (qrcode's default) costs eight encodings a code, most of a batch's time.
MASK_PATTERN = 2


def qr_matrix(url: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=MASK_PATTERN)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The code with its quiet zone (4 modules) in a square of `size` whose lower left corner is (x, y).

    Leaves the fill colour black."""
    matrix = qr_matrix(url)
    modules = len(matrix) + 2 * QUIET_ZONE
    cell = size / modules
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        run = None
        for column, dark in enumerate([*cells, False]):
            if dark and run is None:
                run = column
            elif not dark and run is not None:
                path.rect(x + (QUIET_ZONE + run) * cell, y + size - (QUIET_ZONE + 1 + row) * cell,
                          (column - run) * cell, cell)
                run = None
    canvas.drawPath(path, stroke=0, fill=1)
