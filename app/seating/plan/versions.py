"""An approved plan is frozen: a change of it is first a proposal, then a confirmed new version.

While the plan is «утверждена», a re-solve, a presidium change, a seat edit, another hall or the restore of
an earlier version writes nothing to the seats: it is kept as the plan's proposal (the whole plan as it would
be), and the page lists who moves from which seat to which, marking those whose seat is already printed on an
issued card or who are already in the hall. Only «Применить» writes it: the seats, the seat printed on each
invitation (flagging the cards to reprint), the audit entry and a new version. A change that leaves more
guests without a seat than before returns the plan to draft: an approved plan never has fewer seats unnoticed.

Versions: the plan as it was approved, then after each confirmed change, each restorable (a restore is a
proposal like any other change).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from app.audit import services as audit
from app.core.config import get_settings
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.invitations.tables import Invitation
from app.seating.kinds import PlanStatus
from app.seating.plan import problem
from app.seating.tables import PlanVersion, SeatingPlan
from solver import seating as engine


@dataclass(frozen=True)
class State:
    """What a version or a proposal holds of a plan: its hall, who sits where, the pins, the presidium."""

    hall: int
    assignment: Mapping[int, int]  # invitation id -> seat id
    pinned: frozenset[int] = frozenset()
    presidium: tuple[int, ...] = ()

    def plain(self) -> dict:
        return {"hall": self.hall, "assignment": {str(g): s for g, s in sorted(self.assignment.items())},
                "pinned": sorted(self.pinned), "presidium": list(self.presidium)}

    @classmethod
    def from_plain(cls, data: Mapping) -> State:
        return cls(hall=int(data.get("hall") or 0),
                   assignment={int(g): int(s) for g, s in (data.get("assignment") or {}).items()},
                   pinned=frozenset(int(g) for g in data.get("pinned") or ()),
                   presidium=tuple(int(g) for g in data.get("presidium") or ()))


def current(loaded: problem.Loaded, presidium: list[int]) -> State:
    return State(loaded.hall_id, dict(loaded.assignment), loaded.pinned, tuple(presidium))


@dataclass(frozen=True)
class Move:
    guest: problem.GuestInfo
    before: str  # the seat's label, "" = none
    after: str
    printed: bool  # the old seat is on a card already handed over
    admitted: bool  # the guest is already in the hall


@dataclass
class ProposalView:
    reason: str
    author: str
    moves: list[Move] = field(default_factory=list)
    unseated_more: int = 0  # how many more guests would be left without a seat: the plan goes back to draft

    @property
    def printed(self) -> int:
        return sum(1 for m in self.moves if m.printed)

    @property
    def admitted(self) -> int:
        return sum(1 for m in self.moves if m.admitted)


@dataclass(frozen=True)
class VersionView:
    id: int
    number: int
    created_at: datetime
    author: str
    reason: str
    seated: int


async def is_frozen(plan_id: int) -> bool:
    row = await SeatingPlan.select(SeatingPlan.status).where(SeatingPlan.id == plan_id).first()
    return row is not None and row["status"] == PlanStatus.PUBLISHED


async def propose(plan_id: int, after: State, reason: str, solver: dict | None = None) -> None:
    """Keeps the change for confirmation (a newer proposal replaces an older one)."""
    proposal = {"reason": reason, "author": audit.current_actor().name, "state": after.plain(), "solver": solver}
    await SeatingPlan.update({SeatingPlan.proposal: proposal}).where(SeatingPlan.id == plan_id)


async def discard(ceremony_id: int) -> None:
    await SeatingPlan.update({SeatingPlan.proposal: {}}).where(SeatingPlan.ceremony == ceremony_id)


def usable(loaded: problem.Loaded, state: State, seat_ids: set[int]) -> State:
    """The state as it can be today: guests no longer coming and seats no longer in the hall left out."""
    return State(state.hall, {g: s for g, s in state.assignment.items() if g in loaded.guests and s in seat_ids},
                 frozenset(g for g in state.pinned if g in loaded.guests),
                 tuple(g for g in state.presidium if g in loaded.guests))


async def seat_labels(loaded: problem.Loaded, hall_id: int) -> dict[int, str]:
    """seat id -> the label the invitation prints, for the plan's hall or the one a proposal moves to."""
    seats = loaded.seats if hall_id == loaded.hall_id else (await problem.seats_of(hall_id))[1]
    return {s.id: s.label for s in seats.values()}


async def proposal_view(loaded: problem.Loaded, proposal: Mapping) -> ProposalView | None:
    if not proposal:
        return None
    after = State.from_plain(proposal["state"])
    labels = await seat_labels(loaded, after.hall)
    after = usable(loaded, after, set(labels))
    before = loaded.assignment
    moved = sorted((g for g in loaded.guests if before.get(g) != after.assignment.get(g)),
                   key=lambda g: (loaded.guests[g].rank, g))
    marks = {r["id"]: r for r in await Invitation.select(
        Invitation.id, Invitation.issued_at, Invitation.seat_label, Invitation.admitted_at).where(
        Invitation.id.is_in(moved or [0]))}
    old: dict[int | None, str] = {s.id: s.label for s in loaded.seats.values()}
    new: dict[int | None, str] = dict(labels)
    view = ProposalView(reason=proposal.get("reason", ""), author=proposal.get("author", ""),
                        unseated_more=max(0, len(before) - len(after.assignment)))
    for g in moved:
        mark = marks.get(g, {})
        view.moves.append(Move(loaded.guests[g], old.get(before.get(g), ""), new.get(after.assignment.get(g), ""),
                               printed=bool(mark.get("issued_at") and mark.get("seat_label")),
                               admitted=mark.get("admitted_at") is not None))
    return view


async def record_version(plan_id: int, state: State, reason: str) -> None:
    """A new version of the plan; call inside the change's write transaction."""
    last = await PlanVersion.select(PlanVersion.number).where(PlanVersion.plan == plan_id).order_by(
        PlanVersion.number, ascending=False).first()
    await PlanVersion.insert(PlanVersion(
        plan=plan_id, number=(last["number"] + 1) if last else 1, author=audit.current_actor().name,
        reason=reason[:300], hall=state.hall, assignment=state.plain()["assignment"], pinned=sorted(state.pinned),
        presidium=list(state.presidium)))


async def versions_of(plan_id: int) -> list[VersionView]:
    rows = await PlanVersion.select().where(PlanVersion.plan == plan_id).order_by(
        PlanVersion.number, ascending=False).output(load_json=True)
    tz = get_settings().tz
    return [VersionView(r["id"], r["number"], r["created_at"].astimezone(tz), r["author"], r["reason"],
                        len(r["assignment"] or {})) for r in rows]


async def restore(ceremony_id: int, version_id: int) -> None:
    """The version back as a proposal: the officer sees who moves and confirms."""
    plan = await problem.plan_row(ceremony_id)
    row = await PlanVersion.select().where(
        (PlanVersion.id == version_id) & (PlanVersion.plan == (plan or {}).get("id", 0))).output(
        load_json=True).first()
    if plan is None or row is None:
        raise NotFound
    state = State.from_plain(row)
    await propose(plan["id"], state, _("Восстановить версию {n}").format(n=row["number"]))


def solver_values(solution: engine.Solution) -> dict:
    """The solver's verdict as the plan's columns, by name and in JSON's types: a proposal keeps it until it is
    confirmed (solver_columns() reads it back)."""
    return {"solver_status": solution.status.value, "objective": solution.objective, "bound": solution.bound,
            "seconds": round(solution.seconds, 2), "explanations": [asdict(e) for e in solution.explanations],
            "unseated": [asdict(e) for e in solution.unseated], "solved_at": datetime.now(UTC).isoformat()}


def solver_columns(values: Mapping) -> dict:
    """solver_values() as an update of the plan's row."""
    columns = {getattr(SeatingPlan, k): v for k, v in values.items()}
    columns[SeatingPlan.solved_at] = datetime.fromisoformat(values["solved_at"])
    return columns
