"""Letters: a draft filled from the ceremony, refused while fields are unfilled (and the fields named),
registered under sequential numbers even when registered at once; the PDF and the DOCX."""

import asyncio
import io

import pytest
from docx import Document

from app.events import services as events
from app.letters import prints, services
from tests.duty.test_prints import pdf_text
from tests.events.test_services import ceremony_form
from tests.letters.factory import SIGNATURE, addressee, author, ceremony, choice, draft, editable, template

pytestmark = pytest.mark.usefixtures("db")


async def test_a_draft_is_filled_from_the_ceremony_and_the_directory():
    letter = await services.get_letter(await draft())
    assert letter.addressee == "УМВД России по г. Хабаровску"
    assert letter.addressee_block == "Начальнику УМВД России по г. Хабаровску\nполковнику полиции И. В. Степанову"
    assert letter.salutation == "Уважаемый Игорь Владимирович!"
    assert letter.body_paragraphs == [
        "Администрация города Хабаровска просит Вас обеспечить охрану общественного порядка при проведении "
        "мероприятия «Торжественное собрание» (День Победы 2026), которое состоится 8 мая 2026 г. с 15:00 до "
        "17:00 по адресу: Краевой музыкальный театр, ул. Карла Маркса, 64.",
        "Ожидаемое количество участников — 1\u202f500 человек.",
        "Контактное лицо — Кузнецова Елена Андреевна, тел. 8 (4212) 40-88-17."]
    assert letter.unfilled == [] and not letter.registered and letter.event_title == "День Победы 2026"


async def test_fields_without_a_value_are_named_and_the_letter_refuses_to_print_and_register():
    square = await ceremony(title="Возложение венков", venue="Площадь Славы", address="", expected_guests="0")
    letter_id = await draft(square)
    letter = await services.get_letter(letter_id)
    assert letter.unfilled == ["адрес", "число_гостей"]
    with pytest.raises(prints.Unfilled) as refused:
        await prints.letter_pdf(letter_id)
    assert str(refused.value) == "Не заполнены поля: {{адрес}}, {{число_гостей}}."
    with pytest.raises(prints.Unfilled):
        await prints.letter_docx(letter_id)
    registered = await services.register(letter_id)
    assert registered.errors == {"body": "Не заполнены поля: {{адрес}}, {{число_гостей}}."}
    assert not (await services.get_letter(letter_id)).registered


async def test_fixing_the_ceremony_and_saving_fills_the_fields_that_were_left():
    square = await ceremony(title="Возложение венков", venue="Площадь Славы", address="", expected_guests="0")
    letter_id = await draft(square)
    form = ceremony_form(title="Возложение венков", venue="Площадь Славы", address="ул. Шевченко, 1",
                         expected_guests="300")
    event_id = (await events.get_ceremony(square)).event_id
    assert (await events.save_ceremony(form, event_id=event_id, ceremony_id=square)).ok
    assert (await services.save_draft(letter_id, editable(await services.get_letter(letter_id)))).ok
    letter = await services.get_letter(letter_id)
    assert letter.unfilled == []
    assert "по адресу: Площадь Славы, ул. Шевченко, 1." in letter.body and "— 300 человек." in letter.body


async def test_registering_needs_the_signer_and_the_executor():
    letter_id = await draft(signed=False)
    letter = await services.get_letter(letter_id)
    assert (await services.save_draft(letter_id, {**editable(letter), "signer_name": "", "executor": ""})).ok
    assert (await services.register(letter_id)).errors == {
        "body": "Не заполнены поля: {{исполнитель}}, {{телефон}}.", "signer_position": "Заполните до регистрации.",
        "signer_name": "Заполните до регистрации.", "executor": "Заполните до регистрации."}


async def test_numbers_run_in_sequence_and_a_letter_is_registered_once():
    first, second = await draft(), await draft()
    assert (await services.register(first)).ok
    assert (await services.register(second)).ok
    assert (await services.register(first)).errors == {"body": "Письмо уже зарегистрировано под № 01-12/1."}
    numbers = [(await services.get_letter(i)).number for i in (first, second)]
    assert numbers == ["01-12/1", "01-12/2"]
    assert (await services.get_letter(first)).registered_on is not None


async def test_concurrent_registrations_get_distinct_sequential_numbers():
    ceremony_id = await ceremony()
    letters = [await draft(ceremony_id) for _ in range(12)]
    results = await asyncio.gather(*(services.register(letter_id) for letter_id in letters))
    assert all(r.ok for r in results), [r.errors for r in results]
    numbers = [(await services.get_letter(letter_id)).number for letter_id in letters]
    assert sorted(int(n.split("/")[1]) for n in numbers) == list(range(1, 13))


async def test_a_registered_letter_keeps_its_text_and_stays_in_the_register():
    letter_id = await draft()
    assert (await services.register(letter_id)).ok
    letter = await services.get_letter(letter_id)
    changed = await services.save_draft(letter_id, {**editable(letter), "body": "Другой текст"})
    assert changed.errors == {"body": "Письмо уже зарегистрировано: его текст не меняется."}
    assert (await services.delete_draft(letter_id)).errors
    assert (await services.get_letter(letter_id)).body == letter.body


async def test_the_pdf_has_the_letterhead_number_addressee_text_signature_and_executor():
    letter_id = await draft()
    assert (await services.register(letter_id)).ok
    letter = await services.get_letter(letter_id)
    text = pdf_text(await prints.letter_pdf(letter_id))
    for part in ("АДМИНИСТРАЦИЯ ГОРОДА ХАБАРОВСКА", "г. Хабаровск",
                 f"от {letter.registered_on:%d.%m.%Y} № 01-12/1", "Начальнику УМВД России по г. Хабаровску",
                 "полковнику полиции И. В. Степанову", "Об обеспечении охраны общественного порядка",
                 "Уважаемый Игорь Владимирович!", "Ожидаемое количество участников — 1 500 человек.",
                 "Начальник организационного отдела", "Т. Н. Фёдорова",
                 "Кузнецова Елена Андреевна тел. 8 (4212) 40-88-17"):
        assert part in text, part
    assert "Страница" not in text


async def test_a_draft_prints_with_lines_for_the_number_and_date():
    text = pdf_text(await prints.letter_pdf(await draft()))
    assert "от ____________ № ________" in text


async def test_the_docx_holds_the_same_letter():
    letter_id = await draft()
    assert (await services.register(letter_id)).ok
    doc = Document(io.BytesIO(await prints.letter_docx(letter_id)))
    header = doc.tables[0].rows[0].cells
    assert header[0].text.splitlines()[0] == "АДМИНИСТРАЦИЯ ГОРОДА ХАБАРОВСКА"
    assert "№ 01-12/1" in header[0].text
    # Abbreviations and initials are tied to the word after them by a no-break space, as in print.
    assert header[1].text.replace("\u00a0", " ").splitlines() == [
        "Начальнику УМВД России по г. Хабаровску", "полковнику полиции И. В. Степанову"]
    assert "г.\u00a0Хабаровску" in header[1].text
    paragraphs = [p.text for p in doc.paragraphs if p.text]
    assert paragraphs[:2] == ["Об обеспечении охраны общественного порядка", "Уважаемый Игорь Владимирович!"]
    assert "Ожидаемое количество участников — 1\u202f500 человек." in paragraphs
    assert paragraphs[-2:] == ["Кузнецова Елена Андреевна", "тел. 8 (4212) 40-88-17"]
    assert [c.text for c in doc.tables[1].rows[0].cells] == ["Начальник организационного отдела", "Т. Н. Фёдорова"]


async def test_a_new_letter_needs_all_three_choices():
    saved = await services.create_draft({"ceremony": "999999", "template": "", "addressee": "x"}, await author())
    assert saved.errors == {"ceremony": "Выберите церемонию.", "template": "Выберите шаблон письма.",
                            "addressee": "Нужно целое число."}


async def test_the_signature_of_the_last_letter_comes_with_the_next_one():
    await draft()
    saved = await services.create_draft(choice(await ceremony(), await template(), await addressee()), await author())
    letter = await services.get_letter(saved.id)
    assert {k: getattr(letter, k) for k in SIGNATURE} == SIGNATURE
