"""`ceremonia quota`: a quota table from a file, without the database — for scripts and checks.

    ceremonia quota --capacity 1200 --organisations ORGS.csv|xlsx --method hamilton|sainte-lague|dhondt [--json]

ORGS is read by app.quotas.organisations_file (организация, вес, мин, макс, закреплено). Prints each
organisation's places with the calculation: the fair share (weight × places / total weight), the quotient
(Hamilton: the quota within the bounds; divisor methods: weight / divisor), Hamilton's remainder, the bound that
decided, and the divisor; the organisations a tie decided, under the rule «больший вес, затем имя по алфавиту».
--json prints status, method, capacity, divisor, ties and organisations (name, weight, min, max, fixed, seats,
fair_share, quotient, remainder, bound), or status and problems (code, numbers, organisation, text).
Exit codes: 0 allocated; 1 impossible (each reason explained with its numbers); 2 bad input (every faulty row).
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import click

from app.core.formatting import fmt_number
from app.core.i18n import gettext as _
from app.quotas.organisations_file import OrganisationsFileError, read_organisations
from app.quotas.texts import BOUND_NAMES, METHOD_NAMES, TIE_RULE, explain, fmt_quota
from solver.apportionment import Allocation, Impossible, Method, Party, apportion

EXIT_ALLOCATED, EXIT_IMPOSSIBLE, EXIT_BAD_INPUT = 0, 1, 2


@click.command("quota")
@click.option("--capacity", required=True, type=int, help="Сколько мест распределить.")
@click.option("--organisations", "path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Организации: XLSX или CSV (организация, вес, мин, макс).")
@click.option("--method", type=click.Choice([m.value for m in Method]), default=Method.HAMILTON.value,
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Итог в JSON на стандартный вывод.")
def quota(capacity: int, path: Path, method: str, as_json: bool) -> None:
    """Share CAPACITY places among the organisations of a file."""
    try:
        parties = read_organisations(path.name, path.read_bytes())
    except OrganisationsFileError as error:
        _finish({"status": "bad_input", "errors": error.errors}, error.errors, as_json, EXIT_BAD_INPUT)
    try:
        allocation = apportion(capacity, parties, Method(method))
    except Impossible as error:
        texts = [explain(p) for p in error.problems]
        problems = [{"code": p.code, "numbers": p.numbers, "organisation": p.organisation, "text": text}
                    for p, text in zip(error.problems, texts, strict=True)]
        _finish({"status": "impossible", "problems": problems}, texts, as_json, EXIT_IMPOSSIBLE)
    if as_json:
        click.echo(json.dumps(_as_json(allocation, parties), ensure_ascii=False, indent=2))
    else:
        _print(allocation, parties)
    sys.exit(EXIT_ALLOCATED)


def _finish(result: dict, lines: list[str], as_json: bool, code: int) -> None:
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            click.echo(line, err=True)
    sys.exit(code)


def _as_json(allocation: Allocation, parties: list[Party]) -> dict:
    return {
        "status": "allocated",
        "method": allocation.method.value,
        "capacity": allocation.capacity,
        "divisor": _decimal(allocation.divisor),
        "ties": list(allocation.ties),
        "organisations": [
            {"name": s.name, "weight": _decimal(s.weight), "min": p.minimum, "max": p.maximum, "fixed": p.fixed,
             "seats": s.seats, "fair_share": _decimal(s.fair_share), "quotient": _decimal(s.quotient),
             "remainder": _decimal(s.remainder), "bound": s.bound}
            for s, p in zip(allocation.shares, parties, strict=True)],
    }


def _decimal(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _print(allocation: Allocation, parties: list[Party]) -> None:
    click.echo(_("Мест распределено: %(capacity)s, метод %(method)s, делитель %(divisor)s.") % {
        "capacity": fmt_number(allocation.capacity), "method": _(METHOD_NAMES[allocation.method]),
        "divisor": fmt_quota(allocation.divisor)})
    rows = [[_("организация"), _("вес"), _("мин"), _("макс"), _("мест"), _("доля"), _("частное"), _("остаток"),
             _("решила")]]
    for s, p in zip(allocation.shares, parties, strict=True):
        rows.append([s.name, fmt_quota(s.weight), fmt_number(p.minimum), "" if p.maximum is None else fmt_number(
            p.maximum), fmt_number(s.seats), fmt_quota(s.fair_share), fmt_quota(s.quotient), fmt_quota(s.remainder),
            _(BOUND_NAMES[s.bound]) if s.bound else ""])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        click.echo("  ".join(cells))
    if allocation.ties:
        click.echo(_("Равенство решено правилом «%(rule)s»: %(names)s.")
                   % {"rule": _(TIE_RULE), "names": ", ".join(allocation.ties)})

