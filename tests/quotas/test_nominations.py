"""Nominations: an organisation's list behind its token, never over the quota, read-only after the deadline;
the officer's review accepts names into the registry and the invitations, returns them with a comment, and
flags the same person on two organisations' lists."""

from datetime import timedelta

import pytest

from app.audit.tables import AuditEntry
from app.core import clock
from app.guests.services import save_category
from app.guests.tables import Person
from app.imports.xlsx_export import export_xlsx
from app.invitations.tables import Invitation
from app.quotas import nominations, review, services, shares
from app.quotas.kinds import NominationStatus
from app.quotas.nominations import Closed
from tests.quotas.test_quota_page import organisation
from tests.wreaths.factory import wreath_laying

pytestmark = pytest.mark.usefixtures("db")


async def table(deadline: str = "", **categories: int) -> tuple[int, dict[str, int]]:
    """A ceremony whose 10 places go 3 to «Дума» and 7 to «Совет ветеранов»; the organisations' ids."""
    ceremony = await wreath_laying()
    await services.save_setup(ceremony, {"capacity": "10", "minus_invited": "", "method": "hamilton",
                                         "deadline": deadline})
    ids = {"Дума": await organisation(ceremony, "Дума", "30"),
           "Совет ветеранов": await organisation(ceremony, "Совет ветеранов", "70")}
    return ceremony, ids


def sheet(*rows: tuple[str, ...]) -> bytes:
    return export_xlsx("Список", ["Фамилия", "Имя", "Отчество", "Должность", "Телефон"], list(rows))


PEOPLE = [("Иванов", "Иван", "Иванович", "депутат", "+7 914 111-11-11"),
          ("Петрова", "Анна", "Сергеевна", "депутат", "+7 914 222-22-22"),
          ("Сидоров", "Пётр", "Ильич", "помощник", "+7 914 333-33-33"),
          ("Кузнецов", "Олег", "Павлович", "депутат", "+7 914 444-44-44")]


async def test_a_list_over_the_quota_is_refused_naming_the_quota_and_nothing_is_added():
    _ceremony, ids = await table()
    token = await nominations.live_token(ids["Дума"])
    over = await nominations.upload(token, "дума.xlsx", sheet(*PEOPLE))
    assert not over.ok and over.added == 0
    assert "Квота организации — 3 чел." in over.errors[0] and "Строка 5 (Кузнецов Олег Павлович)" in over.errors[0]
    assert (await nominations.desk_by_token(token)).names == ()
    fitting = await nominations.upload(token, "дума.xlsx", sheet(*PEOPLE[:3]))
    assert fitting.ok and fitting.added == 3
    one_more = await nominations.add_person(token, {"surname": "Кузнецов", "name": "Олег", "patronymic": "Павлович"})
    assert "Квота организации — 3 чел." in one_more.errors[0]
    desk = await nominations.desk_by_token(token)
    assert (desk.quota, desk.held, desk.free) == (3, 3, 0)
    assert await nominations.submit(token) == 3
    assert {n.status for n in (await nominations.desk_by_token(token)).names} == {NominationStatus.SUBMITTED}


async def test_rows_are_read_by_the_registry_imports_rules():
    _ceremony, ids = await table()
    token = await nominations.live_token(ids["Совет ветеранов"])
    bad = await nominations.upload(token, "совет.xlsx", sheet(("Иванов", "Иван", "", "", "12"),
                                                               ("Иванов", "Иван", "", "", "")))
    assert not bad.ok and any(e.startswith("Строка 2:") and "Телефон" in e for e in bad.errors)
    typed = await nominations.add_person(token, {"surname": "петров", "name": "пётр", "phone": "8 914 555 55 55"})
    assert typed.ok
    [name] = (await nominations.desk_by_token(token)).names
    assert (name.surname, name.name, name.phone) == ("Петров", "Пётр", "+7 914 555-55-55")
    again = await nominations.add_person(token, {"surname": "Петров", "name": "Пётр"})
    assert "уже в списке организации" in again.errors[0]


async def test_after_the_deadline_the_page_is_read_only_and_substitutes_come_before_it():
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    ceremony, ids = await table()
    token = await nominations.live_token(ids["Дума"])
    await nominations.upload(token, "дума.xlsx", sheet(*PEOPLE[:2]))
    await nominations.submit(token)
    first = (await nominations.desk_by_token(token)).names[0]
    replaced = await nominations.substitute(token, first.id, {"surname": "Кузнецов", "name": "Олег"})
    assert replaced.ok
    names = {n.full_name: n for n in (await nominations.desk_by_token(token)).names}
    assert names["Иванов Иван Иванович"].status == NominationStatus.WITHDRAWN
    assert names["Кузнецов Олег"].status == NominationStatus.SUBMITTED
    assert names["Кузнецов Олег"].substitute_for == first.id
    await services.save_setup(ceremony, {"capacity": "10", "minus_invited": "", "method": "hamilton",
                                         "deadline": yesterday})
    desk = await nominations.desk_by_token(token)
    assert not desk.open and len(desk.names) == 3
    for attempt in (nominations.add_person(token, {"surname": "Сидоров"}), nominations.submit(token),
                    nominations.upload(token, "дума.xlsx", sheet(PEOPLE[2])),
                    nominations.withdraw(token, names["Кузнецов Олег"].id)):
        with pytest.raises(Closed, match="Срок подачи списков истёк"):
            await attempt
    assert (await review.review(ceremony)).organisations[0].overdue


async def test_a_revoked_link_opens_nothing_and_a_new_one_takes_its_place():
    ceremony, ids = await table()
    old = await nominations.live_token(ids["Дума"])
    assert len(old) >= 32 and "Дума" not in old
    new = await nominations.revoke_link(ceremony, ids["Дума"])
    assert await nominations.desk_by_token(old) is None
    assert (await nominations.desk_by_token(new)).organisation == "Дума"
    assert await nominations.live_token(ids["Дума"]) == new
    assert await AuditEntry.exists().where((AuditEntry.object_kind == "quota_link") & (AuditEntry.action == "revoke"))


async def test_accepting_makes_a_registry_person_and_an_invitation_in_the_quotas_category():
    category = (await save_category({"name": "Депутаты", "precedence": "20"})).id
    ceremony, ids = await table()
    await services.save_organisation({"name": "Дума", "weight": "30", "minimum": "0", "maximum": "", "fixed": "",
                                      "category": str(category), "liaison": "Орлова", "phone": "40-00-00"},
                                     ceremony_id=ceremony, organisation_id=ids["Дума"])
    token = await nominations.live_token(ids["Дума"])
    await nominations.upload(token, "дума.xlsx", sheet(*PEOPLE[:2]))
    await nominations.submit(token)
    found = await review.review(ceremony)
    ivanov = next(r for r in found.names if r.nomination.surname == "Иванов")
    assert not ivanov.registry and not ivanov.elsewhere
    saved = await review.accept(ceremony, ivanov.nomination.id, {})
    assert saved.ok
    person = await Person.select().where(Person.surname == "Иванов").first()
    assert (person["category"], person["precedence"], person["phone"]) == (category, 20, "+7 914 111-11-11")
    invitation = await Invitation.select().where(Invitation.id == saved.id).first()
    assert (invitation["ceremony"], invitation["person"]) == (ceremony, person["id"])
    returned = await review.return_name(ceremony, next(r.nomination.id for r in found.names
                                                       if r.nomination.surname == "Петрова"), {"comment": ""})
    assert "comment" in returned.errors
    petrova = next(r.nomination.id for r in found.names if r.nomination.surname == "Петрова")
    assert (await review.return_name(ceremony, petrova, {"comment": "Нужна полная должность"})).ok
    statuses = {n.surname: (n.status, n.comment) for n in (await nominations.desk_by_token(token)).names}
    assert statuses == {"Иванов": (NominationStatus.ACCEPTED, ""),
                        "Петрова": (NominationStatus.RETURNED, "Нужна полная должность")}
    line = next(p for p in (await review.review(ceremony)).organisations if p.name == "Дума")
    assert (line.quota, line.sent, line.missing) == (3, 1, 2)
    kinds = {(e["object_kind"], e["object_id"]) for e in await AuditEntry.select(AuditEntry.object_kind,
                                                                                 AuditEntry.object_id)}
    assert ("person", person["id"]) in kinds and ("quota_nomination", petrova) in kinds


async def test_the_same_person_on_two_lists_is_flagged_and_a_registry_match_is_linked_not_duplicated():
    ceremony, ids = await table()
    await Person.insert(Person(surname="Иванов", name="Иван", patronymic="Иванович", phone="+7 914 111-11-11",
                               search_key="иванов иван иванович"))
    for organisation_id in ids.values():
        token = await nominations.live_token(organisation_id)
        await nominations.upload(token, "list.xlsx", sheet(PEOPLE[0]))
        await nominations.submit(token)
    found = await review.review(ceremony)
    assert len(found.names) == 2
    for name in found.names:
        assert [m.certain for m in name.registry] == [True]
        other = "Совет ветеранов" if name.organisation == "Дума" else "Дума"
        assert [m.label for m in name.elsewhere] == [f"{other}: Иванов Иван Иванович"]
    assert await review.accept_unmatched(ceremony) == 0  # both need a decision
    first, second = found.names
    assert (await review.accept(ceremony, first.nomination.id, {"person": str(first.default_person)})).ok
    assert (await review.accept(ceremony, second.nomination.id, {"person": str(second.default_person)})).ok
    assert await Person.count() == 1
    assert await Invitation.count().where(Invitation.ceremony == ceremony) == 1


async def test_a_quota_split_by_category_refuses_names_beyond_a_categorys_places_and_invites_in_it():
    veterans = (await save_category({"name": "Ветераны боевых действий", "precedence": "30"})).id
    families = (await save_category({"name": "Члены семей погибших", "precedence": "40"})).id
    ceremony, ids = await table()  # the council has 7 places
    council = ids["Совет ветеранов"]
    for category, weight, minimum in ((veterans, "1", "5"), (families, "1", "0")):
        assert (await shares.save_share(ceremony, council, {"share_category": str(category), "share_weight": weight,
                                                            "share_minimum": minimum})).ok
    again = await shares.save_share(ceremony, council, {"share_category": str(veterans)})
    assert again.errors == {"share_category": "Эта категория у организации уже есть."}
    token = await nominations.live_token(council)
    desk = await nominations.desk_by_token(token)
    assert [(p.category, p.places) for p in desk.parts] == [("Ветераны боевых действий", 5),
                                                            ("Члены семей погибших", 2)]
    rows = [(*person[:3], category) for person, category in zip(PEOPLE, ("ЧЛЕНЫ СЕМЕЙ ПОГИБШИХ", "Члены семей погибших",
                                                                         "члены семей", "ветераны"), strict=True)]
    over = await nominations.upload(token, "совет.xlsx", export_xlsx(
        "Список", ["Фамилия", "Имя", "Отчество", "Категория"], rows))
    assert over.errors == ["Квота организации по категории «Члены семей погибших» — 2 чел.: в списке уже 0, "
                           "добавляется 3 — это на 1 больше. Сверх квоты: Строка 4 (Сидоров Пётр Ильич). "
                           "Ничего не добавлено: оставьте не больше 2 и попробуйте снова."]
    unnamed = await nominations.add_person(token, {"surname": "Орлов"})
    assert "укажите категорию" in unnamed.errors[0]
    unknown = await nominations.add_person(token, {"surname": "Орлов", "category": "семьи"})
    assert unknown.errors == ["категории «семьи» нет в квоте организации; есть: «Ветераны боевых действий», "
                              "«Члены семей погибших»."]
    assert (await nominations.upload(token, "совет.xlsx", export_xlsx(
        "Список", ["Фамилия", "Имя", "Отчество", "Категория"], [rows[0], rows[3]]))).ok
    await nominations.submit(token)
    kuznetsov = next(n for n in (await nominations.desk_by_token(token)).names if n.surname == "Кузнецов")
    assert (await review.accept(ceremony, kuznetsov.id, {})).ok
    person = await Person.select(Person.category, Person.precedence).where(Person.surname == "Кузнецов").first()
    assert person == {"category": veterans, "precedence": 30}
