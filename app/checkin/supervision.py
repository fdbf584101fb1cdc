"""The supervisor's view of the door: counts per gate and per zone, double admissions, the attendance list.

Everything here is read from the scan log and the invitations: the log is never deleted, so the
counts and the conflicts stay true after an undo or a late sync of a gate that was offline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from piccolo.query.functions.aggregate import Count

from app.access import zones
from app.checkin.services import NOT_EXPECTED
from app.core.config import get_settings
from app.core.formatting import fmt_date, fmt_time
from app.core.i18n import gettext as _
from app.imports.xlsx_export import export_xlsx
from app.invitations.kinds import Verdict
from app.invitations.tables import Invitation, Scan

ENTERED = (Verdict.ADMITTED, Verdict.ZONE_ADMITTED)
REFUSED = (Verdict.REVOKED, Verdict.OTHER_CEREMONY, Verdict.UNKNOWN, Verdict.NO_ACCESS, Verdict.NOT_TODAY,
           Verdict.VEHICLE_NOT_VALID)


@dataclass(frozen=True)
class GateCount:
    gate: str
    zone: str
    entered: int  # admissions and entries into the gate's zone
    repeated: int  # cards shown again («уже прошёл»)
    refused: int
    vehicles: int


@dataclass(frozen=True)
class ZoneCount:
    zone: str
    inside: int  # different guests let into the zone
    gates: tuple[str, ...]


@dataclass(frozen=True)
class Admission:
    gate: str
    at: datetime


@dataclass(frozen=True)
class Conflict:
    """One card admitted twice (two gates offline at once, or a gate's late sync): both records kept."""

    invitation_id: int
    guest: str
    admissions: tuple[Admission, ...]


@dataclass(frozen=True)
class Supervision:
    gates: tuple[GateCount, ...]
    zones: tuple[ZoneCount, ...]
    conflicts: tuple[Conflict, ...]


def _local(moment: datetime) -> datetime:
    return moment.astimezone(get_settings().tz)


def _moment(at: datetime) -> str:
    """«09.05.2027 10:02»: the sheet's dates would drop the time."""
    local = _local(at)
    return f"{fmt_date(local)} {fmt_time(local)}"


def _name(row: dict) -> str:
    return " ".join(p for p in (row["surname"], row["first_name"], row["patronymic"]) if p)


async def supervision(ceremony_id: int) -> Supervision:
    gate_zone = await zones.gate_zones(ceremony_id)
    zone_names = {z.id: z.name for z in await zones.zones(ceremony_id)}
    rows = await Scan.select(Scan.gate, Scan.verdict, Count(alias="n")).where(
        Scan.ceremony == ceremony_id).group_by(Scan.gate, Scan.verdict)
    by_gate: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_gate[row["gate"]][row["verdict"]] += row["n"]
    gates = tuple(GateCount(
        gate=gate, zone=zone_names.get(gate_zone.get(gate, 0), ""),
        entered=sum(counts[v] for v in ENTERED), repeated=counts[Verdict.ALREADY_ADMITTED],
        refused=sum(counts[v] for v in REFUSED), vehicles=counts[Verdict.VEHICLE_ADMITTED],
    ) for gate, counts in sorted(by_gate.items()))
    entries = await Scan.select(Scan.gate, Scan.invitation).where(
        (Scan.ceremony == ceremony_id) & Scan.verdict.is_in(list(ENTERED)) & Scan.invitation.is_not_null())
    inside: dict[int, set[int]] = defaultdict(set)
    for entry in entries:
        if entry["gate"] in gate_zone:
            inside[gate_zone[entry["gate"]]].add(entry["invitation"])
    zone_counts = tuple(ZoneCount(zone=name, inside=len(inside[zone_id]),
                                  gates=tuple(sorted(g for g, z in gate_zone.items() if z == zone_id)))
                        for zone_id, name in zone_names.items())
    return Supervision(gates=gates, zones=zone_counts, conflicts=tuple(await conflicts(ceremony_id)))


async def conflicts(ceremony_id: int) -> list[Conflict]:
    """Cards with more than one admission not separated by an undo, oldest first."""
    person = Scan.invitation.person
    rows = await Scan.select(
        Scan.invitation, Scan.gate, Scan.at, Scan.verdict, person.surname.as_alias("surname"),
        person.name.as_alias("first_name"), person.patronymic.as_alias("patronymic"),
    ).where((Scan.ceremony == ceremony_id) & Scan.verdict.is_in([Verdict.ADMITTED, Verdict.UNDONE])
            & Scan.invitation.is_not_null()).order_by(Scan.at).order_by(Scan.id)
    open_admissions: dict[int, list[Admission]] = defaultdict(list)
    names: dict[int, str] = {}
    doubled: dict[int, list[Admission]] = {}
    for row in rows:
        invitation = row["invitation"]
        names[invitation] = _name(row)
        if row["verdict"] == Verdict.UNDONE:
            open_admissions[invitation] = []
            continue
        open_admissions[invitation].append(Admission(gate=row["gate"], at=_local(row["at"])))
        if len(open_admissions[invitation]) > 1:
            doubled[invitation] = list(open_admissions[invitation])
    return [Conflict(invitation_id=i, guest=names[i], admissions=tuple(a)) for i, a in doubled.items()]


async def attendance_xlsx(ceremony_id: int, title: str) -> bytes:
    """Who came: guest, category, admitted at, gate, by whom; then who was expected and did not come."""
    person = Invitation.person
    account = Invitation.admitted_by.user
    rows = await Invitation.select(
        person.surname.as_alias("surname"), person.name.as_alias("first_name"),
        person.patronymic.as_alias("patronymic"), person.category.name.as_alias("category"),
        Invitation.admitted_at, Invitation.admitted_gate, account.first_name.as_alias("by_first"),
        account.last_name.as_alias("by_last"),
    ).where((Invitation.ceremony == ceremony_id) & Invitation.status.not_in(list(NOT_EXPECTED))
            ).order_by(person.search_key)
    came = sorted((r for r in rows if r["admitted_at"]), key=lambda r: r["admitted_at"])
    lines = [[_name(r), r["category"] or "", _moment(r["admitted_at"]), r["admitted_gate"],
              " ".join(p for p in (r["by_last"], r["by_first"]) if p)] for r in came]
    lines += [[_name(r), r["category"] or "", None, "", _("не прибыл(а)")] for r in rows if not r["admitted_at"]]
    return export_xlsx(title, [_("Гость"), _("Категория"), _("Время прохода"), _("Вход"), _("Кто отметил")], lines)
