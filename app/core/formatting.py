"""Dates, times and numbers as Russian print writes them (and English where the locale says so)."""

from __future__ import annotations

import math
from datetime import date, datetime

from app.core.i18n import N_, current_locale, gettext

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


def fmt_decimal(value: float) -> str:
    """Millimetres and the like: «1,5», «-2», «1 234,5» in Russian; one decimal at most."""
    from babel.numbers import format_decimal

    return format_decimal(round(value, 1), format="#,##0.#", locale=current_locale())


def fmt_percent(fraction: float) -> str:
    """A share as a percent with two significant digits, as the locale writes it: «0,0046 %», «0,56 %», «12 %»
    in Russian. A solver's gap of 0.0046 % printed as «0.00%» read as a plan proven best."""
    from babel.numbers import format_percent

    percent = 100 * abs(fraction)
    digits = 0 if percent == 0 else min(6, max(0, 1 - math.floor(math.log10(percent))))
    return format_percent(round(fraction, digits + 2), locale=current_locale(), decimal_quantization=False)
