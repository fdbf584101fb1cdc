"""The wreath order as DOCX, offered beside the PDF: approved by the most senior official of the directory."""

import pytest

from app.core.roles import Role
from app.events.tables import Official
from tests.conftest import sign_in
from tests.documents.test_golden_text import assert_in_order, docx_lines
from tests.wreaths.factory import add, wreath_laying

pytestmark = pytest.mark.usefixtures("db")


async def test_the_wreath_page_offers_the_docx_that_carries_the_approval_the_rows_and_the_totals(client):
    await Official.insert(Official(full_name="Белова Марина Викторовна", position="Председатель Городской думы",
                                   precedence=2),
                          Official(full_name="Кравцов Сергей Андреевич", position="Мэр города Хабаровска",
                                   precedence=1))
    ceremony = await wreath_laying()
    await add(ceremony, "Губернатор Хабаровского края", 10, head="Губернатор края Соколов Андрей Николаевич")
    await add(ceremony, "Студенты города", 50, tribute="flowers", people=1000)
    await sign_in(client, Role.VIEWER)
    page = (await client.get(f"/ceremonies/{ceremony}/wreaths/")).text
    assert f'href="/ceremonies/{ceremony}/wreaths/order.docx">DOCX</a>' in page
    response = await client.get(f"/ceremonies/{ceremony}/wreaths/order.docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert_in_order(docx_lines(response.content), [
        "УТВЕРЖДАЮ", "Мэр города Хабаровска", "_______________ С. А. Кравцов", "«___» ____________ 2026 г.",
        "Порядок возложения венков и цветов", "Площадь Славы · 9 мая 2026 г.",
        "Делегаций: 2, участников: 1 005.",
        "1 | 09:00–09:02 | Губернатор Хабаровского края | Губернатор края Соколов Андрей Николаевич | 5 | венок",
        "2 | 09:02–09:04 | Студенты города | | 1 000 | цветы"])


async def test_an_unknown_ceremony_has_no_docx(client):
    await sign_in(client, Role.VIEWER)
    assert (await client.get("/ceremonies/999999/wreaths/order.docx")).status_code == 404
