"""Registry search with 10,000 persons: p50/p95 per request through the service and through HTTP
(the app in-process via Litestar's test client, the HTMX fragment a keystroke asks for).

Runs in a child process with its own SQLite database under a temporary folder (or the PostgreSQL
named by BENCH_DATABASE_URL), so it never touches the development data. Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from tests.bench.table import print_table

TARGET_MS = 50.0
ROUNDS = 5
# What a protocol officer types: a surname or its start, a name and patronymic, any case, ё or е,
# and the filters of the list page.
QUERIES = [
    {"q": "иванов"}, {"q": "Семёнов"}, {"q": "семенова анна"}, {"q": "КУЗЬМ"}, {"q": "петрович"},
    {"q": "ол"}, {"q": "алексеевна"}, {"q": "орлов олег"}, {"q": "цой"}, {"q": "ёва"}, {"q": "несуществующий"},
    {"q": ""}, {"category": "2"}, {"status": "deceased"}, {"organisation": "совет ветеранов"},
    {"q": "ов", "category": "4"}, {"q": "иван", "status": "active"},
]


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95, ordered[-1]


async def _measure() -> dict:
    from urllib.parse import urlencode

    from litestar.testing import AsyncTestClient
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.accounts.services import create_user
    from app.core.db import prepare_sqlite
    from app.core.roles import Role
    from app.guests import services
    from app.guests.demo import load_guests_demo
    from app.guests.tables import Person
    from piccolo_conf import DB

    if DB.engine_type == "postgres":
        await DB.run_ddl("DROP SCHEMA public CASCADE")
        await DB.run_ddl("CREATE SCHEMA public")
    await prepare_sqlite(DB)
    assert (await run_forwards("all")).success
    await create_user("bench", "bench-password-1", Role.PROTOCOL)
    started = time.perf_counter()
    await load_guests_demo()
    load_s = time.perf_counter() - started
    persons = await Person.count()

    service: list[float] = []
    for _ in range(ROUNDS):
        for params in QUERIES:
            t = time.perf_counter()
            await services.search(services.RegistryFilter.from_params(params))
            service.append((time.perf_counter() - t) * 1000)

    from app.asgi import create_app

    http: list[float] = []
    async with AsyncTestClient(app=create_app(), base_url="http://bench.local") as client:
        page = await client.get("/login")
        token = page.text.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
        await client.post("/login", data={"username": "bench", "password": "bench-password-1",
                                          "_csrf_token": token, "next": "/"})
        for _ in range(ROUNDS):
            for params in QUERIES:
                t = time.perf_counter()
                response = await client.get("/guests/?" + urlencode(params), headers={"HX-Request": "true"})
                http.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
    return {"engine": DB.engine_type, "persons": persons, "load_s": load_s, "service": service, "http": http}


def _child() -> None:
    import asyncio

    print(json.dumps(asyncio.run(_measure())))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ceremonia-bench-") as folder:
        env = {**os.environ, "CEREMONIA_VAR": folder, "SECRET_KEY": "bench", "CEREMONIA_ENV": "development",
               "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite")}
        run = subprocess.run([sys.executable, "-m", "tests.bench.bench_registry", "--child"], env=env,
                             capture_output=True, text=True, check=False)
        if run.returncode:
            print(run.stderr[-3000:])
            raise SystemExit("bench_registry failed")
        result = json.loads(run.stdout.strip().splitlines()[-1])
    rows = []
    for name, key in (("service: guests.services.search", "service"), ("HTTP: GET /guests/?q=… (HTMX)", "http")):
        p50, p95, worst = _percentiles(result[key])
        rows.append([name, len(result[key]), p50, p95, worst, TARGET_MS, f"{TARGET_MS / p95:.1f}×",
                     "yes" if p95 <= TARGET_MS else "NO"])
    print_table(f"Registry search, {result['persons']:,} persons on {result['engine']} "
                f"(demo registry loaded in {result['load_s']:.1f} s; {len(QUERIES)} queries × {ROUNDS})",
                ["path", "requests", "p50 ms", "p95 ms", "max ms", "target p95 ms", "margin", "met"], rows)


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        main()
