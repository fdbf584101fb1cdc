"""The wreath-laying order of a ceremony: delegations by precedence, moved by hand, each with its slot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import NamedTuple

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.events.services import CeremonyView, ceremony_alive, get_ceremony
from app.events.tables import Ceremony
from app.web.forms import FormReader
from app.wreaths.kinds import DEFAULT_RANK, DEFAULT_SLOT_MINUTES, Tribute
from app.wreaths.ordering import by_precedence, insertion_index, moved, precedence
from app.wreaths.tables import Delegation, WreathLaying
from app.wreaths.timing import schedule


@dataclass(frozen=True)
class DelegationView:
    id: int
    name: str
    head: str
    announcement: str
    rank: int
    people: int
    tribute: Tribute
    minutes: int


@dataclass(frozen=True)
class OrderLine:
    number: int
    delegation: DelegationView
    start: datetime  # in the city's time zone
    end: datetime


@dataclass(frozen=True)
class OrderView:
    ceremony: CeremonyView
    start: datetime
    typed_start: bool  # a start typed on the page rather than the ceremony's own
    lines: tuple[OrderLine, ...]

    @property
    def end(self) -> datetime:
        return self.lines[-1].end if self.lines else self.start

    @property
    def total_minutes(self) -> int:
        return sum(line.delegation.minutes for line in self.lines)

    @property
    def people(self) -> int:
        return sum(line.delegation.people for line in self.lines)

    @property
    def overruns(self) -> bool:
        """The last delegation is still at the memorial when the ceremony is due to end."""
        return self.end > self.ceremony.ends_at

    @property
    def follows_precedence(self) -> bool:
        delegations = [line.delegation for line in self.lines]
        return delegations == by_precedence(delegations)


class _Key(NamedTuple):
    rank: int
    name: str


def _view(row: dict) -> DelegationView:
    return DelegationView(id=row["id"], name=row["name"], head=row["head"], announcement=row["announcement"],
                          rank=row["rank"], people=row["people"], tribute=Tribute(row["tribute"]),
                          minutes=row["minutes"])


async def delegations(ceremony_id: int) -> list[DelegationView]:
    """The ceremony's delegations in their order."""
    rows = await Delegation.select().where(Delegation.ceremony == ceremony_id).order_by(
        Delegation.position).order_by(Delegation.id)
    return [_view(r) for r in rows]


async def typed_start(ceremony_id: int) -> time | None:
    row = await WreathLaying.select(WreathLaying.starts_at).where(WreathLaying.ceremony == ceremony_id).first()
    return row["starts_at"] if row else None


async def order_view(ceremony_id: int) -> OrderView:
    ceremony = await get_ceremony(ceremony_id)
    typed = await typed_start(ceremony_id)
    start = ceremony.starts_at if typed is None else datetime.combine(
        ceremony.starts_at.date(), typed, tzinfo=ceremony.starts_at.tzinfo)
    order = await delegations(ceremony_id)
    slots = schedule(start, [d.minutes for d in order])
    lines = tuple(OrderLine(n, d, slot.start, slot.end) for n, (d, slot) in enumerate(zip(order, slots, strict=True),
                                                                                      start=1))
    return OrderView(ceremony=ceremony, start=start, typed_start=typed is not None, lines=lines)


async def get_delegation(ceremony_id: int, delegation_id: int) -> DelegationView:
    row = await Delegation.select().where(
        (Delegation.id == delegation_id) & (Delegation.ceremony == ceremony_id)).first()
    if row is None:
        raise NotFound
    return _view(row)


async def require_ceremony(ceremony_id: int) -> None:
    if not await Ceremony.exists().where((Ceremony.id == ceremony_id) & ceremony_alive()):
        raise NotFound


async def _write_positions(ids: list[int]) -> None:
    for position, delegation_id in enumerate(ids):
        await Delegation.update({Delegation.position: position}).where(Delegation.id == delegation_id)


async def save_delegation(raw: Mapping[str, str], *, ceremony_id: int, delegation_id: int | None = None) -> Saved:
    """Adds or changes a delegation; a new one, or one whose rank or name changed, takes its place
    by precedence among the others (see ordering.insertion_index)."""
    await require_ceremony(ceremony_id)
    form = FormReader(raw)
    values = {
        Delegation.name: form.text("name", required=True),
        Delegation.head: form.text("head"),
        Delegation.announcement: form.text("announcement", max_length=400),
        Delegation.rank: form.integer("rank", minimum=1, maximum=999, default=DEFAULT_RANK),
        Delegation.people: form.integer("people", minimum=1, maximum=1000, default=1),
        Delegation.tribute: form.choice("tribute", Tribute),
        Delegation.minutes: form.integer("minutes", minimum=1, maximum=60, default=DEFAULT_SLOT_MINUTES),
    }
    if form.errors:
        return Saved(errors=form.errors)
    key = _Key(values[Delegation.rank], values[Delegation.name])
    async with write_transaction(Delegation._meta.db):
        order = await delegations(ceremony_id)
        current = next((d for d in order if d.id == delegation_id), None)
        if delegation_id is not None and current is None:
            raise NotFound
        old = None if current is None else await Delegation.select(*values).where(
            Delegation.id == delegation_id).first()
        if current is None:
            row = Delegation(ceremony=ceremony_id, **audit.values(values))
            rows = await Delegation.insert(row).returning(Delegation.id)
            delegation_id = rows[0]["id"]
        else:
            await Delegation.update(values).where(Delegation.id == delegation_id)
        await audit.saved("delegation", delegation_id, values[Delegation.name], old, audit.values(values))
        if current is None or precedence(current) != precedence(key):
            others = [d for d in order if d.id != delegation_id]
            ids = [d.id for d in others]
            ids.insert(insertion_index(others, key), delegation_id)
            await _write_positions(ids)
    return Saved(id=delegation_id)


async def delete_delegation(ceremony_id: int, delegation_id: int) -> None:
    gone = await get_delegation(ceremony_id, delegation_id)
    async with write_transaction(Delegation._meta.db):
        await Delegation.delete().where(Delegation.id == delegation_id)
        await audit.record("purge", "delegation", delegation_id, gone.name)


async def move(ceremony_id: int, delegation_id: int, step: int) -> None:
    """One place up (step −1) or down (+1) in the order, whatever the precedence says."""
    async with write_transaction(Delegation._meta.db):
        ids = [d.id for d in await delegations(ceremony_id)]
        if delegation_id not in ids:
            raise NotFound
        await _write_positions(moved(ids, ids.index(delegation_id), step))


async def sort_by_precedence(ceremony_id: int) -> None:
    """Undoes the moves by hand: the order by rank, then name."""
    await require_ceremony(ceremony_id)
    async with write_transaction(Delegation._meta.db):
        await _write_positions([d.id for d in by_precedence(await delegations(ceremony_id))])


def read_time(form: FormReader, name: str) -> time | None:
    """A wall-clock time «чч:мм»; an empty field is None."""
    raw = form.text(name, max_length=5)
    if not raw:
        return None
    try:
        return datetime.strptime(raw, "%H:%M").time()
    except ValueError:
        form.fail(name, _("Время в виде чч:мм, например 09:30."))
        return None


async def set_start(ceremony_id: int, raw: Mapping[str, str]) -> Saved:
    """The time the first delegation steps up; an empty field goes back to the ceremony's start."""
    await require_ceremony(ceremony_id)
    form = FormReader(raw)
    start = read_time(form, "start")
    if form.errors:
        return Saved(errors=form.errors)
    async with write_transaction(WreathLaying._meta.db):
        if await WreathLaying.exists().where(WreathLaying.ceremony == ceremony_id):
            await WreathLaying.update({WreathLaying.starts_at: start}).where(WreathLaying.ceremony == ceremony_id)
        else:
            await WreathLaying.insert(WreathLaying(ceremony=ceremony_id, starts_at=start))
    return Saved(id=ceremony_id)
