"""A wreath laying starts as a copy of last year's: the same delegations in the same order, the same
start, the same zones on the same square."""

from __future__ import annotations

from app.core.db import write_transaction
from app.core.results import NotFound
from app.events.services import CeremonyView, get_ceremony
from app.wreaths.services import require_ceremony
from app.wreaths.tables import Delegation, WreathLaying, Zone


async def copy_sources(ceremony_id: int) -> list[CeremonyView]:
    """Other ceremonies with an order to copy, the latest first."""
    rows = await Delegation.select(Delegation.ceremony).where(Delegation.ceremony != ceremony_id).distinct()
    sources = [await get_ceremony(r["ceremony"]) for r in rows]
    return sorted(sources, key=lambda c: c.starts_at, reverse=True)


async def copy_order(source_id: int, target_id: int) -> bool:
    """Copies the order, its start and the scheme into a wreath laying that has none yet; says whether it did."""
    await require_ceremony(target_id)
    if not await Delegation.exists().where(Delegation.ceremony == source_id):
        raise NotFound
    async with write_transaction(Delegation._meta.db):
        if await Delegation.exists().where(Delegation.ceremony == target_id) or \
                await Zone.exists().where(Zone.ceremony == target_id):
            return False
        new_ids = {}
        for row in await Delegation.select().where(Delegation.ceremony == source_id):
            old_id = row.pop("id")
            inserted = await Delegation.insert(Delegation(**{**row, "ceremony": target_id})).returning(Delegation.id)
            new_ids[old_id] = inserted[0]["id"]
        start = await WreathLaying.select(WreathLaying.starts_at).where(WreathLaying.ceremony == source_id).first()
        if start:
            await WreathLaying.insert(WreathLaying(ceremony=target_id, starts_at=start["starts_at"]))
        zones = [Zone(**{**{k: v for k, v in z.items() if k != "id"}, "ceremony": target_id,
                         "delegation": new_ids.get(z["delegation"])})
                 for z in await Zone.select().where(Zone.ceremony == source_id)]
        if zones:
            await Zone.insert(*zones)
    return True
