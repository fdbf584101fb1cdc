"""Vehicle passes: created (audited), printed as A5 windscreen cards, scanned at a parking gate, listed."""

from __future__ import annotations

import io
from datetime import timedelta

import zxingcpp
from openpyxl import load_workbook
from pypdf import PdfReader

from app.access import passes, zones
from app.access.kinds import ZoneKind
from app.audit.tables import AuditEntry
from app.checkin import services
from app.core import clock
from app.documents.vehicle_pass import PassCard, vehicle_passes_pdf
from app.invitations.kinds import Verdict
from app.invitations.tables import Scan
from tests.checkin import factory
from tests.conftest import sign_in
from tests.tools import page_image


async def _parking(meeting: int) -> tuple[int, int]:
    """Two parking zones: the main one and the one for the press."""
    main = await zones.save_zone(meeting, None, "Парковка у театра", ZoneKind.PARKING)
    press = await zones.save_zone(meeting, None, "Парковка прессы", ZoneKind.PARKING)
    return main, press


def test_plate_numbers_are_written_one_way():
    assert passes.clean_number(" а 123 вс 27 ") == "А123ВС 27"
    assert passes.clean_number("в777ор125") == "В777ОР 125"
    assert passes.clean_number("CD 1234") == "CD 1234"  # a foreign plate stays as typed
    token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    assert passes.pass_token(f"https://c.example/v/{token}") == token
    assert passes.pass_token(f"https://c.example/i/{token}") is None


async def test_pass_scanned_at_a_parking_gate(db):
    meeting = await factory.ceremony()
    main, press = await _parking(meeting)
    today = clock.today()
    good = await passes.create_pass(meeting, passes.PassForm("а123вс27", "Петров П. П.", "Совет ветеранов", main,
                                                             today, today))
    later = await passes.create_pass(meeting, passes.PassForm("В777ОР 125", "", "ГТРК", None,
                                                              today + timedelta(days=1), today + timedelta(days=2)))
    good_pass, later_pass = await passes.get_pass(good), await passes.get_pass(later)
    await zones.set_gate(meeting, "Шлагбаум 1", main)
    await zones.set_gate(meeting, "Шлагбаум прессы", press)

    ok = await services.check_in(meeting, good_pass.url, gate="Шлагбаум 1", account_id=None)
    assert ok.verdict == Verdict.VEHICLE_ADMITTED and ok.vehicle.number == "А123ВС 27" and ok.guest is None
    wrong = await services.check_in(meeting, good_pass.url, gate="Шлагбаум прессы", account_id=None)
    assert wrong.verdict == Verdict.NO_ACCESS and wrong.vehicle.zone == "Парковка у театра"
    not_yet = await services.check_in(meeting, later_pass.url, gate="Шлагбаум 1", account_id=None)
    assert not_yet.verdict == Verdict.VEHICLE_NOT_VALID
    await passes.revoke_pass(meeting, good)
    revoked = await services.check_in(meeting, good_pass.url, gate="Шлагбаум 1", account_id=None)
    assert revoked.verdict == Verdict.REVOKED
    assert [r["verdict"] for r in await Scan.select(Scan.verdict).order_by(Scan.id)] == [
        Verdict.VEHICLE_ADMITTED, Verdict.NO_ACCESS, Verdict.VEHICLE_NOT_VALID, Verdict.REVOKED]
    entries = await AuditEntry.select(AuditEntry.action).where(AuditEntry.object_kind == "vehicle_pass")
    assert sorted(e["action"] for e in entries) == ["create", "create", "revoke"]


async def test_pass_page_print_and_police_list(client):
    meeting = await factory.ceremony()
    main, _press = await _parking(meeting)
    csrf = await sign_in(client, "protocol")
    day = clock.today().isoformat()
    bad = await client.post(f"/access/{meeting}/passes", data={"number": "", "valid_from": day, "valid_to": day,
                                                               "_csrf_token": csrf})
    assert bad.status_code == 422 and "Укажите номер автомобиля." in bad.text
    made = await client.post(f"/access/{meeting}/passes", data={
        "number": "е001кх 27", "driver": "Сидоров А. А.", "holder": "Краевая Дума", "zone": str(main),
        "valid_from": day, "valid_to": day, "_csrf_token": csrf}, follow_redirects=False)
    assert made.status_code == 303
    (made_pass,) = await passes.passes(meeting)

    pdf = await client.get(f"/access/{meeting}/passes/{made_pass.id}/card.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 420  # A5 landscape
    text = page.extract_text()
    assert "Е001КХ 27" in text and "Парковка у театра" in text

    sheet = load_workbook(io.BytesIO((await client.get(f"/access/{meeting}/passes.xlsx")).content)).active
    assert [c.value for c in sheet[2]][1:4] == ["Е001КХ 27", "Сидоров А. А.", "Краевая Дума"]
    assert passes.letter_text(await passes.passes(meeting)).startswith(
        "1. Е001КХ 27 — Сидоров А. А. (Краевая Дума), ")


def test_the_card_qr_reads_back_as_the_pass_url():
    url = "https://ceremonia.example/v/AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    card = PassCard("ПРОПУСК НА АВТОМОБИЛЬ", "Собрание · 09.05.2027", "А123ВС 27", ("Парковка: у театра",), url)
    assert [r.text for r in zxingcpp.read_barcodes(page_image(vehicle_passes_pdf([card], "t"), 100))] == [url]


async def test_a_letter_to_the_police_lists_the_passes(db):
    from app.letters import directory
    from app.letters import services as letters
    from tests.letters.factory import addressee, author, choice
    from tests.letters.factory import ceremony as letter_ceremony

    meeting = await letter_ceremony()
    await passes.create_pass(meeting, passes.PassForm("а123вс27", "Петров П. П.", "Совет ветеранов", None,
                                                      clock.today(), clock.today()))
    template = await directory.save_template({"kind": "police", "title": "Пропуска", "subject": "О пропусках",
                                              "body": "Просим пропустить автомобили:\n{{пропуска_автомобилей}}"})
    saved = await letters.create_draft(choice(meeting, template.id, await addressee()), await author())
    letter = await letters.get_letter(saved.id)
    assert letter.body_paragraphs[1].startswith("1. А123ВС 27 — Петров П. П. (Совет ветеранов), ")
    assert letter.unfilled == []


async def test_the_gate_page_shows_the_car_number_big(client):
    meeting = await factory.ceremony()
    main, _press = await _parking(meeting)
    made = await passes.get_pass(await passes.create_pass(meeting, passes.PassForm(
        "а123вс27", "", "Совет ветеранов", main, clock.today(), clock.today())))
    csrf = await sign_in(client, "gate")
    await client.post("/gate/", data={"ceremony": str(meeting), "gate": "Шлагбаум", "zone": str(main),
                                      "_csrf_token": csrf})
    verdict = await client.post(f"/gate/{meeting}/scan", data={"code": made.url, "_csrf_token": csrf},
                                headers={"HX-Request": "true", "X-CSRFToken": csrf})
    assert "Проезд разрешён" in verdict.text and "verdict-admitted" in verdict.text  # the gate's high tone
    assert '<p class="verdict-plate">А123ВС 27</p>' in verdict.text


async def test_the_pass_url_opens_a_public_page_without_the_driver(client):
    meeting = await factory.ceremony()
    today = clock.today()
    made = await passes.get_pass(await passes.create_pass(meeting, passes.PassForm(
        "а123вс27", "Петров П. П.", "Совет ветеранов", None, today, today)))
    page = await client.get(f"/v/{made.token}")  # nobody signed in
    assert page.status_code == 200 and "А123ВС 27" in page.text and "Действителен сегодня" in page.text
    assert "Петров" not in page.text and "Совет ветеранов" not in page.text
    await passes.revoke_pass(meeting, made.id)
    assert "Пропуск отозван" in (await client.get(f"/v/{made.token}")).text
    assert (await client.get("/v/" + "x" * 32)).status_code == 404
