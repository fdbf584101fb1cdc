"""The seating scheme's builders without a database: how a hall falls on sheets, and the size names are set at."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from app.documents.scheme_sheets import Area, Scale, cut_into_sheets, extent_of, seat_spacing
from app.documents.seating import Heading, PlacedSeat, Sitter
from app.documents.seating_scheme import NAME_MIN, scheme_pdf
from app.seating.halls.layout import rows_template, tables_template
from app.seating.plan.prints import labels
from tests.tools import require

SURNAMES = ("Иванов", "Петрова", "Ли", "Щербаков", "Гончаренко", "Муравьёв-Амурский", "Ёлкин")


def placed(spec) -> list[PlacedSeat]:
    """Every seat of the hall taken by a guest."""
    return [PlacedSeat(section=s.section, section_kind=s.kind, section_position=0, row_label=s.row_label,
                       row_index=s.row_index, number=s.number, x=s.x, y=s.y, order=s.order, table=s.table,
                       honour=s.honour, wheelchair=s.wheelchair, blocked=s.blocked, label="",
                       guest=Sitter(SURNAMES[n % len(SURNAMES)], "Иван", "Петрович", "", "Гости", n % 3))
            for n, s in enumerate(spec.seats)]


HEADING = Heading("Администрация города", "Торжественное собрание", "9 мая 2027 г., 10:00", "Театр драмы",
                  "Большой зал", "Сформировано 24.11.2026 в 07:00")


def a3_sheets(seats: list[PlacedSeat]) -> list[list[PlacedSeat]]:
    area = Area(0, 0, 1150, 700)
    spacing = seat_spacing(seats)
    front = min(s.y for s in seats)
    return cut_into_sheets(seats, spacing, lambda extent: Scale(extent, area, front).fits((40, 14)),
                           area.width / area.height)


def test_a_banquet_falls_on_sheets_whole_tables_each_seat_once():
    seats = placed(tables_template("Банкетный зал", tables=50, seats_per_table=10))
    sheets = a3_sheets(seats)
    assert len(sheets) > 1
    assert Counter(id(s) for sheet in sheets for s in sheet) == Counter(id(s) for s in seats)
    home = {}
    for n, sheet in enumerate(sheets):
        for s in sheet:
            assert home.setdefault(s.section, n) == n, f"{s.section} is cut across sheets"


def test_a_hall_is_cut_at_its_aisles_and_every_sheet_fits():
    seats = placed(rows_template("Большой зал", rows=38, seats_per_row=42, aisles_after=(10, 32), presidium=25))
    sheets = a3_sheets(seats)
    area = Area(0, 0, 1150, 700)
    front = min(s.y for s in seats)
    for sheet in sheets:
        assert Scale(extent_of(sheet, seat_spacing(sheet)), area, front).fits((40, 14))
        places = {s.order for s in sheet if s.section == "Партер"}  # 0–41 along the row, from the left
        # A block between two aisles is never split: a sheet holds seats 1–10, 11–32 or 33–42 whole.
        for block in ((0, 10), (10, 32), (32, 42)):
            inside = {k for k in places if block[0] <= k < block[1]}
            assert not inside or inside == set(range(*block))


def test_names_on_the_scheme_are_set_no_smaller_than_the_readable_size_but_for_the_longest():
    require("pdftotext", "poppler-utils")
    seats = placed(rows_template("Большой зал", rows=38, seats_per_row=42, aisles_after=(10, 32), presidium=25))
    pdf = scheme_pdf(HEADING, seats, ["Гости", "Ветераны", "Депутаты"], labels(), size="A4")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        boxes = subprocess.run(["pdftotext", "-f", "2", "-bbox", str(source), "-"], capture_output=True, text=True,
                               check=True).stdout
    heights = sorted(float(b) - float(a) for a, b, word in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes) if word in SURNAMES)
    assert len(heights) > 1000
    assert heights[len(heights) // 10] >= NAME_MIN - 0.01


def test_the_documents_section_kinds_are_the_seating_areas():
    """The builders take plain text, not the area's enum; both must name the same kinds."""
    from app.documents.seating import SECTION_PRESIDIUM, SECTION_ROWS, SECTION_TABLE
    from app.seating.kinds import SectionKind

    assert {SECTION_ROWS, SECTION_TABLE, SECTION_PRESIDIUM} == {k.value for k in SectionKind}
