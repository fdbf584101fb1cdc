"""A page of another PDF (a printing house's card design) as a reportlab form XObject.

The page is copied once into the document being written, objects and all, and every card draws it
with one `Do`: a batch of 1,500 cards carries the design once, not 1,500 times. pypdf reads the file;
its objects are rewritten as reportlab's own (the way pdfrw's `makerl` does it).
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas


class _Raw(pdfdoc.PDFObject):
    """A simple value (name, number, string, boolean, null) written as pypdf writes it."""

    def __init__(self, value) -> None:
        out = io.BytesIO()
        value.write_to_stream(out)
        self.data = out.getvalue()

    def format(self, document) -> bytes:
        return self.data


class _Copier:
    def __init__(self, document) -> None:
        self.document = document
        self.done: dict[int, object] = {}

    def copy(self, value):
        if isinstance(value, IndirectObject):
            if value.idnum not in self.done:
                self.done[value.idnum] = None  # a cycle (a parent link) stops here
                target = self.copy(value.get_object())
                self.done[value.idnum] = target if isinstance(target, pdfdoc.PDFObjectReference) else (
                    self.document.Reference(target))
            return self.done[value.idnum] or pdfdoc.PDFDictionary()
        if isinstance(value, StreamObject):
            entries = {k[1:]: self.copy(v) for k, v in value.items() if k != "/Length"}  # reportlab counts
            stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), value._data, filters=[])
            return self.document.Reference(stream)
        if isinstance(value, DictionaryObject):
            return pdfdoc.PDFDictionary({k[1:]: self.copy(v) for k, v in value.items() if k != "/Parent"})
        if isinstance(value, ArrayObject):
            return pdfdoc.PDFArray([self.copy(v) for v in value])
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        return _Raw(value)


def page_form(canvas: Canvas, name: str, pdf: bytes) -> tuple[float, float]:
    """Defines form `name` as the first page of `pdf` in the canvas's document; gives the page's size.

    The card is the page's trim box (a printing house's file carries bleed around it; the crop box, then the
    media box, when there is none), turned as the page's /Rotate turns it on screen and in print.
    Raises ValueError when the file is no readable PDF."""
    try:
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        box = page.trimbox  # pypdf falls back to the crop box, then the media box
        llx, lly, urx, ury = (float(v) for v in box)
        turn = int(page.get("/Rotate", 0) or 0) % 360
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        resources = page.get("/Resources")
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise ValueError(str(error)) from error
    if turn not in _TURNS:
        raise ValueError(f"/Rotate {turn}")
    document = canvas._doc
    copier = _Copier(document)
    form = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
        "Type": _name("XObject"), "Subtype": _name("Form"),
        "BBox": pdfdoc.PDFArray([llx, lly, urx, ury]),
        "Matrix": pdfdoc.PDFArray(_TURNS[turn](llx, lly, urx, ury)),
        "Resources": copier.copy(resources) if resources is not None else pdfdoc.PDFDictionary(),
    }), data)
    document.Reference(form, pdfdoc.xObjectName(name))
    width, height = urx - llx, ury - lly
    return (height, width) if turn in (90, 270) else (width, height)


# The form's matrix that puts the box's lower left corner at the origin, turned clockwise by /Rotate.
_TURNS = {
    0: lambda llx, lly, urx, ury: [1, 0, 0, 1, -llx, -lly],
    90: lambda llx, lly, urx, ury: [0, -1, 1, 0, -lly, urx],
    180: lambda llx, lly, urx, ury: [-1, 0, 0, -1, urx, ury],
    270: lambda llx, lly, urx, ury: [0, 1, -1, 0, ury, -llx],
}


def _name(text: str) -> _Raw:
    return _Raw(NameObject("/" + text))
