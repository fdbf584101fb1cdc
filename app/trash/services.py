"""The trash: what a delete takes with it (counted before asking), what is in the trash, restore and purge.

Events, ceremonies and persons are deleted softly (their own services set `deleted_at`); this module
sits above the areas because counting what goes reads the tables of invitations, seating, duty and tasks.
The gate's scan log is never deleted: a purge is refused while the item has scans (they keep the
ceremony, the invitation and the guest they name, which a null foreign key would lose).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.audit.tables import AuditEntry
from app.core import clock
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.formatting import fmt_number
from app.core.i18n import gettext as _
from app.core.i18n import ngettext
from app.core.results import NotFound
from app.duty.tables import Assignment
from app.events import services as events
from app.events.tables import Ceremony, Event
from app.guests import services as guests
from app.guests.tables import Person, PersonLink
from app.invitations.tables import Invitation, Scan
from app.seating.tables import SeatAssignment
from app.tasks.tables import Task

KINDS = ("event", "ceremony", "person")
RESTORE_DAYS = 30


class TrashRefused(ValueError):
    """A purge or restore that may not happen; the message says why, in Russian."""


@dataclass(frozen=True)
class Consequences:
    """What a delete takes with it, and the scans that stay whatever happens."""

    kind: str
    id: int
    label: str
    parts: tuple[str, ...]  # «1 501 приглашение», «316 назначений дежурных»
    scans: int
    admitted: tuple[str, ...] = ()  # a person's ceremonies where the gate admitted them
    event_id: int | None = None  # a ceremony's event: where its delete form posts

    @property
    def summary(self) -> str:
        if not self.parts:
            return _("Больше ничего не удаляется.")
        return _("Будут удалены: {parts}.").format(parts=", ".join(self.parts))


def _n(form: str, n: int) -> str:
    return form % {"num": fmt_number(n)}


async def _ceremony_counts(ceremony_ids: list[int]) -> tuple[list[str], int]:
    if not ceremony_ids:
        return [], 0
    invitations = await Invitation.count().where(Invitation.ceremony.is_in(ceremony_ids))
    seats = await SeatAssignment.count().where(SeatAssignment.plan.ceremony.is_in(ceremony_ids))
    duty = await Assignment.count().where(Assignment.roster.ceremony.is_in(ceremony_ids))
    scans = await Scan.count().where(Scan.ceremony.is_in(ceremony_ids))
    parts = [
        _n(ngettext("%(num)s приглашение", "%(num)s приглашений", invitations), invitations) if invitations else "",
        _n(ngettext("%(num)s место в рассадке", "%(num)s мест в рассадке", seats), seats) if seats else "",
        _n(ngettext("%(num)s назначение дежурных", "%(num)s назначений дежурных", duty), duty) if duty else "",
    ]
    return [p for p in parts if p], scans


async def consequences(kind: str, item_id: int) -> Consequences:
    """Counted from the database: what deleting the item would take with it."""
    if kind == "event":
        row = await Event.select(Event.title).where((Event.id == item_id) & Event.deleted_at.is_null()).first()
        if row is None:
            raise NotFound
        ids = [r["id"] for r in await Ceremony.select(Ceremony.id).where(Ceremony.event == item_id)]
        alive = await Ceremony.count().where((Ceremony.event == item_id) & Ceremony.deleted_at.is_null())
        parts, scans = await _ceremony_counts(ids)
        tasks = await Task.count().where(Task.event == item_id)
        head = [_n(ngettext("%(num)s церемония", "%(num)s церемоний", alive), alive)] if alive else []
        tail = [_n(ngettext("%(num)s задача", "%(num)s задач", tasks), tasks)] if tasks else []
        return Consequences(kind, item_id, row["title"], tuple(head + parts + tail), scans)
    if kind == "ceremony":
        row = await Ceremony.select(Ceremony.title, Ceremony.event).where(
            (Ceremony.id == item_id) & Ceremony.deleted_at.is_null()).first()
        if row is None:
            raise NotFound
        parts, scans = await _ceremony_counts([item_id])
        return Consequences(kind, item_id, row["title"], tuple(parts), scans, event_id=row["event"])
    if kind == "person":
        person = await guests.get_person(item_id)
        invitations = await Invitation.count().where(Invitation.person == item_id)
        links = await PersonLink.count().where((PersonLink.person == item_id) | (PersonLink.other == item_id))
        admitted = await Invitation.select(Invitation.ceremony.title.as_alias("title")).where(
            (Invitation.person == item_id) & Invitation.admitted_at.is_not_null())
        scans = await Scan.count().where(Scan.invitation.person == item_id)
        parts = [_n(ngettext("%(num)s приглашение", "%(num)s приглашений", invitations), invitations)
                 if invitations else "",
                 _n(ngettext("%(num)s связь с другими гостями", "%(num)s связей с другими гостями", links), links)
                 if links else ""]
        return Consequences(kind, item_id, person.full_name, tuple(p for p in parts if p), scans,
                            admitted=tuple(r["title"] for r in admitted))
    raise NotFound


# ---------------------------------------------------------------- the trash itself


@dataclass(frozen=True)
class TrashItem:
    kind: str
    id: int
    label: str
    deleted_at: datetime  # in the city's time zone
    deleted_by: str
    context: str  # an event's year, a ceremony's event

    @property
    def restorable(self) -> bool:
        return clock.now() - self.deleted_at <= timedelta(days=RESTORE_DAYS)

    @property
    def restore_until(self) -> datetime:
        return self.deleted_at + timedelta(days=RESTORE_DAYS)


async def _who_deleted(kind: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await AuditEntry.select(AuditEntry.object_id, AuditEntry.account_name).where(
        (AuditEntry.action == "delete") & (AuditEntry.object_kind == kind) & AuditEntry.object_id.is_in(ids)
    ).order_by(AuditEntry.id)
    return {r["object_id"]: r["account_name"] for r in rows}  # the latest delete wins


async def items() -> list[TrashItem]:
    tz = get_settings().tz
    found: list[TrashItem] = []
    rows = await Event.select(Event.id, Event.title, Event.year, Event.deleted_at).where(Event.deleted_at.is_not_null())
    who = await _who_deleted("event", [r["id"] for r in rows])
    found += [TrashItem("event", r["id"], r["title"], r["deleted_at"].astimezone(tz), who.get(r["id"], ""),
                        str(r["year"])) for r in rows]
    rows = await Ceremony.select(Ceremony.id, Ceremony.title, Ceremony.event.title.as_alias("event_title"),
                                 Ceremony.deleted_at).where(Ceremony.deleted_at.is_not_null())
    who = await _who_deleted("ceremony", [r["id"] for r in rows])
    found += [TrashItem("ceremony", r["id"], r["title"], r["deleted_at"].astimezone(tz), who.get(r["id"], ""),
                        r["event_title"]) for r in rows]
    rows = await Person.select(Person.id, Person.surname, Person.name, Person.patronymic, Person.organisation,
                               Person.deleted_at).where(Person.deleted_at.is_not_null())
    who = await _who_deleted("person", [r["id"] for r in rows])
    found += [TrashItem("person", r["id"], guests.full_name(r["surname"], r["name"], r["patronymic"]),
                        r["deleted_at"].astimezone(tz), who.get(r["id"], ""), r["organisation"]) for r in rows]
    return sorted(found, key=lambda i: i.deleted_at, reverse=True)


async def _item(kind: str, item_id: int) -> TrashItem:
    for item in await items():
        if item.kind == kind and item.id == item_id:
            return item
    raise NotFound


async def restore(kind: str, item_id: int) -> str:
    """Takes the item out of the trash; gives back the address of its page."""
    item = await _item(kind, item_id)
    if not item.restorable:
        raise TrashRefused(_("«{label}» лежит в корзине больше {days} дней: восстановить нельзя.").format(
            label=item.label, days=RESTORE_DAYS))
    if kind == "person":
        await guests.restore_person(item_id)
        return f"/guests/{item_id}"
    event_id = await events.restore(kind, item_id)
    return f"/events/{event_id}"


async def _scans_of(kind: str, item_id: int) -> int:
    if kind == "event":
        return await Scan.count().where(Scan.ceremony.event == item_id)
    if kind == "ceremony":
        return await Scan.count().where(Scan.ceremony == item_id)
    return await Scan.count().where(Scan.invitation.person == item_id) + await Invitation.count().where(
        (Invitation.person == item_id) & Invitation.admitted_at.is_not_null())


async def purge(kind: str, item_id: int) -> None:
    """Deletes the item for good, unless the gate's scan log names it: that log is never deleted."""
    item = await _item(kind, item_id)
    async with write_transaction(Event._meta.db):  # the check and the delete as one: no scan slips between
        if scans := await _scans_of(kind, item_id):
            raise TrashRefused(_("«{label}» нельзя удалить навсегда: журнал прохода на входе хранит {scans}, "
                                 "а он не удаляется.").format(
                label=item.label, scans=_n(ngettext("%(num)s отметку", "%(num)s отметок", scans), scans)))
        if kind == "event":
            await events.purge_event(item_id)
        elif kind == "ceremony":
            await events.purge_ceremony(item_id)
        else:
            await guests.purge_person(item_id)
