"""A protocol officer reorders a scenario (with the arrows and by dragging) and sees the times change,
adds an item that runs past the ceremony's end and is warned, and puts a historical note into the host's words."""

from datetime import datetime

from playwright.sync_api import Page, expect

from app.core.config import get_settings
from app.events.tables import Ceremony, Event
from app.scenario.tables import HistoricalNote, ScenarioItem
from tests.e2e.test_year_plan import sign_in


def local(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 5, 8, hour, minute, tzinfo=get_settings().tz)


def ceremony_with_items() -> tuple[int, dict[str, int]]:
    event = Event.insert(Event(title="День Победы 2027", year=2027, kind="victory_day")).returning(Event.id).run_sync()
    ceremony = Ceremony.insert(Ceremony(event=event[0]["id"], title="Торжественное собрание", venue="Театр",
                                        starts_at=local(15), ends_at=local(16))).returning(Ceremony.id).run_sync()
    c = ceremony[0]["id"]
    ids = {}
    for n, (action, minutes) in enumerate([("Фанфары", 10), ("Выступление мэра", 20), ("Гимн", 5)], start=1):
        row = ScenarioItem.insert(ScenarioItem(ceremony=c, position=n, action=action, minutes=minutes)
                                  ).returning(ScenarioItem.id).run_sync()
        ids[action] = row[0]["id"]
    return c, ids


def expect_times(page: Page, expected: list[tuple[str, str, str]]) -> None:
    rows = page.locator("li.scene[data-id]")
    expect(rows).to_have_count(len(expected))
    for n, (action, start, end) in enumerate(expected):
        expect(rows.nth(n).locator(".scene-action")).to_contain_text(action)
        expect(rows.nth(n).locator(".start")).to_have_text(start)
        expect(rows.nth(n).locator(".end")).to_have_text(end)


def test_reorder_by_arrows_and_by_drag_and_the_times_follow(page: Page):
    c, ids = ceremony_with_items()
    sign_in(page)
    page.goto(f"/ceremonies/{c}/scenario/")
    expect_times(page, [("Фанфары", "15:00", "15:10"), ("Выступление мэра", "15:10", "15:30"),
                        ("Гимн", "15:30", "15:35")])

    page.click(f"#item-{ids['Фанфары']} button[value=down]")
    expect_times(page, [("Выступление мэра", "15:00", "15:20"), ("Фанфары", "15:20", "15:30"),
                        ("Гимн", "15:30", "15:35")])

    page.locator(f"#item-{ids['Гимн']} .handle").drag_to(page.locator(f"#item-{ids['Выступление мэра']}"),
                                                         target_position={"x": 300, "y": 4})
    expect_times(page, [("Гимн", "15:00", "15:05"), ("Выступление мэра", "15:05", "15:25"),
                        ("Фанфары", "15:25", "15:35")])
    expect(page.locator(".timing .ends")).to_have_text("15:35")
    assert [r["action"] for r in ScenarioItem.select(ScenarioItem.action).order_by(ScenarioItem.position)
            .run_sync()] == ["Гимн", "Выступление мэра", "Фанфары"]


def test_an_item_past_the_end_is_flagged_and_a_note_goes_into_the_hosts_words(page: Page):
    c, ids = ceremony_with_items()
    HistoricalNote.insert(HistoricalNote(title="Парад Победы", kind="victory_day", search_key="парад победы",
                                         text="24 июня 1945 года на Красной площади состоялся Парад Победы.")
                          ).run_sync()
    sign_in(page)
    page.goto(f"/ceremonies/{c}/scenario/")
    page.click("a:has-text('Добавить пункт')")
    page.fill("#f-action", "Праздничный концерт")
    page.fill("#f-minutes", "40")
    page.click("#item-new button:has-text('Сохранить')")
    expect(page.locator(".timing .ends")).to_have_text("16:15")
    expect(page.locator(".scenario-warnings")).to_contain_text("на 15 мин позже окончания церемонии (16:00)")
    expect(page.locator("li.scene.has-problem .scene-action")).to_contain_text("Праздничный концерт")

    page.goto(f"/ceremonies/{c}/scenario/?edit={ids['Фанфары']}")  # the edit link's own URL, without JS
    words = page.locator(f"#item-{ids['Фанфары']} #f-host_words")
    expect(words).to_be_visible()
    words.fill("Добрый день, дорогие ветераны!")
    page.click(".note-picker summary")
    page.click(".note-picks button:has-text('Вставить')")
    expect(words).to_have_value(
        "Добрый день, дорогие ветераны!\n\n24 июня 1945 года на Красной площади состоялся Парад Победы.")
    page.click(f"#item-{ids['Фанфары']} button:has-text('Сохранить')")
    page.click(f"#item-{ids['Фанфары']} .host-words summary")
    expect(page.locator(f"#item-{ids['Фанфары']} .host-words")).to_contain_text("состоялся Парад Победы")
