"""The year plan's services against the real database (SQLite or PostgreSQL)."""

from datetime import date

import pytest
from multidict import MultiDict

from app.events import services
from app.events.kinds import DateRule, EventKind, EventStatus
from app.events.tables import Ceremony, Event, Official
from app.plans import services as plans

pytestmark = pytest.mark.usefixtures("db")


def event_form(**changes) -> dict:
    form = {"title": "День Победы 2026", "kind": "victory_day", "date_rule": "fixed", "year": "2026",
            "status": "draft", "responsible": "", "notes": ""}
    return {**form, **changes}


def ceremony_form(officials=(), **changes) -> MultiDict:
    form = MultiDict({"title": "Торжественное собрание", "format": "meeting", "venue": "Краевой музыкальный театр",
                      "address": "ул. Карла Маркса, 64", "starts_at": "2026-05-08T15:00",
                      "ends_at": "2026-05-08T17:00", "expected_guests": "1500", "notes": ""})
    form.update(changes)
    form.extend(("officials", str(o)) for o in officials)
    return form


async def new_event(**changes) -> int:
    saved = await services.save_event(event_form(**changes))
    assert saved.ok, saved.errors
    return saved.id


async def test_event_needs_a_title_and_a_sane_year():
    saved = await services.save_event(event_form(title="  ", year="19"))
    assert not saved.ok
    assert saved.errors["title"] == "Заполните это поле."
    assert saved.errors["year"] == "Не меньше 2000."
    assert await Event.count() == 0


async def test_duplicate_title_in_the_same_year_is_refused_whatever_the_case():
    await new_event()
    saved = await services.save_event(event_form(title="день победы 2026"))
    assert saved.errors == {"title": "Событие «день победы 2026» уже есть в плане 2026 года."}
    assert (await services.save_event(event_form(title="День Победы 2026", year="2027"))).ok


async def test_ceremony_ending_before_it_starts_is_refused():
    event_id = await new_event()
    saved = await services.save_ceremony(ceremony_form(ends_at="2026-05-08T14:00"), event_id=event_id)
    assert saved.errors == {"ends_at": "Окончание должно быть позже начала."}
    assert await Ceremony.count() == 0


async def test_ceremony_outside_the_event_year_is_refused():
    event_id = await new_event()
    saved = await services.save_ceremony(
        ceremony_form(starts_at="2027-05-08T15:00", ends_at="2027-05-08T17:00"), event_id=event_id)
    assert "2026" in saved.errors["starts_at"]


async def test_ceremony_keeps_local_time_and_officials():
    mayor = (await Official.insert(Official(full_name="Кравцов С. А.", position="Мэр", precedence=1))
             .returning(Official.id))[0]["id"]
    event_id = await new_event()
    saved = await services.save_ceremony(ceremony_form(officials=[mayor]), event_id=event_id)
    ceremony = await services.get_ceremony(saved.id)
    assert ceremony.starts_at.strftime("%d.%m.%Y %H:%M") == "08.05.2026 15:00"
    assert str(ceremony.starts_at.tzinfo) == "Asia/Vladivostok"
    assert ceremony.officials == ("Кравцов С. А.",)


async def test_year_plan_groups_by_month_of_first_ceremony_and_filters_by_status():
    may = await new_event()
    await services.save_ceremony(ceremony_form(), event_id=may)
    feb = await new_event(title="День защитника Отечества 2026", kind="defender_day", status="approved")
    await services.save_ceremony(ceremony_form(starts_at="2026-02-23T10:00", ends_at="2026-02-23T11:00"),
                                 event_id=feb)
    await new_event(title="Без церемоний 2026")
    plan = await services.year_plan(2026)
    assert [(g.month, [e.title for e in g.events]) for g in plan] == [
        (2, ["День защитника Отечества 2026"]), (5, ["День Победы 2026"]), (None, ["Без церемоний 2026"])]
    approved = await services.year_plan(2026, EventStatus.APPROVED)
    assert [e.id for g in approved for e in g.events] == [feb]


async def test_month_and_week_plans_take_days_in_the_city_time_zone():
    event_id = await new_event()
    # 00:30 on 1 June in Vladivostok time is still 31 May in UTC: it belongs to June.
    await services.save_ceremony(ceremony_form(starts_at="2026-06-01T00:30", ends_at="2026-06-01T01:30"),
                                 event_id=event_id)
    assert [c.title for c in (await plans.month(2026, 6)).ceremonies] == ["Торжественное собрание"]
    assert (await plans.month(2026, 5)).ceremonies == []
    assert len((await plans.week(date(2026, 6, 3))).ceremonies) == 1
    assert (await plans.week(date(2026, 5, 31))).ceremonies == []


async def test_copy_forward_moves_city_day_to_the_last_sunday_and_keeps_the_programme():
    event_id = await new_event(title="День города 2026", kind="city_day", date_rule="weekday")
    await services.save_ceremony(ceremony_form(title="Собрание накануне", starts_at="2026-05-30T16:00",
                                               ends_at="2026-05-30T18:00"), event_id=event_id)
    await services.save_ceremony(ceremony_form(title="Шествие", starts_at="2026-05-31T11:00",
                                               ends_at="2026-05-31T12:30"), event_id=event_id)
    copied = await services.copy_forward(event_id, 2027)
    event = await services.get_event(copied.id)
    assert (event.title, event.year, event.status, event.date_rule) == (
        "День города 2027", 2027, EventStatus.DRAFT, DateRule.WEEKDAY)
    assert [(c.title, c.starts_at.strftime("%a %d.%m.%Y %H:%M")) for c in event.ceremonies] == [
        ("Собрание накануне", "Sat 29.05.2027 16:00"), ("Шествие", "Sun 30.05.2027 11:00")]


async def test_copy_forward_keeps_victory_day_on_9_may_with_its_officials():
    mayor = (await Official.insert(Official(full_name="Мэр", position="Мэр", precedence=1))
             .returning(Official.id))[0]["id"]
    event_id = await new_event()
    await services.save_ceremony(ceremony_form(starts_at="2026-05-09T09:00", ends_at="2026-05-09T09:40",
                                               officials=[mayor]), event_id=event_id)
    copied = await services.get_event((await services.copy_forward(event_id, 2027)).id)
    assert copied.kind is EventKind.VICTORY_DAY
    assert [(c.starts_at.strftime("%d.%m.%Y %H:%M"), c.officials) for c in copied.ceremonies] == [
        ("09.05.2027 09:00", ("Мэр",))]
    again = await services.copy_forward(event_id, 2027)
    assert "уже есть" in again.errors["year"]


async def test_deleting_an_event_puts_it_and_its_ceremonies_into_the_trash_and_purge_deletes_them():
    event_id = await new_event()
    await services.save_ceremony(ceremony_form(), event_id=event_id)
    await services.delete_event(event_id)
    with pytest.raises(services.NotFound):
        await services.get_event(event_id)
    assert await services.upcoming(days=3650) == [] and await services.plan_years() == []
    await services.purge_event(event_id)
    assert await Event.count() == 0 and await Ceremony.count() == 0
