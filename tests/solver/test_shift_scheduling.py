"""Shift scheduling in the Curtois & Qu format: the reader, each hard rule, the validator and the objective.

Rules are tested on tiny instances where a minimum of total minutes forces work, so that one rule alone
decides between a schedule and none; every schedule the solver returns is re-checked by validate() and
scored by objective(), both independent of the model.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from solver import shift_scheduling as ss
from solver.cpsat import Status

CURTOIS = Path(__file__).resolve().parents[3] / "shared/bench/roster/curtois"
needs_benchmark = pytest.mark.skipif(not CURTOIS.is_dir(), reason=f"benchmark files not found at {CURTOIS}")

D = ss.Shift("D", 480)
L = ss.Shift("L", 480)
SHIFT = 480


def staff(employee: str = "A", **limits: object) -> ss.Staff:
    """An employee with no binding limit but those given."""
    defaults: dict[str, object] = dict(max_shifts={}, max_minutes=10**6, min_minutes=0, max_consecutive=99,
                                       min_consecutive=1, min_days_off=1, max_weekends=99)
    return ss.Staff(employee, **{**defaults, **limits})  # type: ignore[arg-type]


def tiny(horizon: int, *people: ss.Staff, shifts: tuple[ss.Shift, ...] = (D,), days_off: dict | None = None,
         on: tuple[ss.Request, ...] = (), off: tuple[ss.Request, ...] = (),
         cover: tuple[ss.Cover, ...] = ()) -> ss.Instance:
    return ss.Instance(horizon, shifts, people or (staff(),),
                       {e: frozenset(days) for e, days in (days_off or {}).items()}, on, off, cover)


def solved(instance: ss.Instance, time_limit: float = 10) -> ss.Solution:
    """Solves, and holds every schedule to the independent checks: valid, and scored the same."""
    solution = ss.solve(instance, time_limit)
    if solution.objective is not None:
        assert ss.validate(instance, solution.schedule) == []
        assert solution.objective == ss.objective(instance, solution.schedule)
        assert {k: v for k, v in solution.costs.items() if v} == {
            k: v for k, v in ss.costs(instance, solution.schedule).items() if v}
    return solution


# ---------------------------------------------------------------------------------------------- reader


def _best_known() -> list[dict[str, str]]:
    if not CURTOIS.is_dir():
        return []
    with (CURTOIS / "best_known.csv").open(newline="") as f:
        return list(csv.DictReader(f))


@needs_benchmark
@pytest.mark.parametrize("row", _best_known(), ids=lambda row: row["instance"])
def test_reads_each_benchmark_instance_at_the_size_best_known_lists(row: dict[str, str]) -> None:
    instance = ss.read((CURTOIS / f"{row['instance']}.txt").read_text())
    assert (instance.horizon, len(instance.staff), len(instance.shifts)) == (
        int(row["days"]), int(row["staff"]), int(row["shift_types"]))
    assert len(instance.cover) == instance.horizon * len(instance.shifts)
    assert instance.on_requests and instance.off_requests


ODD = (
    "\ufeff# a comment first\r\n"
    "SECTION_STAFF\r\n"
    "  A , D=3 , 2400, 960 ,3,1,1,1   # max shifts only for D; N is unlimited\r\n"
    "B,,2400,0,3,1,1,1\r\n"
    "\r\n"
    "section_cover\r\n"
    "0,D,2,100,1\r\n"
    "1,N,1,100,1\r\n"
    "SECTION_SHIFTS\r\n"
    "D,480,N\r\n"
    "N,480\r\n"
    "\r\n\r\n"
    "SECTION_HORIZON\r\n"
    "   # the horizon comes last here\r\n"
    "3\r\n"
    "SECTION_DAYS_OFF\r\n"
    "A,2,\r\n"
    "B\r\n"
)


def test_reader_accepts_any_order_comments_windows_lines_and_missing_optional_sections() -> None:
    instance = ss.read(ODD)
    assert instance.horizon == 3
    assert instance.shifts == (ss.Shift("D", 480, frozenset({"N"})), ss.Shift("N", 480))
    assert instance.staff[0] == ss.Staff("A", {"D": 3}, 2400, 960, 3, 1, 1, 1)
    assert instance.staff[1].max_shifts == {}
    assert instance.days_off == {"A": frozenset({2}), "B": frozenset()}
    assert instance.on_requests == instance.off_requests == ()
    assert instance.cover == (ss.Cover(0, "D", 2, 100, 1), ss.Cover(1, "N", 1, 100, 1))
    solution = solved(instance)
    # Both on D on day 0 would leave nobody for N on day 1 (D may not precede N): someone is short either way.
    assert solution.status is Status.OPTIMAL and solution.objective == 100


@pytest.mark.parametrize(("text", "message"), [
    ("SECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=1,1,0,1,1,1,1\n", "missing section"),
    ("SECTION_HORIZON\nseven\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=1,1,0,1,1,1,1\n",
     "line 2: the horizon must be a whole number"),
    ("D,480\n", "line 1: data before any SECTION_ header"),
    ("SECTION_ROTAS\n", "line 1: unknown section"),
    ("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=1,1,0,1,1\n", "line 6: a staff line needs 8"),
    ("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,X\nSECTION_STAFF\nA,D=1,1,0,1,1,1,1\n", "unknown next shift 'X'"),
    ("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=1,1,0,1,1,1,1\n"
     "SECTION_COVER\n7,D,1,1,1\n", "day 7 lies outside the horizon"),
    ("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=1,1,0,1,1,1,1\n"
     "SECTION_SHIFT_ON_REQUESTS\nB,0,D,1\n", "unknown employee 'B'"),
])
def test_reader_rejects_what_it_can_not_use_and_says_where(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ss.read(text)


# ---------------------------------------------------------------------------------------------- solver


def test_optimum_found_by_reasoning() -> None:
    """Two people, a week, two needed every day (10 per person short), at most 3 days in a row.

    Each must take a day off in every 4 days, so each misses at least one day: 20 at best, and only by
    both resting on Thursday (day 3). A's wish to work day 3 (weight 5) would cost A a second day off
    (one in days 0–2, one in days 4–6): 30 > 20 + 5. So the optimum is 25, with both off on day 3.
    """
    a, b = staff("A", max_consecutive=3), staff("B", max_consecutive=3)
    instance = tiny(7, a, b, on=(ss.Request("A", 3, "D", 5),),
                    cover=tuple(ss.Cover(d, "D", 2, 10, 1) for d in range(7)))
    solution = solved(instance)
    assert solution.status is Status.OPTIMAL and solution.objective == solution.bound == 25
    week = ["D", "D", "D", None, "D", "D", "D"]
    assert solution.schedule == {"A": week, "B": week}
    assert solution.costs == {"shift_on_requests": 5, "cover_under": 20}


@needs_benchmark
def test_instance1_reaches_its_proven_optimum() -> None:
    instance = ss.read((CURTOIS / "Instance1.txt").read_text())
    heard: list[tuple[int, int]] = []
    solution = ss.solve(instance, 20, on_progress=lambda objective, bound: heard.append((objective, bound)))
    assert solution.status is Status.OPTIMAL and solution.objective == 607
    assert ss.validate(instance, solution.schedule) == [] and ss.objective(instance, solution.schedule) == 607
    assert heard and heard[-1][0] == 607 and [o for o, _ in heard] == sorted((o for o, _ in heard), reverse=True)


# Each case: the same rule met (a schedule exists) and broken (none does), everything else unbinding;
# the minimum of total minutes is what forces the work.
RULES = {
    "one shift a day": (
        tiny(1, staff(min_minutes=SHIFT), shifts=(D, L)),
        tiny(1, staff(min_minutes=2 * SHIFT), shifts=(D, L))),
    "days off": (
        tiny(2, staff(min_minutes=SHIFT), days_off={"A": {0}}),
        tiny(2, staff(min_minutes=2 * SHIFT), days_off={"A": {0}})),
    "forbidden successions": (  # one D and one L on two days: D then L is allowed, L then D is not
        tiny(2, staff(min_minutes=2 * SHIFT, max_shifts={"D": 1, "L": 1}),
             shifts=(D, dataclasses.replace(L, forbidden_next=frozenset({"D"})))),
        tiny(2, staff(min_minutes=2 * SHIFT, max_shifts={"D": 1, "L": 1}),
             shifts=(dataclasses.replace(D, forbidden_next=frozenset({"L"})),
                     dataclasses.replace(L, forbidden_next=frozenset({"D"}))))),
    "max shifts per type": (
        tiny(2, staff(min_minutes=2 * SHIFT, max_shifts={"D": 2})),
        tiny(2, staff(min_minutes=2 * SHIFT, max_shifts={"D": 1}))),
    "total minutes": (
        tiny(2, staff(min_minutes=2 * SHIFT, max_minutes=2 * SHIFT)),
        tiny(2, staff(min_minutes=2 * SHIFT + 1))),
    "max consecutive working days": (
        tiny(3, staff(min_minutes=3 * SHIFT, max_consecutive=3)),
        tiny(3, staff(min_minutes=3 * SHIFT, max_consecutive=2))),
    "min consecutive working days": (  # only day 2 is free: a lone working day inside the horizon
        tiny(5, staff(min_minutes=SHIFT, min_consecutive=1), days_off={"A": {0, 1, 3, 4}}),
        tiny(5, staff(min_minutes=SHIFT, min_consecutive=2), days_off={"A": {0, 1, 3, 4}})),
    "min consecutive working days at the horizon's edges": (  # a lone day on day 0 or the last day is fine
        tiny(5, staff(min_minutes=2 * SHIFT, min_consecutive=3), days_off={"A": {1, 2, 3}}),
        tiny(5, staff(min_minutes=2 * SHIFT, min_consecutive=3), days_off={"A": {0, 1, 3}})),
    "min consecutive days off": (  # four days' work in five around a day off on day 2
        tiny(5, staff(min_minutes=4 * SHIFT, min_days_off=1), days_off={"A": {2}}),
        tiny(5, staff(min_minutes=4 * SHIFT, min_days_off=2), days_off={"A": {2}})),
    "min consecutive days off at the horizon's edges": (  # a lone day off on day 0 or the last day is fine
        tiny(6, staff(min_minutes=4 * SHIFT, min_days_off=3), days_off={"A": {0, 5}}),
        tiny(6, staff(min_minutes=4 * SHIFT, min_days_off=3), days_off={"A": {0, 4}})),
    "max working weekends": (  # only weekend days are free; three of them take two weekends
        tiny(14, staff(min_minutes=3 * SHIFT, max_weekends=2), days_off={"A": {0, 1, 2, 3, 4, 7, 8, 9, 10, 11}}),
        tiny(14, staff(min_minutes=3 * SHIFT, max_weekends=1), days_off={"A": {0, 1, 2, 3, 4, 7, 8, 9, 10, 11}})),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_hard_rule_admits_what_it_allows_and_refuses_what_it_forbids(rule: str) -> None:
    allowed, forbidden = RULES[rule]
    assert solved(allowed).status is Status.OPTIMAL
    assert solved(forbidden).status is Status.INFEASIBLE


def test_a_weekend_counts_once_whether_one_day_or_both_are_worked() -> None:
    only_weekends = {"A": {0, 1, 2, 3, 4, 7, 8, 9, 10, 11}}
    both_days = tiny(14, staff(min_minutes=2 * SHIFT, max_weekends=1), days_off=only_weekends)
    assert solved(both_days).schedule["A"].count("D") == 2


def test_infeasible_input_is_explained_by_the_rules_that_clash() -> None:
    instance = tiny(3, staff("A", min_minutes=3 * SHIFT), staff("B", min_minutes=3 * SHIFT, max_consecutive=2))
    solution = solved(instance)
    assert solution.status is Status.INFEASIBLE and solution.schedule == {}
    (message,) = solution.explanation
    assert message.startswith("employee B:")
    assert "total minutes (1440–1000000)" in message and "max consecutive working days (2)" in message
    assert "weekends" not in message and "days off" not in message



def test_explanation_stays_within_its_budget() -> None:
    instance = tiny(3, staff("A", min_minutes=4 * SHIFT), staff("B", min_minutes=4 * SHIFT))
    assert ss.explain(instance, budget=0) == ("2 more employees not examined within 0 s",)

# ------------------------------------------------------------------------------------------- validator

# A fortnight that keeps every rule of BASE: runs of 3, 2 and 2 days, rests of 2 and more, one weekend.
BASE = tiny(14, staff("A", max_shifts={"L": 2}, min_minutes=4 * SHIFT, max_minutes=8 * SHIFT, max_consecutive=3,
                      min_consecutive=2, min_days_off=2, max_weekends=1),
            shifts=(D, dataclasses.replace(L, forbidden_next=frozenset({"D"}))), days_off={"A": {13}})
VALID = ["D", "D", "D", None, None, "D", "D", None, None, "L", "L", None, None, None]

# Each case: a change to BASE's staff line or to VALID, and what validate() must then say.
BROKEN: dict[str, tuple[dict[str, Any], dict[int, Any], str]] = {
    "one shift a day": ({}, {1: ("D", "L")}, "2 shifts, at most one a day"),
    "days off": ({}, {13: "D"}, "day 13: works D on a day off"),
    "forbidden successions": ({}, {10: "D"}, "D may not follow L"),
    "max shifts per type": ({}, {2: "L"}, "3 shifts L, max shifts 2"),
    "max total minutes": ({"max_minutes": 6 * SHIFT}, {}, "3360 total minutes, allowed 1920–2880"),
    "min total minutes": ({"min_minutes": 8 * SHIFT}, {}, "3360 total minutes, allowed 3840–3840"),
    "max consecutive working days": ({}, {3: "D"}, "4 consecutive working days, max 3"),
    "min consecutive working days": ({}, {6: None}, "1 consecutive working days, min 2"),
    "min consecutive days off": ({}, {8: "D"}, "1 consecutive days off, min 2"),
    "max working weekends": ({"max_weekends": 0}, {}, "1 working weekends, max 0"),
    "a known shift": ({}, {0: "X"}, "unknown shift 'X'"),
}


def test_the_base_schedule_is_valid() -> None:
    assert ss.validate(BASE, {"A": VALID}) == []


@pytest.mark.parametrize("rule", BROKEN)
def test_validate_catches_a_schedule_that_breaks_each_rule(rule: str) -> None:
    limits, days, message = BROKEN[rule]
    instance = dataclasses.replace(BASE, staff=(dataclasses.replace(BASE.staff[0], **limits),))
    schedule = [days.get(d, shift) for d, shift in enumerate(VALID)]
    assert any(message in problem for problem in ss.validate(instance, {"A": schedule})), rule


def test_validate_counts_a_weekend_worked_on_either_day() -> None:
    saturday_then_sunday = [None] * 5 + ["D"] + [None] * 7 + ["D"]
    assert ss.validate(tiny(14, staff(max_weekends=1)), {"A": saturday_then_sunday}) == [
        "A: 2 working weekends, max 1"]


def test_validate_wants_every_employee_for_every_day() -> None:
    assert ss.validate(BASE, {"A": VALID[:-1]}) == ["A: needs exactly one entry per day of the 14"]
    assert ss.validate(BASE, {"A": VALID, "Z": VALID}) == ["Z: not an employee"]


def test_objective_counts_requests_and_cover_from_their_definition() -> None:
    instance = tiny(2, staff("A"), staff("B"), shifts=(D, L),
                    on=(ss.Request("A", 0, "D", 3), ss.Request("B", 0, "D", 4)),
                    off=(ss.Request("A", 1, "L", 5),),
                    cover=(ss.Cover(0, "D", 2, 100, 1), ss.Cover(1, "L", 0, 100, 7)))
    schedule = {"A": ["D", "L"], "B": ["L", "L"]}
    assert ss.costs(instance, schedule) == {"shift_on_requests": 4, "shift_off_requests": 5,
                                            "cover_under": 100, "cover_over": 14}
    assert ss.objective(instance, schedule) == 123
