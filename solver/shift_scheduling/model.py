"""The CP-SAT model of a Curtois & Qu instance: one function per hard rule, the penalties, and an exact solve.

Coverage, "one shift at a time", the penalty ledger and the solver run come from solver/cpsat.py, the
constraint code the duty roster runs too. build() models all staff, or only some of them over some days
with everyone else's schedule fixed: the large neighbourhood search (search.py) solves such parts.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.cpsat import Penalties, Status, cover, one_at_a_time, run_with
from solver.shift_scheduling.instance import SATURDAY, Instance, Schedule, Staff
from solver.shift_scheduling.validation import runs_of

# One CP-SAT worker with the linear relaxation at level 2 (clauses in the LP, and its cuts): measured on
# 2 cores, it proves Instance1–5 optimal: 1–4 within 7 s, 5 in 31–39 s. With the default level, 2–4 workers
# left Instance5 near 1,540 after 60 s (best known 1,143); the portfolio only takes a level-2 subsolver
# (max_lp) from 6 workers up, which then shares the 2 cores with five others (Instance4 in 13–31 s,
# Instance5 at 1,143–1,151 after 60 s). A single worker also searches the same way on every run.
WORKERS = 1
CP_SAT = {"linearization_level": 2}


@dataclass(frozen=True)
class Solution:
    status: Status
    objective: int | None
    bound: int | None
    seconds: float
    schedule: Schedule  # empty when there is no solution
    costs: dict[str, int] = field(default_factory=dict)  # the objective by soft rule
    explanation: tuple[str, ...] = ()  # for infeasible input: whose rules conflict, and which
    first: float | None = None  # seconds to the first schedule, where the search records it



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
    on: dict[int, dict[str, cp_model.IntVar]]  # on[day][shift]: works that shift that day, on the modelled days
    stretches: dict[tuple[int, int], cp_model.IntVar]  # (start, end): works exactly start … end - 1 as one run
    # The days not modelled, as the schedule fixes them: their shifts, and the weekends their runs work.
    outside: list[str | None] = field(default_factory=list)
    outside_weekends: int = 0


RunRule = Callable[[Instance, Staff, int, int], bool]
RowRule = Callable[[cp_model.CpModel, Instance, _Person], None]


@dataclass(frozen=True)
class HardRule:
    describe: Callable[[Instance, Staff], str]  # what the employee's line sets for it, for explanations
    allows: RunRule | None = None  # a rule about one run: may the stretch (start, end) exist
    grows_out: bool = False  # once a run breaks it, every longer run from the same day does too
    add: RowRule | None = None  # any other rule: constraints over a person's choices


def _person(model: cp_model.CpModel, instance: Instance, staff: Staff, rules: Sequence[HardRule],
            span: range | None = None, fixed: Sequence[str | None] = ()) -> _Person:
    """The employee's choices over the days of `span` (default: the horizon); `fixed`, their schedule, gives
    the days outside it, whose runs the run rules must then keep as they are (see _kept_outside)."""
    span = span if span is not None else range(instance.horizon)
    on = {d: {s.id: model.new_bool_var(f"{staff.id}_{d}_{s.id}") for s in instance.shifts} for d in span}
    # A stretch that reaches the span from before it is the schedule's run across its first day.
    first = span.start
    while first > 0 and fixed and fixed[first - 1] is not None:
        first -= 1
    stretches = {run: model.new_bool_var(f"{staff.id}_run_{run[0]}_{run[1]}")
                 for run in _candidates(instance, staff, rules, range(first, span.stop)) if run[1] > span.start}
    covering: dict[int, list[cp_model.IntVar]] = {d: [] for d in span}
    for (start, end), chosen in stretches.items():
        for day in range(max(start, span.start), min(end, span.stop)):
            covering[day].append(chosen)
    # Chosen runs neither overlap nor touch: each one also claims the day after it.
    one_at_a_time(model, ((start, end + 1, chosen) for (start, end), chosen in stretches.items()))
    for day, shifts in on.items():
        # A day has a shift exactly when a chosen run covers it.
        model.add(_sum(shifts.values()) == _sum(covering[day]))
    person = _Person(staff, on, stretches)
    if fixed:
        person.outside = [shift for day, shift in enumerate(fixed) if day not in span]
        person.outside_weekends = sum(_weekends(start, start + length) for start, length, working
                                      in runs_of([d is not None for d in fixed])
                                      if working and (start + length <= span.start or start >= span.stop))
    for rule in rules:
        if rule.add:
            rule.add(model, instance, person)
    return person


def _sum(terms: Iterable[cp_model.IntVar]) -> cp_model.LinearExprT:
    """A sum of many variables, built in one call rather than one Python addition per term."""
    return cp_model.LinearExpr.sum(list(terms))


def _candidates(instance: Instance, staff: Staff, rules: Sequence[HardRule],
                starts: range | None = None) -> list[tuple[int, int]]:
    """Every stretch the run rules allow (from `starts` only, if given); a run is grown day by day until a
    rule it can not outgrow fails."""
    growing = [r.allows for r in rules if r.allows and r.grows_out]
    others = [r.allows for r in rules if r.allows and not r.grows_out]
    found = []
    for start in starts if starts is not None else range(instance.horizon):
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
    for day, shifts in person.on.items():
        one_at_a_time(model, ((day, day + 1, v) for v in shifts.values()))


def forbidden_successions(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    # Today's shifts exclude each other, so all those that forbid the same shifts tomorrow share one row:
    # "any of them today plus any forbidden one tomorrow ≤ 1" is the same rule, tighter and in fewer rows.
    sources: dict[frozenset[str], list[str]] = defaultdict(list)
    for shift in instance.shifts:
        if shift.forbidden_next:
            sources[shift.forbidden_next].append(shift.id)
    for day, today in person.on.items():
        if (tomorrow := person.on.get(day + 1)) is None:
            continue  # the day after is not modelled: fixed, the pair is as the schedule has it
        for forbidden, shifts in sources.items():
            model.add(_sum([*(today[s] for s in shifts), *(tomorrow[n] for n in forbidden)]) <= 1)


def max_shifts_per_type(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    for shift_id, limit in person.staff.max_shifts.items():
        if limit < instance.horizon:
            model.add(_sum(day[shift_id] for day in person.on.values()) <= limit - person.outside.count(shift_id))


def total_minutes(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    length = {s.id: s.minutes for s in instance.shifts}
    shifts = [(v, length[s]) for day in person.on.values() for s, v in day.items()]
    minutes = cp_model.LinearExpr.weighted_sum([v for v, _ in shifts], [m for _, m in shifts])
    outside = sum(length[s] for s in person.outside if s is not None)
    model.add_linear_constraint(minutes, person.staff.min_minutes - outside, person.staff.max_minutes - outside)


def min_consecutive_days_off(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    rest = person.staff.min_days_off
    if rest > 1:  # a rest of one day is what keeps runs from touching, which holds already
        # A run also claims the rest after it. What it claims past the horizon's end meets no other run,
        # so a rest that reaches the end may be shorter, as the rule says.
        one_at_a_time(model, ((start, end + rest, chosen) for (start, end), chosen in person.stretches.items()))


def max_working_weekends(model: cp_model.CpModel, instance: Instance, person: _Person) -> None:
    # Runs never touch, so a weekend worked lies in one chosen run: the weekends worked are the chosen
    # runs, each counted by the weekends it touches. An exact row, without a variable per weekend.
    touched = {run: n for run in person.stretches if (n := _weekends(*run))}
    worked = cp_model.LinearExpr.weighted_sum([person.stretches[run] for run in touched], list(touched.values()))
    model.add(worked <= person.staff.max_weekends - person.outside_weekends)


def _weekends(start: int, end: int) -> int:
    """The weekends a run of the days start … end - 1 works."""
    return len({d // 7 for d in range(start, end) if d % 7 >= SATURDAY})


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


def _requests(penalties: Penalties, instance: Instance, people: Mapping[str, _Person], days: range) -> None:
    for r in instance.on_requests:
        if r.employee in people and r.day in days:
            penalties.add("shift_on_requests", r.weight, 1 - people[r.employee].on[r.day][r.shift])
    for r in instance.off_requests:
        if r.employee in people and r.day in days:
            penalties.add("shift_off_requests", r.weight, people[r.employee].on[r.day][r.shift])


def _cover(model: cp_model.CpModel, penalties: Penalties, instance: Instance, people: Mapping[str, _Person],
           others: Mapping[str, Sequence[str | None]], days: range) -> None:
    # Those not modelled stand where `others` puts them: their headcount is a constant the target drops by,
    # so the under/over terms still price the cover of `days` exactly.
    fixed = Counter((day, shift) for shifts in others.values() for day in days if (shift := shifts[day]))
    for c in instance.cover:
        if c.day not in days:
            continue
        assigned = [p.on[c.day][c.shift] for p in people.values()]
        target = c.requirement - fixed[c.day, c.shift]
        if len(assigned) == 1:
            # One employee adds at most one to the slot: the price is linear, and needs no variable.
            short, extra = (target - assigned[0], 0) if target > 0 else (0, assigned[0] - target)
            penalties.add("cover_under", c.under, short)
            penalties.add("cover_over", c.over, extra)
        else:
            cover(model, penalties, assigned, target=target, under=("cover_under", c.under),
                  over=("cover_over", c.over))


@dataclass
class Built:
    model: cp_model.CpModel
    penalties: Penalties
    people: dict[str, _Person]
    base: Mapping[str, Sequence[str | None]]  # the schedule the days not modelled keep
    horizon: int

    def schedule(self, solver: cp_model.CpSolver) -> Schedule:
        """The modelled people's schedules over the whole horizon."""
        value = solver.boolean_value
        return {e: [next((s for s, v in p.on[day].items() if value(v)), None) if day in p.on else self.base[e][day]
                    for day in range(self.horizon)]
                for e, p in self.people.items()}

    def hint(self, schedule: Mapping[str, Sequence[str | None]]) -> None:
        """A complete hint from a schedule of the modelled people: their shifts and their maximal runs."""
        for employee, person in self.people.items():
            days = schedule[employee]
            for day, shifts in person.on.items():
                for shift, var in shifts.items():
                    self.model.add_hint(var, shift == days[day])
            worked = runs_of([d is not None for d in days])
            runs = {(start, start + length) for start, length, working in worked if working}
            for run, var in person.stretches.items():
                self.model.add_hint(var, run in runs)


def build(instance: Instance, free: Sequence[str] | None = None, schedule: Mapping[str, Sequence[str | None]] = {},
          days: range | None = None) -> Built:
    """The model of the staff in `free` (default: everyone); `schedule` fixes the others, and outside `days`
    (default: all) the free staff too. The objective is the cover of `days` plus the free staff's requests on
    them: what the rest costs is fixed (validation.costs(days=…, staff=…) prices the same scope).

    A part over a window models only the window's days and, either side, as many fixed days as the longest
    rest (which carry the rules across its edges); the other days enter the rules as constants, so a part's
    model takes as long to build over half a year as over a month. Measured on 150 × 182 over 60 s (idle):
    building the parts took 23.6 s of the 60 when they held every day (the other days fixed), 6.5 s now,
    and the search's result went from 2,854 to 2,537.
    """
    model, penalties = cp_model.CpModel(), Penalties()
    modelled = set(free) if free is not None else {s.id for s in instance.staff}
    rules = list(HARD_RULES.values())
    span = window = range(instance.horizon)
    if days is not None:
        rules += _kept_outside(schedule, days)
        margin = max([1, *(s.min_days_off for s in instance.staff)])
        window = days
        span = range(max(0, days.start - margin), min(instance.horizon, days.stop + margin))
    people = {s.id: _person(model, instance, s, rules, span, schedule.get(s.id, ()) if days is not None else ())
              for s in instance.staff if s.id in modelled}
    for employee, person in people.items():
        for day, shifts in person.on.items():
            if day not in window:
                for shift, var in shifts.items():
                    model.add(var == (schedule[employee][day] == shift))
    _requests(penalties, instance, people, window)
    _cover(model, penalties, instance, people, {e: d for e, d in schedule.items() if e not in modelled}, window)
    return Built(model, penalties, people, schedule, instance.horizon)


def _kept_outside(schedule: Mapping[str, Sequence[str | None]], days: range) -> list[HardRule]:
    """Run rules that keep each stretch as `schedule` has it outside `days`. A part models only the days
    near its window: these rules make a stretch that reaches past them the schedule's own run there, and
    leave out every stretch that could never be chosen.
    """
    def worked_outside(instance: Instance, staff: Staff, start: int, end: int) -> bool:
        last = end - 1  # the run grows one day at a time: only its new day needs a look
        return last in days or schedule[staff.id][last] is not None

    def rests_outside(instance: Instance, staff: Staff, start: int, end: int) -> bool:
        # The days either side, where fixed, are rests: the run is a whole run of the schedule there.
        return all(d in days or not 0 <= d < instance.horizon or schedule[staff.id][d] is None
                   for d in (start - 1, end))

    return [HardRule(lambda i, s: "", allows=worked_outside, grows_out=True),
            HardRule(lambda i, s: "", allows=rests_outside)]


def solve_exact(instance: Instance, time_limit: float, *, workers: int = WORKERS,
                on_progress: Callable[[int, int | None], None] | None = None,
                hint: Mapping[str, Sequence[str | None]] | None = None) -> Solution:
    """The whole model in one CP-SAT run, which proves small instances optimal; `hint`: a schedule to start from."""
    started = time.perf_counter()
    built = build(instance)
    if hint:
        built.hint(hint)
    # The time limit is the caller's whole wait: building a year's model for 150 people takes seconds too.
    elapsed = time.perf_counter() - started
    result = run_with(built.model, built.penalties, CP_SAT, time_limit=time_limit - elapsed, workers=workers,
                      on_solution=on_progress)
    seconds = elapsed + result.seconds
    if result.objective is None:
        infeasible = result.status is Status.INFEASIBLE
        explanation = explain(instance, budget=max(1.0, time_limit - seconds)) if infeasible else ()
        return Solution(result.status, None, None, seconds, {}, explanation=explanation)
    return Solution(result.status, result.objective, result.bound, seconds, built.schedule(result.solver),
                    built.penalties.costs(result.solver))


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
