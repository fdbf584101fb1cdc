"""The events area's shared fixtures: officials and a Victory Day on which the mayor's day clashes."""

import pytest

from app.events import officials, services
from tests.events.test_services import ceremony_form, new_event


async def official(name: str = "Кравцов Сергей Андреевич", position: str = "Мэр города", precedence: int = 1) -> int:
    saved = await officials.save_official({"full_name": name, "position": position, "precedence": str(precedence)})
    assert saved.ok, saved.errors
    return saved.id


async def ceremony(event_id: int, title: str, venue: str, start: str, end: str, day: str = "2026-05-09",
                   fmt: str = "meeting", **roles: str) -> int:
    """A ceremony with officials given as o<id>=<role>."""
    form = ceremony_form(title=title, format=fmt, venue=venue, starts_at=f"{day}T{start}", ends_at=f"{day}T{end}",
                         officials=[int(key[1:]) for key in roles])
    form.update({f"role-{key[1:]}": role for key, role in roles.items()})
    saved = await services.save_ceremony(form, event_id=event_id)
    assert saved.ok, saved.errors
    return saved.id


@pytest.fixture
async def victory_day() -> dict[str, int]:
    """The mayor lays a wreath at 09:00–09:40 and speaks at the reception at 10:00 elsewhere; the deputy
    attends the reception only."""
    mayor = await official()
    deputy = await official("Гордеев Николай Иванович", "Первый заместитель мэра города", 3)
    event_id = await new_event()
    wreath = await ceremony(event_id, "Возложение венков", "Площадь Славы", "09:00", "09:40", fmt="wreath_laying",
                            **{f"o{mayor}": "lays_wreath"})
    reception = await ceremony(event_id, "Приём в честь ветеранов", "Дом офицеров", "10:00", "12:00",
                               fmt="reception", **{f"o{mayor}": "speaks", f"o{deputy}": "attends"})
    return {"mayor": mayor, "deputy": deputy, "event": event_id, "wreath": wreath, "reception": reception}
