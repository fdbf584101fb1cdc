"""The placement scheme of a square or memorial: zones on a simple plan, assigned to delegations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.web.forms import FormReader
from app.wreaths.kinds import PLAN_HEIGHT, PLAN_WIDTH, TRIBUTE_LABELS, ZONE_KIND_LABELS, ZoneKind
from app.wreaths.plan import Rect, overlapping
from app.wreaths.services import DelegationView, delegations, require_ceremony
from app.wreaths.tables import Delegation, Zone


@dataclass(frozen=True)
class ZoneView:
    id: int
    name: str
    kind: ZoneKind
    rect: Rect
    delegation: DelegationView | None
    number: int | None  # the delegation's place in the wreath-laying order
    overlaps: tuple[str, ...] = ()  # names of the zones it overlaps

    @property
    def description(self) -> str:
        """Who stands there, for the legend: «3. Губернатор Хабаровского края (венок, 6 чел.)»."""
        if self.kind is not ZoneKind.ZONE:
            return _(ZONE_KIND_LABELS[self.kind])
        if self.delegation is None:
            return _("свободна")
        d = self.delegation
        return _("{number}. {name} ({tribute}, {people} чел.)").format(
            number=self.number, name=d.name, tribute=_(TRIBUTE_LABELS[d.tribute]), people=d.people)


@dataclass(frozen=True)
class SchemeView:
    zones: tuple[ZoneView, ...]
    conflicts: tuple[tuple[str, str], ...]  # pairs of names of overlapping zones
    unplaced: tuple[DelegationView, ...]  # delegations with no zone yet
    width: int = PLAN_WIDTH
    height: int = PLAN_HEIGHT


def _legend_order(zone: ZoneView) -> tuple[int, int, str]:
    """The delegations' zones in the order they lay wreaths, then free zones, then the landmarks."""
    if zone.number is not None:
        return 0, zone.number, ""
    return (1 if zone.kind is ZoneKind.ZONE else 2), 0, zone.name.casefold()


async def scheme_view(ceremony_id: int) -> SchemeView:
    order = await delegations(ceremony_id)
    numbers = {d.id: n for n, d in enumerate(order, start=1)}
    by_id = {d.id: d for d in order}
    rows = await Zone.select().where(Zone.ceremony == ceremony_id).order_by(Zone.name).order_by(Zone.id)
    rects = [(r["id"], Rect(r["x"], r["y"], r["w"], r["h"])) for r in rows]
    names = {r["id"]: r["name"] for r in rows}
    pairs = overlapping(rects)
    others: dict[int, list[str]] = {r["id"]: [] for r in rows}
    for a, b in pairs:
        others[a].append(names[b])
        others[b].append(names[a])
    zones = sorted(
        (ZoneView(id=r["id"], name=r["name"], kind=ZoneKind(r["kind"]), rect=rect,
                  delegation=by_id.get(r["delegation"]), number=numbers.get(r["delegation"]),
                  overlaps=tuple(others[r["id"]]))
         for r, (_id, rect) in zip(rows, rects, strict=True)),
        key=_legend_order,
    )
    placed = {z.delegation.id for z in zones if z.delegation}
    return SchemeView(zones=tuple(zones), conflicts=tuple((names[a], names[b]) for a, b in pairs),
                      unplaced=tuple(d for d in order if d.id not in placed))


async def get_zone(ceremony_id: int, zone_id: int) -> ZoneView:
    zone = next((z for z in (await scheme_view(ceremony_id)).zones if z.id == zone_id), None)
    if zone is None:
        raise NotFound
    return zone


async def save_zone(raw: Mapping[str, str], *, ceremony_id: int, zone_id: int | None = None) -> Saved:
    """Adds or changes a zone. An overlap with another zone is allowed (the page flags it); a zone
    outside the plan is not. Only a delegation's zone is assigned; landmarks stand for themselves."""
    await require_ceremony(ceremony_id)
    form = FormReader(raw)
    name = form.text("name", required=True, max_length=100)
    kind = form.choice("kind", ZoneKind)
    x = form.integer("x", minimum=0, maximum=PLAN_WIDTH - 1)
    y = form.integer("y", minimum=0, maximum=PLAN_HEIGHT - 1)
    w = form.integer("w", minimum=1, maximum=PLAN_WIDTH)
    h = form.integer("h", minimum=1, maximum=PLAN_HEIGHT)
    delegation = form.integer("delegation", default=0) or None
    if None not in (x, w) and x + w > PLAN_WIDTH:
        form.fail("w", _("Зона выходит за правый край плана: x + ширина не больше {n}.").format(n=PLAN_WIDTH))
    if None not in (y, h) and y + h > PLAN_HEIGHT:
        form.fail("h", _("Зона выходит за нижний край плана: y + высота не больше {n}.").format(n=PLAN_HEIGHT))
    if delegation and not await Delegation.exists().where(
            (Delegation.id == delegation) & (Delegation.ceremony == ceremony_id)):
        form.fail("delegation", _("Такой делегации в порядке возложения нет."))
    if form.errors:
        return Saved(errors=form.errors)
    values = {Zone.name: name, Zone.kind: kind, Zone.x: x, Zone.y: y, Zone.w: w, Zone.h: h,
              Zone.delegation: delegation if kind is ZoneKind.ZONE else None}
    async with write_transaction(Zone._meta.db):
        if zone_id is None:
            rows = await Zone.insert(Zone(ceremony=ceremony_id, **{c._meta.name: v for c, v in values.items()})
                                     ).returning(Zone.id)
            return Saved(id=rows[0]["id"])
        if not await Zone.exists().where((Zone.id == zone_id) & (Zone.ceremony == ceremony_id)):
            raise NotFound
        await Zone.update(values).where(Zone.id == zone_id)
    return Saved(id=zone_id)


async def delete_zone(ceremony_id: int, zone_id: int) -> None:
    await get_zone(ceremony_id, zone_id)
    await Zone.delete().where(Zone.id == zone_id)
