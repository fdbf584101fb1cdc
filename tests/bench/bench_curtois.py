"""The public shift-scheduling benchmark of Curtois & Qu through tests/bench/curtois.py (the model).

Solves every InstanceN.txt in /work/shared/bench/roster/curtois (next to the repository) and compares
with best_known.csv. Targets: Instance1–3 proved optimal at the best known value within 20 s; the
others within 1 % of the best known value at 60 s. Every schedule is re-checked by validate() and its
objective recomputed without the model; a schedule that fails either is reported as such, not scored.

CP-SAT runs curtois.WORKERS worker(s) (why: see there); CURTOIS_WORKERS=n overrides it, to compare.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from solver.cpsat import Status
from tests.bench import curtois
from tests.bench.table import print_table

FOLDER = Path(__file__).resolve().parents[3] / "shared/bench/roster/curtois"
WORKERS = int(os.environ.get("CURTOIS_WORKERS", curtois.WORKERS))
PROVE_OPTIMAL = {"Instance1", "Instance2", "Instance3"}  # within 20 s; every other instance: ≤ 1 % at 60 s
HEADERS = ["instance", "days", "staff", "shifts", "objective", "bound", "status", "seconds", "best known",
           "ratio", "gap %", "target", "met"]


def main() -> None:
    if not FOLDER.is_dir():
        print(f"Curtois & Qu instances not found at {FOLDER}: skipped.")
        return
    best = _best_known(FOLDER / "best_known.csv")
    files = sorted(FOLDER.glob("Instance*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    rows = [_row(path, best.get(path.stem)) for path in files]
    workers = f"{WORKERS} worker" + ("s" if WORKERS != 1 else "")
    print_table(f"Curtois & Qu shift scheduling, CP-SAT with {workers}", HEADERS, rows)


def _best_known(path: Path) -> dict[str, int]:
    if not path.is_file():
        return {}
    with path.open(newline="") as f:
        return {row["instance"]: int(row["best_known"]) for row in csv.DictReader(f)}


def _row(path: Path, best: int | None) -> list[object]:
    name = path.stem
    instance = curtois.read(path.read_text())
    limit = 20.0 if name in PROVE_OPTIMAL else 60.0
    solution = curtois.solve(instance, limit, workers=WORKERS)
    objective = _checked_objective(instance, solution)
    ratio = objective / best if objective is not None and best else None
    if name in PROVE_OPTIMAL:
        target = "optimal ≤ 20 s"
        met = solution.status is Status.OPTIMAL and objective == best and solution.seconds <= limit
    else:
        target = "≤ 1% at 60 s"
        met = ratio is not None and ratio <= 1.01
    return [name, instance.horizon, len(instance.staff), len(instance.shifts), _or_dash(objective),
            _or_dash(solution.bound), solution.status.value, round(solution.seconds, 1), _or_dash(best),
            f"{ratio:.4f}" if ratio else "-", f"{100 * (ratio - 1):.2f}" if ratio else "-", target,
            "yes" if met else "no"]


def _checked_objective(instance: curtois.Instance, solution: curtois.Solution) -> int | None:
    """The solver's objective, if the schedule passes the independent checks and scores the same there."""
    if solution.objective is None:
        return None
    problems = curtois.validate(instance, solution.schedule)
    recomputed = curtois.objective(instance, solution.schedule)
    if problems or recomputed != solution.objective:
        print(f"INVALID schedule: {problems[:3]}; objective {solution.objective}, recomputed {recomputed}")
        return None
    return solution.objective


def _or_dash(value: int | None) -> object:
    return "-" if value is None else value
