"""A protocol officer loads a department's list into the registry, puts guests on a ceremony's list,
adds an escort from the registry links, and hands an invitation over."""

from playwright.sync_api import Page, expect

from app.events.tables import Ceremony, Event
from app.guests.tables import Category, Person, PersonLink
from tests.e2e.test_year_plan import sign_in
from tests.guests.test_import_flow import workbook
from tests.tools import utc


def test_import_a_file_add_guests_to_a_list_and_issue_an_invitation(page: Page, tmp_path):
    Category.insert(Category(name="Ветераны Великой Отечественной войны", precedence=20, vip=True)).run_sync()
    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Торжественное собрание", venue="Краевой музыкальный театр",
                                        starts_at=utc(2027, 5, 8, 5), ends_at=utc(2027, 5, 8, 7))
                               ).returning(Ceremony.id).run_sync()[0]["id"]
    source = tmp_path / "ветераны.xlsx"
    source.write_bytes(workbook([
        ["Список ветеранов Центрального района"], [],
        ["ФИО", "Категория", "Телефон", "Нужды"],
        ["Кузьмин Пётр Ильич", "ветераны ВОВ", "8 914 111 22 33", "коляска"],
        ["Кузьмина Ольга Петровна", "", "8 914 111 22 34", ""],
        ["Без Фамилии", "", "12", ""],
    ]))

    sign_in(page)
    page.goto("/guests/")
    page.click("text=Загрузить из файла")
    page.set_input_files("#f-file", str(source))
    page.click("button:has-text('Далее')")
    expect(page.locator("h1")).to_have_text("Какой столбец что содержит")
    expect(page.locator("select[name=col_0]")).to_have_value("full_name")
    page.click("button:has-text('Проверить данные')")
    expect(page.locator(".stat.ok-stat strong")).to_have_text("2")
    expect(page.locator(".stat.bad-stat strong")).to_have_text("1")
    page.click("button:has-text('Загрузить в реестр')")
    expect(page.locator("h1")).to_have_text("Итог загрузки")
    expect(page.locator("#report .stat.ok-stat strong")).to_have_text("2")
    with page.expect_download() as download:
        page.click("text=Скачать отклонённые строки (Excel)")
    assert download.value.suggested_filename == "rejected-rows.xlsx"

    # the registry finds them, whatever the case and ё
    page.goto("/guests/")
    page.fill("input[name=q]", "КУЗЬМИН петр иль")
    expect(page.locator("#registry tbody tr")).to_have_count(1)
    expect(page.locator("#registry")).to_contain_text("Кузьмин Пётр Ильич")
    veteran = Person.select(Person.id).where(Person.surname == "Кузьмин").first().run_sync()["id"]
    daughter = Person.select(Person.id).where(Person.surname == "Кузьмина").first().run_sync()["id"]
    PersonLink.insert(PersonLink(person=daughter, other=veteran, kind="escort_of")).run_sync()

    # the ceremony's list: the whole category at once
    page.goto(f"/ceremonies/{ceremony}/invitations/")
    page.select_option("#f-add-category", label="Ветераны Великой Отечественной войны")
    page.click("button:has-text('Добавить категорию')")
    expect(page.locator(".message")).to_contain_text("Добавлен 1 гость.")
    expect(page.locator("#invitations")).to_contain_text("Кузьмин Пётр Ильич")
    page.click("#invitations a:has-text('Кузьмин Пётр Ильич')")

    # the escort from the registry link, then the card handed over in person
    page.click(".suggestion button:has-text('добавить')")
    # the suggestion reads the same, so wait for the companion's own link: the swap is done
    expect(page.locator("#invitation a:has-text('Кузьмина Ольга Петровна')")).to_be_visible()
    page.select_option("#f-how", "in_person")
    page.click("button:has-text('Отметить вручение')")
    expect(page.locator("#invitation .page-head .badge")).to_have_text("вручено")
    expect(page.locator("#invitation")).to_contain_text("лично · Тестов Protocol")
    page.goto(f"/ceremonies/{ceremony}/invitations/")
    expect(page.locator(".stat").first).to_contain_text("2")
