"""Envelopes print the addressee in the dative, and a form corrected by hand on the person's page wins."""

import io

import pytest
from pypdf import PdfReader

from app.audit.tables import AuditEntry
from app.core.roles import Role
from app.guests import declined
from app.invitations import printing, rendering, services
from tests.conftest import csrf_from, sign_in
from tests.invitations.test_invitations import ceremony, people

pytestmark = pytest.mark.usefixtures("db")


def pdf_text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


async def test_the_envelope_says_to_whom_in_the_dative_and_the_correction_wins(client):
    c, p = await ceremony(), await people()
    invitation = (await services.add_persons(c, [p["Кузьмин"]])).ids[0]
    [card] = await printing.cards([invitation])
    assert card.dative == "Кузьмину Петру Ильичу"
    assert "Кому: Кузьмину Петру Ильичу" in pdf_text(rendering.envelopes_pdf([card], "C5"))

    await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/guests/{p['Кузьмин']}")
    assert 'placeholder="Кузьмину Петру Ильичу"' in page.text  # the library's form, shown to be corrected
    response = await client.post(f"/guests/{p['Кузьмин']}/declined", data={
        "_csrf_token": csrf_from(page.text), "declined_dative": "Кузьмину-Караваеву Петру Ильичу",
        "declined_genitive": "Кузьмина Петра Ильича"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "исправлено вручную" in response.text

    [card] = await printing.cards([invitation])
    assert "Кому: Кузьмину-Караваеву Петру Ильичу" in pdf_text(rendering.envelopes_pdf([card], "DL"))
    # the genitive typed as the library has it is no correction
    forms = {f.case: f for f in await declined.forms(p["Кузьмин"])}
    assert forms["genitive"].corrected == "" and forms["dative"].corrected == "Кузьмину-Караваеву Петру Ильичу"
    entry = await AuditEntry.select().where(AuditEntry.object_kind == "person").order_by(
        AuditEntry.id, ascending=False).first()
    assert "Кузьмину-Караваеву Петру Ильичу" in entry["changes"]

    await client.post(f"/guests/{p['Кузьмин']}/declined", data={
        "_csrf_token": csrf_from(page.text), "declined_dative": ""}, headers={"HX-Request": "true"})
    [card] = await printing.cards([invitation])
    assert card.dative == "Кузьмину Петру Ильичу"  # cleared: the library's form again


async def test_a_reader_may_not_correct_forms(client):
    p = await people()
    await sign_in(client, Role.VIEWER)
    page = await client.get(f"/guests/{p['Орлова']}")
    response = await client.post(f"/guests/{p['Орлова']}/declined", data={
        "_csrf_token": csrf_from(page.text), "declined_dative": "Орловой А. С."})
    assert response.status_code == 403
    assert all(not f.corrected for f in await declined.forms(p["Орлова"]))
