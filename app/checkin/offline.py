"""The admission list a gate's phone downloads to decide scans when the network is gone.

The phone gets what the verdict would show and nothing more: for each valid card the guest's lines
as the online verdict prints them, the zones it opens and whether it opens this gate's zone, the
companions, and who is in already; the hash of each token (never the token) and the hashes of the
revoked ones. What is left to the phone is the door's last steps — revoked, not today, no access to
the zone, admitted already — decided in the order app.checkin.services decides them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.query.functions.aggregate import Max

from app.access import zones
from app.access.tables import InvitationZone
from app.access.zones import GateZone
from app.checkin.services import _GUEST_COLUMNS, VOID_STATUSES, GateCeremony, Guest, _guest, gate_ceremony
from app.core.config import get_settings
from app.invitations.tables import Invitation, InvitationToken, Scan

HASH_LENGTH = 32  # hex digits of SHA-256 kept: 128 bits, no two cards collide and no card is rebuilt from it


def token_hash(token: str) -> str:
    """What the phone keeps of a token; the gate's script hashes the scanned code the same way."""
    return hashlib.sha256(token.encode()).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class ListedGuest:
    guest: Guest
    zones: tuple[str, ...]  # the names of the zones the card opens, in the ceremony's order
    opens: bool  # whether it opens the zone of the gate the list is for
    companions: tuple[int, ...]  # invitation ids of the companions still valid


@dataclass(frozen=True)
class AdmissionList:
    ceremony: GateCeremony
    gate: str
    zone: GateZone | None
    built_at: datetime
    cursor: int  # the last scan of the ceremony when the list was read: later ones come with the sync
    guests: tuple[ListedGuest, ...]
    tokens: dict[str, int]  # token hash → invitation id
    revoked: tuple[str, ...]  # hashes of revoked tokens and of tokens of void invitations

    @property
    def timezone(self) -> str:
        return get_settings().tz.key


async def last_scan(ceremony_id: int) -> int:
    row = await Scan.select(Max(Scan.id, alias="last")).where(Scan.ceremony == ceremony_id).first()
    return (row or {}).get("last") or 0


async def admission_list(ceremony_id: int, gate: str) -> AdmissionList:
    ceremony = await gate_ceremony(ceremony_id)
    zone = await zones.gate_zone_recent(ceremony_id, gate)
    cursor = await last_scan(ceremony_id)  # read first: a scan in between comes again with the sync, harmlessly
    built_at = datetime.now(UTC)
    rows = await Invitation.select(*_GUEST_COLUMNS, Invitation.person.category.as_alias("category_id")).where(
        (Invitation.ceremony == ceremony_id) & Invitation.status.not_in(list(VOID_STATUSES))
    ).order_by(Invitation.id)
    zone_names = {z.id: z.name for z in await zones.zones(ceremony_id)}
    by_category = await zones.category_grants(ceremony_id)
    by_hand: dict[int, set[int]] = defaultdict(set)
    for grant in await InvitationZone.select(InvitationZone.invitation, InvitationZone.zone).where(
            InvitationZone.zone.ceremony == ceremony_id):
        by_hand[grant["invitation"]].add(grant["zone"])
    companions: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row["companion_of"] is not None:
            companions[row["companion_of"]].append(row["id"])
    guests = []
    for row in rows:
        opened = by_category.get(row["category_id"], set()) | by_hand[row["id"]]
        guests.append(ListedGuest(
            guest=_guest(row), zones=tuple(name for zone_id, name in zone_names.items() if zone_id in opened),
            opens=zone is not None and zone.zone.id in opened, companions=tuple(companions[row["id"]])))
    valid = {row["id"] for row in rows}
    tokens: dict[str, int] = {}
    revoked: list[str] = []
    for token in await InvitationToken.select(
            InvitationToken.token, InvitationToken.invitation, InvitationToken.revoked_at).where(
            InvitationToken.invitation.ceremony == ceremony_id):
        if token["revoked_at"] is None and token["invitation"] in valid:
            tokens[token_hash(token["token"])] = token["invitation"]
        else:
            revoked.append(token_hash(token["token"]))
    return AdmissionList(ceremony=ceremony, gate=gate, zone=zone, built_at=built_at, cursor=cursor,
                         guests=tuple(guests), tokens=tokens, revoked=tuple(revoked))
