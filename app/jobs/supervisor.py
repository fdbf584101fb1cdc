"""Running one job: a spawned process for the work, watched by a supervising thread.

The supervisor (in a `ceremonia worker`, or in the app process when JOBS_QUEUE=inline) marks the job
running, writes a heartbeat into its row every few seconds, kills the process past its time limit or
a few seconds after a cancel it does not heed, and records a crash. A job whose heartbeat has stopped
(its worker was killed, the container restarted) is reaped: marked failed with a reason, so it can be
run again. When the worker is stopped (SIGTERM), the jobs it runs are stopped and marked failed too.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import shutil
import signal
import threading
import time
import traceback
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.config import ConfigError
from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.jobs.kinds import FINISHED, JobStatus
from app.jobs.progress import Cancelled, Orphaned, Progress, jobs_root
from app.jobs.tables import Job

CANCEL_GRACE_S = 5.0
HEARTBEAT_S = 2.0
STALE_S = 30.0  # no heartbeat for this long: the worker that ran the job is gone
KEEP_RESULTS = timedelta(days=7)
UNFINISHED = [JobStatus.QUEUED, JobStatus.RUNNING]

# The work processes this process supervises, by job id: stopped together when the worker stops.
_running: dict[int, multiprocessing.process.BaseProcess] = {}
_running_lock = threading.Lock()


def concurrency() -> int:
    """How many jobs run at once: JOBS_CONCURRENCY, by default one per two cores."""
    value = os.environ.get("JOBS_CONCURRENCY", "")
    if not value:
        return max(1, (os.cpu_count() or 2) // 2)
    count = whole(value)
    if not count:
        raise ConfigError(f"JOBS_CONCURRENCY={value!r}: ожидается целое число не меньше 1.")
    return count


def _now() -> datetime:
    return datetime.now(UTC)


def finish(job_id: int, status: JobStatus, message: str, result: dict | None = None) -> bool:
    """Records the outcome unless the job already has one; tells whether it did."""
    values: dict = {Job.status: status, Job.message: message, Job.finished_at: _now()}
    if result is not None:
        values[Job.result] = result
    rows = Job.update(values).where((Job.id == job_id) & Job.status.is_in(UNFINISHED)).returning(Job.id).run_sync()
    return bool(rows)


class _Stopped(BaseException):
    """SIGTERM or SIGINT reached the work process: it ends now, and says so in the job's row."""


def _on_signal(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


def _child(job_id: int, target: str, params: dict[str, Any]) -> None:
    """The body of the work process."""
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    module, _sep, name = target.partition(":")
    try:
        work = getattr(importlib.import_module(module), name)
        result = work(params, Progress(job_id))
    except Orphaned:
        finish(job_id, JobStatus.FAILED, _("Обработчик задач остановился во время работы; запустите задачу снова."))
    except Cancelled:
        finish(job_id, JobStatus.CANCELLED, _("Отменено по просьбе пользователя."))
    except _Stopped:
        finish(job_id, JobStatus.FAILED, _("Задача остановлена: обработчик задач завершает работу. "
                                           "Запустите её снова."))
    except Exception as error:  # noqa: BLE001 - the job's failure is reported on its page
        traceback.print_exc()
        finish(job_id, JobStatus.FAILED, str(error) or error.__class__.__name__)
    else:
        finish(job_id, JobStatus.DONE, "", result or {})


def _beat(job_id: int, **values: Any) -> dict | None:
    """The heartbeat (with any other values); gives back the row's status and cancel request."""
    Job.update({Job.heartbeat_at: _now(), **{getattr(Job, k): v for k, v in values.items()}}).where(
        Job.id == job_id).run_sync()
    # Not .first().run_sync(): that takes a connection from the app's pool, which belongs to the server's
    # event loop, from this thread's own loop; on PostgreSQL asyncpg used so crashed the server process.
    rows = Job.select(Job.status, Job.cancel_requested).where(Job.id == job_id).run_sync()
    return rows[0] if rows else None


def _end(process: multiprocessing.process.BaseProcess) -> None:
    """SIGTERM first (the work records why it stopped), then SIGKILL."""
    process.terminate()
    process.join(3)
    if process.is_alive():
        process.kill()
        process.join()


def supervise(job_id: int, target: str, params: dict[str, Any], time_limit: float) -> None:
    """Runs one queued job to its end; returns at once when it was cancelled while it waited."""
    claimed = Job.update({Job.status: JobStatus.RUNNING, Job.heartbeat_at: _now()}).where(
        (Job.id == job_id) & (Job.status == JobStatus.QUEUED)).returning(Job.id).run_sync()
    if not claimed:
        return
    process = multiprocessing.get_context("spawn").Process(
        target=_child, args=(job_id, target, params), name=f"ceremonia-job-{job_id}", daemon=True)
    process.start()
    with _running_lock:
        _running[job_id] = process
    try:
        _watch(job_id, process, time_limit)
    finally:
        with _running_lock:
            _running.pop(job_id, None)
        remove_old_results()


def _watch(job_id: int, process: multiprocessing.process.BaseProcess, time_limit: float) -> None:
    started = last_beat = time.monotonic()
    cancelled_at: float | None = None
    while process.is_alive():
        process.join(0.25)
        now = time.monotonic()
        # The outcome first: the work, stopped, would otherwise record its own «остановлена».
        if now - started > time_limit:
            finish(job_id, JobStatus.FAILED, _("Превышено время выполнения ({s} с).").format(s=int(time_limit)))
            _end(process)
            return
        if cancelled_at is not None and now - cancelled_at > CANCEL_GRACE_S:
            finish(job_id, JobStatus.CANCELLED, _("Отменено по просьбе пользователя."))
            _end(process)
            return
        if now - last_beat >= HEARTBEAT_S:
            last_beat = now
            row = _beat(job_id)
            if cancelled_at is None and row and row["cancel_requested"]:
                cancelled_at = now
    process.join()
    if process.exitcode != 0:  # a clean exit has already written its own outcome
        finish(job_id, JobStatus.FAILED,
               _("Процесс задачи завершился аварийно (код {code}).").format(code=process.exitcode))


def stop_all(message: str) -> int:
    """Ends every work process this process supervises and marks its job failed; gives back how many."""
    with _running_lock:
        running = dict(_running)
    for job_id, process in running.items():
        finish(job_id, JobStatus.FAILED, message)
        _end(process)
    return len(running)


def stale_reason() -> str:
    return _("Задачу выполнял обработчик, который остановился (сбой или перезапуск). Запустите её снова.")


def reap_stale(job_id: int | None = None) -> int:
    """Marks failed the unfinished jobs whose heartbeat has stopped; gives back how many."""
    where = Job.status.is_in(UNFINISHED) & Job.heartbeat_at.is_not_null() & (
        Job.heartbeat_at < _now() - timedelta(seconds=STALE_S))
    if job_id is not None:
        where &= Job.id == job_id
    rows = Job.update({Job.status: JobStatus.FAILED, Job.message: stale_reason(), Job.finished_at: _now()}).where(
        where).returning(Job.id).run_sync()
    return len(rows)


def remove_old_results(keep: timedelta = KEEP_RESULTS) -> int:
    """Deletes the result folders of jobs finished longer than `keep` ago (and those as old of jobs no
    longer in the database); gives back how many."""
    root = jobs_root()
    if not root.is_dir():
        return 0
    ids = [n for p in root.iterdir() if p.is_dir() and (n := whole(p.name)) is not None]
    if not ids:
        return 0
    rows = Job.select(Job.id, Job.status, Job.finished_at).where(Job.id.is_in(ids)).run_sync()
    known = {row["id"]: row for row in rows}
    cutoff = _now() - keep

    def expired(job_id: int) -> bool:
        row = known.get(job_id)
        if row is None:
            return datetime.fromtimestamp((root / str(job_id)).stat().st_mtime, UTC) < cutoff
        return row["status"] in FINISHED and row["finished_at"] is not None and _aware(row["finished_at"]) < cutoff

    old = [job_id for job_id in ids if expired(job_id)]
    for job_id in old:
        shutil.rmtree(root / str(job_id), ignore_errors=True)
    return len(old)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
