"""Quotas per guest category: an organisation's places split among the categories it is asked for («из 70
мест совета ветеранов — ветераны Великой Отечественной войны, вес 1, не меньше 10; труженики тыла, вес 2»),
by weight within bounds (the same bounded apportionment as the table, Hamilton), so that each name put
forward counts against its own category's places.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.formatting import fmt_number
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.guests.tables import Category
from app.quotas import services
from app.quotas.organisations_file import parse_number
from app.quotas.tables import QuotaShare
from app.quotas.texts import explain
from app.web.forms import FormReader
from solver.apportionment import Impossible, Method, Party, apportion


@dataclass(frozen=True)
class ShareView:
    id: int
    organisation_id: int
    category_id: int
    category: str
    weight: Decimal
    minimum: int
    maximum: int | None


@dataclass(frozen=True)
class Split:
    """An organisation's places by category; `problems` say why they cannot be split (then `places` is empty)."""

    places: Mapping[int, int]  # category id -> places
    problems: tuple[str, ...] = ()


def parts_text(parts: Sequence[tuple[str, int]]) -> str:
    """«ветераны — 5 чел., труженики тыла — 2 чел.»: what a letter and the organisation's page say."""
    return ", ".join(_("{category} — {places} чел.").format(category=category, places=fmt_number(places))
                     for category, places in parts)


def _view(row: dict) -> ShareView:
    return ShareView(row["id"], row["organisation"], row["category"], row["category_name"], row["weight"],
                     row["minimum"], row["maximum"])


async def shares_of(organisation_ids: Sequence[int]) -> dict[int, list[ShareView]]:
    rows = await QuotaShare.select(QuotaShare.all_columns(), QuotaShare.category.name.as_alias("category_name")).where(
        QuotaShare.organisation.is_in(list(organisation_ids) or [0])).order_by(QuotaShare.category.precedence)
    found: dict[int, list[ShareView]] = defaultdict(list)
    for row in rows:
        found[row["organisation"]].append(_view(row))
    return found


def split(places: int, shares: Sequence[ShareView]) -> Split:
    """The places among the shares, Hamilton within their bounds; ties by the stated rule of the table."""
    if not shares:
        return Split({})
    # parties by the category's name (unique), so that what is impossible reads with it
    parties = [Party(s.category, s.weight, s.minimum, s.maximum) for s in shares]
    try:
        allocation = apportion(places, parties, Method.HAMILTON)
    except Impossible as error:
        return Split({}, tuple(explain(problem) for problem in error.problems))
    ids = {s.category: s.category_id for s in shares}
    return Split({ids[name]: seats for name, seats in allocation.seats.items()})


async def save_share(ceremony_id: int, organisation_id: int, raw: Mapping[str, str]) -> Saved:
    """A category's part of the organisation's places (one per category)."""
    organisation = await services.get_organisation(ceremony_id, organisation_id)
    form = FormReader(raw)
    category = form.integer("share_category", default=0)
    row = await Category.select(Category.name).where(Category.id == category).first() if category else None
    if row is None:
        form.fail("share_category", _("Выберите категорию."))
    elif await QuotaShare.exists().where((QuotaShare.organisation == organisation_id)
                                         & (QuotaShare.category == category)):
        form.fail("share_category", _("Эта категория у организации уже есть."))
    weight = parse_number(raw.get("share_weight", "").strip() or "1")
    if weight is None or weight < 0 or weight >= 10**9:
        form.fail("share_weight", _("Нужно неотрицательное число, например 120 или 12,5."))
    minimum = form.integer("share_minimum", minimum=0, maximum=services.MAX_PLACES, default=0)
    maximum = (form.integer("share_maximum", minimum=0, maximum=services.MAX_PLACES)
               if raw.get("share_maximum", "").strip() else None)
    if form.errors:
        return Saved(errors=form.errors)
    saved = await audit.save_row(
        QuotaShare, {QuotaShare.category: category, QuotaShare.weight: weight, QuotaShare.minimum: minimum,
                     QuotaShare.maximum: maximum},
        None, kind="quota_share", label=f"{organisation.name}: {row['name'] if row else ''}",
        on_insert={"organisation": organisation_id})
    return Saved(id=saved)


async def delete_share(ceremony_id: int, organisation_id: int, share_id: int) -> None:
    organisation = await services.get_organisation(ceremony_id, organisation_id)
    gone = next((s for s in (await shares_of([organisation_id]))[organisation_id] if s.id == share_id), None)
    if gone is None:
        raise NotFound
    async with write_transaction(QuotaShare._meta.db):
        await QuotaShare.delete().where(QuotaShare.id == share_id)
        await audit.record("purge", "quota_share", share_id, f"{organisation.name}: {gone.category}")
