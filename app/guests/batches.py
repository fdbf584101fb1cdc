"""Import batches: every list loaded into the registry is a named batch that remembers the people it
created or updated, so the registry can be narrowed to it and a ceremony can invite «everyone from
this import» (app.invitations through the registry's filter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from piccolo.query.functions.aggregate import Count

from app.core import clock
from app.core.db import chunks
from app.core.i18n import gettext as _
from app.guests.tables import ImportBatch, PersonBatch

NAME_LENGTH = 200


@dataclass(frozen=True)
class BatchView:
    id: int
    name: str
    created_at: dt.datetime
    persons: int

    @property
    def label(self) -> str:
        return _("{name} — {count} чел.").format(name=self.name, count=self.persons)


def default_name(filename: str, today: dt.date | None = None) -> str:
    """«ветераны.xlsx 06.12.2026»: the file and the day, until the officer names it."""
    day = today or clock.today()
    return f"{Path(filename).name} {day:%d.%m.%Y}"[:NAME_LENGTH]


def clean_name(typed: object, filename: str) -> str:
    return " ".join(str(typed or "").split())[:NAME_LENGTH] or default_name(filename)


async def record(name: str, filename: str, account_id: int | None, person_ids: Iterable[int]) -> int:
    """The batch and its people, inside the caller's transaction; its id."""
    rows = await ImportBatch.insert(ImportBatch(name=name, filename=Path(filename).name[:NAME_LENGTH],
                                                account_id=account_id)).returning(ImportBatch.id)
    batch_id = rows[0]["id"]
    ids = sorted(set(person_ids))
    for part in chunks(ids):
        await PersonBatch.insert(*[PersonBatch(person=i, batch=batch_id) for i in part])
    return batch_id


async def batches(limit: int = 200) -> list[BatchView]:
    """The latest imports first, with how many people each touched."""
    counts = {r["batch"]: r["n"] for r in await PersonBatch.select(
        PersonBatch.batch, Count(PersonBatch.id, alias="n")).group_by(PersonBatch.batch)}
    rows = await ImportBatch.select().order_by(ImportBatch.id, ascending=False).limit(limit)
    return [BatchView(r["id"], r["name"], r["created_at"], counts.get(r["id"], 0)) for r in rows]


async def of_person(person_id: int) -> list[tuple[int, str]]:
    """(id, name) of the imports that created or updated the person, the latest first."""
    rows = await PersonBatch.select(PersonBatch.batch, PersonBatch.batch.name.as_alias("name")).where(
        PersonBatch.person == person_id).order_by(PersonBatch.batch, ascending=False)
    return [(r["batch"], r["name"]) for r in rows]


def members(batch_id: int):
    """The subquery of the batch's people, for a registry filter."""
    return PersonBatch.select(PersonBatch.person).where(PersonBatch.batch == batch_id)
