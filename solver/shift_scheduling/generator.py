"""Seeded instances in the Curtois & Qu format, feasible by construction, for tests and the bench.

The published set has 24 instances up to 150 staff and a year; only the first five are here. A solver
tuned to those five may fail on the rest, so generate() makes more of the same kind at any size: a
hidden schedule is planted first, one employee at a time, under the employee's contract (runs of work
and rest, weekends), and every hard limit is then drawn around it: the planted schedule keeps them all,
so a feasible schedule always exists. Days off are days the planted schedule rests; the cover asks for
the planted headcount give or take one, and requests are granted by the plant or not, half and half, so
the plant is a feasible schedule but not an optimal one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from solver.shift_scheduling.instance import SATURDAY, Cover, Instance, Request, Schedule, Shift, Staff
from solver.shift_scheduling.validation import validate

# Shifts in the order of their start in the day; a later shift may not be followed the next day by an
# earlier one (too short a rest), as in the published instances ("L,480,E", "N,480,D|E").
_SHIFTS = (("E", 480), ("D", 480), ("L", 480), ("N", 600))
UNDER, OVER = 100, 1  # the published instances' cover weights


@dataclass(frozen=True)
class _Contract:
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    longest_rest: int  # the planted rests are min_days_off … longest_rest days


@dataclass(frozen=True)
class Generated:
    instance: Instance
    planted: Schedule  # the hidden schedule every limit was drawn around: it keeps every hard rule


def generate(staff: int, days: int, seed: int, *, shift_types: int | None = None) -> Generated:
    """An instance of `staff` employees over `days` days (a Monday onwards), the same for the same seed."""
    if staff < 1 or days < 1:
        raise ValueError("an instance needs at least one employee and one day")
    rng = random.Random(f"{seed}-{staff}-{days}")
    count = shift_types or rng.randint(1, min(len(_SHIFTS), 1 + staff // 8))
    order = sorted(rng.sample(range(len(_SHIFTS)), count))
    shifts = tuple(Shift(_SHIFTS[i][0], _SHIFTS[i][1], frozenset(_SHIFTS[j][0] for j in order if j < i))
                   for i in order)
    contracts = [_contract(rng, days) for _ in range(rng.randint(1, 3))]
    planted: Schedule = {}
    people = []
    for n in range(staff):
        contract = rng.choice(contracts)
        employee = f"E{n}"
        allowed = [s.id for s in shifts if len(shifts) == 1 or rng.random() < 0.75] or [rng.choice(shifts).id]
        planted[employee] = _plant(rng, days, contract, allowed)
        people.append(_limits(rng, employee, planted[employee], contract, shifts, allowed, days))
    instance = Instance(
        horizon=days,
        shifts=shifts,
        staff=tuple(people),
        days_off={e: _days_off(rng, schedule) for e, schedule in planted.items()},
        on_requests=_requests(rng, planted, shifts),
        off_requests=_requests(rng, planted, shifts),
        cover=tuple(Cover(d, s.id, max(0, sum(p[d] == s.id for p in planted.values()) + rng.choice((-1, 0, 0, 1))),
                          UNDER, OVER) for d in range(days) for s in shifts),
    )
    problems = validate(instance, planted)
    assert not problems, f"the planted schedule breaks its own limits: {problems[:3]}"
    return Generated(instance, planted)


def _contract(rng: random.Random, days: int) -> _Contract:
    max_consecutive = rng.randint(4, 7)
    min_days_off = rng.randint(1, 3)
    weekends = (days + 7 - SATURDAY - 1) // 7  # weekends that begin inside the horizon
    return _Contract(max_consecutive, rng.randint(1, min(3, max_consecutive - 2)), min_days_off,
                     max(1, round(weekends * rng.uniform(0.4, 0.75))), min_days_off + rng.randint(1, 2))


def _plant(rng: random.Random, days: int, contract: _Contract, allowed: list[str]) -> list[str | None]:
    """Runs of work and rest under the contract; a run that would take one weekend too many ends before it."""
    schedule: list[str | None] = [None] * days
    weekends: set[int] = set()
    day = rng.randint(0, contract.longest_rest)  # the first rest touches the horizon's start: any length
    while day < days:
        run = range(day, min(days, day + rng.randint(contract.min_consecutive, contract.max_consecutive)))
        new = sorted({d // 7 for d in run if d % 7 >= SATURDAY} - weekends)
        if len(weekends) + len(new) > contract.max_weekends:
            first = next(d for d in run if d % 7 >= SATURDAY and d // 7 not in weekends)
            run = range(day, first)
            if len(run) < contract.min_consecutive:
                day += 1  # rest one day longer and try again
                continue
        weekends |= {d // 7 for d in run if d % 7 >= SATURDAY}
        # Within a run the shifts only move later in the day, so no succession is forbidden.
        shift = rng.randrange(len(allowed))
        for d in run:
            schedule[d] = allowed[shift]
            if rng.random() < 0.25:
                shift = rng.randrange(shift, len(allowed))
        day = run.stop + rng.randint(contract.min_days_off, contract.longest_rest)
    return schedule


def _limits(rng: random.Random, employee: str, planted: list[str | None], contract: _Contract,
            shifts: tuple[Shift, ...], allowed: list[str], days: int) -> Staff:
    """The employee's line: each limit the planted schedule's own value, widened by a little or not at all."""
    length = {s.id: s.minutes for s in shifts}
    minutes = sum(length[s] for s in planted if s)
    max_shifts = {s.id: (planted.count(s.id) + rng.randint(0, 3) if s.id in allowed else 0) for s in shifts}
    return Staff(employee, {k: min(v, days) for k, v in max_shifts.items()},
                 max_minutes=minutes + 480 * rng.randint(0, 2), min_minutes=max(0, minutes - 480 * rng.randint(0, 2)),
                 max_consecutive=contract.max_consecutive, min_consecutive=contract.min_consecutive,
                 min_days_off=contract.min_days_off, max_weekends=contract.max_weekends)


def _days_off(rng: random.Random, planted: list[str | None]) -> frozenset[int]:
    rests = [d for d, s in enumerate(planted) if s is None]
    return frozenset(rng.sample(rests, min(len(rests), max(1, len(planted) // 14))))


def _requests(rng: random.Random, planted: Schedule, shifts: tuple[Shift, ...]) -> tuple[Request, ...]:
    """About one request a week per employee, half of them granted by the planted schedule."""
    requests = []
    for employee, schedule in planted.items():
        days = rng.sample(range(len(schedule)), max(1, len(schedule) // 7))
        for day in sorted(days):
            planted_shift = schedule[day]
            if rng.random() < 0.5 and planted_shift is not None:
                # On: the plant grants it (works that shift). Off: the plant does not (works the shift asked off).
                shift = planted_shift
            else:
                shift = rng.choice([s.id for s in shifts if s.id != planted_shift] or [shifts[0].id])
            requests.append(Request(employee, day, shift, rng.randint(1, 3)))
    return tuple(requests)
