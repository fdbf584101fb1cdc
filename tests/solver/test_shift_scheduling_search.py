"""Generated Curtois & Qu instances, the model of a part of the schedule, and the search that solves them.

The generator's instances must be what they claim: the size asked, the same for the same seed, written
and read back unchanged, and feasible (the planted schedule passes the independent validator, and the
model accepts it at the validator's price). The search must find a valid schedule on them quickly, and a
part of the schedule must be priced by the model exactly as the validator prices the whole.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from solver import shift_scheduling as ss
from solver.cpsat import Status, run_with
from solver.shift_scheduling.generator import generate
from solver.shift_scheduling.search import WIDE, _Flight, _free_on_short_day, _part, _short

SIZES = [(10, 28, 1), (25, 35, 2), (60, 91, 3), (150, 182, 4)]  # staff, days, seed: the range the bench spans


@pytest.mark.parametrize(("staff", "days", "seed"), SIZES)
def test_generated_instances_have_the_size_asked_and_a_schedule_that_keeps_every_rule(
        staff: int, days: int, seed: int) -> None:
    generated = generate(staff, days, seed)
    instance = generated.instance
    assert (len(instance.staff), instance.horizon) == (staff, days)
    assert len(instance.cover) == days * len(instance.shifts)
    assert instance.on_requests and instance.off_requests
    assert ss.validate(instance, generated.planted) == []
    assert ss.read(ss.write(instance)) == instance


def test_the_same_seed_gives_the_same_instance_and_another_seed_another() -> None:
    assert ss.write(generate(20, 28, 7).instance) == ss.write(generate(20, 28, 7).instance)
    assert ss.write(generate(20, 28, 7).instance) != ss.write(generate(20, 28, 8).instance)


def test_limits_are_drawn_tight_around_the_planted_schedule() -> None:
    """Not a trivially loose instance: the planted schedule meets its contracts' bounds somewhere."""
    generated = generate(40, 56, 5)
    staff = generated.instance.staff
    longest = {s.id: max(len(run) for run in "".join("x" if d else "." for d in generated.planted[s.id]).split("."))
               for s in staff}
    assert any(longest[s.id] == s.max_consecutive for s in staff)
    assert all(s.max_minutes - s.min_minutes <= 4 * 480 for s in staff)


def test_the_model_accepts_the_planted_schedule_at_the_validators_price() -> None:
    generated = generate(20, 28, 3)
    instance, planted = generated.instance, generated.planted
    built = ss.build(instance)
    for employee, person in built.people.items():
        for day, shifts in person.on.items():
            for shift, var in shifts.items():
                built.model.add(var == (shift == planted[employee][day]))
    result = run_with(built.model, built.penalties, ss.CP_SAT, time_limit=30, workers=1)
    assert result.status is Status.OPTIMAL
    assert result.objective == ss.objective(instance, planted)


def test_a_wide_part_without_the_linear_relaxation_reaches_the_same_optimum() -> None:
    """Everyone over a week, on two workers: the whole-part subsolver the search asks for (none of CP-SAT's
    default one) is the one that runs, and it proves the same optimum as the parts' usual parameters."""
    generated = generate(20, 28, 3)
    instance, planted = generated.instance, generated.planted
    everyone = [s.id for s in instance.staff]
    results = []
    for parameters in (ss.CP_SAT, WIDE):
        part = ss.build(instance, everyone, planted, days=range(7, 14))
        part.hint(planted)
        results.append(run_with(part.model, part.penalties, parameters, time_limit=30, workers=2))
    assert [r.status for r in results] == [Status.OPTIMAL, Status.OPTIMAL]
    assert results[0].objective == results[1].objective
    assert list(results[1].solver.parameters.subsolvers) == ["no_lp"]


@pytest.mark.parametrize("free", [["E3"], ["E0", "E5", "E9"]], ids=["one employee", "three"])
def test_a_part_is_priced_by_the_model_as_the_validator_prices_the_whole(free: list[str]) -> None:
    """The rest fixed as planted, the part over two weeks: the part prices the cover of its days and the
    requests of its staff on them, and the rest of the objective does not move."""
    generated = generate(20, 28, 3)
    instance, planted = generated.instance, generated.planted
    window = range(7, 21)
    part = ss.build(instance, free, planted, days=window)
    part.hint(planted)
    result = run_with(part.model, part.penalties, ss.CP_SAT, time_limit=30, workers=1)
    assert result.status is Status.OPTIMAL
    schedule = {**planted, **part.schedule(result.solver)}
    assert all(schedule[e][d] == planted[e][d] for e in free for d in [*range(7), *range(21, 28)])
    assert ss.validate(instance, schedule) == []
    assert result.objective == sum(ss.costs(instance, schedule, days=window, staff=free).values())
    rest = ss.objective(instance, planted) - sum(ss.costs(instance, planted, days=window, staff=free).values())
    assert ss.objective(instance, schedule) == result.objective + rest <= ss.objective(instance, planted)


@pytest.mark.parametrize("window", [range(0, 7), range(9, 16), range(21, 28)], ids=["first week", "middle", "last"])
@pytest.mark.parametrize("seed", [3, 8])
def test_a_part_over_a_window_has_the_optimum_of_the_same_part_with_the_other_days_fixed_by_hand(
        window: range, seed: int) -> None:
    """build(days=…) models the window and a rest's length of fixed days either side, and every other day
    as constants in the rules: over all staff, its optimum must be that of the whole model with the other
    days fixed, less what those days cost."""
    generated = generate(20, 28, seed)
    instance, planted = generated.instance, generated.planted
    free = [s.id for s in instance.staff]
    part = ss.build(instance, free, planted, days=window)
    margin = max(1, *(s.min_days_off for s in instance.staff))
    modelled = set(range(max(0, window.start - margin), min(instance.horizon, window.stop + margin)))
    assert all(set(person.on) == modelled for person in part.people.values())
    by_hand = ss.build(instance, free, planted)
    for employee, person in by_hand.people.items():
        for day, shifts in person.on.items():
            if day not in window:
                for shift, var in shifts.items():
                    by_hand.model.add(var == (planted[employee][day] == shift))
    results = [run_with(b.model, b.penalties, ss.CP_SAT, time_limit=30, workers=1) for b in (part, by_hand)]
    assert [r.status for r in results] == [Status.OPTIMAL, Status.OPTIMAL]
    outside = ss.objective(instance, planted) - sum(ss.costs(instance, planted, days=window).values())
    assert results[0].objective + outside == results[1].objective


def test_a_shift_left_short_is_offered_to_those_off_that_day_who_may_work_it() -> None:
    generated = generate(30, 28, 5)
    instance, schedule = generated.instance, {e: list(days) for e, days in generated.planted.items()}
    cover = instance.cover[40]
    for employee in [e for e, days in schedule.items() if days[cover.day] == cover.shift]:
        schedule[employee][cover.day] = None  # the shift is left with nobody
    shorts = [c for c in instance.cover if c.day == cover.day
              and sum(days[c.day] == c.shift for days in schedule.values()) < c.requirement]
    assert shorts == _short(instance, schedule, range(cover.day, cover.day + 1))
    free = _free_on_short_day(instance, schedule, shorts, 3, random.Random(1))
    assert 2 <= len(free) <= 3
    for employee in free:
        staff = next(s for s in instance.staff if s.id == employee)
        assert schedule[employee][cover.day] is None and cover.day not in instance.days_off.get(employee, ())
        assert any(staff.max_shifts.get(c.shift, 1) > 0 for c in shorts)


@pytest.mark.parametrize(("staff", "days", "seed"), [(30, 28, 11), (40, 56, 12)], ids=["whole model", "search"])
def test_the_search_finds_a_valid_schedule_better_than_the_planted_one(staff: int, days: int, seed: int) -> None:
    generated = generate(staff, days, seed)
    instance = generated.instance
    heard: list[int] = []
    solution = ss.solve(instance, 10, on_progress=lambda objective, bound: heard.append(objective))
    assert solution.status in (Status.FEASIBLE, Status.OPTIMAL) and solution.first is not None
    assert ss.validate(instance, solution.schedule) == []
    assert solution.objective == ss.objective(instance, solution.schedule) == heard[-1]
    assert solution.costs == ss.costs(instance, solution.schedule)
    assert heard == sorted(heard, reverse=True)
    # The plant prices every cover slot off by one a quarter of the time: a search must do better than it.
    assert solution.objective < ss.objective(instance, generated.planted)


def test_an_employee_whose_own_rules_clash_is_named_before_any_search() -> None:
    instance = generate(12, 28, 2).instance
    clash = ss.Staff(**{**vars(instance.staff[4]), "max_consecutive": 1, "min_consecutive": 1, "min_days_off": 3,
                        "min_minutes": 15 * 480, "max_minutes": 20 * 480})
    instance = ss.Instance(instance.horizon, instance.shifts, (*instance.staff[:4], clash, *instance.staff[5:]),
                           instance.days_off, instance.on_requests, instance.off_requests, instance.cover)
    solution = ss.solve(instance, 20)
    assert solution.status is Status.INFEASIBLE and solution.schedule == {}
    assert [m.split(":")[0] for m in solution.explanation] == [f"employee {clash.id}"]



def test_parts_solved_side_by_side_are_each_taken_at_their_price_on_the_schedule_as_it_is_by_then() -> None:
    """Two employees solved at the same time from one schedule may both fill the same short shift: the
    second part is priced again once the first is taken, so the gains add up to what the validator sees."""
    generated = generate(30, 28, 5)
    schedule, covers = generated.planted, list(generated.instance.cover)
    at = next(i for i, c in enumerate(covers)
              if sum(days[c.day] == c.shift for days in schedule.values()) == c.requirement)
    covers[at] = cover = dataclasses.replace(covers[at], requirement=covers[at].requirement + 1)  # one short
    instance = dataclasses.replace(generated.instance, cover=tuple(covers))
    flights = []  # the first two who, solved alone, fill the gap
    for staff in instance.staff:
        part = ss.build(instance, [staff.id], schedule)
        part.hint(schedule)
        result = run_with(part.model, part.penalties, ss.CP_SAT, time_limit=30, workers=1)
        if schedule[staff.id][cover.day] is None and part.schedule(result.solver)[staff.id][cover.day] == cover.shift:
            flights.append((_Flight([staff.id], None, part, schedule), result))
        if len(flights) == 2:
            break
    start = ss.objective(instance, schedule)
    alone = [start - flight.apply(instance, schedule, result)[1] for flight, result in flights]
    now, gains = schedule, []
    for flight, result in flights:
        now, gain = flight.apply(instance, now, result)
        gains.append(gain)
    assert gains[1] < start - alone[1]  # the second gains less on the schedule as it is then
    assert ss.validate(instance, now) == []
    assert ss.objective(instance, now) == start - sum(gains)


def test_a_part_beside_others_takes_none_of_their_employees_and_a_window_apart_from_theirs() -> None:
    instance = generate(40, 56, 12).instance
    schedule = generate(40, 56, 12).planted
    busy = {s.id for s in instance.staff[:25]}
    for draw in range(20):
        free, window = _part(instance, schedule, 15, 7, random.Random(draw), busy=busy, taken=[range(20, 34)])
        assert len(set(free)) == 15 and busy.isdisjoint(free)
        assert window.stop <= 20 or window.start >= 34
