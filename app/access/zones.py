"""Access zones of a ceremony: which zones a category and an invitation open, which zone a gate guards.

A ceremony without zones, and a gate without a zone, work as before zones existed: the gate checks
only that the card is valid for the ceremony.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.access.kinds import DEFAULT_ZONES, ZONE_KIND_LABELS, ZoneKind
from app.access.tables import AccessZone, CategoryZone, Gate, InvitationZone
from app.audit import services as audit
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.recent import Recent
from app.core.results import NotFound
from app.guests.tables import Category
from app.invitations.tables import Invitation

ZONE_NAME_MAX = 100


@dataclass(frozen=True)
class ZoneView:
    id: int
    name: str
    kind: ZoneKind

    @property
    def kind_label(self) -> str:
        return _(ZONE_KIND_LABELS[self.kind])


@dataclass(frozen=True)
class GateZone:
    """The zone a gate guards and the names of the gates into the same zone."""

    zone: ZoneView
    gates: frozenset[str]


async def zones(ceremony_id: int) -> list[ZoneView]:
    rows = await AccessZone.select(AccessZone.id, AccessZone.name, AccessZone.kind).where(
        AccessZone.ceremony == ceremony_id).order_by(AccessZone.position).order_by(AccessZone.id)
    return [ZoneView(id=r["id"], name=r["name"], kind=ZoneKind(r["kind"])) for r in rows]


async def zones_of(ceremony_ids: list[int]) -> dict[int, list[ZoneView]]:
    """Ceremony id → its zones, for several ceremonies in one query (the gate's setup lists them)."""
    rows = await AccessZone.select(AccessZone.id, AccessZone.ceremony, AccessZone.name, AccessZone.kind).where(
        AccessZone.ceremony.is_in(ceremony_ids or [0])).order_by(AccessZone.position).order_by(AccessZone.id)
    found: dict[int, list[ZoneView]] = {}
    for r in rows:
        found.setdefault(r["ceremony"], []).append(ZoneView(id=r["id"], name=r["name"], kind=ZoneKind(r["kind"])))
    return found


async def _zone(ceremony_id: int, zone_id: int) -> ZoneView:
    for zone in await zones(ceremony_id):
        if zone.id == zone_id:
            return zone
    raise NotFound


async def add_default_zones(ceremony_id: int) -> None:
    """The usual zones, offered to a ceremony that has none yet (nothing happens if it has some)."""
    async with write_transaction(AccessZone._meta.db):
        if await AccessZone.exists().where(AccessZone.ceremony == ceremony_id):
            return
        for position, (kind, name) in enumerate(DEFAULT_ZONES):
            row = (await AccessZone.insert(AccessZone(ceremony=ceremony_id, name=_(name), kind=kind,
                                                      position=position)).returning(AccessZone.id))[0]
            await audit.record("create", "access_zone", row["id"], _(name), {"ceremony": [None, ceremony_id]})
    forget_gates(ceremony_id)


async def save_zone(ceremony_id: int, zone_id: int | None, name: str, kind: ZoneKind) -> int:
    name = " ".join(name.split())[:ZONE_NAME_MAX]
    if zone_id is not None:
        await _zone(ceremony_id, zone_id)
    saved = await audit.save_row(AccessZone, {AccessZone.name: name, AccessZone.kind: kind}, zone_id,
                                 kind="access_zone", label=name, scope=AccessZone.ceremony == ceremony_id,
                                 on_insert={"ceremony": ceremony_id, "position": len(await zones(ceremony_id))})
    forget_gates(ceremony_id)
    assert saved is not None
    return saved


async def delete_zone(ceremony_id: int, zone_id: int) -> None:
    zone = await _zone(ceremony_id, zone_id)
    async with write_transaction(AccessZone._meta.db):
        await AccessZone.delete().where(AccessZone.id == zone_id)
        await audit.record("delete", "access_zone", zone_id, zone.name)
    forget_gates(ceremony_id)


# ---------------------------------------------------------------- grants


async def category_grants(ceremony_id: int) -> dict[int, set[int]]:
    """Category id → the ids of this ceremony's zones it opens."""
    rows = await CategoryZone.select(CategoryZone.category, CategoryZone.zone).where(
        CategoryZone.zone.ceremony == ceremony_id)
    grants: dict[int, set[int]] = {}
    for row in rows:
        grants.setdefault(row["category"], set()).add(row["zone"])
    return grants


async def set_category_grants(ceremony_id: int, grants: Mapping[int, set[int]]) -> None:
    """Replaces the ceremony's category grants; zones and categories not of this ceremony are left out."""
    zone_names = {z.id: z.name for z in await zones(ceremony_id)}
    categories = {r["id"]: r["name"] for r in await Category.select(Category.id, Category.name)}
    old = await category_grants(ceremony_id)
    async with write_transaction(CategoryZone._meta.db):
        for category_id in set(old) | set(grants):
            if category_id not in categories:
                continue
            before = old.get(category_id, set())
            after = {z for z in grants.get(category_id, set()) if z in zone_names}
            if before == after:
                continue
            await CategoryZone.delete().where((CategoryZone.category == category_id)
                                              & CategoryZone.zone.is_in(list(zone_names)))
            if after:
                await CategoryZone.insert(*[CategoryZone(category=category_id, zone=z) for z in sorted(after)])
            await audit.record("update", "category_zones", category_id, categories[category_id],
                               {"zones": [sorted(zone_names[z] for z in before),
                                          sorted(zone_names[z] for z in after)]})


@dataclass(frozen=True)
class ExtraGrant:
    invitation_id: int
    guest: str
    zone: ZoneView


async def extra_grants(ceremony_id: int) -> list[ExtraGrant]:
    person = InvitationZone.invitation.person
    rows = await InvitationZone.select(
        InvitationZone.invitation, InvitationZone.zone, person.surname.as_alias("surname"),
        person.name.as_alias("first_name"), person.patronymic.as_alias("patronymic"),
    ).where(InvitationZone.zone.ceremony == ceremony_id).order_by(person.search_key)
    by_id = {z.id: z for z in await zones(ceremony_id)}
    return [ExtraGrant(invitation_id=r["invitation"], zone=by_id[r["zone"]],
                       guest=" ".join(p for p in (r["surname"], r["first_name"], r["patronymic"]) if p))
            for r in rows if r["zone"] in by_id]


async def grant_by_hand(ceremony_id: int, invitation_id: int, zone_id: int, *, granted: bool) -> None:
    """Adds (or takes back) a zone for one invitation of this ceremony beyond its category's."""
    zone = await _zone(ceremony_id, zone_id)
    if not await Invitation.exists().where((Invitation.id == invitation_id) & (Invitation.ceremony == ceremony_id)):
        raise NotFound
    async with write_transaction(InvitationZone._meta.db):
        where = (InvitationZone.invitation == invitation_id) & (InvitationZone.zone == zone_id)
        had = await InvitationZone.exists().where(where)
        if had == granted:
            return
        if granted:
            await InvitationZone.insert(InvitationZone(invitation=invitation_id, zone=zone_id))
        else:
            await InvitationZone.delete().where(where)
        await audit.record("update", "invitation_zones", invitation_id, zone.name,
                           {"zone": [zone.name if had else None, zone.name if granted else None]})


async def card_zones(invitation_id: int) -> list[str]:
    """The names of the zones a card opens, by its category and by hand, in the ceremony's order."""
    row = await Invitation.select(Invitation.ceremony, Invitation.person.category.as_alias("category")).where(
        Invitation.id == invitation_id).first()
    if row is None:
        return []
    by_category = await CategoryZone.select(CategoryZone.zone).where(
        (CategoryZone.category == row["category"]) & (CategoryZone.zone.ceremony == row["ceremony"]))
    by_hand = await InvitationZone.select(InvitationZone.zone).where(InvitationZone.invitation == invitation_id)
    opened = {r["zone"] for r in by_category} | {r["zone"] for r in by_hand}
    return [z.name for z in await zones(row["ceremony"]) if z.id in opened]


async def opens(invitation_id: int, zone_id: int) -> bool:
    """Whether a card opens a zone: the same rule as the gate's scan query (app.checkin.services)."""
    category = await Invitation.select(Invitation.person.category.as_alias("category")).where(
        Invitation.id == invitation_id).first()
    if category and await CategoryZone.exists().where(
            (CategoryZone.zone == zone_id) & (CategoryZone.category == category["category"])):
        return True
    return await InvitationZone.exists().where(
        (InvitationZone.invitation == invitation_id) & (InvitationZone.zone == zone_id))


# ---------------------------------------------------------------- gates


async def set_gate(ceremony_id: int, name: str, zone_id: int | None) -> None:
    """The gate of this name at this ceremony guards `zone_id` (None: the ceremony as a whole)."""
    if zone_id is not None:
        await _zone(ceremony_id, zone_id)
    row = await Gate.select(Gate.id, Gate.zone).where((Gate.ceremony == ceremony_id) & (Gate.name == name)).first()
    if row is not None and row["zone"] == zone_id:
        return
    await audit.save_row(Gate, {Gate.zone: zone_id}, row["id"] if row else None, kind="gate", label=name,
                         on_insert={"ceremony": ceremony_id, "name": name})
    forget_gates(ceremony_id)


async def gate_zones(ceremony_id: int) -> dict[str, int]:
    """Gate name → its zone id, for the gates of this ceremony that guard a zone."""
    rows = await Gate.select(Gate.name, Gate.zone).where((Gate.ceremony == ceremony_id) & Gate.zone.is_not_null())
    return {r["name"]: r["zone"] for r in rows}


_RECENT: Recent[dict[str, GateZone]] = Recent()


def forget_gates(ceremony_id: int) -> None:
    """This process reads the gates again at the next scan (other processes within GATE_CACHE_SECONDS)."""
    _RECENT.forget(ceremony_id)


def forget_all_gates() -> None:
    _RECENT.forget()


async def gate_zone_recent(ceremony_id: int, gate: str) -> GateZone | None:
    """The zone a gate guards, read again after GATE_CACHE_SECONDS (app.core.recent): every scan asks."""

    async def load() -> dict[str, GateZone]:
        by_gate = await gate_zones(ceremony_id)
        by_id = {z.id: z for z in await zones(ceremony_id)} if by_gate else {}
        return {name: GateZone(zone=by_id[zone_id], gates=frozenset(n for n, z in by_gate.items() if z == zone_id))
                for name, zone_id in by_gate.items() if zone_id in by_id}

    return (await _RECENT.get(ceremony_id, load)).get(gate)


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


async def categories() -> list[Choice]:
    rows = await Category.select(Category.id, Category.name).order_by(Category.precedence).order_by(Category.name)
    return [Choice(id=r["id"], name=r["name"]) for r in rows]


async def guests(ceremony_id: int) -> list[Choice]:
    """The ceremony's invitations still valid, by name: whom a zone may be granted by hand."""
    person = Invitation.person
    rows = await Invitation.select(
        Invitation.id, person.surname.as_alias("surname"), person.name.as_alias("first_name"),
        person.patronymic.as_alias("patronymic"),
    ).where((Invitation.ceremony == ceremony_id) & Invitation.status.not_in(["revoked", "substituted"])
            ).order_by(person.search_key)
    return [Choice(id=r["id"], name=" ".join(p for p in (r["surname"], r["first_name"], r["patronymic"]) if p))
            for r in rows]
