"""A wreath laying to test on: Victory Day 2026 at the Eternal Flame, 09:00–09:40."""

from app.events import services as events
from app.wreaths import scheme, services
from tests.events.test_services import ceremony_form, event_form


async def wreath_laying(event_title: str = "День Победы 2026", **changes) -> int:
    event = await events.save_event(event_form(title=event_title))
    saved = await events.save_ceremony(ceremony_form(
        title="Возложение венков к Вечному огню", format="wreath_laying", venue="Площадь Славы", address="",
        starts_at="2026-05-09T09:00", ends_at="2026-05-09T09:40", expected_guests="300", **changes),
        event_id=event.id)
    assert saved.ok, saved.errors
    return saved.id


def delegation_form(name: str, rank: int, **changes) -> dict:
    form = {"name": name, "head": "", "announcement": "", "rank": str(rank), "people": "5", "tribute": "wreath",
            "minutes": "2"}
    return {**form, **{k: str(v) for k, v in changes.items()}}


async def add(ceremony_id: int, name: str, rank: int, **changes) -> int:
    saved = await services.save_delegation(delegation_form(name, rank, **changes), ceremony_id=ceremony_id)
    assert saved.ok, saved.errors
    return saved.id


async def zone(ceremony_id: int, name: str, x: int, y: int, w: int, h: int, *, kind: str = "zone",
               delegation: int | None = None) -> int:
    saved = await scheme.save_zone({"name": name, "kind": kind, "x": str(x), "y": str(y), "w": str(w), "h": str(h),
                                    "delegation": str(delegation or "")}, ceremony_id=ceremony_id)
    assert saved.ok, saved.errors
    return saved.id


async def names(ceremony_id: int) -> list[str]:
    return [d.name for d in await services.delegations(ceremony_id)]
