"""The invitation list of a ceremony and one invitation's page: add, issue, answer, substitute, reprint, print."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.audit import services as audit
from app.core.i18n import gettext as _
from app.core.numbers import whole, wholes
from app.core.roles import PLAN_EDITORS, REGISTRY_READERS
from app.events import services as events
from app.guests import batches as import_batches
from app.guests import services as registry
from app.invitations import printing, services
from app.invitations.tokens import invitation_url
from app.jobs import runner
from app.web.files import XLSX, file_response
from app.web.guards import requires_role
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]


class InvitationListController(Controller):
    path = "/ceremonies/{ceremony_id:int}/invitations"
    guards = [requires_role(REGISTRY_READERS)]

    async def _page(self, request: HTMXRequest, ceremony_id: int, *, block: str = "workspace", message: str = "",
                    setup_errors: dict | None = None, setup_values: dict | None = None, job=None,
                    status_code: int = 200) -> Template:
        ceremony = await found(events.get_ceremony(ceremony_id))
        chosen = services.ListFilter.from_params(request.query_params)
        page = whole(request.query_params.get("page")) or 1
        setup = await services.get_setup(ceremony_id)
        result = await services.invitation_list(ceremony_id, chosen, page=page)
        shown = [row.id for i in result.rows for row in (i, *i.companions)]
        return render(request, "invitations/list.html", block, status_code=status_code, ceremony=ceremony,
                      f=chosen, result=result, outdated=await printing.outdated(shown),
                      # the print box is in the workspace: a live filter's rows need not count every card
                      to_reprint=len(await printing.changed_since_printed(ceremony_id))
                      if block == "workspace" or not request.htmx else 0,
                      counters=await services.counters(ceremony_id), categories=await registry.categories(),
                      batches=await import_batches.batches(),
                      message=message, setup=setup, setup_errors=setup_errors or {},
                      setup_values=setup_values or setup.__dict__, job=job, can_edit=request.user.role in PLAN_EDITORS)

    @get("/")
    async def index(self, request: HTMXRequest, ceremony_id: int) -> Template:
        return await self._page(request, ceremony_id, block="workspace")

    @get("/list")
    async def rows(self, request: HTMXRequest, ceremony_id: int) -> Template:
        """Only the table, for the live filter."""
        return await self._page(request, ceremony_id, block="invitations")

    @get("/export.xlsx")
    async def export(self, ceremony_id: int) -> Response:
        await found(events.get_ceremony(ceremony_id))
        return file_response(await printing.list_xlsx(ceremony_id), f"invitations-{ceremony_id}.xlsx", XLSX,
                             inline=False)

    @post("/add", guards=EDITORS, status_code=200)
    async def add(self, request: HTMXRequest, ceremony_id: int) -> Template:
        form = await request.form()
        how = form.get("how", "")
        if how == "category":
            category = str(form.get("category", ""))
            number = whole(category)
            added = await found(services.add_by_category(ceremony_id, number)) if number is not None else None
        elif how == "filter":
            added = await found(services.add_by_filter(ceremony_id, registry.RegistryFilter.from_params(form)))
        else:
            ids = wholes(form.getall("person", []))
            added = await found(services.add_persons(ceremony_id, ids))
        message = added.message if added and (added.added or added.already or added.refused) else ""
        return await self._page(request, ceremony_id, message=message or _(
            "Никого не добавлено: выберите категорию, задайте отбор или отметьте людей."))

    @post("/setup", guards=EDITORS, status_code=200)
    async def setup(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(services.save_setup(ceremony_id, form))
        if not saved.ok:
            return await self._page(request, ceremony_id, block="setup_form", setup_errors=saved.errors,
                                    setup_values=form, status_code=422)
        if request.htmx:
            return await self._page(request, ceremony_id, block="setup_form", message=_("Сохранено."))
        return go(request, f"/ceremonies/{ceremony_id}/invitations/")

    @post("/print", guards=EDITORS, status_code=200)
    async def print_batch(self, request: HTMXRequest, ceremony_id: int) -> Template | Response:
        ceremony = await found(events.get_ceremony(ceremony_id))
        changed_only = (await request.form()).get("changed_only") == "1"
        job_id = await printing.submit_batch(ceremony, request.user.account_id, changed_only=changed_only)
        if request.htmx:
            return render(request, "jobs/job.html", "job", job=await runner.get(job_id))
        return go(request, f"/jobs/{job_id}")


class InvitationController(Controller):
    path = "/invitations/{invitation_id:int}"
    guards = [requires_role(REGISTRY_READERS)]

    async def _page(self, request: HTMXRequest, invitation_id: int, *, errors: dict | None = None,
                    values: dict | None = None, message: str = "", status_code: int = 200) -> Template:
        invitation = await found(services.get_invitation(invitation_id))
        ceremony = await events.get_ceremony(invitation.ceremony_id)
        return render(request, "invitations/invitation.html", "invitation", status_code=status_code,
                      invitation=invitation, ceremony=ceremony, errors=errors or {}, values=values or {},
                      message=message, tokens=await services.tokens(invitation_id),
                      history=await services.history(invitation),
                      changes_log=await audit.history("invitation", invitation_id),
                      suggested=await services.suggested_companions(invitation),
                      setup=await services.get_setup(invitation.ceremony_id),
                      url=invitation_url(invitation.token) if invitation.token else "",
                      can_edit=request.user.role in PLAN_EDITORS)

    async def _after(self, request: HTMXRequest, invitation_id: int, saved, form: dict, *,
                     target: int | None = None) -> Template | Response:
        if not saved.ok:
            return await self._page(request, invitation_id, errors=saved.errors, values=form, status_code=422)
        target = target or invitation_id
        if request.htmx and target == invitation_id:
            return await self._page(request, invitation_id)
        return go(request, f"/invitations/{target}")

    @get("/")
    async def show(self, request: HTMXRequest, invitation_id: int) -> Template:
        return await self._page(request, invitation_id)

    @post("/status", guards=EDITORS, status_code=200)
    async def status(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        form = dict(await request.form())
        return await self._after(request, invitation_id, await found(services.set_status(invitation_id, form)), form)

    @post("/issue", guards=EDITORS, status_code=200)
    async def issue(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(services.issue(invitation_id, form, request.user.account_id))
        return await self._after(request, invitation_id, saved, form)

    @post("/entrance", guards=EDITORS, status_code=200)
    async def entrance(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        form = dict(await request.form())
        return await self._after(request, invitation_id, await found(services.save_entrance(invitation_id, form)),
                                 form)

    @post("/companions", guards=EDITORS, status_code=200)
    async def companion(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(services.add_companion(invitation_id, form))
        return await self._after(request, invitation_id, saved, form, target=invitation_id if saved.ok else None)

    @post("/substitute", guards=EDITORS, status_code=200)
    async def substitute(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(services.substitute(invitation_id, form))
        return await self._after(request, invitation_id, saved, form, target=saved.id)

    @post("/reprint", guards=EDITORS, status_code=200)
    async def reprint(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        form = dict(await request.form())
        try:
            await found(services.reprint(invitation_id, form))
        except ValueError as error:
            return await self._page(request, invitation_id, errors={"reason": str(error)}, values=form,
                                    status_code=422)
        if request.htmx:
            return await self._page(request, invitation_id, message=_("Выпущен новый код; старый больше не действует."))
        return go(request, f"/invitations/{invitation_id}")

    @post("/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, invitation_id: int) -> Template | Response:
        try:
            ceremony_id = await found(services.remove(invitation_id))
        except ValueError as error:
            return await self._page(request, invitation_id, errors={"delete": str(error)}, status_code=422)
        return go(request, f"/ceremonies/{ceremony_id}/invitations/")

    # The card and the envelope carry the guest page's token (a QR code): only those who issue invitations.
    @get("/card.pdf", guards=EDITORS)
    async def card(self, invitation_id: int, size: str = "") -> Response:
        content = await found(printing.card_pdf(invitation_id, printing.card_size(size)))
        return file_response(content, f"invitation-{invitation_id}.pdf")

    @get("/envelope.pdf", guards=EDITORS)
    async def envelope(self, invitation_id: int, format: str = "C5") -> Response:  # noqa: A002
        content = await found(printing.envelope_pdf(invitation_id, printing.envelope_format(format)))
        return file_response(content, f"envelope-{invitation_id}.pdf")
