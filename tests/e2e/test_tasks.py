"""A protocol officer fills a plan from the typical one, adds a late task, and marks it done in place."""

from datetime import datetime, time, timedelta

from playwright.sync_api import Page, expect

from app.core.config import get_settings
from app.events.tables import Ceremony, Event
from app.tasks.services import today
from app.tasks.typical import VICTORY_DAY
from tests.e2e.test_year_plan import sign_in


def test_typical_plan_late_task_and_inline_status(page: Page):
    day = datetime.combine(today() + timedelta(days=60), time(10), get_settings().tz)
    event = Event.insert(Event(title="День Победы", kind="victory_day", year=day.year)).returning(Event.id).run_sync()
    Ceremony.insert(Ceremony(event=event[0]["id"], title="Торжественное собрание", venue="Театр", starts_at=day,
                             ends_at=day + timedelta(hours=2))).run_sync()
    sign_in(page)
    page.goto(f"/events/{event[0]['id']}")
    page.click("text=План подготовки")
    page.click("button:has-text('Заполнить по типовому плану')")
    expect(page.locator(".notice")).to_contain_text(f"добавлено поручений: {len(VICTORY_DAY.tasks)}")
    expect(page.locator("article.task")).to_have_count(len(VICTORY_DAY.tasks))

    page.click("text=Новое поручение")
    page.fill("#f-title", "Согласовать маршрут автобусов")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("#title-error")).to_have_count(0)
    expect(page.locator("#deadline-error")).to_have_text("Укажите срок или отметьте поручение как долгосрочное.")
    expect(page.locator("#f-title")).to_have_value("Согласовать маршрут автобусов")
    page.fill("#f-department", "Управление транспорта и дорог")
    page.fill("#f-deadline", (today() - timedelta(days=2)).isoformat())
    page.click("button:has-text('Сохранить')")
    expect(page.locator(".alert")).to_contain_text("уже прошёл: оно сохранено как просроченное")
    late = page.locator("article.task", has_text="Согласовать маршрут автобусов")
    expect(late).to_have_class("task task-overdue")

    late.locator("select[name=status]").select_option("done")
    expect(late.locator(".badge")).to_contain_text("выполнено с нарушением срока")
    late.locator("summary").click()
    late.locator("textarea[name=text]").fill("Маршрут согласован с перевозчиком.")
    late.locator("button:has-text('Добавить отчёт')").click()
    expect(page.locator("article.task", has_text="Согласовать маршрут автобусов")).to_contain_text(
        "Маршрут согласован с перевозчиком.")
