"""The officials' registry, roles at ceremonies, travel times, clashes and an official's schedule,
against the real database (SQLite or PostgreSQL)."""

from datetime import date

import pytest

from app.events import officials, participation, services
from app.events.demo import TRAVEL, load_officials_demo
from app.events.kinds import Participation
from app.events.tables import CeremonyOfficial, Official
from tests.events.conftest import ceremony, official
from tests.events.test_services import ceremony_form, new_event

pytestmark = pytest.mark.usefixtures("db")


async def test_official_needs_a_name_and_a_position_and_a_unique_name():
    saved = await officials.save_official({"full_name": " ", "position": "", "precedence": "0"})
    assert saved.errors == {"full_name": "Заполните это поле.", "position": "Заполните это поле.",
                            "precedence": "Не меньше 1."}
    await official()
    again = await officials.save_official({"full_name": "кравцов сергей андреевич", "position": "Мэр",
                                           "precedence": "1"})
    assert again.errors == {"full_name": "кравцов сергей андреевич уже есть в списке."}


async def test_edit_keeps_the_name_and_delete_removes_the_participation(victory_day):
    mayor = victory_day["mayor"]
    saved = await officials.save_official({"full_name": "Кравцов Сергей Андреевич", "position": "Глава города",
                                           "precedence": "1"}, mayor)
    assert saved.ok and (await officials.get_official(mayor)).position == "Глава города"
    await officials.delete_official(mayor)
    assert await Official.count() == 1
    assert await CeremonyOfficial.count().where(CeremonyOfficial.official == mayor) == 0
    with pytest.raises(services.NotFound):
        await officials.get_official(mayor)


async def test_roles_are_kept_and_copied_to_the_next_year(victory_day):
    reception = await services.get_ceremony(victory_day["reception"])
    assert [(p.name, p.role) for p in reception.participants] == [
        ("Кравцов Сергей Андреевич", Participation.SPEAKS), ("Гордеев Николай Иванович", Participation.ATTENDS)]
    assert reception.officials == ("Кравцов Сергей Андреевич", "Гордеев Николай Иванович")
    copied = await services.get_event((await services.copy_forward(victory_day["event"], 2027)).id)
    assert [[p.role for p in c.participants] for c in copied.ceremonies] == [
        [Participation.LAYS_WREATH], [Participation.SPEAKS, Participation.ATTENDS]]


async def test_unknown_role_is_refused_beside_the_official():
    mayor = await official()
    event_id = await new_event()
    form = ceremony_form(officials=[mayor])
    form[f"role-{mayor}"] = "sings"
    saved = await services.save_ceremony(form, event_id=event_id)
    assert saved.errors == {f"role-{mayor}": "Выберите значение из списка."}


async def test_clashes_of_the_event_name_the_official_and_both_ceremonies(victory_day):
    event = await services.get_event(victory_day["event"])
    warnings = await participation.warnings_of(event.ceremonies)
    text = ("Кравцов С. А.: «Возложение венков» 09:00–09:40 (Площадь Славы) и «Приём в честь ветеранов» 10:00 "
            "(Дом офицеров) — на переезд 20 мин, нужно 30")
    assert warnings == {victory_day["wreath"]: [text], victory_day["reception"]: [text]}


async def test_travel_table_settles_the_clash_and_a_pair_is_stored_once(victory_day):
    saved = await participation.save_travel({"venue_a": "Дом офицеров", "venue_b": "Площадь Славы", "minutes": "15"})
    assert saved.ok
    event = await services.get_event(victory_day["event"])
    assert await participation.warnings_of(event.ceremonies) == {}
    again = await participation.save_travel({"venue_a": "площадь славы", "venue_b": "Дом офицеров",
                                             "minutes": "25"})
    assert again.id == saved.id
    assert [(t.venue_a, t.minutes) for t in await participation.travel_list()] == [("Дом офицеров", 25)]
    assert len(await participation.warnings_of(event.ceremonies)) == 2
    await participation.delete_travel(saved.id)
    assert await participation.travel_list() == []


async def test_travel_needs_two_venues_and_sane_minutes():
    saved = await participation.save_travel({"venue_a": "Площадь Славы", "venue_b": " площадь славы ",
                                             "minutes": "-5"})
    assert saved.errors == {"venue_b": "Это то же место: переезд не нужен.", "minutes": "Не меньше 0."}


async def test_a_clash_with_a_ceremony_of_another_event_the_day_before_midnight_is_found():
    mayor = await official()
    eve = await new_event(title="Вечер памяти 2026", kind="other")
    await ceremony(eve, "Вечер памяти", "Набережная", "23:00", "23:50", day="2026-06-21", **{f"o{mayor}": "speaks"})
    june = await new_event(title="День памяти 2026", kind="other")
    dawn = await ceremony(june, "Митинг на рассвете", "Мемориал", "00:10", "01:00", day="2026-06-22",
                          **{f"o{mayor}": "lays_wreath"})
    week = await officials.schedule(mayor, date(2026, 6, 22), date(2026, 6, 29))
    assert [e.ceremony.id for e in week.engagements] == [dawn]
    assert week.warnings == ["Кравцов С. А.: «Вечер памяти» 21.06 23:00–23:50 (Набережная) и «Митинг на рассвете» "
                             "22.06 00:10 (Мемориал) — на переезд 20 мин, нужно 30"]


async def test_schedule_of_a_day_lists_the_official_ceremonies_with_role_and_clashes(victory_day):
    deputy_day = await officials.schedule(victory_day["deputy"], date(2026, 5, 9), date(2026, 5, 10))
    assert [(e.ceremony.title, e.role, e.clashes) for e in deputy_day.engagements] == [
        ("Приём в честь ветеранов", Participation.ATTENDS, ())]
    mayor_day = await officials.schedule(victory_day["mayor"], date(2026, 5, 9), date(2026, 5, 10))
    assert [(e.ceremony.title, e.role, len(e.clashes)) for e in mayor_day.engagements] == [
        ("Возложение венков", Participation.LAYS_WREATH, 1), ("Приём в честь ветеранов", Participation.SPEAKS, 1)]
    assert len(mayor_day.clashes) == 1
    assert (await officials.schedule(victory_day["mayor"], date(2026, 5, 10), date(2026, 5, 11))).engagements == ()


async def test_registry_counts_ceremonies_and_clashes_of_the_year(victory_day):
    rows = await officials.registry(2026)
    assert [(r.official.full_name, r.ceremonies, r.clashes) for r in rows] == [
        ("Кравцов Сергей Андреевич", 2, 1), ("Гордеев Николай Иванович", 1, 0)]
    assert [(r.ceremonies, r.clashes) for r in await officials.registry(2027)] == [(0, 0), (0, 0)]


async def test_demo_gives_roles_by_the_ceremony_and_keeps_the_mayors_clash(victory_day):
    await CeremonyOfficial.update({CeremonyOfficial.role: Participation.ATTENDS}, force=True)
    await load_officials_demo()
    wreath, reception = (await services.get_event(victory_day["event"])).ceremonies
    assert [p.role for p in wreath.participants] == [Participation.LAYS_WREATH]
    assert [p.role for p in reception.participants] == [Participation.SPEAKS, Participation.ATTENDS]
    assert len(await participation.travel_list()) == len(TRAVEL)
    assert len(await participation.warnings_of([wreath])) == 1
