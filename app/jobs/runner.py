"""Long work in a separate process, with its progress in the database.

A job is a plain function `work(params: dict, progress: Progress) -> dict` named by its dotted path.
It runs in a spawned process, so a solver or a 1,500-page PDF never blocks the server's event loop;
it takes ids and plain data, never ORM rows. Any app process can show the progress and cancel it,
because both live in the job's row. The process that started the job watches the time limit and
kills a job that does not stop when cancelled.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.config import get_settings
from app.jobs.kinds import FINISHED, JobStatus
from app.jobs.tables import Job

# How often a job writes its progress at most; the page polls once a second.
PROGRESS_INTERVAL_S = 0.3
CANCEL_GRACE_S = 5.0
_watchers: set[asyncio.Task] = set()


class Cancelled(Exception):
    """Raised inside a job when the person who started it pressed «Отменить»."""


def job_dir(job_id: int) -> Path:
    return get_settings().var_dir / "jobs" / str(job_id)


class Progress:
    """Handed to the work function: reports progress, tells it to stop, gives it a place for files."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL_S and done < total:
            return
        self._last = now
        Job.update({Job.done: done, Job.total: total, Job.message: message}).where(Job.id == self.job_id).run_sync()
        row = Job.select(Job.cancel_requested).where(Job.id == self.job_id).first().run_sync()
        if row and row["cancel_requested"]:
            raise Cancelled

    def file(self, name: str) -> Path:
        folder = job_dir(self.job_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name


class SolverClock(threading.Thread):
    """A solver's run as a job's progress: the seconds gone of its limit, twice a second, with the latest
    note (the solver itself speaks only when it finds a better plan). Stops when the job is cancelled."""

    def __init__(self, progress: Progress, seconds: float) -> None:
        super().__init__(daemon=True)
        self.progress, self.seconds, self.message = progress, seconds, ""
        self.stopped = threading.Event()

    def __enter__(self) -> SolverClock:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()

    def note(self, message: str) -> None:
        self.message = message

    def run(self) -> None:
        started = time.monotonic()
        while not self.stopped.wait(0.5):
            try:
                self.progress(min(int(time.monotonic() - started), int(self.seconds)), int(self.seconds), self.message)
            except Cancelled:
                return


def _finish(job_id: int, status: JobStatus, message: str, result: dict | None = None) -> None:
    values: dict = {Job.status: status, Job.message: message, Job.finished_at: datetime.now(UTC)}
    if result is not None:
        values[Job.result] = result
    Job.update(values).where(Job.id == job_id).run_sync()


def _child(job_id: int, target: str, params: dict[str, Any]) -> None:
    """The body of the worker process."""
    from app.core.i18n import gettext as _

    Job.update({Job.status: JobStatus.RUNNING}).where(Job.id == job_id).run_sync()
    module, _sep, name = target.partition(":")
    work = getattr(importlib.import_module(module), name)
    try:
        result = work(params, Progress(job_id))
    except Cancelled:
        _finish(job_id, JobStatus.CANCELLED, _("Отменено по просьбе пользователя."))
    except Exception as error:  # noqa: BLE001 - the job's failure is reported on its page
        traceback.print_exc()
        _finish(job_id, JobStatus.FAILED, str(error) or error.__class__.__name__)
    else:
        _finish(job_id, JobStatus.DONE, "", result or {})


async def submit(kind: str, target: str, params: dict[str, Any], *, title: str, user_id: int | None,
                 time_limit: float = 600) -> int:
    rows = await Job.insert(
        Job(kind=kind, title=title, params=params, created_by=user_id, status=JobStatus.QUEUED)
    ).returning(Job.id)
    job_id = rows[0]["id"]
    process = multiprocessing.get_context("spawn").Process(
        target=_child, args=(job_id, target, params), name=f"ceremonia-job-{job_id}", daemon=True
    )
    process.start()
    watcher = asyncio.create_task(_watch(job_id, process, time_limit))
    _watchers.add(watcher)
    watcher.add_done_callback(_watchers.discard)
    return job_id


async def _watch(job_id: int, process: multiprocessing.Process, time_limit: float) -> None:
    from app.core.i18n import gettext as _

    started = time.monotonic()
    cancelled_at: float | None = None
    while process.is_alive():
        await asyncio.sleep(0.25)
        elapsed = time.monotonic() - started
        if elapsed > time_limit:
            process.kill()
            await _mark_if_unfinished(job_id, JobStatus.FAILED,
                                      _("Превышено время выполнения ({s} с).").format(s=int(time_limit)))
            return
        if cancelled_at is None:
            row = await Job.select(Job.cancel_requested).where(Job.id == job_id).first()
            if row and row["cancel_requested"]:
                cancelled_at = time.monotonic()
        elif time.monotonic() - cancelled_at > CANCEL_GRACE_S:
            process.kill()
            await _mark_if_unfinished(job_id, JobStatus.CANCELLED, _("Отменено по просьбе пользователя."))
            return
    await asyncio.to_thread(process.join)
    if process.exitcode != 0:  # a clean exit has already written its own outcome
        await _mark_if_unfinished(job_id, JobStatus.FAILED,
                                  _("Процесс задачи завершился аварийно (код {code}).").format(code=process.exitcode))


async def _mark_if_unfinished(job_id: int, status: JobStatus, message: str) -> None:
    await Job.update({Job.status: status, Job.message: message, Job.finished_at: datetime.now(UTC)}).where(
        (Job.id == job_id) & Job.status.not_in(list(FINISHED))
    )


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    title: str
    status: JobStatus
    done: int
    total: int
    message: str
    result: dict[str, Any]
    created_by: int | None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status is JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


async def get(job_id: int) -> JobView | None:
    row = await Job.select().where(Job.id == job_id).output(load_json=True).first()
    if row is None:
        return None
    return JobView(id=row["id"], kind=row["kind"], title=row["title"], status=JobStatus(row["status"]),
                   done=row["done"], total=row["total"], message=row["message"], result=row["result"] or {},
                   created_by=row["created_by"])


async def cancel(job_id: int) -> None:
    await Job.update({Job.cancel_requested: True}).where(Job.id == job_id)


def result_file(job: JobView) -> Path | None:
    name = job.result.get("file")
    if not name or "/" in name or name.startswith("."):
        return None
    path = job_dir(job.id) / name
    return path if path.is_file() else None
