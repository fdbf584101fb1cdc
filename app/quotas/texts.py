"""What the apportionment's codes say to a person, with the numbers as Russian print writes them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_decimal

from app.core.formatting import fmt_number
from app.core.i18n import N_, current_locale, gettext
from solver.apportionment import Method, Problem

METHOD_NAMES = {
    Method.HAMILTON: N_("наибольших остатков (Гамильтона)"),
    Method.SAINTE_LAGUE: N_("Сент-Лагю"),
    Method.DHONDT: N_("д’Ондта"),
}

BOUND_NAMES = {"fixed": N_("вручную"), "min": N_("минимум"), "max": N_("максимум")}
TIE_RULE = N_("больший вес, затем имя по алфавиту")

_PROBLEMS = {
    "negative_capacity": N_("Число мест не может быть отрицательным: %(capacity)s."),
    "no_organisations": N_("Нет ни одной организации."),
    "duplicate_name": N_("Организация «%(organisation)s» указана дважды."),
    "negative_weight": N_("У организации «%(organisation)s» отрицательный вес."),
    "negative_fixed": N_("Организации «%(organisation)s» вручную назначено отрицательное число мест: %(fixed)s."),
    "negative_minimum": N_("У организации «%(organisation)s» отрицательный минимум: %(minimum)s."),
    "minimum_over_maximum": N_("У организации «%(organisation)s» минимум %(minimum)s больше максимума "
                               "%(maximum)s."),
    # «мест всего 21», not «21 мест»: one wording right for every number, no plural forms needed
    "fixed_over_capacity": N_("Вручную закреплено %(fixed)s, а мест всего %(capacity)s."),
    "minimums_over_capacity": N_("Сумма минимумов — %(minimums)s, а мест всего %(capacity)s."),
    "maximums_under_capacity": N_("Сумма максимумов — %(maximums)s, а распределить нужно %(capacity)s: "
                                  "поднимите максимумы или уменьшите число мест."),
    "no_weight": N_("Ни у одной организации, кроме закреплённых вручную, нет веса: распределить можно только "
                    "%(maximums)s, а нужно %(capacity)s."),
}


def explain(problem: Problem) -> str:
    numbers = {key: fmt_number(value) for key, value in problem.numbers.items()}
    return gettext(_PROBLEMS[problem.code]) % {"organisation": problem.organisation, **numbers}


def fmt_quota(value: Fraction | Decimal | None) -> str:
    """A weight, quota or divisor as the officer reads it: three decimals at most, «1 234,567»."""
    return "" if value is None else format_decimal(round(float(value), 3), format="#,##0.###",
                                                   locale=current_locale())
