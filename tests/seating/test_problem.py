"""A ceremony's seating plan read from the database as the solver's instance: guests, ranks, groups, sectors,
pins, apart pairs, and the presidium as a problem of its own."""

from __future__ import annotations

import pytest

from app.events.tables import Ceremony, Event
from app.guests.kinds import LinkKind
from app.guests.tables import Category, Person, PersonLink
from app.invitations.kinds import CompanionKind, InvitationStatus
from app.invitations.tables import Invitation
from app.seating.halls.layout import HallSpec, rows_template, tables_template
from app.seating.halls.services import create_hall
from app.seating.plan import problem, services
from app.seating.tables import ApartPair, SeatAssignment, SeatingPlan
from solver import seating as engine
from tests.tools import utc

pytestmark = pytest.mark.usefixtures("db")


async def ceremony(title: str = "Торжественное собрание") -> int:
    event = (await Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id))[0]["id"]
    return (await Ceremony.insert(Ceremony(event=event, title=title, venue="Театр",
                                           starts_at=utc(2027, 5, 8, 5), ends_at=utc(2027, 5, 8, 7)))
            .returning(Ceremony.id))[0]["id"]


async def category(name: str, precedence: int = 100) -> int:
    row = await Category.select(Category.id).where(Category.name == name).first()
    if row:
        return row["id"]
    return (await Category.insert(Category(name=name, precedence=precedence)).returning(Category.id))[0]["id"]


async def guest(ceremony_id: int, surname: str, precedence: int = 100, *, category_name: str = "Общественность",
                status: InvitationStatus = InvitationStatus.ACCEPTED, companion_of: int | None = None,
                kind: CompanionKind = CompanionKind.GUEST, **person) -> int:
    """An invited person; gives the invitation's id."""
    person_id = (await Person.insert(Person(
        surname=surname, name=person.pop("name", "Иван"), patronymic=person.pop("patronymic", "Петрович"),
        precedence=precedence, category=await category(category_name), search_key=surname.lower(), **person))
        .returning(Person.id))[0]["id"]
    return (await Invitation.insert(Invitation(ceremony=ceremony_id, person=person_id, status=status,
                                               companion_of=companion_of, companion_kind=kind))
            .returning(Invitation.id))[0]["id"]


async def person_of(invitation_id: int) -> int:
    return (await Invitation.select(Invitation.person).where(Invitation.id == invitation_id).first())["person"]


async def link(a: int, b: int, kind: LinkKind) -> None:
    await PersonLink.insert(PersonLink(person=await person_of(a), other=await person_of(b), kind=kind))


async def hall(spec: HallSpec | None = None) -> int:
    return await create_hall(spec or rows_template("Малый зал", rows=3, seats_per_row=6, aisles_after=(3,)))


async def planned(ceremony_id: int, hall_id: int, *, partial: bool = False) -> int:
    await services.choose_hall(ceremony_id, hall_id, partial)
    return (await problem.plan_row(ceremony_id))["id"]


async def test_guests_are_those_still_coming_ranked_by_precedence_foreign_first_among_equals():
    c = await ceremony()
    local = await guest(c, "Местный", 40)
    foreign = await guest(c, "Ван", 40, language="китайский")
    interpreter = await guest(c, "Орлова", 40, language="китайский", companion_of=foreign,
                              kind=CompanionKind.INTERPRETER)
    senior = await guest(c, "Старший", 10)
    for status in (InvitationStatus.DECLINED, InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED):
        await guest(c, f"Не{status}", 1, status=status)
    guests = await problem.guests_of(c)
    assert list(guests) == [senior, foreign, local, interpreter]
    assert guests[foreign].rank < guests[local].rank == guests[interpreter].rank
    assert guests[senior].short_name == "Старший И. П."


async def test_links_and_companions_make_groups_among_the_invited_only():
    c = await ceremony()
    head, member, interpreter = await guest(c, "Сато"), await guest(c, "Судзуки"), await guest(c, "Орлова")
    veteran = await guest(c, "Ветеран", wheelchair=True)
    escort = await guest(c, "Внук", companion_of=veteran, kind=CompanionKind.ESCORT)
    alone = await guest(c, "Один")
    declined_wife = await guest(c, "Жена", status=InvitationStatus.DECLINED)
    await link(member, head, LinkKind.DELEGATION_OF)
    await link(interpreter, head, LinkKind.INTERPRETER_FOR)
    await link(declined_wife, alone, LinkKind.FAMILY_OF)
    groups = await problem.groups_of(await problem.guests_of(c))
    assert groups[head] == groups[member] == groups[interpreter] == min(head, member, interpreter)
    assert groups[veteran] == groups[escort] != groups[head]
    assert alone not in groups and declined_wife not in groups


async def test_the_hall_becomes_one_instance_with_pins_sectors_and_pairs():
    c = await ceremony()
    spec = rows_template("Зал", rows=2, seats_per_row=4, aisles_after=(2,))
    press_seats = tuple(s if s.row_index == 0 else s.__class__(**{**s.__dict__, "sector": "пресса"})
                        for s in spec.seats)
    hall_id = await hall(HallSpec(spec.name, spec.kind, press_seats, sector_categories={"пресса": ("Пресса",)}))
    plan_id = await planned(c, hall_id)
    reporter = await guest(c, "Репортёр", 80, category_name="Пресса")
    a, b = await guest(c, "Первый", 50), await guest(c, "Второй", 50)
    loaded = await problem.load(c)
    seat = next(s for s in loaded.seats.values() if s.row_label == "1" and s.number == "1")
    await SeatAssignment.insert(SeatAssignment(plan=plan_id, invitation=a, seat=seat.id, pinned=True))
    await ApartPair.insert(ApartPair(plan=plan_id, first=a, second=b))
    loaded = await problem.load(c)
    (part,) = loaded.parts
    instance = part.instance
    assert instance.layout is engine.Layout.HALL and len(instance.seats) == 8
    by_id = {g.id: g for g in instance.guests}
    assert by_id[reporter].sectors == {"пресса"} and by_id[a].sectors == frozenset()
    assert instance.sector_categories == {"пресса": frozenset({"Пресса"})}
    assert by_id[a].pinned == seat.id and by_id[b].pinned is None
    assert instance.apart_pairs == ((a, b),)
    first = next(s for s in instance.seats if s.id == seat.id)
    assert (first.zone, first.row, first.row_index, first.x) == ("Партер", "1", 0, 0)
    assert {s.segment for s in instance.seats if s.row_index == 0} == {0, 1}
    assert seat.label == "Партер, ряд 1, место 1"
    solution = engine.solve(instance, 5)
    assert solution.assignment[reporter] in {s.id for s in instance.seats if s.sector == "пресса"}
    assert solution.assignment[a] == seat.id


async def test_the_presidium_is_solved_apart_and_an_empty_one_stays_empty():
    c = await ceremony()
    hall_id = await hall(rows_template("Зал", rows=2, seats_per_row=4, presidium=3))
    plan_id = await planned(c, hall_id)
    guests = [await guest(c, f"Гость{n}", 10 + n) for n in range(5)]
    (hall_part,) = (await problem.load(c)).parts
    assert len(hall_part.instance.seats) == 8 and len(hall_part.instance.guests) == 5

    await SeatingPlan.update({SeatingPlan.presidium: guests[:2]}).where(SeatingPlan.id == plan_id)
    stage, rows = (await problem.load(c)).parts
    assert stage.instance.layout is engine.Layout.PRESIDIUM and stage.guest_ids == set(guests[:2])
    assert len(stage.instance.seats) == 3 and rows.guest_ids == set(guests[2:])


async def test_a_banquet_hall_is_one_banquet_instance():
    c = await ceremony()
    await planned(c, await hall(tables_template("Банкетный зал", tables=3, seats_per_table=4)))
    await guest(c, "Гость")
    (part,) = (await problem.load(c)).parts
    assert part.instance.layout is engine.Layout.BANQUET
    assert {s.table for s in part.instance.seats} == {0, 1, 2}
