"""Hall files: Ceremonia's own «ceremonia-hall» JSON and the pretix seating-plan JSON, both ways.

    spec = read_hall(raw)       # bytes or text in either format (detected); HallFileError otherwise
    to_json(spec) -> dict       # «ceremonia-hall» v1: every attribute of every seat, an exact round trip
    from_json(data) -> HallSpec
    to_pretix(spec) -> dict     # valid against pretix's seating-plan.schema.json (see app.seating.halls.pretix)
    from_pretix(data) -> HallSpec

A file that can not be read raises HallFileError whose message (Russian, through gettext) names the place
in the file: «Зона «Партер», ряд «3», место №5: нет обязательного поля «position».» Unknown keys are
ignored, so files written by newer programs still come in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.seating.halls.json_fields import ROW, SEAT, SECTION, HallFileError, Where, field, parse_json
from app.seating.halls.layout import HallSpec, SeatSpec, derive_honour
from app.seating.halls.pretix import from_pretix
from app.seating.kinds import HallKind, SectionKind

FORMAT = "ceremonia-hall"
VERSION = 1
# The yes/no attributes of a seat, written as one list «flags» in our format.
FLAGS = ("wheelchair", "companion", "aisle", "step_free", "restricted_view", "blocked")


def read_hall(raw: bytes | str) -> HallSpec:
    """A hall file in our format («format»: «ceremonia-hall») or pretix's (it has «zones»)."""
    data = parse_json(raw)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return from_json(data)
    if isinstance(data, dict) and "zones" in data:
        return from_pretix(data)
    raise HallFileError(_("Формат файла не распознан: ожидается план зала Церемонии («format»: «%(format)s») "
                          "или план рассадки pretix (с полем «zones»).") % {"format": FORMAT})


# ------------------------------------------------------------------------------ our own format


def to_json(spec: HallSpec) -> dict[str, Any]:
    """Sections in the order their first seat comes, their rows likewise, each row's seats in the spec's order."""
    sections: dict[str, dict[str, Any]] = {}
    rows: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for seat in spec.seats:
        section = sections.setdefault(seat.section, {"name": seat.section, "kind": seat.kind.value, "rows": []})
        key = (seat.section, seat.row_label, seat.row_index)
        if key not in rows:
            rows[key] = []
            section["rows"].append({"label": seat.row_label, "index": seat.row_index, "seats": rows[key]})
        rows[key].append(_seat_json(seat))
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": spec.name,
        "kind": spec.kind.value,
        "address": spec.address,
        "width": spec.width,
        "height": spec.height,
        "sector_categories": {sector: list(names) for sector, names in spec.sector_categories.items()},
        "sections": list(sections.values()),
    }


def _seat_json(seat: SeatSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"number": seat.number, "x": seat.x, "y": seat.y, "order": seat.order,
                           "segment": seat.segment, "honour": seat.honour}
    if seat.table is not None:
        out["table"] = seat.table
    if seat.honour_manual:
        out["honour_manual"] = True
    out["flags"] = [flag for flag in FLAGS if getattr(seat, flag)]
    for key in ("blocked_reason", "sector", "guid"):
        if getattr(seat, key):
            out[key] = getattr(seat, key)
    return out


def from_json(data: Any) -> HallSpec:
    """Our format back; honour is derived from the layout when no seat states it (a file written by hand),
    and a seat without «order» or «segment» takes its place in the row and its row's own segment."""
    top = Where()
    if not isinstance(data, dict):
        raise top.fail(N_("ожидается объект JSON {…}."))
    version = data.get("version")
    if version != VERSION:
        raise top.fail(N_("версия формата «%(version)s» не поддерживается (ожидается %(expected)d)."),
                       version=version, expected=VERSION)
    kind = _enum(HallKind, field(data, "kind", str, top, HallKind.ROWS.value), "kind", top)
    seats: list[SeatSpec] = []
    stated_honour = False
    next_segment = 1 + max((seat.get("segment", -1) for section in _dicts(data.get("sections"))
                            for row in _dicts(section.get("rows")) for seat in _dicts(row.get("seats"))
                            if isinstance(seat.get("segment"), int)), default=-1)
    for s_number, section in enumerate(_items(data, "sections", top), 1):
        s_where = top.child(SECTION, section.get("name") if isinstance(section, dict) else None, s_number)
        section = _as_dict(section, s_where)
        name = field(section, "name", str, s_where)
        section_kind = _enum(SectionKind, field(section, "kind", str, s_where, SectionKind.ROWS.value), "kind",
                             s_where)
        for r_number, row in enumerate(_items(section, "rows", s_where), 1):
            r_where = s_where.child(ROW, row.get("label") if isinstance(row, dict) else None, r_number)
            row = _as_dict(row, r_where)
            label = field(row, "label", str, r_where)
            row_index = field(row, "index", int, r_where, r_number - 1)
            row_segment = next_segment
            next_segment += 1
            for order, seat in enumerate(_items(row, "seats", r_where)):
                where = r_where.child(SEAT, seat.get("number") if isinstance(seat, dict) else None, order + 1)
                seat = _as_dict(seat, where)
                stated_honour = stated_honour or "honour" in seat
                flags = field(seat, "flags", list, where, [])
                unknown = [flag for flag in flags if flag not in FLAGS]
                if unknown:
                    raise where.fail(N_("неизвестные признаки места: %(flags)s (известны: %(known)s)."),
                                     flags=", ".join(map(str, unknown)), known=", ".join(FLAGS))
                seats.append(SeatSpec(
                    section=name, kind=section_kind, row_label=label, row_index=row_index,
                    number=field(seat, "number", str, where), x=field(seat, "x", float, where),
                    y=field(seat, "y", float, where), order=field(seat, "order", int, where, order),
                    segment=field(seat, "segment", int, where, row_segment),
                    table=field(seat, "table", int, where, None), honour=field(seat, "honour", int, where, 0),
                    honour_manual=field(seat, "honour_manual", bool, where, False),
                    blocked_reason=field(seat, "blocked_reason", str, where, ""),
                    sector=field(seat, "sector", str, where, ""), guid=field(seat, "guid", str, where, ""),
                    **{flag: flag in flags for flag in FLAGS},
                ))
    sector_categories = {}
    for sector, names in field(data, "sector_categories", dict, top, {}).items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise top.fail(N_("в «sector_categories» у сектора «%(sector)s» должен быть список категорий."),
                           sector=sector)
        sector_categories[sector] = tuple(names)
    spec = HallSpec(name=field(data, "name", str, top), kind=kind, seats=tuple(seats),
                    sector_categories=sector_categories, address=field(data, "address", str, top, ""),
                    width=field(data, "width", int, top, _extent(s.x for s in seats)),
                    height=field(data, "height", int, top, _extent(s.y for s in seats)))
    _check_seats(spec)
    return spec if stated_honour else derive_honour(spec)


def _check_seats(spec: HallSpec) -> None:
    """What any hall needs whatever its file: seats, and no two with one number in one row."""
    if not spec.seats:
        raise HallFileError(_("В файле нет ни одного места."))
    seen: set[tuple[str, str, str]] = set()
    for seat in spec.seats:
        key = (seat.section, seat.row_label, seat.number)
        if key in seen:
            where = Where().child(SECTION, seat.section, 0).child(ROW, seat.row_label, 0)
            raise where.fail(N_("номер места «%(number)s» повторяется."), number=seat.number)
        seen.add(key)


def _extent(values: Iterable[float]) -> int:
    """The drawing's size along one axis, in plan units, for a file that does not state it."""
    values = list(values)
    return math.ceil(max(values) - min(values)) + 1 if values else 0


def _enum(enum: Any, value: str, key: str, where: Where) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise where.fail(N_("в поле «%(field)s» значение «%(value)s», а допустимы: %(allowed)s."), field=key,
                         value=value, allowed=", ".join(member.value for member in enum)) from None


def _items(obj: Mapping[str, Any], key: str, where: Where) -> list[Any]:
    return field(obj, key, list, where)


def _as_dict(value: Any, where: Where) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise where.fail(N_("ожидается объект JSON {…}."))
    return value


def _dicts(value: Any) -> Iterable[dict[str, Any]]:
    return (item for item in value if isinstance(item, dict)) if isinstance(value, list) else ()
