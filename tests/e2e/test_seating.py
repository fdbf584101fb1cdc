"""A protocol officer chooses the hall, seats the guests from the page, swaps two of them on the scheme by
click-click, and downloads the printed scheme."""

import asyncio
import subprocess
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, expect

from app.events.tables import Ceremony, Event
from app.guests.tables import Person
from app.invitations.tables import Invitation
from app.seating.halls.layout import rows_template
from app.seating.halls.services import create_hall
from app.seating.tables import SeatAssignment
from tests.e2e.test_year_plan import sign_in
from tests.tools import require, utc


def seated(ceremony: int) -> dict[int, int]:
    """seat id -> invitation id"""
    return {r["seat"]: r["invitation"] for r in SeatAssignment.select().where(
        SeatAssignment.plan.ceremony == ceremony).run_sync()}


def test_solve_from_the_page_swap_two_guests_and_print_the_scheme(page: Page, tmp_path):
    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Торжественное собрание", venue="Дворец культуры",
                                        starts_at=utc(2027, 5, 8, 5), ends_at=utc(2027, 5, 8, 7))
                               ).returning(Ceremony.id).run_sync()[0]["id"]
    hall = rows_template("Малый зал", rows=3, seats_per_row=6, aisles_after=(3,))
    with ThreadPoolExecutor(1) as thread:  # Playwright's own event loop runs in this one
        thread.submit(asyncio.run, create_hall(hall)).result()
    for n, surname in enumerate(["Кравцов", "Белова", "Гордеев", "Лаптева", "Осипов", "Смирнов", "Орлова"]):
        person = Person.insert(Person(surname=surname, name="Анна", patronymic="Ивановна", precedence=10 + n,
                                      search_key=surname.lower())).returning(Person.id).run_sync()[0]["id"]
        Invitation.insert(Invitation(ceremony=ceremony, person=person, status="accepted")).run_sync()

    sign_in(page)
    page.goto(f"/ceremonies/{ceremony}/seating")
    expect(page.locator("#plan")).to_contain_text("Выберите зал")
    page.select_option("select[name=hall]", label="Малый зал · 18 мест")
    page.click("#plan button:has-text('Сохранить')")
    page.click("button:has-text('Рассадить')")
    expect(page.locator(".solver-summary")).to_contain_text("Рассадка оптимальна", timeout=30_000)
    expect(page.locator("#verdict")).to_have_text("Все правила соблюдены")
    expect(page.locator("#seating-scheme .seat.taken")).to_have_count(7)

    before = seated(ceremony)
    taken = page.locator("#seating-scheme .seat.taken")
    first, second = taken.nth(0), taken.nth(3)
    a, b = int(first.get_attribute("data-seat")), int(second.get_attribute("data-seat"))
    first.click()
    expect(page.locator(".seating-toolbar")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/seating/seats")):
        second.click()
    expect(page.locator("#verdict")).to_have_text("Все правила соблюдены")
    after = seated(ceremony)
    assert (after[a], after[b]) == (before[b], before[a])
    expect(page.locator("#seating-scheme .seat.selected")).to_have_count(0)

    href = page.get_attribute(".print-menu a:has-text('A3, фамилии')", "href")
    response = page.request.get(href)  # the signed-in browser's own session
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "scheme.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run([require("pdftotext", "poppler-utils"), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Малый зал" in text or "Торжественное собрание" in text
