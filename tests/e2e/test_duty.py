"""A protocol officer registers a duty officer and a post; the officer reads their page from the slip link."""

from playwright.sync_api import Page, expect

from app.duty.tables import Assignment, Post, Roster, Staff
from app.events.tables import Ceremony, Event
from tests.e2e.test_year_plan import sign_in


def test_staff_and_post_forms_then_the_officer_page(page: Page, browser, server):
    sign_in(page)
    page.goto("/duty/staff/new")
    page.fill("#f-full_name", "Орлова Мария Сергеевна")
    page.fill("#f-department", "Управление культуры")
    page.check("input[name=q_first_aid]")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("h1")).to_have_text("Орлова Мария Сергеевна")
    page.fill("input[name=day]", "2027-05-09")
    page.fill("input[name=start]", "10:00")
    page.fill("input[name=end]", "08:00")
    page.click("#availability button:has-text('Добавить')")
    expect(page.locator("#end-error")).to_have_text("Окончание должно быть позже начала.")

    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Возложение венков", venue="Площадь Славы",
                                        starts_at="2027-05-09T00:00:00+00:00", ends_at="2027-05-09T01:00:00+00:00")
                               ).returning(Ceremony.id).run_sync()[0]["id"]
    page.goto(f"/ceremonies/{ceremony}/posts/new")
    page.fill("#f-name", "Вход №2")
    page.fill("#f-starts_at", "2027-05-09T09:00")
    page.fill("#f-ends_at", "2027-05-09T10:00")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("#roster")).to_contain_text("Вход №2")

    staff = Staff.select(Staff.id, Staff.token).first().run_sync()
    post = Post.select(Post.id, Post.starts_at).first().run_sync()
    roster = Roster.insert(Roster(ceremony=ceremony, status="published")).returning(Roster.id).run_sync()[0]["id"]
    Assignment.insert(Assignment(roster=roster, staff=staff["id"], post=post["id"], slot_start=post["starts_at"])
                      ).run_sync()
    page.reload()
    expect(page.locator("#roster")).to_contain_text("Орлова Мария Сергеевна")

    # The slip's link needs no sign-in and shows only this person's duties.
    officer = browser.new_page(base_url=server)
    officer.goto(f"/d/{staff['token']}")
    expect(officer.locator(".duty")).to_contain_text("09:00–09:30")
    officer.click("button:has-text('С инструктажем ознакомлен(а)')")
    expect(officer.locator(".ok")).to_contain_text("С инструктажем ознакомлен(а)")
    officer.close()
