"""The guest registry's pages: the list with live search, a person, categories, import step by step."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.audit import services as audit
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.numbers import whole
from app.core.roles import PLAN_EDITORS, REGISTRY_READERS
from app.events.services import upcoming
from app.guests import batches, declined, importing, services
from app.guests.kinds import PersonStatus
from app.imports.steps import ImportSteps, Pages
from app.invitations.services import add_by_filter, person_invitations
from app.web.files import XLSX, file_response
from app.web.guards import requires_role
from app.web.render import found, go, render

EDITORS = [requires_role(PLAN_EDITORS)]


def can_edit(request: HTMXRequest) -> bool:
    return request.user.role in PLAN_EDITORS


class RegistryController(Controller):
    path = "/guests"
    guards = [requires_role(REGISTRY_READERS)]

    @get("/")
    async def index(self, request: HTMXRequest, page: int = 1) -> Template:
        chosen = services.RegistryFilter.from_params(request.query_params)
        whole_page = not request.htmx or request.htmx.history_restore_request  # a keystroke needs only the list
        return render(request, "guests/registry.html", "registry", f=chosen,
                      result=await services.search(chosen, page=page),
                      categories=await services.categories() if whole_page else [],
                      organisations=await services.organisations() if whole_page else [],
                      batches=await batches.batches() if whole_page else [],
                      can_edit=can_edit(request))

    @get("/export.xlsx")
    async def export(self, request: HTMXRequest) -> Response:
        chosen = services.RegistryFilter.from_params(request.query_params)
        return file_response(await services.export_registry(chosen), "registry.xlsx", XLSX, inline=False)

    @get("/invite", guards=EDITORS)
    async def invite_form(self, request: HTMXRequest) -> Template:
        """Everyone the registry's current filter finds, onto a ceremony's invitation list."""
        return await self._invite(request, services.RegistryFilter.from_params(request.query_params))

    @post("/invite", guards=EDITORS, status_code=200)
    async def invite(self, request: HTMXRequest) -> Template:
        form = await request.form()
        chosen = services.RegistryFilter.from_params(form)
        ceremony = whole(str(form.get("ceremony", "")))
        if ceremony is None:
            return await self._invite(request, chosen, error=_("Выберите церемонию."), status_code=422)
        added = await found(add_by_filter(ceremony, chosen))
        return await self._invite(request, chosen, ceremony_id=ceremony, message=added.message if not chosen.empty
                                  else _("Никого не добавлено: задайте отбор в реестре."))

    async def _invite(self, request: HTMXRequest, chosen: services.RegistryFilter, *, ceremony_id: int | None = None,
                      message: str = "", error: str = "", status_code: int = 200) -> Template:
        return render(request, "guests/invite.html", "invite", status_code=status_code, f=chosen,
                      total=(await services.search(chosen, per_page=1)).total if not chosen.empty else 0,
                      ceremonies=await upcoming(days=365), ceremony_id=ceremony_id, message=message, error=error)

    @get("/pick")
    async def pick(self, request: HTMXRequest, q: str = "", name: str = "person", exclude: int = 0,
                   multi: bool = False) -> Template:
        """Radio buttons of the persons whose name fits: for links and for adding one guest to a list."""
        return render(request, "guests/_pick.html", "pick", people=await services.pick(q, exclude=exclude or None),
                      q=q, multi=multi, field=name if name.isidentifier() else "person")

    async def _form(self, request: HTMXRequest, *, values: dict, errors: dict, person=None,
                    status_code: int = 200, similar=()) -> Template:
        return render(request, "guests/person.html", "person_form", status_code=status_code, values=values,
                      errors=errors, person=person, categories=await services.categories(),
                      can_edit=can_edit(request), similar=similar, link_errors={}, link_values={})

    @get("/new", guards=EDITORS)
    async def new(self, request: HTMXRequest) -> Template:
        values = {"gender": "", "status": PersonStatus.ACTIVE.value, "category": "", "precedence": ""}
        return await self._form(request, values=values, errors={})

    @post("/", guards=EDITORS, status_code=200)
    async def create(self, request: HTMXRequest) -> Template | Response:
        form = dict(await request.form())
        saved = await services.save_person(form)
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, status_code=422,
                                    similar=await services.same_name(form))
        return go(request, f"/guests/{saved.id}")

    @get("/{person_id:int}")
    async def show(self, request: HTMXRequest, person_id: int) -> Template:
        return await self._page(request, person_id)

    async def _page(self, request: HTMXRequest, person_id: int, block: str = "person_form", *,
                    status_code: int = 200, link_errors: dict | None = None,
                    link_values: dict | None = None, declined_errors: dict | None = None) -> Template:
        """The person's page, or one block of it for HTMX (a plain post that fails needs the whole page)."""
        person = await found(services.get_person(person_id))

        return render(request, "guests/person.html", block, status_code=status_code, values=person.form_values(),
                      errors={}, person=person, categories=await services.categories(), can_edit=can_edit(request),
                      similar=await services.same_name(person.form_values(), person_id),
                      link_errors=link_errors or {}, link_values=link_values or {},
                      declined_forms=await declined.forms(person_id), declined_errors=declined_errors or {},
                      invitations=await person_invitations(person_id), history=await audit.history("person", person_id))

    @post("/{person_id:int}", guards=EDITORS, status_code=200)
    async def update(self, request: HTMXRequest, person_id: int) -> Template | Response:
        person = await found(services.get_person(person_id))
        form = dict(await request.form())
        saved = await found(services.save_person(form, person_id))
        if not saved.ok:
            return await self._form(request, values=form, errors=saved.errors, person=person, status_code=422)
        return go(request, f"/guests/{person_id}")

    @post("/{person_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, person_id: int) -> Response:
        await found(services.get_person(person_id))
        await services.delete_person(person_id)
        return go(request, "/guests/")

    async def _links(self, request: HTMXRequest, person_id: int, *, errors: dict, values: dict,
                     status_code: int = 200) -> Template:
        return await self._page(request, person_id, "links", status_code=status_code, link_errors=errors,
                                link_values=values)

    @post("/{person_id:int}/links", guards=EDITORS, status_code=200)
    async def add_link(self, request: HTMXRequest, person_id: int) -> Template | Response:
        await found(services.get_person(person_id))
        form = dict(await request.form())
        saved = await services.add_link(person_id, form)
        if not saved.ok:
            return await self._links(request, person_id, errors=saved.errors, values=form, status_code=422)
        if request.htmx:
            return await self._links(request, person_id, errors={}, values={})
        return go(request, f"/guests/{person_id}#links")

    @post("/{person_id:int}/declined", guards=EDITORS, status_code=200)
    async def correct_declined(self, request: HTMXRequest, person_id: int) -> Template | Response:
        """The officer's forms of the name in the cases: they win over the library on every paper."""
        saved = await found(declined.save_corrections(person_id, dict(await request.form())))
        if request.htmx or not saved.ok:
            return await self._page(request, person_id, "declined", declined_errors=saved.errors,
                                    status_code=200 if saved.ok else 422)
        return go(request, f"/guests/{person_id}#declined")

    @post("/{person_id:int}/links/{link_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete_link(self, request: HTMXRequest, person_id: int, link_id: int) -> Template | Response:
        await services.delete_link(person_id, link_id)
        if request.htmx:
            return await self._links(request, person_id, errors={}, values={})
        return go(request, f"/guests/{person_id}#links")


class CategoryController(Controller):
    path = "/guests/categories"
    guards = [requires_role(REGISTRY_READERS)]

    async def _page(self, request: HTMXRequest, *, errors: dict | None = None, values: dict | None = None,
                    editing: int | None = None, status_code: int = 200) -> Template:
        return render(request, "guests/categories.html", "categories", status_code=status_code,
                      categories=await services.categories(with_counts=True), errors=errors or {},
                      values=values or {"precedence": "100"}, editing=editing, can_edit=can_edit(request))

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        return await self._page(request)

    @post("/", guards=EDITORS, status_code=200)
    async def create(self, request: HTMXRequest) -> Template | Response:
        form = dict(await request.form())
        saved = await services.save_category(form)
        if not saved.ok:
            return await self._page(request, errors=saved.errors, values=form, status_code=422)
        return await self._page(request) if request.htmx else go(request, "/guests/categories/")

    @post("/{category_id:int}", guards=EDITORS, status_code=200)
    async def update(self, request: HTMXRequest, category_id: int) -> Template | Response:
        form = dict(await request.form())
        saved = await found(services.save_category(form, category_id))
        if not saved.ok:
            return await self._page(request, errors=saved.errors, values=form, editing=category_id, status_code=422)
        return await self._page(request) if request.htmx else go(request, "/guests/categories/")

    @post("/{category_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, category_id: int) -> Template | Response:
        await services.delete_category(category_id)
        return await self._page(request) if request.htmx else go(request, "/guests/categories/")


class ImportController(ImportSteps):
    path = "/guests/import"
    guards = EDITORS
    flow = importing.FLOW
    pages = Pages(
        back="/guests/", back_label=N_("Реестр гостей"), back_button=N_("К реестру"),
        upload_title=N_("Загрузка списка"), upload_heading=N_("Загрузка списка в реестр"),
        upload_note=N_("Ничего не запишется в реестр, пока вы не проверите данные и не нажмёте «Загрузить»."),
        field_header=N_("Поле реестра"), apply_label=N_("Загрузить в реестр"), report_heading=N_("Итог загрузки"),
        parts="guests/_import.html",
    )
