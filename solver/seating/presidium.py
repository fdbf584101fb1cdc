"""The presidium: the k-th most senior guest in the k-th most honoured seat."""

from __future__ import annotations

from solver.cpsat import Status
from solver.seating.explanations import _capacity, _presidium_problems
from solver.seating.model import Explanation, Solution, precedence
from solver.seating.objective import score
from solver.seating.rules import _Rules
from solver.seating.search import _Budget


def _solve_presidium(rules: _Rules, budget: _Budget) -> Solution:
    """The k-th most senior guest in the k-th most honoured seat. With allow_partial, a guest the order's next
    seat does not suit (or who is pinned elsewhere, or would sit beside an apart partner) stays out and
    the next guest takes that seat; otherwise any such guest makes the input infeasible, explained."""
    instance = rules.instance
    seats = sorted((s for s in rules.seats.values() if not s.blocked), key=lambda s: (-s.honour, s.id))
    problems = _presidium_problems(rules) + _capacity(rules)
    if problems and not instance.allow_partial:
        return Solution(Status.INFEASIBLE, {}, None, None, tuple(problems), (), budget.elapsed())
    assignment: dict[int, int] = {}
    unseated: list[Explanation] = []
    k = 0
    for g in precedence(rules.guests.values()):
        if k >= len(seats):
            unseated.append(Explanation("too_few_seats", guests=(g.id,), need=len(rules.guests), available=len(seats)))
            continue
        s = seats[k].id
        why = rules.refusal(g.id, s)
        if g.pinned is not None and g.pinned != s:
            unseated.append(Explanation("presidium_pin", guests=(g.id,), seats=(g.pinned, s)))
        elif why:
            unseated.append(Explanation("presidium_seat", guests=(g.id,), seats=(s,), rule=why))
        elif any(p in assignment and rules.together(assignment[p], s) for p in rules.partners.get(g.id, ())):
            unseated.append(Explanation("presidium_apart", guests=(g.id,), seats=(s,)))
        else:
            assignment[g.id] = s
            k += 1
    value = score(instance, assignment)
    if budget.on_progress:
        budget.on_progress(value, value)
    return Solution(Status.OPTIMAL, assignment, value, value, (), tuple(unseated), budget.elapsed())
