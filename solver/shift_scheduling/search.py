"""solve(): a feasible schedule first, then better ones, within the caller's time on any instance size.

Cover and requests are soft, so every hard rule binds one employee alone: a schedule exists exactly when
each employee has one, and it is found one employee at a time (feasible first), each one's model with
the cover priced against the employees placed before. On a large instance, one CP-SAT run over everyone
finds nothing in minutes (measured: no schedule at 150 staff × 182 days after 30 s, nor for 5 employees
together after 10 s without a hint), whereas one employee alone is solved in 0.05–0.3 s.

Small instances (up to EXACT_SIZE staff × days × shifts) are then solved whole by one CP-SAT run from
that schedule, which proves Instance1–5 of the published set optimal. Larger ones are improved by large
neighbourhood search (improve()): each employee alone over the whole horizon, then parts of many
employees over a window of days, and a few employees over the whole horizon where a window can not fill
a short shift; each part re-solved by CP-SAT with everything else fixed, starting from the current
schedule, one part a core at the same time.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from solver.cpsat import Run, Status, run_with
from solver.shift_scheduling.instance import Cover, Instance, Schedule, Staff
from solver.shift_scheduling.model import CP_SAT, WORKERS, Built, Solution, build, explain, solve_exact
from solver.shift_scheduling.validation import costs

# Staff × days × shifts up to which the whole model is solved in one run from the first schedule:
# Instance5 has 896; generated 30 × 56 × 1 (1,680) is then proved optimal in 12 s (the search: 138 at
# 60 s against the optimal 112), whereas 40 × 28 × 4 (4,480) is left at 898 after 60 s (the search: 170).
EXACT_SIZE = 2000
# One employee's model is solved to optimality twice as fast without presolve (measured: 20 employees of
# 100 × 126 days, 0.19 → 0.09 s each, load 4). Before a search, the first schedule need not be each
# one's best (the search re-solves each employee first): their first solution (0.05 s) brought the
# first schedule of 100 × 126 from 28.6 to 12.3 s and the objective at 60 s from 6,133 to 5,363 (load 6.8).
ALONE = {**CP_SAT, "cp_model_presolve": False}
FIRST = {**ALONE, "linearization_level": 1, "stop_after_first_solution": True}
# A wide part (most of the staff over a window, only requests left to trade) runs on 2 workers, and CP-SAT then
# gives the whole part to one subsolver and large neighbourhoods to the other. Its default one keeps a linear
# relaxation ("default_lp"); the one without ("no_lp") closes such parts about three times as fast: 14 parts of
# 60 × 91 all proved optimal in 9.9 s, against 10 of 14 in 27.6 s (4 s each at most). The other parts, filling
# short shifts, need the relaxation: without it 150 × 182 was left at 10,554 after 60 s instead of about 2,500.
WIDE = {"linearization_level": 0, "subsolvers": ["no_lp"]}
PART_SECONDS = 2.0  # one neighbourhood's CP-SAT run at most
WIDTH = 7  # days of a part of more than one employee
START = 10  # employees in the first such part
AT_ONCE = len(os.sched_getaffinity(0))  # parts solved at the same time: one a core

Progress = Callable[[int, int | None], None]


@dataclass
class _Clock:
    started: float
    limit: float

    def left(self) -> float:
        return self.limit - (time.perf_counter() - self.started)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def solve(instance: Instance, time_limit: float, *, workers: int = WORKERS, seed: int = 0,
          on_progress: Progress | None = None) -> Solution:
    """Minimises request and cover penalties; `on_progress(objective, bound)` hears of every better schedule
    (the bound is None where the search proves none). Solution.first is when the first schedule was found.
    """
    clock = _Clock(time.perf_counter(), time_limit)
    report = on_progress or (lambda objective, bound: None)
    whole = len(instance.staff) * instance.horizon * len(instance.shifts) <= EXACT_SIZE
    # The whole model starts from the greedy schedule (it proves Instance5 in 17 s, 31 s without it).
    schedule, status = construct(instance, clock, seed, ALONE if whole else FIRST)
    if schedule is None:
        explanation = explain(instance, budget=max(1.0, clock.left())) if status is Status.INFEASIBLE else ()
        return Solution(status, None, None, clock.elapsed(), {}, explanation=explanation)
    first = clock.elapsed()
    value = sum(costs(instance, schedule).values())
    report(value, None)
    if whole:
        exact = solve_exact(instance, clock.left(), workers=workers, on_progress=report, hint=schedule)
        if exact.objective is not None and exact.objective <= value:
            return Solution(exact.status, exact.objective, exact.bound, clock.elapsed(), exact.schedule, exact.costs,
                            first=first)
    else:
        schedule = improve(instance, schedule, clock, workers=workers, seed=seed, report=report)
    return Solution(Status.FEASIBLE, sum(costs(instance, schedule).values()), None, clock.elapsed(), schedule,
                    costs(instance, schedule), first=first)


def construct(instance: Instance, clock: _Clock, seed: int = 0,
              parameters: dict[str, object] = ALONE) -> tuple[Schedule | None, Status]:
    """Feasible first: each employee alone, in a seeded order, priced against the cover of those before.

    Returns no schedule and INFEASIBLE when some employee's own rules clash, TIMEOUT when time ran out.
    """
    order = [s.id for s in instance.staff]
    random.Random(seed).shuffle(order)
    placed: Schedule = {}
    for done, employee in enumerate(order):
        # Every employee still to come gets an equal share of the time left, but never less than a second.
        share = max(1.0, clock.left() / (len(order) - done))
        part = build(instance, [employee], placed)
        result = run_with(part.model, part.penalties, parameters, time_limit=min(share, clock.left()), workers=1)
        if result.objective is None:
            return None, Status.INFEASIBLE if result.status is Status.INFEASIBLE else Status.TIMEOUT
        placed.update(part.schedule(result.solver))
    return {s.id: placed[s.id] for s in instance.staff}, Status.FEASIBLE


def improve(instance: Instance, schedule: Schedule, clock: _Clock, *, workers: int = WORKERS, seed: int = 0,
            report: Progress, at_once: int = AT_ONCE) -> Schedule:
    """Large neighbourhood search: each employee alone once, then parts of many employees over a window, and
    a few employees over the whole horizon where a window can not fill a shift.

    One employee over the whole horizon has their cover priced linearly and is solved to optimality in a
    fraction of a second: a round of these first. Then a part is `size` employees over `width` days
    around a costly day (_part()). The part adapts: it takes one employee more (once it holds everyone,
    one day more) each time one is solved to optimality, and one less when one runs out of time, so each
    part is as large as CP-SAT closes within PART_SECONDS on this instance.

    A window can not fill a shift left short when everyone free that day has used up their minutes or
    weekends elsewhere: when a window with a shift short gains nothing, or a shift is left short by a
    second window, a few of those free that day are re-solved over the whole horizon next
    (_free_on_short_day()), where they can give up a shift or a weekend on another day. Measured at 60 s,
    seeds 0 and 1, two runs at a time on 2 cores (AMD EPYC), before parts ran side by side: 60 × 91:
    704/697 with windows alone, 721/706 with these; 100 × 126: 2,139/1,789 against 1,822/1,612; 150 × 182:
    2,535/2,583 against 2,534/2,591. As many employees drawn at random every fourth part instead (seed 0):
    716, 1,870, 2,689.

    `at_once` parts are solved at the same time (CP-SAT leaves Python's lock while it searches), each on
    `workers` worker(s), with no employee in two of them and their windows apart where they can be. Every
    hard rule binds one employee alone, so a part's schedule stays feasible whatever the others do; but two
    parts may share the cover of a day, so a part is taken only if it costs no more than what it replaces on
    the schedule as it is by then, priced again (_Flight.apply()). A window beside another takes the
    employees the other leaves when they are fewer than `size` (at least START), and then does not change
    the size. Once no shift is short, a part of more than its share of the staff is solved alone on every
    core: trading requests needs most employees in one window, and CP-SAT's two workers close such a part
    sooner than one, the more so without the linear relaxation (WIDE).
    Measured at 60 s, one run at a time, idle (AMD EPYC, 2 cores), search seeds 0 / 1:
    - one part at a time: 60 × 91: 716 (the bench), 100 × 126: 1,945 (the bench), 150 × 182: 2,529;
    - two at once, never wide: 663, 1,587 / 1,814, 2,722 / 2,522; the 10-min runs stalled at 641 and 1,530;
    - two at once, wide parts on both cores from the start: 639 / 623, 1,560 / 1,522, 2,675; with also the
      second window's short shift across the horizon: 625 / 636, 1,530 / 1,509, 2,745 / 3,071 (the wide parts
      with two workers while 150 × 182 is still filling short shifts);
    - wide once no shift is short: 619 / 642, 1,598 / 1,561, 2,518 / 2,528;
    - and the window beside another not changing the size (before, an empty or small one, solved at once,
      grew it): 621, 1,496, 2,462 (seed 0);
    - and a wide part on "no_lp" (WIDE): 594 / 593, 1,634 / 1,515, 2,527 / 2,511 (seed 0, two runs each),
      1,496 / 1,483 and 2,657 / 2,448 (seed 1); the 10-min runs: 576, 1,482, 2,407 (before: 583, 1,490, 2,386).
    """
    rng = random.Random(seed)
    staff = [s.id for s in instance.staff]
    value = sum(costs(instance, schedule).values())
    singles: list[list[str]] = [[e] for e in rng.sample(staff, len(staff))]
    across: list[list[str]] = []  # a few employees to re-solve over the whole horizon, next
    size, few = min(START, len(staff)), 2
    width = min(WIDTH, instance.horizon)
    flying: dict[Future[Run], _Flight] = {}
    unfilled: Counter[tuple[int, str]] = Counter()  # (day, shift): windows that left it short
    with ThreadPoolExecutor(at_once) as pool:
        while flying or clock.left() > 0.2:
            while len(flying) < at_once and clock.left() > 0.2 and not any(f.wide for f in flying.values()):
                busy = {e for flight in flying.values() for e in flight.free}
                queue = singles or across
                if queue and not busy.isdisjoint(queue[-1]):
                    break  # wait for the part that holds the next employee
                # Once no shift is short, a part of more than its share of the staff is solved alone, on every
                # core (while shifts are short, parts side by side fill more of them).
                wide = (not queue and size * at_once > len(staff)
                        and not _short(instance, schedule, range(instance.horizon)))
                if wide and flying:
                    break
                if not queue and len(staff) - len(busy) < min(size, START):
                    break  # too few employees left beside the parts being solved
                if queue:
                    free, window = queue.pop(), None
                else:
                    taken = [f.window for f in flying.values()]
                    free, window = _part(instance, schedule, min(size, len(staff) - len(busy)), width, rng,
                                         busy=busy, taken=taken)
                flight = _Flight(free, window, build(instance, free, schedule, days=window), schedule, wide,
                                 whole=window is not None and len(free) == size)
                flight.part.hint(schedule)
                flying[pool.submit(run_with, flight.part.model, flight.part.penalties,
                                   ALONE if len(free) == 1 else WIDE if wide else CP_SAT,
                                   time_limit=min(PART_SECONDS, clock.left()),
                                   workers=workers * at_once if wide else workers,
                                   seed=rng.randrange(1 << 16))] = flight
            if not flying:
                break
            done, _ = wait(flying, return_when=FIRST_COMPLETED)
            for future in done:
                flight = flying.pop(future)
                result = future.result()
                schedule, gain = flight.apply(instance, schedule, result)
                if gain > 0:
                    value -= gain
                    report(value, None)
                free, window = flight.free, flight.window
                if window is None and len(free) > 1:
                    few = few + 1 if result.status is Status.OPTIMAL else max(2, few - 1)
                elif flight.whole and result.status is Status.OPTIMAL:  # (a window of `size` employees)
                    # Everyone in the part already: the window grows instead.
                    size, width = ((size + 1, width) if size < len(staff)
                                   else (size, min(width + 1, instance.horizon)))
                elif flight.whole:
                    size, width = (size, width - 1) if width > WIDTH else (max(2, size - 1), width)
                if window is not None:
                    short = _short(instance, schedule, window)
                    unfilled.update((c.day, c.shift) for c in short)
                    # A shift left short by a window that gained nothing, or by two windows already.
                    stuck = [c for c in short if gain <= 0 or unfilled[c.day, c.shift] > 1]
                    if stuck and (free_that_day := _free_on_short_day(instance, schedule, stuck, few, rng)):
                        across.append(free_that_day)
    return schedule


@dataclass
class _Flight:
    """A part being solved: its employees, its window (None: the whole horizon), its model, and the schedule it
    was built from."""
    free: list[str]
    window: range | None
    part: Built
    built_from: Schedule
    wide: bool = False  # solved alone, on every core
    whole: bool = False  # a window of as many employees as asked: how it ends tells how large the next may be

    def apply(self, instance: Instance, schedule: Schedule, result: Run) -> tuple[Schedule, int]:
        """The schedule with this part's solution if it costs no more there than what it replaces, and the gain.

        On the schedule it was built from the part's objective is exactly what costs() prices for its scope;
        once another part has been taken since, both sides are priced again on the schedule as it is now.
        """
        if result.objective is None:
            return schedule, 0
        proposed = {**schedule, **self.part.schedule(result.solver)}
        scope = {"days": self.window, "staff": self.free}
        before = sum(costs(instance, schedule, **scope).values())
        after = (result.objective if schedule is self.built_from
                 else sum(costs(instance, proposed, **scope).values()))
        return (proposed, before - after) if after <= before else (schedule, 0)


def _short(instance: Instance, schedule: Schedule, window: range) -> list[Cover]:
    """The shifts of `window` with fewer people than they require."""
    working = Counter((day, shift) for days in schedule.values() for day in window if (shift := days[day]))
    return [c for c in instance.cover if c.day in window and working[c.day, c.shift] < c.requirement]


def _free_on_short_day(instance: Instance, schedule: Schedule, short: Sequence[Cover], size: int,
                       rng: random.Random) -> list[str]:
    """Up to `size` employees off on the day of one of the `short` shifts, who may work it (none if fewer
    than two may)."""
    c = rng.choice(short)
    able = [s.id for s in instance.staff
            if schedule[s.id][c.day] is None and _may_take(instance, schedule, s, c.day, c.shift)]
    return rng.sample(able, min(len(able), size)) if len(able) > 1 else []


def _part(instance: Instance, schedule: Schedule, size: int, width: int, rng: random.Random, *,
          busy: Collection[str] = (), taken: Sequence[range | None] = ()) -> tuple[list[str], range]:
    """`size` employees over `width` days around a day drawn with odds of one plus what it costs now, none of
    them `busy`, and the window away from those `taken` where it can be.

    Half the employees are ones who could fill a shift short that day (allowed it, not on a day off, not
    on it already): a shortfall costs a hundred times a surplus, and a random part rarely holds the one
    employee with room to take it.
    """
    working = Counter((day, shift) for days in schedule.values() for day, shift in enumerate(days) if shift)
    cost = [1] * instance.horizon
    short: dict[int, set[str]] = defaultdict(set)
    for c in instance.cover:
        missing, extra = c.requirement - working[c.day, c.shift], working[c.day, c.shift] - c.requirement
        cost[c.day] += c.under * max(0, missing) + c.over * max(0, extra)
        if missing > 0:
            short[c.day].add(c.shift)
    for r in instance.on_requests:
        cost[r.day] += r.weight * (schedule[r.employee][r.day] != r.shift)
    for r in instance.off_requests:
        cost[r.day] += r.weight * (schedule[r.employee][r.day] == r.shift)

    def window(day: int) -> range:
        start = min(max(0, day - width // 2), instance.horizon - width)
        return range(start, start + width)

    def clear(day: int) -> bool:
        """The window around `day` shares no day with one being solved (a whole-horizon part shares all)."""
        w = window(day)
        return all(t is not None and (w.stop <= t.start or t.stop <= w.start) for t in taken)

    # Away from the windows being solved, where it can: two parts on different days and employees are
    # independent, whereas two that share a day's cover may each fill the same gap.
    apart = [c if clear(d) else 0 for d, c in enumerate(cost)]
    day = rng.choices(range(instance.horizon), weights=apart if any(apart) else cost)[0]
    able = [s.id for s in instance.staff if s.id not in busy
            and any(_may_take(instance, schedule, s, day, shift) for shift in short[day])]
    free = rng.sample(able, min(len(able), size // 2))
    others = [s.id for s in instance.staff if s.id not in free and s.id not in busy]
    return free + rng.sample(others, size - len(free)), window(day)


def _may_take(instance: Instance, schedule: Schedule, staff: Staff, day: int, shift: str) -> bool:
    """The employee could be given the shift that day: not a day off, allowed the shift, not on it already."""
    return (day not in instance.days_off.get(staff.id, ()) and staff.max_shifts.get(shift, 1) > 0
            and schedule[staff.id][day] != shift)
