"""What every controller shares: the template engine, rendering a page or its fragment, guards,
redirects that work with and without HTMX, and the error pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.handlers import BaseRouteHandler
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_500_INTERNAL_SERVER_ERROR

from app.accounts.roles import ROLE_LABELS, Role
from app.config import ROOT, get_settings
from app.duty.kinds import PENALTY_LABELS, ROSTER_STATUS_LABELS, SOLVER_STATUS_LABELS
from app.duty.kinds import QUALIFICATIONS as QUALIFICATION_LABELS
from app.events.kinds import DATE_RULE_LABELS, FORMAT_LABELS, KIND_LABELS, PARTICIPATION_LABELS, STATUS_LABELS
from app.i18n import LOCALE_NAMES, N_, current_locale, gettext, ngettext
from app.jobs.kinds import STATUS_LABELS as JOB_STATUS_LABELS
from app.letters.kinds import ADDRESSEE_KIND_LABELS
from app.navigation import navigation
from app.services import NotFound
from app.tasks.kinds import TASK_STATE_LABELS, TASK_STATUS_LABELS
from app.wreaths.kinds import TRIBUTE_LABELS, ZONE_KIND_LABELS

T = TypeVar("T")

MONTHS = (N_("январь"), N_("февраль"), N_("март"), N_("апрель"), N_("май"), N_("июнь"), N_("июль"),
          N_("август"), N_("сентябрь"), N_("октябрь"), N_("ноябрь"), N_("декабрь"))
# Month names for «9 мая»: the genitive, as a date is read aloud in Russian.
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")
WEEKDAYS = (N_("понедельник"), N_("вторник"), N_("среда"), N_("четверг"), N_("пятница"), N_("суббота"),
            N_("воскресенье"))


def fmt_date(value: date | datetime | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def fmt_time(value: datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def fmt_long_date(value: date) -> str:
    """«9 мая 2027 г.» in Russian, «9 May 2027» in English."""
    if current_locale() == "ru":
        return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."
    return value.strftime("%-d %B %Y")


def month_name(month: int) -> str:
    return gettext(MONTHS[month - 1]).capitalize()


def weekday_name(value: date) -> str:
    return gettext(WEEKDAYS[value.weekday()])


def fmt_number(value: int) -> str:
    """Thousands apart by a narrow no-break space, as Russian print does: «1 500»."""
    return f"{value:,}".replace(",", "\u202f")


def make_template_engine() -> JinjaTemplateEngine:
    env = Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        fmt_date=fmt_date,
        fmt_time=fmt_time,
        fmt_long_date=fmt_long_date,
        fmt_number=fmt_number,
        month_name=month_name,
        weekday_name=weekday_name,
        current_locale=current_locale,
        LOCALE_NAMES=LOCALE_NAMES,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        FORMAT_LABELS=FORMAT_LABELS,
        PARTICIPATION_LABELS=PARTICIPATION_LABELS,
        DATE_RULE_LABELS=DATE_RULE_LABELS,
        JOB_STATUS_LABELS=JOB_STATUS_LABELS,
        QUALIFICATION_LABELS=QUALIFICATION_LABELS,
        ROSTER_STATUS_LABELS=ROSTER_STATUS_LABELS,
        SOLVER_STATUS_LABELS=SOLVER_STATUS_LABELS,
        PENALTY_LABELS=PENALTY_LABELS,
        TRIBUTE_LABELS=TRIBUTE_LABELS,
        ZONE_KIND_LABELS=ZONE_KIND_LABELS,
        ADDRESSEE_KIND_LABELS=ADDRESSEE_KIND_LABELS,
        TASK_STATE_LABELS=TASK_STATE_LABELS,
        TASK_STATUS_LABELS=TASK_STATUS_LABELS,
        Role=Role,
        navigation=navigation,
    )
    env.filters["number"] = fmt_number
    return JinjaTemplateEngine.from_environment(env)


def current_user(request: ASGIConnection) -> Any:
    """The signed-in person, or None on pages that do not require one (sign-in, 404)."""
    return request.scope.get("user")


def render(request: HTMXRequest, template: str, block: str, *, status_code: int = 200,
           **context: Any) -> Template:
    """The whole page, or for an HTMX request only the named block (its root has id=block)."""
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context.update(user=current_user(request), city=get_settings().city,
                   organisation=get_settings().organisation)
    return HTMXBlockTemplate(
        template_name=template,
        block_name=block if partial else None,
        context=context,
        status_code=status_code,
    )


async def found(awaitable: Awaitable[T]) -> T:
    """A record the services could not find becomes the styled 404 page."""
    try:
        return await awaitable
    except NotFound as error:
        raise NotFoundException from error


def go(request: HTMXRequest, url: str) -> Response:
    """After a successful POST: HTMX follows HX-Redirect, a plain form follows 303."""
    if request.htmx:
        return ClientRedirect(redirect_to=url)
    return Redirect(path=url, status_code=HTTP_303_SEE_OTHER)


def requires_role(roles: Iterable[Role]) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None or user.role not in allowed:
            raise PermissionDeniedException
    return guard


def _error_page(request: Request, status: int, title: str, text: str) -> Template:
    return Template(
        template_name="error.html",
        context={"status": status, "title": title, "text": text, "user": current_user(request),
                 "city": get_settings().city, "organisation": get_settings().organisation},
        status_code=status,
    )


def not_authorized(request: Request, _: NotAuthorizedException) -> Response:
    target = "/login?next=" + request.url.path
    if request.headers.get("hx-request") == "true":
        return Response(content="", status_code=401, headers={"HX-Redirect": target})
    return Redirect(path=target, status_code=HTTP_303_SEE_OTHER)


def forbidden(request: Request, _: PermissionDeniedException) -> Template:
    return _error_page(request, 403, gettext("Нет доступа"),
                       gettext("Этот раздел недоступен для вашей роли. Вернитесь на главную страницу."))


def not_found(request: Request, _: Exception) -> Template:
    return _error_page(request, 404, gettext("Страница не найдена"),
                       gettext("Такой страницы или записи нет: возможно, её удалили или адрес набран с ошибкой."))


def http_error(request: Request, exc: HTTPException) -> Template:
    return _error_page(request, exc.status_code, gettext("Запрос не выполнен"), str(exc.detail))


def server_error(request: Request, exc: Exception) -> Template:
    request.logger.exception("unhandled error", exc_info=exc)
    return _error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, gettext("Ошибка на сервере"),
                       gettext("Мы уже записали её в журнал. Попробуйте ещё раз через минуту."))


EXCEPTION_HANDLERS: dict[Any, Any] = {
    NotAuthorizedException: not_authorized,
    PermissionDeniedException: forbidden,
    NotFoundException: not_found,
    HTTPException: http_error,
    HTTP_500_INTERNAL_SERVER_ERROR: server_error,
}
