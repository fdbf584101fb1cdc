"""Writing the audit log inside the change's own transaction, and reading it back.

Who acts: the signed-in user of the request being served, read from the request's scope which the
request middleware binds to a context variable (app.core.request_scope), so the areas' services need
no extra parameter and the controllers stay as they are. Code outside a request (the command line, a
worker's job) may say who it acts for with act_as(); otherwise the entry is written as «система».
`record()` never opens a transaction of its own: the caller wraps the change and the record in one
(`write_transaction`), so a change that fails leaves no entry and an entry never lacks its change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import Any

from piccolo.columns import Column
from piccolo.custom_types import Combinable
from piccolo.table import Table

from app.audit.tables import AuditEntry
from app.core import request_scope
from app.core.config import get_settings
from app.core.db import write_transaction


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    name: str


SYSTEM = Actor(None, "")
_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


def act_as(account_id: int | None, name: str) -> None:
    """Who the changes of the current task are made by, outside a request (a job started by someone)."""
    _actor.set(Actor(account_id, name))


def current_actor() -> Actor:
    if (chosen := _actor.get()) is not None:
        return chosen
    user = request_scope.current_user()
    account_id = getattr(user, "account_id", None)
    if not isinstance(account_id, int):
        return SYSTEM
    return Actor(account_id, str(getattr(user, "name", "") or getattr(user, "username", "")))


def plain(value: Any) -> Any:
    """A value as the log keeps it: JSON's own types, dates as ISO text, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()  # one instant, one text, whatever the zone it came in
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


# Derived from other fields (search keys) or secret (tokens): never worth a line of the log.
UNRECORDED = frozenset({"search_key", "token"})


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs: {field: [old, new]}; a field only one side has counts too."""
    changes = {}
    for key in [*old, *(k for k in new if k not in old)]:
        if key in UNRECORDED:
            continue
        before, after = plain(old.get(key)), plain(new.get(key))
        if before != after:
            changes[key] = [before, after]
    return changes


async def record(action: str, kind: str, object_id: int | None, label: str,
                 changes: Mapping[str, list[Any]] | None = None, *, note: str = "",
                 actor: Actor | None = None) -> None:
    """One entry in the log, in whatever transaction the caller has open."""
    who = actor or current_actor()
    await AuditEntry.insert(AuditEntry(
        account_id=who.account_id, account_name=who.name[:300], action=action, object_kind=kind,
        object_id=object_id, object_label=label[:400],
        changes=json.dumps(dict(changes or {}), ensure_ascii=False, default=str), note=note,
    ))


async def saved(kind: str, object_id: int, label: str, old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> None:
    """A create (no `old`) with every field, or an update with the fields that changed; nothing when none did."""
    changes = diff(old or {}, new)
    if old is None or changes:
        await record("update" if old is not None else "create", kind, object_id, label, changes)


def values(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Piccolo's {column: value} as {name: value}: what saved() compares."""
    return {getattr(getattr(key, "_meta", None), "name", key): value for key, value in row.items()}


async def save_row(table: type[Table], columns: Mapping[Column, Any], row_id: int | None, *, kind: str, label: str,
                   scope: Combinable | None = None, on_insert: Mapping[str, Any] | None = None) -> int | None:
    """Inserts the row (no `row_id`; `on_insert` adds fields only a new row gets) or updates it where `scope`
    allows, and records it, in one transaction. None: no such row to update."""
    async with write_transaction(table._meta.db):
        if row_id is None:
            rows = await table.insert(table(**values(columns), **(on_insert or {}))).returning(table.id)
            await saved(kind, rows[0]["id"], label, None, values(columns))
            return rows[0]["id"]
        where = table.id == row_id if scope is None else (table.id == row_id) & scope
        old = await table.select(*columns).where(where).first()
        if old is None:
            return None
        await table.update(columns).where(table.id == row_id)
        await saved(kind, row_id, label, old, values(columns))
        return row_id


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class EntryView:
    id: int
    at: datetime  # in the city's time zone
    account_id: int | None
    account_name: str
    action: str
    object_kind: str
    object_id: int | None
    object_label: str
    changes: dict[str, list[Any]]
    note: str


@dataclass(frozen=True)
class AuditFilter:
    kind: str = ""
    person: str = ""  # part of the name of the account that acted
    day_from: date | None = None
    day_to: date | None = None
    text: str = ""  # part of the object's label or of the note

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> AuditFilter:
        return cls(kind=(params.get("kind") or "").strip()[:40], person=(params.get("person") or "").strip()[:100],
                   day_from=_day(params.get("from")), day_to=_day(params.get("to")),
                   text=(params.get("q") or "").strip()[:200])

    def where(self):
        tz = get_settings().tz
        where = AuditEntry.id > 0
        if self.kind:
            where &= AuditEntry.object_kind == self.kind
        if self.person:
            where &= _contains(AuditEntry.account_name, self.person)
        if self.day_from:
            where &= AuditEntry.at >= datetime.combine(self.day_from, time.min, tzinfo=tz)
        if self.day_to:
            where &= AuditEntry.at < datetime.combine(self.day_to + timedelta(days=1), time.min, tzinfo=tz)
        if self.text:
            where &= _contains(AuditEntry.object_label, self.text) | _contains(AuditEntry.note, self.text)
        return where


def _contains(column, text: str):
    """Case-blind enough on both engines (SQLite's LIKE folds only Latin letters): the text as typed,
    in lower case and capitalised."""
    safe = text.replace("%", "").replace("_", " ")
    variants = [column.like(f"%{v}%") for v in dict.fromkeys((safe, safe.lower(), safe.capitalize()))]
    where = variants[0]
    for variant in variants[1:]:
        where |= variant
    return where


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _view(row: dict) -> EntryView:
    changes = row["changes"]
    if isinstance(changes, str):
        changes = json.loads(changes or "{}")
    return EntryView(id=row["id"], at=row["at"].astimezone(get_settings().tz), account_id=row["account_id"],
                     account_name=row["account_name"], action=row["action"], object_kind=row["object_kind"],
                     object_id=row["object_id"], object_label=row["object_label"], changes=changes or {},
                     note=row["note"])


PAGE_SIZE = 100


async def search(audit_filter: AuditFilter = AuditFilter(), *, page: int = 1) -> list[EntryView]:
    rows = await AuditEntry.select().where(audit_filter.where()).order_by(AuditEntry.id, ascending=False) \
        .limit(PAGE_SIZE + 1).offset((max(page, 1) - 1) * PAGE_SIZE)
    return [_view(r) for r in rows]


async def history(kind: str, object_id: int, *, limit: int = 50) -> list[EntryView]:
    """The changes of one object, newest first: what the «История изменений» section shows."""
    rows = await AuditEntry.select().where((AuditEntry.object_kind == kind) & (AuditEntry.object_id == object_id)) \
        .order_by(AuditEntry.id, ascending=False).limit(limit)
    return [_view(r) for r in rows]
