"""solve(): explain() first, then the layout's search (the level score), the exact exchanges of
solver.seating.polish, the hall's places (solver.seating.places), the swaps that leave no inversion, and every
guest left out named with the reason (a protected one with the seats that were missing).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from solver.cpsat import Status
from solver.seating.banquet import _solve_banquet
from solver.seating.explanations import explain
from solver.seating.hall_lp import _solve_hall
from solver.seating.inversions import remove_inversions
from solver.seating.model import Explanation, Instance, Layout, Solution, precedence
from solver.seating.objective import level_score, place_score, scale
from solver.seating.places import arrange_places
from solver.seating.polish import Market, polish
from solver.seating.presidium import _solve_presidium
from solver.seating.rules import _Rules
from solver.seating.search import _Budget, _Result
from solver.seating.validation import validate

# The end of the time limit kept for polishing (solver.seating.polish): 0.9 s for 5,000 guests on 2 cores.
POLISH_SHARE = 0.1
POLISH_SECONDS_PER_GUEST = 2e-4
# ... and before it, for the hall's places (a small CP-SAT per level).
PLACES_SHARE = 0.15
PLACES_SECONDS_PER_GUEST = 2e-4

# Explanations naming guests that no plan can seat as the input stands: with allow_partial they stay out.
_PERSONAL = ("pin_", "group_", "apart_in_group", "apart_pins")


def solve(instance: Instance, time_limit: float = 10.0, *, workers: int = 2,
          on_progress: Callable[[int, int], None] | None = None) -> Solution:
    """The best plan found within time_limit (see the package docstring); on_progress(objective, bound)."""
    started = time.perf_counter()
    polishing = 0.0 if instance.layout == Layout.PRESIDIUM else min(
        POLISH_SHARE * time_limit, POLISH_SECONDS_PER_GUEST * len(instance.guests))
    m = scale(instance)
    placing = 0.0 if m == 1 or instance.layout != Layout.HALL else min(
        PLACES_SHARE * time_limit, PLACES_SECONDS_PER_GUEST * len(instance.guests))
    progress = (lambda value, bound: on_progress(value * m, bound * m + m - 1)) if on_progress else None
    budget = _Budget(started, started + time_limit - polishing - placing, workers, progress)
    problems = explain(instance)
    if any(p.code.startswith("duplicate") for p in problems) or (problems and not instance.allow_partial):
        return Solution(Status.INFEASIBLE, {}, None, None, tuple(problems), (), budget.elapsed())
    rules = _Rules(instance)
    if instance.layout == Layout.PRESIDIUM:
        return _solve_presidium(rules, budget)
    out = _left_out(rules, problems)
    guests = [g.id for g in precedence(rules.guests.values()) if g.id not in out]
    engine = _solve_banquet if instance.layout == Layout.BANQUET else _solve_hall
    result = _placed(rules, _polished(rules, engine(rules, guests, instance.allow_partial, budget)),
                     started + time_limit - polishing, workers)
    unseated = [out[g] for g in sorted(out, key=lambda g: (rules.guests[g].rank, g))]
    if result.value is None:
        if instance.allow_partial:
            return Solution(result.status, {}, None, None, (), tuple(unseated), budget.elapsed(), result.variables)
        return _no_plan(instance, rules, result, budget)
    aside = sum(rules.unseated[g] for g in out)  # the guests explain() set aside
    objective = (result.value - aside) * m + place_score(instance, result.assignment)
    bound = ((result.bound if result.bound is not None else result.value) - aside) * m + m - 1
    if not instance.allow_partial:
        return Solution(result.status, result.assignment, objective, bound, (), (), budget.elapsed(),
                        result.variables)
    reasons = [_reason(rules, problems, g) for unit in result.left for g in unit]
    named = tuple(unseated + reasons)
    return Solution(result.status, result.assignment, objective, bound, _protected(rules, named), named,
                    budget.elapsed(), result.variables)


def _placed(rules: _Rules, result: _Result, deadline: float, workers: int) -> _Result:
    """The plan with each level's places arranged (a hall) and no inversion left; "optimal" then also needs
    every level's arrangement proven (see the package docstring)."""
    if not result.assignment or result.value is None:
        return result
    plan, proven = arrange_places(rules, result.assignment, deadline, workers)
    plan = remove_inversions(rules, plan)
    if validate(rules.instance, plan):  # never: each step keeps every rule; the plan in hand stays
        return result
    value = result.value + level_score(rules.instance, plan) - level_score(rules.instance, result.assignment)
    status = result.status if proven or result.status != Status.OPTIMAL else Status.FEASIBLE
    return replace(result, assignment=plan, value=value, status=status)


def _protected(rules: _Rules, unseated: Sequence[Explanation]) -> tuple[Explanation, ...]:
    """protected_unseated for each protected guest left out, with the seats they lacked."""
    out = []
    for e in unseated:
        for g in e.guests:
            if rules.guests[g].protected:
                out.append(Explanation("protected_unseated", guests=(g,), group=rules.guests[g].group,
                                       need=e.need, available=e.available, sectors=e.sectors, seats=e.seats,
                                       rule=_SEATS_RULE.get(e.code, "seats")))
    return tuple(out)


_SEATS_RULE = {"too_few_wheelchair_places": "wheelchair", "too_few_escort_places": "escort",
               "too_few_accessible_seats": "no_stairs",
               "too_few_aisle_seats": "aisle", "too_few_sector_seats": "sector"}


def _polished(rules: _Rules, result: _Result) -> _Result:
    """The plan after the exact exchanges of solver.seating.polish, when they keep every rule."""
    if not result.assignment or result.value is None:
        return result
    plan = polish(result.assignment, _market(rules, result.assignment))
    gain = level_score(rules.instance, plan) - level_score(rules.instance, result.assignment)
    if plan == result.assignment or gain < 0 or validate(rules.instance, plan):
        return result
    value = result.value + gain
    proven = result.status == Status.OPTIMAL or (result.bound is not None and value >= result.bound)
    left = [unit for unit in result.left if unit[0] not in plan] + [(g,) for g in result.assignment if g not in plan]
    return replace(result, assignment=plan, left=left, value=value,
                   status=Status.OPTIMAL if proven else result.status)


def _market(rules: _Rules, assignment: Mapping[int, int]) -> Market:
    """Who may trade: singles and groups with no pin and no apart partner (groups also with no needs)."""
    guests, seats = rules.guests, rules.seats
    bound = {g for g, guest in guests.items() if guest.pinned is not None} | set(rules.partners)
    grouped = {m for members in rules.groups.values() for m in members}
    plain = [tuple(members) for gid, members in rules.groups.items()
             if gid not in rules.escorted and not any(
                 m in bound or guests[m].wheelchair or guests[m].no_stairs or guests[m].aisle for m in members)]
    rows: dict[tuple[str, int, int | None], list[int]] = defaultdict(list)
    for s in seats.values():
        rows[s.zone, s.row_index, s.table].append(s.x)
    axis = {key: (min(xs) + max(xs)) / 2 for key, xs in rows.items()}

    def place(seat: int) -> tuple:
        s = seats[seat]
        return -rules.place[seat], s.row_index, abs(s.x - axis[s.zone, s.row_index, s.table]), s.x, s.id

    return Market(weight=rules.weight, honour=rules.honour, seat_class=rules.sclass, guest_class=rules.gclass,
                  suits=rules.suits, place=place,
                  singles=frozenset(g for g in guests if g not in grouped and g not in bound), groups=plain,
                  free_seats=frozenset(s.id for s in seats.values() if not s.blocked) - set(assignment.values()),
                  unseated_cost=rules.unseated if rules.instance.allow_partial else None)


def _left_out(rules: _Rules, problems: Sequence[Explanation]) -> dict[int, Explanation]:
    """allow_partial: the guests an explanation names who can not be seated as the input stands, with it.

    Of two guests pinned to one seat, or an apart pair pinned together or in one group, the more senior
    keeps their place; a group that fits nowhere stays out whole.
    """
    out: dict[int, Explanation] = {}
    for p in problems:
        if not p.code.startswith(_PERSONAL):
            continue
        if p.code in ("pin_conflict", "apart_in_group", "apart_pins"):
            named = precedence(rules.guests[g] for g in p.guests)[1:]
            victims = [g.id for g in named]
        else:
            victims = list(p.guests)
        for g in victims:
            out.setdefault(g, replace(p, guests=(g,)) if len(p.guests) > 1 and p.code.startswith("pin_") else p)
            group = rules.guests[g].group
            if group is not None and p.code not in ("group_too_long", "group_no_place", "group_pins_apart"):
                for m in rules.groups[group]:  # a group is seated whole or not at all
                    out.setdefault(m, p)
    return out


def _reason(rules: _Rules, problems: Sequence[Explanation], guest: int) -> Explanation:
    """Why the solver left a guest out: the shortage of the seats their needs confine them to, if any."""
    for p in problems:
        if p.code.startswith("too_few_") and p.code != "too_few_seats" and guest in p.guests:
            return replace(p, guests=(guest,))
    for p in problems:
        if p.code == "too_few_seats":
            return replace(p, guests=(guest,))
    group = rules.guests[guest].group
    return Explanation("no_room", guests=(guest,), group=group)


def _no_plan(instance: Instance, rules: _Rules, result: _Result, budget: _Budget) -> Solution:
    """No plan keeps every rule (or none was found in time): a partial plan names who is left without room."""
    if budget.left() > 0.2:
        partial = solve(replace(instance, allow_partial=True), max(0.2, budget.left()), workers=budget.workers)
        named = tuple(replace(e, code="no_room") if not e.code.startswith("too_few_") else e
                      for e in partial.unseated)
    else:
        named = ()
    status = Status.INFEASIBLE if result.status == Status.INFEASIBLE else Status.TIMEOUT
    return Solution(status, {}, None, None, named or (Explanation("unknown"),), (), budget.elapsed(), result.variables)
