"""An organisation's nomination page behind its token link: no sign-in, rate-limited, nothing about anyone
when the link is unknown or revoked, read-only after the deadline."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.core.results import NotFound
from app.quotas import nominations
from app.quotas.nominations import Closed, Outcome
from app.web import ratelimit
from app.web.render import render

# Requests per client address per minute: a liaison entering forty names one by one stays well inside.
PAGES_PER_MINUTE = 120
_rate_limit = ratelimit.per_client(
    "quota-page", lambda: PAGES_PER_MINUTE, "guestpage/invalid.html", N_("Слишком много запросов"),
    N_("С этого адреса страницу открывали слишком часто. Подождите минуту и обновите страницу."))


def _invalid(request: HTMXRequest) -> Template:
    template = render(request, "guestpage/invalid.html", "invalid", status_code=404,
                      title=_("Ссылка недействительна"),
                      text=_("Такой страницы нет или ссылка заменена новой. Уточните ссылку в протокольном отделе "
                             "администрации города."), status=404)
    template.headers.update(ratelimit.NO_STORE)
    return template


async def _page(request: HTMXRequest, token: str, *, status_code: int = 200, errors: list[str] | None = None,
                typed: dict | None = None, done: str = "") -> Template:
    desk = await nominations.desk_by_token(token)
    if desk is None:
        return _invalid(request)
    template = render(request, "quotas/nomination.html", "nomination", status_code=status_code, desk=desk,
                      token=token, errors=errors or [], typed=typed or {}, done=done,
                      columns=nominations.column_names())
    template.headers.update(ratelimit.NO_STORE)
    return template


class NominationPageController(Controller):
    path = "/n"
    before_request = _rate_limit

    @get("/{token:str}")
    async def page(self, request: HTMXRequest, token: str, added: str = "", sent: str = "") -> Template:
        done = ""
        if (count := whole(added)) is not None:
            done = _("Добавлено в список: {n}. Не забудьте отправить список.").format(n=count)
        elif (count := whole(sent)) is not None:
            done = _("Отправлено в протокольный отдел: {n}.").format(n=count)
        return await _page(request, token, done=done)

    async def _after(self, request: HTMXRequest, token: str, action, *, typed: dict | None = None
                     ) -> Template | Response:
        """Runs the organisation's action: a refusal comes back on the page (422), a closed list says why
        (409), an unknown link shows nothing; success goes back to the page."""
        try:
            outcome = await action()
        except NotFound:
            return _invalid(request)
        except Closed as closed:
            return await _page(request, token, status_code=409, errors=[str(closed)])
        if isinstance(outcome, Outcome) and not outcome.ok:
            return await _page(request, token, status_code=422, errors=outcome.errors, typed=typed)
        query = f"?added={outcome.added}" if isinstance(outcome, Outcome) else (
            f"?sent={outcome}" if isinstance(outcome, int) else "")
        return Redirect(path=f"/n/{token}{query}", status_code=HTTP_303_SEE_OTHER)

    @post("/{token:str}/add", status_code=HTTP_303_SEE_OTHER)
    async def add(self, request: HTMXRequest, token: str) -> Template | Response:
        form = dict(await request.form())
        return await self._after(request, token, lambda: nominations.add_person(token, form), typed=form)

    @post("/{token:str}/upload", status_code=HTTP_303_SEE_OTHER)
    async def upload(self, request: HTMXRequest, token: str) -> Template | Response:
        file = (await request.form()).get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            return await _page(request, token, status_code=422, errors=[_("Выберите файл XLSX или CSV.")])
        data = await file.read()
        return await self._after(request, token, lambda: nominations.upload(token, file.filename, data))

    @post("/{token:str}/submit", status_code=HTTP_303_SEE_OTHER)
    async def submit(self, request: HTMXRequest, token: str) -> Template | Response:
        return await self._after(request, token, lambda: nominations.submit(token))

    @post("/{token:str}/names/{nomination_id:int}/substitute", status_code=HTTP_303_SEE_OTHER)
    async def substitute(self, request: HTMXRequest, token: str, nomination_id: int) -> Template | Response:
        form = dict(await request.form())
        return await self._after(request, token, lambda: nominations.substitute(token, nomination_id, form))

    @post("/{token:str}/names/{nomination_id:int}/withdraw", status_code=HTTP_303_SEE_OTHER)
    async def withdraw(self, request: HTMXRequest, token: str, nomination_id: int) -> Template | Response:
        return await self._after(request, token, lambda: nominations.withdraw(token, nomination_id))
