"""Demo invitation lists: ~1,500 invitees of the Victory Day ceremonial meeting (this year's, already
answered, and next year's copy, being prepared), chosen from the registry's demo.

Seeded through the registry's generator, so every demo is the same; bulk inserts.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from app.core.db import write_transaction
from app.events.tables import Ceremony
from app.guests.demo import CHUNK, DemoRegistry
from app.guests.kinds import LinkKind, PersonStatus
from app.invitations.kinds import CompanionKind, InvitationStatus, IssueMethod
from app.invitations.tables import Invitation, InvitationSetup, InvitationToken
from app.invitations.tokens import new_token

MEETING = "Торжественное собрание, посвящённое годовщине Победы"


def _choose_invitees(rng: random.Random, people: list[dict], ids: list[int], links: list[tuple],
                     categories: dict[str, tuple[int, int]], target: int = 1500) -> tuple[list[int], list[tuple]]:
    """Guests (person indexes) and companions (index, guest index, kind) of the meeting."""
    by_category: dict[int, list[int]] = {}
    for index, p in enumerate(people):
        if p["status"] is PersonStatus.ACTIVE and p["position"] not in ("Сопровождающий", "") \
                and not p["position"].startswith("Переводчик"):
            by_category.setdefault(p["category"], []).append(index)
    everyone = ["Почётные гости и официальные лица", "Ветераны Великой Отечественной войны",
                "Герои Советского Союза и Российской Федерации", "Депутаты", "Почётные граждане города", "Делегации"]
    guests = [i for name in everyone for i in by_category.get(categories[name][0], [])]
    escorts = {other: (person, kind) for person, other, kind in links if kind is not LinkKind.DELEGATION_OF}
    companion_count = sum(1 for g in guests if g in escorts)
    quota = {"Ветераны боевых действий": .3, "Участники СВО": .2, "Руководители организаций": .25, "Пресса": .05,
             "Общественность": .2}
    room = target - len(guests) - companion_count
    for name, share in quota.items():
        pool = by_category.get(categories[name][0], [])
        guests += rng.sample(pool, min(len(pool), round(room * share)))
    companions = []
    kinds = {LinkKind.ESCORT_OF: CompanionKind.ESCORT, LinkKind.INTERPRETER_FOR: CompanionKind.INTERPRETER,
             LinkKind.FAMILY_OF: CompanionKind.PLUS_ONE}
    for person, other, kind in links:
        if kind in kinds and other in set(guests):
            companions.append((person, other, kinds[kind]))
    return guests, companions


STATUS_MIX_PAST = [(InvitationStatus.ACCEPTED, .62), (InvitationStatus.ISSUED, .2), (InvitationStatus.DECLINED, .12),
                   (InvitationStatus.REVOKED, .01), (InvitationStatus.PRINTED, .05)]
STATUS_MIX_NEXT = [(InvitationStatus.PLANNED, .8), (InvitationStatus.PRINTED, .15), (InvitationStatus.ISSUED, .05)]


async def _invite(rng: random.Random, ceremony: dict, guests: list[int], companions: list[tuple], ids: list[int],
                  people: list[dict], mix: list[tuple[InvitationStatus, float]], issuer: int | None) -> int:
    statuses, weights = zip(*mix, strict=True)
    issued_base = ceremony["starts_at"] - timedelta(days=20)

    def values(index: int, status: InvitationStatus) -> dict:
        entrance = "Вход №2 (пандус, лифт)" if people[index]["no_stairs"] else ""
        issued = status in (InvitationStatus.ISSUED, InvitationStatus.ACCEPTED, InvitationStatus.DECLINED)
        return {"ceremony": ceremony["id"], "person": ids[index], "status": status, "entrance": entrance,
                "issued_at": issued_base + timedelta(hours=rng.randint(0, 300)) if issued else None,
                "issued_how": rng.choice(list(IssueMethod)) if issued else None,
                "issued_by": issuer if issued else None,
                "responded_at": issued_base + timedelta(days=rng.randint(5, 18))
                if status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED) else None}

    guest_status = {g: rng.choices(statuses, weights)[0] for g in guests}
    rows = [Invitation(**values(g, guest_status[g])) for g in guests]
    for offset in range(0, len(rows), CHUNK):
        await Invitation.insert(*rows[offset:offset + CHUNK])
    invitation_of = {r["person"]: r["id"] for r in await Invitation.select(Invitation.id, Invitation.person).where(
        Invitation.ceremony == ceremony["id"])}
    rows = [Invitation(**values(person, guest_status[guest]), companion_of=invitation_of[ids[guest]],
                       companion_kind=kind) for person, guest, kind in companions if ids[person] not in invitation_of]
    for offset in range(0, len(rows), CHUNK):
        await Invitation.insert(*rows[offset:offset + CHUNK])
    all_ids = [r["id"] for r in await Invitation.select(Invitation.id, Invitation.status).where(
        Invitation.ceremony == ceremony["id"])]
    revoked = {r["id"] for r in await Invitation.select(Invitation.id).where(
        (Invitation.ceremony == ceremony["id"]) & (Invitation.status == InvitationStatus.REVOKED))}
    now = datetime.now(UTC)
    tokens = [InvitationToken(invitation=i, token=new_token(), revoked_at=now if i in revoked else None,
                              revoke_reason="приглашение отозвано" if i in revoked else "") for i in all_ids]
    for offset in range(0, len(tokens), CHUNK):
        await InvitationToken.insert(*tokens[offset:offset + CHUNK])
    await InvitationSetup.insert(InvitationSetup(
        ceremony=ceremony["id"],
        wording="Администрация города Хабаровска приглашает Вас принять участие в торжественном собрании, "
                "посвящённом годовщине Победы советского народа в Великой Отечественной войне 1941–1945 годов",
        dress_code="Деловой костюм, государственные награды", default_entrance="Главный вход",
        signature="Мэр города С. А. Кравцов"))
    return len(all_ids)


async def load_invitations_demo(registry: DemoRegistry, issuer: int | None = None) -> int:
    """The invitation lists of the Victory Day meetings; returns how many invitations were made."""
    rng, people, ids = registry.rng, registry.people, registry.ids
    async with write_transaction(Invitation._meta.db):
        meetings = await Ceremony.select(Ceremony.id, Ceremony.starts_at).where(Ceremony.title == MEETING).order_by(
            Ceremony.starts_at)
        guests, companions = _choose_invitees(rng, people, ids, registry.links, registry.categories)
        invited = 0
        for n, meeting in enumerate(meetings[:2]):
            mix = STATUS_MIX_PAST if n == 0 and len(meetings) > 1 else STATUS_MIX_NEXT
            invited += await _invite(rng, meeting, guests, companions, ids, people, mix, issuer)
    return invited
