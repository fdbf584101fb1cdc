"""The design page of a ceremony's invitations: the settings form with a live preview of the first
guests, uploads (the printing house's card, the coat of arms, the signature), printers' offsets, the
calibration sheet, a PDF of the first cards, address labels."""

from __future__ import annotations

import asyncio

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.formatting import fmt_decimal
from app.core.i18n import gettext as _
from app.core.roles import PLAN_EDITORS, REGISTRY_READERS
from app.documents import card_design
from app.documents.card_preview import preview_svg
from app.events import services as events
from app.invitations import designs, printing, rendering
from app.invitations.controllers import EDITORS
from app.web.files import file_response
from app.web.guards import requires_role
from app.web.render import found, render

CHOICES = {"papers": card_design.PAPER_LABELS, "orientations": card_design.ORIENTATIONS,
           "backgrounds": card_design.BACKGROUNDS, "themes": card_design.THEMES, "fonts": card_design.FONTS,
           "alignments": card_design.ALIGNMENTS, "field_labels": card_design.FIELD_LABELS, "fmt_decimal": fmt_decimal}


class InvitationDesignController(Controller):
    path = "/ceremonies/{ceremony_id:int}/invitations/design"
    guards = [requires_role(REGISTRY_READERS)]

    async def _previews(self, ceremony_id: int, design: card_design.Design) -> list[str]:
        how = await printing.printing_of(ceremony_id)
        offset = await designs.offset_of(design.printer)
        note = _("Бланк типографии (PDF): посмотрите его в «PDF первых приглашений»")
        return [preview_svg(rendering.card_content(c, design), design, how.artwork, pdf_note=note, offset=offset)
                for c in await printing.preview_cards(ceremony_id)]

    async def _page(self, request: HTMXRequest, ceremony_id: int, *, block: str = "design", values: dict | None = None,
                    errors: dict | None = None, side: dict | None = None, message: str = "",
                    status_code: int = 200) -> Template:
        """`values`: the design form as posted (a preview or a refused save); `side`: what was typed in one of
        the smaller forms (a printer's offset), shown again beside the saved design."""
        ceremony = await found(events.get_ceremony(ceremony_id))
        page = await found(designs.page(ceremony_id))
        design = page.design
        if values is not None and not errors:
            design, _errors = designs.parse(values, page.design)
        shown = values if values is not None else {**designs.form_values(design), **(side or {})}
        return render(request, "invitations/design.html", block, status_code=status_code, ceremony=ceremony,
                      page=page, design=design, values=shown, errors=errors or {}, message=message,
                      previews=await self._previews(ceremony_id, design),
                      overflow=await printing.overflowing(ceremony_id, design) if block == "design" else [],
                      can_edit=request.user.role in PLAN_EDITORS, **CHOICES)

    @get("/")
    async def index(self, request: HTMXRequest, ceremony_id: int) -> Template:
        return await self._page(request, ceremony_id)

    @post("/preview", status_code=200)
    async def preview(self, request: HTMXRequest, ceremony_id: int) -> Template:
        """The preview of what the form says now, not yet saved."""
        form = dict(await request.form())
        return await self._page(request, ceremony_id, block="preview", values=form)

    @post("/", guards=EDITORS, status_code=200)
    async def save(self, request: HTMXRequest, ceremony_id: int) -> Template:
        form = dict(await request.form())
        saved = await found(designs.save(ceremony_id, form))
        if not saved.ok:
            return await self._page(request, ceremony_id, values=form, errors=saved.errors, status_code=422)
        return await self._page(request, ceremony_id, message=_("Оформление сохранено."))

    @post("/reset", guards=EDITORS, status_code=200)
    async def reset(self, request: HTMXRequest, ceremony_id: int) -> Template:
        await found(designs.reset(ceremony_id))
        return await self._page(request, ceremony_id, message=_("Поля расставлены по умолчанию."))

    async def _file(self, request: HTMXRequest) -> tuple[str, bytes]:
        file = (await request.form()).get("file")
        if isinstance(file, UploadFile) and file.filename:
            return file.filename, await file.read()
        return "", b""

    @post("/background", guards=EDITORS, status_code=200)
    async def background(self, request: HTMXRequest, ceremony_id: int) -> Template:
        saved = await found(designs.upload_background(ceremony_id, *await self._file(request)))
        if not saved.ok:
            return await self._page(request, ceremony_id, errors=saved.errors, status_code=422)
        return await self._page(request, ceremony_id, message=_("Бланк типографии загружен."))

    @post("/artwork/{kind:str}", guards=EDITORS, status_code=200)
    async def artwork(self, request: HTMXRequest, ceremony_id: int, kind: str) -> Template:
        await found(events.get_ceremony(ceremony_id))
        saved = await found(designs.upload_artwork(kind, *await self._file(request)))
        if not saved.ok:
            return await self._page(request, ceremony_id, errors=saved.errors, status_code=422)
        return await self._page(request, ceremony_id, message=_("Картинка загружена для всех церемоний."))

    @post("/printer", guards=EDITORS, status_code=200)
    async def printer(self, request: HTMXRequest, ceremony_id: int) -> Template:
        form = dict(await request.form())
        saved = await designs.save_printer(form)
        if not saved.ok:
            return await self._page(request, ceremony_id, errors=saved.errors, side=form, status_code=422)
        return await self._page(request, ceremony_id, message=_("Сдвиг принтера сохранён."))

    # The PDFs carry guests' tokens (QR codes): only those who issue invitations.
    @get("/preview.pdf", guards=EDITORS)
    async def preview_pdf(self, ceremony_id: int) -> Response:
        how = await found(printing.printing_of(ceremony_id))
        data = await printing.preview_cards(ceremony_id)
        content = await asyncio.to_thread(rendering.cards_pdf, data, how.design, how.artwork, how.offset)
        return file_response(content, f"invitations-preview-{ceremony_id}.pdf")

    @get("/calibration.pdf", guards=EDITORS)
    async def calibration(self, ceremony_id: int) -> Response:
        return file_response(await found(printing.calibration_pdf(ceremony_id)), f"calibration-{ceremony_id}.pdf")

    @get("/labels.pdf", guards=EDITORS)
    async def labels(self, ceremony_id: int) -> Response:
        return file_response(await found(printing.labels_pdf(ceremony_id)), f"labels-{ceremony_id}.pdf")
