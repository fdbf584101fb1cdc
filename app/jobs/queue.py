"""The job queue: huey, with its queue in Redis (production) or in an SQLite file beside the job results.

JOBS_QUEUE chooses: `sqlite` (default: `<jobs dir>/queue.sqlite`), `redis://host:6379/0`, or `inline`
(no queue and no worker: the app process supervises its jobs itself, in threads; the tests and a
single-process development server). `ceremonia worker` consumes the queue with JOBS_CONCURRENCY threads,
each supervising one job's work process, so at most that many jobs run at once.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab

from app.core.config import ConfigError
from app.core.i18n import gettext as _
from app.jobs import supervisor
from app.jobs.progress import jobs_root

# An idle SQLite queue is polled at least this often (huey backs off up to it); Redis blocks instead.
MAX_POLL_S = 0.5


def setting() -> str:
    value = os.environ.get("JOBS_QUEUE", "sqlite")
    if value in ("inline", "sqlite") or value.startswith(("redis://", "rediss://", "unix://")):
        return value
    raise ConfigError(f"JOBS_QUEUE={value!r}: ожидается sqlite, inline или redis://хост:6379/0.")


@cache
def _queue() -> tuple[Huey, Any]:
    value = setting()
    if value == "sqlite":
        jobs_root().mkdir(parents=True, exist_ok=True)
        huey: Huey = SqliteHuey("ceremonia", filename=str(jobs_root() / "queue.sqlite"), results=False)
    elif value == "inline":
        raise ConfigError("JOBS_QUEUE=inline: очереди нет, задачи выполняет сам процесс приложения.")
    else:
        huey = RedisHuey("ceremonia", url=value, results=False)
    task = huey.task(name="ceremonia.job")(supervisor.supervise)
    huey.periodic_task(crontab(minute="*"), name="ceremonia.housekeeping")(_housekeeping)
    return huey, task


def _housekeeping() -> None:
    supervisor.reap_stale()
    supervisor.remove_old_results()


def enqueue(job_id: int, target: str, params: dict[str, Any], time_limit: float) -> None:
    _queue()[1](job_id, target, params, time_limit)


def run_worker(workers: int | None = None) -> None:
    """The `ceremonia worker` process: reaps the jobs of dead workers, then consumes until SIGTERM/SIGINT.
    SIGTERM stops the running jobs at once and marks them failed; SIGINT lets them finish first."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    huey = _queue()[0]
    reaped = supervisor.reap_stale()
    removed = supervisor.remove_old_results()
    count = workers or supervisor.concurrency()
    logging.getLogger("ceremonia.worker").info(
        "jobs: %d at once, queue %s; %d stale jobs marked failed, %d old result folders removed",
        count, huey.storage.__class__.__name__, reaped, removed)
    consumer = huey.create_consumer(workers=count, worker_type="thread", max_delay=MAX_POLL_S,
                                    check_worker_health=True)
    consumer.run()
    stopped = supervisor.stop_all(_("Задача остановлена: обработчик задач завершил работу. Запустите её снова."))
    logging.getLogger("ceremonia.worker").info("stopped; %d running jobs marked failed", stopped)
