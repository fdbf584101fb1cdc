"""The seating plan as a table for Excel: section, row, seat, the guest's full name, category, group and needs, in
the order of the hall (the presidium and the front first), then those without a seat. XLSX through the shared
writer; CSV in UTF-8 with a BOM and «;» between fields, which is what a Russian Excel opens without asking."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from app.core.i18n import gettext as _
from app.documents.seating import natural
from app.guests.tables import Person
from app.imports.xlsx_export import FORMULA_STARTS, export_xlsx
from app.seating.kinds import SectionKind
from app.seating.plan import problem


def headers() -> list[str]:
    return [_("Часть зала"), _("Ряд"), _("Место"), _("Фамилия, имя, отчество"), _("Категория"), _("Группа"),
            _("Особые потребности")]


def _needs(guest: problem.GuestInfo, escort: bool) -> str:
    return ", ".join(text for wanted, text in ((guest.wheelchair, _("кресло-коляска")),
                                               (guest.no_stairs, _("без лестниц")),
                                               (escort, _("с сопровождающим"))) if wanted)


async def rows(ceremony_id: int) -> list[list[str]]:
    """One row per guest: the seated in hall order, then the unseated (their seat columns empty)."""
    loaded = await problem.load(ceremony_id)
    seat_rows, _info = await problem.seats_of(loaded.hall_id)
    front: dict[int, float] = defaultdict(lambda: float("inf"))
    for s in seat_rows:
        front[s["section"]] = min(front[s["section"]], s["y"])
    hall_order = {s["id"]: (front[s["section"]], s["section"], s["row_index"], natural(s["row_label"]),
                            natural(s["number"])) for s in seat_rows}
    groups = await problem.groups_of(loaded.guests)
    heads: dict[int, problem.GuestInfo] = {}
    for i, group in groups.items():
        guest = loaded.guests[i]
        if group not in heads or (guest.rank, i) < (heads[group].rank, heads[group].invitation_id):
            heads[group] = guest
    escorted = {r["id"] for r in await Person.select(Person.id).where(
        Person.id.is_in([g.person_id for g in loaded.guests.values()] or [0]) & Person.needs_escort.eq(True))}
    seated: list[tuple[int, int | None]] = sorted(loaded.assignment.items(), key=lambda item: hall_order[item[1]])
    seated += [(i, None) for i in loaded.guests if i not in loaded.assignment]
    table = []
    for invitation_id, seat_id in seated:
        guest = loaded.guests[invitation_id]
        seat = loaded.seats.get(seat_id) if seat_id is not None else None
        group = groups.get(invitation_id)
        table.append([seat.section if seat else _("без места"),
                      seat.row_label if seat and seat.kind is SectionKind.ROWS else "",
                      seat.number if seat else "", guest.full_name, guest.category,
                      heads[group].short_name if group is not None else "",
                      _needs(guest, guest.person_id in escorted)])
    return table


async def plan_xlsx(ceremony_id: int) -> bytes:
    return export_xlsx(_("Рассадка"), headers(), await rows(ceremony_id))


def _cell(value: str) -> str:
    """Text that a spreadsheet would take for a formula is kept text by a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


async def plan_csv(ceremony_id: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    writer.writerows([_cell(v) for v in row] for row in await rows(ceremony_id))
    return out.getvalue().encode("utf-8-sig")
