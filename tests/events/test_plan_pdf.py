"""The printed monthly plan: real PDF, Cyrillic text extractable, the font embedded."""

import subprocess

import pytest

from app.documents.official import Approval
from app.documents.plans import DeadlineRow, PlanDocument, PlanRow, build_plan_pdf
from app.documents.schedule import ScheduleDocument, ScheduleRow, build_schedule_pdf
from tests.tools import require

LABELS = {"no": "№", "when": "Дата и время", "what": "Мероприятие", "where": "Место проведения",
          "who": "Участие должностных лиц", "guests": "Гостей", "empty": "Мероприятий нет.",
          "page": "Страница {n} из {total}", "clash": "Накладка", "deadlines": "Сроки исполнения поручений",
          "deadline": "Срок", "task": "Поручение", "department": "Исполнитель", "state": "Состояние",
          "role": "Участие"}


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


def text_of(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_clashes_are_under_the_ceremony_and_deadlines_follow_the_plan(tmp_path):
    clash = "Кравцов С. А.: «Возложение венков» 09:00–09:40 (Площадь Славы) и «Шествие» 10:00 (Комсомольская площадь)"
    rows = (row(1), PlanRow(day="9 мая 2027 г.", time="10:00–11:30", title="Шествие", event="День Победы 2027",
                            venue="Комсомольская площадь", officials="Кравцов Сергей Андреевич (присутствует)",
                            guests=5000, warnings=(clash,)))
    deadlines = tuple(DeadlineRow(deadline=f"{day:02d}.05.2027", title=f"Поручение №{day}", event="День Победы 2027",
                                  department="Отдел культуры", state="в работе", overdue=day == 1)
                      for day in range(1, 31))
    text = text_of(build_plan_pdf(PlanDocument(title="План", organisation="Администрация", rows=rows,
                                               deadlines=deadlines, labels=LABELS)), tmp_path)
    assert f"Накладка: {clash}" in text
    after = text[text.index("Сроки исполнения поручений"):]
    assert "Поручение №1 " in after and "Поручение №30" in after and "Отдел культуры" in after
    assert "Страница 2 из 2" in text


def test_schedule_of_an_official(tmp_path):
    rows = tuple(ScheduleRow(when=f"{9 + n}:00–{9 + n}:40", title=f"Церемония №{n}", event="День Победы 2027",
                             venue="Площадь Славы", role="выступает", warnings=("в одно время",) if n == 2 else ())
                 for n in range(1, 4))
    text = text_of(build_schedule_pdf(ScheduleDocument(
        title="График участия в мероприятиях: 9 мая 2027 г., воскресенье",
        official="Кравцов Сергей Андреевич, Мэр города", organisation="Администрация города Хабаровска", rows=rows,
        labels={**LABELS, "when": "Время"})), tmp_path)
    assert text.startswith("Администрация города Хабаровска График участия в мероприятиях: 9 мая 2027 г., "
                           "воскресенье Кравцов Сергей Андреевич, Мэр города")
    assert "Церемония №3" in text and "выступает" in text and "Накладка: в одно время" in text
    assert "Страница 1 из 1" in text
