"""The year plan: events, their ceremonies, the officials taking part, and copying a year forward."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.accounts.tables import Account
from app.audit import services as audit
from app.core import clock
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.direct_db import Statements, fetch
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.core.roles import Role
from app.events.dates import move_to_year
from app.events.kinds import KIND_DATE_RULES, CeremonyFormat, DateRule, EventKind, EventStatus, Participation
from app.events.tables import Ceremony, CeremonyOfficial, Event, Official
from app.web.forms import FormReader


@dataclass(frozen=True)
class Participant:
    """An official at a ceremony and what they do there."""

    official_id: int
    name: str
    role: Participation


@dataclass(frozen=True)
class CeremonyView:
    id: int
    event_id: int
    event_title: str
    event_status: EventStatus
    title: str
    format: CeremonyFormat
    venue: str
    address: str
    starts_at: datetime  # in the city's time zone
    ends_at: datetime
    expected_guests: int
    notes: str
    participants: tuple[Participant, ...] = ()  # most senior first

    @property
    def officials(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.participants)

    @property
    def official_ids(self) -> tuple[int, ...]:
        return tuple(p.official_id for p in self.participants)


@dataclass(frozen=True)
class EventView:
    id: int
    title: str
    kind: EventKind
    date_rule: DateRule
    year: int
    status: EventStatus
    responsible_id: int | None
    responsible_name: str
    notes: str
    ceremonies: tuple[CeremonyView, ...] = ()

    @property
    def first_day(self) -> date | None:
        return min((c.starts_at.date() for c in self.ceremonies), default=None)

    @property
    def last_day(self) -> date | None:
        return max((c.ends_at.date() for c in self.ceremonies), default=None)


@dataclass(frozen=True)
class MonthGroup:
    month: int | None  # None: events that have no ceremony yet
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class Option:
    id: int
    label: str


# ---------------------------------------------------------------- reading


def _local(moment: datetime) -> datetime:
    return moment.astimezone(get_settings().tz)


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=get_settings().tz)


async def _participants_by_ceremony(ceremony_ids: list[int]) -> dict[int, list[Participant]]:
    if not ceremony_ids:
        return {}
    rows = await CeremonyOfficial.select(
        CeremonyOfficial.ceremony,
        CeremonyOfficial.role,
        CeremonyOfficial.official.id.as_alias("official_id"),
        CeremonyOfficial.official.full_name.as_alias("name"),
        CeremonyOfficial.official.precedence.as_alias("precedence"),
    ).where(CeremonyOfficial.ceremony.is_in(ceremony_ids))
    result: dict[int, list[Participant]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["precedence"], r["name"])):
        result[row["ceremony"]].append(Participant(row["official_id"], row["name"], Participation(row["role"])))
    return result


async def _ceremonies(where) -> list[CeremonyView]:
    rows = await Ceremony.select(
        Ceremony.all_columns(),
        Ceremony.event.title.as_alias("event_title"),
        Ceremony.event.status.as_alias("event_status"),
    ).where(where & ceremony_alive()).order_by(Ceremony.starts_at)
    participants = await _participants_by_ceremony([r["id"] for r in rows])
    return [
        CeremonyView(
            id=r["id"],
            event_id=r["event"],
            event_title=r["event_title"],
            event_status=EventStatus(r["event_status"]),
            title=r["title"],
            format=CeremonyFormat(r["format"]),
            venue=r["venue"],
            address=r["address"],
            starts_at=_local(r["starts_at"]),
            ends_at=_local(r["ends_at"]),
            expected_guests=r["expected_guests"],
            notes=r["notes"],
            participants=tuple(participants.get(r["id"], [])),
        )
        for r in rows
    ]


async def _events(where) -> list[EventView]:
    rows = await Event.select(
        Event.all_columns(),
        Event.responsible.user.first_name.as_alias("resp_first"),
        Event.responsible.user.last_name.as_alias("resp_last"),
        Event.responsible.user.username.as_alias("resp_username"),
    ).where(where & Event.deleted_at.is_null())
    if not rows:
        return []
    ceremonies = await _ceremonies(Ceremony.event.is_in([r["id"] for r in rows]))
    by_event: dict[int, list[CeremonyView]] = defaultdict(list)
    for ceremony in ceremonies:
        by_event[ceremony.event_id].append(ceremony)
    events = [
        EventView(
            id=r["id"],
            title=r["title"],
            kind=EventKind(r["kind"]),
            date_rule=DateRule(r["date_rule"]),
            year=r["year"],
            status=EventStatus(r["status"]),
            responsible_id=r["responsible"],
            responsible_name=_person_name(r["resp_first"], r["resp_last"], r["resp_username"]),
            notes=r["notes"],
            ceremonies=tuple(by_event.get(r["id"], [])),
        )
        for r in rows
    ]
    return sorted(events, key=lambda e: (e.first_day or date.max, e.title))


def _person_name(first: str | None, last: str | None, username: str | None) -> str:
    return " ".join(part for part in (last, first) if part) or (username or "")


async def get_event(event_id: int) -> EventView:
    events = await _events(Event.id == event_id)
    if not events:
        raise NotFound
    return events[0]


async def get_ceremony(ceremony_id: int) -> CeremonyView:
    ceremonies = await _ceremonies(Ceremony.id == ceremony_id)
    if not ceremonies:
        raise NotFound
    return ceremonies[0]


async def year_plan(year: int, status: EventStatus | None = None) -> list[MonthGroup]:
    """The annual plan: the year's events grouped by the month of their first ceremony."""
    where = Event.year == year
    if status is not None:
        where &= Event.status == status
    groups: dict[int | None, list[EventView]] = defaultdict(list)
    for event in await _events(where):
        groups[event.first_day.month if event.first_day else None].append(event)
    months = sorted(m for m in groups if m is not None) + ([None] if None in groups else [])
    return [MonthGroup(month=m, events=tuple(groups[m])) for m in months]


async def plan_years() -> list[int]:
    rows = await Event.select(Event.year).where(Event.deleted_at.is_null()).distinct().order_by(Event.year)
    return [r["year"] for r in rows]


def city_midnight(day: date) -> datetime:
    """The moment `day` begins in the city."""
    return _utc(datetime.combine(day, time.min))


async def ceremonies_between(start: date, end: date, official_id: int | None = None) -> list[CeremonyView]:
    """Ceremonies that start on a day in [start, end), days taken in the city's time zone; with
    `official_id`, only those the official takes part in."""
    where = (Ceremony.starts_at >= city_midnight(start)) & (Ceremony.starts_at < city_midnight(end))
    if official_id is not None:
        where &= Ceremony.id.is_in(
            CeremonyOfficial.select(CeremonyOfficial.ceremony).where(CeremonyOfficial.official == official_id))
    return await _ceremonies(where)


async def upcoming(days: int = 30) -> list[CeremonyView]:
    today = clock.today()
    return await ceremonies_between(today, today + timedelta(days=days))


async def officials() -> list[Option]:
    rows = await Official.select(Official.id, Official.full_name, Official.position).order_by(
        Official.precedence
    )
    return [Option(r["id"], f"{r['full_name']} — {r['position']}") for r in rows]


async def responsible_officers() -> list[Option]:
    rows = await Account.select(
        Account.id, Account.user.first_name, Account.user.last_name, Account.user.username
    ).where(Account.role.is_in([Role.PROTOCOL, Role.ADMIN]))
    options = [
        Option(r["id"], _person_name(r["user.first_name"], r["user.last_name"], r["user.username"]))
        for r in rows
    ]
    return sorted(options, key=lambda o: o.label)


# ---------------------------------------------------------------- writing


async def save_event(raw: Mapping[str, str], event_id: int | None = None) -> Saved:
    form = FormReader(raw)
    title = form.text("title", required=True)
    kind = form.choice("kind", EventKind)
    date_rule = form.choice("date_rule", DateRule)
    year = form.integer("year", minimum=2000, maximum=2100)
    status = form.choice("status", EventStatus)
    responsible = form.integer("responsible", default=0) or None
    notes = form.multiline("notes")
    if responsible and not await Account.exists().where(Account.id == responsible):
        form.fail("responsible", _("Такого сотрудника нет."))
    if title and year and await _title_taken(title, year, event_id):
        form.fail("title", _("Событие «{title}» уже есть в плане {year} года.").format(title=title, year=year))
    if form.errors:
        return Saved(errors=form.errors)
    values = {
        Event.title: title,
        Event.kind: kind,
        Event.date_rule: date_rule,
        Event.year: year,
        Event.status: status,
        Event.responsible: responsible,
        Event.notes: notes,
    }
    new = {c._meta.name: v for c, v in values.items()}
    if event_id is None:
        async with write_transaction(Event._meta.db):
            row = await Event.insert(Event(**new)).returning(Event.id)
            await audit.record("create", "event", row[0]["id"], title, audit.diff({}, new))
        return Saved(id=row[0]["id"])
    old = await Event.select(*values).where((Event.id == event_id) & Event.deleted_at.is_null()).first()
    if old is None:
        raise NotFound
    years = {c.starts_at.year for c in (await get_event(event_id)).ceremonies}
    if years - {year}:
        return Saved(errors={"year": _("Церемонии события проходят в {years} году: сначала перенесите их.").format(
            years=", ".join(map(str, sorted(years))))})
    async with write_transaction(Event._meta.db):
        await Event.update(values).where(Event.id == event_id)
        if changes := audit.diff(old, new):
            await audit.record("update", "event", event_id, title, changes)
    return Saved(id=event_id)


async def _title_taken(title: str, year: int, except_id: int | None) -> bool:
    rows = await Event.select(Event.id, Event.title).where((Event.year == year) & Event.deleted_at.is_null())
    folded = title.casefold()
    return any(r["title"].casefold() == folded and r["id"] != except_id for r in rows)


def default_date_rule(kind: EventKind) -> DateRule:
    return KIND_DATE_RULES.get(kind, DateRule.FIXED)


def ceremony_alive():
    """A ceremony out of the trash, of an event out of the trash."""
    return Ceremony.deleted_at.is_null() & Ceremony.event.deleted_at.is_null()


_ALIVE = Statements(exists="""
    SELECT 1 AS alive FROM ceremony c JOIN event e ON e.id = c.event
    WHERE c.id = {} AND c.deleted_at IS NULL AND e.deleted_at IS NULL""")


async def ceremony_exists(ceremony_id: int) -> bool:
    """Out of the trash, of an event out of the trash (ceremony_alive). Asked before every request to a
    ceremony's address — each scan at the gate too — so it runs on the driver (app.core.direct_db): through
    the query builder it cost a quarter of a scan's time on SQLite (a new connection and thread per query)."""
    engine = Ceremony._meta.db
    return bool(await fetch(engine, _ALIVE.get(engine, "exists"), ceremony_id))


async def _to_trash(table, kind: str, item_id: int, label: str) -> None:
    who = audit.current_actor()
    async with write_transaction(table._meta.db):
        await table.update({table.deleted_at: clock.now(), table.deleted_by: who.account_id}).where(
            table.id == item_id)
        await audit.record("delete", kind, item_id, label)


async def delete_event(event_id: int) -> None:
    """Puts the event, and with it its ceremonies, into the trash (restore_event takes it back)."""
    row = await Event.select(Event.title).where((Event.id == event_id) & Event.deleted_at.is_null()).first()
    if row is None:
        raise NotFound
    await _to_trash(Event, "event", event_id, row["title"])


async def restore(kind: str, item_id: int) -> int:
    """Takes an event or a ceremony out of the trash; gives back the event's id."""
    table = Event if kind == "event" else Ceremony
    row = await table.select(table.all_columns()).where((table.id == item_id) & table.deleted_at.is_not_null()).first()
    if row is None:
        raise NotFound
    async with write_transaction(table._meta.db):
        await table.update({table.deleted_at: None, table.deleted_by: None}).where(table.id == item_id)
        await audit.record("restore", kind, item_id, row["title"])
    return row["id"] if kind == "event" else row["event"]


async def purge_event(event_id: int) -> None:
    """Deletes a trashed event for good, with everything its ceremonies hold (the caller has checked the
    gate's scan log is not among it)."""
    engine = Event._meta.db
    async with write_transaction(engine):
        row = await Event.select(Event.title).where((Event.id == event_id) & Event.deleted_at.is_not_null()).first()
        if row is None:
            raise NotFound
        ceremony_ids = [r["id"] for r in await Ceremony.select(Ceremony.id).where(Ceremony.event == event_id)]
        if ceremony_ids:
            await CeremonyOfficial.delete().where(CeremonyOfficial.ceremony.is_in(ceremony_ids))
            await Ceremony.delete().where(Ceremony.id.is_in(ceremony_ids))
        await Event.update({Event.copied_from: None}).where(Event.copied_from == event_id)
        await Event.delete().where(Event.id == event_id)
        await audit.record("purge", "event", event_id, row["title"])


async def save_ceremony(raw: Mapping[str, str], *, event_id: int, ceremony_id: int | None = None) -> Saved:
    event = await Event.select(Event.year).where((Event.id == event_id) & Event.deleted_at.is_null()).first()
    if event is None:
        raise NotFound
    form = FormReader(raw)
    title = form.text("title", required=True)
    fmt = form.choice("format", CeremonyFormat)
    venue = form.text("venue", required=True)
    address = form.text("address")
    starts = form.local_datetime("starts_at")
    ends = form.local_datetime("ends_at")
    guests = form.integer("expected_guests", minimum=0, maximum=100_000, default=0)
    notes = form.multiline("notes")
    official_ids = form.ids("officials")
    roles = {o: _participation(form, o) for o in official_ids}
    if starts and starts.year != event["year"]:
        form.fail("starts_at", _("Событие запланировано на {year} год: церемония должна пройти в том же году.")
                  .format(year=event["year"]))
    if starts and ends and ends <= starts:
        form.fail("ends_at", _("Окончание должно быть позже начала."))
    known = {r["id"] for r in await Official.select(Official.id)} if official_ids else set()
    if set(official_ids) - known:
        form.fail("officials", _("Среди отмеченных есть неизвестное должностное лицо."))
    if form.errors:
        return Saved(errors=form.errors)
    values = {
        Ceremony.event: event_id,
        Ceremony.title: title,
        Ceremony.format: fmt,
        Ceremony.venue: venue,
        Ceremony.address: address,
        Ceremony.starts_at: _utc(starts),
        Ceremony.ends_at: _utc(ends),
        Ceremony.expected_guests: guests,
        Ceremony.notes: notes,
    }
    new = {c._meta.name: v for c, v in values.items()} | {"officials": _roles_text(roles)}
    async with write_transaction(Ceremony._meta.db):
        if ceremony_id is None:
            rows = await Ceremony.insert(Ceremony(**{c._meta.name: v for c, v in values.items()})).returning(
                Ceremony.id
            )
            ceremony_id = rows[0]["id"]
            old: dict = {}
        else:
            old = await Ceremony.select(*values).where(
                (Ceremony.id == ceremony_id) & (Ceremony.event == event_id) & Ceremony.deleted_at.is_null()).first()
            if old is None:
                raise NotFound
            linked = await CeremonyOfficial.select(CeremonyOfficial.official, CeremonyOfficial.role).where(
                CeremonyOfficial.ceremony == ceremony_id)
            old["officials"] = _roles_text({r["official"]: r["role"] for r in linked})
            await Ceremony.update(values).where(Ceremony.id == ceremony_id)
            await CeremonyOfficial.delete().where(CeremonyOfficial.ceremony == ceremony_id)
        await _link_officials(ceremony_id, roles)
        if changes := audit.diff(old, new):
            await audit.record("update" if old else "create", "ceremony", ceremony_id, title, changes)
    return Saved(id=ceremony_id)


def _roles_text(roles: Mapping[int, str]) -> str:
    """The officials of a ceremony as the log compares them: «3:attends, 7:speaks»."""
    return ", ".join(f"{o}:{Participation(r).value}" for o, r in sorted(roles.items()))


def _participation(form: FormReader, official_id: int) -> Participation:
    """The role chosen beside a checked official («role-<id>»); a form without one means «присутствует»."""
    name = f"role-{official_id}"
    if not form.raw.get(name):
        return Participation.ATTENDS
    return form.choice(name, Participation) or Participation.ATTENDS


async def _link_officials(ceremony_id: int, roles: Mapping[int, Participation]) -> None:
    if roles:
        await CeremonyOfficial.insert(
            *[CeremonyOfficial(ceremony=ceremony_id, official=o, role=role) for o, role in roles.items()]
        )


async def delete_ceremony(ceremony_id: int) -> int:
    """Puts the ceremony into the trash and gives back the id of its event."""
    row = await Ceremony.select(Ceremony.event, Ceremony.title).where(
        (Ceremony.id == ceremony_id) & ceremony_alive()).first()
    if row is None:
        raise NotFound
    await _to_trash(Ceremony, "ceremony", ceremony_id, row["title"])
    return row["event"]


async def purge_ceremony(ceremony_id: int) -> None:
    """Deletes a trashed ceremony for good with all it holds (the caller has checked the scan log)."""
    async with write_transaction(Ceremony._meta.db):
        row = await Ceremony.select(Ceremony.title).where(
            (Ceremony.id == ceremony_id) & Ceremony.deleted_at.is_not_null()).first()
        if row is None:
            raise NotFound
        await CeremonyOfficial.delete().where(CeremonyOfficial.ceremony == ceremony_id)
        await Ceremony.delete().where(Ceremony.id == ceremony_id)
        await audit.record("purge", "ceremony", ceremony_id, row["title"])


def title_for_year(title: str, old_year: int, new_year: int) -> str:
    """«День Победы 2026» becomes «День Победы 2027»; a title without the year stays as it is."""
    return re.sub(rf"\b{old_year}\b", str(new_year), title)


async def copy_forward(event_id: int, year: int) -> Saved:
    """A new event in `year` from an earlier one, its ceremonies moved by the event's date rule.

    All ceremonies move by the same number of days as the first one, so a programme spread over
    several days keeps its shape (the eve, the day itself, the day after).
    """
    source = await get_event(event_id)
    title = title_for_year(source.title, source.year, year)
    if not 2000 <= year <= 2100:
        return Saved(errors={"year": _("Год от 2000 до 2100.")})
    if await _title_taken(title, year, None):
        message = _("Событие «{title}» уже есть в плане {year} года.").format(title=title, year=year)
        return Saved(errors={"year": message})
    shift = timedelta(0)
    if source.first_day:
        shift = move_to_year(source.first_day, year, source.date_rule) - source.first_day
    async with write_transaction(Event._meta.db):
        rows = await Event.insert(
            Event(title=title, kind=source.kind, date_rule=source.date_rule, year=year,
                  status=EventStatus.DRAFT, responsible=source.responsible_id, notes=source.notes,
                  copied_from=source.id)
        ).returning(Event.id)
        new_id = rows[0]["id"]
        for c in source.ceremonies:
            inserted = await Ceremony.insert(
                Ceremony(event=new_id, title=title_for_year(c.title, source.year, year), format=c.format,
                         venue=c.venue, address=c.address, starts_at=_shift_local(c.starts_at, shift),
                         ends_at=_shift_local(c.ends_at, shift), expected_guests=c.expected_guests,
                         notes=c.notes)
            ).returning(Ceremony.id)
            await _link_officials(inserted[0]["id"], {p.official_id: p.role for p in c.participants})
    return Saved(id=new_id)


def _shift_local(moment: datetime, shift: timedelta) -> datetime:
    """The same wall-clock time `shift` days later in the city, whatever the offset then."""
    return (moment.replace(tzinfo=None) + shift).replace(tzinfo=moment.tzinfo)

