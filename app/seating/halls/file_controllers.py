"""A hall in and out as a file: our «ceremonia-hall» JSON or pretix's seating plan (app.seating.halls.files)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.i18n import gettext as _
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.seating.halls import services as halls
from app.seating.halls.files import read_hall, to_json
from app.seating.halls.json_fields import HallFileError
from app.seating.halls.pretix import to_pretix
from app.seating.kinds import HALL_KIND_LABELS
from app.web.guards import requires_role
from app.web.render import found, go, render

WRITERS = {"ceremonia": to_json, "pretix": to_pretix}
NAME_LENGTH = 200  # Hall.name

_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                   "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))


def file_name(hall_name: str, hall_id: int, fmt: str) -> str:
    """«Большой зал» → «bolshoy-zal.pretix.json»: ASCII, which every browser takes from the header."""
    latin = "".join(_LATIN.get(c, c) for c in hall_name.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:60] or f"hall-{hall_id}"
    return f"{slug}.{fmt}.json"


class HallFileController(Controller):
    path = "/halls"
    guards = [requires_role(PLAN_READERS)]

    @get("/{hall_id:int}/export.json")
    async def export(self, hall_id: int, format: str = "ceremonia") -> Response:
        writer = WRITERS.get(format)
        if writer is None:
            raise NotFoundException
        spec = await found(halls.load_spec(hall_id))
        return Response(content=json.dumps(writer(spec), ensure_ascii=False, indent=1).encode(),
                        media_type="application/json", headers={
                            "Content-Disposition": f'attachment; filename="{file_name(spec.name, hall_id, format)}"'})

    @post("/import", guards=[requires_role(PLAN_EDITORS)], status_code=200)
    async def upload(self, request: HTMXRequest) -> Template | Response:
        form = await request.form()
        name = str(form.get("name") or "").strip()[:NAME_LENGTH]
        file = form.get("file")
        try:
            if not isinstance(file, UploadFile) or not file.filename:
                raise HallFileError(_("Выберите файл со схемой зала (JSON)."))
            spec = read_hall(await file.read())
        except HallFileError as error:
            return render(request, "seating/halls.html", "hall_import", status_code=422,
                          halls=await halls.list_halls(), can_edit=True, kind_labels=HALL_KIND_LABELS,
                          import_values={"name": name}, import_errors={"file": str(error)})
        hall_id = await halls.create_hall(replace(spec, name=name or spec.name[:NAME_LENGTH]))
        return go(request, f"/halls/{hall_id}")
