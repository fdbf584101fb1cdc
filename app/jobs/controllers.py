from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import File, Template

from app.core.roles import PLAN_EDITORS
from app.jobs import runner
from app.web.guards import requires_role
from app.web.render import render


async def _own_job(request: HTMXRequest, job_id: int) -> runner.JobView:
    """A job and its file are seen by the one who started it and by the protocol department."""
    job = await runner.get(job_id)
    if job is None:
        raise NotFoundException
    if job.created_by not in (None, request.user.account_id) and request.user.role not in PLAN_EDITORS:
        raise PermissionDeniedException
    return job


class JobController(Controller):
    path = "/jobs"
    guards = [requires_role(PLAN_EDITORS)]

    @get("/{job_id:int}")
    async def show(self, request: HTMXRequest, job_id: int) -> Template | Response:
        job = await _own_job(request, job_id)
        if request.htmx and job.finished and job.result.get("link"):
            # A job whose result is a page (a solved roster) takes the polling page there.
            return Response(content="", headers={"HX-Redirect": job.result["link"]})
        return render(request, "jobs/job.html", "job", job=job)

    @post("/{job_id:int}/cancel", status_code=200)
    async def cancel(self, request: HTMXRequest, job_id: int) -> Template:
        await _own_job(request, job_id)
        await runner.cancel(job_id)
        return render(request, "jobs/job.html", "job", job=await _own_job(request, job_id))

    @get("/{job_id:int}/file")
    async def file(self, request: HTMXRequest, job_id: int) -> File | Response:
        path = runner.result_file(await _own_job(request, job_id))
        if path is None:
            raise NotFoundException
        return File(path=path, filename=path.name)
