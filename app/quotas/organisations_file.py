"""The organisations of a quota table read from CSV or XLSX (app.imports.sheets does the reading):

    организация / organisation   required: the name
    вес / weight                 required: staff size or any number (a decimal comma is fine, «1 200» too)
    мин / min                    optional: the least places (empty: 0)
    макс / max                   optional: the most places (empty: no maximum)
    закреплено / fixed           optional: places set by hand, bounds aside

    parties = read_organisations(filename, data)   # OrganisationsFileError lists every faulty row
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.imports.sheets import (
    CellReader,
    RowResult,
    TableError,
    Vocabulary,
    check_mapping,
    guess_mapping,
    parse_table,
    read_table,
)
from solver.apportionment import Party

FIELD_LABELS = {
    "organisation": N_("организация"),
    "weight": N_("вес"),
    "minimum": N_("мин"),
    "maximum": N_("макс"),
    "fixed": N_("закреплено"),
}
ORGANISATIONS = Vocabulary(
    "quota_organisations", FIELD_LABELS,
    [
        ("organisation", ("организац", "organisation", "organization", "наименован", "название", "name ")),
        ("weight", ("вес", "weight", "численност", "штат")),
        ("minimum", ("мин", "min")),
        ("maximum", ("макс", "max")),
        ("fixed", ("закреплен", "fixed", "вручную")),
    ],
    required=((frozenset({"organisation"}), "", N_("Нет столбца «организация» (organisation).")),
              (frozenset({"weight"}), "", N_("Нет столбца «вес» (weight)."))),
    examples=N_("«организация», «вес», «мин», «макс»"),
)


class OrganisationsFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def read_organisations(filename: str, data: bytes) -> list[Party]:
    try:
        sheet = read_table(filename, data, ORGANISATIONS)
        mapping = guess_mapping(sheet.header, ORGANISATIONS)
        check_mapping(mapping, ORGANISATIONS)
    except TableError as error:
        raise OrganisationsFileError([str(error)]) from error
    cells = CellReader(sheet.header, mapping, ORGANISATIONS)

    def read(line: int, row: list[str]) -> RowResult[Party]:
        errors: list[str] = []
        warnings: list[str] = []

        def get(field: str) -> str:
            return cells.value(row, field, warnings)

        def number(field: str, text: str, whole: bool) -> Decimal | None:
            if not text:
                errors.append(_("Строка %(line)d: не указан %(what)s.") % {
                    "line": line, "what": cells.column_names(field)})
                return None
            value = parse_number(text)
            if value is None or value < 0 or (whole and value != value.to_integral_value()):
                errors.append(_("Строка %(line)d, столбец «%(column)s»: «%(value)s» — нужно %(what)s.") % {
                    "line": line, "column": cells.column_names(field), "value": text,
                    "what": _("целое неотрицательное число") if whole else _("неотрицательное число")})
            return value

        def places(field: str) -> int | None:
            text = get(field)
            value = number(field, text, whole=True) if text else None
            return None if value is None else int(value)

        name = get("organisation")
        if not name:
            errors.append(_("Строка %(line)d: не указана организация.") % {"line": line})
        weight = number("weight", get("weight"), whole=False)
        party = Party(name, weight or 0, places("minimum") or 0, places("maximum"), places("fixed"))
        return RowResult(line, row, party, errors, warnings)

    preview = parse_table(sheet, mapping, read)
    errors = [r.reason for r in preview.rejected]
    if errors:
        raise OrganisationsFileError(errors)
    return [r.person for r in preview.accepted if r.person is not None]


def parse_number(text: str) -> Decimal | None:
    """«1 200», «12,5», «1200.0» as a number; None when it is not one."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
