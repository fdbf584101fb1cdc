"""Reading HTML forms into typed values, collecting a message per field instead of failing.

A form that does not validate is shown again with what the user typed and the messages
next to the fields; nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Annotated, TypeVar

from litestar.exceptions import ValidationException
from litestar.params import Parameter

from app.core.i18n import gettext as _
from app.core.numbers import wholes

E = TypeVar("E", bound=Enum)

# The years a plan, a schedule or a register may be asked for: past them a date is a typing error (and Python's
# dates end at 9999). A query value out of range is a 400 with the styled page, in Russian (app.web.errors).
FIRST_YEAR, LAST_YEAR = 1900, 2200
Year = Annotated[int | None, Parameter(ge=FIRST_YEAR, le=LAST_YEAR)]
Month = Annotated[int | None, Parameter(ge=1, le=12)]


def in_years(day: date) -> date:
    """A date from a query, refused (400) outside FIRST_YEAR–LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationException(_("Дата вне {first}–{last} годов.").format(first=FIRST_YEAR, last=LAST_YEAR))
    return day


class FormReader:
    """Reads fields of one submitted form; every problem lands in `errors` under the field name."""

    def __init__(self, raw: Mapping[str, str]) -> None:
        self.raw = raw
        self.errors: dict[str, str] = {}

    def text(self, name: str, *, required: bool = False, max_length: int = 300) -> str:
        value = " ".join(self.raw.get(name, "").split())
        if required and not value:
            self.errors[name] = _("Заполните это поле.")
        elif len(value) > max_length:
            self.errors[name] = _("Не длиннее {n} знаков.").format(n=max_length)
        return value

    def multiline(self, name: str, *, max_length: int = 10_000) -> str:
        value = self.raw.get(name, "").replace("\r\n", "\n").strip()
        if len(value) > max_length:
            self.errors[name] = _("Не длиннее {n} знаков.").format(n=max_length)
        return value

    def integer(self, name: str, *, minimum: int | None = None, maximum: int | None = None,
                default: int | None = None) -> int | None:
        raw = self.raw.get(name, "").strip().replace(" ", "").replace("\u00a0", "")
        if not raw:
            if default is None:
                self.errors[name] = _("Укажите число.")
            return default
        try:
            value = int(raw)
        except ValueError:
            self.errors[name] = _("Нужно целое число.")
            return None
        if minimum is not None and value < minimum:
            self.errors[name] = _("Не меньше {n}.").format(n=minimum)
        elif maximum is not None and value > maximum:
            self.errors[name] = _("Не больше {n}.").format(n=maximum)
        return value

    def choice(self, name: str, enum: type[E]) -> E | None:
        try:
            return enum(self.raw.get(name, ""))
        except ValueError:
            self.errors[name] = _("Выберите значение из списка.")
            return None

    def local_datetime(self, name: str) -> datetime | None:
        """A date and time as typed in the city (an <input type=datetime-local> or «дд.мм.гггг чч:мм»)."""
        raw = self.raw.get(name, "").strip()
        if not raw:
            self.errors[name] = _("Укажите дату и время.")
            return None
        for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"):
            try:
                return datetime.strptime(raw, pattern)
            except ValueError:
                continue
        self.errors[name] = _("Дата и время в виде дд.мм.гггг чч:мм.")
        return None

    def local_date(self, name: str) -> date | None:
        raw = self.raw.get(name, "").strip()
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
        self.errors[name] = _("Дата в виде дд.мм.гггг.")
        return None

    def ids(self, name: str) -> list[int]:
        """Several checked boxes of one name, as posted by a multi-value form field."""
        values = self.raw.getall(name, []) if hasattr(self.raw, "getall") else [self.raw.get(name, "")]
        return sorted(set(wholes(values)))

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)
