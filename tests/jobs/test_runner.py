"""Background jobs in real worker processes: progress, result file, failure, cancel, time limit."""

import asyncio

import pytest

from app.jobs import runner, supervisor
from app.jobs.kinds import JobStatus
from tests.conftest import sign_in

pytestmark = pytest.mark.usefixtures("db")


async def finished(job_id: int, timeout: float = 60) -> runner.JobView:
    """The job's outcome, once its work process has ended too: a process still being stopped would write its
    own «остановлена» into the next test's job of the same id (the tests empty the table, ids come back)."""
    async with asyncio.timeout(timeout):
        while not (job := await runner.get(job_id)).finished or job_id in supervisor._running:
            await asyncio.sleep(0.1)
    return job


async def test_job_reports_progress_and_leaves_its_file():
    job_id = await runner.submit("test", "tests.jobs.work:count", {"n": 50}, title="Счёт", user_id=None)
    job = await finished(job_id)
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 50, 50, 100)
    assert job.result == {"file": "count.txt", "lines": 50}
    assert runner.result_file(job).read_text().splitlines()[-1] == "50"


async def test_failure_is_reported_with_its_reason():
    job = await finished(await runner.submit("test", "tests.jobs.work:broken", {}, title="Сбой", user_id=None))
    assert (job.status, job.message) == (JobStatus.FAILED, "в списке нет ни одного гостя")


async def test_cancel_stops_a_cooperating_job():
    job_id = await runner.submit("test", "tests.jobs.work:count", {"n": 10_000, "pause": 0.01}, title="Долго",
                                 user_id=None)
    async with asyncio.timeout(30):
        while (await runner.get(job_id)).done == 0:
            await asyncio.sleep(0.1)
    await runner.cancel(job_id)
    job = await finished(job_id)
    assert job.status is JobStatus.CANCELLED and 0 < job.done < 10_000


async def test_time_limit_kills_a_job_that_does_not_listen():
    job_id = await runner.submit("test", "tests.jobs.work:stubborn", {}, title="Зависла", user_id=None,
                                 time_limit=2)
    job = await finished(job_id)
    assert job.status is JobStatus.FAILED and "Превышено время выполнения" in job.message


async def test_job_page_polls_until_done_and_then_offers_the_file(client):
    await sign_in(client, "protocol")
    job_id = await runner.submit("test", "tests.jobs.work:count", {"n": 5}, title="Пять строк", user_id=None)
    await finished(job_id)
    fragment = await client.get(f"/jobs/{job_id}", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="job"')
    assert "hx-trigger" not in fragment.text and f"/jobs/{job_id}/file" in fragment.text
    download = await client.get(f"/jobs/{job_id}/file")
    assert download.text == "1\n2\n3\n4\n5\n"


async def test_jobs_are_not_for_gate_staff(client):
    await sign_in(client, "gate")
    job_id = await runner.submit("test", "tests.jobs.work:count", {"n": 1}, title="Одна", user_id=None)
    assert (await client.get(f"/jobs/{job_id}")).status_code == 403
    await finished(job_id)
