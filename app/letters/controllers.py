"""Letters to interested bodies: the register of outgoing letters, a new letter from a template,
the draft edited and registered, its PDF and DOCX; and the directory of templates and addressees."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from litestar import Controller, Response, get, post
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.core.clock import today
from app.core.numbers import whole
from app.core.results import Saved
from app.core.roles import PLAN_EDITORS, Role
from app.events import services as events
from app.letters import directory, prints, services
from app.letters.kinds import FIELD_SOURCES, AddresseeKind
from app.web.files import DOCX, XLSX, file_response
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params
from app.web.render import found, go, render

READERS = [requires_role({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})]
EDITORS = [requires_role(PLAN_EDITORS)]
# A new letter is written for a ceremony a few months back (a thank-you) up to a year ahead.
CHOOSABLE_DAYS_BACK, CHOOSABLE_DAYS_AHEAD = 90, 400




def _number(value: str) -> int | None:
    return whole(value)


def _register_filter(year: str, kind: str, event: str, q: str) -> services.RegisterFilter:
    """The register's filter from the query; an empty or unknown value means «all»."""
    chosen_kind = AddresseeKind(kind) if kind in AddresseeKind._value2member_map_ else None
    return services.RegisterFilter(year=_number(year) or today().year, kind=chosen_kind, event_id=_number(event),
                                   query=q.strip())


async def _ceremonies(event_id: int | None) -> list[events.CeremonyView]:
    if event_id:
        return list((await found(events.get_event(event_id))).ceremonies)
    day = today()
    return await events.ceremonies_between(day - timedelta(days=CHOOSABLE_DAYS_BACK),
                                           day + timedelta(days=CHOOSABLE_DAYS_AHEAD))


async def _new_page(request: HTMXRequest, values: Mapping[str, str], *, show_errors: bool = False,
                    status_code: int = 200) -> Template:
    """The choice of ceremony, template and addressee, and the letter they make, to look at first."""
    event_id = _number(str(values.get("event", "")))
    ceremonies = await _ceremonies(event_id)
    if values.get("ceremony") not in {str(c.id) for c in ceremonies}:  # only a ceremony the list offers
        values = {**values, "ceremony": ""}
    choice = await services.choose(values)
    return render(request, "letters/new.html", "new_letter", status_code=status_code, values=values,
                  errors=choice.errors if show_errors else {}, event_id=event_id,
                  ceremonies=ceremonies, templates=await directory.templates(),
                  addressees=await directory.addressees(), preview=await services.compose(choice, request.user),
                  field_sources=FIELD_SOURCES)


async def _letter_page(request: HTMXRequest, letter_id: int, *, status_code: int = 200,
                       errors: Mapping[str, str] | None = None, values: Mapping[str, str] | None = None,
                       refused: str = "") -> Template:
    letter = await found(services.get_letter(letter_id))
    if values is None:
        values = {name: getattr(letter, name) for name in ("addressee_block", "salutation", "subject", "body",
                                                           "signer_position", "signer_name", "executor",
                                                           "executor_phone")}
    ceremony = await events.get_ceremony(letter.ceremony_id) if letter.ceremony_id else None
    return render(request, "letters/letter.html", "letter", status_code=status_code, letter=letter,
                  ceremony=ceremony, values=values, errors=errors or {},
                  field_sources=FIELD_SOURCES, refused=refused,
                  can_edit=request.user.role in PLAN_EDITORS and not letter.registered)


class LetterController(Controller):
    path = "/letters"
    guards = READERS

    @get("/")
    async def index(self, request: HTMXRequest, year: str = "", kind: str = "", event: str = "",
                    q: str = "") -> Template:
        chosen = _register_filter(year, kind, event, q)
        can_edit = request.user.role in PLAN_EDITORS
        return render(request, "letters/register.html", "register", chosen=chosen,
                      letters=await services.register_rows(chosen),
                      drafts=await services.drafts(chosen) if can_edit else [],
                      years=sorted({*await services.register_years(), chosen.year, today().year}),
                      events=await services.events_with_letters(chosen.event_id), kinds=list(AddresseeKind),
                      can_edit=can_edit)

    @get("/register.xlsx")
    async def register_xlsx(self, year: str = "", kind: str = "", event: str = "", q: str = "") -> Response:
        chosen = _register_filter(year, kind, event, q)
        return file_response(await prints.register_xlsx(chosen), f"letters-{chosen.year}.xlsx", XLSX, inline=False)

    @get("/new", guards=EDITORS)
    async def new(self, request: HTMXRequest) -> Template:
        return await _new_page(request, dict(request.query_params))

    @post("/", guards=EDITORS, status_code=200)
    async def create(self, request: HTMXRequest) -> Template | Response:
        form = dict(await request.form())
        saved = await services.create_draft(form, request.user)
        if not saved.ok:
            return await _new_page(request, form, show_errors=True, status_code=422)
        return go(request, f"/letters/{saved.id}")

    @get("/{letter_id:int}")
    async def show(self, request: HTMXRequest, letter_id: int) -> Template:
        return await _letter_page(request, letter_id)

    @post("/{letter_id:int}", guards=EDITORS, status_code=200)
    async def update(self, request: HTMXRequest, letter_id: int) -> Template | Response:
        """Saves the draft; with action=register also registers it, once saved."""
        form = dict(await request.form())
        saved = await found(services.save_draft(letter_id, form))
        if not saved.ok:
            return await _letter_page(request, letter_id, status_code=422, errors=saved.errors, values=form)
        if form.get("action") == "register":
            registered = await found(services.register(letter_id))
            if not registered.ok:
                return await _letter_page(request, letter_id, status_code=422, errors=registered.errors)
        return go(request, f"/letters/{letter_id}")

    @post("/{letter_id:int}/delete", guards=EDITORS, status_code=200)
    async def delete(self, request: HTMXRequest, letter_id: int) -> Template | Response:
        deleted = await found(services.delete_draft(letter_id))
        if not deleted.ok:
            return await _letter_page(request, letter_id, status_code=422, errors=deleted.errors)
        return go(request, "/letters/")

    async def _print(self, request: HTMXRequest, letter_id: int, extension: str) -> Template | Response:
        """The file, or the letter's page (422) naming the fields that must be filled first."""
        letter = await found(services.get_letter(letter_id))
        try:
            if extension == "pdf":
                return file_response(await prints.letter_pdf(letter_id), prints.filename(letter, "pdf"))
            return file_response(await prints.letter_docx(letter_id), prints.filename(letter, "docx"), DOCX)
        except prints.Unfilled as unfilled:
            return await _letter_page(request, letter_id, status_code=422, refused=str(unfilled))

    @get("/{letter_id:int}/letter.pdf")
    async def pdf(self, request: HTMXRequest, letter_id: int) -> Template | Response:
        return await self._print(request, letter_id, "pdf")

    @get("/{letter_id:int}/letter.docx")
    async def docx(self, request: HTMXRequest, letter_id: int) -> Template | Response:
        return await self._print(request, letter_id, "docx")


class _DirectoryForms(ItemFormsController):
    guards = EDITORS

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"kinds": list(AddresseeKind)}

    async def back(self, params: Params, item_id: int | None) -> str:
        return "/letters/directory"


class TemplateController(_DirectoryForms):
    path = "/letters/templates"
    template, block = "letters/template_form.html", "template_form"

    async def values(self, params: Params, item_id: int | None) -> dict[str, str]:
        if item_id is None:
            return {"kind": AddresseeKind.ORGANISATION.value, "title": "", "subject": "", "body": ""}
        t = await directory.get_template(item_id)
        return {"kind": t.kind.value, "title": t.title, "subject": t.subject, "body": t.body}

    async def save(self, form: Mapping[str, str], params: Params, item_id: int | None) -> Saved:
        return await directory.save_template(form, item_id)

    async def remove(self, params: Params, item_id: int) -> None:
        await directory.delete_template(item_id)

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {**await super().context(params, item_id), "field_sources": FIELD_SOURCES}


class AddresseeController(_DirectoryForms):
    path = "/letters/addressees"
    template, block = "letters/addressee_form.html", "addressee_form"

    async def values(self, params: Params, item_id: int | None) -> dict[str, str]:
        if item_id is None:
            return {"kind": AddresseeKind.ORGANISATION.value}
        a = await directory.get_addressee(item_id)
        return {"kind": a.kind.value, "organisation": a.organisation, "salutation": a.salutation,
                **{name: getattr(a, name) for column in directory.DECLINED for name in column[:2]}}

    async def save(self, form: Mapping[str, str], params: Params, item_id: int | None) -> Saved:
        return await directory.save_addressee(form, item_id)

    async def remove(self, params: Params, item_id: int) -> None:
        await directory.delete_addressee(item_id)


class DirectoryController(Controller):
    path = "/letters/directory"
    guards = EDITORS

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        return render(request, "letters/directory.html", "directory", templates=await directory.templates(),
                      addressees=await directory.addressees())
