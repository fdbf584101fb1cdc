"""The roster's printed outputs beside the grid: duty slips with QR codes, the list of duty officers,
and the roster as an XLSX workbook."""

from __future__ import annotations

from litestar import Controller, Response, get

from app.core.roles import PLAN_READERS
from app.duty import prints
from app.web.guards import requires_role
from app.web.render import found

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, media_type: str, filename: str, *, inline: bool) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


class DutyPrintsController(Controller):
    path = "/ceremonies/{ceremony_id:int}/duty/print"
    guards = [requires_role(PLAN_READERS)]

    @get("/slips.pdf")
    async def slips(self, ceremony_id: int) -> Response:
        return _file(await found(prints.slips_pdf(ceremony_id)), PDF, f"duty-slips-{ceremony_id}.pdf", inline=True)

    @get("/list.pdf")
    async def officers(self, ceremony_id: int) -> Response:
        return _file(await found(prints.officers_pdf(ceremony_id)), PDF, f"duty-officers-{ceremony_id}.pdf",
                     inline=True)

    @get("/roster.xlsx")
    async def workbook(self, ceremony_id: int) -> Response:
        return _file(await found(prints.roster_xlsx(ceremony_id)), XLSX, f"duty-roster-{ceremony_id}.xlsx",
                     inline=False)
