"""The gate without the network: the admission list, the sync, the web app manifest, the service worker."""

from __future__ import annotations

import gzip
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import JSONBody
from litestar.plugins.htmx import HTMXRequest

from app.checkin import offline, services, sync
from app.checkin.controllers import SCANNERS, SUPERVISORS, _remembered
from app.core.config import ROOT
from app.core.i18n import gettext as _
from app.invitations.kinds import COMPANION_LABELS, Verdict
from app.web.guards import requires_role
from app.web.render import found

SERVICE_WORKER = ROOT / "assets" / "js" / "gate-sw.js"
RECORDS_MAX = 5000
ID_MAX = 2**31 - 1  # the tables' integer ids

Key = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9-]{8,64}$")]
Id = Annotated[int, msgspec.Meta(ge=1, le=ID_MAX)]
OfflineVerdict = Annotated[str, msgspec.Meta(pattern="^(" + "|".join(sorted(sync.OFFLINE_VERDICTS)) + ")$")]


class SyncRecord(msgspec.Struct, frozen=True):
    key: Key
    verdict: OfflineVerdict
    at: Annotated[datetime, msgspec.Meta(tz=True)]
    gate: Annotated[str, msgspec.Meta(max_length=200)]
    invitation: Id | None = None
    hash: Annotated[str, msgspec.Meta(pattern=f"^[0-9a-f]{{0,{offline.HASH_LENGTH}}}$")] = ""


class SyncBatch(msgspec.Struct, frozen=True):
    records: Annotated[list[SyncRecord], msgspec.Meta(max_length=RECORDS_MAX)]
    cursor: Annotated[int, msgspec.Meta(ge=0, le=ID_MAX)] = 0


def _moment(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def _list_json(request: Request, admission: offline.AdmissionList) -> dict[str, Any]:
    """The list as the gate's script reads it; each guest's lines rendered by the online verdict's macro."""
    macros = request.app.template_engine.engine.get_template("checkin/_checkin.html").module  # type: ignore[union-attr]
    ceremony = admission.ceremony
    return {
        "ceremony": ceremony.id,
        "gate": admission.gate,
        "built_at": _moment(admission.built_at),
        "cursor": admission.cursor,
        "ends_at": _moment(ceremony.ends_at),
        "days": [ceremony.starts_at.date().isoformat(), ceremony.ends_at.date().isoformat()],
        "tz": admission.timezone,
        "zone": {"name": admission.zone.zone.name, "gates": sorted(admission.zone.gates)} if admission.zone else None,
        "guests": {str(g.guest.invitation_id): {
            "lines": str(macros.guest_lines(g.guest, COMPANION_LABELS)),
            "name": g.guest.name,
            "kind": _(COMPANION_LABELS[g.guest.companion_kind]),
            "female": g.guest.female,
            "zones": list(g.zones),
            "opens": g.opens,
            "companions": list(g.companions),
        } for g in admission.guests},
        "admitted": {str(g.guest.invitation_id): [_moment(g.guest.admitted_at), g.guest.admitted_gate]
                     for g in admission.guests if g.guest.admitted_at},
        "tokens": admission.tokens,
        "revoked": list(admission.revoked),
    }


def _list_refusal(request: HTMXRequest, ceremony: services.GateCeremony) -> str:
    """The list names every guest, as the search by name does, and a gate gets it on the same terms: for the
    ceremony it was opened for, on the ceremony's day; the department and the administrator always."""
    if request.user.role in SUPERVISORS:
        return ""
    if _remembered(request)[0] != ceremony.id:
        return _("Список выдаётся только для церемонии, для которой открыт этот вход.")
    if not ceremony.today:
        return _("Список для работы без сети выдаётся в день церемонии.")
    return ""


class GateOfflineController(Controller):
    path = "/gate/{ceremony_id:int}/offline"
    guards = [requires_role(SCANNERS)]

    @get("/list")
    async def admission_list(self, request: HTMXRequest, ceremony_id: int, gate: str = "") -> Response:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        refusal = _list_refusal(request, ceremony)
        if refusal:
            return Response({"error": refusal}, status_code=403, headers={"Cache-Control": "no-store"})
        gate = services.clean_gate(gate or _remembered(request)[1])
        admission = await offline.admission_list(ceremony_id, gate)
        body = msgspec.json.encode(_list_json(request, admission))
        headers = {"Cache-Control": "no-store", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            # a tenth of the size (the guests' lines repeat their markup): the list goes out every minute,
            # over the crowded mobile network of a square
            body = gzip.compress(body, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="application/json", headers=headers)

    @post("/sync", status_code=200)
    async def sync(self, request: HTMXRequest, ceremony_id: int, data: JSONBody[SyncBatch]) -> Response:
        await found(services.gate_ceremony_recent(ceremony_id))
        records = [sync.OfflineScan(key=r.key, invitation_id=r.invitation, verdict=Verdict(r.verdict), at=r.at,
                                    gate=r.gate, token_hash=r.hash) for r in data.records]
        synced = await sync.sync(ceremony_id, records, account_id=request.user.account_id, cursor=data.cursor)
        return Response({
            "stored": list(synced.stored), "rejected": synced.rejected, "new": synced.new,
            "doubles": synced.doubles, "cursor": synced.cursor,
            "admissions": [[a.invitation_id, _moment(a.at), a.gate] for a in synced.admissions],
        }, headers={"Cache-Control": "no-store"})

    @get("/manifest.webmanifest", media_type="application/manifest+json")
    async def manifest(self, ceremony_id: int) -> dict[str, Any]:
        ceremony = await found(services.gate_ceremony(ceremony_id))
        return {
            "name": _("Вход · {title}").format(title=ceremony.title),
            "short_name": _("Вход"),
            "start_url": f"/gate/{ceremony.id}",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f2d4d",
            "icons": [{"src": "/assets/img/gate-icon.svg", "sizes": "any", "type": "image/svg+xml"}],
        }


@get("/gate-sw.js", opt={"exclude_from_auth": True}, include_in_schema=False, media_type="text/javascript")
async def service_worker() -> Response:
    """At the root so that its scope is the whole site: it caches the gate's page and wipes the admission
    list when anyone signs out, from whatever page. No-cache: a new version reaches the phones at once."""
    return Response(SERVICE_WORKER.read_bytes(), media_type="text/javascript",
                    headers={"Cache-Control": "no-cache"})
