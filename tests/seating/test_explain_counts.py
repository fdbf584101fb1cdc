"""The shortages read with the right counts and end with the change that makes the plan possible, naming
seats and people; a plan that may leave guests out is never told to allow it; a hall stored under the old
banded honour is seated by today's protocol."""

from __future__ import annotations

from app.seating.kinds import SectionKind
from app.seating.plan import problem
from app.seating.plan.explain import Texts
from app.seating.plan.problem import GuestInfo, SeatInfo
from solver import seating as engine


def person(i: int, surname: str, **needs) -> GuestInfo:
    return GuestInfo(invitation_id=i, person_id=i, surname=surname, name="Иван", patronymic="Петрович",
                     position="", organisation="", category="Ветераны", rank=i, companion_of=None,
                     **{"wheelchair": False, "no_stairs": False, **needs})


GUESTS = {1: person(1, "Иванов", no_stairs=True), 2: person(2, "Петров"), 3: person(3, "Сидоров", wheelchair=True)}
SEATS = {n: SeatInfo(id=n, section="Партер", kind=SectionKind.ROWS, row_label="3", number=str(n), table=None,
                     blocked=False) for n in range(1, 8)}


def hall() -> tuple[engine.Seat, ...]:
    return tuple(engine.Seat(n, row="3", row_index=0, x=n, segment=0, honour=1, place=10 - n) for n in range(1, 8))


def test_no_stairs_guests_are_not_counted_as_wheelchair_users_and_the_seats_to_mark_are_named():
    guests = (engine.Guest(1, rank=1, no_stairs=True), engine.Guest(2, rank=2, no_stairs=True),
              engine.Guest(3, rank=3, wheelchair=True))
    found = engine.explain(engine.Instance(hall(), guests))
    texts = {e.code: Texts(GUESTS, SEATS).explanation(e.__dict__) for e in found}
    assert texts["too_few_wheelchair_places"].startswith("Гостей на коляске: 1, мест для колясок: 0")
    assert texts["too_few_accessible_seats"].startswith("Гостей, которым нельзя по ступенькам: 2, мест без "
                                                        "ступенек: 0")
    assert "Отметьте места без ступенек: Партер, ряд 3, места 1–2." in texts["too_few_accessible_seats"]
    assert "разрешите неполную рассадку" in texts["too_few_accessible_seats"]


def test_seat_numbers_that_are_not_plain_digits_are_listed_as_they_are():
    odd = {1: SeatInfo(id=1, section="Партер", kind=SectionKind.ROWS, row_label="3", number="²", table=None,
                       blocked=False), 2: SEATS[2]}
    guests = (engine.Guest(1, rank=1, no_stairs=True), engine.Guest(2, rank=2, no_stairs=True))
    found = engine.explain(engine.Instance(hall(), guests))
    text = next(Texts(GUESTS, {**SEATS, **odd}).explanation(e.__dict__) for e in found
                if e.code == "too_few_accessible_seats")
    assert "места ², 2." in text


def test_escort_places_and_a_partial_plan_that_is_not_told_to_allow_itself():
    item = {"code": "too_few_escort_places", "guests": [3], "need": 5, "available": 4}
    text = Texts(GUESTS, SEATS, partial=True).explanation(item)
    assert text.startswith("Мест для колясочника с сопровождающим: 4, нужно 5 (Сидоров И. П.).")
    assert "Добавьте 1 мест(а) для колясочника с местом сопровождающего рядом." in text
    assert "неполную" not in text
    assert "неполную" not in Texts(GUESTS, SEATS, partial=True).explanation(
        {"code": "too_few_seats", "need": 10, "available": 8})


def test_a_protected_guest_left_out_leads_with_the_missing_seats():
    guests = (engine.Guest(1, rank=1, no_stairs=True, protected=True), engine.Guest(2, rank=2))
    solution = engine.solve(engine.Instance(hall(), guests, allow_partial=True), 2.0)
    (why,) = solution.explanations
    text = Texts(GUESTS, SEATS, partial=True).explanation(why.__dict__)
    assert text == ("Иванов И. П. — категория «всегда с местом», но место не нашлось: мест без ступенек 0, "
                    "нужно 1. Отметьте места без ступенек: Партер, ряд 3, место 1.")


def test_stored_honours_are_derived_again_by_the_protocol_and_manual_ones_kept():
    def row(n: int, r: int, honour: int, manual: bool = False) -> dict:
        return {"id": 10 * r + n, "section": 1, "section_position": 0, "section_name": "Партер",
                "section_kind": SectionKind.ROWS, "row_label": str(r + 1), "row_index": r, "number": str(n + 1),
                "x": float(n), "y": float(r), "order": n, "segment": r, "table": None, "honour": honour,
                "honour_manual": manual, "restricted_view": False, "wheelchair": False, "companion": False,
                "aisle": False, "step_free": False, "blocked": False, "sector": ""}

    old = [row(n, r, 100 - 10 * (r // 2)) for r in range(2) for n in range(3)]  # rows 1 and 2 in one band
    old[4] = {**old[4], "honour": 5, "honour_manual": True}
    seats = {s.id: s for s in map(problem.solver_seat, problem._honoured(old))}
    assert seats[1].honour > seats[11].honour  # row 1 before row 2
    assert seats[1].place > seats[2].place > seats[0].place  # the middle seat, then the sitter's right
    assert (seats[11].honour, seats[11].place) == (0, 5)  # the officer's honour kept
