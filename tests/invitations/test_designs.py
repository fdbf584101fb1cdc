"""Invitation designs: the saved layout comes back the same and prints the same; overprint prints no
background and moves every field by the printer's offset; a QR code decodes on a dark printing-house
card; text too long shrinks, then is reported; labels in the dative; the couple's salutation; the page."""

import io
from dataclasses import replace
from unittest import mock

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.units import mm

from app.core.roles import Role
from app.documents.card_design import default_design
from app.documents.card_layout import CardContent, place
from app.invitations import designs, printing, rendering, services
from app.invitations.tables import Invitation
from app.invitations.tokens import invitation_url
from tests.bench.bench_invitations import printing_house_card
from tests.conftest import csrf_from, sign_in
from tests.documents.test_card_pictures import SVG_ARMS
from tests.invitations.test_envelope_declension import pdf_text
from tests.invitations.test_invitations import ceremony, people
from tests.invitations.test_printing import decode_pdf_page
from tests.tools import page_image

pytestmark = pytest.mark.usefixtures("db")


def ink(pdf: bytes, box: tuple[float, float, float, float]) -> int:
    """How many pixels of the page, inside the box (mm from the top left), are not near white."""
    image = page_image(pdf, 50).convert("L")
    scale = 50 / 25.4
    left, top, right, bottom = (round(v * scale) for v in box)
    return sum(image.crop((left, top, right, bottom)).histogram()[:200])


async def one_card(ceremony_id: int, person: int) -> int:
    return (await services.add_persons(ceremony_id, [person])).ids[0]


async def test_a_saved_layout_comes_back_the_same_and_prints_the_same_bytes():
    c, p = await ceremony(), await people()
    invitation = await one_card(c, p["Орлова"])
    form = designs.form_values(default_design("A5", "landscape", "victory"))
    assert (await designs.save(c, form)).ok  # another orientation lays the fields out afresh, then they move
    assert await designs.design_for(c) == default_design("A5", "landscape", "victory")
    form.update({"f-title-x": "20,5", "f-title-size": "24", "f-title-colour": "#7a1f1f", "f-seat-align": "left",
                 "f-free_text-on": "on", "free_text": "Парковка у западного входа", "reply_phone": "+7 (4212) 40-11-11",
                 "label_rows": "8", "label_height": "33,9"})
    expected, errors = designs.parse(form, default_design("A5", "landscape", "victory"))
    assert errors == {}
    assert (await designs.save(c, form)).ok
    saved = await designs.design_for(c)
    assert saved == expected
    assert (saved.field("title").x, saved.field("title").size, saved.labels.rows) == (20.5, 24.0, 8)
    assert designs.parse(designs.form_values(saved), saved) == (saved, {})  # the page's form round-trips too
    [card] = await printing.cards([invitation])
    with mock.patch.object(rl_config, "invariant", 1):  # no creation date or random id in the file
        assert rendering.cards_pdf([card], saved) == rendering.cards_pdf([card], expected)
        assert rendering.cards_pdf([card], saved) != rendering.cards_pdf([card], default_design("A5", "landscape"))
    text = pdf_text(rendering.cards_pdf([card], saved))
    assert "Уважаемая Анна Семёновна!" in text and "Парковка у западного входа" in text
    assert "Просьба подтвердить участие по телефону +7 (4212) 40-11-11" in text


async def test_overprint_prints_no_background_and_moves_every_field_by_the_printer_offset():
    c, p = await ceremony(), await people()
    invitation = await one_card(c, p["Кузьмин"])
    await designs.save_printer({"printer_name": "Kyocera 214", "printer_dx": "2", "printer_dy": "-1,5"})
    form = designs.form_values(default_design(theme="victory"))
    assert (await designs.save(c, form)).ok
    printed = await printing.card_pdf(invitation)
    assert (await designs.save(c, {**form, "overprint": "on", "printer": "Kyocera 214"})).ok
    overprinted = await printing.card_pdf(invitation)
    ribbon = (25, 3, 120, 9)  # the георгиевская лента across the top
    assert ink(printed, ribbon) > 100 and ink(overprinted, ribbon) == 0
    assert b"FormXob.card_background" in printed and b"FormXob.card_background" not in overprinted
    assert "Уважаемый Пётр Ильич!" in pdf_text(overprinted)
    how = await printing.printing_of(c)
    [card] = await printing.cards([invitation])
    content = rendering.card_content(card, how.design)
    moved, still = place(content, how.design, how.offset), place(content, how.design)
    assert how.offset == (2.0, -1.5)
    assert [(round(a.x - b.x, 2), round(a.y - b.y, 2)) for a, b in zip(moved.lines, still.lines, strict=True)] == [
        (round(2 * mm, 2), round(1.5 * mm, 2))] * len(still.lines)
    calibration = pdf_text(await printing.calibration_pdf(c))
    assert "Калибровочный лист" in calibration and "Kyocera 214" in calibration and "2 мм вправо" in calibration


async def test_the_qr_code_decodes_on_a_dark_printing_house_card_and_the_card_is_embedded_once():
    c, p = await ceremony(), await people()
    ids = [await one_card(c, p[name]) for name in ("Кузьмин", "Орлова", "Депутатов")]
    assert (await designs.upload_background(c, "бланк.pdf", printing_house_card())).ok
    pdf = rendering.cards_pdf(await printing.cards(ids), (how := await printing.printing_of(c)).design, how.artwork)
    cards = await printing.cards(ids)
    for page, card in enumerate(cards, start=1):
        assert decode_pdf_page(pdf, page) == [invitation_url(card.token)]
    assert ink(pdf, (60, 100, 90, 110)) > 500  # the dark card is printed under the text
    forms = {page["/Resources"]["/XObject"].raw_get("/FormXob.card_background").idnum
             for page in PdfReader(io.BytesIO(pdf)).pages}
    assert len(forms) == 1  # one background object, drawn by reference on every page


async def test_text_too_long_shrinks_first_then_is_reported_by_guest_and_field(client):
    design = default_design()
    spec = design.field("ceremony")
    longer = CardContent("Иванов И. И.", {"ceremony": "Торжественное собрание, посвящённое Дню Победы, "
                                                      "с вручением наград ветеранам и праздничным концертом"}, "u")
    placed = place(longer, design)
    sizes = {line.size for line in placed.lines}
    assert placed.overflow == [] and max(sizes) < spec.size and min(sizes) >= spec.min_size
    endless = CardContent("Иванов И. И.", {"ceremony": "Торжественное собрание " * 30}, "u")
    assert place(endless, design).overflow == ["ceremony"]

    c, p = await ceremony(), await people()
    await one_card(c, p["Кузьмин"])
    await services.save_setup(c, {"wording": "Глава города имеет честь пригласить Вас " * 20})
    await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/ceremonies/{c}/invitations/design/")
    assert page.status_code == 200
    assert "Не помещается даже уменьшенным шрифтом" in page.text
    assert "Кузьмин Пётр Ильич — Строка приглашающего" in page.text


async def test_address_labels_name_the_guest_in_the_dative(client):
    c, p = await ceremony(), await people()
    invitation = await one_card(c, p["Кузьмин"])
    await Invitation.raw("UPDATE person SET address = {} WHERE id = {}", "680000, г. Хабаровск, ул. Ленина, д. 1",
                         p["Кузьмин"])
    text = pdf_text(await printing.labels_pdf(c))
    assert "Кузьмину Петру Ильичу" in text and "ул. Ленина, д. 1" in text
    assert invitation


async def test_a_couple_is_saluted_together_on_the_guests_card():
    c, p = await ceremony(), await people()
    invitation = await one_card(c, p["Кузьмин"])
    assert (await services.add_companion(invitation, {"kind": "spouse", "person": str(p["Орлова"])})).ok
    [card] = await printing.cards([invitation])
    assert rendering.salutation(card) == "Уважаемые Пётр Ильич и Анна Семёновна!"


async def test_the_design_page_previews_saves_and_refuses_bad_input_in_russian_keeping_it(client):
    c, p = await ceremony(), await people()
    await one_card(c, p["Орлова"])
    await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/ceremonies/{c}/invitations/design/")
    assert page.status_code == 200 and "<svg" in page.text and "Уважаемая Анна Семёновна!" in page.text
    form = {**designs.form_values(await designs.design_for(c)), "_csrf_token": csrf_from(page.text)}
    preview = await client.post(f"/ceremonies/{c}/invitations/design/preview",
                                data={**form, "title_text": "Пригласительный билет"}, headers={"HX-Request": "true"})
    assert preview.status_code == 200 and "Пригласительный билет" in preview.text
    assert (await designs.design_for(c)).title_text == "Приглашение"  # a preview saves nothing
    bad = await client.post(f"/ceremonies/{c}/invitations/design/",
                            data={**form, "f-title-x": "левее", "f-seat-colour": "красный"})
    assert bad.status_code == 422
    assert "Нужно число, например 12,5." in bad.text and 'value="левее"' in bad.text
    assert "Цвет в виде #1f2d4d." in bad.text
    good = await client.post(f"/ceremonies/{c}/invitations/design/", data={**form, "f-title-x": "16,5"})
    assert good.status_code == 200 and "Оформление сохранено." in good.text
    assert (await designs.design_for(c)).field("title").x == 16.5
    upload = await client.post(f"/ceremonies/{c}/invitations/design/background",
                               data={"_csrf_token": form["_csrf_token"]},
                               files={"file": ("card.txt", b"not a picture", "text/plain")})
    assert upload.status_code == 422 and "Нужен PDF, PNG, JPEG или SVG." in upload.text
    for url in ("preview.pdf", "calibration.pdf", "labels.pdf"):
        response = await client.get(f"/ceremonies/{c}/invitations/design/{url}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    await sign_in(client, Role.VIEWER)
    assert (await client.get(f"/ceremonies/{c}/invitations/design/preview.pdf")).status_code == 403


def test_every_paper_and_orientation_keeps_the_default_fields_on_the_card():
    for paper in ("A5", "A6", "EURO", "A4_FOLDED"):
        for orientation in ("portrait", "landscape"):
            design = default_design(paper, orientation)
            width, height = design.size_mm
            for spec in design.fields:
                assert spec.x >= 0 and spec.x + spec.width <= width + 0.1, (paper, orientation, spec)
                assert spec.y >= 0 and spec.y + spec.height <= height + 0.1, (paper, orientation, spec)
    folded = replace(default_design("A4_FOLDED"), overprint=False)
    assert round(folded.sheet[0] / mm) == 296 and round(folded.sheet[1] / mm) == 210


def png(width: int, height: int, colour: tuple[int, int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, "PNG")
    return out.getvalue()


async def test_the_coat_of_arms_and_the_signature_are_uploaded_once_and_drawn_on_every_ceremonys_card(client):
    c, p = await ceremony(), await people()
    invitation = await one_card(c, p["Кузьмин"])
    await sign_in(client, Role.PROTOCOL)
    page = await client.get(f"/ceremonies/{c}/invitations/design/")
    token = csrf_from(page.text)
    refused = await client.post(f"/ceremonies/{c}/invitations/design/artwork/coat_of_arms", data={"_csrf_token": token},
                                files={"file": ("герб.pdf", b"%PDF-1.4", "application/pdf")})
    assert refused.status_code == 422 and "Нужна картинка PNG, JPEG или SVG." in refused.text
    broken = await client.post(f"/ceremonies/{c}/invitations/design/artwork/coat_of_arms", data={"_csrf_token": token},
                               files={"file": ("герб.svg", SVG_ARMS[:90], "image/svg+xml")})
    assert broken.status_code == 422 and "SVG не читается" in broken.text
    pictures = {"coat_of_arms": ("герб.svg", SVG_ARMS), "signature": ("подпись.png", png(280, 80, (0, 0, 90, 255)))}
    for kind, (name, picture) in pictures.items():
        answer = await client.post(f"/ceremonies/{c}/invitations/design/artwork/{kind}", data={"_csrf_token": token},
                                   files={"file": (name, picture, "application/octet-stream")})
        assert answer.status_code == 200 and "Картинка загружена для всех церемоний." in answer.text
    form = {**designs.form_values(await designs.design_for(c)), "background": "coat_of_arms", "_csrf_token": token}
    assert (await client.post(f"/ceremonies/{c}/invitations/design/", data=form)).status_code == 200
    page = await client.get(f"/ceremonies/{c}/invitations/design/")
    # One guest: the coat of arms (vector) and the signature.
    assert page.text.count("data:image/svg+xml;base64,") == 1 and page.text.count("data:image/png;base64,") == 1
    pdf = await printing.card_pdf(invitation)
    images = [o for o in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"].values()
              if o.get_object().get("/Subtype") == "/Form"]
    assert len(images) == 2  # the background (with the coat of arms in it) and the signature
    assert ink(pdf, (60, 12, 88, 36)) > 100  # the coat of arms where the emblem goes


async def test_a_png_card_from_the_printing_house_is_printed_under_the_fields_and_the_code_reads():
    c, p = await ceremony(), await people()
    invitation = await one_card(c, p["Орлова"])
    assert (await designs.upload_background(c, "бланк.png", png(620, 880, (40, 10, 20, 255)))).ok
    pdf = await printing.card_pdf(invitation)
    [card] = await printing.cards([invitation])
    assert decode_pdf_page(pdf) == [invitation_url(card.token)]
    assert ink(pdf, (5, 5, 20, 20)) > 400  # the dark card fills the corners the built-in frame leaves light
