"""The pages under the Content-Security-Policy: no inline script runs, so nothing may need one — htmx works,
a data-confirm form asks first, and the browser reports no violation."""

from playwright.sync_api import Page, expect

from app.events.tables import Ceremony, Event
from app.guests.tables import Person
from app.invitations.tables import Invitation
from tests.e2e.test_year_plan import sign_in
from tests.tools import utc


def test_confirm_and_htmx_work_under_the_policy_without_violations(page: Page):
    event = Event.insert(Event(title="День города 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Приём главы города", venue="Мэрия",
                                        starts_at=utc(2027, 5, 30, 5), ends_at=utc(2027, 5, 30, 7))
                               ).returning(Ceremony.id).run_sync()[0]["id"]
    person = Person.insert(Person(surname="Кузьмин", name="Пётр")).returning(Person.id).run_sync()[0]["id"]
    invitation = Invitation.insert(Invitation(ceremony=ceremony, person=person)).returning(
        Invitation.id).run_sync()[0]["id"]
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    sign_in(page)
    page.goto(f"/invitations/{invitation}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button:has-text('Убрать из списка')")
    expect(page).to_have_url(f"/invitations/{invitation}/")  # dismissed: nothing sent
    assert Invitation.exists().where(Invitation.id == invitation).run_sync()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Убрать из списка')")
    expect(page).to_have_url(f"/ceremonies/{ceremony}/invitations/")
    assert not Invitation.exists().where(Invitation.id == invitation).run_sync()
    page.goto(f"/ceremonies/{ceremony}/invitations/")
    page.goto("/guests/")
    assert violations == []
