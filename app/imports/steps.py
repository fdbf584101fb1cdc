"""The steps of importing a list from a file, as pages: upload → columns → check → report.

A subclass of `ImportSteps` names its path and guards, its `flow` (app.imports.flow.Flow: the
vocabulary, how it reads, previews and applies) and its `pages` (what the shared pages of
templates/imports/ say for it). Each page's fragment is the block of the step's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.i18n import gettext as _
from app.imports import flow as import_flow
from app.imports.applying import apply_once
from app.imports.flow import Flow, Upload
from app.web.files import XLSX, file_response
from app.web.render import found, go, render


@dataclass(frozen=True)
class Pages:
    """What the shared pages say for one import. The texts are msgids (N_), translated on the page;
    `parts` is the area's template of macros for its own bits: `checks(view)` (what the check step
    asks or tells above the first rows), `sample_head()` and `sample_cells(row)` (the first rows'
    columns between «№» and «Замечания»), and optionally `upload_help()` (below the upload form)
    and `report_extra(report)` (on the report, before its buttons)."""

    back: str  # the list the import fills: the crumbs' first link and the report's button
    back_label: str  # its name in the crumbs
    back_button: str  # the report's button back to it
    upload_title: str
    upload_heading: str
    upload_note: str  # under the file input: what happens next
    field_header: str  # the mapping table's column of fields
    apply_label: str  # the check step's button
    report_heading: str
    parts: str


class ImportSteps(Controller):
    """The steps of importing a list from a file; see the module's docstring."""

    flow: Flow
    pages: Pages
    rejected_name = "rejected-rows.xlsx"

    def _page(self, request: HTMXRequest, step: str, status_code: int = 200, **context: Any) -> Template:
        return render(request, f"imports/{step}.html", step, status_code=status_code, base=self.path,
                      page=self.pages, **context)

    async def _upload(self, upload_id: str) -> Upload:
        return self.flow.load(upload_id)

    @get("/")
    async def upload_form(self, request: HTMXRequest) -> Template:
        return self._page(request, "upload", error="")

    @post("/", status_code=200)
    async def upload(self, request: HTMXRequest) -> Template | Response:
        file = (await request.form()).get("file")
        upload_id, error = None, _("Выберите файл XLSX или CSV.")
        if isinstance(file, UploadFile):
            upload_id, error = await self.flow.store_upload(file.filename, await file.read(), request.user.account_id)
        if upload_id is None:
            return self._page(request, "upload", error=error, status_code=422)
        return go(request, f"{self.path}/{upload_id}/mapping")

    @get("/{upload_id:str}/mapping")
    async def mapping(self, request: HTMXRequest, upload_id: str) -> Template:
        view = await import_flow.mapping_view(await found(self._upload(upload_id)))
        return self._page(request, "mapping", view=view, error="")

    @post("/{upload_id:str}/mapping", status_code=200)
    async def save_mapping(self, request: HTMXRequest, upload_id: str) -> Template | Response:
        upload = await found(self._upload(upload_id))
        form = dict(await request.form())
        error = import_flow.save_mapping(upload, form)
        if error:
            view = await import_flow.mapping_view(upload, form)
            return self._page(request, "mapping", view=view, error=error, status_code=422)
        return go(request, f"{self.path}/{upload_id}/preview")

    @get("/{upload_id:str}/preview")
    async def preview(self, request: HTMXRequest, upload_id: str) -> Template | Response:
        upload = await found(self._upload(upload_id))
        if upload.mapping is None:
            return go(request, f"{self.path}/{upload_id}/mapping")
        return self._page(request, "preview", view=await self.flow.build_preview(upload))

    @post("/{upload_id:str}/apply", status_code=200)
    async def apply(self, request: HTMXRequest, upload_id: str) -> Template | Response:
        upload = await found(self._upload(upload_id))
        if upload.mapping is None:
            return go(request, f"{self.path}/{upload_id}/mapping")
        # a second press of the button, or two at once, import once: all get the first one's report
        if await apply_once(self.flow, upload, dict(await request.form())) is None:
            return self._page(request, "upload", status_code=409, error=_(
                "Этот файл уже загружается: откройте страницу итогов через минуту."))
        return go(request, f"{self.path}/{upload_id}/report")

    @get("/{upload_id:str}/report")
    async def report(self, request: HTMXRequest, upload_id: str) -> Template | Response:
        upload = await found(self._upload(upload_id))
        if upload.report is None:
            return go(request, f"{self.path}/{upload_id}/preview")
        return self._page(request, "report", upload=upload, report=self.flow.report_of(upload))

    @get("/{upload_id:str}/rejected.xlsx")
    async def rejected(self, upload_id: str) -> Response:
        upload = await found(self._upload(upload_id))
        return file_response(await found(self.flow.rejected_xlsx(upload)), self.rejected_name, XLSX, inline=False)
