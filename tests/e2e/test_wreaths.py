"""A protocol officer builds a wreath-laying order: two delegations by precedence, one moved by the
arrows (HTMX), a start typed in; then a zone that overlaps another is flagged on the plan."""

from playwright.sync_api import Page, expect

from app.events.tables import Ceremony, Event
from tests.e2e.test_year_plan import sign_in
from tests.tools import utc


def _add_delegation(page: Page, ceremony: int, name: str, rank: str) -> None:
    page.goto(f"/ceremonies/{ceremony}/wreaths/delegations/new")
    page.fill("#f-name", name)
    page.fill("#f-rank", rank)
    page.click("button:has-text('Сохранить')")
    page.wait_for_url(f"**/ceremonies/{ceremony}/wreaths")


def _add_zone(page: Page, ceremony: int, name: str, x: str, y: str) -> None:
    page.goto(f"/ceremonies/{ceremony}/wreaths/zones/new")
    page.fill("#f-name", name)
    page.fill("#f-x", x)
    page.fill("#f-y", y)
    page.click("button:has-text('Сохранить')")
    page.wait_for_url(f"**/ceremonies/{ceremony}/wreaths#scheme")


def test_order_moves_start_and_an_overlapping_zone(page: Page):
    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Возложение венков", venue="Площадь Славы",
                                        format="wreath_laying", starts_at=utc(2027, 5, 9, 0),
                                        ends_at=utc(2027, 5, 9, 0, 40))).returning(Ceremony.id).run_sync()[0]["id"]
    sign_in(page)
    _add_delegation(page, ceremony, "Мэрия", "40")
    _add_delegation(page, ceremony, "Губернатор", "10")
    rows = page.locator("table.order tbody tr")
    expect(rows.nth(0)).to_contain_text("Губернатор")

    page.click("button[aria-label='Выше: Мэрия']")
    expect(rows.nth(0)).to_contain_text("Мэрия")
    expect(page.locator("#wreaths")).to_contain_text("Упорядочить по старшинству")

    page.fill("#f-start", "10:05")
    page.click("#wreaths button:has-text('Сохранить')")
    expect(rows.nth(1).locator("td.time")).to_contain_text("10:07")

    _add_zone(page, ceremony, "А1", "10", "10")
    _add_zone(page, ceremony, "А2", "15", "12")
    expect(page.locator("#scheme")).to_contain_text("Зоны «А1» и «А2» пересекаются.")
    expect(page.locator("svg.plan g.zone-conflict")).to_have_count(2)
