"""«Предложить: N самых старших»: a presidium the officer sees first and then confirms, with needs respected.

On the stage the k-th most senior member takes the k-th most honoured seat (solver/seating/presidium.py), so
the suggestion plays that order out. Taken most senior first, a guest joins when
- the seat the order gives them suits them: a wheelchair user needs a wheelchair place, a guest who may not use
  stairs a step-free one (a wheelchair place is step-free too);
- a guest with an escort invited for them brings the escort, and the order seats the two side by side;
  a guest whose card says they need an escort and who has none invited is left out;
- and the seats of the members taken before still suit them (a newcomer shifts those junior to them).
Whoever is left out is listed with the reason, so that the officer can change the stage or choose by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.guests.kinds import LinkKind
from app.guests.tables import Person, PersonLink
from app.invitations.kinds import CompanionKind
from app.invitations.tables import Invitation
from app.seating.kinds import SectionKind
from app.seating.plan import problem
from app.seating.plan.explain import Texts


@dataclass(frozen=True)
class StageSeat:
    id: int
    label: str
    segment: int
    order: int
    wheelchair: bool
    step_free: bool


@dataclass
class Suggestion:
    seats: int
    members: list[problem.GuestInfo] = field(default_factory=list)  # most senior first
    skipped: list[tuple[problem.GuestInfo, str]] = field(default_factory=list)  # with the reason


async def stage_seats(hall_id: int) -> list[StageSeat]:
    """The presidium's open seats, most honoured first: the order the solver fills them in."""
    rows, info = await problem.seats_of(hall_id)
    stage = sorted((r for r in rows if r["section_kind"] == SectionKind.PRESIDIUM and not r["blocked"]),
                   key=lambda r: (-r["honour"], r["id"]))
    return [StageSeat(r["id"], info[r["id"]].label, r["segment"], r["order"], r["wheelchair"], r["step_free"])
            for r in stage]


def stage_order(members: Sequence[int], guests: Mapping[int, problem.GuestInfo],
                seats: Sequence[StageSeat]) -> dict[int, StageSeat]:
    """invitation id -> the seat the presidium's order gives them (the solver's tie-break: rank, then id)."""
    ranked = sorted(members, key=lambda i: (guests[i].rank, i))
    return {i: seat for i, seat in zip(ranked, seats, strict=False)}


async def _escorts(ceremony_id: int, guests: Mapping[int, problem.GuestInfo]) -> dict[int, int]:
    """guest's invitation id -> their escort's: an escort invitation of theirs, or a person linked as their
    escort in the registry and invited to the ceremony."""
    found = {g.companion_of: i for i, g in guests.items() if g.companion_of in guests}
    kinds = {r["id"]: r["companion_kind"] for r in await Invitation.select(
        Invitation.id, Invitation.companion_kind).where(Invitation.id.is_in(list(found.values()) or [0]))}
    escorts = {guest: escort for guest, escort in found.items() if kinds.get(escort) == CompanionKind.ESCORT}
    by_person = {g.person_id: i for i, g in guests.items()}
    for link in await PersonLink.select(PersonLink.person, PersonLink.other).where(
            (PersonLink.kind == LinkKind.ESCORT_OF) & PersonLink.other.is_in(list(by_person) or [0])):
        if link["person"] in by_person:
            escorts.setdefault(by_person[link["other"]], by_person[link["person"]])
    return escorts


async def _needing_escort(guests: Mapping[int, problem.GuestInfo]) -> set[int]:
    people = {r["id"] for r in await Person.select(Person.id).where(
        Person.id.is_in([g.person_id for g in guests.values()] or [0]) & Person.needs_escort.eq(True))}
    return {i for i, g in guests.items() if g.person_id in people}


def _misfit(guest: problem.GuestInfo, seat: StageSeat, seats: Sequence[StageSeat]) -> str:
    """Why the seat the order gives the guest does not suit them ("" when it does)."""
    if guest.wheelchair and not seat.wheelchair:
        if not any(s.wheelchair for s in seats):
            return _("на коляске, а на сцене нет места для коляски")
        return _("на коляске, а место по старшинству ({seat}) не для коляски").format(seat=seat.label)
    if guest.no_stairs and not (seat.step_free or seat.wheelchair):
        if not any(s.step_free or s.wheelchair for s in seats):
            return _("нельзя по ступенькам, а на сцену нет прохода без ступенек")
        return _("нельзя по ступенькам, а место по старшинству ({seat}) со ступеньками").format(seat=seat.label)
    return ""


def _problem(members: Sequence[int], party: Sequence[int], guests: Mapping[int, problem.GuestInfo],
             seats: Sequence[StageSeat], escorts: Mapping[int, int], texts: Texts) -> str:
    """The first thing that would go wrong on the stage if `party` joined `members` ("" when nothing does)."""
    placed = stage_order([*members, *party], guests, seats)
    for i in sorted(placed, key=lambda i: (guests[i].rank, i)):
        if why := _misfit(guests[i], placed[i], seats):
            return why if i in party else _("сдвинул(а) бы {other}: {why}").format(other=texts.person(i), why=why)
        escort = escorts.get(i)
        if escort in placed:
            a, b = placed[i], placed[escort]
            if a.segment != b.segment or abs(a.order - b.order) != 1:
                return _("сопровождающий ({escort}) по старшинству сел бы не рядом: {seat}").format(
                    escort=texts.person(escort), seat=b.label)
    return ""


async def suggest(ceremony_id: int) -> Suggestion:
    """The N most senior guests who can sit on the stage (N = its open seats), and who was passed over and why."""
    plan = await problem.plan_row(ceremony_id)
    if plan is None:
        raise NotFound
    guests = await problem.guests_of(ceremony_id)
    seats = await stage_seats(plan["hall"])
    escorts = await _escorts(ceremony_id, guests)
    needing = await _needing_escort(guests)
    attendants = set(escorts.values())
    texts = Texts(guests, {})
    result = Suggestion(seats=len(seats))
    members: list[int] = []
    for guest in guests.values():
        if len(members) >= len(seats):
            break
        i = guest.invitation_id
        if i in attendants:
            continue  # an escort goes on the stage with their guest, not on their own precedence
        party = [i, escorts[i]] if i in escorts else [i]
        if i in needing and i not in escorts:
            why = _("нужен сопровождающий, а он не приглашён")
        elif len(members) + len(party) > len(seats):
            why = _("с сопровождающим нужно два места, а на сцене осталось одно")
        else:
            why = _problem(members, party, guests, seats, escorts, texts)
        if why:
            result.skipped.append((guest, why))
        else:
            members += party
    result.members = [guests[i] for i in members]
    return result
