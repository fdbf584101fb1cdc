"""Shift scheduling in the Curtois & Qu format (solver/shift_scheduling/): the published instances and generated ones.

Published: every InstanceN.txt in /work/shared/bench/roster/curtois (next to the repository), compared
with best_known.csv. Targets: Instance1–3 proved optimal at the best known value within 20 s; the others
within 1 % of the best known value at 60 s.

Generated (solver/shift_scheduling/generator.py, feasible by construction), 10–150 staff over 28–182
days: a schedule within 60 s on every one, and the 60-s objective within 5 % of the same solver's
10-minute one, stored in curtois_reference.json by `python -m tests.bench.bench_curtois --reference`
(10 minutes an instance, one at a time, about 50 minutes; re-run it whenever the solver changes).
Each row prints the load average at its end: the machine is shared, and a loaded core finds less.

Every schedule is re-checked by validate() and its objective recomputed without the model; a schedule
that fails either is reported as such, not scored. CP-SAT runs shift_scheduling.WORKERS worker(s) (why:
see solver/shift_scheduling/model.py); CURTOIS_WORKERS=n overrides it, to compare. The search of the larger
instances solves one part a core at the same time (search.AT_ONCE): the 60-s and the 10-min runs alike.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from solver import shift_scheduling
from solver.cpsat import Status
from solver.shift_scheduling.generator import generate
from solver.shift_scheduling.search import AT_ONCE
from tests.bench.__main__ import _cpu
from tests.bench.table import print_table

FOLDER = Path(__file__).resolve().parents[3] / "shared/bench/roster/curtois"
REFERENCE = Path(__file__).with_name("curtois_reference.json")
WORKERS = int(os.environ.get("CURTOIS_WORKERS", shift_scheduling.WORKERS))
PROVE_OPTIMAL = {"Instance1", "Instance2", "Instance3"}  # within 20 s; every other instance: ≤ 1 % at 60 s
GENERATED = [(10, 28, 1), (40, 28, 2), (30, 56, 3), (60, 91, 4), (100, 126, 5), (150, 182, 6)]  # staff, days, seed
LIMIT, REFERENCE_LIMIT = 60.0, 600.0
HEADERS = ["instance", "days", "staff", "shifts", "objective", "bound", "status", "seconds", "best known",
           "ratio", "gap %", "target", "met"]
GENERATED_HEADERS = ["instance", "days", "staff", "shifts", "first schedule s", "objective at 60 s", "status",
                     "10-min objective", "ratio", "met", "load"]
WITHIN = 1.05  # the 60-s objective ÷ the 10-minute one


def main() -> None:
    if FOLDER.is_dir():
        best = _best_known(FOLDER / "best_known.csv")
        files = sorted(FOLDER.glob("Instance*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
        rows = [_row(path, best.get(path.stem)) for path in files]
        print_table(f"Curtois & Qu shift scheduling, CP-SAT with {_workers()} (load {_load()})", HEADERS, rows)
    else:
        print(f"Curtois & Qu instances not found at {FOLDER}: skipped.")
    reference = json.loads(REFERENCE.read_text()) if REFERENCE.is_file() else {"instances": {}}
    rows = [_generated_row(staff, days, seed, reference["instances"]) for staff, days, seed in GENERATED]
    print_table(f"Generated instances, {LIMIT:g} s each ({_workers()}); target: a schedule on every one, within "
                f"{100 * (WITHIN - 1):g} % of the 10-min objective (load {_load()}); "
                f"10-min references of {reference.get('date', '-')}, load {reference.get('load', '-')}",
                GENERATED_HEADERS, rows)


def _workers() -> str:
    return f"{WORKERS} worker" + ("s" if WORKERS != 1 else "") + f", {AT_ONCE} parts of the search at once"


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _best_known(path: Path) -> dict[str, int]:
    if not path.is_file():
        return {}
    with path.open(newline="") as f:
        return {row["instance"]: int(row["best_known"]) for row in csv.DictReader(f)}


def _row(path: Path, best: int | None) -> list[object]:
    name = path.stem
    instance = shift_scheduling.read(path.read_text())
    limit = 20.0 if name in PROVE_OPTIMAL else LIMIT
    solution = shift_scheduling.solve(instance, limit, workers=WORKERS)
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


def _name(staff: int, days: int, seed: int) -> str:
    return f"generated {staff}×{days} seed {seed}"


def _generated_row(staff: int, days: int, seed: int, reference: dict[str, dict[str, object]]) -> list[object]:
    instance = generate(staff, days, seed).instance
    solution = shift_scheduling.solve(instance, LIMIT, workers=WORKERS)
    objective = _checked_objective(instance, solution)
    long_run = reference.get(_name(staff, days, seed), {}).get("objective")
    ratio = objective / long_run if objective is not None and long_run else None
    first = round(solution.first, 1) if solution.first is not None else "-"
    met = objective is not None and (ratio is None or ratio <= WITHIN)
    return [_name(staff, days, seed), days, staff, len(instance.shifts), first, _or_dash(objective),
            solution.status.value, _or_dash(long_run), f"{ratio:.4f}" if ratio else "-", "yes" if met else "no",
            _load()]


def _checked_objective(instance: shift_scheduling.Instance, solution: shift_scheduling.Solution) -> int | None:
    """The solver's objective, if the schedule passes the independent checks and scores the same there."""
    if solution.objective is None:
        return None
    problems = shift_scheduling.validate(instance, solution.schedule)
    recomputed = shift_scheduling.objective(instance, solution.schedule)
    if problems or recomputed != solution.objective:
        print(f"INVALID schedule: {problems[:3]}; objective {solution.objective}, recomputed {recomputed}")
        return None
    return solution.objective


def _or_dash(value: object) -> object:
    return "-" if value is None else value


def references() -> None:
    """Solves each generated instance for 10 minutes, one at a time, and stores the objectives as it goes."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    instances: dict[str, object] = {}
    stored: dict[str, object] = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
                                 "machine": f"{_cpu()} · {len(os.sched_getaffinity(0))} cores", "commit": commit,
                                 "workers": WORKERS, "parts_at_once": AT_ONCE, "seconds": REFERENCE_LIMIT,
                                 "load": _load(),
                                 "instances": instances}
    for staff, days, seed in GENERATED:
        instance = generate(staff, days, seed).instance
        solution = shift_scheduling.solve(instance, REFERENCE_LIMIT, workers=WORKERS)
        instances[_name(staff, days, seed)] = result = {
            "objective": _checked_objective(instance, solution), "status": solution.status.value,
            "first": solution.first and round(solution.first, 1), "seconds": round(solution.seconds, 1),
            "load": _load()}
        REFERENCE.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n")
        print(_name(staff, days, seed), result, flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--reference"]:
        references()
    else:
        main()
