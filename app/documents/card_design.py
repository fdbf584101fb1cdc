"""An invitation card's design as plain data: the paper, the background and where each field sits.

Positions are millimetres from the card's top left corner (as a ruler on the printed card reads them);
each field is a box (x, y, width, height) its text is fitted into. The defaults are laid out for A5 in
both orientations and stretched to any other paper, so a new ceremony gets a full ceremonial card.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from reportlab.lib.units import mm

from app.core.i18n import N_
from app.documents.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC

# Card faces in mm, portrait (width, height).
PAPERS = {"A5": (148.0, 210.0), "A6": (105.0, 148.0), "EURO": (99.0, 210.0), "A4_FOLDED": (148.0, 210.0)}
PAPER_LABELS = {"A5": N_("A5"), "A6": N_("A6"), "EURO": N_("Евро 210×99"), "A4_FOLDED": N_("A4 сложенный (лицо A5)"),
                "CUSTOM": N_("Свой размер")}
ORIENTATIONS = {"portrait": N_("книжная"), "landscape": N_("альбомная")}
BACKGROUNDS = {"theme": N_("Встроенный рисунок"), "coat_of_arms": N_("Герб организации"),
               "upload": N_("Бланк типографии (PDF, PNG, JPEG, SVG)"), "none": N_("Без фона")}
THEMES = {"victory": N_("День Победы (георгиевская лента)"), "city": N_("День города"), "neutral": N_("Нейтральная")}
ALIGNMENTS = {"left": N_("слева"), "center": N_("по центру"), "right": N_("справа")}
FONTS = {SERIF: "PT Serif", SERIF_BOLD: "PT Serif Bold", SERIF_ITALIC: "PT Serif Italic", SANS: "PT Sans",
         SANS_BOLD: "PT Sans Bold"}
FIELD_LABELS = {
    "emblem": N_("Герб или эмблема"),
    "title": N_("Заголовок"),
    "salutation": N_("Обращение"),
    "host": N_("Строка приглашающего"),
    "event": N_("Событие"),
    "ceremony": N_("Мероприятие"),
    "when": N_("Дата и время"),
    "venue": N_("Место и адрес"),
    "entrance": N_("Вход"),
    "seat": N_("Место в зале"),
    "dress_code": N_("Форма одежды"),
    "reply": N_("Просьба подтвердить участие"),
    "signature": N_("Подпись"),
    "qr": N_("QR-код с подписью"),
    "free_text": N_("Свободный текст"),
}
# The emblem belongs to the background: it is not printed over pre-printed stock.
BACKGROUND_FIELDS = ("emblem",)
MIN_SIZE_SHARE = 0.7  # text shrinks to 70 % of its size before it is reported as not fitting
MIN_SIZE = 5.0
CUSTOM_LIMITS = (50.0, 420.0)  # mm, either side of a custom card


@dataclass(frozen=True)
class FieldSpec:
    key: str
    on: bool
    x: float  # mm from the left edge
    y: float  # mm from the top edge
    width: float
    height: float
    font: str = SERIF
    size: float = 11.0  # points
    align: str = "center"
    colour: str = "#1f2d4d"

    @property
    def min_size(self) -> float:
        return max(MIN_SIZE, round(self.size * MIN_SIZE_SHARE, 1))


@dataclass(frozen=True)
class LabelSheet:
    """Address labels on A4: a grid of rows × columns inside the margins (mm)."""

    rows: int = 7
    columns: int = 2
    top: float = 15.0
    left: float = 8.0
    gap_x: float = 2.5
    gap_y: float = 0.0
    height: float = 38.1
    width: float = 99.1


@dataclass(frozen=True)
class Design:
    paper: str = "A5"
    orientation: str = "portrait"
    custom_width: float = 148.0
    custom_height: float = 210.0
    background: str = "theme"
    theme: str = "neutral"
    overprint: bool = False
    printer: str = ""  # whose calibration offset applies in overprint mode
    title_text: str = N_("Приглашение")
    reply_text: str = N_("Просьба подтвердить участие по телефону")
    reply_phone: str = ""  # the line is printed once a phone is given
    qr_caption: str = N_("Предъявите код на входе")
    free_text: str = ""
    fields: tuple[FieldSpec, ...] = ()
    labels: LabelSheet = field(default_factory=LabelSheet)

    @property
    def size_mm(self) -> tuple[float, float]:
        """The card face (width, height) in mm, turned as chosen."""
        width, height = (self.custom_width, self.custom_height) if self.paper == "CUSTOM" else PAPERS[self.paper]
        width, height = min(width, height), max(width, height)
        return (height, width) if self.orientation == "landscape" else (width, height)

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.size_mm
        return width * mm, height * mm

    @property
    def sheet(self) -> tuple[float, float, float, float]:
        """The printed page (width, height) and where the face sits on it (x, y), in points.

        A4 folded: the face is the right half of a landscape A4 (a portrait card folded down the middle)
        or the lower half of a portrait A4 (a landscape card folded across); the inside stays blank."""
        width, height = self.size
        if self.paper != "A4_FOLDED":
            return width, height, 0.0, 0.0
        if self.orientation == "portrait":
            return 2 * width, height, width, 0.0
        return width, 2 * height, 0.0, 0.0

    def field(self, key: str) -> FieldSpec:
        return next(f for f in self.fields if f.key == key)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Design:
        """Back from storage; what is missing or unknown falls back to the default for the paper."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in ("fields", "labels")}
        base = default_design(**{k: known[k] for k in ("paper", "orientation", "theme") if k in known})
        saved = {f["key"]: f for f in data.get("fields", []) if isinstance(f, dict) and f.get("key") in FIELD_LABELS}
        fields = tuple(FieldSpec(**{**asdict(f), **{k: v for k, v in saved.get(f.key, {}).items()
                                                    if k in FieldSpec.__dataclass_fields__}}) for f in base.fields)
        labels = LabelSheet(**{k: v for k, v in (data.get("labels") or {}).items()
                               if k in LabelSheet.__dataclass_fields__})
        return replace(base, **known, fields=fields, labels=labels)


GOLD_BROWN = "#8c6a2f"
CRIMSON = "#8b1a1a"
NAVY = "#1f2d4d"

# (key, on, x, y, width, height, font, size, align, colour) on an A5 card, mm from the top left.
_PORTRAIT = (
    ("emblem", True, 59, 11, 30, 26, SERIF, 10, "center", NAVY),
    ("title", True, 14, 39, 120, 14, SERIF_BOLD, 30, "center", GOLD_BROWN),
    ("salutation", True, 14, 56, 120, 10, SERIF_BOLD, 15, "center", NAVY),
    ("host", True, 18, 68, 112, 25, SERIF_ITALIC, 11.5, "center", NAVY),
    ("event", True, 14, 95, 120, 11, SERIF_BOLD, 20, "center", CRIMSON),
    ("ceremony", True, 18, 107, 112, 14, SERIF, 12.5, "center", NAVY),
    ("when", True, 14, 124, 120, 8, SANS_BOLD, 12.5, "center", NAVY),
    ("venue", True, 18, 133, 112, 12, SANS, 10.5, "center", NAVY),
    ("entrance", True, 14, 148, 120, 6, SANS, 9.5, "center", NAVY),
    ("seat", True, 14, 154, 120, 6, SANS_BOLD, 10, "center", NAVY),
    ("dress_code", True, 14, 160, 120, 6, SANS, 9.5, "center", NAVY),
    ("signature", True, 24, 168, 72, 20, SERIF, 10.5, "left", NAVY),
    ("qr", True, 101, 163, 24, 29, SANS, 6.5, "center", NAVY),
    ("reply", True, 24, 195, 100, 5, SANS, 7.5, "center", NAVY),
    ("free_text", False, 24, 186, 72, 8, SERIF_ITALIC, 9, "left", NAVY),
)
_LANDSCAPE = (
    ("emblem", True, 158, 12, 30, 26, SERIF, 10, "center", NAVY),
    ("title", True, 14, 13, 126, 13, SERIF_BOLD, 27, "center", GOLD_BROWN),
    ("salutation", True, 14, 29, 126, 9, SERIF_BOLD, 14.5, "center", NAVY),
    ("host", True, 16, 40, 122, 20, SERIF_ITALIC, 11, "center", NAVY),
    ("event", True, 14, 62, 126, 10, SERIF_BOLD, 18, "center", CRIMSON),
    ("ceremony", True, 16, 73, 122, 12, SERIF, 12, "center", NAVY),
    ("when", True, 14, 88, 126, 7, SANS_BOLD, 12, "center", NAVY),
    ("venue", True, 16, 96, 122, 11, SANS, 10, "center", NAVY),
    ("entrance", True, 146, 44, 54, 6, SANS, 9, "center", NAVY),
    ("seat", True, 146, 51, 54, 11, SANS_BOLD, 10, "center", NAVY),
    ("dress_code", True, 146, 63, 54, 10, SANS, 9, "center", NAVY),
    ("signature", True, 24, 110, 100, 18, SERIF, 10.5, "left", NAVY),
    ("qr", True, 158, 96, 30, 36, SANS, 6.5, "center", NAVY),
    ("reply", True, 24, 133, 110, 5, SANS, 7.5, "center", NAVY),
    ("free_text", False, 146, 76, 54, 16, SERIF_ITALIC, 9, "center", NAVY),
)


def default_design(paper: str = "A5", orientation: str = "portrait", theme: str = "neutral") -> Design:
    """The ceremonial layout of A5 stretched to the paper; text sizes follow the smaller stretch."""
    design = Design(paper=paper if paper in PAPERS or paper == "CUSTOM" else "A5",
                    orientation=orientation if orientation in ORIENTATIONS else "portrait",
                    theme=theme if theme in THEMES else "neutral")
    return replace(design, fields=fitted_fields(design))


def fitted_fields(design: Design) -> tuple[FieldSpec, ...]:
    """The default fields for this design's card size."""
    landscape = design.orientation == "landscape"
    base_w, base_h = (210.0, 148.0) if landscape else (148.0, 210.0)
    width, height = design.size_mm
    kx, ky = width / base_w, height / base_h
    k = min(kx, ky)
    fields = []
    for key, on, x, y, w, h, font, size, align, colour in (_LANDSCAPE if landscape else _PORTRAIT):
        if key in ("qr", "emblem"):  # square things stay square, centred where the stretched box is
            side = w * k
            x, y, w, h = x * kx + (w * kx - side) / 2, y * ky, side, h * k
        else:
            x, y, w, h = x * kx, y * ky, w * kx, h * ky
        fields.append(FieldSpec(key, on, round(x, 1), round(y, 1), round(w, 1), round(h, 1), font,
                                round(size * k, 1), align, colour))
    return tuple(fields)
