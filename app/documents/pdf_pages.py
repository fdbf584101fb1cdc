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

    Raises ValueError when the file is no readable PDF."""
    try:
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        llx, lly, urx, ury = (float(v) for v in page.mediabox)
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        resources = page.get("/Resources")
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise ValueError(str(error)) from error
    document = canvas._doc
    copier = _Copier(document)
    form = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
        "Type": _name("XObject"), "Subtype": _name("Form"),
        "BBox": pdfdoc.PDFArray([llx, lly, urx, ury]), "Matrix": pdfdoc.PDFArray([1, 0, 0, 1, -llx, -lly]),
        "Resources": copier.copy(resources) if resources is not None else pdfdoc.PDFDictionary(),
    }), data)
    document.Reference(form, pdfdoc.xObjectName(name))
    return urx - llx, ury - lly


def _name(text: str) -> _Raw:
    return _Raw(NameObject("/" + text))
