"""The gate without the network, in Chromium: the list downloaded, the page served by the service worker with
the network off, a hundred cards decided on the phone, each recorded once when the network returns; two
gates offline admitting the same card leave a double admission on the supervisor's page."""

from __future__ import annotations

import os
import re
from datetime import timedelta

from piccolo.utils.sync import run_sync
from playwright.sync_api import Page, expect

from app.access.tables import GateRecord
from app.core import clock
from app.invitations.kinds import CompanionKind, Verdict
from app.invitations.tables import Invitation, Scan
from app.invitations.tokens import invitation_url
from tests.checkin import factory
from tests.e2e.test_gate import _open_gate, _scan, _sign_in

SCREENSHOTS = os.environ.get("SCREENSHOTS")  # a folder: the test leaves its pictures there to look at


def _prepare(page: Page) -> None:
    page.click("#offline-prepare")
    banner = page.locator("#offline-banner")
    expect(banner).to_have_attribute("data-list", "ready")
    expect(banner).to_have_attribute("data-kept", "yes", timeout=20000)
    expect(banner.locator(".offline-age")).to_contain_text("список от")


def _queued(page: Page, count: int) -> None:
    expect(page.locator("#offline-banner .offline-queue")).to_have_text(f"не отправлено: {count}")


def _synced(page: Page) -> None:
    banner = page.locator("#offline-banner")
    expect(banner).to_have_attribute("data-state", "online", timeout=20000)
    expect(banner.locator(".offline-queue")).to_be_hidden(timeout=20000)


def test_a_hundred_cards_offline_then_each_recorded_once(page: Page):
    meeting = run_sync(factory.ceremony())
    _, veterans = run_sync(factory.vip_gate(meeting))
    cards = []  # (code shown to the gate, the verdict expected, the name it shows or None)
    for i in range(90):
        gender = "f" if i % 2 else "m"
        card = run_sync(factory.card(meeting, f"Ветеран{i:02d}", "Анна" if gender == "f" else "Иван",
                                     gender=gender, category_id=veterans, seat=f"Ряд 1, место {i + 1}"))
        cards.append((invitation_url(card.token) if i % 3 else card.token, "admitted", f"Ветеран{i:02d}"))
    for i in range(5):  # their category does not open the VIP room
        card = run_sync(factory.card(meeting, f"Гость{i}"))
        cards.append((card.token, "no_access", f"Гость{i}"))
    for i in range(5):  # reprinted: the old card is void
        card = run_sync(factory.card(meeting, f"Перепечатан{i}", category_id=veterans))
        run_sync(factory.revoke(card.token))
        cards.append((card.token, "revoked", None))
    cards = cards[::7] + [c for i, c in enumerate(cards) if i % 7]  # refusals among the admissions

    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    _sign_in(page, "gate")
    page.goto("/gate/")
    page.select_option("#f-ceremony", str(meeting))
    page.fill("#f-gate", "VIP")
    page.select_option("#f-zone", label="VIP-комната")
    page.click("button:has-text('Начать проверку')")
    expect(page).to_have_url(re.compile(rf"/gate/{meeting}$"))
    expect(page.locator("#offline-banner")).to_have_attribute("data-list", "none")
    _prepare(page)

    page.context.set_offline(True)
    expect(page.locator("#offline-banner")).to_have_attribute("data-state", "offline")
    page.reload()  # the service worker serves the page with the network off
    banner = page.locator("#offline-banner")
    expect(banner).to_have_attribute("data-state", "offline")
    expect(banner).to_have_attribute("data-list", "ready")
    verdict = page.locator("#verdict .verdict")
    for number, (code, expected, name) in enumerate(cards, start=1):
        _scan(page, code)
        _queued(page, number)
        expect(verdict).to_have_class(re.compile(rf"verdict-{expected}\b"))
        if name:
            expect(verdict.locator(".verdict-name")).to_contain_text(name)
        if expected == "no_access":
            expect(verdict).to_contain_text("Нет доступа в эту зону")
            expect(verdict).to_contain_text("Приглашение не открывает ни одной зоны.")
        if expected == "admitted":
            expect(verdict).to_contain_text("Зоны: VIP-комната")
        if number == 2 and SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/gate-offline.png", full_page=True)
    # a card shown again: «already admitted», in her grammar
    again = next(c for c in cards if c[1] == "admitted" and "Ветеран01" in c[2])
    _scan(page, again[0])
    _queued(page, len(cards) + 1)
    expect(verdict).to_have_class(re.compile(r"verdict-already_admitted\b"))
    expect(verdict.locator(".verdict-word")).to_have_text("! Уже прошла")
    expect(verdict).to_contain_text(re.compile(r"в \d\d:\d\d, вход «VIP»"))
    assert Scan.count().run_sync() == 0  # nothing reached the server
    expect(page.locator("#request-error")).to_have_count(0)  # the counters' polling waits for the network

    page.context.set_offline(False)
    _synced(page)
    counts = {v: Scan.count().where(Scan.verdict == v).run_sync()
              for v in (Verdict.ADMITTED, Verdict.NO_ACCESS, Verdict.REVOKED, Verdict.ALREADY_ADMITTED)}
    assert counts == {Verdict.ADMITTED: 90, Verdict.NO_ACCESS: 5, Verdict.REVOKED: 5, Verdict.ALREADY_ADMITTED: 1}
    assert GateRecord.count().run_sync() == 101
    admitted = Invitation.select(Invitation.admitted_gate).where(Invitation.admitted_at.is_not_null()).run_sync()
    assert len(admitted) == 90 and {r["admitted_gate"] for r in admitted} == {"VIP"}
    assert Scan.count().run_sync() == 101
    assert violations == []


def test_two_gates_offline_admit_the_same_card_a_double_admission(page: Page, browser, server):
    meeting = run_sync(factory.ceremony())
    guest = run_sync(factory.card(meeting, "Смирнова", "Ольга", "Ивановна", gender="f"))
    other = browser.new_context(base_url=server, locale="ru-RU")
    second = other.new_page()
    gates = ((page, "gate", "1"), (second, "protocol", "3"))
    for phone, role, gate in gates:
        _sign_in(phone, role)
        _open_gate(phone, meeting, gate)
        _prepare(phone)
        phone.context.set_offline(True)
    for phone, _, _ in gates:
        _scan(phone, guest.token)
        expect(phone.locator("#verdict .verdict")).to_have_class(re.compile(r"verdict-admitted\b"))
        expect(phone.locator("#verdict .verdict")).to_contain_text("Смирнова Ольга Ивановна")
    for phone, _, _ in gates:
        phone.context.set_offline(False)
        _synced(phone)
    assert Scan.count().where(Scan.verdict == Verdict.ADMITTED).run_sync() == 2

    second.goto(f"/gate/{meeting}/supervisor")
    conflict = second.locator(".conflicts li")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text(re.compile(
        r"Смирнова Ольга Ивановна: двойной проход: вход «1» в \d\d:\d\d, вход «3» в \d\d:\d\d"))
    if SCREENSHOTS:
        second.screenshot(path=f"{SCREENSHOTS}/gate-conflict.png", full_page=True)
    # the first gate hears of the second's admission with its next sync: no third admission there
    page.reload()
    expect(page.locator("#offline-banner")).to_have_attribute("data-list", "ready")
    _scan(page, guest.token)
    expect(page.locator("#verdict .verdict")).to_have_class(re.compile(r"verdict-already_admitted\b"))
    other.close()


def test_an_online_admission_reaches_the_list_and_signing_out_wipes_it(page: Page):
    meeting = run_sync(factory.ceremony())
    guest = run_sync(factory.card(meeting))
    _sign_in(page, "gate")
    _open_gate(page, meeting, "Главный")
    _prepare(page)
    _scan(page, guest.token)  # online: the server admits
    verdict = page.locator("#verdict .verdict")
    expect(verdict).to_have_class(re.compile(r"verdict-admitted\b"))
    expect(verdict).not_to_have_class(re.compile("verdict-offline"))
    # the sync a few seconds after an online admission brings it into the phone's list
    known = f"() => GateStore.list({meeting}).then(l => Object.keys(l.admitted).length)"
    for _ in range(100):
        if page.evaluate(known):
            break
        page.wait_for_timeout(200)
    assert page.evaluate(known) == 1
    page.context.set_offline(True)
    _scan(page, guest.token)
    expect(verdict).to_have_class(re.compile(r"verdict-already_admitted\b"))
    expect(verdict).to_have_class(re.compile("verdict-offline"))
    page.context.set_offline(False)
    _synced(page)
    stored = "() => new Promise(r => { const q = indexedDB.open('ceremonia-gate'); q.onsuccess = () => {" \
             " const t = q.result.transaction('lists').objectStore('lists').count(); t.onsuccess = () =>" \
             " { q.result.close(); r(t.result); }; }; })"
    assert page.evaluate(stored) == 1
    page.click(".session button:has-text('Выйти')")
    expect(page).to_have_url(re.compile("/login"))
    assert page.evaluate(stored) == 0


def test_companions_and_another_day_offline_and_the_list_leaves_when_the_ceremony_is_over(page: Page):
    meeting = run_sync(factory.ceremony())
    veteran = run_sync(factory.card(meeting, "Кузнецова", "Анна", "Петровна", gender="f"))
    run_sync(factory.card(meeting, "Кузнецов", "Пётр", "Ильич", companion_of=veteran.invitation_id,
                          kind=CompanionKind.SPOUSE))
    tomorrow = run_sync(factory.ceremony("Приём", starts_at=clock.now() + timedelta(days=2)))
    later = run_sync(factory.card(tomorrow, "Орлов"))
    _sign_in(page, "protocol")  # a gate gets a list on the ceremony's day only; the department any day
    _open_gate(page, meeting, "Главный")
    _prepare(page)
    page.context.set_offline(True)
    _scan(page, veteran.token)
    verdict = page.locator("#verdict .verdict")
    expect(verdict).to_have_class(re.compile(r"verdict-admitted\b"))
    expect(verdict.locator(".companions")).to_contain_text("Кузнецов Пётр Ильич · супруг(а)")
    verdict.locator("button:has-text('Пропустить отмеченных')").click()
    _queued(page, 2)
    expect(verdict).to_contain_text("Кузнецов Пётр Ильич")
    _scan(page, veteran.token)  # her husband is in now
    expect(verdict.locator(".companions")).to_contain_text(re.compile(r"Кузнецов Пётр Ильич · супруг\(а\) — прошёл в"))

    page.context.set_offline(False)
    _synced(page)
    assert Invitation.count().where(Invitation.admitted_at.is_not_null()).run_sync() == 2

    _open_gate(page, tomorrow, "Главный")
    _prepare(page)
    page.context.set_offline(True)
    _scan(page, later.token)
    expect(verdict).to_have_class(re.compile(r"verdict-not_today\b"))
    expect(verdict).to_contain_text(re.compile(r"Церемония \d\d\.\d\d\.\d{4} — не сегодня"))
    page.context.set_offline(False)
    _synced(page)
    assert Scan.count().where(Scan.verdict == Verdict.NOT_TODAY).run_sync() == 1

    # the ceremony is over (its end moved into the past): the next look at the page wipes the list
    page.evaluate("""() => new Promise(r => { const q = indexedDB.open('ceremonia-gate'); q.onsuccess = () => {
        const s = q.result.transaction('lists', 'readwrite').objectStore('lists');
        s.getAll().onsuccess = e => { e.target.result.forEach(l => { l.ends_at = '2000-01-01T00:00:00+00:00';
            s.put(l); }); s.transaction.oncomplete = () => { q.result.close(); r(); }; }; }; })""")
    page.reload()
    expect(page.locator("#offline-banner")).to_have_attribute("data-list", "none")
