"""Every explanation and violation the solver can give reads as a Russian sentence that names the people and
seats and says what to change; the cases of issue 4 are checked on the solver's own output."""

from __future__ import annotations

import inspect
import re
from dataclasses import asdict, replace

from app.seating.kinds import SectionKind
from app.seating.plan.explain import EXPLANATIONS, VIOLATIONS, Texts, too_few_seats
from app.seating.plan.problem import GuestInfo, SeatInfo
from solver import seating as engine
from solver.seating import validation


def person(i: int, surname: str) -> GuestInfo:
    return GuestInfo(invitation_id=i, person_id=i, surname=surname, name="Иван", patronymic="Петрович",
                     position="", organisation="", category="Ветераны", rank=i, wheelchair=False, no_stairs=False,
                     companion_of=None)


GUESTS = {1: person(1, "Иванов"), 2: person(2, "Петров"), 3: person(3, "Сидоров")}
SEATS = {n: SeatInfo(id=n, section="Партер", kind=SectionKind.ROWS, row_label="3", number=str(n), table=None,
                     blocked=False) for n in range(1, 5)}
TEXTS = Texts(GUESTS, SEATS)


def explanation_codes() -> set[str]:
    codes = inspect.getdoc(engine.Explanation).split("Codes:")[1]
    return set(re.findall(r"\b([a-z]+(?:_[a-z]+)+|unknown)\b", codes)) - {"presidium_seat_rule"}


def violation_codes() -> set[str]:
    source = inspect.getsource(validation)  # validate() gives every violation
    return set(re.findall(r'Violation\("(\w+)"', source)) | set(re.findall(r'broken\("(\w+)"', source))


def test_every_explanation_code_has_its_own_text():
    codes = explanation_codes()
    assert {"too_few_seats", "group_too_long", "pin_conflict", "presidium_apart", "no_room"} <= codes
    assert codes - {"too_few_seats"} <= set(EXPLANATIONS)
    for code in codes:
        text = TEXTS.explanation({"code": code, "guests": [1, 2], "seats": [1, 2], "need": 5, "available": 3,
                                  "sectors": ["пресса"], "rule": "wheelchair"})
        assert text and "{" not in text and "INFEASIBLE" not in text
        assert code in ("too_few_seats", "apart_unknown_guest", "duplicate_seat", "unknown") or "Иванов И. П." in text


def test_every_violation_code_has_its_own_text():
    codes = violation_codes()
    assert {"seat_taken", "wheelchair", "group", "apart", "presidium", "pinned", "sector"} <= codes
    assert codes <= set(VIOLATIONS)
    for code in codes:
        text = TEXTS.violation(engine.Violation(code, guest=1, seat=2, other=3))
        assert "{" not in text and ("Иванов И. П." in text or code == "unknown_guest")


def test_too_few_seats_reads_with_numbers_and_what_to_do():
    assert too_few_seats(1467, 1339) == ("1\u202f467 гостей, 1\u202f339 мест: не хватает 128 — добавьте места или "
                                         "разрешите неполную рассадку.")
    assert TEXTS.explanation({"code": "too_few_seats", "need": 1467, "available": 1339}) == too_few_seats(1467, 1339)


def hall(count: int, blocked: int | None = None) -> tuple[engine.Seat, ...]:
    return tuple(engine.Seat(id=n, row="3", x=n, segment=0, honour=10 - n, blocked=n == blocked)
                 for n in range(1, count + 1))


def texts_for(instance: engine.Instance) -> list[str]:
    return TEXTS.explanations(asdict(e) for e in engine.explain(instance))


def test_solver_cases_name_people_and_seats():
    wheelchair = engine.Instance(hall(3), (engine.Guest(1, wheelchair=True), engine.Guest(2)))
    assert any(t.startswith("Гостей на коляске: 1, мест для колясок: 0 — не хватает 1") and "Иванов И. П." in t
               for t in texts_for(wheelchair))

    group = engine.Instance(hall(2), tuple(engine.Guest(i, group=7) for i in (1, 2, 3)))
    assert any("Группа Иванов И. П., Петров И. П., Сидоров И. П. — 3 чел." in t and "вмещает 2" in t
               for t in texts_for(group))

    conflict = engine.Instance(hall(3), (engine.Guest(1, pinned=2), engine.Guest(2, pinned=2)))
    assert ("На одно место (Партер, ряд 3, место 2) закреплены несколько гостей (Иванов И. П., Петров И. П.): "
            "оставьте одного.") in texts_for(conflict)

    blocked = engine.Instance(hall(3, blocked=1), (engine.Guest(1, pinned=1),))
    assert any("Иванов И. П. закреплён(а) на заблокированном месте Партер, ряд 3, место 1" in t
               for t in texts_for(blocked))

    apart = engine.Instance(hall(3), (engine.Guest(1, pinned=1), engine.Guest(2, pinned=2)), apart_pairs=((1, 2),))
    assert any(t.startswith("Иванов И. П., Петров И. П. не должны сидеть рядом, но закреплены рядом")
               for t in texts_for(apart))


def test_a_wheelchair_shortage_in_a_hall_without_step_free_seats_says_what_to_mark_first():
    # a hall from pretix knows no step-free seats: no seat can be named as a wheelchair place («…: —.» before)
    wheelchair = engine.Instance(hall(3), (engine.Guest(1, wheelchair=True), engine.Guest(2)))
    [text] = [t for t in texts_for(wheelchair) if t.startswith("Гостей на коляске")]
    assert text.endswith("В зале нет места без ступенек у прохода, чтобы сделать его местом для коляски: сначала "
                         "отметьте в схеме зала места без ступенек. Или разрешите неполную рассадку.")
    step_free = tuple(replace(s, step_free=True, aisle=s.id == 3) for s in hall(3))
    [text] = [t for t in texts_for(engine.Instance(step_free, wheelchair.guests)) if t.startswith("Гостей на коляске")]
    assert "Отметьте места для колясок: Партер, ряд 3, место 3." in text


def test_a_presidium_pin_off_the_order_names_both_seats():
    seats = tuple(engine.Seat(id=n, x=n, honour=n) for n in (1, 2))
    instance = engine.Instance(seats, (engine.Guest(1, rank=1, pinned=1), engine.Guest(2, rank=2)),
                               layout=engine.Layout.PRESIDIUM)
    assert ("Иванов И. П. закреплён(а) в президиуме на месте Партер, ряд 3, место 1, а по старшинству ему (ей) "
            "положено Партер, ряд 3, место 2: открепите или измените старшинство.") in texts_for(instance)


def test_an_unseated_guest_is_named_with_the_reason():
    instance = engine.Instance(hall(1), (engine.Guest(1), engine.Guest(2)), allow_partial=True)
    solution = engine.solve(instance, 2)
    (left,) = solution.unseated
    text = TEXTS.explanation(asdict(left))
    assert "Петров И. П." in text or text.startswith("2 гостей") or "не хватает 1" in text
