"""Golden text of every printed document kind: each is built from fixed data, its text taken out (pdftotext
-layout for PDF, python-docx for DOCX), and the key lines must stand there in reading order — the title, the
approval block, a row or two, the totals as «1 500». Not the whole text: the layout may move, the words not."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import replace

import docx
import pytest

from app.documents import duty, letters, plans, scenario, schedule, seating, task_plan, vehicle_pass, wreaths
from app.documents.official import mayor_approval, page_label
from app.seating.plan.prints import labels as seating_labels
from tests.tools import require

ORGANISATION = "Администрация города Хабаровска"
APPROVAL = mayor_approval(2027, "Мэр города", "Кравцов Сергей Андреевич")
APPROVAL_LINES = ["УТВЕРЖДАЮ", "Мэр города", "_______________ С. А. Кравцов", "«___» ____________ 2027 г."]


def pdf_lines(pdf: bytes, page: int | None = None) -> list[str]:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run([require("pdftotext", "poppler-utils"), "-layout", *pages, "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    return _normalised(text.splitlines())


def docx_lines(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return _normalised(lines)


def _normalised(lines: Sequence[str]) -> list[str]:
    """Runs of spaces (the layout's columns, the narrow no-break space of «1 500») as one space."""
    return [" ".join(line.split()) for line in lines if line.strip()]


def assert_in_order(lines: list[str], expected: Sequence[str]) -> None:
    """Each expected piece is in some line at or after the line of the piece before it."""
    at = 0
    for piece in expected:
        found = next((n for n in range(at, len(lines)) if piece in lines[n]), None)
        assert found is not None, f"«{piece}» not found after line {at}:\n" + "\n".join(lines)
        at = found


# ---------------------------------------------------------------- the documents, from fixed data

def plan_pdf() -> bytes:
    return plans.build_plan_pdf(plans.PlanDocument(
        title="Календарный план основных мероприятий на май 2027 года", organisation=ORGANISATION,
        approval=APPROVAL,
        rows=(plans.PlanRow("8 мая 2027 г.", "15:00–17:00", "Торжественное собрание", "День Победы 2027",
                            "Краевой музыкальный театр", "Кравцов Сергей Андреевич (выступает)", 1500),
              plans.PlanRow("9 мая 2027 г.", "09:00–09:40", "Возложение венков", "День Победы 2027", "Площадь Славы",
                            "", 0)),
        deadlines=(plans.DeadlineRow("05.05.2027", "Аккредитовать СМИ", "День Победы 2027", "Пресс-служба",
                                     "назначено"),),
        labels={"no": "№", "when": "Дата и время", "what": "Мероприятие", "where": "Место проведения",
                "who": "Участие должностных лиц", "guests": "Гостей", "clash": "Накладка",
                "deadlines": "Сроки исполнения поручений", "deadline": "Срок", "task": "Поручение",
                "department": "Исполнитель", "state": "Состояние", "empty": "Мероприятий нет.", "page": page_label()},
    ))


TASK_PLAN = task_plan.TaskPlanDocument(
    title="План подготовки и проведения мероприятий «День Победы 2027»", organisation=ORGANISATION,
    approval=APPROVAL,
    rows=(task_plan.TaskPlanRow("Подготовить проект распоряжения", "", "Протокольный отдел\nКузнецова Е. А.",
                                "Правовое управление", "24.03.2027", "назначено"),
          task_plan.TaskPlanRow("Закупить 1 500 гвоздик", "Возложение венков", "Управление делами", "",
                                "28.04.2027", "просрочено", overdue=True)),
    labels={"no": "№", "task": "Мероприятие (поручение)", "responsible": "Ответственный",
            "coexecutors": "Соисполнители", "deadline": "Срок", "mark": "Отметка об исполнении",
            "empty": "Поручений нет.", "page": page_label()},
)

SCENARIO = scenario.ScenarioDocument(
    organisation=ORGANISATION, title="Сценарий\nТоржественное собрание, посвящённое годовщине Победы",
    facts=(("Мероприятие", "День Победы 2027"), ("Дата и время", "8 мая 2027 г., 15:00–17:00")),
    lines=(scenario.Line(1, "15:00–15:02", "2 мин", "Фанфары. Открытие занавеса", "", "", "Режиссёр", "Фанфары"),
           scenario.Line(2, "15:02–15:05", "3 мин", "Выход ведущих", "Ведущие", "Добрый день, дорогие ветераны!",
                         "Управление культуры", "Два радиомикрофона")),
    labels=scenario.Labels(no="№", time="Время", content="Содержание", responsible="Ответственный",
                           cues="Музыка и техника", participants="Участники", host="Ведущий",
                           empty="Пунктов нет.", page=page_label()),
    approval=APPROVAL,
)

LETTER = letters.LetterDocument(
    organisation=ORGANISATION, city="г. Хабаровск", number="01-12/345", date="12.04.2027",
    addressee="Начальнику УМВД России по г. Хабаровску\nполковнику полиции И. В. Степанову",
    subject="Об обеспечении охраны общественного порядка", salutation="Уважаемый Игорь Владимирович!",
    paragraphs=("Администрация города Хабаровска просит Вас обеспечить охрану общественного порядка.",
                "Ожидаемое количество участников — 1\u202f500 человек."),
    signer_position="Начальник организационного отдела", signer_name="Т. Н. Фёдорова",
    executor="Кузнецова Елена Андреевна", phone="8 (4212) 40-88-17",
    labels={"from": "от", "no": "№", "phone": "тел."},
)

WREATH_ORDER = wreaths.OrderDocument(
    organisation=ORGANISATION, title="Порядок возложения венков и цветов",
    subtitle="Возложение венков к Вечному огню\nПлощадь Славы · 9 мая 2027 г.",
    rows=(wreaths.OrderRow(1, "09:05–09:08", "Губернатор Хабаровского края", "Губернатор края Соколов А. Н.", 5,
                           "венок", "Губернатору Хабаровского края Соколову Андрею Николаевичу"),
          wreaths.OrderRow(2, "09:08–09:10", "Общественные организации", "Председатель совета Громов П. И.", 1500,
                           "цветы", "представителям общественных организаций")),
    summary="Делегаций: 2, участников: 1\u202f505. Начало в 09:05, окончание в 09:10 (5 мин).",
    labels={"no": "№", "time": "Время", "name": "Делегация, организация", "head": "Руководитель делегации",
            "people": "Чел.", "tribute": "Возлагают", "announce": "Слово для возложения предоставляется",
            "people_short": "{n} чел.", "empty": "Делегаций пока нет.", "page": page_label()},
    approval=APPROVAL,
)


def wreath_scheme_pdf() -> bytes:
    return wreaths.build_scheme_pdf(wreaths.SchemeDocument(
        organisation=ORGANISATION, title="Схема размещения делегаций", subtitle="Площадь Славы · 9 мая 2027 г.",
        width=120, height=80,
        zones=(wreaths.SchemeZone("Вечный огонь", "memorial", 50, 5, 20, 10, "", False),
               wreaths.SchemeZone("А1", "zone", 20, 40, 12, 6, "1", False)),
        legend=(("А1", "1. Губернатор Хабаровского края (венок, 5 чел.)"), ("Вечный огонь", "Мемориал")),
        warnings=(), labels={"zone": "Зона", "who": "Кто размещается", "empty": "Зон нет.", "page": page_label()},
    ))


def schedule_pdf() -> bytes:
    return schedule.build_schedule_pdf(schedule.ScheduleDocument(
        title="График участия в мероприятиях: 9 мая 2027 г., воскресенье",
        official="Кравцов Сергей Андреевич, Мэр города", organisation=ORGANISATION,
        rows=(schedule.ScheduleRow("09:00–09:40", "Возложение венков", "День Победы 2027", "Площадь Славы",
                                   "возлагает венок", ("Шествие «Бессмертный полк» в 10:00",)),),
        labels={"no": "№", "when": "Время", "what": "Мероприятие", "where": "Место проведения", "role": "Участие",
                "clash": "Накладка", "empty": "Мероприятий нет.", "page": page_label()},
    ))


DUTY_LABELS = duty.Labels(no="№", post="Пост", time="Время", person="ФИО", department="Подразделение",
                          phone="Телефон", signature="Подпись", acknowledged="Ознакомлен(а) онлайн",
                          page=page_label(), empty="Дежурных нет.", posts="Посты и время",
                          total="Всего дежурных: {n}")
DUTY_LINES = [duty.RosterLine("Вход №1", "Главный вход", "12:00–15:00", "Иванов Дмитрий Иванович",
                              "Управление культуры", "+7 914 160-97-45"),
              duty.RosterLine("Гардероб", "Цокольный этаж", "15:00–18:00", "Петрова Анна Сергеевна",
                              "Организационный отдел", "+7 914 284-76-49", acknowledged="07.05.2027 18:12")]
DUTY_TITLE = "График дежурств по постам: Торжественное собрание, 8 мая 2027 г."


def seating_list_pdf() -> bytes:
    heading = seating.Heading(ORGANISATION, "Торжественное собрание", "8 мая 2027 г., 15:00", "Краевой театр",
                              "Большой зал", "Сформировано 01.05.2027 в 09:00")
    seats = [seating.PlacedSeat(
        section="Партер", section_kind=seating.SECTION_ROWS, section_position=0, row_label="1", row_index=0,
        number=str(n), x=n * 50, y=0, order=n, table="", honour=False, wheelchair=False, blocked=False, label="",
        guest=seating.Sitter(surname, "Иван", "Петрович", "", "Ветераны", 0))
        for n, surname in enumerate(("Абрамов", "Белов"), start=1)]
    return seating.list_by_row(heading, seats, seating_labels())


DOCUMENTS: dict[str, tuple[Callable[[], bytes], Callable[[bytes], list[str]], list[str]]] = {
    "plan": (plan_pdf, pdf_lines, [
        *APPROVAL_LINES, ORGANISATION, "Календарный план основных мероприятий на май 2027 года",
        "1 8 мая 2027 г. Торжественное собрание Краевой Кравцов Сергей 1 500", "15:00–17:00 День Победы 2027",
        "2 9 мая 2027 г. Возложение венков Площадь Славы —", "Сроки исполнения поручений",
        "1 05.05.2027 Аккредитовать СМИ Пресс-служба назначено", "Страница 1 из 1"]),
    "preparation plan": (lambda: task_plan.build_task_plan_pdf(TASK_PLAN), pdf_lines, [
        *APPROVAL_LINES, ORGANISATION, "План подготовки и проведения мероприятий «День Победы 2027»",
        "1 Подготовить проект распоряжения Протокольный отдел Правовое управление 24.03.2027 назначено",
        "2 Закупить 1 500 гвоздик Управление делами 28.04.2027 просрочено", "(Возложение венков)",
        "Страница 1 из 1"]),
    "preparation plan, DOCX": (lambda: task_plan.build_task_plan_docx(TASK_PLAN), docx_lines, [
        *APPROVAL_LINES, ORGANISATION, "План подготовки и проведения мероприятий «День Победы 2027»",
        "№ | Мероприятие (поручение) | Ответственный",
        "2 | Закупить 1 500 гвоздик (Возложение венков) | Управление делами | | 28.04.2027 | просрочено"]),
    "scenario": (lambda: scenario.build_scenario_pdf(SCENARIO), pdf_lines, [
        *APPROVAL_LINES, ORGANISATION, "Сценарий", "Торжественное собрание, посвящённое годовщине Победы",
        "Мероприятие: День Победы 2027", "1 15:00–15:02 Фанфары. Открытие занавеса Режиссёр Фанфары",
        "2 15:02–15:05 Выход ведущих", "Ведущий: Добрый день, дорогие ветераны!", "Страница 1 из 1"]),
    "scenario, DOCX": (lambda: scenario.build_scenario_docx(SCENARIO), docx_lines, [
        *APPROVAL_LINES, ORGANISATION, "Сценарий", "Дата и время: 8 мая 2027 г., 15:00–17:00",
        "2 | 15:02–15:05 3 мин | Выход ведущих Участники: Ведущие Ведущий: Добрый день, дорогие ветераны!"]),
    "letter": (lambda: letters.build_letter_pdf(LETTER), pdf_lines, [
        "АДМИНИСТРАЦИЯ ГОРОДА Начальнику УМВД России по", "г. Хабаровск", "полковнику полиции И. В. Степанову",
        "от 12.04.2027 № 01-12/345", "Об обеспечении охраны общественного", "Уважаемый Игорь Владимирович!",
        "Ожидаемое количество участников — 1 500 человек.", "Начальник организационного отдела Т. Н. Фёдорова",
        "Кузнецова Елена Андреевна", "тел. 8 (4212) 40-88-17"]),
    "letter, DOCX": (lambda: letters.build_letter_docx(LETTER), docx_lines, [
        "Об обеспечении охраны общественного порядка", "Уважаемый Игорь Владимирович!",
        "Ожидаемое количество участников — 1 500 человек.", "Кузнецова Елена Андреевна", "тел. 8 (4212) 40-88-17",
        "АДМИНИСТРАЦИЯ ГОРОДА ХАБАРОВСКА г. Хабаровск от 12.04.2027 № 01-12/345 | Начальнику УМВД России",
        "Начальник организационного отдела | Т. Н. Фёдорова"]),
    "wreath order": (lambda: wreaths.build_host_copy(WREATH_ORDER), pdf_lines, [
        *APPROVAL_LINES, ORGANISATION, "Порядок возложения венков и цветов", "Возложение венков к Вечному огню",
        "Площадь Славы · 9 мая 2027 г.", "№ Время Делегация, организация Руководитель делегации Чел. Возлагают",
        "1 09:05–09:08 Губернатор Хабаровского края Губернатор края Соколов А. Н. 5 венок",
        "2 09:08–09:10 Общественные организации Председатель совета Громов П. 1 500 цветы",
        "Делегаций: 2, участников: 1 505. Начало в 09:05, окончание в 09:10 (5 мин).", "Страница 1 из 1"]),
    "wreath order, DOCX": (lambda: wreaths.build_host_copy_docx(WREATH_ORDER), docx_lines, [
        *APPROVAL_LINES, ORGANISATION, "Порядок возложения венков и цветов", "Площадь Славы · 9 мая 2027 г.",
        "Делегаций: 2, участников: 1 505. Начало в 09:05, окончание в 09:10 (5 мин).",
        "№ | Время | Делегация, организация | Руководитель делегации | Чел. | Возлагают",
        "2 | 09:08–09:10 | Общественные организации | Председатель совета Громов П. И. | 1 500 | цветы"]),
    "wreath order, announcer": (lambda: wreaths.build_announcer_copy(WREATH_ORDER), pdf_lines, [
        ORGANISATION, "Порядок возложения венков и цветов", "1. 09:05–09:08", "Слово для возложения предоставляется",
        "Губернатору Хабаровского края Соколову", "венок · 5 чел.", "2. 09:08–09:10", "цветы · 1 500 чел.",
        "Делегаций: 2, участников: 1 505."]),
    "wreath scheme": (wreath_scheme_pdf, pdf_lines, [
        ORGANISATION, "Схема размещения делегаций", "Площадь Славы · 9 мая 2027 г.", "Зона Кто размещается",
        "А1 1. Губернатор Хабаровского края (венок, 5", "Вечный огонь Мемориал", "Страница 1 из 1"]),
    "official's schedule": (schedule_pdf, pdf_lines, [
        ORGANISATION, "График участия в мероприятиях: 9 мая 2027 г., воскресенье",
        "Кравцов Сергей Андреевич, Мэр города", "1 09:00–09:40 Возложение венков Площадь Славы возлагает венок",
        "Накладка: Шествие «Бессмертный полк» в", "Страница 1 из 1"]),
    "duty roster": (lambda: duty.roster_by_post(ORGANISATION, DUTY_TITLE, DUTY_LINES, DUTY_LABELS, APPROVAL),
                    pdf_lines, [
        *APPROVAL_LINES, ORGANISATION, DUTY_TITLE, "№ Пост Время ФИО Подразделение Телефон",
        "1 Вход №1 12:00–15:00 Иванов Дмитрий Иванович Управление культуры +7 914 160-97-45", "Главный вход",
        "2 Гардероб 15:00–18:00 Петрова Анна Сергеевна", "Страница 1 из 1"]),
    "acknowledgment sheet": (lambda: duty.acknowledgment_sheet(ORGANISATION, "Лист ознакомления с инструктажем",
                                                                "Прибыть за час до начала.", DUTY_LINES,
                                                                DUTY_LABELS), pdf_lines, [
        ORGANISATION, "Лист ознакомления с инструктажем", "Прибыть за час до начала.",
        "№ ФИО Пост Время Ознакомлен(а) Подпись", "2 Петрова Анна Сергеевна Гардероб 15:00–18:00 07.05.2027 18:12"]),
    "duty officers": (lambda: duty.officers_list(ORGANISATION, "Список дежурных", [
        duty.Officer("Иванов Дмитрий Иванович", "Управление культуры", "+7 914 160-97-45",
                     (duty.DutyLine("12:00–15:00", "Вход №1", "Главный вход"),))], DUTY_LABELS), pdf_lines, [
        ORGANISATION, "Список дежурных", "№ ФИО Подразделение Телефон Посты и время",
        "1 Иванов Дмитрий Иванович Управление культуры +7 914 160-97-45 12:00–15:00 — Вход №1, Главный вход",
        "Всего дежурных: 1"]),
    "vehicle pass": (lambda: vehicle_pass.vehicle_passes_pdf([vehicle_pass.PassCard(
        "ПРОПУСК НА АВТОМОБИЛЬ", "Торжественное собрание · 09.05.2027", "А 123 ВС 27",
        ("Зона: Парковка у главного входа", "Водитель: Иванов Дмитрий Иванович"), "https://example.org/p/1")],
        "Пропуска"), pdf_lines, [
        "ПРОПУСК НА АВТОМОБИЛЬ", "Торжественное собрание · 09.05.2027", "А 123 ВС 27",
        "Зона: Парковка у главного входа", "Водитель: Иванов Дмитрий Иванович"]),
    "seating list": (seating_list_pdf, pdf_lines, [
        "Список рассадки по рядам", ORGANISATION, "Торжественное собрание", "Партер · ряд 1",
        "1 Абрамов Иван Петрович Ветераны", "2 Белов Иван Петрович Ветераны", "Гостей: 2"]),
}


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_the_key_lines_stand_in_order(kind):
    build, text_of, expected = DOCUMENTS[kind]
    assert_in_order(text_of(build()), expected)


def test_the_approval_block_stands_above_the_title_and_its_order_is_checked():
    """The check itself can fail: the title before the approval block is out of order."""
    lines = pdf_lines(plan_pdf())
    with pytest.raises(AssertionError):
        assert_in_order(lines, ["Календарный план основных мероприятий на май 2027 года", "УТВЕРЖДАЮ"])


def test_a_long_letter_numbers_its_pages_from_the_second_at_the_top():
    """ГОСТ Р 7.0.97: no number on the first page, the bare number at the top of the others, in PDF and DOCX."""
    long = replace(LETTER, paragraphs=tuple(f"Пункт {n}. " + "Просим обеспечить порядок на площади. " * 12
                                            for n in range(1, 13)))
    pdf = letters.build_letter_pdf(long)
    first, second = (pdf_lines(pdf, page=n) for n in (1, 2))
    assert first[0].startswith("АДМИНИСТРАЦИЯ ГОРОДА") and not any(line == "1" for line in first)
    assert second[0] == "2" and "Страница" not in " ".join(first + second)
    section = docx.Document(io.BytesIO(letters.build_letter_docx(long))).sections[0]
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
