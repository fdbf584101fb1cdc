"""Test data for check-in and the guest page, written straight into the tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.access import zones
from app.access.kinds import ZoneKind
from app.core import clock
from app.events.tables import Ceremony, Event
from app.guests.tables import Category, Person
from app.imports.normalize import full_name_key
from app.invitations.kinds import CompanionKind, InvitationStatus
from app.invitations.tables import Invitation, InvitationSetup, InvitationToken
from app.invitations.tokens import new_token


@dataclass(frozen=True)
class Card:
    invitation_id: int
    token: str
    person_id: int


async def ceremony(title: str = "Торжественное собрание", *, starts_at: datetime | None = None,
                   event_title: str = "День Победы 2027", setup: bool = True) -> int:
    event = await Event.objects().where(Event.title == event_title).first()
    if event is None:
        event = Event(title=event_title, year=2027)
        await event.save()
    # today in the city (the gate refuses cards of other days), still ahead (the guest may answer)
    now = clock.now()
    starts = starts_at or min(now + timedelta(minutes=30), now.replace(hour=23, minute=59, second=0, microsecond=0))
    row = Ceremony(event=event.id, title=title, venue="Краевой музыкальный театр", address="ул. Карла Маркса, 64",
                   starts_at=starts, ends_at=starts + timedelta(hours=2), expected_guests=1500)
    await row.save()
    if setup:
        await InvitationSetup(ceremony=row.id, wording="Приглашаем Вас на торжественное собрание, посвящённое "
                              "82-й годовщине Победы", dress_code="Деловой костюм, награды",
                              default_entrance="Главный вход").save()
    return row.id


async def category(name: str, *, vip: bool = False, precedence: int = 50) -> int:
    existing = await Category.objects().where(Category.name == name).first()
    if existing:
        return existing.id
    row = Category(name=name, vip=vip, precedence=precedence)
    await row.save()
    return row.id


async def card(ceremony_id: int, surname: str = "Иванов", name: str = "Иван", patronymic: str = "Петрович", *,
               gender: str = "m", category_id: int | None = None, seat: str = "Партер, ряд 3, место 12",
               companion_of: int | None = None, kind: CompanionKind = CompanionKind.GUEST,
               status: InvitationStatus = InvitationStatus.ISSUED, entrance: str = "") -> Card:
    person = Person(surname=surname, name=name, patronymic=patronymic, gender=gender, category=category_id,
                    search_key=full_name_key(surname, name, patronymic))
    await person.save()
    invitation = Invitation(ceremony=ceremony_id, person=person.id, seat_label=seat, companion_of=companion_of,
                            companion_kind=kind, status=status, entrance=entrance)
    await invitation.save()
    token = new_token()
    await InvitationToken(invitation=invitation.id, token=token).save()
    return Card(invitation_id=invitation.id, token=token, person_id=person.id)


async def revoke(token: str) -> None:
    await InvitationToken.update({InvitationToken.revoked_at: datetime.now(UTC),
                                  InvitationToken.revoke_reason: "перепечатано"}).where(InvitationToken.token == token)


async def vip_gate(ceremony_id: int) -> tuple[int, int]:
    """The usual zones; «Ветераны» open the VIP room, which the gate «VIP» guards: (zone id, category id)."""
    await zones.add_default_zones(ceremony_id)
    vip = next(z for z in await zones.zones(ceremony_id) if z.kind == ZoneKind.VIP)
    veterans = await category("Ветераны", vip=True)
    await zones.set_category_grants(ceremony_id, {veterans: {vip.id}})
    await zones.set_gate(ceremony_id, "VIP", vip.id)
    return vip.id, veterans
