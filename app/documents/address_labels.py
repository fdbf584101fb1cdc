"""Address labels on A4 sheets of self-adhesive labels (2 × 7 and the like): one label per addressee,
the name in the dative and the postal address beneath, fitted into the label."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.i18n import gettext as _
from app.documents.card_design import FieldSpec, LabelSheet
from app.documents.card_layout import LEADING, fit
from app.documents.fonts import SERIF, SERIF_BOLD, register_fonts

PADDING = 4 * mm


@dataclass(frozen=True)
class Addressee:
    name: str  # «Петрову Петру Петровичу»
    address: str


def labels_pdf(addressees: Sequence[Addressee], sheet: LabelSheet) -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle(_("Адресные наклейки"))
    per_page = max(1, sheet.rows * sheet.columns)
    name_spec = FieldSpec("name", True, 0, 0, 0, 0, SERIF_BOLD, 12, "left")
    address_spec = FieldSpec("address", True, 0, 0, 0, 0, SERIF, 10.5, "left")
    width = sheet.width * mm - 2 * PADDING
    for n, who in enumerate(addressees):
        if n and n % per_page == 0:
            canvas.showPage()
        row, column = divmod(n % per_page, sheet.columns)
        left = (sheet.left + column * (sheet.width + sheet.gap_x)) * mm + PADDING
        top = A4[1] - (sheet.top + row * (sheet.height + sheet.gap_y)) * mm - PADDING
        room = sheet.height * mm - 2 * PADDING
        names, name_size, _fits = fit(who.name, name_spec, width, room / 2)
        used = len(names) * name_size * LEADING
        lines, size, _fits = fit(who.address, address_spec, width, room - used)
        y = top - name_size
        canvas.setFont(SERIF_BOLD, name_size)
        for line in names:
            canvas.drawString(left, y, line)
            y -= name_size * LEADING
        canvas.setFont(SERIF, size)
        for line in lines:
            canvas.drawString(left, y, line)
            y -= size * LEADING
    canvas.showPage()
    canvas.save()
    return out.getvalue()
