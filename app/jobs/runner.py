"""Long work outside the request: submit a job, read its progress, cancel it, fetch its file.

A job is a plain function `work(params: dict, progress: Progress) -> dict` named by its dotted path.
It runs in a spawned process, so a solver or a 1,500-page PDF never blocks the server's event loop;
it takes ids and plain data, never ORM rows. `submit` writes the job's row and puts it on the queue
(app.jobs.queue: huey, consumed by `ceremonia worker`; or JOBS_QUEUE=inline: this process runs it);
app.jobs.supervisor runs it. Any app process can show the progress and cancel it, because both live
in the job's row.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.jobs import queue, supervisor
from app.jobs.kinds import FINISHED, JobStatus
from app.jobs.progress import Cancelled, Progress, SolverClock, job_dir
from app.jobs.tables import Job

__all__ = ["Cancelled", "JobView", "Progress", "SolverClock", "cancel", "get", "job_dir", "result_file", "submit"]

# JOBS_QUEUE=inline: the jobs this process runs at once (the rest wait, their heartbeat going).
_inline_slots: threading.BoundedSemaphore | None = None


async def submit(kind: str, target: str, params: dict[str, Any], *, title: str, user_id: int | None,
                 time_limit: float = 600) -> int:
    inline = queue.setting() == "inline"
    rows = await Job.insert(
        Job(kind=kind, title=title, params=params, created_by=user_id, status=JobStatus.QUEUED,
            heartbeat_at=datetime.now(UTC) if inline else None)
    ).returning(Job.id)
    job_id = rows[0]["id"]
    if inline:
        threading.Thread(target=_run_inline, args=(job_id, target, params, time_limit),
                         name=f"ceremonia-job-{job_id}", daemon=True).start()
    else:
        await asyncio.to_thread(queue.enqueue, job_id, target, params, time_limit)
    return job_id


def _run_inline(job_id: int, target: str, params: dict[str, Any], time_limit: float) -> None:
    global _inline_slots
    if _inline_slots is None:
        _inline_slots = threading.BoundedSemaphore(supervisor.concurrency())
    while not _inline_slots.acquire(timeout=supervisor.HEARTBEAT_S):
        Job.update({Job.heartbeat_at: datetime.now(UTC)}).where(Job.id == job_id).run_sync()
    try:
        supervisor.supervise(job_id, target, params, time_limit)
    finally:
        _inline_slots.release()


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
    if row["status"] not in FINISHED and row["heartbeat_at"] is not None and await asyncio.to_thread(
            supervisor.reap_stale, job_id) > 0:
        row = await Job.select().where(Job.id == job_id).output(load_json=True).first() or row
    return JobView(id=row["id"], kind=row["kind"], title=row["title"], status=JobStatus(row["status"]),
                   done=row["done"], total=row["total"], message=row["message"], result=row["result"] or {},
                   created_by=row["created_by"])


async def cancel(job_id: int) -> None:
    """Asks the running work to stop; a job still waiting in the queue is cancelled at once (its
    supervisor will not start it), and one whose worker has died is marked failed."""
    from app.core.i18n import gettext as _

    await Job.update({Job.cancel_requested: True}).where(Job.id == job_id)
    await Job.update({Job.status: JobStatus.CANCELLED, Job.message: _("Отменено по просьбе пользователя."),
                      Job.finished_at: datetime.now(UTC)}).where(
        (Job.id == job_id) & (Job.status == JobStatus.QUEUED))
    await asyncio.to_thread(supervisor.reap_stale, job_id)


def result_file(job: JobView) -> Path | None:
    name = job.result.get("file")
    if not name or "/" in name or name.startswith("."):
        return None
    path = job_dir(job.id) / name
    return path if path.is_file() else None
