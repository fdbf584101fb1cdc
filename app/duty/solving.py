"""Solving a ceremony's roster as a background job: load, CP-SAT, check with the validator, save.

The solver reports only when it finds a better roster, so a ticker thread keeps the progress bar moving
with the time spent; cancelling stops the ticker and the job runner ends the process.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from app.core.i18n import gettext as _
from app.duty import problem
from app.jobs import runner
from solver import roster as engine

JOB_KIND = "roster"
# A first roster comes in seconds; the rest of the time buys a better one (fairness, continuity).
SOLVE_SECONDS = 30
# A no-show must be covered while people wait at the door.
REPLAN_SECONDS = 3


async def submit(ceremony_id: int, title: str, account_id: int | None, *, replan: bool = False,
                 partial: bool = False) -> int:
    """`partial`: when not every post can be covered, still make the best roster and name the gaps."""
    seconds = REPLAN_SECONDS if replan else SOLVE_SECONDS
    label = _("Перепланирование: {title}") if replan else _("Составление графика: {title}")
    return await runner.submit(JOB_KIND, "app.duty.solving:solve_job",
                               {"ceremony_id": ceremony_id, "seconds": seconds, "partial": partial},
                               title=label.format(title=title), user_id=account_id, time_limit=seconds + 60)


async def solve_and_save(ceremony_id: int, seconds: float, *, partial: bool = False,
                         on_progress=None) -> engine.Solution:
    """Blocks while CP-SAT works: callers run it in the job's worker process or the command line, never the server."""
    loaded = await problem.load(ceremony_id)
    if partial:
        loaded = replace(loaded, instance=replace(loaded.instance, allow_partial=True))
    solution = engine.solve(loaded.instance, seconds, on_progress=on_progress)
    violations = engine.validate(loaded.instance, solution.cells) if solution.cells else []
    if violations:
        # The validator is independent of the model: a disagreement is a bug, never a roster to publish.
        raise RuntimeError(_("Проверка графика не пройдена: {v}").format(v=violations[0]))
    await problem.save(loaded, solution)
    return solution


def solve_job(params: dict, progress) -> dict:
    ceremony_id, seconds = int(params["ceremony_id"]), float(params["seconds"])
    with runner.SolverClock(progress, seconds) as clock:
        solution = asyncio.run(solve_and_save(
            ceremony_id, seconds, partial=bool(params.get("partial")), on_progress=lambda objective, bound: clock.note(
                _("найден график, штраф {objective}, граница {bound}").format(objective=objective, bound=bound))))
    return {"link": f"/ceremonies/{ceremony_id}/duty/", "status": solution.status.value}
