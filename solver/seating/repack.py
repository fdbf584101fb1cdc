"""The constructive plan repacked run by run: each stretch of free seats takes the heaviest set of the units
left that suit it (a bounded knapsack), which density order alone does not (it leaves rows half filled)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from solver.seating.hall import Window, _Hall
from solver.seating.search import _knapsack


def repack(hall: _Hall, placed: Sequence[Window], left: Sequence[int] = (), cap: float = math.inf
           ) -> list[Window] | None:
    """The plan with its units repacked run by run, the most honoured first: each stretch of free seats of
    a run takes the heaviest set of the units left that suit the run and fit it (a bounded knapsack;
    inside a run honour is one, so the heaviest set is the most valuable). Density order alone leaves
    the rows' segments half filled with groups that then go further back; packing each stretch exactly
    does not. Units with needs (a family with a no-stairs member) keep their block unless a more
    honoured run takes them, which frees it: the seats their needs confine them to are never taken
    from them. Pinned units, units no run suits (an aisle need: a run's end seat) and units with an
    apart partner whose members differ in needs keep their blocks. `left`: types of units the plan has no
    room for, to be packed too; `cap`: the most a single is worth to the knapsacks (by weight beyond it).
    None when a unit is left without a stretch (the plan in hand stays)."""
    common = Counter(c for t in hall.types for c in t.cls for _u in t.units)
    if not common:
        return list(placed)
    plain = (max(common, key=lambda c: (common[c], -c)),)  # guests with no needs: the most of them
    movable = [not t.pins and not (t.special and t.windows is not None)
               and any(hall.eligible(hall.kinds[t.kind], run) for run in hall.runs) for t in hall.types]
    taken = [not f for f in hall.free]
    for i in hall.reserved:
        taken[i] = True
    out: list[Window] = []
    moved: set[int] = set()  # placements in out whose unit a more honoured run took
    waiting: dict[int, list[int]] = defaultdict(list)  # kind -> its plain types, one entry per unit
    held: dict[int, list[int]] = defaultdict(list)  # kind -> the placements (in out) of its units with needs
    stuck: list[int] = []  # units the plan has no room for that the knapsacks do not place
    for ti in left:
        if movable[ti] and hall.kinds[hall.types[ti].kind].needs == plain:
            waiting[hall.types[ti].kind].append(ti)
        else:
            stuck.append(ti)
    for w in placed:
        ti = w[0]
        if movable[ti] and hall.kinds[hall.types[ti].kind].needs == plain:
            waiting[hall.types[ti].kind].append(ti)
            continue
        if movable[ti]:
            held[hall.types[ti].kind].append(len(out))
        out.append(w)
        for i in w[1]:
            taken[i] = True
    if stuck:  # the best free block now that the plain units are out
        holder = {i: g for g, i in hall.fixed.items()}
        for w in out:
            holder.update(zip(w[1], hall.types[w[0]].units[0], strict=True))
        for ti in stuck:
            got = hall._best_free(hall.types[ti], taken, holder)
            if got is None:
                return None
            out.append((ti, got[1], got[0]))
            for i, m in zip(got[1], hall.types[ti].units[0], strict=True):
                taken[i] = True
                holder[i] = m
    for n in (n for ns in held.values() for n in ns):  # the least honoured block gives way first
        held[hall.types[out[n][0]].kind].sort(key=lambda n: hall.h[out[n][1][0]])
    order = sorted(range(len(hall.runs)), key=lambda r: (-hall.runs[r].honour, hall._run_row(r),
                                                         hall._run_axis(r), r))
    for r in order:
        run = hall.runs[r]
        cells = hall.cells[run.segment]
        stretch: list[int] = []
        for j in range(run.first, run.last + 2):
            if j <= run.last and not taken[cells[j]]:
                stretch.append(cells[j])
                continue
            if not stretch:
                continue
            better = {k: sum(hall.h[out[n][1][0]] < run.honour for n in ns) for k, ns in held.items()}
            items = [(hall.kinds[k].weight if hall.kinds[k].size > 1 else
                      min(hall.kinds[k].weight, cap) + 1e-3 * hall.kinds[k].weight,
                      hall.kinds[k].size, count, k)
                     for k, count in [(k, len(units)) for k, units in waiting.items()] + list(better.items())
                     if count and hall.eligible(hall.kinds[k], run)]
            at = 0
            for k, n in sorted(_knapsack(items, len(stretch))[1].items(), key=lambda kn: -hall.kinds[kn[0]].size):
                for _n in range(n):
                    if waiting[k]:
                        ti = waiting[k].pop()
                    else:
                        was = held[k].pop(0)
                        ti = out[was][0]
                        for i in out[was][1]:
                            taken[i] = False
                        moved.add(was)
                    got = hall.order(hall.types[ti], stretch[at:at + hall.types[ti].size])
                    if got is None:
                        return None
                    out.append((ti, got[1], got[0]))
                    for i in got[1]:
                        taken[i] = True
                    at += hall.types[ti].size
            stretch = []
    if any(waiting.values()):
        return None
    return [w for n, w in enumerate(out) if n not in moved]
