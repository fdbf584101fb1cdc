"""DOCX papers open again with python-docx and hold what was written."""

import io

from docx import Document

from app.documents.official import Approval
from app.documents.word import add_table, new_document, to_bytes


def test_docx_has_approval_title_and_table():
    doc = new_document("Администрация города Хабаровска", "Сценарий торжественного собрания",
                       Approval("УТВЕРЖДАЮ", "Мэр города", "«___» ________ 2027 г."))
    add_table(doc, ["Время", "Что происходит"], [["15:00", "Выход ведущих"], ["15:05", "Гимн России"]], [25, 150])
    reopened = Document(io.BytesIO(to_bytes(doc)))
    texts = [p.text for p in reopened.paragraphs]
    assert texts[:2] == ["УТВЕРЖДАЮ", "Мэр города"]
    assert "Сценарий торжественного собрания" in texts
    table = reopened.tables[0]
    assert [c.text for c in table.rows[2].cells] == ["15:05", "Гимн России"]


def test_pages_are_numbered_and_the_table_header_repeats():
    doc = new_document("Администрация", "План подготовки")
    add_table(doc, ["№", "Мероприятие"], [[str(n), "Поручение"] for n in range(1, 80)])
    reopened = Document(io.BytesIO(to_bytes(doc)))
    footer = reopened.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer
    assert reopened.tables[0].rows[0]._tr.xml.count("w:tblHeader") == 1
    assert "w:tblHeader" not in reopened.tables[0].rows[1]._tr.xml
