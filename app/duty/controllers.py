from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.numbers import page_within, whole
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, PLAN_READERS
from app.duty import editing, prints, roster, services, solving
from app.duty.kinds import QUALIFICATIONS, RosterStatus
from app.events import services as events
from app.jobs import runner
from app.web.files import file_response
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params, form_pages_guard
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]
PER_PAGE = 50



def _staff_values(staff: services.StaffView | None) -> dict:
    if staff is None:
        return {"full_name": "", "department": "", "phone": "", "gender": "", "max_hours_per_day": "8",
                "notes": "", "languages": ""}
    values = {"full_name": staff.full_name, "department": staff.department, "phone": staff.phone,
              "gender": staff.gender, "max_hours_per_day": str(staff.max_hours_per_day), "notes": staff.notes,
              "languages": ", ".join(staff.languages)}
    values.update({f"q_{q}": "on" for q in staff.qualifications if q in QUALIFICATIONS})
    return values


class StaffController(ItemFormsController):
    path = "/duty/staff"
    guards = [requires_role(PLAN_READERS)]
    form_guards = EDITORS
    template, block, item_name = "duty/staff_form.html", "staff_form", "staff_id"

    @get("/")
    async def index(self, request: HTMXRequest, q: str = "", department: str = "", page: int = 1) -> Template:
        staff, total = await services.staff_page(q, department, page=page, per_page=PER_PAGE)
        return render(request, "duty/staff.html", "staff_list", staff=staff, total=total, q=q,
                      department=department, departments=await services.departments(),
                      page=page_within(page, total, PER_PAGE),
                      pages=max(1, -(-total // PER_PAGE)), can_edit=request.user.role in PLAN_EDITORS)

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return _staff_values(await services.get_staff(item_id) if item_id else None)

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await services.save_staff(form, item_id)

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        availability = await services.availability(item_id) if item_id else []
        return {"availability": availability, "availability_errors": {}, "qualifications": QUALIFICATIONS,
                "departments": await services.departments()}

    async def back(self, params: Params, item_id: int | None) -> str:
        return "/duty/staff/"

    async def created(self, params: Params, item_id: int) -> str:
        return f"/duty/staff/{item_id}"

    @get("/{item_id:int}", guards=[form_pages_guard])
    async def edit(self, request: HTMXRequest, item_id: int) -> Template:
        """The staff member's form is their page."""
        return await self._edit(request, item_id)

    delete = None  # a staff member is not deleted here

    async def _availability(self, request: HTMXRequest, staff_id: int, errors: Mapping[str, str],
                            status_code: int = 200) -> Template:
        """The availability block, or the whole page (a plain form post that did not validate)."""
        context = await self.context({}, staff_id)
        return render(request, self.template, "availability", status_code=status_code,
                      values=await self.values({}, staff_id), errors={}, staff_id=staff_id,
                      **{**context, "availability_errors": errors})

    @post("/{staff_id:int}/availability", guards=EDITORS, status_code=200)
    async def add_availability(self, request: HTMXRequest, staff_id: int) -> Template | Response:
        await found(services.get_staff(staff_id))
        saved = await services.add_availability(staff_id, dict(await request.form()))
        if not saved.ok:
            return await self._availability(request, staff_id, saved.errors, status_code=422)
        if request.htmx:
            return await self._availability(request, staff_id, {})
        return go(request, f"/duty/staff/{staff_id}#availability")

    @post("/{staff_id:int}/availability/{availability_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete_availability(self, request: HTMXRequest, staff_id: int, availability_id: int
                                  ) -> Template | Response:
        await found(services.get_staff(staff_id))
        await services.delete_availability(staff_id, availability_id)
        if request.htmx:
            return await self._availability(request, staff_id, {})
        return go(request, f"/duty/staff/{staff_id}#availability")


def _post_values(p: services.PostView | None, default_day: str) -> dict:
    if p is None:
        return {"name": "", "place": "", "starts_at": f"{default_day}T08:00", "ends_at": f"{default_day}T12:00",
                "slot_minutes": "30", "min_headcount": "1", "desired_headcount": "2", "gender": "", "language": "",
                "min_stretch_minutes": "", "shifts": ""}
    values = {"name": p.name, "place": p.place, "starts_at": f"{p.starts_at:%Y-%m-%dT%H:%M}",
              "ends_at": f"{p.ends_at:%Y-%m-%dT%H:%M}", "slot_minutes": str(p.slot_minutes),
              "min_headcount": str(p.min_headcount), "desired_headcount": str(p.desired_headcount),
              "gender": p.gender, "shifts": p.shift_text,
              "min_stretch_minutes": "" if p.min_stretch_minutes is None else str(p.min_stretch_minutes),
              "language": next((k.removeprefix(services.LANGUAGE_PREFIX) for k in p.requirements
                                if k.startswith(services.LANGUAGE_PREFIX)), "")}
    values.update({f"req_{q}": str(n) for q, n in p.requirements.items() if q in QUALIFICATIONS})
    return values


class PostController(ItemFormsController):
    path = "/ceremonies/{ceremony_id:int}/posts"
    guards = EDITORS
    template, block, item_name = "duty/post_form.html", "post_form", "post_id"

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        if item_id is None:
            ceremony = await events.get_ceremony(params["ceremony_id"])
            return _post_values(None, ceremony.starts_at.date().isoformat())
        post_view = await services.get_post(item_id)
        if post_view.ceremony_id != params["ceremony_id"]:
            raise NotFoundException
        return _post_values(post_view, "")

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await services.save_post(form, ceremony_id=params["ceremony_id"], post_id=item_id)

    async def remove(self, params: Params, item_id: int) -> str | None:
        await services.delete_post(params["ceremony_id"], item_id)
        return None

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"ceremony": await events.get_ceremony(params["ceremony_id"]), "qualifications": QUALIFICATIONS}

    async def back(self, params: Params, item_id: int | None) -> str:
        return f"/ceremonies/{params['ceremony_id']}/duty"

    @post("/copy", status_code=200)
    async def copy(self, request: HTMXRequest, ceremony_id: int) -> Response:
        form = await request.form()
        source = whole(form.get("source")) or 0
        await found(services.copy_posts(source, ceremony_id))
        return go(request, f"/ceremonies/{ceremony_id}/duty")


class DutyController(Controller):
    """A ceremony's duty: posts, the roster grid, the briefing, and the prints."""

    path = "/ceremonies/{ceremony_id:int}/duty"
    guards = [requires_role(PLAN_READERS)]

    async def _page(self, request: HTMXRequest, ceremony_id: int, block: str = "roster", status_code: int = 200,
                    **extra) -> Template:
        ceremony = await found(events.get_ceremony(ceremony_id))
        others = [c for c in await events.ceremonies_between(ceremony.starts_at.date().replace(month=1, day=1)
                                                             .replace(year=ceremony.starts_at.year - 1),
                                                             ceremony.starts_at.date())
                  if c.id != ceremony_id]
        context = {"ceremony": ceremony, "view": await roster.roster_view(ceremony_id),
                   "faults": await editing.faults(ceremony_id),
                   "rules": await services.duty_rules(ceremony_id), "rules_errors": {},
                   "briefing": await services.briefing_text(ceremony_id),
                   "acknowledged": await services.acknowledgments(ceremony_id), "copy_sources": others,
                   "can_edit": request.user.role in PLAN_EDITORS, "job": None, "message": "", **extra}
        return render(request, "duty/roster.html", block, status_code=status_code, **context)

    @get("/")
    async def show(self, request: HTMXRequest, ceremony_id: int, job: int | None = None) -> Template:
        running = await runner.get(job) if job else None
        return await self._page(request, ceremony_id, job=running if running and running.kind == solving.JOB_KIND
                                else None)

    async def _solve(self, request: HTMXRequest, ceremony_id: int, *, replan: bool) -> Template | Response:
        ceremony = await found(events.get_ceremony(ceremony_id))
        partial = (await request.form()).get("partial") == "on"
        job_id = await solving.submit(ceremony_id, ceremony.title, request.user.account_id, replan=replan,
                                      partial=partial)
        return go(request, f"/ceremonies/{ceremony_id}/duty/?job={job_id}")

    @post("/solve", guards=EDITORS, status_code=200)
    async def solve(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        return await self._solve(request, ceremony_id, replan=False)

    @post("/replan", guards=EDITORS, status_code=200)
    async def replan(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        return await self._solve(request, ceremony_id, replan=True)

    @post("/publish", guards=EDITORS, status_code=200)
    async def publish(self, request: HTMXRequest, ceremony_id: int) -> Template:
        await found(events.get_ceremony(ceremony_id))
        draft = (await request.form()).get("status") == RosterStatus.DRAFT
        await editing.set_status(ceremony_id, RosterStatus.DRAFT if draft else RosterStatus.PUBLISHED)
        return await self._page(request, ceremony_id)

    @post("/no-show", guards=EDITORS, status_code=200)
    async def no_show(self, request: HTMXRequest, ceremony_id: int) -> Template:
        form = await request.form()
        await found(events.get_ceremony(ceremony_id))
        staff = await found(services.get_staff(whole(form.get("staff")) or 0))
        await editing.mark_no_show(ceremony_id, staff.id, form.get("absent") != "0")
        return await self._page(request, ceremony_id)

    @post("/cells", guards=EDITORS, status_code=200)
    async def edit_cells(self, request: HTMXRequest, ceremony_id: int) -> Template:
        """One handler for the grid's click-click and drag edits: the form names the action."""
        form = await request.form()
        action, cell = form.get("action", ""), whole(form.get("cell")) or 0
        if action == "move":
            try:
                slot = datetime.fromisoformat(form.get("slot", ""))
            except ValueError:
                raise ValidationException from None  # the 400 page says a value cannot be read
            edit = await found(editing.move(ceremony_id, cell, whole(form.get("post")) or 0, slot))
        elif action == "swap":
            edit = await found(editing.swap(ceremony_id, cell, whole(form.get("other")) or 0))
        elif action == "pin":
            edit = await found(editing.toggle_pin(ceremony_id, cell))
        elif action == "remove":
            edit = await found(editing.remove(ceremony_id, cell))
        else:
            raise NotFoundException
        return await self._page(request, ceremony_id, status_code=200 if edit.ok else 422, message=edit.message)

    @post("/rules", guards=EDITORS, status_code=200)
    async def rules(self, request: HTMXRequest, ceremony_id: int) -> Template:
        """The ceremony's arrival, break and stretches a day: the next solve keeps them."""
        await found(events.get_ceremony(ceremony_id))
        form = dict(await request.form())
        saved = await found(services.save_duty_rules(ceremony_id, form))
        if not saved.ok:
            return await self._page(request, ceremony_id, block="rules", status_code=422, rules_errors=saved.errors,
                                    rules_form=form)
        return await self._page(request, ceremony_id, block="rules", rules_saved=True)

    @post("/briefing", guards=EDITORS, status_code=200)
    async def briefing(self, request: HTMXRequest, ceremony_id: int) -> Template:
        await found(events.get_ceremony(ceremony_id))
        form = await request.form()
        await services.save_briefing(ceremony_id, form.get("text", ""))
        return await self._page(request, ceremony_id, block="briefing", saved=True)

    @get("/roster.pdf")
    async def roster_pdf(self, ceremony_id: int, by: str = "post") -> Response:
        return file_response(await found(prints.roster_pdf(ceremony_id, by)), f"roster-{ceremony_id}-{by}.pdf")

    @get("/acknowledgment.pdf")
    async def acknowledgment_pdf(self, ceremony_id: int) -> Response:
        return file_response(await found(prints.acknowledgment_pdf(ceremony_id)), f"briefing-{ceremony_id}.pdf")
