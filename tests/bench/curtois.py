"""The public shift-scheduling benchmark of Curtois & Qu (schedulingbenchmarks.org) as a CP-SAT model.

It is here to measure the constraint code the duty roster runs: coverage, "one shift at a time", the
penalty ledger and the solver run come from solver/cpsat.py; the rules only this benchmark has are one
function per family below. `validate` and `objective` re-check a schedule without the model.

A schedule maps each employee to a list over the horizon's days of a shift id, or None for a day off.
Day 0 is a Monday; a weekend is Saturday and Sunday, and working either day uses it up.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.cpsat import Penalties, Status, cover, one_at_a_time, run_with

Schedule = dict[str, list[str | None]]

# One CP-SAT worker with the linear relaxation at level 2 (clauses in the LP, and its cuts): measured on
# 2 cores, it proves Instance1–5 optimal: 1–4 within 7 s, 5 in 31–39 s. With the default level, 2–4 workers
# left Instance5 near 1,540 after 60 s (best known 1,143); the portfolio only takes a level-2 subsolver
# (max_lp) from 6 workers up, which then shares the 2 cores with five others (Instance4 in 13–31 s,
# Instance5 at 1,143–1,151 after 60 s). A single worker also searches the same way on every run.
WORKERS = 1
CP_SAT = {"linearization_level": 2}

SATURDAY = 5  # day 0 is a Monday: days 7k + 5 and 7k + 6 are weekend k


@dataclass(frozen=True)
class Shift:
    id: str
    minutes: int
    forbidden_next: frozenset[str] = frozenset()  # shifts that may not be worked the day after this one


@dataclass(frozen=True)
class Staff:
    id: str
    max_shifts: Mapping[str, int]  # per shift type; a type not named here is limited only by the horizon
    max_minutes: int
    min_minutes: int
    max_consecutive: int  # working days in a row
    min_consecutive: int  # binds only runs wholly inside the horizon
    min_days_off: int  # days off in a row; binds only runs wholly inside the horizon
    max_weekends: int


@dataclass(frozen=True)
class Request:
    employee: str
    day: int
    shift: str
    weight: int  # the penalty when the request is not granted


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    under: int  # penalty per person short
    over: int  # penalty per person too many


@dataclass(frozen=True)
class Instance:
    horizon: int
    shifts: tuple[Shift, ...]
    staff: tuple[Staff, ...]
    days_off: Mapping[str, frozenset[int]] = field(default_factory=dict)
    on_requests: tuple[Request, ...] = ()
    off_requests: tuple[Request, ...] = ()
    cover: tuple[Cover, ...] = ()


@dataclass(frozen=True)
class Solution:
    status: Status
    objective: int | None
    bound: int | None
    seconds: float
    schedule: Schedule  # empty when there is no solution
    costs: dict[str, int] = field(default_factory=dict)  # the objective by soft rule
    explanation: tuple[str, ...] = ()  # for infeasible input: whose rules conflict, and which


# ---------------------------------------------------------------------------------------------- reader

_SECTIONS = ("HORIZON", "SHIFTS", "STAFF", "DAYS_OFF", "SHIFT_ON_REQUESTS", "SHIFT_OFF_REQUESTS", "COVER")
_REQUIRED = ("HORIZON", "SHIFTS", "STAFF")


def read(text: str) -> Instance:
    """Parses the benchmark's text format; raises ValueError naming the line of anything it can not use."""
    sections = _split_sections(text)
    missing = [name for name in _REQUIRED if name not in sections]
    if missing:
        raise ValueError(f"missing section(s): {', '.join('SECTION_' + m for m in missing)}")
    instance = Instance(
        horizon=_read_horizon(sections["HORIZON"]),
        shifts=tuple(_read_shift(n, f) for n, f in sections["SHIFTS"]),
        staff=tuple(_read_staff(n, f) for n, f in sections["STAFF"]),
        days_off=_read_days_off(sections.get("DAYS_OFF", [])),
        on_requests=tuple(_read_request(n, f) for n, f in sections.get("SHIFT_ON_REQUESTS", [])),
        off_requests=tuple(_read_request(n, f) for n, f in sections.get("SHIFT_OFF_REQUESTS", [])),
        cover=tuple(_read_cover(n, f) for n, f in sections.get("COVER", [])),
    )
    _check_references(instance)
    return instance


Line = tuple[int, list[str]]  # line number (from 1) and its comma-separated fields


def _split_sections(text: str) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.upper().startswith("SECTION_"):
            name = line[len("SECTION_"):].strip().upper()
            if name not in _SECTIONS:
                raise ValueError(f"line {number}: unknown section {line!r}")
            if name in sections:
                raise ValueError(f"line {number}: section {line!r} appears twice")
            current = sections[name] = []
        elif current is None:
            raise ValueError(f"line {number}: data before any SECTION_ header: {line!r}")
        else:
            current.append((number, [f.strip() for f in line.split(",")]))
    return sections


def _int(number: int, value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"line {number}: {what} must be a whole number, not {value!r}") from None


def _fields(number: int, fields: list[str], count: int, what: str) -> list[str]:
    """The first `count` fields; a trailing empty field (a line ending in a comma) is allowed."""
    if len(fields) < count or any(f for f in fields[count:]):
        raise ValueError(f"line {number}: {what} needs {count} fields, got {','.join(fields)!r}")
    return fields[:count]


def _read_horizon(lines: list[Line]) -> int:
    if len(lines) != 1 or len(lines[0][1]) != 1:
        raise ValueError("SECTION_HORIZON must hold exactly one number")
    number, (value,) = lines[0]
    horizon = _int(number, value, "the horizon")
    if horizon < 1:
        raise ValueError(f"line {number}: the horizon must be at least one day")
    return horizon


def _read_shift(number: int, fields: list[str]) -> Shift:
    # The third field may be missing or empty: "D,480", "D,480," and "L,480,E|D" are all shifts.
    if not 2 <= len(fields) <= 3 or not fields[0]:
        raise ValueError(f"line {number}: a shift is 'id,minutes,next|next', got {','.join(fields)!r}")
    shift_id, minutes, forbidden = (fields + [""])[:3]
    return Shift(shift_id, _int(number, minutes, "shift length"),
                 frozenset(s.strip() for s in forbidden.split("|") if s.strip()))


def _read_staff(number: int, fields: list[str]) -> Staff:
    staff_id, max_shifts, *numbers = _fields(number, fields, 8, "a staff line")
    limits = [_int(number, v, "a staff limit") for v in numbers]
    return Staff(staff_id, _read_max_shifts(number, max_shifts), *limits)


def _read_max_shifts(number: int, text: str) -> dict[str, int]:
    limits: dict[str, int] = {}
    for item in filter(None, (i.strip() for i in text.split("|"))):
        shift_id, equals, value = item.partition("=")
        if not equals:
            raise ValueError(f"line {number}: max shifts are 'D=14|L=14', got {item!r}")
        limits[shift_id.strip()] = _int(number, value.strip(), "a max shifts value")
    return limits


def _read_days_off(lines: list[Line]) -> dict[str, frozenset[int]]:
    days_off: dict[str, set[int]] = {}
    for number, (employee, *days) in lines:
        days_off.setdefault(employee, set()).update(_int(number, d, "a day") for d in days if d)
    return {employee: frozenset(days) for employee, days in days_off.items()}


def _read_request(number: int, fields: list[str]) -> Request:
    employee, day, shift_id, weight = _fields(number, fields, 4, "a request")
    return Request(employee, _int(number, day, "a day"), shift_id, _int(number, weight, "a weight"))


def _read_cover(number: int, fields: list[str]) -> Cover:
    day, shift_id, requirement, under, over = _fields(number, fields, 5, "a cover line")
    return Cover(_int(number, day, "a day"), shift_id, _int(number, requirement, "a requirement"),
                 _int(number, under, "a weight"), _int(number, over, "a weight"))


def _check_references(instance: Instance) -> None:
    """Every id a line names exists and every day lies in the horizon, so the model never guesses."""
    shifts = [s.id for s in instance.shifts]
    staff = [s.id for s in instance.staff]
    problems = [f"shift {i!r} is defined twice" for i in sorted(set(shifts)) if shifts.count(i) > 1]
    problems += [f"employee {i!r} is defined twice" for i in sorted(set(staff)) if staff.count(i) > 1]
    problems += [f"shift {s.id} names unknown next shift {n!r}" for s in instance.shifts
                 for n in sorted(s.forbidden_next - set(shifts))]
    problems += [f"employee {s.id} limits unknown shift {n!r}" for s in instance.staff
                 for n in s.max_shifts if n not in shifts]
    requests = instance.on_requests + instance.off_requests
    problems += [f"days off name unknown employee {e!r}" for e in instance.days_off if e not in staff]
    problems += [f"a request names unknown employee {r.employee!r}" for r in requests if r.employee not in staff]
    problems += [f"a request or cover names unknown shift {x.shift!r}" for x in requests + instance.cover
                 if x.shift not in shifts]
    days = [d for ds in instance.days_off.values() for d in ds] + [x.day for x in requests + instance.cover]
    problems += [f"day {d} lies outside the horizon of {instance.horizon} days" for d in sorted(set(days))
                 if not 0 <= d < instance.horizon]
    if problems:
        raise ValueError("; ".join(problems))


# ----------------------------------------------------------------------------------------------- model
#
# Working days are modelled as stretches: a stretch (start, end) is a run of the days start … end - 1
# worked one after another, and an employee's working days are the chosen stretches, which neither
# overlap nor touch (two touching runs would be one longer run). Rules about one run (its length, the
# days off it may not cover) decide which stretches exist at all; every other rule is a row over the
# chosen stretches and shifts. Why not forbidden day patterns (the first version): their clauses enter
# CP-SAT's linear relaxation only at linearization level 2, whereas stretches that overlap form at-most-one
# cliques, which every LP takes. Measured with 6 workers (the default LP level) on 2 cores: patterns left
# Instance3 unproved after 20 s and Instance5 at 1,159 after 60 s; stretches proved Instance3 in 1–12 s and
# reached 1,143–1,151 on Instance5.


@dataclass
class _Person:
    staff: Staff
    on: list[dict[str, cp_model.IntVar]]  # on[day][shift]: works that shift that day
    stretches: dict[tuple[int, int], cp_model.IntVar]  # (start, end): works exactly start … end - 1 as one run


RunRule = Callable[[Instance, Staff, int, int], bool]
RowRule = Callable[[cp_model.CpModel, Instance, _Person], None]


@dataclass(frozen=True)
class HardRule:
    describe: Callable[[Instance, Staff], str]  # what the employee's line sets for it, for explanations
    allows: RunRule | None = None  # a rule about one run: may the stretch (start, end) exist
    grows_out: bool = False  # once a run breaks it, every longer run from the same day does too
    add: RowRule | None = None  # any other rule: constraints over a person's choices


def _person(model: cp_model.CpModel, instance: Instance, staff: Staff, rules: Sequence[HardRule]) -> _Person:
    on = [{s.id: model.new_bool_var(f"{staff.id}_{d}_{s.id}") for s in instance.shifts}
          for d in range(instance.horizon)]
    stretches = {run: model.new_bool_var(f"{staff.id}_run_{run[0]}_{run[1]}")
                 for run in _candidates(instance, staff, rules)}
    covering: list[list[cp_model.IntVar]] = [[] for _ in range(instance.horizon)]
    for (start, end), chosen in stretches.items():
        for day in range(start, end):
            covering[day].append(chosen)
    # Chosen runs neither overlap nor touch: each one also claims the day after it.
    one_at_a_time(model, ((start, end + 1, chosen) for (start, end), chosen in stretches.items()))
    for shifts, runs in zip(on, covering, strict=True):
        # A day has a shift exactly when a chosen run covers it.
        model.add(_sum(shifts.values()) == _sum(runs))
    person = _Person(staff, on, stretches)
    for rule in rules:
        if rule.add:
            rule.add(model, instance, person)
    return person


def _sum(terms: Iterable[cp_model.IntVar]) -> cp_model.LinearExprT:
    """A sum of many variables, built in one call rather than one Python addition per term."""
    return cp_model.LinearExpr.sum(list(terms))


def _candidates(instance: Instance, staff: Staff, rules: Sequence[HardRule]) -> list[tuple[int, int]]:
    """Every stretch the run rules allow; a run is grown day by day until a rule it can not outgrow fails."""
    growing = [r.allows for r in rules if r.allows and r.grows_out]
    others = [r.allows for r in rules if r.allows and not r.grows_out]
    found = []
    for start in range(instance.horizon):
        for end in range(start + 1, instance.horizon + 1):
            if not all(allows(instance, staff, start, end) for allows in growing):
                break
            if all(allows(instance, staff, start, end) for allows in others):
                found.append((start, end))
    return found


def days_off(instance: Instance, staff: Staff, start: int, end: int) -> bool:
    return instance.days_off.get(staff.id, frozenset()).isdisjoint(range(start, end))


def max_consecutive_working_days(instance: Instance, staff: Staff, start: int, end: int) -> bool:
    return end - start <= staff.max_consecutive


def min_consecutive_working_days(instance: Instance, staff: Staff, start: int, end: int) -> bool:
    # Only a run wholly inside the horizon binds: one on its first or last day may be shorter.
    return end - start >= staff.min_consecutive or start == 0 or end == instance.horizon


def one_shift_a_day(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    # A day is the benchmark's time slot: each of its shifts occupies [day, day + 1). One call per day, as
    # shifts of different days never overlap (and the helper's work then grows only with the horizon).
    # The link to the runs implies this rule already; it is stated so that it holds by itself.
    for day, shifts in enumerate(person.on):
        one_at_a_time(model, ((day, day + 1, v) for v in shifts.values()))


def forbidden_successions(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    # Today's shifts exclude each other, so all those that forbid the same shifts tomorrow share one row:
    # "any of them today plus any forbidden one tomorrow ≤ 1" is the same rule, tighter and in fewer rows.
    sources: dict[frozenset[str], list[str]] = defaultdict(list)
    for shift in instance.shifts:
        if shift.forbidden_next:
            sources[shift.forbidden_next].append(shift.id)
    for today, tomorrow in zip(person.on, person.on[1:], strict=False):
        for forbidden, shifts in sources.items():
            model.add(_sum([*(today[s] for s in shifts), *(tomorrow[n] for n in forbidden)]) <= 1)


def max_shifts_per_type(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    for shift_id, limit in person.staff.max_shifts.items():
        if limit < instance.horizon:
            model.add(_sum(day[shift_id] for day in person.on) <= limit)


def total_minutes(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    length = {s.id: s.minutes for s in instance.shifts}
    shifts = [(v, length[s]) for day in person.on for s, v in day.items()]
    minutes = cp_model.LinearExpr.weighted_sum([v for v, _ in shifts], [m for _, m in shifts])
    model.add_linear_constraint(minutes, person.staff.min_minutes, person.staff.max_minutes)


def min_consecutive_days_off(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    rest = person.staff.min_days_off
    if rest > 1:  # a rest of one day is what keeps runs from touching, which holds already
        # A run also claims the rest after it. What it claims past the horizon's end meets no other run,
        # so a rest that reaches the end may be shorter, as the rule says.
        one_at_a_time(model, ((start, end + rest, chosen) for (start, end), chosen in person.stretches.items()))


def max_working_weekends(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    # Runs never touch, so a weekend worked lies in one chosen run: the weekends worked are the chosen
    # runs, each counted by the weekends it touches. An exact row, without a variable per weekend.
    touched = {run: n for run in person.stretches if (n := len({d // 7 for d in range(*run) if d % 7 >= SATURDAY}))}
    worked = cp_model.LinearExpr.weighted_sum([person.stretches[run] for run in touched], list(touched.values()))
    model.add(worked <= person.staff.max_weekends)


def _listed(values: Iterable[object]) -> str:
    return ", ".join(map(str, values))


# Every hard rule, by the name an explanation uses.
HARD_RULES: dict[str, HardRule] = {
    "one shift a day": HardRule(lambda i, s: "", add=one_shift_a_day),
    "days off": HardRule(lambda i, s: _listed(sorted(i.days_off.get(s.id, ()))), allows=days_off, grows_out=True),
    "forbidden successions": HardRule(
        lambda i, s: _listed(f"{x.id}→{n}" for x in i.shifts for n in sorted(x.forbidden_next)),
        add=forbidden_successions),
    "max shifts per type": HardRule(lambda i, s: _listed(f"{k}≤{v}" for k, v in s.max_shifts.items()),
                                    add=max_shifts_per_type),
    "total minutes": HardRule(lambda i, s: f"{s.min_minutes}–{s.max_minutes}", add=total_minutes),
    "max consecutive working days": HardRule(lambda i, s: str(s.max_consecutive),
                                             allows=max_consecutive_working_days, grows_out=True),
    "min consecutive working days": HardRule(lambda i, s: str(s.min_consecutive),
                                             allows=min_consecutive_working_days),
    "min consecutive days off": HardRule(lambda i, s: str(s.min_days_off), add=min_consecutive_days_off),
    "max working weekends": HardRule(lambda i, s: str(s.max_weekends), add=max_working_weekends),
}


def _requests(penalties: Penalties, instance: Instance, people: Mapping[str, _Person]) -> None:
    for r in instance.on_requests:
        penalties.add("shift_on_requests", r.weight, 1 - people[r.employee].on[r.day][r.shift])
    for r in instance.off_requests:
        penalties.add("shift_off_requests", r.weight, people[r.employee].on[r.day][r.shift])


def _cover(model: cp_model.CpModel, penalties: Penalties, instance: Instance, people: Mapping[str, _Person]) -> None:
    for c in instance.cover:
        assigned = [p.on[c.day][c.shift] for p in people.values()]
        cover(model, penalties, assigned, target=c.requirement,
              under=("cover_under", c.under), over=("cover_over", c.over))


def build(instance: Instance) -> tuple[cp_model.CpModel, Penalties, dict[str, _Person]]:
    model, penalties = cp_model.CpModel(), Penalties()
    people = {s.id: _person(model, instance, s, list(HARD_RULES.values())) for s in instance.staff}
    _requests(penalties, instance, people)
    _cover(model, penalties, instance, people)
    return model, penalties, people


def solve(instance: Instance, time_limit: float, *, workers: int = WORKERS,
          on_progress: Callable[[int, int], None] | None = None) -> Solution:
    """Minimises request and cover penalties; `on_progress(objective, bound)` hears of every better schedule."""
    started = time.perf_counter()
    model, penalties, people = build(instance)
    # The time limit is the caller's whole wait: building a year's model for 150 people takes seconds too.
    built = time.perf_counter() - started
    result = run_with(model, penalties, CP_SAT, time_limit=time_limit - built, workers=workers,
                      on_solution=on_progress)
    seconds = built + result.seconds
    if result.objective is None:
        infeasible = result.status is Status.INFEASIBLE
        explanation = explain(instance, budget=max(1.0, time_limit - seconds)) if infeasible else ()
        return Solution(result.status, None, None, seconds, {}, explanation=explanation)
    value = result.solver.boolean_value
    schedule = {e: [next((s for s, v in day.items() if value(v)), None) for day in p.on] for e, p in people.items()}
    return Solution(result.status, result.objective, result.bound, seconds, schedule, penalties.costs(result.solver))


# ------------------------------------------------------------------------------------------ explanation


def explain(instance: Instance, *, budget: float = 20.0) -> tuple[str, ...]:
    """Why no schedule exists: for each employee whose own rules clash, a smallest set of them that does.

    Cover and requests are soft, so rules only clash within one employee's line: each is checked alone,
    then rules are dropped one at a time while the rest still clash (a deletion filter). `budget` bounds
    the whole search in seconds; employees it leaves unexamined are counted in a last message.
    """
    deadline = time.perf_counter() + budget
    messages = []
    for done, staff in enumerate(instance.staff):
        if time.perf_counter() > deadline:
            messages.append(f"{len(instance.staff) - done} more employees not examined within {budget:g} s")
            break
        names = list(HARD_RULES)
        if _feasible(instance, staff, names, deadline):
            continue
        for name in list(names):
            rest = [n for n in names if n != name]
            if not _feasible(instance, staff, rest, deadline):
                names = rest
        described = [f"{n} ({d})" if (d := HARD_RULES[n].describe(instance, staff)) else n for n in names]
        messages.append(f"employee {staff.id}: these rules can not all hold: {'; '.join(described)}")
    return tuple(messages)


def _feasible(instance: Instance, staff: Staff, names: Sequence[str], deadline: float) -> bool:
    model = cp_model.CpModel()
    _person(model, instance, staff, [HARD_RULES[n] for n in names])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, deadline - time.perf_counter())
    solver.parameters.num_workers = 1
    # A time-out counts as feasible: the explanation then names no rule it has not proven to clash.
    return solver.solve(model) != cp_model.INFEASIBLE


# ----------------------------------------------------------------------------- independent re-checking


def validate(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> list[str]:
    """Every hard rule the schedule breaks, re-checked from the rules' text without the model."""
    problems = _shape(instance, schedule)
    if problems:
        return problems
    for staff in instance.staff:
        problems += _check_staff(instance, staff, schedule[staff.id])
    return problems


def _shape(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> list[str]:
    """The schedule names every employee once, each for every day, with a known shift or None."""
    known = {s.id for s in instance.shifts}
    problems = [f"{e}: not an employee" for e in schedule if e not in {s.id for s in instance.staff}]
    for staff in instance.staff:
        days = schedule.get(staff.id)
        if days is None or len(days) != instance.horizon:
            problems.append(f"{staff.id}: needs exactly one entry per day of the {instance.horizon}")
            continue
        for day, entry in enumerate(days):
            if isinstance(entry, list | tuple | set | frozenset):
                problems.append(f"{staff.id} day {day}: {len(entry)} shifts, at most one a day")
            elif entry is not None and entry not in known:
                problems.append(f"{staff.id} day {day}: unknown shift {entry!r}")
    return problems


def _check_staff(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    return [problem for check in _CHECKS for problem in check(instance, staff, days)]


def _check_days_off(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    return [f"{staff.id} day {d}: works {days[d]} on a day off" for d in sorted(instance.days_off.get(staff.id, ()))
            if days[d] is not None]


def _check_successions(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    forbidden = {s.id: s.forbidden_next for s in instance.shifts}
    pairs = enumerate(zip(days, days[1:], strict=False))
    return [f"{staff.id} day {d}: {tomorrow} may not follow {today}" for d, (today, tomorrow) in pairs
            if today is not None and tomorrow in forbidden[today]]


def _check_shift_counts(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    return [f"{staff.id}: {days.count(s)} shifts {s}, max shifts {limit}" for s, limit in staff.max_shifts.items()
            if days.count(s) > limit]


def _check_minutes(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    length = {s.id: s.minutes for s in instance.shifts}
    minutes = sum(length[s] for s in days if s is not None)
    if staff.min_minutes <= minutes <= staff.max_minutes:
        return []
    return [f"{staff.id}: {minutes} total minutes, allowed {staff.min_minutes}–{staff.max_minutes}"]


def _check_runs(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    """Run lengths: the maximum binds every run, the minimums only runs wholly inside the horizon."""
    problems = []
    for start, length, working in _runs([s is not None for s in days]):
        inside = start > 0 and start + length < len(days)
        at = f"{staff.id} day {start}: {length} consecutive"
        if working and length > staff.max_consecutive:
            problems.append(f"{at} working days, max {staff.max_consecutive}")
        if working and inside and length < staff.min_consecutive:
            problems.append(f"{at} working days, min {staff.min_consecutive}")
        if not working and inside and length < staff.min_days_off:
            problems.append(f"{at} days off, min {staff.min_days_off}")
    return problems


def _check_weekends(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    # Day 0 is a Monday: weekend k is days 7k + 5 (Saturday) and 7k + 6 (Sunday).
    weekends = len({d // 7 for d, s in enumerate(days) if s is not None and d % 7 in (5, 6)})
    if weekends <= staff.max_weekends:
        return []
    return [f"{staff.id}: {weekends} working weekends, max {staff.max_weekends}"]


_CHECKS = (_check_days_off, _check_successions, _check_shift_counts, _check_minutes, _check_runs, _check_weekends)


def _runs(flags: Sequence[bool]) -> list[tuple[int, int, bool]]:
    """(start, length, value) of each maximal run of equal flags."""
    return [(m.start(), len(m.group()), m.group()[0] == "1")
            for m in re.finditer(r"1+|0+", "".join("1" if f else "0" for f in flags))]


def objective(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> int:
    """The benchmark's objective from its definition: request penalties plus cover under/over penalties."""
    return sum(costs(instance, schedule).values())


def costs(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> dict[str, int]:
    """The objective by soft rule, under the same names as the model's penalty ledger."""
    on = sum(r.weight for r in instance.on_requests if schedule[r.employee][r.day] != r.shift)
    off = sum(r.weight for r in instance.off_requests if schedule[r.employee][r.day] == r.shift)
    under = over = 0
    for c in instance.cover:
        working = sum(days[c.day] == c.shift for days in schedule.values())
        under += c.under * max(0, c.requirement - working)
        over += c.over * max(0, working - c.requirement)
    return {"shift_on_requests": on, "shift_off_requests": off, "cover_under": under, "cover_over": over}
