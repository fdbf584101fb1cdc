"""The preparation plan on paper: the PDF read back with pdftotext, the DOCX reopened with python-docx."""

import io

import pytest
from docx import Document

from app.core.roles import Role
from app.tasks.tables import Task, TaskReport
from tests.conftest import sign_in
from tests.duty.test_prints import pdf_text
from tests.tasks.fixture import make_year, title

pytestmark = pytest.mark.usefixtures("db")


async def _plan(client) -> dict:
    ids = await make_year()
    await TaskReport.insert(TaskReport(task=ids["A3"], text="Письма направлены 22.04.", author_name="Кузнецова Е. А."))
    await sign_in(client, Role.PROTOCOL)
    return ids


async def test_plan_pdf_has_the_official_layout_and_every_task(client):
    ids = await _plan(client)
    response = await client.get(f"/events/{ids['ДП26']}/tasks/plan.pdf")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert text.startswith("УТВЕРЖДАЮ Мэр города")
    assert "План подготовки и проведения мероприятий «День Победы 2026»" in text
    for heading in ("Мероприятие (поручение)", "Ответственный", "Соисполнители", "Срок", "Отметка об исполнении"):
        assert heading in text
    assert all(title(k) in text for k in ("A1", "A4", "A9")) and title("B1") not in text
    assert "выполнено с нарушением срока 22.04.2026 Письма направлены 22.04." in text
    assert "долгосрочное, до 31.12.2026" in text and "просрочено" in text
    assert "Страница 1 из 1" in text


async def test_plan_docx_reopens_with_the_same_content(client):
    ids = await _plan(client)
    response = await client.get(f"/events/{ids['ДП26']}/tasks/plan.docx")
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["УТВЕРЖДАЮ", "Мэр города"]
    assert "План подготовки и проведения мероприятий «День Победы 2026»" in texts
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["№", "Мероприятие (поручение)", "Ответственный", "Соисполнители",
                                                     "Срок", "Отметка об исполнении"]
    rows = {r.cells[1].text.split("\n")[0]: [c.text for c in r.cells] for r in table.rows[1:]}
    assert len(rows) == 9
    assert rows[title("A3")][2:] == ["Протокольный отдел", "Управление культуры", "20.04.2026",
                                     "выполнено с нарушением срока 22.04.2026\nПисьма направлены 22.04."]
    assert rows[title("A7")][4] == "долгосрочное"


async def test_an_empty_plan_prints_a_line_saying_so(client):
    ids = await make_year()
    await sign_in(client, Role.VIEWER)
    await Task.delete().where(Task.event == ids["ДП26"])
    assert "Поручений нет." in pdf_text((await client.get(f"/events/{ids['ДП26']}/tasks/plan.pdf")).content)
    docx = Document(io.BytesIO((await client.get(f"/events/{ids['ДП26']}/tasks/plan.docx")).content))
    assert "Поручений нет." in [p.text for p in docx.paragraphs] and not docx.tables
