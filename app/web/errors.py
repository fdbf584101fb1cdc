"""The error pages: sign-in redirect, 400, 403, 404, 413, a located HTTP error, 503 for a busy database and
the 500 page."""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from app.core.config import get_settings
from app.core.direct_db import RETRY_AFTER_S, DatabaseBusy
from app.core.i18n import gettext
from app.web.render import current_user

# The largest request body: a little over the imports' own 20 MB limit, so their Russian message speaks first;
# past it, too_large() below answers (Litestar's default, 10 MB, answered in English before the app could).
MAX_BODY_BYTES = 21 * 1024 * 1024
# A database integer (PostgreSQL's bigint, SQLite's INTEGER) holds no more: a larger id names nothing.
MAX_ID = 2**63 - 1


def _error_page(request: Request, status: int, title: str, text: str) -> Template:
    return Template(
        template_name="error.html",
        context={"status": status, "title": title, "text": text, "user": current_user(request),
                 "city": get_settings().city, "organisation": get_settings().organisation},
        status_code=status,
    )


def not_authorized(request: Request, _: NotAuthorizedException) -> Response:
    target = "/login?next=" + quote(request.url.path)  # HX-Redirect holds Latin-1 only (Redirect quotes itself)
    if request.headers.get("hx-request") == "true":
        return Response(content="", status_code=401, headers={"HX-Redirect": target})
    return Redirect(path=target, status_code=HTTP_303_SEE_OTHER)


def forbidden(request: Request, _: PermissionDeniedException) -> Template:
    return _error_page(request, 403, gettext("Нет доступа"),
                       gettext("Этот раздел недоступен для вашей роли. Вернитесь на главную страницу."))


def not_found(request: Request, _: Exception) -> Template:
    return _error_page(request, 404, gettext("Страница не найдена"),
                       gettext("Такой страницы или записи нет: возможно, её удалили или адрес набран с ошибкой."))


def bad_request(request: Request, _: ValidationException) -> Template:
    return _error_page(request, HTTP_400_BAD_REQUEST, gettext("Неверный запрос"),
                       gettext("В адресе или в форме есть значение, которое нельзя прочитать: проверьте его "
                               "и повторите."))


def too_large(request: Request, _: Exception) -> Template:
    return _error_page(request, HTTP_413_REQUEST_ENTITY_TOO_LARGE, gettext("Слишком большой файл"),
                       gettext("Файл или форма больше {n} МБ: разделите файл на части.").format(
                           n=MAX_BODY_BYTES // (1024 * 1024)))


def reject_unknown_ids(request: Request) -> None:
    """Before every handler: an integer in the path beyond what the database holds is a page that is not there
    (the drivers would fail on it: SQLite's with OverflowError, asyncpg's with DataError)."""
    if any(isinstance(value, int) and not -MAX_ID <= value <= MAX_ID for value in request.path_params.values()):
        raise NotFoundException


def http_error(request: Request, exc: HTTPException) -> Template:
    return _error_page(request, exc.status_code, gettext("Запрос не выполнен"), str(exc.detail))


def database_busy(request: Request, _: DatabaseBusy) -> Template:
    """A scan that met a database held by a long write (app.core.direct_db): answered at once, to be repeated."""
    page = _error_page(request, HTTP_503_SERVICE_UNAVAILABLE, gettext("База данных занята"),
                       gettext("Идёт большая запись в базу данных. Повторите через секунду — ничего не записано."))
    page.headers["Retry-After"] = str(RETRY_AFTER_S)
    return page


def database_error(request: Request, exc: sqlite3.OperationalError) -> Template:
    """SQLite's «database is locked» after its busy timeout (a write through Piccolo behind a long one) is a
    busy database too, not a fault; any other operational error is."""
    if "locked" in str(exc) or "busy" in str(exc):
        return database_busy(request, DatabaseBusy(str(exc)))
    return server_error(request, exc)


def server_error(request: Request, exc: Exception) -> Template:
    request.logger.exception("unhandled error", exc_info=exc)
    return _error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, gettext("Ошибка на сервере"),
                       gettext("Мы уже записали её в журнал. Попробуйте ещё раз через минуту."))


EXCEPTION_HANDLERS: dict[Any, Any] = {
    NotAuthorizedException: not_authorized,
    PermissionDeniedException: forbidden,
    NotFoundException: not_found,
    ValidationException: bad_request,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE: too_large,
    HTTPException: http_error,
    DatabaseBusy: database_busy,
    sqlite3.OperationalError: database_error,
    HTTP_500_INTERNAL_SERVER_ERROR: server_error,
}
