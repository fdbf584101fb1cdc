"""The year's task dashboard with a city's load: 2,700 tasks over 260 events (and as many in the year
before, which the dashboard must skip). p50/p95 of the aggregate SQL (app.tasks.dashboard), of the page
through HTTP, and of the named baseline: reading every task of the year and counting in Python.

Runs in a child process with its own SQLite database under a temporary folder (or the PostgreSQL named
by BENCH_DATABASE_URL), so it never touches the development data. Target: p95 ≤ 100 ms.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta

from tests.bench.bench_registry import _percentiles
from tests.bench.table import print_table

TARGET_MS = 100.0
ROUNDS = 30
TASKS_A_YEAR = 2_700
EVENTS_A_YEAR = 260
YEAR = 2026
ON = date(YEAR, 9, 1)
DEPARTMENTS = [f"Управление № {n}" for n in range(1, 31)]


async def _load(year: int, rng: random.Random) -> None:
    from app.core.config import get_settings
    from app.events.tables import Ceremony, Event
    from app.tasks.kinds import TaskStatus
    from app.tasks.tables import Task

    tz = get_settings().tz
    rows = await Event.insert(*[Event(title=f"Мероприятие {n + 1} ({year})", year=year)
                                for n in range(EVENTS_A_YEAR)]).returning(Event.id)
    events = [(r["id"], datetime(year, 1, 10, 10, tzinfo=tz) + timedelta(days=rng.randrange(340))) for r in rows]
    await Ceremony.insert(*[Ceremony(event=event, title="Церемония", venue="Зал", starts_at=start,
                                     ends_at=start + timedelta(hours=2)) for event, start in events])
    tasks = []
    for _ in range(TASKS_A_YEAR):
        event, start = rng.choice(events)
        deadline = start.date() - timedelta(days=rng.randrange(60))
        long_term = rng.random() < .04
        status = rng.choices(list(TaskStatus), weights=(2, 2, 8))[0]
        done = deadline + timedelta(days=rng.choice((-3, -1, 0, 0, 2))) if status is TaskStatus.DONE else None
        tasks.append(Task(event=event, title="Поручение", department=rng.choice(DEPARTMENTS), deadline=deadline,
                          long_term=long_term, status=status, completed_on=done))
    for start in range(0, len(tasks), 500):
        await Task.insert(*tasks[start:start + 500])


async def naive_dashboard(year: int, on: date) -> dict:
    """The baseline: every task of the year read into Python, its state derived and counted row by row."""
    from app.tasks.kinds import TaskStatus
    from app.tasks.services import state
    from app.tasks.tables import Task

    rows = await Task.select(Task.department, Task.event, Task.status, Task.deadline, Task.long_term,
                             Task.completed_on).where(Task.event.year == year)
    by_department: dict[str, Counter] = {}
    by_event: dict[int, Counter] = {}
    for r in rows:
        task_state = state(TaskStatus(r["status"]), r["deadline"], bool(r["long_term"]), r["completed_on"], on)
        for table, key in ((by_department, r["department"]), (by_event, r["event"])):
            table.setdefault(key, Counter())[task_state] += 1
    return {"departments": by_department, "events": by_event}


async def _timed(samples: list[float], work) -> None:
    started = time.perf_counter()
    await work()
    samples.append((time.perf_counter() - started) * 1000)


async def _measure() -> dict:
    from litestar.testing import AsyncTestClient
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.accounts.services import create_user
    from app.asgi import create_app
    from app.core.db import prepare_sqlite
    from app.core.roles import Role
    from app.tasks.dashboard import year_dashboard
    from app.tasks.tables import Task
    from piccolo_conf import DB

    if DB.engine_type == "postgres":  # BENCH_DATABASE_URL names a scratch database: start it empty
        for ddl in ("DROP SCHEMA public CASCADE", "CREATE SCHEMA public"):
            await DB.run_ddl(ddl)
    await prepare_sqlite(DB)
    assert (await run_forwards("all")).success
    await create_user("bench", "bench-password-1", Role.VIEWER)
    rng = random.Random(2700)
    started = time.perf_counter()
    for year in (YEAR - 1, YEAR):
        await _load(year, rng)
    load_s = time.perf_counter() - started

    board = await year_dashboard(YEAR, on=ON)
    naive = await naive_dashboard(YEAR, ON)
    assert board.total.total == TASKS_A_YEAR == sum(sum(c.values()) for c in naive["departments"].values())
    assert board.total.overdue == sum(c["overdue"] for c in naive["departments"].values())

    timings: dict[str, list[float]] = {"sql": [], "naive": [], "http": []}
    async with AsyncTestClient(app=create_app(), base_url="http://bench.local") as client:
        form = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/login")).text)
        await client.post("/login", data={"username": "bench", "password": "bench-password-1",
                                          "_csrf_token": form[1], "next": "/"})

        async def page() -> None:
            response = await client.get(f"/tasks/dashboard?year={YEAR}", headers={"HX-Request": "true"})
            assert response.status_code == 200

        for _ in range(ROUNDS):
            await _timed(timings["sql"], lambda: year_dashboard(YEAR, on=ON))
            await _timed(timings["naive"], lambda: naive_dashboard(YEAR, ON))
            await _timed(timings["http"], page)
    return {"engine": DB.engine_type, "tasks": await Task.count(), "load_s": load_s, **timings}


def _in_child() -> dict:
    """The measurement runs in a child process on a database of its own, never the development one."""
    with tempfile.TemporaryDirectory(prefix="ceremonia-bench-") as folder:
        url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite")
        env = dict(os.environ, CEREMONIA_VAR=folder, SECRET_KEY="bench", CEREMONIA_ENV="development",
                   DATABASE_URL=url)
        child = subprocess.run([sys.executable, "-m", __spec__.name, "--child"], env=env, capture_output=True,
                               text=True, check=False)
    if child.returncode:
        raise SystemExit(f"bench_tasks failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    result = _in_child()
    baseline_p95 = _percentiles(result["naive"])[1]
    rows = []
    for name, key in (("service: tasks.dashboard.year_dashboard (GROUP BY)", "sql"),
                      ("HTTP: GET /tasks/dashboard?year=… (HTMX)", "http"),
                      ("baseline: every row read, counted in Python", "naive")):
        p50, p95, worst = _percentiles(result[key])
        rows.append([name, len(result[key]), p50, p95, worst, TARGET_MS, f"{TARGET_MS / p95:.1f}×",
                     f"{baseline_p95 / p95:.1f}×", "yes" if p95 <= TARGET_MS else "NO"])
    print_table(f"Task dashboard for {YEAR}: {TASKS_A_YEAR:,} tasks over {EVENTS_A_YEAR} events "
                f"({result['tasks']:,} in the database with the year before) on {result['engine']} "
                f"(loaded in {result['load_s']:.1f} s; {ROUNDS} rounds)",
                ["path", "requests", "p50 ms", "p95 ms", "max ms", "target p95 ms", "margin", "vs baseline", "met"],
                rows)


if __name__ == "__main__":
    if "--child" in sys.argv:
        import asyncio

        print(json.dumps(asyncio.run(_measure())))
    else:
        main()
