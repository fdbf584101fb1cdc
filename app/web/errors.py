"""The error pages: sign-in redirect, 403, 404, a located HTTP error and the 500 page."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_500_INTERNAL_SERVER_ERROR

from app.core.config import get_settings
from app.core.i18n import gettext
from app.web.render import current_user


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
