"""Vehicle passes: a car, its driver, whom it serves, the parking zone and the days it may drive in.

The windscreen card's QR carries …/v/<token>, so a gate tells a car's pass from a guest's card
(…/i/<token>) by the text alone, and the scan of a guest's card stays one query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.access.tables import VehiclePass
from app.access.zones import GateZone, ZoneView, zones
from app.audit import services as audit
from app.core import clock
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.formatting import fmt_date
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.documents.vehicle_pass import PassCard, vehicle_passes_pdf
from app.events.tables import Ceremony
from app.imports.xlsx_export import export_xlsx
from app.invitations.kinds import Verdict
from app.invitations.tokens import new_token

NUMBER_MAX = 20
_TOKEN = re.compile(r"/v/([A-Za-z0-9_-]{16,64})(?:[/?#\s]|$)")


def pass_url(token: str) -> str:
    return f"{get_settings().public_base_url}/v/{token}"


def pass_token(scanned: str) -> str | None:
    """The token of a vehicle pass in what a camera read, None when it is not a pass."""
    match = _TOKEN.search(scanned.strip())
    return match.group(1) if match else None


def clean_number(number: str) -> str:
    """«а 123 вс 27» → «А123ВС 27»: letters and digits of the plate together, the region apart."""
    text = " ".join(number.upper().split())
    match = re.fullmatch(r"([А-ЯA-Z])\s*(\d{3})\s*([А-ЯA-Z]{2})\s*(\d{2,3})", text)
    return f"{match[1]}{match[2]}{match[3]} {match[4]}" if match else text[:NUMBER_MAX]


@dataclass(frozen=True)
class PassForm:
    number: str
    driver: str
    holder: str
    zone_id: int | None
    valid_from: date
    valid_to: date
    invitation_id: int | None = None


@dataclass(frozen=True)
class PassView:
    id: int
    ceremony_id: int
    number: str
    driver: str
    holder: str
    zone: str
    zone_id: int | None
    valid_from: date
    valid_to: date
    token: str
    revoked: bool

    @property
    def url(self) -> str:
        return pass_url(self.token)

    @property
    def dates(self) -> str:
        if self.valid_from == self.valid_to:
            return fmt_date(self.valid_from)
        return f"{fmt_date(self.valid_from)} – {fmt_date(self.valid_to)}"

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


_COLUMNS = (VehiclePass.id, VehiclePass.ceremony, VehiclePass.number, VehiclePass.driver, VehiclePass.holder,
            VehiclePass.zone, VehiclePass.zone.name.as_alias("zone_name"), VehiclePass.valid_from,
            VehiclePass.valid_to, VehiclePass.token, VehiclePass.revoked_at)


def _view(row: dict) -> PassView:
    return PassView(id=row["id"], ceremony_id=row["ceremony"], number=row["number"], driver=row["driver"],
                    holder=row["holder"], zone=row["zone_name"] or "", zone_id=row["zone"],
                    valid_from=row["valid_from"], valid_to=row["valid_to"], token=row["token"],
                    revoked=row["revoked_at"] is not None)


async def passes(ceremony_id: int, *, with_revoked: bool = False) -> list[PassView]:
    where = VehiclePass.ceremony == ceremony_id
    if not with_revoked:
        where &= VehiclePass.revoked_at.is_null()
    rows = await VehiclePass.select(*_COLUMNS).where(where).order_by(VehiclePass.number)
    return [_view(r) for r in rows]


async def get_pass(pass_id: int) -> PassView:
    row = await VehiclePass.select(*_COLUMNS).where(VehiclePass.id == pass_id).first()
    if row is None:
        raise NotFound
    return _view(row)


async def by_token(token: str) -> PassView | None:
    if not 16 <= len(token) <= 64:
        return None
    row = await VehiclePass.select(*_COLUMNS).where(VehiclePass.token == token).first()
    return _view(row) if row else None


async def parking_zones(ceremony_id: int) -> list[ZoneView]:
    return [z for z in await zones(ceremony_id) if z.kind == "parking"]


def check_form(form: PassForm, parking: list[ZoneView]) -> dict[str, str]:
    errors = {}
    if not form.number:
        errors["number"] = _("Укажите номер автомобиля.")
    if form.valid_to < form.valid_from:
        errors["valid_to"] = _("Окончание раньше начала.")
    if form.zone_id is not None and form.zone_id not in {z.id for z in parking}:
        errors["zone"] = _("Выберите парковку этой церемонии.")
    return errors


async def create_pass(ceremony_id: int, form: PassForm) -> int:
    number = clean_number(form.number)
    columns = {VehiclePass.number: number, VehiclePass.driver: form.driver[:200], VehiclePass.holder: form.holder[:300],
               VehiclePass.zone: form.zone_id, VehiclePass.valid_from: form.valid_from,
               VehiclePass.valid_to: form.valid_to, VehiclePass.invitation: form.invitation_id}
    pass_id = await audit.save_row(VehiclePass, columns, None, kind="vehicle_pass", label=number,
                                   on_insert={"ceremony": ceremony_id, "token": new_token()})
    assert pass_id is not None
    return pass_id


async def revoke_pass(ceremony_id: int, pass_id: int) -> None:
    async with write_transaction(VehiclePass._meta.db):
        rows = await VehiclePass.update({VehiclePass.revoked_at: datetime.now(UTC)}).where(
            (VehiclePass.id == pass_id) & (VehiclePass.ceremony == ceremony_id) & VehiclePass.revoked_at.is_null()
        ).returning(VehiclePass.number)
        if not rows:
            raise NotFound
        await audit.record("revoke", "vehicle_pass", pass_id, rows[0]["number"])


async def check_pass(token: str, ceremony_id: int, gate_zone: GateZone | None) -> tuple[Verdict, PassView | None]:
    """The verdict for a windscreen pass at a gate of `ceremony_id` (the caller logs the scan)."""
    found = await by_token(token)
    if found is None:
        return Verdict.UNKNOWN, None
    if found.revoked:
        return Verdict.REVOKED, found
    if found.ceremony_id != ceremony_id:
        return Verdict.OTHER_CEREMONY, found
    if not found.valid_on(clock.today()):
        return Verdict.VEHICLE_NOT_VALID, found
    if gate_zone is not None and found.zone_id is not None and gate_zone.zone.id != found.zone_id:
        return Verdict.NO_ACCESS, found
    return Verdict.VEHICLE_ADMITTED, found


# ---------------------------------------------------------------- the list for the police


def list_headers() -> list[str]:
    return [_("№"), _("Номер автомобиля"), _("Водитель"), _("Гость или организация"), _("Парковка"),
            _("Действует")]


def list_rows(found: list[PassView]) -> list[list[object]]:
    return [[n, p.number, p.driver, p.holder, p.zone, p.dates] for n, p in enumerate(found, 1)]


def letter_text(found: list[PassView]) -> str:
    """The passes as lines of a letter's text: «1. А123ВС 27 — Иванов И. И. (Совет ветеранов), 09.05.2027»."""
    lines = []
    for n, p in enumerate(found, 1):
        who = " ".join(x for x in (p.driver, p.holder and f"({p.holder})") if x)
        lines.append(f"{n}. {p.number}" + (f" — {who}" if who else "") + f", {p.dates}")
    return "\n".join(lines)


async def ceremony_letter_text(ceremony_id: int) -> str:
    return letter_text(await passes(ceremony_id))


@dataclass(frozen=True)
class CeremonyHeading:
    id: int
    title: str
    starts_at: datetime  # in the city's time zone

    @property
    def line(self) -> str:
        return f"{self.title} · {fmt_date(self.starts_at)}"


async def ceremony_heading(ceremony_id: int) -> CeremonyHeading:
    row = await Ceremony.select(Ceremony.id, Ceremony.title, Ceremony.starts_at).where(
        Ceremony.id == ceremony_id).first()
    if row is None:
        raise NotFound
    return CeremonyHeading(id=row["id"], title=row["title"], starts_at=row["starts_at"].astimezone(get_settings().tz))


def _card(found: PassView, ceremony: CeremonyHeading) -> PassCard:
    lines = [_("Парковка: {zone}").format(zone=found.zone) if found.zone else "",
             _("Действует: {dates}").format(dates=found.dates),
             _("Водитель: {driver}").format(driver=found.driver) if found.driver else "",
             found.holder]
    return PassCard(heading=_("ПРОПУСК НА АВТОМОБИЛЬ"), ceremony=ceremony.line, number=found.number,
                    lines=tuple(line for line in lines if line), url=found.url)


async def passes_pdf(ceremony_id: int, pass_id: int | None = None) -> tuple[bytes, str]:
    """One pass (or all the ceremony's valid ones) as windscreen cards, and the file's name."""
    ceremony = await ceremony_heading(ceremony_id)
    found = await passes(ceremony_id, with_revoked=pass_id is not None)
    if pass_id is not None:
        found = [p for p in found if p.id == pass_id]
        if not found:
            raise NotFound
    title = _("Пропуска на автомобили — {title}").format(title=ceremony.title)
    return vehicle_passes_pdf([_card(p, ceremony) for p in found], title), f"{title}.pdf"


async def passes_xlsx(ceremony_id: int) -> tuple[bytes, str]:
    """The list for the traffic police letter."""
    ceremony = await ceremony_heading(ceremony_id)
    title = _("Пропуска на автомобили — {title}").format(title=ceremony.title)
    return export_xlsx(title, list_headers(), list_rows(await passes(ceremony_id))), f"{title}.xlsx"
