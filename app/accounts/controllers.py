from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.accounts import services
from app.core.config import get_settings
from app.core.i18n import LOCALES
from app.core.i18n import gettext as _
from app.core.results import Saved
from app.core.roles import Role
from app.web.guards import requires_role
from app.web.item_forms import ItemFormsController, Params, form_pages_guard
from app.web.middleware import LANG_COOKIE
from app.web.render import render


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link borrow our sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _locked_message(locked: services.SignInLocked) -> str:
    until = locked.lock.until.astimezone(get_settings().tz)
    soon = (locked.lock.until - datetime.now(UTC)).total_seconds() < 120
    moment = until.strftime("%H:%M:%S" if soon else "%H:%M")
    if locked.lock.account:
        return _("Слишком много попыток. Вход для этой учётной записи закрыт до {time}.").format(time=moment)
    return _("Слишком много попыток с этого адреса. Вход закрыт до {time}.").format(time=moment)


def new_session(request: HTMXRequest, user: services.CurrentUser) -> None:
    """The session cookie's content: the account, the version it was issued under, the last request's time."""
    request.set_session({"account_id": user.account_id, "v": user.session_version, "seen": int(time.time())})


class AuthController(Controller):
    path = ""

    @get("/login", name="login")
    async def login_page(self, request: HTMXRequest, next: str | None = None) -> Template:
        return render(request, "login.html", "login_form", username="", error="", next=_safe_next(next))

    @post("/login", status_code=200)
    async def login(self, request: HTMXRequest) -> Template | Response:
        form = await request.form()
        username = form.get("username", "")
        client = request.client.host if request.client else "?"
        try:
            user = await services.authenticate(username, form.get("password", ""), client)
        except services.SignInLocked as locked:
            template = render(request, "login.html", "login_form", status_code=429, username=username,
                              error=_locked_message(locked), next=_safe_next(form.get("next")))
            retry = max(1, int((locked.lock.until - datetime.now(UTC)).total_seconds()) + 1)
            template.headers["Retry-After"] = str(retry)
            return template
        if user is None:
            return render(request, "login.html", "login_form", status_code=400, username=username,
                          error=_("Неверное имя пользователя или пароль."), next=_safe_next(form.get("next")))
        new_session(request, user)
        return Redirect(path=_safe_next(form.get("next")), status_code=HTTP_303_SEE_OTHER)

    @post("/logout", status_code=303)
    async def logout(self, request: HTMXRequest) -> Redirect:
        if isinstance(request.user, services.CurrentUser):  # every session of the account ends, not only this one
            await services.end_sessions(request.user.account_id)
        request.clear_session()
        return Redirect(path="/login", status_code=HTTP_303_SEE_OTHER)


class LanguageController(Controller):
    path = "/lang"

    @post("/{code:str}", status_code=303)
    async def choose(self, request: HTMXRequest, code: str) -> Redirect:
        form = await request.form()
        response = Redirect(path=_safe_next(form.get("next")), status_code=HTTP_303_SEE_OTHER)
        if code in LOCALES:
            response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax")
        return response


def _account_values(account: services.AccountView | None) -> dict:
    if account is None:
        return {"username": "", "first_name": "", "last_name": "", "role": Role.VIEWER.value, "department": "",
                "active": "on"}
    return {"username": account.username, "first_name": account.first_name, "last_name": account.last_name,
            "role": account.role.value, "department": account.department, "active": "on" if account.active else ""}


class AccountsController(ItemFormsController):
    """The administrator's list of people who may sign in, with their roles."""

    path = "/admin/users"
    guards = [requires_role({Role.ADMIN})]
    template, block, item_name = "accounts/user_form.html", "user_form", "account_id"

    @get("/")
    async def index(self, request: HTMXRequest) -> Template:
        return render(request, "accounts/users.html", "users", accounts=await services.accounts())

    async def values(self, params: Params, item_id: int | None) -> dict[str, Any]:
        if item_id is None:
            return _account_values(None)
        account = next((a for a in await services.accounts() if a.id == item_id), None)
        if account is None:
            raise NotFoundException
        return _account_values(account)

    def params(self, request: HTMXRequest) -> Params:
        return {**super().params(request), "acting_id": request.user.account_id}

    async def save(self, form: Mapping[str, Any], params: Params, item_id: int | None) -> Saved:
        return await services.save_account(form, item_id, acting_id=params["acting_id"])

    async def context(self, params: Params, item_id: int | None) -> dict[str, Any]:
        return {"roles": list(Role)}

    async def back(self, params: Params, item_id: int | None) -> str:
        return "/admin/users/"

    @get("/{item_id:int}", guards=[form_pages_guard])
    async def edit(self, request: HTMXRequest, item_id: int) -> Template:
        """The account's form is its page."""
        return await self._edit(request, item_id)

    delete = None  # an account is deactivated, not deleted
