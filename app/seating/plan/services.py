"""A ceremony's seating plan for its page: the hall chosen, the presidium, pairs apart, the scheme coloured by
category, the solver's verdict and the validator's; and the plan's settings the officer changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.audit import services as audit
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.formatting import fmt_number
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.core.text import search_key
from app.invitations.tables import Invitation
from app.seating.halls.layout import SeatSpec
from app.seating.halls.scheme import SchemeView, scheme_for, seat_classes, seat_place
from app.seating.halls.services import HallSummary, list_halls
from app.seating.kinds import HallKind, PlanStatus, SectionKind
from app.seating.plan import editing, presidium, problem, solving, versions
from app.seating.plan.explain import Texts
from app.seating.tables import ApartPair, Hall, SeatAssignment, SeatingPlan

# The solver's explanation for a guest of a «всегда с местом» category left out (solver/seating).
PROTECTED_UNSEATED = "protected_unseated"
CATEGORY_COLOURS = 12  # .cat-0 … .cat-11 in assets/css/seating.css
SEARCH_LIMIT = 15
SEARCH_MATCHES = 500  # looked at before the surname matches are put first


@dataclass(frozen=True)
class ApartView:
    id: int
    first: problem.GuestInfo
    second: problem.GuestInfo
    note: str


@dataclass(frozen=True)
class Unseated:
    guest: problem.GuestInfo
    reason: str
    protected: bool  # «всегда с местом»: left out only when nothing else would do, and the page leads with it


@dataclass
class PlanView:
    ceremony_id: int
    halls: list[HallSummary]
    id: int | None = None
    hall: HallSummary | None = None
    status: PlanStatus = PlanStatus.DRAFT
    allow_partial: bool = False
    solver_status: str = ""
    objective: int | None = None
    bound: int | None = None
    seconds: float | None = None
    solved_at: datetime | None = None
    changed_at: datetime | None = None
    explanations: list[str] = field(default_factory=list)
    unseated: list[Unseated] = field(default_factory=list)  # protected first, then by precedence
    verdict: list[str] = field(default_factory=list)  # the validator's findings; [] = every rule kept
    inversions: int | None = None  # pairs seated against precedence that a swap would put right; None: no seats
    presidium: list[problem.GuestInfo] = field(default_factory=list)
    presidium_seats: int = 0
    apart: list[ApartView] = field(default_factory=list)
    guests: int = 0
    seated: int = 0
    scheme: SchemeView | None = None
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, category and count)
    solve_seconds: int = solving.HALL_SECONDS
    proposal: versions.ProposalView | None = None  # a change of the approved plan awaiting confirmation
    versions: list[versions.VersionView] = field(default_factory=list)

    @property
    def protected_unseated(self) -> int:
        return sum(1 for u in self.unseated if u.protected)

    @property
    def gap(self) -> float | None:
        """How far the plan may still be from the best possible, as a share of the bound."""
        if self.objective is None or not self.bound:
            return None
        return max(0.0, (self.bound - self.objective) / abs(self.bound))


@dataclass(frozen=True)
class PlanSettings:
    """What a plan is set to, read without loading its guests or drawing its scheme: for actions that show no page."""

    id: int
    hall_id: int
    status: PlanStatus
    allow_partial: bool
    solve_seconds: int  # the time limit the page offers for this hall's kind


async def plan_settings(ceremony_id: int) -> PlanSettings:
    """The ceremony's plan settings; NotFound while the ceremony has no plan."""
    row = await SeatingPlan.select(
        SeatingPlan.id, SeatingPlan.hall, SeatingPlan.status, SeatingPlan.allow_partial,
        SeatingPlan.hall.kind.as_alias("hall_kind"),
    ).where(SeatingPlan.ceremony == ceremony_id).first()
    if row is None:
        raise NotFound
    return PlanSettings(id=row["id"], hall_id=row["hall"], status=PlanStatus(row["status"]),
                        allow_partial=row["allow_partial"],
                        solve_seconds=solving.default_seconds(HallKind(row["hall_kind"])))


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(get_settings().tz) if moment else None


def _colours(guests: dict[int, problem.GuestInfo]) -> dict[str, str]:
    """category -> css class, the most senior categories first (as the legend lists them)."""
    return {c: f"cat-{n % CATEGORY_COLOURS}" for n, c in enumerate(problem.category_order(guests.values()))}


def _decorate(loaded: problem.Loaded, colours: dict[str, str], found: set[int]):
    sitting = {s: loaded.guests[g] for g, s in loaded.assignment.items()}

    def decorate(seat: SeatSpec) -> tuple[str, str, str]:
        guest = sitting.get(seat.id)
        css = seat_classes(seat)
        if guest is None:
            return css, seat_place(seat), seat.number
        css += f" taken {colours[guest.category]}"
        if guest.invitation_id in loaded.pinned:
            css += " pinned"
        if guest.invitation_id in found:
            css += " broken"
        about = " — ".join(p for p in (guest.full_name, guest.position, guest.category) if p)
        return css, f"{about}\n{seat_place(seat)}", seat.number
    return decorate


async def plan_view(ceremony_id: int) -> PlanView:
    view = PlanView(ceremony_id=ceremony_id, halls=await list_halls())
    plan = await problem.plan_row(ceremony_id)
    if plan is None:
        return view
    loaded = await problem.load(ceremony_id)
    texts = Texts.of_plan(loaded)
    view.id, view.status, view.allow_partial = plan["id"], PlanStatus(plan["status"]), plan["allow_partial"]
    view.hall = next((h for h in view.halls if h.id == plan["hall"]), None)
    view.solver_status, view.objective, view.bound = plan["solver_status"], plan["objective"], plan["bound"]
    view.seconds = plan["seconds"]
    view.solved_at, view.changed_at = _local(plan["solved_at"]), _local(plan["changed_at"])
    view.solve_seconds = solving.default_seconds(loaded.hall_kind)
    view.explanations = texts.explanations(plan["explanations"] or [])
    left_out = {item["guests"][0]: item for item in plan["unseated"] or [] if item.get("guests")}
    view.unseated = sorted((Unseated(g, texts.explanation(left_out[i]) if i in left_out else _("место не назначено"),
                                     left_out.get(i, {}).get("code") == PROTECTED_UNSEATED)
                            for i, g in loaded.guests.items() if i not in loaded.assignment),
                           key=lambda u: (not u.protected, u.guest.rank, u.guest.invitation_id)
                           ) if loaded.assignment else []
    broken = editing.violations(loaded, loaded.assignment) if loaded.assignment else []
    shown = [v for v in broken if v.code != "unseated" or not loaded.allow_partial]
    view.verdict = texts.violations(v for v in shown if v.code != "unseated")
    if any(v.code == "unseated" for v in shown):
        view.verdict.insert(0, _("Не у всех гостей есть место, а неполная рассадка не разрешена."))
    view.inversions = len(editing.inversions(loaded, loaded.assignment)) if loaded.assignment else None
    chosen = [i for i in plan["presidium"] or [] if i in loaded.guests]
    view.presidium = sorted((loaded.guests[i] for i in chosen), key=lambda g: (g.rank, g.invitation_id))
    view.presidium_seats = sum(1 for s in loaded.seats.values() if s.kind is SectionKind.PRESIDIUM and not s.blocked)
    view.apart = [ApartView(r["id"], loaded.guests[r["first"]], loaded.guests[r["second"]], r["note"])
                  for r in await ApartPair.select().where(ApartPair.plan == plan["id"]).order_by(ApartPair.id)
                  if r["first"] in loaded.guests and r["second"] in loaded.guests]
    view.guests, view.seated = len(loaded.guests), len(loaded.assignment)
    colours = _colours(loaded.guests)
    view.scheme = await scheme_for(plan["hall"], _decorate(loaded, colours, {v.guest for v in shown if v.guest}))
    counts = Counter(g.category for g in loaded.guests.values())
    view.legend = [(css, f"{category or _('без категории')} ({fmt_number(counts[category])})")
                   for category, css in colours.items()]
    view.proposal = await versions.proposal_view(loaded, plan["proposal"] or {})
    view.versions = await versions.versions_of(plan["id"])
    return view


async def choose_hall(ceremony_id: int, hall_id: int, allow_partial: bool) -> None:
    """Starts the plan, or changes its hall (the seats of the old hall go; on an approved plan, once confirmed)
    and whether it may be partial."""
    if not await Hall.exists().where(Hall.id == hall_id):
        raise NotFound
    plan = await problem.plan_row(ceremony_id)
    async with write_transaction(SeatingPlan._meta.db):
        if plan is None:
            await SeatingPlan.insert(SeatingPlan(ceremony=ceremony_id, hall=hall_id, allow_partial=allow_partial))
            return
        await SeatingPlan.update({SeatingPlan.allow_partial: allow_partial}).where(SeatingPlan.id == plan["id"])
    if plan["hall"] == hall_id:
        return
    if plan["status"] == PlanStatus.PUBLISHED:
        name = await Hall.select(Hall.name).where(Hall.id == hall_id).first()
        await versions.propose(plan["id"], versions.State(hall_id, {}),
                               _("Другой зал: {hall}").format(hall=name["name"]))
        return
    async with write_transaction(SeatingPlan._meta.db):
        await SeatingPlan.update({SeatingPlan.hall: hall_id, SeatingPlan.presidium: [], SeatingPlan.solver_status: "",
                                  SeatingPlan.objective: None, SeatingPlan.bound: None, SeatingPlan.explanations: [],
                                  SeatingPlan.unseated: [], SeatingPlan.solved_at: None,
                                  SeatingPlan.changed_at: datetime.now(UTC)}).where(SeatingPlan.id == plan["id"])
        await SeatAssignment.delete().where(SeatAssignment.plan == plan["id"])
        await solving.write_labels(ceremony_id, {})


async def _plan(ceremony_id: int) -> dict:
    plan = await problem.plan_row(ceremony_id)
    if plan is None:
        raise NotFound
    return plan


async def set_status(ceremony_id: int, status: PlanStatus) -> None:
    """Approving keeps the plan as it stands as a version; either way a pending proposal is dropped."""
    plan = await plan_settings(ceremony_id)
    async with write_transaction(SeatingPlan._meta.db):
        before = await SeatingPlan.select(SeatingPlan.status, SeatingPlan.presidium,
                                          SeatingPlan.ceremony.title.as_alias("title")).where(
            SeatingPlan.id == plan.id).output(load_json=True).first()
        await SeatingPlan.update({SeatingPlan.status: status, SeatingPlan.proposal: {}}).where(
            SeatingPlan.id == plan.id)
        if before["status"] != status:
            await audit.record("publish" if status is PlanStatus.PUBLISHED else "status", "seating_plan",
                               ceremony_id, before["title"], {"status": [before["status"], status.value]})
        if before["status"] != status and status is PlanStatus.PUBLISHED:
            loaded = await problem.load(ceremony_id)
            await versions.record_version(plan.id, versions.current(loaded, before["presidium"] or []),
                                          _("Рассадка утверждена"))


async def set_presidium(ceremony_id: int, invitation_ids: list[int]) -> None:
    """The presidium's members, seated on the stage at once by its order (the k-th most senior in the k-th most
    honoured seat); those who leave the hall or the stage leave their old seat empty. On an approved plan
    the change waits for confirmation."""
    plan = await _plan(ceremony_id)
    loaded = await problem.load(ceremony_id)
    chosen = list(dict.fromkeys(i for i in invitation_ids if i in loaded.guests))
    leaving = set(chosen) | set(plan["presidium"] or [])
    stage = presidium.stage_order(chosen, loaded.guests, await presidium.stage_seats(plan["hall"]))
    after = {g: s for g, s in loaded.assignment.items() if g not in leaving} | {g: s.id for g, s in stage.items()}
    state = versions.State(loaded.hall_id, after, loaded.pinned - leaving, tuple(chosen))
    if plan["status"] == PlanStatus.PUBLISHED:
        await versions.propose(plan["id"], state, _("Президиум: {names}").format(
            names=Texts.of_plan(loaded).people(chosen) or "—"))
        return
    async with write_transaction(SeatingPlan._meta.db):
        await SeatingPlan.update({SeatingPlan.presidium: chosen, SeatingPlan.changed_at: datetime.now(UTC)}).where(
            SeatingPlan.id == plan["id"])
        await solving.write_assignment(loaded, after, state.pinned)
        await solving.record_seats(loaded, loaded.assignment, after, {"presidium": chosen})


async def change_presidium(ceremony_id: int, action: str, invitation_ids: list[int]) -> None:
    """add / remove one guest, set the list (a confirmed suggestion), clear."""
    plan = await _plan(ceremony_id)
    current = list(plan["presidium"] or [])
    if action == "add":
        current += [i for i in invitation_ids[:1] if i not in current]
    elif action == "remove":
        current = [i for i in current if i not in invitation_ids]
    elif action == "set":
        current = invitation_ids
    elif action == "clear":
        current = []
    else:
        raise NotFound
    await set_presidium(ceremony_id, current)


async def apply_proposal(ceremony_id: int) -> None:
    """Writes the pending proposal: seats, seat labels (flagging printed cards), presidium, hall, the solver's
    verdict when a re-solve made it; one audit entry and a new version. No proposal: nothing happens."""
    plan = await _plan(ceremony_id)
    proposal = plan["proposal"] or {}
    if not proposal:
        return
    loaded = await problem.load(ceremony_id)
    before = versions.current(loaded, plan["presidium"] or [])
    after = versions.State.from_plain(proposal["state"])
    if not await Hall.exists().where(Hall.id == after.hall):  # the proposed hall was deleted meanwhile
        raise NotFound
    labels = await versions.seat_labels(loaded, after.hall)
    after = versions.usable(loaded, after, set(labels))
    values = {SeatingPlan.hall: after.hall, SeatingPlan.presidium: list(after.presidium), SeatingPlan.proposal: {},
              SeatingPlan.changed_at: datetime.now(UTC)}
    if solver := proposal.get("solver"):
        values.update(versions.solver_columns(solver))
    elif after.hall != before.hall:
        values.update({SeatingPlan.solver_status: "", SeatingPlan.objective: None, SeatingPlan.bound: None,
                       SeatingPlan.explanations: [], SeatingPlan.unseated: [], SeatingPlan.solved_at: None})
    if len(after.assignment) < len(before.assignment):  # an approved plan never has fewer seats unnoticed
        values[SeatingPlan.status] = PlanStatus.DRAFT
    async with write_transaction(SeatingPlan._meta.db):
        await solving.write_assignment(loaded, dict(after.assignment), after.pinned, labels)
        await SeatingPlan.update(values).where(SeatingPlan.id == loaded.plan_id)
        await solving.record_seats(loaded, dict(before.assignment), dict(after.assignment),
                                   {"reason": proposal.get("reason", "")}, labels)
        await versions.record_version(loaded.plan_id, after, proposal.get("reason", ""))


async def search_guests(ceremony_id: int, query: str) -> list[problem.GuestInfo]:
    """The ceremony's guests whose name holds the query (ё = е, any case), those whose surname begins with it
    first: the guest picker."""
    key = search_key(query)
    if len(key) < 2:
        return []
    rows = await Invitation.select(Invitation.id, Invitation.person.search_key.as_alias("key")).where(
        (Invitation.ceremony == ceremony_id) & Invitation.status.not_in(list(problem.GONE))
        & Invitation.person.search_key.like(f"%{key}%")).limit(SEARCH_MATCHES)
    guests = await problem.guests_of(ceremony_id)
    found = sorted((r for r in rows if r["id"] in guests),
                   key=lambda r: (not r["key"].startswith(key), guests[r["id"]].full_name))
    return [guests[r["id"]] for r in found[:SEARCH_LIMIT]]


async def guest_on(ceremony_id: int, seat_id: int) -> int:
    """The invitation seated on the seat in the ceremony's plan, or 0."""
    row = await SeatAssignment.select(SeatAssignment.invitation).where(
        (SeatAssignment.seat == seat_id) & (SeatAssignment.plan.ceremony == ceremony_id)).first()
    return row["invitation"] if row else 0
