"""solve() and evaluate(): CP-SAT from the constructive roster, the re-plan that keeps the published cells it
can, and the relaxed model that names the places nobody can cover.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from solver.cpsat import Status, run_with
from solver.roster import patterns
from solver.roster.constraints import Handover, _build, _Model
from solver.roster.constructive import _Builder, _candidates, _construct, _everything, _Piece
from solver.roster.explanations import _explain, _shortages
from solver.roster.model import RULES, Cell, Explanation, Instance, Key, Solution, _Context, _context, _runs
from solver.roster.validation import validate

# A strict re-plan offers each lost stretch to the people the constructive pass finds cheapest to take it whole.
REFILL_CANDIDATES = 12
STRICT_SECONDS = 1.5  # the most a strict re-plan searches (each of its at most two attempts)
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
    """Keep every published cell of a present person that still keeps the rules; hand each lost stretch over
    whole to one person.

    A stretch nobody can take whole beside their own duty is open slot by slot from the start; one whose
    takers are all needed for the other lost stretches is opened in a second strict attempt. Only when that
    too fails, the whole roster is open again with a heavy price on each change. Each lost stretch not handed
    over whole is explained, with the reason (_not_whole).
    """
    published = set(ctx.instance.published)
    kept = {c for c in published if (c.person, c.post, c.start) in ctx.allowed} | ctx.pins
    lost, hint = _handover(ctx, kept, published - kept)
    strict = _strict(ctx, budget, lost, kept, hint, published, opened=[h for h in lost if not h.takers])
    left = [h for h in _split(ctx, lost, set(strict.cells) - published) if h.takers]
    if left or not _acceptable(strict):
        opened = [h for h in lost if not h.takers or h in left] if strict.objective is not None else lost
        split = _strict(ctx, budget, lost, kept, set(strict.cells) or hint, published, opened)
        if split.objective is not None and (strict.objective is None or split.objective < strict.objective):
            strict = split
    if _acceptable(strict):
        return _not_whole(ctx, strict, lost, published)
    candidates = _candidates(ctx, {(c.person, c.post, c.start) for c in hint | published} & ctx.allowed)
    solution = _attempt(ctx, budget, candidates, fixed=ctx.pins, hint=hint, published=published)
    if solution.status == Status.INFEASIBLE:
        return _infeasible(ctx, budget, hint, published=published)
    if strict.objective is not None and (solution.objective is None or strict.objective <= solution.objective):
        return _not_whole(ctx, strict, lost, published)
    return _not_whole(ctx, solution, lost, published)


@dataclass(frozen=True)
class _Lost:
    """A stretch a re-plan hands over: whose it was, its slots, and who could take all of it beside their own
    duty (holding the qualifications the post then lacks), cheapest first."""

    person: int
    piece: _Piece
    takers: tuple[int, ...]


def _handover(ctx: _Context, kept: set[Cell], lost: Iterable[Cell]) -> tuple[list[_Lost], set[Cell]]:
    """The lost stretches with their takers, and a hint: the kept cells and each stretch (those with the fewest
    takers first) handed over whole to its cheapest taker still free. The slots of a stretch none is free for
    get what the constructive pass puts there; only then, since it fills every open place of the roster, and
    its cells elsewhere would not fit the re-plan's model."""
    builder = _Builder(ctx, kept)
    out = []
    for person, piece, needed in _lost_stretches(ctx, lost, kept):
        ranked = builder.ranked(piece, len(ctx.people))
        out.append(_Lost(person, piece, tuple(p for p in ranked if needed <= ctx.people[p].qualifications)))
    open_slots = set()
    for h in sorted(out, key=lambda h: (len(h.takers), -len(h.piece.starts), h.piece.starts[0], h.piece.post)):
        free = set(builder.ranked(h.piece, len(ctx.people)))
        best = next((p for p in h.takers if p in free), None)
        if best is None:
            open_slots |= {(h.piece.post, s) for s in h.piece.starts}
        else:
            builder._place(best, h.piece.post, h.piece.starts)
    # As the constructive pass ends: the stretches of those called for them alone go whole to people on duty
    # already, wherever that saves calling them (the bench with 15 absent: 185 people called instead of 190).
    builder._fewer_people()
    hint = {Cell(*k) for k in builder.chosen}
    if open_slots:
        hint |= {c for c in builder.cells() if (c.post, c.start) in open_slots}
    return out, hint


def _lost_stretches(ctx: _Context, lost: Iterable[Cell], kept: Iterable[Cell]) -> list[
        tuple[int, _Piece, frozenset[str]]]:
    """The cells lost, as the stretches their people stood (back-to-back slots of one person at one post):
    whose, the stretch, and the qualifications of theirs the post lacks in it without them."""
    by_stand: dict[tuple[int, int], list[int]] = defaultdict(list)
    for c in lost:
        if (c.post, c.start) in ctx.slot_end:
            by_stand[c.person, c.post].append(c.start)
    holders: dict[tuple[int, int, str], int] = defaultdict(int)
    for c in kept:
        for q in ctx.people[c.person].qualifications:
            holders[c.post, c.start, q] += 1
    out = []
    for (person, post), starts in sorted(by_stand.items()):
        for run in _runs(ctx.posts[post], starts):
            needed = frozenset(q for q, need in ctx.posts[post].requirements.items()
                               if q in ctx.people[person].qualifications and any(holders[post, s, q] < need
                                                                                 for s in run))
            out.append((person, _Piece(post, tuple(run), min(needed, default=""), 1), needed))
    return out


def _strict(ctx: _Context, budget: _Budget, lost: list[_Lost], kept: set[Cell], hint: set[Cell],
            published: set[Cell], opened: list[_Lost]) -> Solution:
    """A short search over the lost stretches only, from the hint: each not `opened` goes whole to one of its
    REFILL_CANDIDATES cheapest takers (or the one the hint gives it to); each opened one slot by slot to
    anyone free there."""
    held = {(c.person, c.post, c.start) for c in hint}
    whole, loose = [], set()
    for h in lost:
        post, starts = h.piece.post, h.piece.starts
        if h in opened:
            loose |= {(q, post, s) for s in starts for q in ctx.standing.get((post, s), ())}
        else:
            mine = {q for q in h.takers if all((q, post, s) in held for s in starts)}
            whole.append((post, starts, tuple(dict.fromkeys(h.takers[:REFILL_CANDIDATES] + tuple(mine)))))
    candidates = loose | {(q, post, s) for post, starts, takers in whole for q in takers for s in starts}
    return _attempt(ctx, budget, candidates, fixed=kept, hint=hint, published=published, seconds=STRICT_SECONDS,
                    whole=whole, loose=loose)


def _acceptable(solution: Solution) -> bool:
    return solution.status in (Status.OPTIMAL, Status.FEASIBLE) and not solution.penalties.get("uncovered")


def _split(ctx: _Context, lost: list[_Lost], added: set[Cell]) -> list[_Lost]:
    """The lost stretches that no one person's cells added to the published roster hold all of.

    A cell counts for one stretch only (two absent people's stretches at one post are two places): the
    longest stretches claim theirs first, each from a person whose added cells there fit it exactly if any.
    """
    unclaimed, out = set(added), []
    for h in sorted(lost, key=lambda h: -len(h.piece.starts)):
        post, starts = h.piece.post, h.piece.starts
        before, after = starts[0] - ctx.posts[post].slot_minutes, ctx.slot_end[post, starts[-1]]
        takers = [c.person for c in unclaimed if (c.post, c.start) == (post, starts[0])
                  and all(Cell(c.person, post, s) in unclaimed for s in starts)]
        if not takers:
            out.append(h)
            continue
        taker = min(takers, key=lambda q: (Cell(q, post, before) in unclaimed) + (Cell(q, post, after) in unclaimed))
        unclaimed -= {Cell(taker, post, s) for s in starts}
    return sorted(out, key=lost.index)


def _not_whole(ctx: _Context, solution: Solution, lost: list[_Lost], published: set[Cell]) -> Solution:
    """The solution with each lost stretch that no one person took over whole explained: nobody could stand all
    of it beside their own duty (handover_nobody), or the `available` people who could were needed for the
    other lost stretches (handover_taken)."""
    found = tuple(Explanation("handover_taken" if h.takers else "handover_nobody", post=h.piece.post,
                              person=h.person, start=h.piece.starts[0],
                              end=ctx.slot_end[h.piece.post, h.piece.starts[-1]], available=len(h.takers))
                  for h in _split(ctx, lost, set(solution.cells) - published))
    return replace(solution, explanations=solution.explanations + found) if found and solution.cells else solution


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
             seconds: float | None = None, soft: bool = True, bound: int | None = None,
             whole: Iterable[Handover] = (), loose: Collection[Key] = ()) -> Solution:
    partial = ctx.instance.allow_partial if partial is None else partial
    published = list(published)
    m = _build(ctx, candidates, partial=partial, fixed=fixed, published=published, soft=soft, whole=whole,
               loose=loose)
    # Every penalty is at least 0, so the floor under desired + called + fairness is under the objective too:
    # CP-SAT's own bound may lag below it while its search has not yet linked the two.
    floor = max(m.ctx.floor if _hint(m, hint, budget, bound or 0) else 0, bound or 0)
    report = budget.on_progress
    parameters = {} if len(m.x) <= PRESOLVE_LIMIT else {"cp_model_presolve": False}
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
