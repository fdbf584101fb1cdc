"""An organisation's liaison opens the link of its quota list (no sign-in), uploads a list over its quota,
sees the refusal naming the quota, uploads the list fixed and sends it; the protocol officer accepts the
names on the review page, and they appear on the ceremony's invitation list."""

from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from app.events.tables import Ceremony, Event
from app.imports.xlsx_export import export_xlsx
from app.quotas.tables import QuotaOrganisation, QuotaSetup
from tests.e2e.test_year_plan import sign_in
from tests.tools import utc

PEOPLE = [("Иванов", "Иван", "Иванович", "депутат", "+7 914 111-11-11"),
          ("Петрова", "Анна", "Сергеевна", "депутат", "+7 914 222-22-22"),
          ("Сидоров", "Пётр", "Ильич", "помощник депутата", "+7 914 333-33-33"),
          ("Кузнецов", "Олег", "Павлович", "депутат", "+7 914 444-44-44")]


def _list(path, people) -> str:
    path.write_bytes(export_xlsx("Список", ["Фамилия", "Имя", "Отчество", "Должность", "Телефон"], people))
    return str(path)


def _quota_table() -> int:
    """10 places: 3 to the Duma, 7 to the council of veterans."""
    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Торжественное собрание", venue="Краевой театр драмы",
                                        format="meeting", starts_at=utc(2027, 5, 8, 5),
                                        ends_at=utc(2027, 5, 8, 7))).returning(Ceremony.id).run_sync()[0]["id"]
    QuotaSetup.insert(QuotaSetup(ceremony=ceremony, capacity=10, minus_invited=False, method="hamilton")).run_sync()
    QuotaOrganisation.insert(QuotaOrganisation(ceremony=ceremony, name="Городская дума", weight=30, liaison="Орлова",
                                               phone="+7 4212 40-00-00"),
                             QuotaOrganisation(ceremony=ceremony, name="Совет ветеранов", weight=70)).run_sync()
    return ceremony


def test_a_liaison_fixes_a_list_over_its_quota_and_the_officer_accepts_it(page: Page, browser, server, tmp_path):
    ceremony = _quota_table()
    sign_in(page)
    page.goto(f"/ceremonies/{ceremony}/quotas/")
    page.click("text=Списки, письма и напоминания")
    page.click("button:has-text('Подготовить письма')")  # the letters make each organisation's link
    duma = page.locator("#organisations tr", has_text="Городская дума")
    link = duma.locator("input.link-field").input_value()
    assert "/n/" in link and "дума" not in link.lower()

    liaison = browser.new_context(base_url=server, locale="ru-RU").new_page()  # no session: the link is enough
    liaison.goto(urlparse(link).path)  # the link names the configured public address, not the test server's
    expect(liaison.locator("h1")).to_have_text("Городская дума")
    liaison.set_input_files("#f-file", _list(tmp_path / "дума.xlsx", PEOPLE))
    liaison.click("button:has-text('Загрузить')")
    expect(liaison.locator("#refusal")).to_contain_text("Квота организации — 3 чел.")
    expect(liaison.locator("#refusal")).to_contain_text("Строка 5 (Кузнецов Олег Павлович)")
    expect(liaison.locator("#names")).to_have_count(0)

    liaison.set_input_files("#f-file", _list(tmp_path / "дума-3.xlsx", PEOPLE[:3]))
    liaison.click("button:has-text('Загрузить')")
    expect(liaison.locator("#done")).to_contain_text("Добавлено в список: 3")
    liaison.click("button:has-text('Отправить список в протокольный отдел (3)')")
    expect(liaison.locator("#names tbody tr")).to_have_count(3)
    expect(liaison.locator("#names .badge-nomination-submitted")).to_have_count(3)

    page.goto(f"/ceremonies/{ceremony}/quotas/review/")
    expect(duma.locator("td.num").nth(1)).to_have_text("3")
    page.click("button:has-text('Принять всех без совпадений (3)')")  # a job: its page follows the progress
    page.wait_for_url(f"**/ceremonies/{ceremony}/quotas/review/?status=accepted#names", timeout=120_000)
    expect(page.locator("#names .badge-nomination-accepted")).to_have_count(3)

    page.goto(f"/ceremonies/{ceremony}/invitations/")
    for surname, name, patronymic, *_rest in PEOPLE[:3]:
        expect(page.locator("main")).to_contain_text(f"{surname} {name} {patronymic}")
    liaison.reload()
    expect(liaison.locator("#names .badge-nomination-accepted")).to_have_count(3)
