"""Seating a ceremony's guests as a background job: load, solve each part, check with the validator, save.

The presidium is sorted at once; the hall (or the banquet tables) takes the time. The solver reports only
a better plan, so a ticker thread moves the progress bar with the time spent; cancelling stops the ticker
and the job runner ends the process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from app.audit import services as audit
from app.core.db import chunks, write_transaction
from app.core.i18n import gettext as _
from app.invitations.kinds import InvitationStatus
from app.invitations.tables import Invitation
from app.jobs import runner
from app.seating.kinds import HallKind
from app.seating.plan import problem, versions
from app.seating.plan.explain import Texts
from app.seating.tables import SeatAssignment, SeatingPlan
from solver import seating as engine

JOB_KIND = "seating"
# A rows hall of 1,600 seats is proven optimal in a few seconds; banquet tables improve by local search
# for as long as they are given, most of the gain coming in the first half minute.
HALL_SECONDS = 10
BANQUET_SECONDS = 30
MAX_SECONDS = 600  # what the officer may give a solve from the page
# Beyond the solve: loading, saving 1,500 seat labels, starting the worker process.
JOB_OVERHEAD_SECONDS = 60
# Invitations whose card is printed with the seat it had then.
CARD_PRINTED = (InvitationStatus.PRINTED, InvitationStatus.ISSUED, InvitationStatus.ACCEPTED)
# Worst first: the plan's status is that of its weakest part.
STATUS_ORDER = (engine.Status.INFEASIBLE, engine.Status.TIMEOUT, engine.Status.FEASIBLE, engine.Status.OPTIMAL)


def default_seconds(kind: HallKind) -> int:
    return BANQUET_SECONDS if kind is HallKind.TABLES else HALL_SECONDS


async def submit(ceremony_id: int, title: str, account_id: int | None, seconds: float) -> int:
    return await runner.submit(JOB_KIND, "app.seating.plan.solving:solve_job",
                               {"ceremony_id": ceremony_id, "seconds": seconds},
                               title=_("Рассадка: {title}").format(title=title), user_id=account_id,
                               time_limit=seconds + JOB_OVERHEAD_SECONDS)


async def solve_and_save(ceremony_id: int, seconds: float | None = None, *, on_progress=None) -> engine.Solution:
    """Blocks while the solver works: callers run it in the job's worker process or the command line.

    Gives back the hall's solution (the presidium's folded in: objective, bound and status over both).
    """
    loaded = await problem.load(ceremony_id)
    seconds = seconds or default_seconds(loaded.hall_kind)
    solutions = [engine.solve(part.instance, seconds, on_progress=on_progress) for part in loaded.parts]
    for part, solution in zip(loaded.parts, solutions, strict=True):
        violations = engine.validate(part.instance, solution.assignment) if solution.assignment else []
        if violations:
            # The validator is independent of the solver: a disagreement is a bug, never a plan to print.
            texts = Texts(loaded.guests, loaded.seats, loaded.allow_partial)
            raise RuntimeError(_("Рассадка не сохранена: найденный план не прошёл проверку ({problem}). Прежний план "
                                 "не изменён. Это ошибка программы: запустите рассадку ещё раз и сообщите о ней "
                                 "разработчикам.").format(problem=texts.violation(violations[0]).rstrip(".")))
    status = min((s.status for s in solutions), key=STATUS_ORDER.index)
    complete = all(s.assignment or not p.instance.guests for p, s in zip(loaded.parts, solutions, strict=True))
    merged = engine.Solution(
        status=status,
        assignment={g: s for solution in solutions for g, s in solution.assignment.items()},
        objective=levels([p.instance for p in loaded.parts], solutions, "objective"),
        bound=levels([p.instance for p in loaded.parts], solutions, "bound"),
        explanations=tuple(e for s in solutions for e in s.explanations),
        unseated=tuple(e for s in solutions for e in s.unseated),
        seconds=sum(s.seconds for s in solutions),
    )
    await save(loaded, merged, replace_seats=complete)
    return merged


def levels(instances: Sequence[engine.Instance], solutions: Sequence[engine.Solution], field: str) -> int | None:
    """The parts' objective (or bound) summed in level score: the place score below it (engine.scale()) would
    take the number past what the plan's column holds, and the gap the page (and `ceremonia seat`) shows is the
    level score's: a plan proven optimal shows none, where the whole score's bound keeps room for any place score."""
    values = [getattr(s, field) for s in solutions]
    if any(v is None for v in values):
        return None
    return sum(v // engine.scale(instance) for instance, v in zip(instances, values, strict=True))


async def save(loaded: problem.Loaded, solution: engine.Solution, *, replace_seats: bool) -> None:
    """Keeps the solver's verdict; a plan found for every part replaces the seats (pins kept) and the seat
    printed on each invitation. When some part has no plan, the seats in hand stay as they were. An approved
    plan keeps its seats and verdict: the new plan waits as a proposal for the officer's confirmation."""
    verdict = versions.solver_values(solution)
    if replace_seats and await versions.is_frozen(loaded.plan_id):
        plan = await problem.plan_row(loaded.ceremony_id)
        after = versions.State(loaded.hall_id, solution.assignment, loaded.pinned, tuple(plan["presidium"] or []))
        await versions.propose(loaded.plan_id, after, _("Рассадить заново"), verdict)
        return
    async with write_transaction(SeatingPlan._meta.db):
        if replace_seats:
            await write_assignment(loaded, solution.assignment, loaded.pinned)
        await SeatingPlan.update(versions.solver_columns(verdict)).where(SeatingPlan.id == loaded.plan_id)
        if replace_seats:
            await record_seats(loaded, loaded.assignment, solution.assignment)


async def record_seats(loaded: problem.Loaded, before: dict[int, int], after: dict[int, int],
                       extra: dict | None = None, labels: dict[int, str] | None = None) -> None:
    """The plan's entry in the audit log: each guest whose seat changed, by invitation, seat label old → new
    (`labels`: seat id -> label when `after` is in another hall); `extra` says why (a confirmed proposal)."""
    def label(seat: int | None, names: dict[int, str] | None = None) -> str | None:
        if names is not None:
            return names.get(seat) if seat is not None else None
        return loaded.seats[seat].label if seat in loaded.seats else None

    changes = {f"#{g}": [label(before.get(g)), label(after.get(g), labels)]
               for g in sorted(before.keys() | after.keys()) if before.get(g) != after.get(g)}
    if changes:
        row = await SeatingPlan.select(SeatingPlan.ceremony.title.as_alias("title")).where(
            SeatingPlan.id == loaded.plan_id).first()
        await audit.record("update", "seating_plan", loaded.ceremony_id, row["title"] if row else "",
                           {**(extra or {}), **changes})


async def write_assignment(loaded: problem.Loaded, assignment: dict[int, int], pinned: frozenset[int],
                           labels: dict[int, str] | None = None) -> None:
    """Replaces the plan's seats and the invitations' seat labels (`labels`: seat id -> label when the seats
    are another hall's); call inside a write transaction."""
    await SeatAssignment.delete().where(SeatAssignment.plan == loaded.plan_id)
    rows = [SeatAssignment(plan=loaded.plan_id, invitation=g, seat=s, pinned=g in pinned)
            for g, s in assignment.items()]
    for part in chunks(rows):
        await SeatAssignment.insert(*part)
    names = labels if labels is not None else {s: loaded.seats[s].label for s in assignment.values()}
    await write_labels(loaded.ceremony_id, {g: names[s] for g, s in assignment.items()})


async def write_labels(ceremony_id: int, labels: dict[int, str], changed: set[int] | None = None) -> None:
    """Invitation.seat_label for the ceremony's guests: the seat for those seated, empty for the others.
    A card already printed with another seat is flagged for reprint (one printed before the guest had a seat
    says nothing wrong).

    `changed`: only these invitations (an edit); None: every invitation of the ceremony (a solve).
    """
    where = Invitation.ceremony == ceremony_id
    if changed is not None:
        where &= Invitation.id.is_in(sorted(changed) or [0])
    for row in await Invitation.select(Invitation.id, Invitation.seat_label, Invitation.status).where(where):
        label = labels.get(row["id"], "")
        if label == row["seat_label"]:
            continue
        values = {Invitation.seat_label: label}
        if row["status"] in CARD_PRINTED and row["seat_label"]:
            values[Invitation.needs_reprint] = True
        await Invitation.update(values).where(Invitation.id == row["id"])


def solve_job(params: dict, progress) -> dict:
    ceremony_id, seconds = int(params["ceremony_id"]), float(params["seconds"])
    with runner.SolverClock(progress, seconds) as clock:
        solution = asyncio.run(solve_and_save(ceremony_id, seconds, on_progress=lambda objective, bound: clock.note(
            _("найдена рассадка, оценка {objective}, граница {bound}").format(objective=objective, bound=bound))))
    return {"link": f"/ceremonies/{ceremony_id}/seating", "status": solution.status.value}
