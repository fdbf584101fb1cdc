"""The scenario's items: saving with messages per field, inserting, moving, reordering, the warnings,
copying last year's scenario; and the library of historical notes."""

from dataclasses import replace
from datetime import time

import pytest

from app.core.results import NotFound
from app.scenario import history, services
from app.scenario.tables import ScenarioItem
from tests.scenario.factory import ceremony, items, local

pytestmark = pytest.mark.usefixtures("db")


def form(action: str = "Выход президиума", minutes: str = "3", fixed_time: str = "", **extra: str) -> dict:
    return {"action": action, "minutes": minutes, "fixed_time": fixed_time, **extra}


async def actions(ceremony_id: int) -> list[str]:
    return [i.action for i in (await services.scenario(ceremony_id)).items]


async def test_times_follow_from_the_durations_and_a_fixed_time():
    c = await ceremony()
    await items(c, ("Фанфары", 2), ("Гимн", 3), ("Концерт", 20, time(15, 10)), ("Финал", 5))
    view = await services.scenario(c)
    assert [(i.number, i.start, i.end) for i in view.items] == [
        (1, local(15, 0), local(15, 2)), (2, local(15, 2), local(15, 5)), (3, local(15, 10), local(15, 30)),
        (4, local(15, 30), local(15, 35))]
    assert view.items[2].pause == 5
    assert (view.ends_at, view.minutes, view.overrun, view.warnings) == (local(15, 35), 35, 0, ())
    assert view.length == "35 мин"


async def test_an_overlap_a_time_before_the_start_and_an_overrun_are_warned_about():
    c = await ceremony()
    await items(c, ("Встреча гостей", 10, time(14, 50)), ("Выступление мэра", 30), ("Награждение", 40, time(15, 20)))
    view = await services.scenario(c)
    assert view.warnings == (
        "Пункт 1 «Встреча гостей» назначен на 14:50 — раньше начала церемонии (15:00).",
        "Пункт 3 «Награждение» назначен на 15:20, а пункт 2 идёт до 15:30: наложение 10 мин.",
    )
    assert view.items[2].problems == ("Накладывается на пункт 2: тот идёт до 15:30.",)
    await services.save_item(c, form("Концерт", "25"))  # now it runs to 16:25, past the end at 16:00
    view = await services.scenario(c)
    assert view.overrun == 25
    assert view.warnings[-1] == "Сценарий заканчивается в 16:25 — на 25 мин позже окончания церемонии (16:00)."
    assert view.items[-1].problems == ("Заканчивается позже окончания церемонии (16:00).",)
    assert view.minutes == 95 and view.length == "1 ч 35 мин"


async def test_bad_input_is_answered_per_field_and_nothing_is_saved():
    c = await ceremony()
    saved = await services.save_item(c, form(action="", minutes="-5", fixed_time="25:61"))
    assert saved.errors == {"action": "Заполните это поле.", "minutes": "Не меньше 0.",
                            "fixed_time": "Время в виде чч:мм, например 15:30."}
    assert (await services.save_item(c, form(minutes="два"))).errors == {"minutes": "Нужно целое число."}
    assert (await services.save_item(c, form(minutes="601"))).errors == {"minutes": "Не больше 600."}
    assert (await services.save_item(c, form(minutes=""))).errors == {"minutes": "Укажите число."}
    assert await ScenarioItem.count() == 0


async def test_a_new_item_goes_at_the_end_or_after_the_one_named_and_an_edit_keeps_its_place():
    c = await ceremony()
    first = (await services.save_item(c, form("Фанфары", "2"))).id
    await services.save_item(c, form("Гимн", "3", participants="Все", cues="Фонограмма", host_words="Звучит гимн"))
    await services.save_item(c, form("Выход ведущих", "3"), after=first)
    assert await actions(c) == ["Фанфары", "Выход ведущих", "Гимн"]
    saved = await services.save_item(c, form("Фанфары и занавес", "4", "15:01", responsible="Режиссёр"),
                                     item_id=first)
    item = (await services.scenario(c)).items[0]
    assert saved.id == first and (item.action, item.minutes, item.fixed_time, item.responsible) == (
        "Фанфары и занавес", 4, time(15, 1), "Режиссёр")
    assert services.item_values(item)["fixed_time"] == "15:01"
    gimn = (await services.scenario(c)).items[2]
    assert (gimn.participants, gimn.cues, gimn.host_words) == ("Все", "Фонограмма", "Звучит гимн")


async def test_moving_deleting_and_reordering():
    c = await ceremony()
    a, b, d = await items(c, ("А", 1), ("Б", 2), ("В", 3))
    await services.move_item(c, d, -1)
    assert await actions(c) == ["А", "В", "Б"]
    await services.move_item(c, a, -1)  # the first goes no higher
    assert await actions(c) == ["А", "В", "Б"]
    assert await services.reorder(c, [b, a, d])
    assert await actions(c) == ["Б", "А", "В"]
    assert (await services.scenario(c)).items[2].start == local(15, 3)
    assert not await services.reorder(c, [b, a])  # someone added or deleted an item meanwhile
    assert not await services.reorder(c, [b, a, a])
    await services.delete_item(c, a)
    assert [(i.number, i.action) for i in (await services.scenario(c)).items] == [(1, "Б"), (2, "В")]
    other = await ceremony("Возложение венков", day=9)
    with pytest.raises(NotFound):
        await services.delete_item(other, b)
    with pytest.raises(NotFound):
        await services.save_item(other, form(), item_id=b)
    with pytest.raises(NotFound):
        await services.scenario(10_000)
    assert services.parse_order("3, 1,x,2") == [3, 1, 2]


async def test_last_years_scenario_is_offered_and_copied_into_an_empty_one():
    old = await ceremony("Торжественное собрание", day=8)
    await items(old, ("Фанфары", 2), ("Концерт", 30, time(15, 30)))
    await ceremony("Возложение венков", day=7)  # earlier, but without a scenario
    new = await ceremony("Торжественное собрание", day=9)
    view = await services.scenario(new)
    assert [s.label for s in await services.copy_sources(view.ceremony)] == ["08.05.2027 · Торжественное собрание"]
    assert await services.copy_from(old, new) == 2
    copied = (await services.scenario(new)).items
    assert [(i.action, i.fixed_time) for i in copied] == [("Фанфары", None), ("Концерт", time(15, 30))]
    assert copied[1].start == local(15, 30, day=9)
    assert await services.copy_from(old, new) == 0  # never on top of an existing scenario


def test_durations_read_as_people_say_them():
    assert [services.duration_label(m) for m in (0, 45, 60, 95, 120)] == [
        "0 мин", "45 мин", "1 ч", "1 ч 35 мин", "2 ч"]


async def test_a_fixed_time_after_midnight_belongs_to_the_next_day_of_a_night_ceremony():
    c = await ceremony("Новогодний бал", start=22, end=23)
    view = await services.scenario(c)
    late = replace(view.ceremony, ends_at=local(1, day=9))
    assert services.fixed_moment(late, time(0, 30)) == local(0, 30, day=9)
    assert services.fixed_moment(view.ceremony, time(0, 30)) == local(0, 30)


# ---------------------------------------------------------------- historical notes


async def note(title: str, text: str, kind: str = "", day: str = "") -> int:
    saved = await history.save_note({"title": title, "text": text, "kind": kind, "day": day, "source": ""})
    assert saved.ok, saved.errors
    return saved.id


async def test_notes_are_found_by_words_folding_case_and_yo_by_date_and_by_kind():
    victory = await note("Парад Победы", "24 июня 1945 года на Красной площади…", "victory_day", "1945-06-24")
    city = await note("Основание Хабаровска", "Военный пост Хабаровка основан в 1858 году.", "city_day",
                      "1858-05-31")
    glory = await note("ГОРОД ВОИНСКОЙ СЛАВЫ", "Почётное звание присвоено…", "military_glory_day", "2015-11-04")
    assert [n.id for n in await history.search()] == [city, victory, glory]
    assert [n.id for n in await history.search("красной ПЛОЩАДИ")] == [victory]
    assert [n.id for n in await history.search("почетное")] == [glory]  # ё/е do not matter
    assert [n.id for n in await history.search("город славы")] == [glory]  # every word, in any order
    assert [n.id for n in await history.search("31.05")] == [city]
    assert [n.id for n in await history.search("", history.kind_of("city_day"))] == [city]
    assert await history.search("Хабаровск", history.kind_of("victory_day")) == []
    assert history.kind_of("nonsense") is None


async def test_notes_are_listed_in_calendar_order_then_those_without_a_date():
    undated = await note("Хабаровчане на фронте", "Тысячи хабаровчан ушли на фронт.")
    may = await note("Основание Хабаровска", "1858", day="1858-05-31")
    feb = await note("23 февраля", "1919", day="1919-02-23")
    nov = await note("Город воинской славы", "2015", day="2015-11-04")
    assert [n.id for n in await history.search()] == [feb, may, nov, undated]


async def test_a_note_needs_a_title_and_a_text_and_a_date_or_kind_it_can_read():
    saved = await history.save_note({"title": " ", "text": "", "kind": "birthday", "day": "31.02.2015"})
    assert saved.errors == {"title": "Заполните это поле.", "text": "Заполните это поле.",
                            "kind": "Выберите значение из списка.", "day": "Дата в виде дд.мм.гггг."}
    note_id = await note("Парад", "Текст")
    saved = await history.save_note({"title": "Парад Победы", "text": "Новый текст", "kind": "victory_day",
                                     "day": "24.06.1945", "source": "Архив"}, note_id)
    edited = await history.get_note(saved.id)
    assert (edited.title, edited.kind.value, edited.day.isoformat(), edited.source) == (
        "Парад Победы", "victory_day", "1945-06-24", "Архив")
    assert [n.id for n in await history.search("архив")] == [note_id]
    await history.delete_note(note_id)
    with pytest.raises(NotFound):
        await history.get_note(note_id)


def test_a_note_is_added_to_the_hosts_words_as_a_paragraph_of_its_own():
    parade = history.NoteView(id=1, title="Парад", text="24 июня 1945 года…", kind=None, day=None, source="")
    assert history.with_note("", parade) == "24 июня 1945 года…"
    assert history.with_note("Дорогие друзья!\r\n", parade) == "Дорогие друзья!\n\n24 июня 1945 года…"
    long = history.NoteView(id=2, title="", text="слово " * 100, kind=None, day=None, source="")
    assert long.excerpt.endswith("…") and len(long.excerpt) <= history.EXCERPT + 1
