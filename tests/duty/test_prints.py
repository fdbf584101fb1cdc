"""The roster's printed outputs: duty slips with a QR code of each officer's page, the list of duty
officers, the roster as an XLSX workbook, and who may download them."""

import io
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.config import get_settings
from app.duty import prints
from app.duty.tables import Acknowledgment, Assignment, Briefing, Post, Roster, Staff
from app.events.tables import Ceremony, Event
from tests.conftest import sign_in
from tests.tools import page_image, require

pytestmark = pytest.mark.usefixtures("db")

A4_POINTS = (595, 842)


def local(hour: int, minute: int = 0, day: int = 9) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=get_settings().tz)


async def _insert(row) -> int:
    return (await type(row).insert(row).returning(type(row).id))[0]["id"]


async def duty_roster(status: str = "published", briefing: str = "Связь со старшим по рации, канал 3.") -> dict:
    """A ceremony with two posts and three officers:
    Петров on «Вход №1» 08:00–09:30 and again 10:00–10:30; Сидоров on «Вход №1» 09:30–10:30;
    Орлова in the cloakroom 08:00–10:00 and on the eve 20:00–21:00, acknowledged online at 07:45."""
    event = await _insert(Event(title="День Победы 2026", year=2026))
    ceremony = await _insert(Ceremony(event=event, title="Торжественное собрание", venue="Краевой музыкальный театр",
                                      address="ул. Карла Маркса, 64", starts_at=local(9), ends_at=local(12)))
    entrance = await _insert(Post(ceremony=ceremony, name="Вход №1", place="Главный вход", starts_at=local(8),
                                  ends_at=local(12), slot_minutes=30))
    cloakroom = await _insert(Post(ceremony=ceremony, name="Гардероб", place="Цокольный этаж", starts_at=local(8),
                                   ends_at=local(10), slot_minutes=30))
    eve = await _insert(Post(ceremony=ceremony, name="Охрана сцены", place="Сцена", starts_at=local(20, day=8),
                             ends_at=local(21, day=8), slot_minutes=60))
    people = {}
    for name, department, phone, token in (
            ("Петров Пётр Петрович", "Управление культуры", "+7 914 000-00-01", "t" * 31 + "1"),
            ("Сидоров Семён Ильич", "Управление культуры", "", "t" * 31 + "2"),
            ("Орлова Мария Сергеевна", "Управление делами", "+7 914 000-00-03", "t" * 31 + "3")):
        people[name.split()[0]] = {"id": await _insert(Staff(full_name=name, department=department, phone=phone,
                                                             token=token)), "token": token}
    roster = await _insert(Roster(ceremony=ceremony, status=status))
    plan = [("Петров", entrance, [local(8), local(8, 30), local(9), local(10)]),
            ("Сидоров", entrance, [local(9, 30), local(10)]),
            ("Орлова", cloakroom, [local(8), local(8, 30), local(9), local(9, 30)]),
            ("Орлова", eve, [local(20, day=8)])]
    for who, post, slots in plan:
        for slot in slots:
            await Assignment.insert(Assignment(roster=roster, staff=people[who]["id"], post=post, slot_start=slot))
    if briefing:
        await Briefing.insert(Briefing(ceremony=ceremony, text=briefing))
    await Acknowledgment.insert(Acknowledgment(ceremony=ceremony, staff=people["Орлова"]["id"], at=local(7, 45)))
    return {"ceremony": ceremony, "people": people}


def url(token: str) -> str:
    return f"{get_settings().public_base_url}/d/{token}"


def pdf_text(pdf: bytes, *, page: int = 1, box: tuple[int, int, int, int] | None = None) -> str:
    """The text of a page (or of a box x, y, width, height in points on it), whitespace folded."""
    require("pdftotext", "poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        crop = [] if box is None else ["-x", str(box[0]), "-y", str(box[1]), "-W", str(box[2]), "-H", str(box[3])]
        result = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *crop, str(source), "-"],
                                capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def page_count(pdf: bytes) -> int:
    require("pdfinfo", "poppler-utils")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def slip_boxes() -> list[tuple[int, int, int, int]]:
    """The four A6 slips of an A4 sheet in reading order, in points from the top left."""
    w, h = A4_POINTS[0] // 2, A4_POINTS[1] // 2
    return [(0, 0, w, h), (w, 0, w, h), (0, h, w, h), (w, h, w, h)]


def slip_codes(pdf: bytes, page: int = 1) -> list[list[str]]:
    """The QR codes on each quarter of the page, read by a real decoder (zxing-cpp) from poppler's image."""
    import zxingcpp

    image = page_image(pdf, 150, page)
    scale = image.width / A4_POINTS[0]
    return [[r.text for r in zxingcpp.read_barcodes(image.crop(
        (int(x * scale), int(y * scale), int((x + w) * scale), int((y + h) * scale))))]
        for x, y, w, h in slip_boxes()]


async def test_one_slip_per_officer_with_their_merged_stretches_and_a_qr_code_of_their_page():
    data = await duty_roster()
    pdf = await prints.slips_pdf(data["ceremony"])
    tokens = {who: p["token"] for who, p in data["people"].items()}
    # By department, then by name: «Управление делами» before «Управление культуры».
    slips = [pdf_text(pdf, box=box) for box in slip_boxes()[:3]]
    assert "Орлова Мария Сергеевна" in slips[0] and "08:00–10:00 Гардероб" in slips[0]
    assert "08.05 20:00–21:00 Охрана сцены" in slips[0] and "Петров" not in slips[0]
    assert "Петров Пётр Петрович" in slips[1] and "08:00–09:30 Вход №1" in slips[1]
    assert "10:00–10:30 Вход №1" in slips[1] and "Главный вход" in slips[1]
    assert "Сидоров Семён Ильич" in slips[2] and "09:30–10:30 Вход №1" in slips[2]
    for slip in slips:
        assert "ПАМЯТКА ДЕЖУРНОГО" in slip and "Торжественное собрание" in slip and "9 мая 2026 г., 09:00" in slip
        assert "канал 3" in slip and "ЧЕРНОВИК" not in slip
    assert slip_codes(pdf) == [[url(tokens["Орлова"])], [url(tokens["Петров"])], [url(tokens["Сидоров"])], []]


async def test_slips_of_a_draft_roster_say_so_and_point_to_the_briefing_online():
    data = await duty_roster(status="draft", briefing="")
    text = pdf_text(await prints.slips_pdf(data["ceremony"]))
    assert "ЧЕРНОВИК ГРАФИКА" in text and "Инструктаж — по ссылке" in text


async def test_a_long_briefing_is_cut_with_a_pointer_to_the_page():
    data = await duty_roster(briefing=" ".join(["Прибыть на пост за 30 минут до начала."] * 40))
    text = pdf_text(await prints.slips_pdf(data["ceremony"]), box=slip_boxes()[0])
    assert "Полностью — по ссылке." in text and "Прибыть на пост" in text


async def test_slips_are_four_to_a_sheet():
    data = await duty_roster()
    for n in range(6):
        await Staff.insert(Staff(full_name=f"Запасной {n}", department="Я", token=f"spare-{n}"))
    roster = (await Roster.select(Roster.id).first())["id"]
    post = (await Post.select(Post.id).where(Post.name == "Вход №1").first())["id"]
    for spare in await Staff.select(Staff.id).where(Staff.department == "Я"):
        await Assignment.insert(Assignment(roster=roster, staff=spare["id"], post=post, slot_start=local(11)))
    pdf = await prints.slips_pdf(data["ceremony"])
    assert page_count(pdf) == 3  # nine officers
    assert "Запасной 0" in pdf_text(pdf, page=1) and "Запасной 5" in pdf_text(pdf, page=3)
    assert all(f"Запасной {n}" in pdf_text(pdf, page=2) for n in (1, 2, 3, 4))


async def test_list_of_duty_officers():
    data = await duty_roster()
    text = pdf_text(await prints.officers_pdf(data["ceremony"]))
    assert "Список дежурных: Торжественное собрание, 9 мая 2026 г." in text
    assert "Администрация города Хабаровска" in text and "Страница 1 из 1" in text
    for header in ("ФИО", "Подразделение", "Телефон", "Посты и время", "Ознакомлен(а) онлайн"):
        assert header in text
    # Alphabetically: Орлова, Петров, Сидоров; each with all their stretches.
    assert text.index("Орлова") < text.index("Петров") < text.index("Сидоров")
    assert "+7 914 000-00-01" in text and "09.05.2026 07:45" in text
    assert "08:00–09:30 — Вход №1, Главный вход" in text and "10:00–10:30 — Вход №1" in text
    assert "08.05 20:00–21:00 — Охрана сцены, Сцена" in text and "Всего дежурных: 3" in text


async def test_roster_workbook_by_post_and_by_person():
    data = await duty_roster()
    book = load_workbook(io.BytesIO(await prints.roster_xlsx(data["ceremony"])))
    assert book.sheetnames == ["По постам", "По сотрудникам"]
    by_post, by_person = book["По постам"], book["По сотрудникам"]
    assert [list(r) for r in by_post.iter_rows(values_only=True)] == [
        ["Пост", "Место", "Время", "ФИО", "Подразделение", "Телефон"],
        ["Охрана сцены", "Сцена", "08.05 20:00–21:00", "Орлова Мария Сергеевна", "Управление делами",
         "+7 914 000-00-03"],
        ["Вход №1", "Главный вход", "08:00–09:30", "Петров Пётр Петрович", "Управление культуры", "+7 914 000-00-01"],
        ["Вход №1", "Главный вход", "09:30–10:30", "Сидоров Семён Ильич", "Управление культуры", None],
        ["Вход №1", "Главный вход", "10:00–10:30", "Петров Пётр Петрович", "Управление культуры", "+7 914 000-00-01"],
        ["Гардероб", "Цокольный этаж", "08:00–10:00", "Орлова Мария Сергеевна", "Управление делами",
         "+7 914 000-00-03"],
    ]
    rows = [list(r) for r in by_person.iter_rows(values_only=True)]
    assert rows[0] == ["ФИО", "Подразделение", "Телефон", "Пост", "Место", "Время", "Ознакомлен(а) онлайн"]
    assert [(r[0], r[3], r[5], r[6]) for r in rows[1:]] == [
        ("Орлова Мария Сергеевна", "Охрана сцены", "08.05 20:00–21:00", "09.05.2026 07:45"),
        ("Орлова Мария Сергеевна", "Гардероб", "08:00–10:00", "09.05.2026 07:45"),
        ("Петров Пётр Петрович", "Вход №1", "08:00–09:30", None),
        ("Петров Пётр Петрович", "Вход №1", "10:00–10:30", None),
        ("Сидоров Семён Ильич", "Вход №1", "09:30–10:30", None),
    ]
    for sheet in (by_post, by_person):
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width > 10


async def test_routes_serve_the_files_to_the_department_and_not_to_the_gate(client):
    ceremony = (await duty_roster())["ceremony"]
    base = f"/ceremonies/{ceremony}/duty/print"
    await sign_in(client, "gate")
    for name in ("slips.pdf", "list.pdf", "roster.xlsx"):
        assert (await client.get(f"{base}/{name}")).status_code == 403
    await sign_in(client, "protocol")
    for name, media_type in (("slips.pdf", "application/pdf"), ("list.pdf", "application/pdf"),
                             ("roster.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        response = await client.get(f"{base}/{name}")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media_type)
        assert response.content.startswith(b"%PDF" if name.endswith(".pdf") else b"PK")
    assert "attachment" in (await client.get(f"{base}/roster.xlsx")).headers["content-disposition"]
    assert (await client.get(f"/ceremonies/{ceremony + 1000}/duty/print/slips.pdf")).status_code == 404


async def test_slips_with_the_officers_links_only_for_the_department(client):
    ceremony = (await duty_roster())["ceremony"]
    base = f"/ceremonies/{ceremony}/duty/print"
    for role in ("liaison", "viewer"):  # they read the roster, but a slip's QR code acts as the officer
        await sign_in(client, role)
        assert (await client.get(f"{base}/slips.pdf")).status_code == 403
        assert (await client.get(f"{base}/list.pdf")).status_code == 200
        assert "slips.pdf" not in (await client.get(f"/ceremonies/{ceremony}/duty/")).text
