"""The guest's invitation page behind the QR code: no sign-in, rate-limited, nothing personal when invalid."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.core.config import get_settings
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.guestpage import services
from app.guestpage.ics import InvitationEvent, invitation_calendar
from app.guestpage.qr import qr_svg
from app.guestpage.services import Answer, TokenState
from app.invitations.tokens import invitation_url
from app.web import ratelimit
from app.web.render import render

# Requests per client address per minute to pages behind tokens: a guest needs a handful; guessing
# tokens (192 random bits) is hopeless anyway, this only keeps scripted hammering off the database.
TOKEN_PAGES_PER_MINUTE = 60
NO_STORE = ratelimit.NO_STORE
_rate_limit = ratelimit.per_client(
    "token-page", lambda: TOKEN_PAGES_PER_MINUTE, "guestpage/invalid.html", N_("Слишком много запросов"),
    N_("С этого адреса приглашения открывали слишком часто. Подождите минуту и обновите страницу."))


def _invalid(request: HTMXRequest, state: TokenState) -> Template:
    if state == TokenState.REVOKED:
        title = _("Это приглашение больше недействительно")
        text = _("Вместо него выдано новое приглашение, или оно отозвано. Если вы считаете, что это ошибка, "
                 "позвоните в протокольный отдел администрации города.")
        status = 410
    else:
        title = _("Приглашение не найдено")
        text = _("Такого приглашения нет. Проверьте, что ссылка открыта полностью, или отсканируйте QR-код "
                 "ещё раз.")
        status = 404
    template = render(request, "guestpage/invalid.html", "invalid", status_code=status, title=title, text=text,
                      status=status)
    template.headers.update(NO_STORE)
    return template


def _qr(token: str) -> str:
    """The same code as on the printed card: the gate reads it from the phone's screen."""
    return qr_svg(invitation_url(token), label=_("QR-код приглашения"))


class GuestPageController(Controller):
    path = "/i"
    before_request = _rate_limit

    @get("/{token:str}")
    async def page(self, request: HTMXRequest, token: str, answered: str = "") -> Template:
        state, invitation = await services.lookup(token)
        if invitation is None:
            return _invalid(request, state)
        template = render(request, "guestpage/invitation.html", "invitation", invitation=invitation, token=token,
                          answered=answered in ("accept", "decline"), qr=_qr(token))
        template.headers.update(NO_STORE)
        return template

    @post("/{token:str}", status_code=HTTP_303_SEE_OTHER)
    async def answer(self, request: HTMXRequest, token: str) -> Response | Template:
        form = await request.form()
        choice = str(form.get("answer", ""))
        state, invitation = await services.lookup(token)
        if invitation is None:
            return _invalid(request, state)
        if choice not in Answer._value2member_map_:
            return render(request, "guestpage/invitation.html", "invitation", status_code=422, token=token,
                          invitation=invitation, answered=False, qr=_qr(token))
        invitation = await services.respond(token, Answer(choice), str(form.get("note", "")))
        if request.htmx:
            return render(request, "guestpage/invitation.html", "invitation", status_code=200, token=token,
                          invitation=invitation, answered=True, qr=_qr(token))
        return Redirect(path=f"/i/{token}?answered={choice}", status_code=HTTP_303_SEE_OTHER)

    @get("/{token:str}/invitation.ics")
    async def calendar(self, request: HTMXRequest, token: str) -> Response | Template:
        state, invitation = await services.lookup(token)
        if invitation is None:
            return _invalid(request, state)
        settings = get_settings()
        details = [invitation.ceremony_title != invitation.event_title and invitation.event_title or "",
                   invitation.entrance and _("Вход: {entrance}").format(entrance=invitation.entrance) or "",
                   invitation.seat and _("Место: {seat}").format(seat=invitation.seat) or "",
                   invitation.dress_code and _("Форма одежды: {dress}").format(dress=invitation.dress_code) or "",
                   _("Приглашение: {url}").format(url=invitation_url(token))]
        host = settings.public_base_url.split("://", 1)[-1].split("/", 1)[0] or "ceremonia"
        event = InvitationEvent(
            uid=f"invitation-{invitation.invitation_id}@{host}",
            start=invitation.starts_at,
            end=invitation.ends_at,
            summary=invitation.ceremony_title,
            location=", ".join(p for p in (invitation.venue, invitation.address) if p),
            description="\n".join(d for d in details if d),
            url=invitation_url(token),
        )
        return Response(content=invitation_calendar(event, settings.tz), media_type="text/calendar",
                        headers={"Content-Disposition": 'attachment; filename="invitation.ics"', **NO_STORE})
