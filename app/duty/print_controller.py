"""The roster's printed outputs beside the grid: duty slips with QR codes, the list of duty officers,
and the roster as an XLSX workbook."""

from __future__ import annotations

from litestar import Controller, Response, get

from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.duty import prints
from app.web.files import XLSX, file_response
from app.web.guards import requires_role
from app.web.render import found


class DutyPrintsController(Controller):
    path = "/ceremonies/{ceremony_id:int}/duty/print"
    guards = [requires_role(PLAN_READERS)]

    # The slips carry each officer's /d/ address (a QR code): whoever holds one acts as that officer.
    @get("/slips.pdf", guards=[requires_role(PLAN_EDITORS)])
    async def slips(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.slips_pdf(ceremony_id)), f"duty-slips-{ceremony_id}.pdf")

    @get("/list.pdf")
    async def officers(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.officers_pdf(ceremony_id)), f"duty-officers-{ceremony_id}.pdf")

    @get("/roster.xlsx")
    async def workbook(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.roster_xlsx(ceremony_id)), f"duty-roster-{ceremony_id}.xlsx", XLSX,
                             inline=False)
