"""Fonts with Cyrillic for every printed document, registered once with reportlab.

PT Serif and PT Sans (ParaType Free Font License, assets/fonts/LICENSE-PT-fonts.txt) are the
fonts of Russian official papers; reportlab embeds the subset each PDF uses.
"""

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"

SERIF = "PTSerif"
SERIF_BOLD = "PTSerif-Bold"
SERIF_ITALIC = "PTSerif-Italic"
SANS = "PTSans"
SANS_BOLD = "PTSans-Bold"

_FILES = {
    SERIF: "PTSerif-Regular.ttf",
    SERIF_BOLD: "PTSerif-Bold.ttf",
    SERIF_ITALIC: "PTSerif-Italic.ttf",
    "PTSerif-BoldItalic": "PTSerif-BoldItalic.ttf",
    SANS: "PTSans-Regular.ttf",
    SANS_BOLD: "PTSans-Bold.ttf",
}


@cache
def register_fonts() -> None:
    """Register the families so that <b> and <i> in Paragraph markup pick the right face."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, "PTSerif-BoldItalic")
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)
