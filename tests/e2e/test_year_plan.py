"""A protocol officer plans an event in the browser and prints the month."""

import re
import subprocess

from playwright.sync_api import Page, expect

from app.events.tables import Official
from tests.conftest import PASSWORD
from tests.tools import require


def sign_in(page: Page, username: str = "protocol") -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    expect(page.locator(".session .who")).to_contain_text("Протокольный отдел")


def test_create_event_with_ceremony_see_it_in_month_plan_and_download_pdf(page: Page, tmp_path):
    Official.insert(Official(full_name="Кравцов Сергей Андреевич", position="Мэр города", precedence=1)).run_sync()
    sign_in(page)
    page.click("text=Новое событие")
    page.fill("#f-title", "День Победы 2027")
    page.select_option("#f-kind", "victory_day")
    page.fill("#f-year", "2027")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("h1")).to_have_text("День Победы 2027")

    page.click("text=Добавить церемонию")
    page.fill("#f-title", "Возложение венков к Вечному огню")
    page.select_option("#f-format", "wreath_laying")
    page.fill("#f-venue", "Площадь Славы")
    page.fill("#f-starts_at", "2027-05-09T09:00")
    page.fill("#f-ends_at", "2027-05-09T08:00")
    page.check("text=Кравцов Сергей Андреевич")
    page.click("button:has-text('Сохранить')")
    # HTMX swapped the form in place: the message is beside the field and the input is kept.
    expect(page.locator("#ends_at-error")).to_have_text("Окончание должно быть позже начала.")
    expect(page.locator("#f-title")).to_have_value("Возложение венков к Вечному огню")
    page.fill("#f-ends_at", "2027-05-09T09:40")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("#ceremonies")).to_contain_text("Возложение венков к Вечному огню")
    expect(page.locator("#ceremonies")).to_contain_text("09:00–09:40")

    page.goto("/plan/month?year=2027&month=5")
    expect(page.locator("#month_plan")).to_contain_text("Возложение венков к Вечному огню")
    expect(page.locator("#month_plan")).to_contain_text("Кравцов Сергей Андреевич")
    page.click("text=← Апрель")
    expect(page.locator("h1")).to_contain_text("Апрель 2027")
    assert re.search(r"month=4", page.url)
    page.click("text=Май →")
    expect(page.locator("h1")).to_contain_text("Май 2027")

    with page.expect_download() as download:
        page.click("text=PDF для печати")
    pdf = tmp_path / "plan.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    require("pdftotext", "poppler-utils")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Календарный план основных мероприятий на май 2027 года" in text
    assert "Возложение венков к Вечному огню" in text


def test_year_filter_updates_the_plan_in_place(page: Page):
    sign_in(page)
    page.goto("/events/new")
    page.fill("#f-title", "День города 2027")
    page.select_option("#f-kind", "city_day")
    page.fill("#f-year", "2027")
    page.click("button:has-text('Сохранить')")
    expect(page.locator("h1")).to_have_text("День города 2027")
    page.goto("/plan/")
    page.select_option("select[name=year]", "2027")
    expect(page.locator("#year_plan")).to_contain_text("День города 2027")
    assert "year=2027" in page.url
