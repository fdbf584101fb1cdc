"""The printed monthly plan: real PDF, Cyrillic text extractable, the font embedded."""

import subprocess

import pytest

from app.documents.official import Approval
from app.documents.plans import PlanDocument, PlanRow, build_plan_pdf
from tests.tools import require

LABELS = {"no": "№", "when": "Дата и время", "what": "Мероприятие", "where": "Место проведения",
          "who": "Участие должностных лиц", "guests": "Гостей", "empty": "Мероприятий нет.",
          "page": "Страница {n} из {total}"}


def row(n: int) -> PlanRow:
    return PlanRow(day="9 мая 2027 г.", time="09:00–09:40", title=f"Возложение венков к Вечному огню №{n}",
                   event="День Победы 2027", venue="Площадь Славы", officials="Кравцов Сергей Андреевич",
                   guests=1500)


@pytest.fixture(autouse=True)
def poppler():
    require("pdftotext", "poppler-utils")


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(build_plan_pdf(PlanDocument(
        title="Календарный план основных мероприятий на май 2027 года",
        organisation="Администрация города Хабаровска", rows=tuple(row(n) for n in range(1, 41)), labels=LABELS,
        approval=Approval("УТВЕРЖДАЮ", "Мэр города", "«___» ____________ 2027 г."))))
    return path


def test_text_is_extractable_in_russian(pdf):
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f")
    text = " ".join(text.split())  # a cell wraps its text over lines
    assert "Календарный план основных мероприятий на май 2027 года" in text
    assert "Возложение венков к Вечному огню №40" in text
    assert "Кравцов Сергей Андреевич" in text
    assert text.startswith("УТВЕРЖДАЮ Мэр города")
    assert pages >= 2 and f"Страница {pages} из {pages}" in text


def test_cyrillic_font_is_embedded(pdf):
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    serif = [line for line in fonts.splitlines() if "PTSerif" in line]
    assert serif and all(" yes " in line for line in serif)


def test_empty_month_says_so(tmp_path):
    data = build_plan_pdf(PlanDocument(title="План", organisation="Администрация", rows=(), labels=LABELS))
    path = tmp_path / "empty.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Мероприятий нет." in text
