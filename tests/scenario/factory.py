"""A Victory Day ceremony 15:00–16:00 in the city, and scenario items written straight into the table."""

from datetime import datetime, time

from app.core.config import get_settings
from app.events.tables import Ceremony, Event
from app.scenario.tables import ScenarioItem


def local(hour: int, minute: int = 0, day: int = 8) -> datetime:
    return datetime(2027, 5, day, hour, minute, tzinfo=get_settings().tz)


async def ceremony(title: str = "Торжественное собрание", *, day: int = 8, year_event: str = "День Победы 2027",
                   start: int = 15, end: int = 16) -> int:
    event = (await Event.insert(Event(title=year_event, year=2027, kind="victory_day")).returning(Event.id))[0]["id"]
    rows = await Ceremony.insert(Ceremony(event=event, title=title, venue="Краевой музыкальный театр",
                                          address="ул. Карла Маркса, 64", starts_at=local(start, day=day),
                                          ends_at=local(end, day=day))).returning(Ceremony.id)
    return rows[0]["id"]


async def items(ceremony_id: int, *specs: tuple[str, int] | tuple[str, int, time]) -> list[int]:
    """(action, minutes[, fixed time]) in order."""
    rows = await ScenarioItem.insert(*[
        ScenarioItem(ceremony=ceremony_id, position=n, action=spec[0], minutes=spec[1],
                     fixed_time=spec[2] if len(spec) > 2 else None)
        for n, spec in enumerate(specs, start=1)
    ]).returning(ScenarioItem.id)
    return [r["id"] for r in rows]
