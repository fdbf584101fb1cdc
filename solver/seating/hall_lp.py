"""The hall's solve: the constructive plan, the configuration LP (solver.seating.configuration_lp) for the bound
and, by diving, a plan made whole; CP-SAT settles the rest (steps 1-5 of "How each layout is solved" in the
package docstring).

How far the bound can go: on the 1,500-guest bench hall (seed 1; an earlier version of it, whose numbers differ
from today's) the configuration LP's bound is 46,130,099 (level score), while SCIP on the count model (every
kind x run an integer, 300 s, a relaxation of the seat model: apart pairs inside runs left out) proves its
optimum at most 46.1185 M and finds nothing above
46,106,994, the plan the rows' re-packing reaches in under a second (given to it as the start): the LP bound
alone sits about 0.025 % above the optimum, so a gap of 0.01 % needs a tighter bound (cuts across runs, or
branching on the LP) as well as a better plan.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ortools.graph.python import min_cost_flow

from solver.cpsat import Status
from solver.seating.configuration_lp import _Master
from solver.seating.hall import ARRANGE_ROUNDS, SMALL_MODEL, Window, _Hall, _Plan
from solver.seating.neighbourhood import improve_rows
from solver.seating.repack import repack
from solver.seating.rules import _Rules
from solver.seating.search import _Budget, _knapsack, _Result
from solver.seating.validation import validate


def _solve_hall(rules: _Rules, guests: Sequence[int], partial: bool, budget: _Budget) -> _Result:
    """The configuration LP gives the bound and, by diving, a plan; CP-SAT then settles what the dive left
    (and every apart pair among crossing blocks); the arrangement seats each unit inside its run."""
    hall = _Hall(rules, guests, partial)
    placed, left = hall.construct()
    plans = [placed]  # every plan at hand: their patterns start the column generation
    if not partial:  # (a partial plan: who sits is decided by _seniors_first)
        plans += _repackings(hall, placed, left)
        placed, left = _repacked(hall, plans[1:], placed, left)
    if partial:
        placed, left = _seniors_first(hall, placed, left)
    for _attempt in range(0 if partial else 2):
        if not left:
            break
        placed, left = hall.construct(first=left)
    if left and not partial:
        placed, left = _make_room(hall, placed, left)
    fixed = hall.fixed_value
    limit = budget.deadline - budget.started
    best_bound: list[float] = [math.inf]

    settled: dict[int, dict[int, int]] = {}
    completed: _Plan | None = None  # the dive's plan made whole

    def report(value: int, bound: int) -> None:
        if budget.on_progress:  # with runs settled by a dive CP-SAT's bound holds for those plans only
            budget.on_progress(value + fixed, (_floor(best_bound[0]) if settled else min(bound, _floor(best_bound[0])))
                               + fixed)

    best_bound[0] = _transport_bound(hall)
    if not left or partial:  # the constructive plan at once (its score; the bound of sorting, valid)
        report(_constructed_value(hall, placed, left), _floor(best_bound[0]))
    windows = hall.crossing()
    size = sum(1 for kind in hall.kinds for run in hall.runs if hall.eligible(kind, run)) + len(windows)
    small = size <= SMALL_MODEL
    master = _Master(hall, windows)
    if not small:
        master.relax()
        best_bound[0] = min(best_bound[0], master.bound)
        if not left or partial:  # ... and the relaxation's bound
            report(_constructed_value(hall, placed, left), _floor(best_bound[0]))
    for plan_at_hand in plans + [placed]:
        for r, pattern in _patterns_of(hall, plan_at_hand).items():
            master.add(r, pattern)
    if not small and master.converge(budget.started + LP_SHARE * limit):
        if not master.near_optimum() and not left:
            # Short of its optimum the LP dives badly and CP-SAT over the whole hall seldom betters the
            # repacked plan in seconds: the time left goes to the bound and to the rows' re-packing of that
            # plan, half each (on 5,000 guests the last rounds move the bound by 0.01 %, the re-packing the
            # plan by 0.03 %).
            master.converge(budget.deadline - max(ROWS_SHARE * limit, ROWS_SHARE_LATE * budget.left()))
            best_bound[0] = min(best_bound[0], master.bound)
            kept = None if master.near_optimum() else _constructed(hall, placed, left, _floor(best_bound[0]))
            if kept is not None and kept.value is not None and kept.bound is not None:
                kept = _repacked_rows(hall, placed, kept, budget.deadline)
                report(kept.value, kept.bound)
                return replace(kept, value=kept.value + fixed, bound=kept.bound + fixed)
        best_bound[0] = min(best_bound[0], master.bound)
        # the dive ends in time for CP-SAT to complete the runs it leaves (it ran to 80 % of the limit, after
        # which CP-SAT is skipped: the 1,500-guest hall of seed 3 then kept its constructive plan)
        counts, runs, completed = _best_dive(hall, master, min(
            max(budget.started + DIVE_SHARE * limit, time.perf_counter() + DIVE_SHARE_LATE * budget.left()),
            budget.deadline - (SEARCH_SHARE + ROWS_SHARE) * limit))
        for r in runs:
            settled[r] = {k: c for (k, rr), c in counts.items() if rr == r}
        if completed is not None and size <= SEARCH_MODEL:  # the plan CP-SAT is to better, re-packed by rows first
            improved = _rows_improved(hall, completed, min(budget.deadline,
                                                           time.perf_counter() + FIRST_ROWS_SHARE * limit))
            completed = completed if improved is None else improved[0]  # (kept only if it parts apart pairs)
    hint: Sequence[Window] | _Plan = placed
    cuts: list[tuple] = []
    status = Status.TIMEOUT
    for _round in range(ARRANGE_ROUNDS + 1):
        plan: _Plan | None = None
        late = budget.left() < (SEARCH_SHARE + ROWS_SHARE) * limit and (partial or not left)
        if late and completed is None:
            break  # building CP-SAT's model alone would overrun its time: the constructive plan, re-packed
        if not late and (completed is None or size <= SEARCH_MODEL):
            # CP-SAT's time ends ROWS_SHARE before the deadline (its model's building included): the rest is the
            # rows' re-packing's
            searching = replace(budget, deadline=budget.deadline - ROWS_SHARE * limit)
            plan, status = hall.search(windows, hint, cuts, searching, max(0.5, searching.left()), report, settled)
            if plan is None and settled and status == Status.INFEASIBLE and budget.left() >= SEARCH_SHARE * limit:
                settled = {}  # the dive's runs admit no plan with the apart pairs: search everything
                plan, status = hall.search(windows, hint, cuts, searching, max(0.5, searching.left()), report)
        if completed is not None and (plan is None or completed.value > plan.value):
            plan = completed  # CP-SAT had no time, or found nothing better
        completed = None
        if plan is None:
            break
        if (partial or not left) and plan.value < _constructed_value(hall, placed, left):
            if not settled:  # CP-SAT's bound holds for the whole hall
                best_bound[0] = min(best_bound[0], plan.bound)
            break  # CP-SAT cut short below the constructive plan: that one is re-packed instead (below)
        plan, (assignment, left_units, failing) = (_rows_improved(hall, plan, budget.deadline)
                                                   or (plan, hall.arrange(plan)))
        if left_units and not partial:  # never: the plan counts every unit (one it lost is no answer)
            break
        if not failing:
            bound = min(_floor(best_bound[0]), plan.bound if not settled else _floor(best_bound[0]))
            bound = max(bound, plan.value)
            proven = plan.value >= bound or (plan.status == Status.OPTIMAL and not settled)
            if not proven and _constructed_value(hall, placed, left) > plan.value:
                kept = _constructed(hall, placed, left, bound)
                if kept is not None:
                    return replace(kept, value=kept.value + fixed, bound=kept.bound + fixed)
            return _Result(assignment, left_units, plan.value + fixed, bound + fixed,
                           Status.OPTIMAL if proven else Status.FEASIBLE, hall.variables)
        cuts += [hall.cut(plan, seg, windows) for seg in failing]
        hint = plan
    if partial or not left:  # no plan from the search in time: the constructive one, if whole and valid
        kept = _constructed(hall, placed, left, _floor(best_bound[0]))
        if kept is not None:
            kept = _repacked_rows(hall, placed, kept, budget.deadline)
            return replace(kept, value=kept.value + fixed, bound=kept.bound + fixed)
    units = [u for t in hall.types for u in t.units]
    return _Result({}, units, None, None, Status.INFEASIBLE if status == Status.INFEASIBLE and not settled
                   else Status.TIMEOUT, hall.variables)


def _rows_improved(hall: _Hall, plan: _Plan, deadline: float) -> tuple[_Plan, tuple] | None:
    """The plan re-packed a few rows at a time (solver.seating.neighbourhood) and arranged, or None when that
    found nothing better or its arrangement would not part every apart pair."""
    better = improve_rows(hall, plan, deadline)
    if better is plan:
        return None
    arranged = hall.arrange(better)
    return None if arranged[2] else (better, arranged)


def _repacked_rows(hall: _Hall, placed: Sequence[Window], kept: _Result, deadline: float) -> _Result:
    """The constructive plan (`kept`, whole and valid) re-packed a few rows at a time, when that keeps
    every rule."""
    improved = _rows_improved(hall, _as_plan(hall, placed, kept.value, kept.bound), deadline)
    if improved is None:
        return kept
    better, (assignment, left_units, _failing) = improved
    if left_units or validate(hall.rules.instance, assignment):
        return kept
    return replace(kept, assignment=assignment, value=better.value)


def _best_dive(hall: _Hall, master: _Master, until: float
               ) -> tuple[dict[tuple[int, int], int], set[int], _Plan | None]:
    """The LP rounded by a dive at each of DIVE_DROPS, the next begun only while the time left holds another as
    long as the last: the counts of the dive whose plan made whole scores most, the runs it fixed, and that plan.
    Which dive is best depends on the hall (1,500 guests, seeds 1-7 at 5 s: the first dive's plan was better on
    four, the second's on three; the gap 0.053 % on average with both, 0.076 % with the first alone)."""
    best: tuple[dict[tuple[int, int], int], set[int], _Plan | None] | None = None
    took = 0.0
    for n, drop in enumerate(DIVE_DROPS):
        started = time.perf_counter()
        if n:
            if started + took > until:
                break
            master.release()
        master.dive(until, drop)
        counts, chosen = master.plan()
        completed = _completed(hall, master, counts, chosen)
        took = time.perf_counter() - started
        if best is None or (completed is not None
                            and (best[2] is None or _rank(hall, completed) > _rank(hall, best[2]))):
            best = (counts, set(master.fixed), completed)
    assert best is not None
    return best


def _rank(hall: _Hall, plan: _Plan) -> tuple[bool, int]:
    """A plan made whole that can be arranged (its apart pairs parted) first, then the higher score: the dive
    places apart partners by counts alone, and when CP-SAT has no time left to mend a segment the answer would
    fall back to the constructive plan (1,500 guests, seed 3: 0.76 % where the other dive's plan arranged)."""
    return not hall.arrange(plan)[2], plan.value


def _completed(hall: _Hall, master: _Master, counts: Mapping[tuple[int, int], int], chosen: Sequence[int]
               ) -> _Plan | None:
    """The dive's plan made whole: the best of _completion's four ways (none is best on every hall: on the
    1,500-guest halls of seeds 1-3 and the 5,000-guest one each of three came first), or None when none of
    them finds room for every unit. CP-SAT then completes the dive's runs when it has the time, and this
    plan stands when CP-SAT finds nothing better: on the 5,000-guest hall it found no plan in 7 s, and the
    answer was the constructive plan (0.43 %) where this one, re-packed by rows, is within 0.05 %."""
    use: dict[tuple[int, int], float] = defaultdict(float)  # units of a kind the LP puts in a run
    most: dict[int, tuple] = {}  # the pattern the LP uses most in each run
    used_most: dict[int, float] = {}
    for x, r, key, _v in master.columns():
        for k, c in key:
            use[k, r] += x * c
        if r >= 0 and x > used_most.get(r, 0.0):
            used_most[r], most[r] = x, key
    plans = [p for lp_first in (False, True) for lp_runs in (False, True)
             if (p := _completion(hall, master, counts, chosen, use if lp_first else None,
                                  most if lp_runs else None)) is not None]
    return max(plans, key=lambda p: p.value, default=None)


def _completion(hall: _Hall, master: _Master, counts: Mapping[tuple[int, int], int], chosen: Sequence[int],
                use: Mapping[tuple[int, int], float] | None, most: Mapping[int, tuple] | None) -> _Plan | None:
    """The dive's plan made whole, or None when some unit finds no room. Units that no open run admits take
    the best crossing blocks still free (the types with the fewest blocks first). Given `most`, each open
    run first takes the pattern the LP uses most there, while its units are still to seat. Units with needs
    (that not every open run admits) go next: into the open runs where the LP puts them (given `use`), or else
    run by run, most honoured first, those that score most there (a knapsack). Then every open run, most
    honoured first, takes the units still to seat that score most there, and whatever is left goes wherever
    it fits. The plan has no bound of its own."""
    kinds, runs = hall.kinds, hall.runs
    left = [kind.count for kind in kinds]
    room = [run.size for run in runs]
    plan: dict[tuple[int, int], int] = defaultdict(int, counts)
    for (k, r), c in counts.items():
        left[k] -= c
        room[r] -= kinds[k].size * c
    taken: set[int] = set()
    seats: set[int] = set()
    of_type: dict[int, int] = defaultdict(int)

    def take_window(n: int) -> None:
        ti, members, _value = master.windows[n]
        taken.add(n)
        seats.update(members)
        of_type[ti] += 1
        left[hall.types[ti].kind] -= 1
        for r, c in master.window_runs[n].items():
            room[r] -= c

    def take_windows(wanted: set[int]) -> None:
        blocks: dict[int, list[int]] = defaultdict(list)
        for n, (ti, _members, _value) in enumerate(master.windows):
            if hall.types[ti].kind in wanted:
                blocks[ti].append(n)
        for ti in sorted(blocks, key=lambda ti: (len(blocks[ti]), ti)):
            k = hall.types[ti].kind
            for n in sorted(blocks[ti], key=lambda n: -master.windows[n][2]):
                if (left[k] > 0 and of_type[ti] < hall.types[ti].count and n not in taken
                        and seats.isdisjoint(master.windows[n][1])
                        and all(room[r] >= c for r, c in master.window_runs[n].items())):
                    take_window(n)

    def put(k: int, r: int, c: int) -> None:
        plan[k, r] += c
        left[k] -= c
        room[r] -= kinds[k].size * c

    def pack(r: int, admitted: Iterable[int], extra: int = 0) -> None:
        items = [(runs[r].honour * kinds[k].weight + extra, kinds[k].size, left[k], k) for k in admitted if left[k] > 0]
        for k, c in _knapsack(items, room[r])[1].items():
            put(k, r, c)

    for n in chosen:
        take_window(n)
    if min(room, default=0) < 0 or min(left, default=0) < 0:
        return None
    open_runs = sorted((r for r in range(len(runs)) if r not in master.fixed), key=lambda r: (-runs[r].honour, r))
    homes = {k: [r for r in open_runs if k in master.eligible[r]] for k in range(len(kinds))}
    take_windows({k for k in range(len(kinds)) if left[k] > 0 and not homes[k]})
    needy = {k for k in range(len(kinds)) if left[k] > 0 and homes[k] and len(homes[k]) < len(open_runs)}
    if most is not None:
        for r in open_runs:
            key = most.get(r, ())
            if all(left[k] >= c for k, c in key) and sum(kinds[k].size * c for k, c in key) <= room[r]:
                for k, c in key:
                    put(k, r, c)
    if use is not None:
        for k in sorted(needy, key=lambda k: (len(homes[k]), k)):
            for r in homes[k]:
                put(k, r, min(left[k], round(use.get((k, r), 0.0)), room[r] // kinds[k].size))
            for r in sorted(homes[k], key=lambda r: -use.get((k, r), 0.0)):
                put(k, r, min(left[k], room[r] // kinds[k].size))
    else:
        for r in open_runs:
            pack(r, needy & set(master.eligible[r]))
    for r in open_runs:
        pack(r, master.eligible[r])
    reach = max((kind.weight for kind in kinds), default=0) * max(hall.h, default=0) + 1
    for r in open_runs:
        pack(r, master.eligible[r], reach)
    take_windows({k for k in range(len(kinds)) if left[k] > 0})
    if any(left):
        return None
    windows = [master.windows[n] for n in sorted(taken)]
    value = (sum(runs[r].honour * kinds[k].weight * c for (k, r), c in plan.items())
             + sum(w[2] for w in windows))
    return _Plan(dict(plan), windows, value, _floor(math.inf), Status.FEASIBLE, taken)


def _transport_bound(hall: _Hall) -> int:
    """A bound no plan exceeds: every guest on a seat that suits them, each apart from their unit, blind to
    rows, segments and apart pairs (a relaxation: every plan is one of its solutions, scoring the same). A
    transportation problem over classes of guests and seats, solved by min-cost flow. With allow_partial a
    guest may stay out at their price. (A unit split at its mean weight per seat would be tighter but is no
    bound: a block over seats of unequal honour seats its senior on the better one and scores above that.)"""
    rules = hall.rules
    supply: dict[tuple[int, int, int], int] = defaultdict(int)  # (class, weight, price) -> guests
    value = 0
    held: set[int] = set()
    for t in hall.types:
        for unit in t.units:
            for m in unit:
                pin = rules.guests[m].pinned
                if pin is not None and pin in hall.idx:  # a pinned member's seat is its own
                    i = hall.idx[pin]
                    value += hall.h[i] * rules.weight[m]
                    held.add(i)
                else:
                    supply[rules.gclass(m), rules.weight[m], rules.unseated[m]] += 1
    room: dict[tuple[int, int], int] = defaultdict(int)  # (seat class, honour) -> seats
    for i in range(len(hall.sid)):
        if hall.free[i] and i not in held:
            room[hall.sc[i], hall.h[i]] += 1
    flow = min_cost_flow.SimpleMinCostFlow()
    guests, seats = list(supply), list(room)
    source, sink, out = 0, 1 + len(guests) + len(seats), 2 + len(guests) + len(seats)
    total = sum(supply.values())
    for n, (c, w, price) in enumerate(guests):
        flow.add_arc_with_capacity_and_unit_cost(source, 1 + n, supply[c, w, price], 0)
        if hall.partial:
            flow.add_arc_with_capacity_and_unit_cost(1 + n, out, supply[c, w, price], price)
        for k, (sc, h) in enumerate(seats):
            if rules.accept[c][sc]:
                flow.add_arc_with_capacity_and_unit_cost(1 + n, 1 + len(guests) + k, supply[c, w, price], -h * w)
    for k, key in enumerate(seats):
        flow.add_arc_with_capacity_and_unit_cost(1 + len(guests) + k, sink, room[key], 0)
    if hall.partial:
        flow.add_arc_with_capacity_and_unit_cost(out, sink, total, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    if flow.solve() != flow.OPTIMAL:  # no plan at all seats everyone: the plain sorting is still a bound
        ws = sorted((w for t in hall.types for _u in t.units for w in t.ws), reverse=True)
        hs = sorted((hall.h[i] for i in range(len(hall.sid)) if hall.free[i]), reverse=True)
        return sum(w * h for w, h in zip(ws, hs, strict=False))
    return value - flow.optimal_cost()


def _constructed_value(hall: _Hall, placed: Sequence[Window], left: Sequence[int]) -> int:
    """The score of a constructive plan: its placements, less the penalty of the units left without room."""
    return sum(w[2] for w in placed) - sum(hall.kinds[hall.types[ti].kind].penalty for ti in left)


def _constructed(hall: _Hall, placed: Sequence[Window], left: Sequence[int], bound: int) -> _Result | None:
    """The constructive plan as a result, when it keeps every rule: the search under a time limit (its runs
    settled by the dive) may end below it. Units of a type take its placements in order, as construct()
    made them."""
    seat_of = dict(hall.fixed)
    taken: dict[int, int] = defaultdict(int)
    for ti, members, _value in placed:
        unit = hall.types[ti].units[taken[ti]]
        taken[ti] += 1
        seat_of.update(zip(unit, members, strict=True))
    assignment = {g: hall.sid[i] for g, i in seat_of.items()}
    if validate(hall.rules.instance, assignment) and not hall.partial:
        return None
    if any(v.code != "unseated" for v in validate(hall.rules.instance, assignment)):
        return None
    units = [u for ti, t in enumerate(hall.types) for u in t.units[taken[ti]:]]
    value = _constructed_value(hall, placed, left)
    return _Result(assignment, units, value, bound, Status.OPTIMAL if value >= bound else Status.FEASIBLE,
                   hall.variables)


def _repackings(hall: _Hall, placed: list[Window], left: list[int]) -> list[list[Window]]:
    """The constructive plan repacked (_Hall.repack) with the singles valued at their weight, and at most at
    quantiles of the group members' density (REPACK_CAPS); those that seat everyone.

    A knapsack that takes singles at their weight seats every heavy single in the front rows; the rows
    behind, half filled by groups, are then topped up with the lightest. Valued at a group's density, the
    singles go as fillers where the groups leave gaps, and denser groups come forward: better on some
    lists, worse on others, so each is tried."""
    dense = sorted(hall.density(ti) for ti, t in enumerate(hall.types) if t.size > 1 for _u in t.units
                   for _m in range(t.size))
    caps = [math.inf] + [dense[int(q * (len(dense) - 1))] for q in REPACK_CAPS if dense]
    return [packed for cap in caps if (packed := repack(hall, placed, left, cap)) is not None]


def _repacked(hall: _Hall, packings: Sequence[list[Window]], placed: list[Window], left: list[int]
              ) -> tuple[list[Window], list[int]]:
    """The best of the constructive plan and its repackings, when it seats everyone and keeps every rule."""
    best = (placed, left) if not left else None
    for packed in packings:
        if best is not None and _constructed_value(hall, packed, []) <= _constructed_value(hall, *best):
            continue
        if _constructed(hall, packed, [], 0) is not None:
            best = (packed, [])
    return best if best is not None else (placed, left)


def _make_room(hall: _Hall, placed: list[Window], left: list[int]) -> tuple[list[Window], list[int]]:
    """Units the constructive plan left without a block (the free seats scattered): each takes the block
    where it moves the fewest plain single guests, who go to free seats that suit them."""
    placed = list(placed)
    holder = {i: n for n, (_ti, members, _v) in enumerate(placed) for i in members}
    taken = set(holder) | set(hall.fixed.values())
    free = [i for i in range(len(hall.sid)) if hall.usable(i) and i not in taken]
    plain = {n for n, (ti, _m, _v) in enumerate(placed) if hall.types[ti].size == 1 and not hall.types[ti].special}
    still: list[int] = []
    for ti in left:
        t = hall.types[ti]
        best = None
        for cells in hall.cells.values():
            for j in range(len(cells) - t.size + 1):
                block = cells[j:j + t.size]
                if any(i in hall.fixed.values() or (i in holder and holder[i] not in plain) for i in block):
                    continue
                moved = {holder[i] for i in block if i in holder}
                if best is not None and len(moved) >= len(best[0]):
                    continue
                got = hall.order(t, block)
                if got is not None and hall.allowed(t, got[1]):
                    best = (moved, got)
        if best is None:
            still.append(ti)
            continue
        moved, (value, members) = best
        spare = [i for i in free if i not in members]
        homes = {}
        for n in moved:
            cls = hall.types[placed[n][0]].cls[0]
            home = next((i for i in spare if hall.rules.accept[cls][hall.sc[i]] and i not in homes.values()), None)
            if home is None:
                break
            homes[n] = home
        if len(homes) < len(moved):
            still.append(ti)
            continue
        for n, home in homes.items():
            placed[n] = (placed[n][0], (home,), hall.h[home] * hall.types[placed[n][0]].ws[0])
            holder[home] = n
            free.remove(home)
        for i in members:
            holder[i] = len(placed)
            if i in free:
                free.remove(i)
        placed.append((ti, members, value))
        plain.discard(len(placed) - 1)
    return placed, still


def _seniors_first(hall: _Hall, placed: list[Window], left: list[int]) -> tuple[list[Window], list[int]]:
    """allow_partial: the constructive plan fills seats by density, so by the time a senior group comes its
    turn the free seats are scattered between singles and it is left out while junior singles sit. A guest
    left out costs more the heavier (objective._unseated_costs), so who sits is decided by density: the
    groups among the densest units that the free seats could hold (counting seats only) go first, each to the
    best block while blocks are whole, and the singles fill around them; groups still left out while a less
    dense unit sits join them. The best of these plans by score is kept (the search then trades seats only
    for a better plan). Protected units come first of all (their price dominates)."""
    units = sorted(((hall.density(ti), t.size) for ti, t in enumerate(hall.types) for _u in t.units), reverse=True)
    room = sum(1 for i in range(len(hall.sid)) if hall.usable(i))
    cut, held = -math.inf, 0
    for density, size in units:
        held += size
        if held > room:
            cut = density
            break
    best = (placed, left)
    first = {ti for ti, t in enumerate(hall.types) if t.size > 1 and hall.density(ti) > cut}
    for _attempt in range(3):
        if not first:
            break
        got = hall.construct(first=first)
        if _constructed_value(hall, *got) > _constructed_value(hall, *best):
            best = got
        least = min((hall.density(w[0]) for w in got[0]), default=math.inf)
        more = {ti for ti in got[1] if hall.types[ti].size > 1 and hall.density(ti) > least} - first
        if not more:
            break
        first |= more
    return best


LP_SHARE = 0.45  # of the time limit, at most, for the configuration LP
DIVE_SHARE = 0.8  # ... and up to here for rounding it
DIVE_SHARE_LATE = 0.3  # ... or at least this share of the time left, when the LP converged late
SEARCH_SHARE = 0.15  # CP-SAT only with at least this share of the time limit left
ROWS_SHARE = 0.1  # ... of which this share is kept for re-packing the plan a few rows at a time
ROWS_SHARE_LATE = 0.5  # ... or this share of the time left, when the LP falls short and the repacked plan stays
# CP-SAT, when the dive's plan made whole is at hand, only on a count model (variables and crossing blocks) up to
# this size: on 5,000 guests (87,000) it found no plan or a far poorer one in 5 s, time the rows' re-packing then
# lacked (seed 2: 0.11 % instead of 0.097 %); on 1,500 guests (13,000) it took the plan of seed 1 from 0.25 % to 0.06 %
SEARCH_MODEL = 40_000
FIRST_ROWS_SHARE = 0.2  # at most, for re-packing the dive's plan made whole before CP-SAT (1,500 guests, seeds
# 1-7 at 5 s: 0.076 % on average instead of 0.082 %)
REPACK_CAPS = (0.9, 0.75, 0.5, 0.25)  # the quantiles of the group members' density at which repacks value singles
DIVE_DROPS = (2e-4, 1e-3)  # a dive step may lose at most this share of the LP value (one dive for each)


def _floor(x: float) -> int:
    """An integer upper bound from a float one (the LP's arithmetic is in doubles)."""
    return math.floor(x + 1e-9 * abs(x) + 1e-6) if x < math.inf else 2**62


def _as_plan(hall: _Hall, placed: Sequence[Window], value: int, bound: int) -> _Plan:
    """A constructive plan as the search's: blocks inside a run that suits their kind counted there, the
    others crossing blocks."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    windows: list[Window] = []
    for w in placed:
        t = hall.types[w[0]]
        runs = {hall.run_of.get(i, -1) for i in w[1]}
        r = runs.pop() if len(runs) == 1 else -1
        if r >= 0 and hall.eligible(hall.kinds[t.kind], hall.runs[r]):
            counts[t.kind, r] += 1
        else:
            windows.append(w)
    return _Plan(dict(counts), windows, value, bound, Status.FEASIBLE)


def _patterns_of(hall: _Hall, placed: Sequence[Window]) -> dict[int, dict[int, int]]:
    """The constructive plan's content of each run, as patterns (the column generation's start)."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    for (k, r), n in _as_plan(hall, placed, 0, 0).counts.items():
        out[r][k] = n
    return out
