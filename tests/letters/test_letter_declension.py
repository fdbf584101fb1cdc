"""The directory declines an addressee from the nominative the officer types, keeps the officer's own
forms, and letters carry the dative block and the genitive and instrumental fields their templates ask for."""

import io

import pytest
from pypdf import PdfReader

from app.letters import directory, prints, services
from tests.letters.factory import SIGNATURE, author, ceremony, choice, editable

pytestmark = pytest.mark.usefixtures("db")

BODY = ("По поручению и от имени {{подписант_кого}} прошу {{адресат_кого}} обеспечить порядок "
        "на мероприятии «{{церемония}}».")


async def _police(**changes) -> int:
    saved = await directory.save_addressee({
        "kind": "police", "organisation": "УМВД России по г. Хабаровску",
        "position_nominative": "Начальник УМВД России по г. Хабаровску",
        "person_nominative": "полковник полиции П. П. Петров", "salutation": "Уважаемый Пётр Петрович!", **changes})
    assert saved.ok, saved.errors
    return saved.id


async def test_the_dative_and_genitive_are_declined_from_the_nominative():
    addressee = await directory.get_addressee(await _police())
    assert addressee.block == "Начальнику УМВД России по г. Хабаровску\nполковнику полиции П. П. Петрову"
    assert addressee.genitive == "Начальника УМВД России по г. Хабаровску полковника полиции П. П. Петрова"


async def test_the_officers_correction_is_kept_and_the_rest_follows_the_nominative():
    addressee_id = await _police()
    form = {"kind": "police", "organisation": "УМВД России по г. Хабаровску",
            "position_nominative": "Начальник УМВД России по г. Хабаровску",
            "person_nominative": "полковник полиции П. П. Петров", "salutation": ""}
    corrected = {**form, "position": "Начальнику УМВД России по г. Хабаровску",
                 "person": "полковнику полиции П. П. Петрову-Водкину",
                 "position_genitive": "Начальника УМВД России по г. Хабаровску",
                 "person_genitive": "полковника полиции П. П. Петрова"}
    assert (await directory.save_addressee(corrected, addressee_id)).ok
    # a new head of the police: the automatic forms follow, the hand-made dative of the name stays
    moved = {**corrected, "position_nominative": "Врио начальника УМВД России по г. Хабаровску",
             "person_nominative": "подполковник полиции П. П. Петров"}
    assert (await directory.save_addressee(moved, addressee_id)).ok
    addressee = await directory.get_addressee(addressee_id)
    assert addressee.person == "полковнику полиции П. П. Петрову-Водкину"
    assert addressee.person_genitive == "подполковника полиции П. П. Петрова"
    # «Врио» is no head the rules know: the position is left as typed rather than declined wrongly
    assert addressee.position == "Врио начальника УМВД России по г. Хабаровску"
    # emptied: declined again
    assert (await directory.save_addressee({**moved, "person": ""}, addressee_id)).ok
    assert (await directory.get_addressee(addressee_id)).person == "подполковнику полиции П. П. Петрову"


async def test_a_position_is_required_in_one_form_or_the_other():
    saved = await directory.save_addressee({"kind": "police", "organisation": "УМВД"})
    assert "position_nominative" in saved.errors


async def test_the_letter_carries_the_dative_block_and_the_genitive_fields():
    template = await directory.save_template({"kind": "police", "title": "Поручение", "subject": "О порядке",
                                              "body": BODY})
    saved = await services.create_draft(choice(await ceremony(), template.id, await _police()), await author())
    letter = await services.get_letter(saved.id)
    assert letter.unfilled == ["подписант_кого"]  # no signer yet: the field waits
    assert (await services.save_draft(saved.id, {**editable(letter), **SIGNATURE,
                                                 "signer_position": "Глава города"})).ok
    letter = await services.get_letter(saved.id)
    assert letter.body == ("По поручению и от имени Главы города прошу Начальника УМВД России по г. Хабаровску "
                           "полковника полиции П. П. Петрова обеспечить порядок на мероприятии "
                           "«Торжественное собрание».")
    text = " ".join(PdfReader(io.BytesIO(await prints.letter_pdf(saved.id))).pages[0].extract_text().split())
    assert "Начальнику УМВД России по г. Хабаровску полковнику полиции П. П. Петрову" in text
