"""The scenario printed: an A4 PDF in the official layout (read back with pdftotext) and a DOCX with the
same content (opened again with python-docx)."""

import io
import subprocess
from datetime import time

import pytest
from docx import Document
from pypdf import PdfReader

from app.core.roles import Role
from app.scenario import prints, services
from tests.conftest import sign_in
from tests.scenario.factory import ceremony, items
from tests.tools import require

pytestmark = pytest.mark.usefixtures("db")

SPEECH = ("Дорогие ветераны! " + "Сегодня мы вспоминаем тех, кто отстоял свободу нашей Родины. " * 12 + "\n") * 8


def pdf_text(content: bytes) -> str:
    require("pdftotext", "poppler-utils")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())  # lines wrapped inside a table cell read as one


async def scenario() -> int:
    c = await ceremony()
    first, *_ = await items(c, ("Фанфары. Открытие занавеса", 2), ("Выступление мэра города", 7),
                            ("Праздничный концерт", 20, time(15, 30)))
    await services.save_item(c, {"action": "Фанфары. Открытие занавеса", "minutes": "2",
                                        "participants": "Ведущие: А. Миронова, И. Белых",
                                        "responsible": "Управление культуры", "cues": "Фонограмма «Фанфары»",
                                        "host_words": "Добрый день, дорогие ветераны!"}, item_id=first)
    return c


async def test_the_pdf_has_the_approval_block_the_event_header_the_items_and_page_numbers():
    text = pdf_text(await prints.scenario_pdf(await scenario()))
    for expected in ("УТВЕРЖДАЮ", "Мэр города", "«___» ____________ 2027 г.", "Сценарий",
                     "Торжественное собрание", "Мероприятие: День Победы 2027",
                     "Дата и время: 8 мая 2027 г., 15:00–16:00",
                     "Место проведения: Краевой музыкальный театр, ул. Карла Маркса, 64",
                     "Продолжительность: 50 мин (15:00–15:50)", "15:00–15:02", "15:02–15:09", "15:30–15:50",
                     "Фанфары. Открытие занавеса", "Участники: Ведущие: А. Миронова, И. Белых",
                     "Ведущий: Добрый день, дорогие ветераны!", "Управление культуры", "Фонограмма «Фанфары»",
                     "Праздничный концерт", "Страница 1 из 1"):
        assert expected in text, expected


async def test_a_long_speech_of_the_host_runs_on_to_the_next_pages_on_a4():
    c = await ceremony()
    await items(c, ("Фанфары", 2))
    await services.save_item(c, {"action": "Слово ведущего", "minutes": "10", "host_words": SPEECH})
    content = await prints.scenario_pdf(c)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(595, 842)}
    text = pdf_text(content)
    assert f"Страница {len(reader.pages)} из {len(reader.pages)}" in text
    assert text.count("Сегодня мы вспоминаем") == SPEECH.count("Сегодня мы вспоминаем")


async def test_the_docx_holds_the_same_content():
    document = Document(io.BytesIO(await prints.scenario_docx(await scenario())))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:4] == ["УТВЕРЖДАЮ", "Мэр города", "_______________", "«___» ____________ 2027 г."]
    assert "Сценарий\nТоржественное собрание" in paragraphs
    assert "Дата и время: 8 мая 2027 г., 15:00–16:00" in paragraphs
    assert "Продолжительность: 50 мин (15:00–15:50)" in paragraphs
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["№", "Время", "Содержание", "Ответственный", "Музыка и техника"]
    assert rows[1] == ["1", "15:00–15:02\n2 мин", "Фанфары. Открытие занавеса\n\nУчастники: Ведущие: А. Миронова, "
                       "И. Белых\n\nВедущий: Добрый день, дорогие ветераны!", "Управление культуры",
                       "Фонограмма «Фанфары»"]
    assert [r[1] for r in rows[2:]] == ["15:02–15:09\n7 мин", "15:30–15:50\n20 мин"]


async def test_an_empty_scenario_prints_a_line_saying_so():
    c = await ceremony()
    assert "Пунктов сценария пока нет." in pdf_text(await prints.scenario_pdf(c))
    document = Document(io.BytesIO(await prints.scenario_docx(c)))
    assert "Пунктов сценария пока нет." in [p.text for p in document.paragraphs] and not document.tables


async def test_the_prints_are_served_to_readers(client):
    c = await scenario()
    await sign_in(client, Role.VIEWER)
    pdf = await client.get(f"/ceremonies/{c}/scenario/scenario.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = await client.get(f"/ceremonies/{c}/scenario/scenario.docx")
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    assert f'filename="scenario-{c}.docx"' in docx.headers["content-disposition"]
    assert Document(io.BytesIO(docx.content)).tables[0].rows[1].cells[0].text == "1"
