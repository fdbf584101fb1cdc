"""A ceremony's scenario: its items in order, their times, and the problems the editor is warned about."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.numbers import wholes
from app.core.results import NotFound, Saved
from app.events.kinds import EventKind
from app.events.services import CeremonyView, get_ceremony
from app.events.tables import Ceremony, Event
from app.scenario import timing
from app.scenario.tables import ScenarioItem
from app.web.forms import FormReader

MAX_MINUTES = 600  # one item of ten hours is already a typing error, not a programme


@dataclass(frozen=True)
class ItemView:
    id: int
    number: int
    minutes: int
    fixed_time: time | None
    action: str
    participants: str
    responsible: str
    cues: str
    host_words: str
    start: datetime  # in the city's time zone
    end: datetime
    pause: int  # minutes of waiting before this item's fixed time
    problems: tuple[str, ...]  # what is wrong with this item's time, in words

    @property
    def length(self) -> str:
        return duration_label(self.minutes)


@dataclass(frozen=True)
class ScenarioView:
    ceremony: CeremonyView
    event_kind: EventKind
    items: tuple[ItemView, ...]
    ends_at: datetime
    minutes: int
    overrun: int  # minutes past the ceremony's planned end
    warnings: tuple[str, ...]  # every problem once, naming its item, for the top of the page

    @property
    def length(self) -> str:
        return duration_label(self.minutes)

    @property
    def order(self) -> str:
        return ",".join(str(item.id) for item in self.items)


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("{h} ч {m} мин").format(h=hours, m=rest)
    if hours:
        return _("{h} ч").format(h=hours)
    return _("{m} мин").format(m=rest)


def clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def fixed_moment(ceremony: CeremonyView, at: time | None) -> datetime | None:
    """A fixed wall-clock time on the ceremony's day; past midnight for a ceremony that runs into the next day."""
    if at is None:
        return None
    moment = datetime.combine(ceremony.starts_at.date(), at, tzinfo=ceremony.starts_at.tzinfo)
    next_day = moment + timedelta(days=1)
    return next_day if moment < ceremony.starts_at and next_day <= ceremony.ends_at else moment


def _problems(n: int, action: str, t: timing.Timed, line: timing.Timeline,
              c: CeremonyView) -> tuple[list[str], list[str]]:
    """This item's problems, short for its own row and full for the list at the top."""
    own, full = [], []
    label = _("Пункт {n} «{action}»").format(n=n + 1, action=action)
    if t.overlaps is not None:
        until = clock(line.items[t.overlaps].end)
        own.append(_("Накладывается на пункт {other}: тот идёт до {until}.").format(other=t.overlaps + 1, until=until))
        full.append(_("{item} назначен на {time}, а пункт {other} идёт до {until}: наложение {length}.").format(
            item=label, time=clock(t.start), other=t.overlaps + 1, until=until, length=duration_label(t.overlap)))
    if t.early:
        own.append(_("Раньше начала церемонии ({start}).").format(start=clock(c.starts_at)))
        full.append(_("{item} назначен на {time} — раньше начала церемонии ({start}).").format(
            item=label, time=clock(t.start), start=clock(c.starts_at)))
    if t.late:
        own.append(_("Заканчивается позже окончания церемонии ({end}).").format(end=clock(c.ends_at)))
    return own, full


async def scenario(ceremony_id: int) -> ScenarioView:
    ceremony = await get_ceremony(ceremony_id)
    rows = await ScenarioItem.select().where(ScenarioItem.ceremony == ceremony_id).order_by(
        ScenarioItem.position).order_by(ScenarioItem.id)
    line = timing.compute([timing.Step(r["minutes"], fixed_moment(ceremony, r["fixed_time"])) for r in rows],
                          ceremony.starts_at, ceremony.ends_at)
    items, warnings = [], []
    for n, (row, t) in enumerate(zip(rows, line.items, strict=True)):
        own, full = _problems(n, row["action"], t, line, ceremony)
        warnings += full
        items.append(ItemView(
            id=row["id"], number=n + 1, minutes=row["minutes"], fixed_time=row["fixed_time"], action=row["action"],
            participants=row["participants"], responsible=row["responsible"], cues=row["cues"],
            host_words=row["host_words"], start=t.start, end=t.end, pause=t.pause, problems=tuple(own)))
    if line.overrun:
        warnings.append(_("Сценарий заканчивается в {end} — на {length} позже окончания церемонии ({planned}).")
                        .format(end=clock(line.ends_at), length=duration_label(line.overrun),
                                planned=clock(ceremony.ends_at)))
    event = await Event.select(Event.kind).where(Event.id == ceremony.event_id).first()
    kind = EventKind(event["kind"]) if event else EventKind.OTHER
    return ScenarioView(ceremony=ceremony, event_kind=kind, items=tuple(items),
                        ends_at=line.ends_at, minutes=line.minutes, overrun=line.overrun, warnings=tuple(warnings))


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class ItemForm:
    """An item's form open on the page: an existing item's (item) or a new one's after the item `after`
    (at the end when None), with what was typed and the messages per field."""

    item: int | None
    after: int | None
    values: Mapping[str, str]
    errors: Mapping[str, str]


def item_values(item: ItemView | None) -> dict[str, str]:
    """The form's fields for an item (empty for a new one), as the browser would send them."""
    if item is None:
        return {"fixed_time": "", "minutes": "5", "action": "", "participants": "", "responsible": "", "cues": "",
                "host_words": ""}
    return {"fixed_time": f"{item.fixed_time:%H:%M}" if item.fixed_time else "", "minutes": str(item.minutes),
            "action": item.action, "participants": item.participants, "responsible": item.responsible,
            "cues": item.cues, "host_words": item.host_words}


def _read(raw: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    form = FormReader(raw)
    values = {
        "fixed_time": _clock(form, "fixed_time"),
        "minutes": form.integer("minutes", minimum=0, maximum=MAX_MINUTES),
        "action": form.text("action", required=True, max_length=500),
        "participants": form.multiline("participants", max_length=2_000),
        "responsible": form.text("responsible", max_length=300),
        "cues": form.multiline("cues", max_length=2_000),
        "host_words": form.multiline("host_words", max_length=20_000),
    }
    return values, form.errors


def _clock(form: FormReader, name: str) -> time | None:
    """An optional «чч:мм» (an <input type=time> may add seconds)."""
    raw = form.raw.get(name, "").strip()
    if not raw:
        return None
    for pattern in ("%H:%M", "%H:%M:%S", "%H.%M"):
        try:
            return datetime.strptime(raw, pattern).time().replace(second=0)
        except ValueError:
            continue
    form.fail(name, _("Время в виде чч:мм, например 15:30."))
    return None


async def _ids(ceremony_id: int) -> list[int]:
    rows = await ScenarioItem.select(ScenarioItem.id).where(ScenarioItem.ceremony == ceremony_id).order_by(
        ScenarioItem.position).order_by(ScenarioItem.id)
    return [r["id"] for r in rows]


async def _renumber(ids: list[int]) -> None:
    for position, item_id in enumerate(ids, start=1):
        await ScenarioItem.update({ScenarioItem.position: position}).where(ScenarioItem.id == item_id)


async def _ceremony_exists(ceremony_id: int) -> None:
    if not await Ceremony.exists().where(Ceremony.id == ceremony_id):
        raise NotFound


async def save_item(ceremony_id: int, raw: Mapping[str, str], *, item_id: int | None = None,
                    after: int | None = None) -> Saved:
    """A new item goes after the item `after` (at the end when None), an existing one keeps its place."""
    await _ceremony_exists(ceremony_id)
    values, errors = _read(raw)
    if errors:
        return Saved(errors=errors)
    columns = {getattr(ScenarioItem, name): value for name, value in values.items()}
    async with write_transaction(ScenarioItem._meta.db):
        ids = await _ids(ceremony_id)
        if item_id is not None:
            if item_id not in ids:
                raise NotFound
            old = await ScenarioItem.select(*columns).where(ScenarioItem.id == item_id).first()
            await ScenarioItem.update(columns).where(ScenarioItem.id == item_id)
            await audit.saved("scenario_item", item_id, values["action"][:200], old, values)
            return Saved(id=item_id)
        rows = await ScenarioItem.insert(ScenarioItem(ceremony=ceremony_id, position=len(ids) + 1, **values)
                                         ).returning(ScenarioItem.id)
        new_id = rows[0]["id"]
        if after in ids:
            ids.insert(ids.index(after) + 1, new_id)
            await _renumber(ids)
        await audit.saved("scenario_item", new_id, values["action"][:200], None, values)
    return Saved(id=new_id)


async def delete_item(ceremony_id: int, item_id: int) -> None:
    async with write_transaction(ScenarioItem._meta.db):
        ids = await _ids(ceremony_id)
        if item_id not in ids:
            raise NotFound
        row = await ScenarioItem.select(ScenarioItem.action).where(ScenarioItem.id == item_id).first()
        await ScenarioItem.delete().where(ScenarioItem.id == item_id)
        await audit.record("purge", "scenario_item", item_id, row["action"][:200])
        ids.remove(item_id)
        await _renumber(ids)


async def move_item(ceremony_id: int, item_id: int, step: int) -> None:
    """One place up (step −1) or down (+1); the first item does not go higher, nor the last lower."""
    async with write_transaction(ScenarioItem._meta.db):
        ids = await _ids(ceremony_id)
        if item_id not in ids:
            raise NotFound
        old = ids.index(item_id)
        new = min(max(old + step, 0), len(ids) - 1)
        if new != old:
            ids.insert(new, ids.pop(old))
            await _renumber(ids)


async def reorder(ceremony_id: int, order: list[int]) -> bool:
    """The items in the order given; False, changing nothing, when it is not the scenario as it stands
    (someone added or deleted an item meanwhile)."""
    await _ceremony_exists(ceremony_id)
    async with write_transaction(ScenarioItem._meta.db):
        ids = await _ids(ceremony_id)
        if sorted(ids) != sorted(order) or len(set(order)) != len(order):
            return False
        await _renumber(order)
    return True


def parse_order(raw: str) -> list[int]:
    return wholes(raw.split(","))


# ---------------------------------------------------------------- last year's scenario


@dataclass(frozen=True)
class Source:
    id: int
    label: str


async def copy_sources(ceremony: CeremonyView) -> list[Source]:
    """Earlier ceremonies that have a scenario, the most recent first: a new year's ceremony starts from one."""
    with_items = {r["ceremony"] for r in await ScenarioItem.select(ScenarioItem.ceremony).distinct()}
    if not with_items:
        return []
    rows = await Ceremony.select(Ceremony.id, Ceremony.title, Ceremony.starts_at).where(
        Ceremony.id.is_in(list(with_items)) & (Ceremony.starts_at < ceremony.starts_at)).order_by(
        Ceremony.starts_at, ascending=False)
    rows.sort(key=lambda r: r["title"] != ceremony.title)  # the same ceremony of an earlier year comes first
    tz = ceremony.starts_at.tzinfo
    return [Source(r["id"], f"{r['starts_at'].astimezone(tz):%d.%m.%Y} · {r['title']}") for r in rows]


async def copy_from(source_id: int, target_id: int) -> int:
    """Copies the items of another ceremony's scenario into an empty one; fixed times stay as they are."""
    await _ceremony_exists(target_id)
    rows = await ScenarioItem.select().where(ScenarioItem.ceremony == source_id).order_by(
        ScenarioItem.position).order_by(ScenarioItem.id)
    async with write_transaction(ScenarioItem._meta.db):
        if not rows or await ScenarioItem.exists().where(ScenarioItem.ceremony == target_id):
            return 0
        await ScenarioItem.insert(*[
            ScenarioItem(ceremony=target_id, position=n, minutes=r["minutes"], fixed_time=r["fixed_time"],
                         action=r["action"], participants=r["participants"], responsible=r["responsible"],
                         cues=r["cues"], host_words=r["host_words"])
            for n, r in enumerate(rows, start=1)
        ])
    return len(rows)
