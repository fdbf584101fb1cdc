"""What a job's work function is handed: its progress reporter, the cancel it listens for, its folder."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from app.core.config import get_settings
from app.jobs.kinds import JobStatus
from app.jobs.tables import Job

# How often a job writes its progress at most; the page polls once a second.
PROGRESS_INTERVAL_S = 0.3


class Cancelled(Exception):
    """Raised inside a job when the person who started it pressed «Отменить»."""


class Orphaned(Cancelled):
    """Raised inside a job whose supervising worker has died: nobody would record its outcome."""


def jobs_root() -> Path:
    """Where job results live: CEREMONIA_JOBS_DIR (a volume every app instance and worker shares), or var/jobs."""
    configured = os.environ.get("CEREMONIA_JOBS_DIR", "")
    return Path(configured) if configured else get_settings().var_dir / "jobs"


def job_dir(job_id: int) -> Path:
    return jobs_root() / str(job_id)


class Progress:
    """Handed to the work function: reports progress, tells it to stop, gives it a place for files."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last = 0.0
        self._parent = os.getppid()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL_S and done < total:
            return
        self._last = now
        if os.getppid() != self._parent:
            raise Orphaned
        # Only while running: a job stopped meanwhile keeps the reason its supervisor wrote.
        Job.update({Job.done: done, Job.total: total, Job.message: message}).where(
            (Job.id == self.job_id) & (Job.status == JobStatus.RUNNING)).run_sync()
        # Not .first().run_sync(): that would take the app's pool where there is one (app.jobs.supervisor._beat).
        row = next(iter(Job.select(Job.cancel_requested).where(Job.id == self.job_id).run_sync()), None)
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
