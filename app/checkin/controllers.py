"""The gate: choose the ceremony and the gate, scan, see a large verdict; counters and the arrivals feed."""

from __future__ import annotations

from urllib.parse import quote, unquote

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.access import zones
from app.checkin import services, supervision
from app.core import clock
from app.core.i18n import gettext as _
from app.core.numbers import whole, wholes
from app.core.roles import Role
from app.invitations.kinds import COMPANION_LABELS, VERDICT_LABELS, Verdict
from app.web.files import XLSX, file_response
from app.web.guards import requires_role
from app.web.render import found, render

SCANNERS = frozenset({Role.GATE, Role.ADMIN, Role.PROTOCOL})
SUPERVISORS = frozenset({Role.ADMIN, Role.PROTOCOL})
FEED_READERS = frozenset({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})
GATE_COOKIE = "gate"
COOKIE_DAYS = 30


def _remembered(request: HTMXRequest) -> tuple[int | None, str]:
    """(ceremony id, gate name) from the cookie the setup form left on this phone."""
    raw = unquote(request.cookies.get(GATE_COOKIE, ""))
    ceremony, _, gate = raw.partition("|")
    return whole(ceremony), services.clean_gate(gate)


def _context(request: HTMXRequest) -> dict:
    return {"VERDICT_LABELS": VERDICT_LABELS, "COMPANION_LABELS": COMPANION_LABELS, "Verdict": Verdict,
            "supervisor": request.user.role in SUPERVISORS}


def _ids(values: list[str]) -> list[int]:
    return wholes(values)


def _search_refusal(request: HTMXRequest, ceremony: services.GateCeremony) -> str:
    """A gate finds guests by name only at the ceremony it was opened for, on that ceremony's day; the
    protocol department and the administrator anywhere (they read the lists anyway)."""
    if request.user.role in SUPERVISORS:
        return ""
    if _remembered(request)[0] != ceremony.id:
        return _("Поиск по фамилии — только на церемонии, для которой открыт этот вход.")
    if ceremony.starts_at.date() != clock.today():
        return _("Поиск по фамилии открыт только в день церемонии.")
    return ""


async def _setup(request: HTMXRequest, *, chosen: int | None, gate: str, zone: int | None,
                 errors: dict[str, str], status_code: int = 200) -> Template:
    ceremonies = await services.gate_ceremonies()
    return render(request, "checkin/setup.html", "gate_setup", status_code=status_code, ceremonies=ceremonies,
                  zones=await zones.zones_of([c.id for c in ceremonies]), chosen=chosen, gate=gate, zone=zone,
                  errors=errors, feed=False)


class GateController(Controller):
    path = "/gate"
    guards = [requires_role(SCANNERS)]

    @get("/")
    async def setup(self, request: HTMXRequest, ceremony: int | None = None) -> Template:
        remembered, gate = _remembered(request)
        chosen = ceremony or remembered
        zone = await zones.gate_zone_recent(chosen, gate) if chosen and gate else None
        return await _setup(request, chosen=chosen, gate=gate, zone=zone.zone.id if zone else None, errors={})

    @post("/", status_code=HTTP_303_SEE_OTHER)
    async def choose(self, request: HTMXRequest) -> Response:
        form = await request.form()
        gate = services.clean_gate(str(form.get("gate", "")))
        ceremony = str(form.get("ceremony", ""))
        chosen = whole(ceremony)
        zone = whole(form.get("zone", ""))
        errors = {}
        if not gate:
            errors["gate"] = _("Назовите вход, у которого вы стоите.")
        if chosen is None:
            errors["ceremony"] = _("Выберите церемонию.")
        else:
            await found(services.gate_ceremony(chosen))
            if zone is not None and zone not in {z.id for z in await zones.zones(chosen)}:
                errors["zone"] = _("Эта зона — другой церемонии.")
        if errors:
            return await _setup(request, chosen=chosen, gate=gate, zone=zone, errors=errors, status_code=422)
        assert chosen is not None
        if zone is not None or await zones.gate_zone_recent(chosen, gate) is not None:
            # only a gate with a zone (now or before) is stored: a ceremony without zones writes nothing
            await zones.set_gate(chosen, gate, zone)
        response = Redirect(path=f"/gate/{chosen}", status_code=HTTP_303_SEE_OTHER)
        response.set_cookie(GATE_COOKIE, quote(f"{chosen}|{gate}"), max_age=COOKIE_DAYS * 24 * 3600,
                            samesite="lax", httponly=True)
        return response

    @get("/{ceremony_id:int}")
    async def scanner(self, request: HTMXRequest, ceremony_id: int) -> Template | Redirect:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        remembered, gate = _remembered(request)
        if remembered != ceremony_id or not gate:
            return Redirect(path=f"/gate/?ceremony={ceremony_id}", status_code=HTTP_303_SEE_OTHER)
        return render(request, "checkin/gate.html", "verdict", ceremony=ceremony, gate=gate, results=[],
                      zone=await zones.gate_zone_recent(ceremony_id, gate),
                      counters=await services.counters(ceremony_id), **_context(request))

    @post("/{ceremony_id:int}/scan", status_code=200)
    async def scan(self, request: HTMXRequest, ceremony_id: int) -> Template:
        # The ceremony first (cached for a few seconds): a scan at one that does not exist logs nothing.
        await found(services.gate_ceremony_recent(ceremony_id))
        form = await request.form()
        gate = str(form.get("gate") or _remembered(request)[1])
        result = await services.check_in(ceremony_id, str(form.get("code", ""))[:1000], gate=gate,
                                         account_id=request.user.account_id)
        return await self._verdict(request, ceremony_id, gate, [result])

    @post("/{ceremony_id:int}/admit", status_code=200)
    async def admit(self, request: HTMXRequest, ceremony_id: int) -> Template:
        await found(services.gate_ceremony_recent(ceremony_id))
        form = await request.form()
        gate = str(form.get("gate") or _remembered(request)[1])
        # a supervisor lets a card in on a day that is not the ceremony's
        override = form.get("override") == "1" and request.user.role in SUPERVISORS
        results = await services.admit_by_id(ceremony_id, _ids(form.getall("invitation", [])), gate=gate,
                                             account_id=request.user.account_id, override=override)
        return await self._verdict(request, ceremony_id, gate, results)

    @post("/{ceremony_id:int}/undo/{invitation_id:int}", status_code=200,
          guards=[requires_role(SUPERVISORS)])
    async def undo(self, request: HTMXRequest, ceremony_id: int, invitation_id: int) -> Template:
        form = await request.form()
        gate = str(form.get("gate") or _remembered(request)[1])
        result = await found(services.undo(ceremony_id, invitation_id, gate=gate,
                                           account_id=request.user.account_id))
        if form.get("back") == "arrivals":
            return await _arrivals(request, ceremony_id)
        return await self._verdict(request, ceremony_id, gate, [result])

    async def _verdict(self, request: HTMXRequest, ceremony_id: int, gate: str,
                       results: list[services.ScanResult]) -> Template:
        ceremony = await found(services.gate_ceremony_recent(ceremony_id))
        template = render(request, "checkin/gate.html", "verdict", ceremony=ceremony, gate=gate, results=results,
                          zone=await zones.gate_zone_recent(ceremony_id, gate),
                          counters=await services.counters(ceremony_id) if not request.htmx else None,
                          **_context(request))
        template.headers["HX-Trigger"] = "scanned"
        return template

    @get("/{ceremony_id:int}/search")
    async def search(self, request: HTMXRequest, ceremony_id: int, q: str = "") -> Template:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        refusal = _search_refusal(request, ceremony)
        if refusal:
            return render(request, "checkin/search.html", "found", status_code=403, ceremony=ceremony, q=q,
                          guests=[], gate="", refusal=refusal, **_context(request))
        return render(request, "checkin/search.html", "found", ceremony=ceremony, q=q,
                      guests=await services.find_guests(ceremony_id, q), gate=_remembered(request)[1],
                      **_context(request))

    @get("/{ceremony_id:int}/counters")
    async def counters(self, request: HTMXRequest, ceremony_id: int) -> Template:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        return render(request, "checkin/counters.html", "counters", ceremony=ceremony,
                      counters=await services.counters(ceremony_id))

    @get("/{ceremony_id:int}/supervisor", guards=[requires_role(SUPERVISORS)])
    async def supervisor(self, request: HTMXRequest, ceremony_id: int) -> Template:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        return render(request, "checkin/supervisor.html", "supervision", ceremony=ceremony,
                      counters=await services.counters(ceremony_id),
                      supervision=await supervision.supervision(ceremony_id))

    @get("/{ceremony_id:int}/attendance.xlsx", guards=[requires_role(SUPERVISORS)])
    async def attendance(self, request: HTMXRequest, ceremony_id: int) -> Response:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        title = _("Явка — {title}").format(title=ceremony.title)
        return file_response(await supervision.attendance_xlsx(ceremony_id, title), f"{title}.xlsx", XLSX,
                             inline=False)



class ArrivalsController(Controller):
    """The protocol officer's way in to the feed, without the gate's guard (viewers read it too)."""

    path = "/arrivals"
    guards = [requires_role(FEED_READERS)]

    @get("/")
    async def choose(self, request: HTMXRequest) -> Template:
        return render(request, "checkin/setup.html", "gate_setup", ceremonies=await services.gate_ceremonies(),
                      chosen=_remembered(request)[0], gate="", errors={}, feed=True)

    @get("/{ceremony_id:int}")
    async def feed(self, request: HTMXRequest, ceremony_id: int) -> Template:
        return await _arrivals(request, ceremony_id)


async def _arrivals(request: HTMXRequest, ceremony_id: int) -> Template:
    ceremony = await found(services.gate_ceremony(ceremony_id))
    return render(request, "checkin/arrivals.html", "arrivals", ceremony=ceremony,
                  guests=await services.arrivals(ceremony_id), counters=await services.counters(ceremony_id),
                  **_context(request))
