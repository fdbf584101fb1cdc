"""The quota table page: organisations typed with their bounds, the places less the invited, the method, the
allocation with its calculation, an override, what is impossible explained; on record; copied forward."""

import pytest

from app.audit.tables import AuditEntry
from app.core.roles import Role
from app.guests.services import save_category
from app.quotas import services, shares
from tests.conftest import sign_in
from tests.wreaths.factory import wreath_laying

pytestmark = pytest.mark.usefixtures("db")


async def organisation(ceremony: int, name: str, weight: str, minimum: str = "0", maximum: str = "",
                       fixed: str = "") -> int:
    saved = await services.save_organisation({"name": name, "weight": weight, "minimum": minimum,
                                              "maximum": maximum, "fixed": fixed}, ceremony_id=ceremony)
    assert saved.ok, saved.errors
    return saved.id


async def test_the_officer_builds_a_table_and_sees_the_allocation_with_its_calculation(client):
    ceremony = await wreath_laying()
    token = await sign_in(client, Role.PROTOCOL)
    base = f"/ceremonies/{ceremony}/quotas"
    for name, weight, maximum in (("Совет ветеранов", "1 200", ""), ("Городская дума", "45", ""),
                                  ("Университет", "800,5", "100")):
        response = await client.post(f"{base}/organisations/", data={
            "name": name, "weight": weight, "minimum": "10", "maximum": maximum, "fixed": "", "_csrf_token": token},
            follow_redirects=False)
        assert response.status_code == 303, response.text
    setup = await client.post(f"{base}/setup", data={"capacity": "400", "minus_invited": "on", "method": "dhondt",
                                                     "_csrf_token": token}, headers={"HX-Request": "true"})
    assert setup.status_code == 200 and 'id="quotas"' in setup.text and "<html" not in setup.text
    view = await services.quota_view(ceremony)
    assert view.places == 400 and view.allocation.seats == {"Городская дума": 10, "Совет ветеранов": 290,
                                                            "Университет": 100}
    page = (await client.get(f"{base}/")).text
    assert "д’Ондта" in page and "Делитель (вес на одно место)" in page and "максимум" in page
    kinds = {e["object_kind"] for e in await AuditEntry.select(AuditEntry.object_kind)}
    assert {"quota_setup", "quota_organisation"} <= kinds


async def test_an_override_and_the_impossible_on_the_page(client):
    ceremony = await wreath_laying()
    await services.save_setup(ceremony, {"capacity": "100", "minus_invited": "", "method": "hamilton"})
    duma = await organisation(ceremony, "Дума", "10")
    await organisation(ceremony, "Мэрия", "30")
    await organisation(ceremony, "Школы", "60", fixed="40")
    assert (await services.quota_view(ceremony)).allocation.seats == {"Дума": 15, "Мэрия": 45, "Школы": 40}
    await services.save_organisation({"name": "Дума", "weight": "10", "minimum": "70", "maximum": "", "fixed": ""},
                                     ceremony_id=ceremony, organisation_id=duma)
    await sign_in(client, Role.VIEWER)
    page = (await client.get(f"/ceremonies/{ceremony}/quotas/")).text
    assert "Сумма минимумов — 110, а мест всего 100." in page and "Рассчитать" not in page


async def test_a_faulty_form_comes_back_with_messages(client):
    ceremony = await wreath_laying()
    await organisation(ceremony, "Дума", "10")
    token = await sign_in(client, Role.PROTOCOL)
    response = await client.post(f"/ceremonies/{ceremony}/quotas/organisations/", data={
        "name": "Дума", "weight": "много", "minimum": "5", "maximum": "3", "fixed": "", "_csrf_token": token})
    assert response.status_code == 422
    for message in ("Эта организация уже есть в разнарядке.", "Нужно неотрицательное число",
                    "Максимум меньше минимума."):
        assert message in response.text
    bad = await client.post(f"/ceremonies/{ceremony}/quotas/setup", data={"capacity": "-5", "method": "x",
                                                                            "_csrf_token": token})
    assert bad.status_code == 422 and "Не меньше 0." in bad.text


async def test_next_year_starts_from_this_years_table(client):
    last_year = await wreath_laying()
    await services.save_setup(last_year, {"capacity": "1500", "minus_invited": "on", "method": "sainte-lague"})
    await organisation(last_year, "Дума", "45", "5", "60")
    council = await organisation(last_year, "Совет ветеранов", "1200", fixed="300")
    veterans = (await save_category({"name": "Ветераны"})).id
    assert (await shares.save_share(last_year, council, {"share_category": str(veterans), "share_minimum": "100"})).ok
    this_year = await wreath_laying("День Победы 2027")
    token = await sign_in(client, Role.PROTOCOL)
    page = (await client.get(f"/ceremonies/{this_year}/quotas/")).text
    assert "Начать с разнарядки церемонии" in page
    response = await client.post(f"/ceremonies/{this_year}/quotas/copy", data={"source": str(last_year),
                                                                               "_csrf_token": token},
                                 follow_redirects=False)
    assert response.status_code == 303
    copied = await services.quota_view(this_year)
    assert [(o.name, o.weight, o.minimum, o.maximum, o.fixed) for o in copied.organisations] == [
        (o.name, o.weight, o.minimum, o.maximum, o.fixed) for o in (await services.quota_view(last_year)).organisations]
    assert (copied.capacity, copied.method.value) == (1500, "sainte-lague")
    copied_council = next(o.id for o in copied.organisations if o.name == "Совет ветеранов")
    assert [(s.category_id, s.minimum) for s in (await shares.shares_of([copied_council]))[copied_council]] == [
        (veterans, 100)]
    assert not await services.copy_table(last_year, this_year)  # a table that has organisations is left alone


async def test_the_event_page_links_each_ceremony_to_its_quota_table(client):
    ceremony = await wreath_laying()
    await sign_in(client, Role.VIEWER)
    event_page = (await client.get(f"/ceremonies/{ceremony}/quotas/")).text.split('href="/events/')[1].split('"')[0]
    assert f'href="/ceremonies/{ceremony}/quotas/"' in (await client.get(f"/events/{event_page}")).text
    await sign_in(client, Role.GATE)
    assert (await client.get(f"/ceremonies/{ceremony}/quotas/")).status_code == 403


async def test_a_new_table_starts_from_the_seating_halls_usable_seats_else_the_expected_guests():
    from app.events.tables import Ceremony
    from app.seating.halls.layout import rows_template
    from app.seating.tables import Seat
    from tests.seating.test_problem import hall, planned

    ceremony = await wreath_laying()
    await Ceremony.update({Ceremony.expected_guests: 300}).where(Ceremony.id == ceremony)
    assert (await services.quota_view(ceremony)).capacity == 300
    hall_id = await hall(rows_template("Зал", 10, 20))
    await Seat.update({Seat.blocked: True}).where(Seat.id.is_in(
        [r["id"] for r in await Seat.select(Seat.id).where(Seat.hall == hall_id).limit(5)]))
    await planned(ceremony, hall_id)
    assert (await services.quota_view(ceremony)).capacity == 195
