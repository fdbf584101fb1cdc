"""A protocol officer registers a duty officer and a post; the officer reads their page from the slip link."""

import subprocess

from playwright.sync_api import Page, expect

from app.duty.tables import Assignment, Post, Roster, Staff
from app.events.tables import Ceremony, Event
from tests.e2e.test_year_plan import sign_in
from tests.tools import require, utc


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
                                        starts_at=utc(2027, 5, 9, 0), ends_at=utc(2027, 5, 9, 1))
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


def test_solve_publish_mark_a_no_show_replan_and_print(page: Page, tmp_path):
    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Торжественное собрание", venue="Театр драмы",
                                        starts_at=utc(2027, 5, 9, 0), ends_at=utc(2027, 5, 9, 3))
                               ).returning(Ceremony.id).run_sync()[0]["id"]
    Post.insert(Post(ceremony=ceremony, name="Вход №1", starts_at=utc(2027, 5, 9, 0),
                     ends_at=utc(2027, 5, 9, 2), slot_minutes=30, min_headcount=2, desired_headcount=2,
                     requirements={"senior": 1})).run_sync()
    for n in range(6):
        Staff.insert(Staff(full_name=f"Дежурный{n} Иван", department=f"Отдел {n % 3 + 1}", token=f"token-{n:02d}" * 4,
                           qualifications=["senior"] if n < 3 else [])).run_sync()
    sign_in(page)
    page.goto(f"/ceremonies/{ceremony}/duty/")
    page.click("button:has-text('Составить график')")
    expect(page.locator(".solver-summary")).to_contain_text("График оптимален", timeout=30_000)
    expect(page.locator("td.slot .person")).to_have_count(8)
    expect(page.locator("td.slot.short")).to_have_count(0)
    page.click("button:has-text('Опубликовать')")
    expect(page.locator(".roster-head .badge")).to_have_text("опубликован")

    # a duty officer does not come: select them on the grid, mark the no-show, re-plan
    absent = page.locator("td.slot .person").first
    name = absent.inner_text().strip()
    absent.click()
    page.click(".roster-toolbar button:has-text('Неявка')")
    expect(page.locator(".no-shows")).to_contain_text(name)
    page.click("button:has-text('Перепланировать неявки')")
    expect(page.locator(".person.changed").first).to_be_visible(timeout=30_000)
    expect(page.locator("td.slot .person", has_text=name)).to_have_count(0)
    expect(page.locator("td.slot.short")).to_have_count(0)

    href = page.get_attribute("a:has-text('PDF по постам')", "href")
    response = page.request.get(href)  # the signed-in browser's own session; the PDF opens inline
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "roster.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run([require("pdftotext", "poppler-utils"), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Вход №1" in text and name not in text
