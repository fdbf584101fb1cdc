"""A ceremony's invitation design: kept, read back, changed from the design page's form; the pictures
it uses (the printing house's card per ceremony; the coat of arms and the signature once for the
organisation); printers' offsets for pre-printed stock.

The design is app.documents.card_design.Design stored as JSON: the form posts every setting, the
whole design is checked and saved at once, and what was typed comes back with the errors.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.formatting import fmt_decimal
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.documents.card_backgrounds import Artwork, is_pdf
from app.documents.card_design import (
    ALIGNMENTS,
    BACKGROUNDS,
    CUSTOM_LIMITS,
    FIELD_LABELS,
    FONTS,
    ORIENTATIONS,
    PAPER_LABELS,
    THEMES,
    Design,
    FieldSpec,
    LabelSheet,
    default_design,
    fitted_fields,
)
from app.documents.pictures import picture_error, picture_kind
from app.events.tables import Ceremony
from app.invitations.tables import InvitationArtwork, InvitationDesign, PrinterOffset
from app.web.forms import FormReader

ARTWORK_KINDS = {"coat_of_arms": "coat_of_arms", "signature": "signature"}
MAX_UPLOAD = 8 * 1024 * 1024
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
EDGE_SLACK = 1.0  # mm a field may stick out past the card's edge (a bleed), no more


@dataclass(frozen=True)
class DesignPage:
    design: Design
    background_name: str
    has_coat_of_arms: bool
    has_signature: bool
    printers: list[dict]


async def _ceremony(ceremony_id: int) -> dict:
    row = await Ceremony.select(Ceremony.id, Ceremony.title, Ceremony.event.title.as_alias("event")).where(
        Ceremony.id == ceremony_id).first()
    if row is None:
        raise NotFound
    return row


def _theme_for(event_title: str) -> str:
    """A new ceremony's theme from its event: Victory Day's ribbon, City Day's colours, else neutral."""
    title = event_title.lower()
    return "victory" if "побед" in title else "city" if "город" in title else "neutral"


async def design_for(ceremony_id: int) -> Design:
    row = await InvitationDesign.select(InvitationDesign.settings).where(
        InvitationDesign.ceremony == ceremony_id).first()
    if row is None:
        ceremony = await _ceremony(ceremony_id)
        return default_design(theme=_theme_for(ceremony["event"] or ""))
    return Design.from_dict(json.loads(row["settings"] or "{}"))


async def artwork_for(ceremony_id: int) -> Artwork:
    design = await InvitationDesign.select(InvitationDesign.background).where(
        InvitationDesign.ceremony == ceremony_id).first()
    pictures = {r["kind"]: r["data"] for r in await InvitationArtwork.select(InvitationArtwork.kind,
                                                                            InvitationArtwork.data)}
    return Artwork(coat_of_arms=pictures.get("coat_of_arms"), upload=(design or {}).get("background"),
                   signature=pictures.get("signature"))


async def offset_of(printer: str) -> tuple[float, float]:
    row = await PrinterOffset.select(PrinterOffset.dx, PrinterOffset.dy).where(PrinterOffset.name == printer).first()
    return (row["dx"], row["dy"]) if row else (0.0, 0.0)


async def printers() -> list[dict]:
    return await PrinterOffset.select(PrinterOffset.name, PrinterOffset.dx, PrinterOffset.dy).order_by(
        PrinterOffset.name)


async def page(ceremony_id: int) -> DesignPage:
    design = await design_for(ceremony_id)
    row = await InvitationDesign.select(InvitationDesign.background_name).where(
        InvitationDesign.ceremony == ceremony_id).first()
    kinds = {r["kind"] for r in await InvitationArtwork.select(InvitationArtwork.kind)}
    return DesignPage(design, (row or {}).get("background_name", ""), "coat_of_arms" in kinds, "signature" in kinds,
                      await printers())


# ---------------------------------------------------------------- the form


def _decimal(form: FormReader, name: str, low: float, high: float, default: float) -> float:
    raw = "".join(str(form.raw.get(name, "")).split()).replace(",", ".").replace("\u2212", "-")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        form.fail(name, _("Нужно число, например 12,5."))
        return default
    if not low <= value <= high:
        form.fail(name, _("Число от {low} до {high}.").format(low=low, high=high))
    return round(value, 1)


def _one_of(form: FormReader, name: str, allowed: Mapping[str, object], default: str) -> str:
    value = str(form.raw.get(name, default))
    if value not in allowed:
        form.fail(name, _("Выберите значение из списка."))
        return default
    return value


def parse(raw: Mapping[str, str], saved: Design) -> tuple[Design, dict[str, str]]:
    """The design the form describes, and what is wrong with it (by input name).

    A new paper size or orientation lays the fields out afresh for it: millimetres placed for one card
    mean nothing on another."""
    form = FormReader(raw)
    paper = _one_of(form, "paper", PAPER_LABELS, saved.paper)
    design = replace(
        saved, paper=paper, orientation=_one_of(form, "orientation", ORIENTATIONS, saved.orientation),
        custom_width=_decimal(form, "custom_width", *CUSTOM_LIMITS, saved.custom_width),
        custom_height=_decimal(form, "custom_height", *CUSTOM_LIMITS, saved.custom_height),
        background=_one_of(form, "background", BACKGROUNDS, saved.background),
        theme=_one_of(form, "theme", THEMES, saved.theme), overprint=bool(raw.get("overprint")),
        printer=form.text("printer", max_length=100), title_text=form.text("title_text", max_length=100),
        reply_text=form.text("reply_text", max_length=200), reply_phone=form.text("reply_phone", max_length=60),
        qr_caption=form.text("qr_caption", max_length=100), free_text=form.multiline("free_text", max_length=600),
        labels=LabelSheet(
            rows=form.integer("label_rows", minimum=1, maximum=20, default=saved.labels.rows) or 1,
            columns=form.integer("label_columns", minimum=1, maximum=6, default=saved.labels.columns) or 1,
            **{name: _decimal(form, f"label_{name}", 0, 297, getattr(saved.labels, name))
               for name in ("top", "left", "gap_x", "gap_y", "width", "height")}))
    if design.size_mm != saved.size_mm:
        return replace(design, fields=fitted_fields(design)), form.errors
    width, height = design.size_mm
    fields = []
    for spec in saved.fields:
        name = f"f-{spec.key}-"
        field = FieldSpec(
            spec.key, on=bool(raw.get(name + "on")), x=_decimal(form, name + "x", -EDGE_SLACK, width, spec.x),
            y=_decimal(form, name + "y", -EDGE_SLACK, height, spec.y),
            width=_decimal(form, name + "width", 3, width + EDGE_SLACK, spec.width),
            height=_decimal(form, name + "height", 2, height + EDGE_SLACK, spec.height),
            font=_one_of(form, name + "font", FONTS, spec.font), size=_decimal(form, name + "size", 4, 72, spec.size),
            align=_one_of(form, name + "align", ALIGNMENTS, spec.align),
            colour=str(raw.get(name + "colour", spec.colour)).strip())
        if not COLOUR.fullmatch(field.colour):
            form.fail(name + "colour", _("Цвет в виде #1f2d4d."))
        if field.x + field.width > width + EDGE_SLACK or field.y + field.height > height + EDGE_SLACK:
            form.fail(name + "width", _("Поле «{field}» выходит за край карточки ({w} × {h} мм).").format(
                field=_(FIELD_LABELS[spec.key]), w=round(width), h=round(height)))
        fields.append(field)
    return replace(design, fields=tuple(fields)), form.errors


def _changes(before: dict, after: dict) -> dict[str, list]:
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k] and k != "fields"} | (
        {"fields": [None, _("расположение полей")]} if before.get("fields") != after.get("fields") else {})


async def save(ceremony_id: int, raw: Mapping[str, str]) -> Saved:
    ceremony = await _ceremony(ceremony_id)
    before = await design_for(ceremony_id)
    design, errors = parse(raw, before)
    if errors:
        return Saved(errors=errors)
    settings = json.dumps(design.to_dict(), ensure_ascii=False)
    async with write_transaction(InvitationDesign._meta.db):
        if await InvitationDesign.exists().where(InvitationDesign.ceremony == ceremony_id):
            await InvitationDesign.update({InvitationDesign.settings: settings}).where(
                InvitationDesign.ceremony == ceremony_id)
        else:
            await InvitationDesign.insert(InvitationDesign(ceremony=ceremony_id, settings=settings))
        await audit.record("update", "invitation_design", ceremony_id, ceremony["title"],
                           _changes(before.to_dict(), design.to_dict()))
    return Saved(id=ceremony_id)


async def reset(ceremony_id: int) -> Saved:
    """Back to the default layout for the design's paper and theme; the uploads and the texts stay."""
    current = await design_for(ceremony_id)
    return await save(ceremony_id, form_values(replace(current, fields=fitted_fields(current))))


def _shown(value: object) -> str:
    return fmt_decimal(value) if isinstance(value, float) else str(value)


def form_values(design: Design) -> dict[str, str]:
    """The design as the form posts it (the page fills its inputs from this); millimetres as Russians write
    them, «12,5»."""
    data = design.to_dict()
    values = {k: _shown(v) for k, v in data.items() if k not in ("fields", "labels", "overprint")}
    values.update({f"label_{k}": _shown(v) for k, v in data["labels"].items()})
    if design.overprint:
        values["overprint"] = "on"
    for spec in data["fields"]:
        for name, value in spec.items():
            if name == "key" or (name == "on" and not value):
                continue
            values[f"f-{spec['key']}-{name}"] = "on" if name == "on" else _shown(value)
    return values


# ---------------------------------------------------------------- uploads and printers


def _picture_error(data: bytes, *, pdf: bool) -> str:
    """Why this file cannot be used, or "" when it can: a PDF page (when allowed) or a PNG/JPEG/SVG picture."""
    if not data:
        return _("Выберите файл.")
    if len(data) > MAX_UPLOAD:
        return _("Файл больше 8 МБ.")
    if pdf and is_pdf(data):
        from pypdf import PdfReader

        try:
            PdfReader(io.BytesIO(data)).pages[0].mediabox  # noqa: B018 (reading it is the check)
        except Exception:
            return _("PDF не читается: сохраните его заново из программы типографии.")
        return ""
    if picture_kind(data) == "svg" and picture_error(data):
        return _("SVG не читается: сохраните его заново (например, как «обычный SVG» в Inkscape) или пришлите PDF.")
    if picture_error(data):
        return _("Нужен PDF, PNG, JPEG или SVG.") if pdf else _("Нужна картинка PNG, JPEG или SVG.")
    return ""


async def upload_background(ceremony_id: int, filename: str, data: bytes) -> Saved:
    ceremony = await _ceremony(ceremony_id)
    error = _picture_error(data, pdf=True)
    if error:
        return Saved(errors={"background_file": error})
    design = replace(await design_for(ceremony_id), background="upload")
    async with write_transaction(InvitationDesign._meta.db):
        values = {InvitationDesign.background: data, InvitationDesign.background_name: filename[:200],
                  InvitationDesign.settings: json.dumps(design.to_dict(), ensure_ascii=False)}
        if await InvitationDesign.exists().where(InvitationDesign.ceremony == ceremony_id):
            await InvitationDesign.update(values).where(InvitationDesign.ceremony == ceremony_id)
        else:
            await InvitationDesign.insert(InvitationDesign(ceremony=ceremony_id,
                                                           **{c._meta.name: v for c, v in values.items()}))
        await audit.record("update", "invitation_design", ceremony_id, ceremony["title"],
                           {"background_name": [None, filename[:200]]})
    return Saved(id=ceremony_id)


async def upload_artwork(kind: str, filename: str, data: bytes) -> Saved:
    """The coat of arms or the signature, once for every ceremony."""
    if kind not in ARTWORK_KINDS:
        raise NotFound
    error = _picture_error(data, pdf=False)
    if error:
        return Saved(errors={f"{kind}_file": error})
    async with write_transaction(InvitationArtwork._meta.db):
        await InvitationArtwork.delete().where(InvitationArtwork.kind == kind)
        await InvitationArtwork.insert(InvitationArtwork(kind=kind, data=data, filename=filename[:200]))
        await audit.record("update", "invitation_artwork", None, kind, {"filename": [None, filename[:200]]})
    return Saved()


async def save_printer(raw: Mapping[str, str]) -> Saved:
    form = FormReader(raw)
    name = form.text("printer_name", required=True, max_length=100)
    dx, dy = _decimal(form, "printer_dx", -30, 30, 0.0), _decimal(form, "printer_dy", -30, 30, 0.0)
    if form.errors:
        return Saved(errors=form.errors)
    async with write_transaction(PrinterOffset._meta.db):
        row = await PrinterOffset.select(PrinterOffset.dx, PrinterOffset.dy).where(PrinterOffset.name == name).first()
        if row:
            await PrinterOffset.update({PrinterOffset.dx: dx, PrinterOffset.dy: dy}).where(PrinterOffset.name == name)
        else:
            await PrinterOffset.insert(PrinterOffset(name=name, dx=dx, dy=dy))
        await audit.record("update" if row else "create", "printer_offset", None, name,
                           {"dx": [row and row["dx"], dx], "dy": [row and row["dy"], dy]})
    return Saved()
