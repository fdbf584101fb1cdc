"""The placement scheme (zones, overlaps, the SVG on the page) and the printed order and scheme."""

import re
import subprocess

import pytest

from app.core.roles import Role
from app.wreaths import prints, scheme
from tests.conftest import sign_in
from tests.duty.test_prints import page_count, pdf_text
from tests.tools import require
from tests.wreaths.factory import add, wreath_laying, zone

pytestmark = pytest.mark.usefixtures("db")


async def test_overlapping_zones_are_flagged_by_name_and_the_legend_follows_the_order():
    ceremony = await wreath_laying()
    governor = await add(ceremony, "Губернатор", 10, people=6)
    mayor = await add(ceremony, "Мэрия", 40, tribute="flowers")
    await add(ceremony, "Школа", 90)
    await zone(ceremony, "Вечный огонь", 40, 3, 20, 10, kind="memorial")
    await zone(ceremony, "Б1", 44, 20, 12, 6, delegation=mayor)
    await zone(ceremony, "А1", 30, 20, 12, 6, delegation=governor)
    await zone(ceremony, "А2", 36, 22, 12, 6)  # over both А1 and Б1
    view = await scheme.scheme_view(ceremony)
    assert [z.name for z in view.zones] == ["А1", "Б1", "А2", "Вечный огонь"]
    assert [z.description for z in view.zones] == [
        "1. Губернатор (венок, 6 чел.)", "2. Мэрия (цветы, 5 чел.)", "свободна", "Мемориал, Вечный огонь"]
    assert view.conflicts == (("А1", "А2"), ("А2", "Б1"))
    assert [z.overlaps for z in view.zones] == [("А2",), ("А2",), ("А1", "Б1"), ()]
    assert [d.name for d in view.unplaced] == ["Школа"]


async def test_a_zone_must_lie_on_the_plan_and_landmarks_are_never_assigned():
    ceremony = await wreath_laying()
    governor = await add(ceremony, "Губернатор", 10)
    saved = await scheme.save_zone({"name": "А1", "kind": "zone", "x": "95", "y": "58", "w": "10", "h": "5",
                                    "delegation": ""}, ceremony_id=ceremony)
    assert saved.errors == {"w": "Зона выходит за правый край плана: x + ширина не больше 100.",
                            "h": "Зона выходит за нижний край плана: y + высота не больше 60."}
    flame = await zone(ceremony, "Вечный огонь", 40, 3, 20, 10, kind="memorial", delegation=governor)
    assert (await scheme.get_zone(ceremony, flame)).delegation is None
    other = await wreath_laying("День Героев Отечества 2026")
    stranger = await add(other, "Чужая делегация", 10)
    saved = await scheme.save_zone({"name": "А1", "kind": "zone", "x": "1", "y": "1", "w": "5", "h": "5",
                                    "delegation": str(stranger)}, ceremony_id=ceremony)
    assert saved.errors == {"delegation": "Такой делегации в порядке возложения нет."}


async def flame_and_two_overlapping_zones() -> int:
    """The Eternal Flame, «А1» for the governor and a free «А2» laid over «А1»."""
    ceremony = await wreath_laying()
    governor = await add(ceremony, "Губернатор", 10)
    await zone(ceremony, "Вечный огонь", 40, 3, 20, 10, kind="memorial")
    await zone(ceremony, "А1", 30, 20, 12, 6, delegation=governor)
    await zone(ceremony, "А2", 36, 22, 12, 6)
    return ceremony


async def test_the_page_draws_the_zones_in_svg_and_flags_the_overlap(client):
    ceremony = await flame_and_two_overlapping_zones()
    await sign_in(client, Role.VIEWER)
    page = (await client.get(f"/ceremonies/{ceremony}/wreaths/")).text
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert re.search(r'<g class="zone zone-memorial"[^>]*data-zone="Вечный огонь"', svg)
    assert '<rect x="30" y="20" width="12" height="6"' in svg and ">А1</text>" in svg
    assert re.search(r'<g class="zone zone-zone zone-conflict"[^>]*data-zone="А2"', svg)
    assert "Зоны «А1» и «А2» пересекаются." in page
    assert "/zones/" not in svg  # a viewer gets no links to the zone forms


async def test_host_copy_has_times_and_heads_and_the_announcer_copy_the_words_to_say():
    ceremony = await wreath_laying()
    await add(ceremony, "Губернатор Хабаровского края", 10, head="Губернатор края Соколов Андрей Николаевич",
              announcement="Губернатору Хабаровского края Соколову Андрею Николаевичу", minutes=3)
    await add(ceremony, "Совет ветеранов", 50, tribute="flowers", people=10)
    host = await prints.order_pdf(ceremony, prints.Copy.HOST)
    rows = [" ".join(line.split()) for line in layout_text(host).splitlines()]
    assert "Порядок возложения венков и цветов" in rows
    assert "1 09:00–09:03 Губернатор Хабаровского края Губернатор края Соколов 5 венок" in rows
    assert "Андрей Николаевич" in rows
    assert "2 09:03–09:05 Совет ветеранов 10 цветы" in rows
    assert "Делегаций: 2, участников: 15. Начало в 09:00, окончание в 09:05 (5 мин)." in pdf_text(host)
    announcer = pdf_text(await prints.order_pdf(ceremony, prints.Copy.ANNOUNCER))
    assert "Текст диктора" in announcer
    assert ("1. 09:00–09:03 Слово для возложения предоставляется Губернатору Хабаровского края Соколову Андрею "
            "Николаевичу венок · 5 чел.") in announcer
    assert "Слово для возложения предоставляется делегации «Совет ветеранов»" in announcer


async def test_scheme_pdf_is_a4_landscape_with_the_plan_labels_and_the_legend(client):
    ceremony = await flame_and_two_overlapping_zones()
    await sign_in(client, Role.VIEWER)
    response = await client.get(f"/ceremonies/{ceremony}/wreaths/scheme.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Схема размещения делегаций" in text and "Вечный огонь" in text
    assert "А1 1. Губернатор (венок, 5 чел.)" in text and "Зоны «А1» и «А2» пересекаются." in text
    assert page_count(response.content) == 1
    width, height = _page_size(response.content)
    assert width > height


async def test_a_long_legend_goes_below_the_plan_over_pages():
    ceremony = await wreath_laying()
    for n in range(40):
        delegation = await add(ceremony, f"Организация № {n + 1} с довольно длинным названием", 100)
        await zone(ceremony, f"З{n + 1}", (n % 10) * 10, (n // 10) * 15, 9, 14, delegation=delegation)
    pdf = await prints.scheme_pdf(ceremony)
    assert page_count(pdf) >= 2
    assert "З40" in pdf_text(pdf, page=page_count(pdf))


def layout_text(pdf: bytes) -> str:
    """The text as laid out on the page: a row of a table on one line."""
    require("pdftotext", "poppler-utils")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
                          ).stdout.decode()


def _page_size(pdf: bytes) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    return float(size[2]), float(size[4])
