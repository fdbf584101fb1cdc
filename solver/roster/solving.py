"""solve() and evaluate(): CP-SAT from the constructive roster, the re-plan that keeps the published cells it
can, and the relaxed model that names the places nobody can cover.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from solver.cpsat import Status, run_with
from solver.roster import patterns
from solver.roster.constraints import _build, _Model
from solver.roster.constructive import _Builder, _candidates, _construct, _everything, _Piece
from solver.roster.explanations import _explain, _shortages
from solver.roster.model import RULES, Cell, Explanation, Instance, Key, Solution, _Context, _context, _runs
from solver.roster.validation import validate

# A strict re-plan offers each lost slot to the people the constructive pass finds cheapest there.
REFILL_CANDIDATES = 12
STRICT_SECONDS = 1.5  # the most a strict re-plan searches
# CP-SAT's presolve of a bench-size model takes longer than the first roster may (seconds on two cores);
# past this many cells the search starts at once from the full hint, without it.
PRESOLVE_LIMIT = 20_000
# Past this many cells the pattern formulation (solver.roster.patterns) proves the bound and gives CP-SAT a
# better hint: the LP bound takes up to BOUND_SHARE of the time limit, the roster of its patterns ROSTER_SHARE.
PATTERN_LIMIT = 2_000
# What is left for CP-SAT over the cells then: at least POLISH_SHARE, else the pattern roster is the answer.
BOUND_SHARE = 0.4
ROSTER_SHARE = 0.45
POLISH_SHARE = 0.1


@dataclass
class _Budget:
    deadline: float
    workers: int
    on_progress: Callable[[int, int], None] | None
    started: float

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def solve(instance: Instance, time_limit: float = 10.0, *, workers: int = 2,
          on_progress: Callable[[int, int], None] | None = None) -> Solution:
    """The best roster found within time_limit; on_progress(objective, bound) hears of each better one.

    INFEASIBLE always comes with explanations (and no cells). TIMEOUT (no CP-SAT solution in time) comes
    with the constructive roster as cells when that one keeps every hard rule, else with none.
    """
    started = time.perf_counter()
    budget = _Budget(started + time_limit, workers, on_progress, started)
    ctx, unknown = _context(instance)
    problems = [e for e in unknown + _explain(ctx) if e.code.startswith("pin_") or not instance.allow_partial]
    if problems:
        return Solution(Status.INFEASIBLE, (), None, None, {}, tuple(problems), budget.elapsed())
    return _replan(ctx, budget) if instance.published else _plan(ctx, budget)


def _plan(ctx: _Context, budget: _Budget) -> Solution:
    hint, complete = _construct(ctx, ())
    bound, known = None, None
    if len(ctx.allowed) > PATTERN_LIMIT and complete and not validate(ctx.instance, hint):
        hint, known, bound = _patterns(ctx, budget, hint)
        if budget.left() < POLISH_SHARE * (budget.deadline - budget.started):
            # Too little time left to build the cell model (seconds on a big instance) and search in it.
            return replace(known, seconds=budget.elapsed())
    candidates = _candidates(ctx, {(c.person, c.post, c.start) for c in hint})
    solution = _attempt(ctx, budget, candidates, fixed=ctx.pins, hint=hint, published=(), bound=bound)
    if solution.status == Status.INFEASIBLE and len(candidates) < len(_everything(ctx)):
        # Proven only for the few posts kept per person: the whole instance may still have a roster.
        solution = _attempt(ctx, budget, _everything(ctx), fixed=ctx.pins, hint=hint, published=())
    if solution.status == Status.TIMEOUT and known is not None:
        return replace(known, seconds=budget.elapsed(), variables=solution.variables)
    if solution.status == Status.TIMEOUT and complete and not validate(ctx.instance, hint):
        return Solution(Status.TIMEOUT, tuple(hint), None, None, {}, (), budget.elapsed(), solution.variables)
    if solution.status == Status.INFEASIBLE:
        return _infeasible(ctx, budget, hint, published=())
    return solution


def _patterns(ctx: _Context, budget: _Budget, hint: list[Cell]) -> tuple[list[Cell], Solution, int | None]:
    """The pattern formulation's turn on a big instance: the LP bound (patterns.generate) and the best
    roster of the patterns it found (patterns.roster), which replaces the constructive one as CP-SAT's hint
    when it keeps every hard rule and scores better. Returns the hint, its score analysis (the answer if
    CP-SAT then finds nothing in time) and the bound; on_progress hears of each roster at once."""
    known = _score(ctx, budget, hint, None)
    total = budget.deadline - budget.started
    bound, master = patterns.generate(ctx, hint, min(budget.left(), BOUND_SHARE * total))
    if master is not None and not ctx.pins:
        cells = patterns.roster(ctx, master, hint, min(budget.left(), ROSTER_SHARE * total), budget.workers)
        if cells is not None and not validate(ctx.instance, cells):
            better = _score(ctx, budget, cells, bound)
            if better.objective is not None and better.objective < known.objective:
                return cells, better, bound
    return hint, replace(known, bound=max(known.bound, bound or 0)), bound


def _score(ctx: _Context, budget: _Budget, cells: list[Cell], bound: int | None) -> Solution:
    """A roster that keeps every hard rule, scored (FEASIBLE, with the floor or `bound` as its bound)."""
    scored = _attempt(ctx, replace(budget, on_progress=None), (), fixed=cells, hint=cells, published=())
    floor = max(ctx.floor, bound or 0)
    if budget.on_progress:
        budget.on_progress(scored.objective, floor)
    return replace(scored, status=Status.FEASIBLE, bound=floor)


def _replan(ctx: _Context, budget: _Budget) -> Solution:
    """Keep every published cell of a present person that still keeps the rules; refill the lost ones.

    Only when that is impossible, the whole roster is open again with a heavy price on each change.
    """
    published = set(ctx.instance.published)
    kept = {c for c in published if (c.person, c.post, c.start) in ctx.allowed} | ctx.pins
    builder = _Builder(ctx, kept)
    lost = {(c.post, c.start) for c in published - kept if (c.post, c.start) in ctx.slot_end}
    # Each lost stretch is offered whole: the people who could take all of it, cheapest first.
    refill = [(p, piece.post, s) for piece in _lost_stretches(ctx, published - kept)
              for p in builder.ranked(piece, REFILL_CANDIDATES) for s in piece.starts]
    hint = set(builder.cells())
    refill += [(c.person, c.post, c.start) for c in hint if (c.post, c.start) in lost]
    # The choice left is small and the hint near its best: a short search from it, then the answer.
    strict = _attempt(ctx, budget, refill, fixed=kept, hint=hint, published=published, seconds=STRICT_SECONDS,
                      presolve=False)
    if strict.status in (Status.OPTIMAL, Status.FEASIBLE) and not strict.penalties.get("uncovered"):
        return strict
    candidates = _candidates(ctx, {(c.person, c.post, c.start) for c in hint | published} & ctx.allowed)
    solution = _attempt(ctx, budget, candidates, fixed=ctx.pins, hint=hint, published=published)
    if solution.status == Status.INFEASIBLE:
        return _infeasible(ctx, budget, hint, published=published)
    if strict.objective is not None and (solution.objective is None or strict.objective <= solution.objective):
        return strict
    return solution


def _lost_stretches(ctx: _Context, lost: Iterable[Cell]) -> list[_Piece]:
    """The cells lost, as the stretches their people stood: back-to-back slots of one person at one post."""
    by_stand: dict[tuple[int, int], list[int]] = defaultdict(list)
    for c in lost:
        if (c.post, c.start) in ctx.slot_end:
            by_stand[c.person, c.post].append(c.start)
    return [_Piece(post, tuple(run), "", 1) for (_p, post), starts in sorted(by_stand.items())
            for run in _runs(ctx.posts[post], starts)]


def _infeasible(ctx: _Context, budget: _Budget, hint: Iterable[Cell], published: Iterable[Cell]) -> Solution:
    """Names the places nobody can cover: the model again with minimum coverage soft and the only cost.

    The best it finds in a quarter of the time limit is the answer: proving that no roster covers more can
    take long even for a few people, and `available` is then what a roster managed, not what none can beat.
    """
    relaxed = _attempt(ctx, replace(budget, on_progress=None), _everything(ctx), fixed=ctx.pins, hint=hint,
                       published=published, partial=True, soft=False,
                       seconds=max(1.0, (budget.deadline - budget.started) / 4))
    # Still no roster: the pins conflict through the hard rules of a person (e.g. a rest gap that only duty
    # beyond the day's hours would bridge) in a way explain()'s checks of single rules do not see.
    explanations = relaxed.explanations or (Explanation("unknown"),)
    return Solution(Status.INFEASIBLE, (), None, None, {}, explanations, budget.elapsed(), relaxed.variables)


def _attempt(ctx: _Context, budget: _Budget, candidates: Iterable[Key], *, fixed: Iterable[Cell],
             hint: Iterable[Cell], published: Iterable[Cell], partial: bool | None = None,
             seconds: float | None = None, soft: bool = True, presolve: bool = True,
             bound: int | None = None) -> Solution:
    partial = ctx.instance.allow_partial if partial is None else partial
    published = list(published)
    m = _build(ctx, candidates, partial=partial, fixed=fixed, published=published, soft=soft)
    # Every penalty is at least 0, so the floor under desired + called + fairness is under the objective too:
    # CP-SAT's own bound may lag below it while its search has not yet linked the two.
    floor = max(m.ctx.floor if _hint(m, hint, budget, bound or 0) else 0, bound or 0)
    report = budget.on_progress
    parameters = {} if presolve and len(m.x) <= PRESOLVE_LIMIT else {"cp_model_presolve": False}
    limit = budget.left() if seconds is None else min(seconds, budget.left())
    result = run_with(m.model, m.penalties, parameters, time_limit=limit, workers=budget.workers,
                      on_solution=report and (lambda objective, bound: report(objective, max(bound, floor))))
    variables = len(m.model.proto.variables)
    if result.objective is None:
        return Solution(result.status, (), None, None, {}, (), budget.elapsed(), variables)
    cells = tuple(Cell(*k) for k, v in m.x.items() if result.solver.value(v))
    costs = m.penalties.costs(result.solver)
    rules = RULES + (("uncovered",) if partial else ()) + (("changes",) if published else ())
    return Solution(result.status, cells, result.objective, None if result.bound is None else max(result.bound, floor),
                    {rule: costs.get(rule, 0) for rule in rules},
                    tuple(_shortages(ctx, cells)) if partial else (), budget.elapsed(), variables)


def _hint(m: _Model, cells: Iterable[Cell], budget: _Budget, bound: int) -> bool:
    """Hints every variable, not only the cells, so that CP-SAT starts from a solution instead of a guess.

    The other variables' values come from solving the model with the cells fixed (propagation, in effect).
    Then the floor of desired + called + fairness joins the model: a bound no roster can beat, which CP-SAT's
    feasibility heuristics stumble on while they still look for a first roster; on_progress hears of the
    hinted roster at once. When the cells break a hard rule (an incomplete constructive roster), only the
    cells are hinted and the floor stays out. Returns whether the floor joined. `bound`: one proven beside it.
    """
    chosen = {(c.person, c.post, c.start) for c in cells}
    variables = [(k, v) for k, v in m.x.items() if not isinstance(v, int)]
    fixed = m.model.clone()
    for k, v in variables:
        domain = fixed.proto.variables[v.index].domain
        domain[0] = domain[1] = int(k in chosen)
    fixed.minimize(m.penalties.objective())
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, min(5.0, budget.left() / 4))
    if solver.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = solver.response_proto.solution
        m.model.proto.solution_hint.vars.extend(range(len(values)))
        m.model.proto.solution_hint.values.extend(values)
        if m.core is not None:
            m.model.proto.variables[m.core.index].domain[0] = m.ctx.floor
            if budget.on_progress:  # the hint is a roster already: its objective, and the floor below every roster
                budget.on_progress(int(solver.objective_value), max(m.ctx.floor, bound))
        return m.core is not None
    for k, v in variables:
        m.model.add_hint(v, int(k in chosen))
    return False


def evaluate(instance: Instance, cells: Iterable[Cell], time_limit: float = 10.0) -> Solution:
    """The score analysis of a given roster (a hand-edited one, the constructive baseline): exactly its cells.

    INFEASIBLE (without explanations) when the cells break a hard rule: validate() says which.
    """
    ctx = _context(instance)[0]
    cells = list(dict.fromkeys(cells))
    budget = _Budget(time.perf_counter() + time_limit, 1, None, time.perf_counter())
    return _attempt(ctx, budget, (), fixed=cells, hint=cells, published=instance.published)
