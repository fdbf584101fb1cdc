"""What a gate's phone decided without the network, brought back when the network returns.

Each scan the phone decided comes with a key the phone made; the key is stored (access.GateRecord)
in the same transaction as the scan, so a batch sent again — the answer to the first was lost —
changes nothing. Every scan goes to the scan log at the moment the phone decided it. An admission
sets the invitation's admission unless an earlier one is there already; a card two gates admitted
while both were offline keeps both scans, and the supervisor's page shows them as a double
admission (app.checkin.supervision.conflicts reads the log). The answer brings the admissions and
undos other gates made since the phone's last look, so it stops admitting cards already inside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.access.tables import GateRecord
from app.audit import services as audit
from app.checkin.services import SCANNED_MAX, clean_gate
from app.core.db import chunks, write_transaction
from app.core.i18n import gettext as _
from app.invitations.kinds import Verdict
from app.invitations.tables import Invitation, Scan

# What a phone may decide by itself: the verdicts of app.checkin.services but other ceremonies' cards
# (the phone knows only its own ceremony's: such a card is unknown to it) and vehicles.
OFFLINE_VERDICTS = frozenset({Verdict.ADMITTED, Verdict.ZONE_ADMITTED, Verdict.ALREADY_ADMITTED,
                              Verdict.REVOKED, Verdict.UNKNOWN, Verdict.NO_ACCESS, Verdict.NOT_TODAY})
# The verdicts that name a card of the list (revoked and unknown ones may name none).
NAMED_VERDICTS = frozenset({Verdict.ADMITTED, Verdict.ZONE_ADMITTED, Verdict.ALREADY_ADMITTED,
                            Verdict.NO_ACCESS, Verdict.NOT_TODAY})
ADMISSIONS_MAX = 5000  # admissions and undos an answer brings at most; the minute's list refresh brings the rest


@dataclass(frozen=True)
class OfflineScan:
    key: str  # made by the phone, unique across phones
    invitation_id: int | None
    verdict: Verdict
    at: datetime  # when the phone decided it
    gate: str
    token_hash: str = ""  # for a card the list did not name: the log's trace of what was scanned


@dataclass(frozen=True)
class Admission:
    """An admission (at, gate) or an undo (at None) the phone should know of."""

    invitation_id: int
    at: datetime | None
    gate: str


@dataclass(frozen=True)
class Synced:
    stored: tuple[str, ...]  # keys the server holds now (sent this time or before): the phone forgets them
    rejected: dict[str, str]  # key → why it was not taken; the phone forgets these too
    new: int
    doubles: int  # admissions of cards another gate had admitted already
    cursor: int
    admissions: tuple[Admission, ...]


async def sync(ceremony_id: int, records: list[OfflineScan], *, account_id: int | None,
               cursor: int) -> Synced:
    """Stores the phone's scans once each, admits, logs, audits; answers with the others' admissions."""
    now = datetime.now(UTC)
    named = [r.invitation_id for r in records if r.invitation_id is not None]
    ours: set[int] = set()
    for ids in chunks(sorted(set(named))):
        ours |= {r["id"] for r in await Invitation.select(Invitation.id).where(
            (Invitation.ceremony == ceremony_id) & Invitation.id.is_in(list(ids)))}
    rejected: dict[str, str] = {}
    valid: dict[str, OfflineScan] = {}
    for record in records:
        if record.verdict not in OFFLINE_VERDICTS:
            rejected[record.key] = _("Такой исход проверки телефон без сети не выносит.")
        elif record.invitation_id is not None and record.invitation_id not in ours:
            rejected[record.key] = _("Приглашение не этой церемонии.")
        elif record.invitation_id is None and record.verdict in NAMED_VERDICTS:
            rejected[record.key] = _("Не указано приглашение.")
        else:
            valid.setdefault(record.key, record)
    new: list[OfflineScan] = []
    doubles = 0
    async with write_transaction(Invitation._meta.db):
        for batch in chunks(list(valid.values())):
            inserted = await GateRecord.insert(*[GateRecord(key=r.key, ceremony=ceremony_id) for r in batch]
                                               ).on_conflict(action="DO NOTHING").returning(GateRecord.key)
            fresh = {row["key"] for row in inserted}
            new += [r for r in batch if r.key in fresh]
        new.sort(key=lambda r: r.at)
        admitting = [r for r in new if r.verdict == Verdict.ADMITTED and r.invitation_id is not None]
        admitted = await _admitted_at([r.invitation_id for r in admitting if r.invitation_id is not None])
        for record in admitting:
            assert record.invitation_id is not None
            at = min(record.at, now)
            before = admitted.get(record.invitation_id)
            doubles += before is not None
            if before is None or before > at:  # the earliest admission stands: when the guest really came
                admitted[record.invitation_id] = at
                await Invitation.update({
                    Invitation.admitted_at: at, Invitation.admitted_gate: clean_gate(record.gate),
                    Invitation.admitted_by: account_id,
                }).where((Invitation.id == record.invitation_id)  # an online scan meanwhile: the same rule
                         & (Invitation.admitted_at.is_null() | (Invitation.admitted_at > at)))
        for batch in chunks(new):
            await Scan.insert(*[Scan(
                ceremony=ceremony_id, invitation=r.invitation_id, gate=clean_gate(r.gate), user=account_id,
                at=min(r.at, now), verdict=r.verdict,
                scanned=(f"#{r.invitation_id}" if r.invitation_id else f"sha256:{r.token_hash}")[:SCANNED_MAX],
            ) for r in batch])
        if new or rejected:
            gates = sorted({clean_gate(r.gate) for r in records})
            await audit.record("sync", "scan", ceremony_id, ", ".join(gates), {
                "rows": [None, len(records)], "created": [None, len(new)],
                "skipped": [None, len(valid) - len(new)], "rejected": [None, len(rejected)],
                "doubles": [None, doubles]}, note=_("проверка без сети"))
    cursor, admissions = await admissions_since(ceremony_id, cursor)
    return Synced(stored=tuple(valid), rejected=rejected, new=len(new), doubles=doubles, cursor=cursor,
                  admissions=admissions)


async def _admitted_at(invitation_ids: list[int]) -> dict[int, datetime | None]:
    """Invitation id → when it was admitted (None: not yet), read inside the sync's transaction."""
    found: dict[int, datetime | None] = {}
    for ids in chunks(sorted(set(invitation_ids))):
        rows = await Invitation.select(Invitation.id, Invitation.admitted_at).where(Invitation.id.is_in(list(ids)))
        found |= {r["id"]: r["admitted_at"] for r in rows}
    return found


async def admissions_since(ceremony_id: int, cursor: int) -> tuple[int, tuple[Admission, ...]]:
    """Admissions and undos logged after scan `cursor`, oldest first, and the cursor to ask from next."""
    rows = await Scan.select(Scan.id, Scan.invitation, Scan.verdict, Scan.at, Scan.gate).where(
        (Scan.ceremony == ceremony_id) & (Scan.id > cursor) & Scan.invitation.is_not_null()
        & Scan.verdict.is_in([Verdict.ADMITTED, Verdict.UNDONE])).order_by(Scan.id).limit(ADMISSIONS_MAX)
    found = tuple(Admission(invitation_id=r["invitation"], gate=r["gate"],
                            at=r["at"] if r["verdict"] == Verdict.ADMITTED else None) for r in rows)
    return (rows[-1]["id"] if rows else cursor), found
