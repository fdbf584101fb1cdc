"""Where the officials are and when: their appearances read from the plan, the table of travel times
between venues, and the clashes (app/events/clashes.py) that touch a set of ceremonies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.core.config import get_settings
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.events.clashes import Appearance, Clash, TravelTimes, describe, find_clashes, venue_key
from app.events.services import CeremonyView
from app.events.tables import Ceremony, CeremonyOfficial, TravelTime
from app.web.forms import FormReader

# How far around a set of ceremonies to look for the ones they clash with: no way across the city
# takes a day, and a ceremony that began earlier but still runs is found by its end.
MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class TravelView:
    id: int
    venue_a: str
    venue_b: str
    minutes: int


async def appearances(lower: datetime, upper: datetime, official_ids: Iterable[int] | None = None
                      ) -> list[Appearance]:
    """Every official at every ceremony that runs at some moment in [lower, upper)."""
    where = (CeremonyOfficial.ceremony.starts_at < upper) & (CeremonyOfficial.ceremony.ends_at > lower) \
        & CeremonyOfficial.ceremony.deleted_at.is_null() & CeremonyOfficial.ceremony.event.deleted_at.is_null()
    if official_ids is not None:
        ids = list(official_ids)
        if not ids:
            return []
        where &= CeremonyOfficial.official.is_in(ids)
    rows = await CeremonyOfficial.select(
        CeremonyOfficial.official,
        CeremonyOfficial.official.full_name.as_alias("name"),
        CeremonyOfficial.official.precedence.as_alias("precedence"),
        CeremonyOfficial.ceremony,
        CeremonyOfficial.ceremony.title.as_alias("title"),
        CeremonyOfficial.ceremony.venue.as_alias("venue"),
        CeremonyOfficial.ceremony.starts_at.as_alias("starts_at"),
        CeremonyOfficial.ceremony.ends_at.as_alias("ends_at"),
    ).where(where)
    tz = get_settings().tz
    return [Appearance(official_id=r["official"], official=r["name"], ceremony_id=r["ceremony"], title=r["title"],
                       venue=r["venue"], starts_at=r["starts_at"].astimezone(tz), ends_at=r["ends_at"].astimezone(tz),
                       precedence=r["precedence"])
            for r in rows]


async def clashes_between(lower: datetime, upper: datetime, official_ids: Iterable[int] | None = None
                          ) -> list[Clash]:
    """The clashes among the ceremonies that run in [lower, upper), and with those just around it."""
    found = find_clashes(await appearances(lower - MARGIN, upper + MARGIN, official_ids), await travel_times())

    def inside(a: Appearance) -> bool:
        return a.ends_at > lower and a.starts_at < upper

    return [c for c in found if inside(c.first) or inside(c.second)]


async def clashes_of(ceremonies: Sequence[CeremonyView]) -> dict[int, list[Clash]]:
    """The clashes of each of these ceremonies' officials that touch it, by ceremony id."""
    official_ids = {p.official_id for c in ceremonies for p in c.participants}
    if not official_ids:
        return {}
    clashes = await clashes_between(min(c.starts_at for c in ceremonies), max(c.ends_at for c in ceremonies),
                                    official_ids)
    return by_ceremony(clashes, [c.id for c in ceremonies])


async def warnings_of(ceremonies: Sequence[CeremonyView]) -> dict[int, list[str]]:
    """The same in words: «Кравцов С. А.: «…» 09:00–09:40 (…) и «…» 10:00 (…) — на переезд 20 мин, нужно 30»."""
    return {ceremony_id: describe(clashes) for ceremony_id, clashes in (await clashes_of(ceremonies)).items()}


def by_ceremony(clashes: Iterable[Clash], ceremony_ids: Iterable[int]) -> dict[int, list[Clash]]:
    wanted = set(ceremony_ids)
    result: dict[int, list[Clash]] = defaultdict(list)
    for clash in clashes:
        for ceremony_id in sorted({clash.first.ceremony_id, clash.second.ceremony_id} & wanted):
            result[ceremony_id].append(clash)
    return dict(result)


# ---------------------------------------------------------------- travel times


async def travel_times() -> TravelTimes:
    rows = await TravelTime.select()
    return TravelTimes.of((r["venue_a"], r["venue_b"], timedelta(minutes=r["minutes"])) for r in rows)


async def travel_list() -> list[TravelView]:
    rows = await TravelTime.select().order_by(TravelTime.venue_a).order_by(TravelTime.venue_b)
    return [TravelView(r["id"], r["venue_a"], r["venue_b"], r["minutes"]) for r in rows]


async def venues() -> list[str]:
    """The venues of the plan, offered when a pair is typed."""
    rows = await Ceremony.select(Ceremony.venue).distinct()
    return sorted({r["venue"] for r in rows}, key=venue_key)


async def save_travel(raw: Mapping[str, str]) -> Saved:
    """A pair of venues and its minutes; a pair already in the table (either way round) is updated."""
    form = FormReader(raw)
    venue_a = form.text("venue_a", required=True)
    venue_b = form.text("venue_b", required=True)
    minutes = form.integer("minutes", minimum=0, maximum=600)
    if venue_a and venue_b and venue_key(venue_a) == venue_key(venue_b):
        form.fail("venue_b", _("Это то же место: переезд не нужен."))
    if form.errors:
        return Saved(errors=form.errors)
    pair = {venue_key(venue_a), venue_key(venue_b)}
    existing = next((t for t in await travel_list() if {venue_key(t.venue_a), venue_key(t.venue_b)} == pair), None)
    if existing:
        await TravelTime.update({TravelTime.minutes: minutes}).where(TravelTime.id == existing.id)
        return Saved(id=existing.id)
    rows = await TravelTime.insert(TravelTime(venue_a=venue_a, venue_b=venue_b, minutes=minutes)).returning(
        TravelTime.id)
    return Saved(id=rows[0]["id"])


async def delete_travel(travel_id: int) -> None:
    if not await TravelTime.exists().where(TravelTime.id == travel_id):
        raise NotFound
    await TravelTime.delete().where(TravelTime.id == travel_id)
