"""The seating prints read from a stored plan: the scheme, the lists, the index, the place cards, and the
routes that serve them (or say there is nothing to print yet)."""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest

from app.core.config import get_settings
from app.documents.seating import POSTER_SIZE
from app.events.tables import Ceremony, Event
from app.guests.tables import Category, Person
from app.invitations.tables import Invitation
from app.seating.halls.layout import rows_template, tables_template
from app.seating.halls.services import create_hall
from app.seating.plan import prints
from app.seating.tables import Seat, SeatAssignment, SeatingPlan, Section
from tests.conftest import sign_in
from tests.tools import require

pytestmark = pytest.mark.usefixtures("db")

SURNAMES = ("Иванов", "Ёлкин", "Егоров", "Абрамов", "Жуков", "Яковлев", "Петров", "Сидоров", "Кузнецов", "Орлов",
            "Белов", "Фёдоров", "Степанов", "Константинопольский", "Ли", "Щербаков", "Эйдельман", "Юдин",
            "Воробьёв", "Гончаренко", "Данилова", "Зайцева", "Калинин", "Лебедев", "Мельникова", "Никифоров",
            "Тимофеева", "Ушаков", "Харитонов", "Цветкова", "Чернышёв", "Шапошникова", "Муравьёв-Амурский")
NAMES = ("Иван", "Пётр", "Сергей", "Анна", "Мария", "Олег")
PATRONYMICS = ("Иванович", "Петрович", "Сергеевна", "Андреевич", "")


def pdf_text(pdf: bytes, *, first: int = 1, last: int | None = None, layout: bool = False, raw: bool = False,
             area: tuple[int, int, int, int] | None = None) -> str:
    """The text of the pages; `layout` keeps the columns of a table apart, `raw` keeps the order of drawing;
    `area` (x, y, width, height in points from the top left) reads only that part of each page."""
    require("pdftotext", "poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
        crop = [arg for flag, value in zip(("-x", "-y", "-W", "-H"), area or (), strict=False)
                for arg in (flag, str(value))]
        result = subprocess.run(["pdftotext", *pages, *(["-layout"] if layout else []), *(["-raw"] if raw else []),
                                 *crop, str(source), "-"],
                                capture_output=True, text=True, check=True)
    return result.stdout


def page_count(pdf: bytes) -> int:
    require("pdfinfo", "poppler-utils")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def word_heights(pdf: bytes, word: str) -> set[float]:
    """The heights (≈ the font size, points) at which `word` is set, as poppler measures its box."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        boxes = subprocess.run(["pdftotext", "-bbox", str(source), "-"], capture_output=True, text=True,
                               check=True).stdout
    return {round(float(m[1]) - float(m[0]), 1)
            for m in re.findall(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}</word>', boxes)}


def folded(text: str) -> str:
    return " ".join(text.split())


async def _insert(table, rows: list) -> list[int]:
    ids = []
    for start in range(0, len(rows), 400):
        ids += [r["id"] for r in await table.insert(*rows[start:start + 400]).returning(table.id)]
    return ids


async def ceremony() -> int:
    event = (await Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id))[0]["id"]
    starts = datetime(2027, 5, 9, 10, 0, tzinfo=get_settings().tz)
    return (await Ceremony.insert(Ceremony(event=event, title="Торжественное собрание, посвящённое Дню Победы",
                                           venue="Краевой театр драмы", address="ул. Муравьёва-Амурского, 25",
                                           starts_at=starts, ends_at=starts)).returning(Ceremony.id))[0]["id"]


async def seated(spec, guests: int | None = None, presidium: int = 0) -> dict:
    """The hall stored, and guests seated on its free seats in the hall's order (the presidium's seats to
    the first `presidium` guests): «Фамилия-N» names, a few categories, ё among the surnames."""
    ceremony_id = await ceremony()
    hall = await create_hall(spec)
    categories = [r["id"] for r in await Category.select(Category.id).order_by(Category.precedence)] or await _insert(
        Category, [Category(name=n, precedence=p) for n, p in (("Почётные граждане", 10), ("Ветераны", 20),
                                                                ("Депутаты", 30), ("Общественность", 90))])
    sections = {r["id"]: r for r in await Section.select().where(Section.hall == hall)}
    seats = sorted((s for s in await Seat.select().where(Seat.hall == hall) if not s["blocked"]),
                   key=lambda s: (sections[s["section"]]["kind"] != "presidium", sections[s["section"]]["position"],
                                  s["row_index"], s["order"]))
    count = len(seats) if guests is None else guests
    people = await _insert(Person, [Person(
        surname=SURNAMES[n % len(SURNAMES)], name=NAMES[n % len(NAMES)],
        patronymic=PATRONYMICS[n % len(PATRONYMICS)], position="Глава города" if n == 0 else f"Должность {n}",
        organisation="Администрация города" if n % 3 == 0 else "", category=categories[n % len(categories)],
        precedence=n) for n in range(count)])
    invitations = await _insert(Invitation, [Invitation(ceremony=ceremony_id, person=p) for p in people])
    plan = (await SeatingPlan.insert(SeatingPlan(ceremony=ceremony_id, hall=hall, presidium=invitations[:presidium])
                                     ).returning(SeatingPlan.id))[0]["id"]
    await _insert(SeatAssignment, [SeatAssignment(plan=plan, invitation=i, seat=s["id"])
                                   for i, s in zip(invitations, seats, strict=False)])
    return {"ceremony": ceremony_id, "hall": hall, "plan": plan, "seats": seats, "invitations": invitations}


def big_hall():
    """About 1,600 seats: 38 rows of 42 in three blocks, a balcony behind, a presidium of 25."""
    return rows_template("Большой зал", rows=38, seats_per_row=42, aisles_after=(10, 32), presidium=25,
                         sections=(("Партер", 26), ("Балкон", 12)), cross_aisle_after=13)


def banquet():
    return tables_template("Банкетный зал", tables=50, seats_per_table=10)


def timed(label: str, started: float, limit: float = 5.0) -> None:
    took = time.perf_counter() - started
    print(f"{label}: {took:.2f} s")
    assert took < limit, f"{label} took {took:.1f} s"


async def test_every_print_of_a_1600_seat_hall_builds_quickly_with_the_names_in_it():
    data = await seated(big_hall(), presidium=25)
    ceremony_id = data["ceremony"]
    assert len(data["seats"]) > 1600
    started = time.perf_counter()
    scheme = await prints.scheme_pdf(ceremony_id)
    timed("scheme A3", started)
    text = folded(pdf_text(scheme))
    assert "СХЕМА РАССАДКИ" in text and "Торжественное собрание" in text and "Большой зал" in text
    names = folded(pdf_text(scheme, first=2))
    assert "Иванов" in names and "И. И." in names and "Ёлкин" in names
    for build, label in ((lambda: prints.scheme_pdf(ceremony_id, prints.Size.A4), "scheme A4"),
                         (lambda: prints.list_pdf(ceremony_id), "list by row"),
                         (lambda: prints.list_pdf(ceremony_id, prints.ListOrder.TABLE), "list by section"),
                         (lambda: prints.index_pdf(ceremony_id), "index"),
                         (lambda: prints.cards_pdf(ceremony_id, prints.CardsFor.ALL), "cards")):
        started = time.perf_counter()
        pdf = await build()
        timed(label, started)
        assert "Ёлкин" in pdf_text(pdf)


async def test_the_scheme_of_a_big_hall_is_an_overview_and_sheets_each_with_readable_names():
    data = await seated(big_hall(), presidium=25)
    scheme = await prints.scheme_pdf(data["ceremony"])
    sheets = page_count(scheme)
    assert sheets > 2
    overview = folded(pdf_text(scheme, first=1, last=1))
    assert f"Лист 1 из {sheets}" in overview and all(f"Лист {n}" in overview for n in range(2, sheets + 1))
    whole = folded(pdf_text(scheme, first=2))
    # The sheets name every guest, the overview none (it shows seat numbers).
    assert sum(whole.count(surname) for surname in set(SURNAMES) - {"Ли"}) >= 1600 - 1600 // len(SURNAMES)
    assert not any(surname in overview for surname in set(SURNAMES) - {"Ли"})  # «Лист» has it
    assert "ПРЕЗИДИУМ" in whole and "Балкон" in whole
    # The sheets say which part of the hall they hold, as the audience sees it.
    assert "Партер, ряды 1–26, левая сторона" in whole and "Партер, ряды 1–26, правая сторона" in whole


async def test_numbers_fit_the_whole_hall_on_one_a3_sheet():
    data = await seated(big_hall())
    scheme = await prints.scheme_pdf(data["ceremony"], prints.Size.A3, prints.Show.NUMBERS)
    assert page_count(scheme) == 1
    assert "Иванов" not in pdf_text(scheme)


async def test_a_banquet_of_50_tables_prints_tables_with_names_and_the_list_by_table_host_first():
    data = await seated(banquet())
    ceremony_id = data["ceremony"]
    started = time.perf_counter()
    scheme = await prints.scheme_pdf(ceremony_id)
    timed("banquet scheme", started)
    text = folded(pdf_text(scheme))
    assert "Стол 1" in text and "Иванов" in text
    listing = folded(pdf_text(await prints.list_pdf(ceremony_id, prints.ListOrder.TABLE)))
    # Table 1's host is the first guest, in the first seat: the block starts with them.
    assert listing.index("Стол 1 ·") < listing.index("Иванов Иван Иванович") < listing.index("Стол 2 ·")
    assert "Стол 50" in listing
    cards = await prints.cards_pdf(ceremony_id, prints.CardsFor.TABLES)
    assert page_count(cards) == 250  # two cards to a sheet
    assert folded(pdf_text(cards, first=1, last=1)).count("Стол 1 · место 1") == 2
    index = folded(pdf_text(await prints.index_pdf(ceremony_id), raw=True))
    assert "Иванов Иван Иванович Стол 1 · место 1 " in index
    by_row = folded(pdf_text(await prints.list_pdf(ceremony_id)))
    assert "Стол 50" in by_row and "Иванов Иван Иванович" in by_row


async def test_list_by_row_goes_by_section_row_and_seat_number():
    data = await seated(rows_template("Малый зал", rows=3, seats_per_row=12, sections=(("Партер", 2),
                                                                                      ("Балкон", 1))))
    text = pdf_text(await prints.list_pdf(data["ceremony"]), raw=True)
    rows = re.findall(r"^(Партер|Балкон) · ряд (\d+)$", text, flags=re.M)
    assert rows == [("Партер", "1"), ("Партер", "2"), ("Балкон", "1")]
    first_row = text.split("Партер · ряд 1\n")[1].split("Партер · ряд 2")[0]
    assert [line.split()[0] for line in first_row.splitlines() if line.strip()] == [str(n) for n in range(1, 13)]
    assert "Гостей: 36" in text


async def test_the_list_by_row_holds_40_and_more_guests_a_page_and_the_a3_index_half_the_pages_of_a4():
    data = await seated(rows_template("Зал на 1 500 мест", rows=30, seats_per_row=50, aisles_after=(12, 38)))
    ceremony_id = data["ceremony"]
    guests = len(data["invitations"])
    assert guests == 1500
    listing = await prints.list_pdf(ceremony_id)
    assert guests / page_count(listing) >= 40
    assert "Гостей: 1 500" in folded(pdf_text(listing, first=page_count(listing)))
    a4, a3 = await prints.index_pdf(ceremony_id), await prints.index_pdf(ceremony_id, prints.Size.A3)
    assert page_count(a3) <= page_count(a4) / 2
    print(f"1 500 guests: list by row {page_count(listing)} pages, index A4 {page_count(a4)}, A3 {page_count(a3)}")


def test_a_row_that_goes_on_in_the_next_column_repeats_its_heading_there():
    # long categories take two lines a seat, and a row of 50 no longer fits a column: the demo's list read
    # «31 Баранов …» at the top of page 2 with no word of which row
    from app.documents.seating import Heading, PlacedSeat, Sitter, list_by_row

    seats = [PlacedSeat(section="Партер", section_kind="rows", section_position=0, row_label=str(r + 1), row_index=r,
                        number=str(n), x=n, y=r, order=r * 50 + n, table=None, honour=0, wheelchair=False,
                        blocked=False, label="", guest=Sitter("Иванов", "Иван", "Иванович", "",
                                                                "Ветераны Великой Отечественной войны", 0))
             for r in range(6) for n in range(1, 51)]
    listing = list_by_row(Heading("Администрация", "Собрание", "9 мая", "", "Зал", "сегодня"), seats, prints.labels())
    columns = 0
    for page in range(1, page_count(listing) + 1):
        for left in (0, 298):  # the two columns of A4 (595 points wide), below the page's heading
            text = pdf_text(listing, first=page, last=page, raw=True, area=(left, 80, 297, 720))
            lines = [line for line in text.splitlines() if re.match(r"^(\d+ Иванов|Партер ·|Гостей)", line)]
            if lines and not lines[0].startswith("Гостей"):
                columns += 1
                assert re.fullmatch(r"Партер · ряд \d+", lines[0]), (page, left, lines[0])
    assert columns > 6  # rows did go on in the next column


def test_the_index_is_in_russian_order_with_yo_filed_under_ye():
    from app.documents.seating import PlacedSeat, Sitter

    def seat(surname: str, name: str, n: int) -> PlacedSeat:
        return PlacedSeat(section="Партер", section_kind="rows", section_position=0, row_label="1", row_index=0,
                          number=str(n), x=n, y=0, order=n, table=None, honour=0, wheelchair=False, blocked=False,
                          label=f"Партер · ряд 1 · место {n}",
                          guest=Sitter(surname, name, "", "", "Гости", 0))

    people = [("Ежов", "Б"), ("Ёлкин", "А"), ("Егоров", "В"), ("елисеев", "Г"), ("Ефимов", "Д"), ("Жуков", "Е"),
              ("Абрамов", "Ж"), ("Ёлкин", "Б")]
    groups = prints.index_groups([seat(s, n, k) for k, (s, n) in enumerate(people)])
    assert [g.letter for g in groups] == ["А", "Е", "Ж"]
    assert [(e.surname, e.given) for e in groups[1].entries] == [
        ("Егоров", "В"), ("Ежов", "Б"), ("елисеев", "Г"), ("Ёлкин", "А"), ("Ёлкин", "Б"), ("Ефимов", "Д")]


async def test_the_index_shows_names_in_large_type_beside_their_seats():
    data = await seated(big_hall(), guests=300, presidium=5)
    pdf = await prints.index_pdf(data["ceremony"])
    text = folded(pdf_text(pdf, raw=True))
    assert "НАЙДИТЕ СВОЁ МЕСТО" in text and "Страница 1 из" in text
    assert "Иванов Иван Иванович Президиум · место 1 " in text
    assert "Ёлкин Пётр Петрович Президиум · место 2 " in text
    # Ёлкин is filed under Е, between Егоров and Жуков.
    assert text.index(" Егоров ") < text.index(" Ёлкин ") < text.index(" Ж ") < text.index(" Жуков ")
    assert word_heights(pdf, "Иванов") == {18.0}  # points: the names read from a step away
    poster = await prints.index_pdf(data["ceremony"], prints.Size.A3)
    assert word_heights(poster, "Иванов") == {float(POSTER_SIZE)}  # closer together, three columns to the sheet


async def test_presidium_cards_carry_each_name_twice_front_and_upside_down():
    data = await seated(big_hall(), guests=40, presidium=25)
    cards = await prints.cards_pdf(data["ceremony"], prints.CardsFor.PRESIDIUM)
    assert page_count(cards) == 25  # one large card to an A4 landscape sheet
    lines = [line.strip() for line in pdf_text(cards, first=1, last=1).splitlines()]
    # The first seat's guest on both faces (poppler reads the upside-down face as well).
    assert lines.count("Иванов") == 2 and lines.count("Иван Иванович") == 2
    assert lines.count("Глава города, Администрация города") == 2 and "линия сгиба" in lines


async def test_the_routes_serve_pdfs_with_their_file_names():
    from litestar.testing import AsyncTestClient

    from app.asgi import create_app

    data = await seated(big_hall(), guests=60, presidium=5)
    base = f"/ceremonies/{data['ceremony']}/seating/print"
    async with AsyncTestClient(app=create_app(), base_url="http://testserver.local") as client:
        await sign_in(client, "protocol")
        for url, name in ((f"{base}/scheme.pdf?size=A4&show=numbers", "seating-scheme-A4"),
                          (f"{base}/list.pdf?by=table", "seating-list-by-table"),
                          (f"{base}/index.pdf", "seating-index"),
                          (f"{base}/cards.pdf?for=presidium", "place-cards-presidium")):
            response = await client.get(url)
            assert response.status_code == 200, url
            assert response.headers["content-type"] == "application/pdf"
            assert response.headers["content-disposition"] == f'inline; filename="{name}-{data["ceremony"]}.pdf"'
            assert response.content.startswith(b"%PDF")
        assert (await client.get(f"{base}/scheme.pdf?size=A5")).status_code == 400


async def test_without_a_plan_the_routes_say_so_and_lead_back_to_the_seating_page():
    from litestar.testing import AsyncTestClient

    from app.asgi import create_app

    ceremony_id = await ceremony()
    async with AsyncTestClient(app=create_app(), base_url="http://testserver.local") as client:
        await sign_in(client, "protocol")
        response = await client.get(f"/ceremonies/{ceremony_id}/seating/print/scheme.pdf")
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        assert "ещё нет рассадки" in response.text and f'href="/ceremonies/{ceremony_id}/seating"' in response.text
        assert (await client.get("/ceremonies/999999/seating/print/index.pdf")).status_code == 404
        await sign_in(client, "liaison")
        assert (await client.get(f"/ceremonies/{ceremony_id}/seating/print/list.pdf")).status_code == 403


async def test_a_draft_plan_is_marked_on_the_scheme_lists_and_index_an_approved_one_is_not():
    data = await seated(rows_template("Малый зал", rows=2, seats_per_row=8), guests=10)
    ceremony_id = data["ceremony"]
    for build in (prints.scheme_pdf, prints.list_pdf, prints.index_pdf):
        assert "ЧЕРНОВИК РАССАДКИ" in pdf_text(await build(ceremony_id))
    assert "ЧЕРНОВИК" not in pdf_text(await prints.cards_pdf(ceremony_id))
    await SeatingPlan.update({SeatingPlan.status: "published"}).where(SeatingPlan.id == data["plan"])
    for build in (prints.scheme_pdf, prints.list_pdf, prints.index_pdf):
        assert "ЧЕРНОВИК" not in pdf_text(await build(ceremony_id))
