"""The duty officer's own page behind the link on their duty slip: no sign-in, only their duties."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.ics import CalendarEvent, calendar
from app.duty import roster, services
from app.web import ratelimit
from app.web.render import render

# Like the guest's page: a duty officer needs a handful of requests a minute; this keeps scripted
# hammering of the /d/ addresses off the database.
OFFICER_PAGES_PER_MINUTE = 60


async def _officer(token: str) -> services.StaffView:
    staff = await services.staff_by_token(token)
    if staff is None or not staff.active:
        raise NotFoundException
    return staff


async def _page_context(staff: services.StaffView) -> dict:
    duties = await roster.duties_of(staff.id)
    ceremony_ids = sorted({d.ceremony_id for d in duties})
    briefings = {c: await services.briefing_text(c) for c in ceremony_ids}
    acknowledged = {c: (await services.acknowledgments(c)).get(staff.id) for c in ceremony_ids}
    return {"staff": staff, "duties": duties, "briefings": briefings, "acknowledged": acknowledged}


class OfficerPageController(Controller):
    path = "/d"
    before_request = ratelimit.per_client(
        "officer-page", lambda: OFFICER_PAGES_PER_MINUTE, "guestpage/invalid.html", N_("Слишком много запросов"),
        N_("С этого адреса страницу дежурного открывали слишком часто. Подождите минуту и обновите страницу."))

    @get("/{token:str}")
    async def page(self, request: HTMXRequest, token: str) -> Template:
        staff = await _officer(token)
        return render(request, "duty/officer.html", "officer", token=token, **await _page_context(staff))

    @post("/{token:str}/acknowledge/{ceremony_id:int}", status_code=200)
    async def acknowledge(self, request: HTMXRequest, token: str, ceremony_id: int) -> Template:
        staff = await _officer(token)
        if ceremony_id not in {d.ceremony_id for d in await roster.duties_of(staff.id)}:
            raise NotFoundException
        await services.acknowledge(ceremony_id, staff.id)
        return render(request, "duty/officer.html", "officer", token=token, **await _page_context(staff))

    @get("/{token:str}/duties.ics")
    async def calendar(self, token: str) -> Response:
        staff = await _officer(token)
        events = [CalendarEvent(uid=f"duty-{staff.id}-{d.start:%Y%m%dT%H%M}@ceremonia", start=d.start, end=d.end,
                                summary=_("Дежурство: {post}").format(post=d.post), location=d.place,
                                description=d.ceremony) for d in await roster.duties_of(staff.id)]
        return Response(content=calendar(events, name=_("Мои дежурства")),
                        media_type="text/calendar",
                        headers={"Content-Disposition": 'attachment; filename="duties.ics"'})
