"""A ceremony's quota table: the organisations with their weights and bounds, the places to share, the method,
and the allocation with its calculation (solver.apportionment); copied forward from an earlier ceremony."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.events.services import CeremonyView, get_ceremony
from app.guests.tables import Category
from app.invitations.services import counters
from app.letters.directory import addressees
from app.quotas.organisations_file import parse_number
from app.quotas.tables import QuotaOrganisation, QuotaSetup, QuotaShare
from app.quotas.texts import explain
from app.seating.tables import Seat, SeatingPlan
from app.web.forms import FormReader
from solver.apportionment import Allocation, Impossible, Method, Party, Share, apportion

MAX_PLACES = 1_000_000


@dataclass(frozen=True)
class OrganisationView:
    id: int
    name: str
    weight: Decimal
    minimum: int
    maximum: int | None
    fixed: int | None
    liaison: str = ""
    phone: str = ""
    category_id: int | None = None
    wanted: str = ""


@dataclass(frozen=True)
class QuotaView:
    ceremony: CeremonyView
    capacity: int
    minus_invited: bool
    method: Method
    deadline: date | None
    invited: int  # the ceremony's live invitations: the protocol guests already asked
    organisations: tuple[OrganisationView, ...]
    allocation: Allocation | None
    problems: tuple[str, ...]  # why there is no allocation, with the numbers

    @property
    def places(self) -> int:
        return self.capacity - self.invited if self.minus_invited else self.capacity

    def share(self, organisation: OrganisationView) -> Share | None:
        if self.allocation is None:
            return None
        return next(s for s in self.allocation.shares if s.name == organisation.name)


def _view(row: dict) -> OrganisationView:
    return OrganisationView(row["id"], row["name"], row["weight"], row["minimum"], row["maximum"], row["fixed"],
                            row["liaison"], row["phone"], row["category"], row["wanted"])


async def organisations(ceremony_id: int) -> list[OrganisationView]:
    rows = await QuotaOrganisation.select().where(QuotaOrganisation.ceremony == ceremony_id).order_by(
        QuotaOrganisation.name)
    return [_view(r) for r in rows]


async def get_organisation(ceremony_id: int, organisation_id: int) -> OrganisationView:
    row = await QuotaOrganisation.select().where(
        (QuotaOrganisation.id == organisation_id) & (QuotaOrganisation.ceremony == ceremony_id)).first()
    if row is None:
        raise NotFound
    return _view(row)


async def hall_places(ceremony: CeremonyView) -> int:
    """What a new quota table starts from: the usable seats of the hall the seating plan uses, else the
    guests the ceremony expects."""
    plan = await SeatingPlan.select(SeatingPlan.hall).where(SeatingPlan.ceremony == ceremony.id).first()
    if plan is None:
        return ceremony.expected_guests
    return await Seat.count().where((Seat.hall == plan["hall"]) & (Seat.blocked.eq(False)))


async def _setup(ceremony: CeremonyView) -> dict:
    row = await QuotaSetup.select().where(QuotaSetup.ceremony == ceremony.id).first()
    return row or {"id": None, "capacity": await hall_places(ceremony), "minus_invited": True,
                   "method": Method.HAMILTON.value, "deadline": None}


async def quota_view(ceremony_id: int) -> QuotaView:
    ceremony = await get_ceremony(ceremony_id)
    setup = await _setup(ceremony)
    rows = tuple(await organisations(ceremony_id))
    view = QuotaView(ceremony, setup["capacity"], setup["minus_invited"], Method(setup["method"]), setup["deadline"],
                     (await counters(ceremony_id)).total, rows, None, ())
    if not rows:
        return view
    parties = [Party(o.name, o.weight, o.minimum, o.maximum, o.fixed) for o in rows]
    try:
        allocation = apportion(view.places, parties, view.method)
    except Impossible as error:
        return QuotaView(**{**view.__dict__, "problems": tuple(explain(p) for p in error.problems)})
    return QuotaView(**{**view.__dict__, "allocation": allocation})


async def quotas_by_name(ceremony_id: int) -> dict[str, int]:
    """Each organisation's places as the table allocates them now; empty while the allocation is impossible."""
    allocation = (await quota_view(ceremony_id)).allocation
    return dict(allocation.seats) if allocation else {}


async def categories() -> list[tuple[int, str]]:
    """The guest categories a quota may give its people, for the organisation's form."""
    return [(r["id"], r["name"]) for r in await Category.select(Category.id, Category.name).order_by(
        Category.precedence).order_by(Category.name)]


async def directory_names() -> list[str]:
    """The organisations of the letters' directory, offered as the name is typed."""
    return sorted({a.organisation for a in await addressees() if a.organisation})


async def save_setup(ceremony_id: int, raw: Mapping[str, str]) -> Saved:
    ceremony = await get_ceremony(ceremony_id)
    form = FormReader(raw)
    values = {
        QuotaSetup.capacity: form.integer("capacity", minimum=0, maximum=MAX_PLACES),
        QuotaSetup.minus_invited: bool(raw.get("minus_invited")),
        QuotaSetup.method: form.choice("method", Method),
        QuotaSetup.deadline: form.local_date("deadline") if raw.get("deadline", "").strip() else None,
    }
    if form.errors:
        return Saved(errors=form.errors)
    setup = await _setup(ceremony)
    saved = await audit.save_row(QuotaSetup, values, setup["id"], kind="quota_setup", label=ceremony.title,
                                 scope=QuotaSetup.ceremony == ceremony_id, on_insert={"ceremony": ceremony_id})
    return Saved(id=saved)


def _places(form: FormReader, name: str) -> int | None:
    """An optional number of places: empty is None."""
    if not form.raw.get(name, "").strip():
        return None
    return form.integer(name, minimum=0, maximum=MAX_PLACES)


async def save_organisation(raw: Mapping[str, str], *, ceremony_id: int, organisation_id: int | None = None) -> Saved:
    await get_ceremony(ceremony_id)
    form = FormReader(raw)
    name = form.text("name", required=True)
    weight = parse_number(raw.get("weight", "").strip() or "0")
    if weight is None or weight < 0 or weight >= 10**9:
        form.fail("weight", _("Нужно неотрицательное число, например 120 или 12,5."))
    minimum = form.integer("minimum", minimum=0, maximum=MAX_PLACES, default=0)
    maximum = _places(form, "maximum")
    if maximum is not None and minimum is not None and maximum < minimum and "maximum" not in form.errors:
        form.fail("maximum", _("Максимум меньше минимума."))
    category = form.integer("category", default=0) or None
    if category is not None and not await Category.exists().where(Category.id == category):
        form.fail("category", _("Такой категории нет."))
    values = {QuotaOrganisation.name: name, QuotaOrganisation.weight: weight, QuotaOrganisation.minimum: minimum,
              QuotaOrganisation.maximum: maximum, QuotaOrganisation.fixed: _places(form, "fixed"),
              QuotaOrganisation.liaison: form.text("liaison", max_length=200),
              QuotaOrganisation.phone: form.text("phone", max_length=60),
              QuotaOrganisation.category: category, QuotaOrganisation.wanted: form.text("wanted")}
    taken = QuotaOrganisation.exists().where((QuotaOrganisation.ceremony == ceremony_id)
                                             & (QuotaOrganisation.name == name))
    if organisation_id is not None:
        taken = taken.where(QuotaOrganisation.id != organisation_id)
    if name and await taken:
        form.fail("name", _("Эта организация уже есть в разнарядке."))
    if form.errors:
        return Saved(errors=form.errors)
    saved = await audit.save_row(QuotaOrganisation, values, organisation_id, kind="quota_organisation", label=name,
                                 scope=QuotaOrganisation.ceremony == ceremony_id, on_insert={"ceremony": ceremony_id})
    if saved is None:
        raise NotFound
    return Saved(id=saved)


async def delete_organisation(ceremony_id: int, organisation_id: int) -> None:
    gone = await get_organisation(ceremony_id, organisation_id)
    async with write_transaction(QuotaOrganisation._meta.db):
        await QuotaOrganisation.delete().where(QuotaOrganisation.id == organisation_id)
        await audit.record("purge", "quota_organisation", organisation_id, gone.name)


# ---------------------------------------------------------------- copy forward


async def copy_sources(ceremony_id: int) -> list[CeremonyView]:
    """Other ceremonies with a quota table to copy, the latest first."""
    rows = await QuotaOrganisation.select(QuotaOrganisation.ceremony).where(
        QuotaOrganisation.ceremony != ceremony_id).distinct()
    sources = [await get_ceremony(r["ceremony"]) for r in rows]
    return sorted(sources, key=lambda c: c.starts_at, reverse=True)


async def copy_table(source_id: int, target_id: int) -> bool:
    """Next year starts from this year's table: the organisations, weights, bounds, overrides, liaisons and
    splits by category, the places and the method — into a ceremony whose table is empty; says whether it
    copied."""
    target = await get_ceremony(target_id)
    if not await QuotaOrganisation.exists().where(QuotaOrganisation.ceremony == source_id):
        raise NotFound
    async with write_transaction(QuotaOrganisation._meta.db):
        if await QuotaOrganisation.exists().where(QuotaOrganisation.ceremony == target_id):
            return False
        rows = await QuotaOrganisation.select().where(QuotaOrganisation.ceremony == source_id)
        await QuotaOrganisation.insert(*[
            QuotaOrganisation(**{**{k: v for k, v in r.items() if k != "id"}, "ceremony": target_id}) for r in rows])
        # the split by category too, each part to the copy of its organisation (names are unique in a table)
        copies = {r["name"]: r["id"] for r in await QuotaOrganisation.select(
            QuotaOrganisation.id, QuotaOrganisation.name).where(QuotaOrganisation.ceremony == target_id)}
        copy_of = {r["id"]: copies[r["name"]] for r in rows}
        parts = await QuotaShare.select().where(QuotaShare.organisation.is_in(list(copy_of) or [0]))
        if parts:
            await QuotaShare.insert(*[QuotaShare(**{**{k: v for k, v in p.items() if k != "id"},
                                                    "organisation": copy_of[p["organisation"]]}) for p in parts])
        setup = await QuotaSetup.select().where(QuotaSetup.ceremony == source_id).first()
        if setup and not await QuotaSetup.exists().where(QuotaSetup.ceremony == target_id):
            # not the deadline: last year's day means nothing this year
            await QuotaSetup.insert(QuotaSetup(**{**{k: v for k, v in setup.items() if k not in ("id", "deadline")},
                                                  "ceremony": target_id}))
        await audit.record("create", "quota_table", target_id, target.title,
                           {"source": [None, source_id], "organisations": [None, len(rows)]})
    return True
