"""Check-in while a large guest import is written: scans/s, latency and refusals at the gate during it.

On a temporary SQLite file the bench prepares the check-in bench's data (1,500 invitations with tokens),
adds a protocol account, starts uvicorn (BENCH_WORKERS workers, one by default), uploads a list of 10,000
new guests through the import pages and presses «Загрузить»; while that request runs, gate connections
scan cards without a pause (first scans, then repeats). It reports the scans made during the import, their rate, p50/p99
latency, the slowest, the answers by status (503 «повторите» is a busy database answered in time; a 500
is a failure) and how long the import took; afterwards every invitation is admitted at most once and
the registry holds every imported row.

The machine's 2 cores are shared by the server, the client and other work: the figures are noisy.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.bench.bench_checkin import (
    CONCURRENCY,
    PASSWORD,
    WORKERS,
    Server,
    _Connection,
    _in_env,
    _scan_request,
    _signed_in,
)
from tests.bench.table import print_table

ROWS = 10_000
SCANNERS = 4  # gates scanning at once: a busy entrance, not a load test
TIME_LIMIT_S = 120


def guest_list(rows: int = ROWS) -> bytes:
    letters = "абвгдежзиклмнопрстуфхцчшщэюя"
    lines = ["Фамилия;Имя;Отчество;Телефон;Организация"]
    for n in range(rows):
        tail = letters[n // len(letters) ** 2 % len(letters)] + letters[n // len(letters) % len(letters)] \
            + letters[n % len(letters)]
        lines.append(f"Импортов{tail};Иван;Петрович;8 914 {n // 10000:01d}{n % 10000:04d} 00;Организация {n % 50}")
    return ("\n".join(lines) + "\n").encode("utf-8")


async def _account() -> None:
    from app.accounts.services import create_user
    from app.core.roles import Role

    await create_user("bench-protocol", PASSWORD, Role.PROTOCOL, first_name="Протокол")


async def _count_imported() -> int:
    from app.guests.tables import Person

    return await Person.count().where(Person.surname.like("Импортов%"))


async def _protocol_client(base: str) -> tuple[httpx.AsyncClient, str]:
    client = httpx.AsyncClient(base_url=base, timeout=TIME_LIMIT_S)
    await client.get("/login")
    csrf = client.cookies["csrftoken"]
    response = await client.post("/login", data={"username": "bench-protocol", "password": PASSWORD, "next": "/",
                                                 "_csrf_token": csrf})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed: {response.status_code}")
    return client, csrf


async def _run(base: str, ceremony: int, tokens: list[str]) -> dict:
    protocol, token = await _protocol_client(base)
    response = await protocol.post("/guests/import/", data={"_csrf_token": token},
                                   files={"file": ("список.csv", guest_list(), "text/csv")})
    location = response.headers.get("location", "")
    found = re.search(r"/guests/import/([0-9a-f]{32})/", location)
    if response.status_code != 303 or not found:
        raise RuntimeError(f"upload failed: {response.status_code} {response.text[:300]}")
    upload = found.group(1)
    response = await protocol.post(f"/guests/import/{upload}/mapping", data={
        "col_0": "surname", "col_1": "name", "col_2": "patronymic", "col_3": "phone", "col_4": "organisation",
        "_csrf_token": token})
    if response.status_code != 303:
        raise RuntimeError(f"mapping failed: {response.status_code}")

    gate, csrf = await _signed_in(base)
    cookies = "; ".join(f"{name}={value}" for name, value in gate.cookies.items())
    await gate.aclose()
    port = int(base.rsplit(":", 1)[1])
    codes = tokens * 4
    requests = [_scan_request(port, ceremony, cookies, csrf, code, "Северный") for code in codes]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    done = asyncio.Event()

    async def scanner(offset: int) -> None:
        connection = await _Connection.open(port)
        try:
            n = offset
            while not done.is_set() and n < len(requests):
                started = time.perf_counter()
                status, _body = await connection.post(requests[n])
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                n += SCANNERS
        finally:
            connection.close()

    async def press() -> tuple[int, float]:
        started = time.perf_counter()
        try:
            response = await protocol.post(f"/guests/import/{upload}/apply", data={"_csrf_token": token})
        finally:
            done.set()
        return response.status_code, time.perf_counter() - started

    started = time.perf_counter()
    results = await asyncio.gather(press(), *(scanner(k) for k in range(SCANNERS)))
    wall = time.perf_counter() - started
    await protocol.aclose()
    status, seconds = results[0]
    return {"latencies": latencies, "statuses": statuses, "wall": wall, "apply_status": status,
            "apply_s": seconds}


def main() -> None:
    var = Path(tempfile.mkdtemp(prefix="ceremonia-bench-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{var}/bench.sqlite", "CEREMONIA_VAR": str(var),
           "CEREMONIA_ENV": "development", "SECRET_KEY": "bench-secret-key", "PICCOLO_CONF": "piccolo_conf",
           "PUBLIC_BASE_URL": "https://ceremonia.example"}
    try:
        data_file = var / "bench.json"
        _in_env(env, "prepare", str(data_file))
        _in_module(env, "account")
        data = json.loads(data_file.read_text())
        server = Server(env)
        try:
            result = asyncio.run(_run(server.url, data["ceremony"], data["tokens"]))
        finally:
            server.stop()
        check = json.loads(_in_env(env, "verify", str(data["ceremony"])))
        imported = int(_in_module(env, "count"))
    finally:
        shutil.rmtree(var, ignore_errors=True)
    latencies = sorted(result["latencies"]) or [0.0]
    count = len(result["latencies"])
    admitted_scans = check["scans"].get("admitted", 0)
    print(f"answers {result['statuses']}, import answered {result['apply_status']} in {result['apply_s']:.1f} s, "
          f"imported {imported} of {ROWS}, admitted scans {admitted_scans}, "
          f"admitted invitations {check['admitted_invitations']}")
    print_table(
        f"Check-in during an import of {ROWS:,} guests (SQLite, {WORKERS} worker(s), {SCANNERS} gates scanning; "
        f"the check-in bench alone runs {CONCURRENCY} in flight)",
        ["scans", "scans/s", "p50 ms", "p99 ms", "max ms", "503 повторите", "500", "import s", "imported",
         "double admissions"],
        [[count, round(count / result["wall"], 1), round(statistics.median(latencies) * 1000, 1),
          round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
          round(latencies[-1] * 1000, 1), result["statuses"].get(503, 0), result["statuses"].get(500, 0),
          round(result["apply_s"], 1), imported, admitted_scans - check["admitted_invitations"]]])


def _in_module(env: dict, *args: str) -> str:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "tests.bench.bench_checkin_import", *args], cwd=Path.cwd(),
                          env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout


if __name__ == "__main__":
    if sys.argv[1:2] == ["account"]:
        asyncio.run(_account())
    elif sys.argv[1:2] == ["count"]:
        print(asyncio.run(_count_imported()))
    else:
        main()
