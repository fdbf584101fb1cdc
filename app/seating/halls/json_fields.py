"""Reading a hall file's JSON, for both formats: typed fields and errors that name their place in the file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.imports.encoding import UndecodableText, decode_text


class HallFileError(ValueError):
    """The hall file can not be used; str(error) is the message to show, naming where the fault is."""


class Where:
    """A place in a hall file, for the messages: «зона «Партер», ряд «3», место №5»."""

    def __init__(self, parts: tuple[str, ...] = ()) -> None:
        self.parts = parts

    def child(self, label: tuple[str, str], name: object, number: int) -> Where:
        """One level deeper: `label` is two N_ texts, with %(name)s and %(number)d; a name wins if there is one."""
        shown = str(name).strip() if isinstance(name, str | int) and not isinstance(name, bool) else ""
        text = _(label[0]) % {"name": shown} if shown else _(label[1]) % {"number": number}
        return Where((*self.parts, text))

    def __str__(self) -> str:
        text = ", ".join(self.parts) if self.parts else _("файл")
        return text[:1].upper() + text[1:]

    def fail(self, message: str, **values: object) -> HallFileError:
        return HallFileError(_("%(where)s: %(message)s") % {"where": self, "message": _(message) % values})


ZONE = (N_("зона «%(name)s»"), N_("зона №%(number)d"))
SECTION = (N_("секция «%(name)s»"), N_("секция №%(number)d"))
ROW = (N_("ряд «%(name)s»"), N_("ряд №%(number)d"))
SEAT = (N_("место «%(name)s»"), N_("место №%(number)d"))
CATEGORY = (N_("категория «%(name)s»"), N_("категория №%(number)d"))

_KINDS = {dict: N_("объектом {…}"), list: N_("списком […]"), str: N_("строкой"), float: N_("числом"),
          int: N_("целым числом"), bool: N_("значением true или false")}


def field(obj: Mapping[str, Any], key: str, kind: type, where: Where, default: Any = ...) -> Any:
    """obj[key] checked to be of `kind` (float takes any number); missing: `default`, or an error without one."""
    if key not in obj or (obj[key] is None and default is not ...):
        if default is ...:
            raise where.fail(N_("нет обязательного поля «%(field)s»."), field=key)
        return default
    value = obj[key]
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is str and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # seat and row numbers written as numbers by some editors
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise where.fail(N_("поле «%(field)s» должно быть %(kind)s."), field=key, kind=_(_KINDS.get(kind, "")))
    return value


def parse_json(raw: bytes | str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = decode_text(raw)[0]  # UTF-8 as written by editors; a Windows one's own code page is read too
        except UndecodableText as error:
            raise HallFileError(_("Файл не текстовый: это не файл зала в формате JSON.")) from error
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise HallFileError(_("Файл не читается как JSON: строка %(line)d, столбец %(column)d — %(error)s.")
                            % {"line": error.lineno, "column": error.colno, "error": error.msg}) from error
