"""The hall's plan improved a few rows at a time: the units a plan holds in the runs of some consecutive rows
are re-packed over those runs exactly (CP-SAT on a small count model), the most honoured rows first.

The configuration LP's dive fixes run after run on fractional evidence, and CP-SAT over the whole hall
cannot better its plan in seconds; a dense group left a row too far back is found here, where a handful of
rows is solved to optimality. Units move only between the runs of the window, so every other run, the
crossing blocks and the units left out stay as they were: a window's new counts can only raise the score.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace

from ortools.sat.python import cp_model

from solver.seating.hall import _Hall, _Plan

ROWS = 4  # consecutive rows in one neighbourhood
STEP = 2  # neighbourhoods start this many rows apart (they overlap: a unit can travel further back or forth)
WINDOW_SECONDS = 0.5  # at most, per neighbourhood (a few hundredths in practice)


def improve_rows(hall: _Hall, plan: _Plan, deadline: float) -> _Plan:
    """The plan with the content of each neighbourhood re-packed at its best, neighbourhoods re-solved while
    one sharing a row changed and the time lasts. Units of a pinned or apart type (a kind of their own) keep
    their runs: the arrangement parts apart pairs by the runs' contents, as the search left them."""
    runs_of_row: dict[int, list[int]] = defaultdict(list)
    for r in range(len(hall.runs)):
        runs_of_row[hall._run_row(r)].append(r)
    room = [run.size for run in hall.runs]
    for _ti, members, _v in plan.windows:
        for i in members:
            if i in hall.run_of:
                room[hall.run_of[i]] -= 1
    movable = [not any(hall.types[ti].special for ti in kind.types) for kind in hall.kinds]
    counts = dict(plan.counts)
    for (k, r), n in counts.items():
        if not movable[k]:
            room[r] -= hall.kinds[k].size * n
    hoods = _neighbourhoods(runs_of_row)
    dirty = set(range(len(hoods)))
    gain = 0
    while dirty and time.perf_counter() < deadline:
        n = min(dirty)
        dirty.discard(n)
        window = [r for row in hoods[n] for r in runs_of_row[row]]
        better = _repack_window(hall, window, counts, movable, room, deadline)
        if better is None:
            continue
        got, packed = better
        gain += got
        inside = set(window)
        for key in [key for key in counts if key[1] in inside and movable[key[0]]]:
            del counts[key]
        counts.update(packed)
        dirty.update(m for m, rows in enumerate(hoods) if m != n and set(rows) & set(hoods[n]))
    if not gain:
        return plan
    return replace(plan, counts=counts, value=plan.value + gain, bound=max(plan.bound, plan.value + gain))


def _neighbourhoods(runs_of_row: dict[int, list[int]]) -> list[tuple[int, ...]]:
    """Windows of ROWS consecutive rows, STEP apart (the last ending with the hall's last row)."""
    rows = sorted(runs_of_row)
    return [tuple(rows[a:a + ROWS]) for a in range(0, max(1, len(rows) - ROWS + STEP), STEP)]


def _repack_window(hall: _Hall, window: list[int], counts: dict[tuple[int, int], int], movable: list[bool],
                   room: list[int], deadline: float) -> tuple[int, dict[tuple[int, int], int]] | None:
    """(gain, new counts of the movable kinds in the window's runs) when a better packing exists."""
    inside = set(window)
    held: dict[int, int] = defaultdict(int)
    for (k, r), n in counts.items():
        if r in inside and movable[k]:
            held[k] += n
    if not held:
        return None
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for k, n in held.items():
        kind = hall.kinds[k]
        for r in window:
            if hall.eligible(kind, hall.runs[r]) and kind.size <= room[r]:
                x[k, r] = model.new_int_var(0, min(n, room[r] // kind.size), "")
                model.add_hint(x[k, r], counts.get((k, r), 0))
        model.add(sum(v for (kk, _r), v in x.items() if kk == k) == n)
    for r in window:
        terms = [(hall.kinds[k].size, v) for (k, rr), v in x.items() if rr == r]
        if terms:
            model.add(cp_model.LinearExpr.weighted_sum([v for _s, v in terms], [s for s, _v in terms]) <= room[r])
    keys = list(x)
    profit = [hall.runs[r].honour * hall.kinds[k].weight for k, r in keys]
    model.maximize(cp_model.LinearExpr.weighted_sum([x[key] for key in keys], profit))
    now = sum(hall.runs[r].honour * hall.kinds[k].weight * n for (k, r), n in counts.items()
              if r in inside and movable[k])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, min(WINDOW_SECONDS, deadline - time.perf_counter()))
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    packed = {key: solver.value(v) for key, v in x.items() if solver.value(v)}
    got = sum(hall.runs[r].honour * hall.kinds[k].weight * n for (k, r), n in packed.items()) - now
    return (got, packed) if got > 0 else None
