"""Printing: a card per guest (A5, A6) whose QR code decodes to the guest's URL, envelopes, and the
batch PDF as a background job that marks planned invitations as printed."""

import asyncio

import pytest

from app.core.roles import Role
from app.events import services as events
from app.events.tables import Ceremony
from app.guests.tables import Person
from app.invitations import printing, services
from app.invitations.kinds import InvitationStatus
from app.invitations.tables import Invitation
from app.invitations.tokens import invitation_url
from app.jobs import runner
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form
from tests.invitations.test_invitations import ceremony, people
from tests.tools import page_image

pytestmark = pytest.mark.usefixtures("db")


def decode_pdf_page(pdf: bytes, page: int = 1) -> list[str]:
    """The page rendered by poppler, its codes read by a real decoder (zxing-cpp)."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(page_image(pdf, 150, page))]


async def test_card_pdf_carries_the_guest_url_in_its_qr_code_and_the_seat(client):
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Орлова"]])).ids[0]
    await Invitation.update({Invitation.seat_label: "Партер, ряд 3, место 12"}).where(Invitation.id == invitation)
    await services.save_setup(c, {"dress_code": "деловой костюм", "default_entrance": "Главный вход"})
    [card] = await printing.cards([invitation])
    assert (card.seat_label, card.entrance, card.dress_code) == ("Партер, ряд 3, место 12", "Главный вход",
                                                                  "деловой костюм")
    await sign_in(client, Role.VIEWER)  # a reader sees the invitation but may not print its token
    assert (await client.get(f"/invitations/{invitation}/card.pdf?size=A5")).status_code == 403
    assert (await client.get(f"/invitations/{invitation}/envelope.pdf?format=C5")).status_code == 403
    assert "card.pdf" not in (await client.get(f"/invitations/{invitation}/")).text
    await sign_in(client, Role.PROTOCOL)
    for size in ("A5", "A6"):
        response = await client.get(f"/invitations/{invitation}/card.pdf?size={size}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert decode_pdf_page(response.content) == [invitation_url(card.token)]
    envelope = await client.get(f"/invitations/{invitation}/envelope.pdf?format=DL")
    assert envelope.status_code == 200 and envelope.content.startswith(b"%PDF")


async def test_a_reprinted_card_carries_the_new_token():
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Кузьмин"]])).ids[0]
    token = await services.reprint(invitation, {"reason": "утеряна"})
    [card] = await printing.cards([invitation])
    assert card.url == invitation_url(token)


async def _finished(job_id: int):
    for _ in range(300):
        job = await runner.get(job_id)
        if job.finished:
            return job
        await asyncio.sleep(0.1)
    return job


async def test_batch_job_prints_the_list_and_marks_planned_as_printed():
    c, p = await ceremony(), await people()
    ids = (await services.add_by_category(c, p["veterans"])).ids
    await services.add_persons(c, [p["Депутатов"]])
    await services.set_status(ids[0], {"status": "revoked"})
    ceremony_view = type("C", (), {"id": c, "title": "Торжественное собрание"})()
    job = await _finished(await printing.submit_batch(ceremony_view, None))
    assert job.status == "done", job.message
    assert job.result["pages"] == 2 and job.result["printed"] == 2
    path = runner.result_file(job)
    pdf = path.read_bytes()
    assert len(decode_pdf_page(pdf, 2)) == 1
    statuses = sorted([(await services.get_invitation(i)).status for i in ids])
    assert statuses == [InvitationStatus.PRINTED, InvitationStatus.REVOKED]


async def test_a_printed_card_whose_name_or_ceremony_changed_since_shows_as_outdated_until_printed_again(client):
    """A card printed, then the guest's surname corrected in the registry or the ceremony moved: the printed card
    is wrong and the list says «перепечатать»; printed again, it is not."""
    c, p = await ceremony(), await people()
    orlova = (await services.add_persons(c, [p["Орлова"]])).ids[0]
    kuzmin = (await services.add_persons(c, [p["Кузьмин"]])).ids[0]
    await sign_in(client, Role.PROTOCOL)
    for invitation in (orlova, kuzmin):
        assert (await client.get(f"/invitations/{invitation}/card.pdf")).status_code == 200
    assert await printing.outdated([orlova, kuzmin]) == set()
    await Person.update({Person.surname: "Орлова-Белова"}).where(Person.id == p["Орлова"])
    assert await printing.outdated([orlova, kuzmin]) == {orlova}
    page = await client.get(f"/ceremonies/{c}/invitations/")
    assert "Имя, адрес или время и место церемонии изменились после печати приглашения" in page.text
    assert "Перепечатать изменившиеся: 1" in page.text and await printing.changed_since_printed(c) == [orlova]
    ceremony_view = type("C", (), {"id": c, "title": "Торжественное собрание"})()
    job = await _finished(await printing.submit_batch(ceremony_view, None, changed_only=True))
    assert job.status == "done" and job.result["pages"] == 1  # the one card that changed, printed again
    assert await printing.changed_since_printed(c) == []
    await Person.update({Person.surname: "Орлова"}).where(Person.id == p["Орлова"])
    assert (await client.get(f"/invitations/{orlova}/card.pdf")).status_code == 200  # printed again
    assert await printing.outdated([orlova, kuzmin]) == set()
    event_id = (await Ceremony.select(Ceremony.event).where(Ceremony.id == c).first())["event"]
    moved = await events.save_ceremony(ceremony_form(starts_at="2026-05-08T16:00"), event_id=event_id, ceremony_id=c)
    assert moved.ok
    assert await printing.outdated([orlova, kuzmin]) == {orlova, kuzmin}
    fresh = (await services.add_persons(c, [p["Депутатов"]])).ids[0]  # never printed: nothing to reprint
    assert fresh not in await printing.outdated([orlova, kuzmin, fresh])
