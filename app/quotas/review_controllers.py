"""The officer's review of the nominations (accept, return, the links, the reminders) and the quota and
reminder letters of a ceremony's quota table."""

from __future__ import annotations

from collections.abc import Mapping

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.numbers import whole
from app.core.roles import PLAN_EDITORS
from app.letters.prints import Unfilled
from app.quotas import nominations, quota_letters, review, services
from app.quotas.controllers import REVIEWERS
from app.quotas.kinds import NominationStatus, QuotaLetterKind
from app.web.files import XLSX, file_response
from app.web.guards import requires_role
from app.web.render import found, go, render

READERS = [requires_role(REVIEWERS)]
EDITORS = [requires_role(PLAN_EDITORS)]
ZIP = "application/zip"


def _url(ceremony_id: int) -> str:
    return f"/ceremonies/{ceremony_id}/quotas/review"


async def _page(request: HTMXRequest, ceremony_id: int, *, status_code: int = 200,
                errors: Mapping[int, Mapping[str, str]] | None = None, problems: list[str] | None = None,
                organisation: int | None = None, status: str = NominationStatus.SUBMITTED.value) -> Template:
    found_review = await found(review.review(ceremony_id))
    chosen_status = NominationStatus(status) if status in NominationStatus._value2member_map_ else None
    letters = {kind: await quota_letters.letter_lines(ceremony_id, kind) for kind in QuotaLetterKind}
    return render(request, "quotas/review.html", "review", status_code=status_code, review=found_review,
                  shown=found_review.chosen(organisation, chosen_status), chosen={"organisation": organisation,
                                                                                   "status": status},
                  ceremony=found_review.ceremony, errors=errors or {}, problems=problems or [],
                  letters=letters, can_edit=request.user.role in PLAN_EDITORS,
                  link=nominations.nomination_url, categories=dict(await services.categories()))


class QuotaReviewController(Controller):
    path = "/ceremonies/{ceremony_id:int}/quotas/review"
    guards = READERS

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int, organisation: str = "",
                   status: str = NominationStatus.SUBMITTED.value) -> Template:
        return await _page(request, ceremony_id, organisation=whole(organisation), status=status)

    @post("/names/{nomination_id:int}/accept", guards=EDITORS, status_code=200)
    async def accept(self, request: HTMXRequest, ceremony_id: int, nomination_id: int) -> Template | Response:
        saved = await found(review.accept(ceremony_id, nomination_id, dict(await request.form())))
        if not saved.ok:
            return await _page(request, ceremony_id, status_code=422, errors={nomination_id: saved.errors},
                               status="")
        return go(request, f"{_url(ceremony_id)}#names")

    @post("/names/{nomination_id:int}/return", guards=EDITORS, status_code=200)
    async def give_back(self, request: HTMXRequest, ceremony_id: int, nomination_id: int) -> Template | Response:
        saved = await found(review.return_name(ceremony_id, nomination_id, dict(await request.form())))
        if not saved.ok:
            return await _page(request, ceremony_id, status_code=422, errors={nomination_id: saved.errors},
                               status="")
        return go(request, f"{_url(ceremony_id)}#names")

    @post("/accept-unmatched", guards=EDITORS, status_code=200)
    async def accept_unmatched(self, request: HTMXRequest, ceremony_id: int) -> Response:
        job_id = await found(review.submit_accept_unmatched(ceremony_id, request.user))
        return go(request, f"/jobs/{job_id}")

    @post("/organisations/{organisation_id:int}/link", guards=EDITORS, status_code=200)
    async def new_link(self, request: HTMXRequest, ceremony_id: int, organisation_id: int) -> Response:
        await found(nominations.revoke_link(ceremony_id, organisation_id))
        return go(request, f"{_url(ceremony_id)}#organisations")

    @get("/reminders.xlsx")
    async def reminders(self, ceremony_id: int) -> Response:
        return file_response(await found(review.reminders_xlsx(ceremony_id)), "reminders.xlsx", XLSX, inline=False)


class QuotaLettersController(Controller):
    path = "/ceremonies/{ceremony_id:int}/quotas/letters/{kind:str}"
    guards = READERS

    @post("/prepare", guards=EDITORS, status_code=200)
    async def prepare(self, request: HTMXRequest, ceremony_id: int, kind: str) -> Template | Response:
        prepared = await found(quota_letters.prepare(ceremony_id, _kind(kind), request.user))
        if prepared.problems:
            return await _page(request, ceremony_id, status_code=422, problems=list(prepared.problems))
        return go(request, f"{_url(ceremony_id)}#letters")

    @post("/register", guards=EDITORS, status_code=200)
    async def register(self, request: HTMXRequest, ceremony_id: int, kind: str) -> Template | Response:
        problems = await found(quota_letters.register_all(ceremony_id, _kind(kind)))
        if problems:
            return await _page(request, ceremony_id, status_code=422, problems=problems)
        return go(request, f"{_url(ceremony_id)}#letters")

    @get("/letters.pdf")
    async def pdf(self, request: HTMXRequest, ceremony_id: int, kind: str) -> Template | Response:
        try:
            return file_response(await found(quota_letters.batch_pdf(ceremony_id, _kind(kind))), f"{kind}-letters.pdf")
        except Unfilled as unfilled:
            return await _page(request, ceremony_id, status_code=422, problems=[str(unfilled)])

    @get("/letters.zip")
    async def docx(self, request: HTMXRequest, ceremony_id: int, kind: str) -> Template | Response:
        try:
            return file_response(await found(quota_letters.batch_docx(ceremony_id, _kind(kind))),
                                 f"{kind}-letters-docx.zip", ZIP, inline=False)
        except Unfilled as unfilled:
            return await _page(request, ceremony_id, status_code=422, problems=[str(unfilled)])


def _kind(kind: str) -> QuotaLetterKind:
    if kind not in QuotaLetterKind._value2member_map_:
        raise NotFoundException
    return QuotaLetterKind(kind)
