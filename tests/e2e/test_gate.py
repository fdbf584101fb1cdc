"""A guest opens the invitation from its link; the gate admits them once, refuses the second scan; a
supervisor undoes the mistaken check-in."""

from __future__ import annotations

import re

from piccolo.utils.sync import run_sync
from playwright.sync_api import Page, expect

from app.invitations.tokens import invitation_url
from tests.checkin import factory
from tests.conftest import PASSWORD


def _sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    expect(page.locator(".session .who")).to_be_visible()


def _open_gate(page: Page, ceremony_id: int, gate: str) -> None:
    page.goto("/gate/")
    page.select_option("#f-ceremony", str(ceremony_id))
    page.fill("#f-gate", gate)
    page.click("button:has-text('Начать проверку')")
    expect(page).to_have_url(re.compile(rf"/gate/{ceremony_id}$"))


def _scan(page: Page, code: str) -> None:
    page.fill("#code", code)
    page.click("#scan-form button")


def test_guest_page_then_check_in_twice_then_undo(page: Page, browser, server):
    veterans = run_sync(factory.category("Ветераны Великой Отечественной войны", vip=True, precedence=20))
    meeting = run_sync(factory.ceremony())
    card = run_sync(factory.card(meeting, category_id=veterans))
    url = invitation_url(card.token)

    # The guest's phone opens the link from the QR code: no sign-in.
    guest = browser.new_context(base_url=server, viewport={"width": 390, "height": 844}, locale="ru-RU")
    phone = guest.new_page()
    phone.goto(f"/i/{card.token}")
    expect(phone.locator("h1")).to_have_text("Уважаемый Иван Петрович!")
    expect(phone.locator(".inv-seat")).to_contain_text("Партер, ряд 3, место 12")
    phone.fill("#f-note", "приду с орденами")
    phone.click("button:has-text('Приду')")
    expect(phone.locator(".inv-thanks")).to_have_text("Спасибо! Ваш ответ записан.")
    expect(phone.locator(".inv-yes")).to_contain_text("Вы приняли приглашение")
    guest.close()

    # The gate: first scan admits, the second is refused as already admitted.
    _sign_in(page, "gate")
    _open_gate(page, meeting, "Северный")
    _scan(page, url)
    verdict = page.locator("#verdict .verdict")
    expect(verdict).to_have_class(re.compile("verdict-admitted"))
    expect(verdict).to_contain_text("Проходите")
    expect(verdict).to_contain_text("Иванов Иван Петрович")
    expect(page.locator("#counters")).to_contain_text("1")
    _scan(page, url)
    expect(verdict).to_have_class(re.compile("verdict-already_admitted"))
    expect(verdict).to_contain_text(re.compile(r"в \d\d:\d\d, вход «Северный»"))
    expect(verdict.locator("button:has-text('Отменить проход')")).to_have_count(0)

    # A supervisor takes the check-in back; the next scan admits again.
    chief = browser.new_context(base_url=server, locale="ru-RU")
    supervisor = chief.new_page()
    _sign_in(supervisor, "protocol")
    _open_gate(supervisor, meeting, "Главный")
    _scan(supervisor, card.token)
    expect(supervisor.locator("#verdict .verdict")).to_have_class(re.compile("verdict-already_admitted"))
    supervisor.once("dialog", lambda dialog: dialog.accept())
    supervisor.click("button:has-text('Отменить проход')")
    expect(supervisor.locator("#verdict .verdict")).to_have_class(re.compile("verdict-undone"))
    _scan(supervisor, card.token)
    expect(supervisor.locator("#verdict .verdict")).to_have_class(re.compile("verdict-admitted"))
    supervisor.goto(f"/arrivals/{meeting}")
    expect(supervisor.locator(".feed-row.vip")).to_contain_text("Иванов Иван Петрович")
    expect(supervisor.locator(".feed-row.vip")).to_contain_text("вход «Главный»")
    chief.close()
