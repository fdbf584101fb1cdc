"""The seating plan's prints: the scheme, the lists by row and by table, the alphabetical index and the place
cards (PDF). Without a plan (or with nobody seated yet) each answers with a page that says so and leads back
to the seating page. And the plan as a table (XLSX, CSV)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import QueryParameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.events.services import get_ceremony
from app.seating.plan import exports, prints
from app.seating.plan.controllers import READERS
from app.web.files import XLSX, file_response
from app.web.render import found, render

PDF = "application/pdf"


class SeatingPrintsController(Controller):
    path = "/ceremonies/{ceremony_id:int}/seating/print"
    # The prints name every guest: those who may open the seating page, not every reader of the year's plan.
    guards = READERS

    async def _pdf(self, request: HTMXRequest, ceremony_id: int, document: Awaitable[bytes],
                   filename: str) -> Response | Template:
        try:
            content = await found(document)
        except prints.NoPlan:
            ceremony = await found(get_ceremony(ceremony_id))
            return render(request, "seating/no_plan.html", "content", status_code=404, ceremony=ceremony)
        return Response(content=content, media_type=PDF,
                        headers={"Content-Disposition": f'inline; filename="{filename}-{ceremony_id}.pdf"'})

    @get("/scheme.pdf")
    async def scheme(self, request: HTMXRequest, ceremony_id: int, size: prints.Size = prints.Size.A3,
                     show: prints.Show = prints.Show.NAMES) -> Response | Template:
        return await self._pdf(request, ceremony_id, prints.scheme_pdf(ceremony_id, size, show),
                               f"seating-scheme-{size.value}")

    @get("/list.pdf")
    async def seat_list(self, request: HTMXRequest, ceremony_id: int,
                        by: prints.ListOrder = prints.ListOrder.ROW) -> Response | Template:
        return await self._pdf(request, ceremony_id, prints.list_pdf(ceremony_id, by), f"seating-list-by-{by.value}")

    @get("/index.pdf")
    async def index(self, request: HTMXRequest, ceremony_id: int, size: prints.Size = prints.Size.A4
                    ) -> Response | Template:
        return await self._pdf(request, ceremony_id, prints.index_pdf(ceremony_id, size), "seating-index")

    @get("/cards.pdf")
    async def place_cards(self, request: HTMXRequest, ceremony_id: int,
                          which: Annotated[prints.CardsFor, QueryParameter(name="for")] = prints.CardsFor.ALL
                          ) -> Response | Template:
        return await self._pdf(request, ceremony_id, prints.cards_pdf(ceremony_id, which),
                               f"place-cards-{which.value}")

    @get("/plan.xlsx")
    async def plan_xlsx(self, ceremony_id: int) -> Response:
        content = await found(exports.plan_xlsx(ceremony_id))
        return file_response(content, f"seating-plan-{ceremony_id}.xlsx", XLSX, inline=False)

    @get("/plan.csv")
    async def plan_csv(self, ceremony_id: int) -> Response:
        content = await found(exports.plan_csv(ceremony_id))
        return file_response(content, f"seating-plan-{ceremony_id}.csv", "text/csv", inline=False)
