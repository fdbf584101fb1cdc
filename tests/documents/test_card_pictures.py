"""The pictures a card is printed on: a printing house's PDF as it is meant to be seen (its trim box, turned
by /Rotate), and SVG drawn as vector without reading anything beyond the file."""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents.card_backgrounds import FORM, Artwork, define_background
from app.documents.card_design import default_design
from app.documents.pictures import picture_error, picture_kind
from tests.tools import page_image

BLEED = 3 * mm


def stored_portrait_card(turn: int) -> bytes:
    """An A5 portrait page with 3 mm of dark bleed round a white card and a dark 20 mm square in the card's
    lower left corner, stored with /Rotate `turn` (as a printing house's landscape card often comes)."""
    out = io.BytesIO()
    width, height = 148 * mm + 2 * BLEED, 210 * mm + 2 * BLEED
    canvas = Canvas(out, pagesize=(width, height))
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(BLEED, BLEED, 148 * mm, 210 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    canvas.rect(BLEED, BLEED, 20 * mm, 20 * mm, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(io.BytesIO(out.getvalue()))
    writer = PdfWriter()
    page = writer.add_page(reader.pages[0])
    page.trimbox = RectangleObject([BLEED, BLEED, BLEED + 148 * mm, BLEED + 210 * mm])
    if turn:
        page.rotate(turn)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()


def background_only(design, artwork: Artwork) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=design.size)
    assert define_background(canvas, design, artwork)
    canvas.doForm(FORM)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def dark_corners(pdf: bytes) -> set[str]:
    """Which corners of the page (12 mm squares) are mostly dark, and whether any edge strip is."""
    image = page_image(pdf, 40).convert("L")
    per_mm = 40 / 25.4
    w, h = image.size
    side = round(12 * per_mm)
    boxes = {"top left": (0, 0, side, side), "top right": (w - side, 0, w, side),
             "bottom left": (0, h - side, side, h), "bottom right": (w - side, h - side, w, h),
             "edge": (w // 2 - side, h - 3, w // 2 + side, h)}
    dark = set()
    for name, box in boxes.items():
        crop = image.crop(box)
        if sum(crop.histogram()[:100]) > crop.width * crop.height / 2:
            dark.add(name)
    return dark


def test_a_landscape_card_stored_turned_prints_as_seen_and_without_its_bleed():
    landscape = replace(default_design("A5", "landscape"), background="upload")
    # Turned clockwise on screen, the stored lower left corner is the card's upper left.
    assert dark_corners(background_only(landscape, Artwork(upload=stored_portrait_card(90)))) == {"top left"}
    assert dark_corners(background_only(landscape, Artwork(upload=stored_portrait_card(270)))) == {"bottom right"}
    portrait = replace(default_design("A5", "portrait"), background="upload")
    assert dark_corners(background_only(portrait, Artwork(upload=stored_portrait_card(0)))) == {"bottom left"}
    assert dark_corners(background_only(portrait, Artwork(upload=stored_portrait_card(180)))) == {"top right"}


SVG_ARMS = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="240" '
            b'viewBox="0 0 200 240"><path d="M0 0 H200 V150 Q200 240 100 240 Q0 240 0 150 Z" fill="#1f4e8c"/>'
            b'<circle cx="100" cy="100" r="40" fill="#b08d45"/></svg>')


def test_an_svg_is_recognised_and_drawn_as_vector():
    assert picture_kind(SVG_ARMS) == "svg" and picture_error(SVG_ARMS) == ""
    design = replace(default_design("A5", "portrait"), background="upload")
    pdf = background_only(design, Artwork(upload=SVG_ARMS))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert not [o for o in page["/Resources"]["/XObject"].values()
                if o.get_object()["/Resources"].get("/XObject")]  # no image inside the form: paths
    assert dark_corners(pdf) >= {"top left", "top right"}  # the shield, stretched over the card


def test_an_svg_can_not_make_the_server_read_a_file():
    secret = Path(tempfile.mkdtemp()) / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    hostile = (f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
               f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" '
               f'height="100"><text x="10" y="50">&x;</text><image xlink:href="{secret}" width="10" height="10"/>'
               f'<rect width="100" height="20" fill="#000"/></svg>').encode()
    design = replace(default_design("A5", "portrait"), background="upload")
    pdf = background_only(design, Artwork(upload=hostile))
    assert b"SECRET" not in pdf
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"SECRET" not in text


def test_broken_or_foreign_pictures_are_named():
    assert picture_kind(b"GIF89a....") is None and picture_error(b"GIF89a....")
    assert picture_kind(b"<svg xmlns='http://www.w3.org/2000/svg'") == "svg"
    assert picture_error(b"<svg xmlns='http://www.w3.org/2000/svg'")  # cut off: no drawing
