"""Check-in at the gate under load: sustained scans/s and latency against a real server process.

For each engine (a temporary SQLite file; PostgreSQL when it answers on 127.0.0.1:5432, in a database
of its own so that nobody's test run is disturbed) the bench migrates an empty database, writes
1,500 invitations with tokens, starts uvicorn, signs a gate controller in and scans every card twice
(half first scans, half repeats, shuffled) with a bounded number of requests in flight. It then
reads the database back: every invitation must be admitted exactly once (double admissions: 0).

Loopback only; bounded in count (3,000 scans per engine) and time (a minute per engine at most).
Targets: ≥ 500 scans/s with p99 ≤ 50 ms. The machine's 2 cores are shared with other work, so the
figures are noisy; the client (httpx) runs on the same cores as the server.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from tests.bench.table import print_table

ROOT = Path(__file__).resolve().parents[2]
INVITATIONS = 1_500
CONCURRENCY = 16
WARMUP = 200
TIME_LIMIT_S = 60
TARGET_SCANS_S = 500
TARGET_P99_MS = 50
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "ceremonia_bench"
PASSWORD = "bench-password-42"
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))


# ---------------------------------------------------------------- inside the prepared environment


async def _prepare(out: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.accounts.services import create_user
    from app.core.db import prepare_sqlite
    from app.core.roles import Role
    from app.events.tables import Ceremony, Event
    from app.guests.tables import Category, Person
    from app.invitations.tables import Invitation, InvitationToken
    from app.invitations.tokens import new_token
    from piccolo_conf import DB

    if DB.engine_type == "postgres":
        await DB.run_ddl("DROP SCHEMA public CASCADE")
        await DB.run_ddl("CREATE SCHEMA public")
    await prepare_sqlite(DB)
    result = await run_forwards("all")
    assert result.success, result.message
    await create_user("bench-gate", PASSWORD, Role.GATE, first_name="Контролёр")
    event = (await Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id))[0]["id"]
    # under way now, so that it is today in the city's time zone whatever the hour (a ceremony that starts
    # in an hour is tomorrow in Khabarovsk after 13:00 UTC, and every scan would be refused «не сегодня»)
    start = datetime.now(UTC) - timedelta(hours=1)
    ceremony = (await Ceremony.insert(Ceremony(event=event, title="Торжественное собрание", venue="Театр",
                                               starts_at=start, ends_at=start + timedelta(hours=3))
                                      ).returning(Ceremony.id))[0]["id"]
    categories = [(await Category.insert(Category(name=name, vip=vip)).returning(Category.id))[0]["id"]
                  for name, vip in (("Ветераны", True), ("Депутаты", False), ("Общественность", False))]
    people = [Person(surname=f"Гость{n:04d}", name="Иван", patronymic="Петрович", category=categories[n % 3],
                     search_key=f"гость{n:04d} иван петрович") for n in range(INVITATIONS)]
    person_ids = await _insert(Person, people)
    invitations = [Invitation(ceremony=ceremony, person=p, seat_label=f"Ряд {n // 30 + 1}, место {n % 30 + 1}",
                              status="issued") for n, p in enumerate(person_ids)]
    invitation_ids = await _insert(Invitation, invitations)
    tokens = [new_token() for _ in invitation_ids]
    await InvitationToken.insert(*[InvitationToken(invitation=i, token=t)
                                   for i, t in zip(invitation_ids, tokens, strict=True)])
    out.write_text(json.dumps({"ceremony": ceremony, "tokens": tokens}))


async def _insert(table, rows: list, chunk: int = 500) -> list[int]:
    """Rows in chunks: PostgreSQL takes at most 32,767 parameters a statement."""
    ids: list[int] = []
    for start in range(0, len(rows), chunk):
        ids += [r["id"] for r in await table.insert(*rows[start:start + chunk]).returning(table.id)]
    return ids


async def _verify(ceremony: int) -> dict:
    from piccolo.query.functions.aggregate import Count

    from app.invitations.tables import Invitation, Scan

    admitted = await Invitation.count().where((Invitation.ceremony == ceremony) & Invitation.admitted_at.is_not_null())
    by_verdict = await Scan.select(Scan.verdict, Count(alias="n")).where(Scan.ceremony == ceremony).group_by(
        Scan.verdict)
    return {"admitted_invitations": admitted, "scans": {r["verdict"]: r["n"] for r in by_verdict}}


# ---------------------------------------------------------------- the driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _in_env(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "tests.bench.bench_checkin", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout


def _postgres_url() -> str | None:
    """A database of the bench's own on the local PostgreSQL, or None when there is none."""
    async def create() -> None:
        import asyncpg

        connection = await asyncpg.connect(PG_ADMIN_URL, timeout=3)
        try:
            if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", PG_BENCH_DB):
                await connection.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
        finally:
            await connection.close()

    try:
        asyncio.run(create())
    except Exception:  # noqa: BLE001 - no server, no rights: the row says it was skipped
        return None
    return f"postgresql://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


class Server:
    def __init__(self, env: dict) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(WORKERS), "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def _signed_in(base: str) -> tuple[httpx.AsyncClient, str]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    client = httpx.AsyncClient(base_url=base, limits=limits, timeout=30)
    await client.get("/login")
    csrf = client.cookies["csrftoken"]
    response = await client.post("/login", data={"username": "bench-gate", "password": PASSWORD, "next": "/",
                                                 "_csrf_token": csrf})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed: {response.status_code}")
    return client, csrf


class _Connection:
    """A keep-alive HTTP/1.1 connection that sends ready-made requests: a load generator light enough
    to leave the cores to the server (httpx costs about as much CPU per request as the app itself)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> _Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def post(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def _scan_request(port: int, ceremony: int, cookies: str, csrf: str, code: str, gate: str) -> bytes:
    body = urlencode({"code": f"https://ceremonia.example/i/{code}", "gate": gate}).encode()
    head = (f"POST /gate/{ceremony}/scan HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookies}\r\n"
            f"X-CSRFToken: {csrf}\r\nHX-Request: true\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _load(base: str, ceremony: int, tokens: list[str]) -> dict:
    client, csrf = await _signed_in(base)
    cookies = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    await client.aclose()
    port = int(base.rsplit(":", 1)[1])
    gates = ["Северный", "Южный", "Главный"]

    async def run(codes: list[str]) -> tuple[list[float], dict[str, int], float]:
        requests = [_scan_request(port, ceremony, cookies, csrf, code, gates[n % 3]) for n, code in enumerate(codes)]
        queue = list(reversed(requests))
        latencies: list[float] = []
        verdicts: dict[str, int] = {}
        deadline = time.monotonic() + TIME_LIMIT_S

        async def worker() -> None:
            connection = await _Connection.open(port)
            try:
                while queue and time.monotonic() < deadline:
                    request = queue.pop()
                    started = time.perf_counter()
                    status, body = await connection.post(request)
                    latencies.append(time.perf_counter() - started)
                    verdict = f"http {status}"
                    if status == 200:
                        found = re.search(rb'class="verdict verdict-([a-z_]+)"', body)
                        verdict = found.group(1).decode() if found else "?"
                    verdicts[verdict] = verdicts.get(verdict, 0) + 1
            finally:
                connection.close()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return latencies, verdicts, time.perf_counter() - started

    await run([f"warmup{n:026d}" for n in range(WARMUP)])  # unknown codes: every path warmed, nobody admitted
    first, again = tokens[:], tokens[:]
    random.Random(7).shuffle(first)
    random.Random(8).shuffle(again)
    half = len(first) // 2
    codes = first[:half] + [c for pair in zip(first[half:], again, strict=False) for c in pair] + again[half:]
    latencies, verdicts, wall = await run(codes)
    return {"latencies": latencies, "verdicts": verdicts, "wall": wall}


def _one_engine(label: str, database_url: str) -> list:
    var = Path(tempfile.mkdtemp(prefix="ceremonia-bench-"))
    database_url = database_url or f"sqlite:///{var}/bench.sqlite"
    env = {**os.environ, "DATABASE_URL": database_url, "CEREMONIA_VAR": str(var), "CEREMONIA_ENV": "development",
           "SECRET_KEY": "bench-secret-key", "PICCOLO_CONF": "piccolo_conf", "PUBLIC_BASE_URL": "https://ceremonia.example"}
    try:
        data_file = var / "bench.json"
        _in_env(env, "prepare", str(data_file))
        data = json.loads(data_file.read_text())
        server = Server(env)
        try:
            result = asyncio.run(_load(server.url, data["ceremony"], data["tokens"]))
        finally:
            server.stop()
        check = json.loads(_in_env(env, "verify", str(data["ceremony"])))
    finally:
        shutil.rmtree(var, ignore_errors=True)
    latencies = sorted(result["latencies"])
    count = len(latencies)
    rate = count / result["wall"]
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(count - 1, int(count * 0.99))] * 1000
    admitted_scans = check["scans"].get("admitted", 0)
    double = admitted_scans - check["admitted_invitations"]
    print(f"{label}: verdicts {result['verdicts']}, log {check['scans']}, admitted invitations "
          f"{check['admitted_invitations']} of {len(set(data['tokens']))}")
    return [label, WORKERS, CONCURRENCY, count, round(rate, 1), round(p50, 1), round(p99, 1),
            f"{rate / TARGET_SCANS_S:.2f}×", f"{TARGET_P99_MS / p99:.2f}×" if p99 else "-", double]


def main() -> None:
    pg = _postgres_url()
    rows = [_one_engine(label, url) for label, url in [("SQLite", "")] + ([("PostgreSQL", pg)] if pg else [])]
    if not pg:
        print("PostgreSQL: not reachable on 127.0.0.1:5432 — skipped")
    print_table(
        f"Check-in: {INVITATIONS:,} invitations scanned twice (half first scans, half repeats), "
        f"{CONCURRENCY} in flight; target ≥ {TARGET_SCANS_S} scans/s, p99 ≤ {TARGET_P99_MS} ms",
        ["engine", "workers", "in flight", "scans", "scans/s", "p50 ms", "p99 ms", "rate/target",
         "target/p99", "double admissions"], rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        asyncio.run(_prepare(Path(sys.argv[2])))
    elif sys.argv[1:2] == ["verify"]:
        print(json.dumps(asyncio.run(_verify(int(sys.argv[2])))))
    else:
        main()
