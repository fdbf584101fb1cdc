"""A messy guest list through the whole app: import → invitations «из загрузки» → hall → plan, checked against
the truth the generator knows (tests/messy_lists.py), not against what the import made of it.

For each seed: a list of ROWS guests with a title above the header, name parts, groups (families, delegations, a
foreign one with an interpreter, veterans with escorts), free-text needs, unknown categories, duplicates and two
broken rows is imported into an empty registry (SQLite in a temporary folder), everyone of the import is
invited, and a 40-row hall is seated: the front 8 rows step-free, the back 14 rows wheelchair places (each
block's two ends by the aisles and every third seat) with companion seats between — the generator gives about
one guest in six a wheelchair. Printed per run: groups of the file seated together (one row segment, side by
side), needs of the file met, the validator's broken rules and the inversions of precedence (both must be 0).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from tests.bench.table import print_table

ROWS = 1500
SEEDS = (1, 2, 3)
SECONDS = 10.0
HALL_ROWS, SEATS_PER_ROW, AISLES = 40, 56, (14, 42)
STEP_FREE_ROWS, WHEELCHAIR_ROWS = 8, 14


async def _prepare() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.core.db import prepare_sqlite
    from app.guests import services as guests
    from piccolo_conf import DB

    await prepare_sqlite(DB)
    assert (await run_forwards("all")).success
    await guests.ensure_default_categories()


async def _import(data: bytes, filename: str):
    from app.guests import importing
    from app.imports import flow

    upload_id, error = await importing.FLOW.store_upload(filename, data, None)
    assert not error, error
    upload = importing.FLOW.load(upload_id)
    view = await flow.mapping_view(upload)
    assert flow.save_mapping(upload, {f"col_{c.index}": c.field for c in view.columns if c.field}) == ""
    upload = importing.FLOW.load(upload_id)
    report = await importing.apply(upload, {"rule": "skip"})
    _sheet, preview = await importing.parse(upload)
    return report, preview


async def _hall() -> int:
    from app.seating.halls.layout import rows_template
    from app.seating.halls.services import create_hall, update_seats
    from app.seating.tables import Seat

    hall_id = await create_hall(rows_template("Большой зал", HALL_ROWS, SEATS_PER_ROW, AISLES))
    seats = await Seat.select(Seat.id, Seat.row_index, Seat.order, Seat.segment).where(Seat.hall == hall_id)
    front = [s["id"] for s in seats if s["row_index"] < STEP_FREE_ROWS]
    await update_seats(hall_id, front, step_free=True)
    # «W C C W C C … W» along each block of the back rows: a wheelchair place at both ends (by the aisle) and
    # every third seat, companion seats between.
    blocks: dict[int, list[dict]] = {}
    for s in seats:
        if s["row_index"] >= HALL_ROWS - WHEELCHAIR_ROWS:
            blocks.setdefault(s["segment"], []).append(s)
    wheelchair, companion = [], []
    for block in blocks.values():
        block.sort(key=lambda s: s["order"])
        for j, s in enumerate(block):
            (wheelchair if j % 3 == 0 or j == len(block) - 1 else companion).append(s["id"])
    await update_seats(hall_id, wheelchair, wheelchair=True, step_free=True)
    await update_seats(hall_id, companion, companion=True, step_free=True)
    return hall_id


async def _run(seed: int) -> dict:
    from app.events import services as events
    from app.guests.services import RegistryFilter
    from app.guests.tables import Person
    from app.invitations import services as invitations
    from app.invitations.tables import Invitation
    from app.seating.plan import editing, problem, services, solving
    from app.seating.tables import Seat
    from tests.events.test_services import ceremony_form, event_form
    from tests.messy_lists import NEEDS_FLAGS, messy_list

    messy = messy_list(ROWS, seed=seed)
    started = time.perf_counter()
    report, preview = await _import(messy.data, messy.filename)
    import_s = time.perf_counter() - started
    event = await events.save_event(event_form(title=f"День Победы {seed}"))
    ceremony = await events.save_ceremony(ceremony_form(), event_id=event.id)
    added = await invitations.add_by_filter(ceremony.id, RegistryFilter(batch=report.batch_id))
    await services.choose_hall(ceremony.id, await _hall(), False)
    started = time.perf_counter()
    solution = await solving.solve_and_save(ceremony.id, SECONDS)
    solve_s = time.perf_counter() - started

    loaded = await problem.load(ceremony.id)
    person = {r["search_key"]: r["id"] for r in await Person.select(Person.id, Person.search_key)}
    invitation = {r["person"]: r["id"] for r in await Invitation.select(Invitation.id, Invitation.person).where(
        Invitation.ceremony == ceremony.id)}
    of_row = {row.row: invitation.get(person.get(row.person.search_key)) for row in preview.accepted}
    seat = {r["id"]: r for r in await Seat.select().where(Seat.hall == loaded.hall_id)}
    placed = {i: seat[s] for i, s in loaded.assignment.items()}

    together = 0
    for rows in messy.groups.values():
        spots = [placed.get(of_row.get(r)) for r in rows]
        if all(spots) and len({(s["row_index"], s["segment"]) for s in spots}) == 1:
            orders = sorted(s["order"] for s in spots)
            together += orders == list(range(orders[0], orders[0] + len(orders)))
    needs = met = 0
    for row, text in messy.needs.items():
        wheelchair, no_stairs, aisle, _escort = NEEDS_FLAGS[text]
        if not (wheelchair or no_stairs or aisle) or row in messy.broken or of_row.get(row) is None:
            continue
        needs += 1
        s = placed.get(of_row[row])
        met += bool(s and (s["wheelchair"] or not wheelchair) and (s["step_free"] or not no_stairs)
                    and (s["aisle"] or not aisle))
    return {"seed": seed, "rows": messy.rows, "imported": report.imported, "rejected": len(preview.rejected),
            "invited": added.added, "seated": len(loaded.assignment), "groups": len(messy.groups),
            "together": together, "needs": needs, "met": met,
            "broken": len(editing.violations(loaded, loaded.assignment)),
            "inversions": len(editing.inversions(loaded, loaded.assignment)),
            "status": solution.status.value, "gap": _gap(solution), "import_s": import_s, "solve_s": solve_s}


def _gap(solution) -> float | None:
    if solution.objective is None or not solution.bound:
        return None
    return (solution.bound - solution.objective) / solution.bound


async def _measure(seed: int) -> dict:
    await _prepare()
    return await _run(seed)


def main() -> None:
    results = []
    for seed in SEEDS:
        with tempfile.TemporaryDirectory(prefix="ceremonia-bench-") as folder:
            env = {**os.environ, "CEREMONIA_VAR": folder, "SECRET_KEY": "bench", "CEREMONIA_ENV": "development",
                   "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite"}
            run = subprocess.run([sys.executable, "-m", "tests.bench.bench_messy_plan", "--child", str(seed)],
                                 env=env, capture_output=True, text=True, check=False)
            if run.returncode:
                print(run.stderr[-3000:])
                raise SystemExit("bench_messy_plan failed")
            results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    rows = [[r["seed"], r["rows"], r["imported"], r["rejected"], r["invited"], r["seated"],
             f"{r['together']} / {r['groups']}", f"{r['met']} / {r['needs']}", r["broken"], r["inversions"],
             r["status"], "—" if r["gap"] is None else f"{r['gap']:.4%}", round(r["import_s"], 1),
             round(r["solve_s"], 1)] for r in results]
    print_table(f"A messy list through import → invitations → plan ({ROWS:,} rows a seed; hall of "
                f"{HALL_ROWS * SEATS_PER_ROW:,} seats, {SECONDS:.0f} s solve; SQLite; load "
                f"{os.getloadavg()[0]:.1f})",
                ["seed", "rows", "imported", "rejected", "invited", "seated", "groups together", "needs met",
                 "broken rules", "inversions", "status", "gap", "import s", "solve s"], rows)
    print("(target: every group of the file together, every need met, 0 broken rules, 0 inversions)")


if __name__ == "__main__":
    if "--child" in sys.argv:
        import asyncio

        print(json.dumps(asyncio.run(_measure(int(sys.argv[-1])))))
    else:
        main()
