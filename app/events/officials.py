"""The registry of officials (the mayor, the chair of the Duma, the deputies …) and each official's
participation: the ceremonies they attend in a period, in what role, and where their day clashes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from app.audit import services as audit
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.formatting import fmt_long_date, weekday_name
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.documents.official import Approval, mayor_approval, page_label
from app.documents.schedule import ScheduleDocument, ScheduleRow, build_schedule_pdf
from app.events import participation, services
from app.events.clashes import Clash, describe
from app.events.kinds import PARTICIPATION_LABELS, Participation
from app.events.tables import CeremonyOfficial, Official
from app.web.forms import FormReader


@dataclass(frozen=True)
class OfficialView:
    id: int
    full_name: str
    position: str
    precedence: int  # lower is more senior


@dataclass(frozen=True)
class RegistryRow:
    official: OfficialView
    ceremonies: int  # in the year asked for
    clashes: int


@dataclass(frozen=True)
class Engagement:
    """One ceremony in an official's schedule."""

    ceremony: services.CeremonyView
    role: Participation
    clashes: tuple[Clash, ...]  # this official's, touching this ceremony

    @property
    def warnings(self) -> list[str]:
        return describe(self.clashes)


@dataclass(frozen=True)
class Schedule:
    official: OfficialView
    start: date
    end: date  # the day after the period
    engagements: tuple[Engagement, ...]

    @property
    def clashes(self) -> list[Clash]:
        """Each clash once (it touches two engagements), in the order of the day."""
        return list(dict.fromkeys(c for e in self.engagements for c in e.clashes))

    @property
    def warnings(self) -> list[str]:
        return describe(self.clashes)


def _view(row: dict) -> OfficialView:
    return OfficialView(row["id"], row["full_name"], row["position"], row["precedence"])


async def approval(year: int) -> Approval:
    """The approval block of the department's plans, orders and scenarios: the most senior official of the
    directory (the mayor) by position and name; the mayor's title and a blank line while it is empty."""
    row = await Official.select(Official.position, Official.full_name).order_by(Official.precedence).first()
    return mayor_approval(year, row["position"], row["full_name"]) if row else mayor_approval(year)


async def get_official(official_id: int) -> OfficialView:
    row = await Official.select().where(Official.id == official_id).first()
    if row is None:
        raise NotFound
    return _view(row)


async def registry(year: int) -> list[RegistryRow]:
    """Every official, the most senior first, with the number of their ceremonies and clashes in `year`."""
    rows = await Official.select().order_by(Official.precedence).order_by(Official.full_name)
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    lower, upper = services.city_midnight(start), services.city_midnight(end)
    ceremonies = Counter(a.official_id for a in await participation.appearances(lower, upper)
                         if lower <= a.starts_at < upper)
    clashes = Counter(c.official_id for c in await participation.clashes_between(lower, upper))
    return [RegistryRow(_view(r), ceremonies[r["id"]], clashes[r["id"]]) for r in rows]


async def save_official(raw: Mapping[str, str], official_id: int | None = None) -> Saved:
    form = FormReader(raw)
    full_name = form.text("full_name", required=True, max_length=200)
    position = form.text("position", required=True)
    precedence = form.integer("precedence", minimum=1, maximum=999, default=100)
    if full_name and await _name_taken(full_name, official_id):
        form.fail("full_name", _("{name} уже есть в списке.").format(name=full_name))
    if form.errors:
        return Saved(errors=form.errors)
    values = {Official.full_name: full_name, Official.position: position, Official.precedence: precedence}
    saved = await audit.save_row(Official, values, official_id, kind="official", label=full_name)
    if saved is None:
        raise NotFound
    return Saved(id=saved)


async def _name_taken(full_name: str, except_id: int | None) -> bool:
    folded = full_name.casefold()
    return any(r["full_name"].casefold() == folded and r["id"] != except_id
               for r in await Official.select(Official.id, Official.full_name))


async def delete_official(official_id: int) -> None:
    """Removes the official and their place in every ceremony."""
    gone = await get_official(official_id)
    async with write_transaction(Official._meta.db):
        await CeremonyOfficial.delete().where(CeremonyOfficial.official == official_id)
        await Official.delete().where(Official.id == official_id)
        await audit.record("purge", "official", official_id, gone.full_name)


async def schedule(official_id: int, start: date, end: date) -> Schedule:
    """The official's ceremonies that start on a day in [start, end), with their role and clashes."""
    official = await get_official(official_id)
    ceremonies = await services.ceremonies_between(start, end, official_id)
    clashes = participation.by_ceremony(await participation.clashes_between(
        services.city_midnight(start), services.city_midnight(end), [official_id]), [c.id for c in ceremonies])
    engagements = tuple(
        Engagement(ceremony=c, role=next(p.role for p in c.participants if p.official_id == official_id),
                   clashes=tuple(clashes.get(c.id, ())))
        for c in ceremonies
    )
    return Schedule(official, start, end, engagements)


def period_title(start: date, end: date) -> str:
    """«9 мая 2027 г., воскресенье» for a day, «неделя с 3 мая 2027 г. по 9 мая 2027 г.» for longer."""
    last = end - timedelta(days=1)
    if last == start:
        return f"{fmt_long_date(start)}, {weekday_name(start)}"
    return _("неделя с {start} по {end}").format(start=fmt_long_date(start), end=fmt_long_date(last))


async def schedule_pdf(official_id: int, start: date, end: date) -> bytes:
    """The official's schedule for a day or a week, printed on the house A4 layout."""
    plan = await schedule(official_id, start, end)
    rows = tuple(_row(e, with_date=end - start > timedelta(days=1)) for e in plan.engagements)
    title = _("График участия в мероприятиях: {period}").format(period=period_title(start, end))
    official = f"{plan.official.full_name}, {plan.official.position}"
    return build_schedule_pdf(ScheduleDocument(
        title=title, official=official, organisation=get_settings().organisation, rows=rows,
        labels={"no": "№", "when": _("Время"), "what": _("Мероприятие"), "where": _("Место проведения"),
                "role": _("Участие"), "empty": _("Мероприятий нет."), "clash": _("Накладка"),
                "page": page_label()},
    ))


def _row(engagement: Engagement, *, with_date: bool) -> ScheduleRow:
    c = engagement.ceremony
    time = f"{c.starts_at:%H:%M}–{c.ends_at:%H:%M}"
    return ScheduleRow(
        when=f"{fmt_long_date(c.starts_at.date())}\n{time}" if with_date else time,
        title=c.title, event=c.event_title, venue=", ".join(p for p in (c.venue, c.address) if p),
        role=_(PARTICIPATION_LABELS[engagement.role]), warnings=tuple(engagement.warnings),
    )
