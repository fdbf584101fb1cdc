from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.numbers import whole, wholes
from app.core.roles import PLAN_EDITORS, Role
from app.events import services as events
from app.jobs import runner
from app.seating.kinds import PLAN_STATUS_LABELS, SOLVER_STATUS_LABELS, PlanStatus
from app.seating.plan import editing, presidium, services, solving, versions
from app.web.guards import requires_role
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]
# The plan names every guest: those who may read the guest lists.
READERS = [requires_role({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})]


def _number(form, name: str) -> int:
    return whole(form.get(name)) or 0


class SeatingController(Controller):
    """A ceremony's seating plan: the hall, the presidium, pairs apart, solving, edits on the scheme, publishing."""

    path = "/ceremonies/{ceremony_id:int}/seating"
    guards = READERS

    async def _page(self, request: HTMXRequest, ceremony_id: int, block: str = "plan", status_code: int = 200,
                    **extra) -> Template:
        ceremony = await found(events.get_ceremony(ceremony_id))
        context = {"ceremony": ceremony, "view": await services.plan_view(ceremony_id),
                   "can_edit": request.user.role in PLAN_EDITORS, "job": None, "message": "",
                   "PLAN_STATUS_LABELS": PLAN_STATUS_LABELS, "SEATING_STATUS_LABELS": SOLVER_STATUS_LABELS,
                   "found_guests": [], "query": "", "target": "", "suggestion": None, **extra}
        return render(request, "seating/plan.html", block, status_code=status_code, **context)

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int, job: int | None = None) -> Template:
        running = await runner.get(job) if job else None
        return await self._page(request, ceremony_id,
                                job=running if running and running.kind == solving.JOB_KIND else None)

    @post("/hall", guards=EDITORS, status_code=200)
    async def hall(self, request: HTMXRequest, ceremony_id: int) -> Response:
        await found(events.get_ceremony(ceremony_id))
        form = await request.form()
        await found(services.choose_hall(ceremony_id, _number(form, "hall"), form.get("allow_partial") == "on"))
        return go(request, f"/ceremonies/{ceremony_id}/seating")

    @post("/solve", guards=EDITORS, status_code=200)
    async def solve(self, request: HTMXRequest, ceremony_id: int) -> Response:
        ceremony = await found(events.get_ceremony(ceremony_id))
        settings = await found(services.plan_settings(ceremony_id))
        seconds = _number(await request.form(), "seconds") or settings.solve_seconds
        job_id = await solving.submit(ceremony_id, ceremony.title, request.user.account_id,
                                      min(max(seconds, 1), solving.MAX_SECONDS))
        return go(request, f"/ceremonies/{ceremony_id}/seating?job={job_id}")

    @post("/seats", guards=EDITORS, status_code=200)
    async def seats(self, request: HTMXRequest, ceremony_id: int) -> Template:
        """The scheme's click-click and drag edits: the guest by id or by the seat they hold, the action named."""
        form = await request.form()
        guest = _number(form, "guest") or await services.guest_on(ceremony_id, _number(form, "from_seat"))
        action, seat, other = form.get("action", ""), _number(form, "seat"), _number(form, "other")
        if not guest:
            raise NotFoundException
        if action == "place":
            edit = await found(editing.place(ceremony_id, guest, seat))
        elif action == "swap":
            edit = await found(editing.swap(ceremony_id, guest, other))
        elif action == "pin":
            edit = await found(editing.toggle_pin(ceremony_id, guest))
        elif action == "unseat":
            edit = await found(editing.unseat(ceremony_id, guest))
        else:
            raise NotFoundException
        return await self._page(request, ceremony_id, status_code=200 if edit.ok else 422, message=edit.message)

    @post("/presidium", guards=EDITORS, status_code=200)
    async def presidium(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        """«Предложить» shows the suggestion beside the list; any other action changes the presidium (and so the
        stage's seats: the whole page), or on an approved plan proposes to."""
        form = await request.form()
        action = form.get("action", "")
        if action == "suggest":
            suggestion = await found(presidium.suggest(ceremony_id))
            return await self._page(request, ceremony_id, block="settings", suggestion=suggestion)
        guests = wholes(form.getall("guest", []))
        await found(services.change_presidium(ceremony_id, action, guests))
        return go(request, f"/ceremonies/{ceremony_id}/seating")

    @post("/proposal", guards=EDITORS, status_code=200)
    async def proposal(self, request: HTMXRequest, ceremony_id: int) -> Response:
        """«Применить» or «Отменить» the pending change of an approved plan."""
        if (await request.form()).get("action") == "apply":
            await found(services.apply_proposal(ceremony_id))
        else:
            await versions.discard(ceremony_id)
        return go(request, f"/ceremonies/{ceremony_id}/seating")

    @post("/versions/{version_id:int}/restore", guards=EDITORS, status_code=200)
    async def restore(self, request: HTMXRequest, ceremony_id: int, version_id: int) -> Response:
        await found(versions.restore(ceremony_id, version_id))
        return go(request, f"/ceremonies/{ceremony_id}/seating")

    @post("/apart", guards=EDITORS, status_code=200)
    async def add_apart(self, request: HTMXRequest, ceremony_id: int) -> Template:
        form = await request.form()
        edit = await found(editing.add_apart(ceremony_id, _number(form, "first"), _number(form, "second"),
                                             form.get("note", "")))
        return await self._page(request, ceremony_id, block="settings", status_code=200 if edit.ok else 422,
                                apart_error=edit.message)

    @post("/apart/{pair_id:int}/delete", guards=EDITORS, status_code=200)
    async def remove_apart(self, request: HTMXRequest, ceremony_id: int, pair_id: int) -> Template:
        await found(editing.remove_apart(ceremony_id, pair_id))
        return await self._page(request, ceremony_id, block="settings")

    @get("/guests", guards=EDITORS)
    async def guests(self, request: HTMXRequest, ceremony_id: int, q: str = "", target: str = "presidium") -> Template:
        """The guest picker: the ceremony's guests by name, for the presidium or a pair apart."""
        return await self._page(request, ceremony_id, block="picker", target=target,
                                query=q, found_guests=await services.search_guests(ceremony_id, q))

    @post("/publish", guards=EDITORS, status_code=200)
    async def publish(self, request: HTMXRequest, ceremony_id: int) -> Template:
        draft = (await request.form()).get("status") == PlanStatus.DRAFT
        await found(services.set_status(ceremony_id, PlanStatus.DRAFT if draft else PlanStatus.PUBLISHED))
        return await self._page(request, ceremony_id)
