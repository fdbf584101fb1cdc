"""`ceremonia seat`: a seating plan from two files, without the database — for scripting and benchmarks.

    ceremonia seat --hall HALL.json --guests GUESTS.xlsx|csv --out PLAN.csv [--json] [--time-limit 10] [--partial]

HALL.json is a hall in our format or pretix's (app.seating.halls.files), GUESTS the list of app.seating.guest_file.
The problem is split as the app splits a ceremony's plan (app.seating.plan.problem): a banquet hall is one problem
(Layout.BANQUET); in a rows hall the guests marked «президиум» are seated on the presidium by the centre-out
rule (Layout.PRESIDIUM) and everyone else in the rows (Layout.HALL) — presidium seats never take the others,
so with nobody marked the presidium stays empty; a hall that is only a presidium seats everyone on it.

PLAN.csv (UTF-8 with BOM, «;»): every guest of the file once, in its order, with the seat or empty cells when
--partial left them out. --json prints to stdout: status, objective, bound, gap, seconds, guests, seated,
unseated (id, name, code, text), explanations (code, text, guests, seats), violations (none, unless the
validator finds a plan breaking a hard rule: then nothing is written) and warnings about the guests file (rows,
text): likely duplicates name both rows.
Exit codes: 0 the plan written; 1 no plan (the input is infeasible — explained — or none was found in the
time); 2 bad input (every fault named, with the row and column for the guests file).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click

from app.core.formatting import fmt_decimal, fmt_number, fmt_percent
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.text import search_key
from app.seating.guest_file import Fault, GuestFile, GuestFileError, GuestRow, read_guests
from app.seating.halls.files import read_hall
from app.seating.halls.json_fields import HallFileError
from app.seating.halls.layout import HallSpec, SeatSpec, split_honour
from app.seating.kinds import SOLVER_STATUS_LABELS, HallKind, SectionKind
from app.seating.plan.explain import Texts
from app.seating.plan.problem import GuestInfo, SeatInfo
from app.seating.plan.solving import levels
from solver import seating as engine

EXIT_PLAN, EXIT_NO_PLAN, EXIT_BAD_INPUT = 0, 1, 2
# The worst status of the parts is the plan's: any part without a plan leaves the whole without one.
_WORST_FIRST = (engine.Status.INFEASIBLE, engine.Status.TIMEOUT, engine.Status.FEASIBLE, engine.Status.OPTIMAL)


# ------------------------------------------------------------------------------ the problem


def solver_seat(index: int, seat: SeatSpec) -> engine.Seat:
    """The seat as the solver sees it; its id is its position in the hall's list of seats."""
    level, place = split_honour(seat.honour) if seat.kind == SectionKind.ROWS else (seat.honour, 0)
    return engine.Seat(id=index, zone=seat.section, row=seat.row_label, row_index=seat.row_index, x=seat.order,
                       segment=seat.segment, honour=level, place=place, wheelchair=seat.wheelchair,
                       companion=seat.companion,
                       aisle=seat.aisle, step_free=seat.step_free, restricted_view=seat.restricted_view,
                       blocked=seat.blocked, table=seat.table, sector=seat.sector)


def seat_reference(seat: SeatSpec) -> str:
    """«Партер/3/12»: how the guests file pins a seat and the JSON report names one."""
    return f"{seat.section}/{seat.row_label}/{seat.number}"


class SeatFinder:
    """Seat references of the guests file: a guid, «Секция/ряд/место», or «Секция/место» in a section of one
    row (a table, the presidium); case and ё/е do not matter."""

    def __init__(self, spec: HallSpec) -> None:
        self.by_key: dict[str, list[int]] = defaultdict(list)
        rows: dict[str, set[str]] = defaultdict(set)
        for seat in spec.seats:
            rows[seat.section].add(seat.row_label)
        for i, seat in enumerate(spec.seats):
            keys = {seat.guid, seat_reference(seat)} - {""}
            if len(rows[seat.section]) == 1:
                keys.add(f"{seat.section}/{seat.number}")
            for key in keys:
                self.by_key[self._key(key)].append(i)

    @staticmethod
    def _key(text: str) -> str:
        return "/".join(search_key(part) for part in text.split("/"))

    def find(self, reference: str) -> list[int]:
        return self.by_key.get(self._key(reference), [])


def build_parts(spec: HallSpec, guests: GuestFile, allow_partial: bool = False) -> tuple[engine.Instance, ...]:
    """The solver's problems for the hall and the guests; GuestFileError names every row that can not be seated
    as written: the file's own faults, and an unknown pin, a pin across the presidium's edge, a presidium the
    hall lacks."""
    on_stage = [i for i, s in enumerate(spec.seats) if s.kind == SectionKind.PRESIDIUM]
    banquet = spec.kind == HallKind.TABLES
    only_stage = len(on_stage) == len(spec.seats)
    # A banquet hall is one problem: its head table is a table like the others, seated by precedence.
    presidium = set() if banquet else {g.id for g in guests.guests if g.presidium or only_stage}
    errors: list[Fault] = []
    if presidium and not on_stage:
        errors += [guests.fault(g.line, "presidium", _("в зале нет президиума.")) for g in guests.guests
                   if g.id in presidium]
    pins = _pins(spec, guests, presidium, set(on_stage) if not banquet else set(), errors)
    guests.check(errors)
    seats = [solver_seat(i, s) for i, s in enumerate(spec.seats)]
    groups = _groups(guests.guests)
    admitted = {sector: frozenset(names) for sector, names in spec.sector_categories.items()}
    stage_ids = set(on_stage)

    def part(layout: engine.Layout, seat_ids: Sequence[int], members: list[GuestRow]) -> engine.Instance:
        ids = {g.id for g in members}
        sectors = {seats[i].sector for i in seat_ids}
        on_presidium = layout == engine.Layout.PRESIDIUM
        return engine.Instance(
            seats=tuple(seats[i] for i in seat_ids),
            guests=tuple(engine.Guest(
                id=g.id, name=g.name, rank=g.rank, category=g.category, wheelchair=g.wheelchair,
                no_stairs=g.no_stairs, aisle=g.aisle, pinned=pins.get(g.id),
                # As in the app: sectors listed in the file, else those reserved for the guest's category.
                sectors=frozenset() if on_presidium else (
                    g.sectors or frozenset(s for s in sectors if g.category in admitted.get(s, ()))),
                group=None if on_presidium else groups.get(g.id)) for g in members),
            layout=layout,
            apart_pairs=tuple(sorted({(min(g.id, o), max(g.id, o)) for g in members for o in g.apart if o in ids})),
            sector_categories={s: c for s, c in admitted.items() if s in sectors},
            allow_partial=allow_partial,
        )

    if banquet:
        return (part(engine.Layout.BANQUET, range(len(seats)), list(guests.guests)),)
    parts = []
    if presidium:
        parts.append(part(engine.Layout.PRESIDIUM, on_stage, [g for g in guests.guests if g.id in presidium]))
    rest = [g for g in guests.guests if g.id not in presidium]
    if rest:
        parts.append(part(engine.Layout.HALL, [i for i in range(len(seats)) if i not in stage_ids], rest))
    return tuple(parts)


def _pins(spec: HallSpec, guests: GuestFile, presidium: set[int], stage: set[int], errors: list[Fault]
          ) -> dict[int, int]:
    finder = SeatFinder(spec)
    pins = {}
    for g in guests.guests:
        if not g.pin:
            continue
        found = finder.find(g.pin)
        if len(found) != 1:
            message = (_("места «%(pin)s» в зале нет.") if not found
                       else _("«%(pin)s» — так названы несколько мест; укажите guid места."))
            errors.append(guests.fault(g.line, "pin", message % {"pin": g.pin}))
        elif (found[0] in stage) != (g.id in presidium) and stage:
            message = (_("место «%(pin)s» в президиуме, а гость не в президиуме.") if found[0] in stage
                       else _("гость в президиуме, а место «%(pin)s» — в зале."))
            errors.append(guests.fault(g.line, "pin", message % {"pin": g.pin}))
        else:
            pins[g.id] = found[0]
    return pins


def _groups(guests: Sequence[GuestRow]) -> dict[int, int]:
    """guest id -> group number, for the labels that two or more guests share."""
    members: dict[str, list[int]] = defaultdict(list)
    for g in guests:
        if g.group:
            members[search_key(g.group)].append(g.id)
    return {i: number for number, ids in enumerate(m for m in members.values() if len(m) > 1) for i in ids}


# ------------------------------------------------------------------------------ solving and the report


@dataclass(frozen=True)
class Outcome:
    status: engine.Status
    assignment: dict[int, int]  # guest id -> seat index
    objective: int | None
    bound: int | None
    gap: float | None  # the level score's, as on the seating page
    seconds: float
    explanations: tuple[engine.Explanation, ...]
    unseated: tuple[engine.Explanation, ...]
    violations: tuple[engine.Violation, ...]

    @property
    def has_plan(self) -> bool:
        return self.status in (engine.Status.OPTIMAL, engine.Status.FEASIBLE) and not self.violations


def solve_parts(parts: Sequence[engine.Instance], time_limit: float) -> Outcome:
    """Each part solved and checked by the validator; the plan is the parts' plans together."""
    solutions = [engine.solve(instance, time_limit) for instance in parts]
    statuses = {s.status for s in solutions}
    status = next(s for s in _WORST_FIRST if s in statuses)
    planned = [(p, s) for p, s in zip(parts, solutions, strict=True) if s.objective is not None]
    objectives = [s.objective for s in solutions if s.objective is not None]
    bounds = [s.bound for s in solutions if s.bound is not None]
    level, ceiling = levels(parts, solutions, "objective"), levels(parts, solutions, "bound")
    return Outcome(
        status=status,
        assignment={g: seat for s in solutions for g, seat in s.assignment.items()},
        objective=sum(objectives) if len(objectives) == len(solutions) else None,
        bound=sum(bounds) if len(bounds) == len(solutions) else None,
        gap=max(0, ceiling - level) / abs(ceiling) if level is not None and ceiling else None,
        seconds=sum(s.seconds for s in solutions),
        explanations=tuple(e for s in solutions for e in s.explanations),
        unseated=tuple(e for s in solutions for e in s.unseated),
        violations=tuple(v for p, s in planned for v in engine.validate(p, s.assignment)),
    )


def texts(spec: HallSpec, guests: GuestFile, partial: bool) -> Texts:
    """The page's texts for explanations and violations, over the file's names and the hall's seats (with
    --partial a shortage is not answered with «разрешите неполную рассадку»)."""
    people = {g.id: GuestInfo(invitation_id=g.id, person_id=0, surname=g.name, name="", patronymic="", position="",
                              organisation="", category=g.category, rank=g.rank, wheelchair=g.wheelchair,
                              no_stairs=g.no_stairs, companion_of=None) for g in guests.guests}
    seats = {i: SeatInfo(id=i, section=s.section, kind=s.kind, row_label=s.row_label, number=s.number, table=s.table,
                         blocked=s.blocked) for i, s in enumerate(spec.seats)}
    return Texts(people, seats, partial)


def report(spec: HallSpec, guests: GuestFile, outcome: Outcome, out: Path | None, partial: bool) -> dict[str, Any]:
    words = texts(spec, guests, partial)
    names = {g.id: g.name for g in guests.guests}

    def explained(e: engine.Explanation) -> dict[str, Any]:
        return {"code": e.code, "text": words.explanation(asdict(e)), "guests": list(e.guests),
                "seats": [seat_reference(spec.seats[i]) for i in e.seats if 0 <= i < len(spec.seats)]}

    return {
        "status": outcome.status.value,
        "objective": outcome.objective,
        "bound": outcome.bound,
        "gap": round(outcome.gap, 6) if outcome.gap is not None else None,
        "seconds": round(outcome.seconds, 3),
        "guests": len(guests.guests),
        "seated": len(outcome.assignment),
        "unseated": [{"id": g, "name": names.get(g, ""), "code": e.code, "text": words.explanation(asdict(e))}
                     for e in outcome.unseated for g in e.guests],
        "explanations": [explained(e) for e in outcome.explanations],
        "violations": words.violations(outcome.violations),
        "warnings": [{"rows": list(n.rows), "text": n.text} for n in guests.notices],
        "out": str(out) if out is not None and outcome.has_plan else None,
    }


PLAN_COLUMNS = (N_("id"), N_("ФИО"), N_("секция"), N_("ряд"), N_("место"), N_("guid места"), N_("стол"))


def write_plan(path: Path, spec: HallSpec, guests: GuestFile, assignment: Mapping[int, int]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow([_(c) for c in PLAN_COLUMNS])
        for g in guests.guests:
            seat = spec.seats[assignment[g.id]] if g.id in assignment else None
            writer.writerow([g.id, g.name] + ([seat.section, seat.row_label, seat.number, seat.guid,
                                               "" if seat.table is None else seat.table + 1] if seat else [""] * 5))


# ------------------------------------------------------------------------------ the command


def _bad_input(errors: list[str], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"status": "bad_input", "errors": errors}, ensure_ascii=False, indent=2))
    else:
        for error in errors:
            click.echo(error, err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.command("seat")
@click.option("--hall", "hall_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Зал: JSON в формате Церемонии (ceremonia-hall) или pretix.")
@click.option("--guests", "guests_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Гости: XLSX или CSV.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Куда записать рассадку (CSV).")
@click.option("--json", "as_json", is_flag=True, help="Итог в JSON на стандартный вывод.")
@click.option("--time-limit", default=10.0, type=click.FloatRange(min=0.1), show_default=True,
              help="Секунд на каждую часть задачи (президиум, зал).")
@click.option("--partial", is_flag=True, help="Разрешить неполную рассадку: кому нет места — в списке с причиной.")
def seat(hall_path: Path, guests_path: Path, out_path: Path, as_json: bool, time_limit: float, partial: bool) -> None:
    """Seat the guests of a file in a hall of a file (no database). Exit 0: plan written, 1: no plan, 2: bad input."""
    try:
        spec = read_hall(hall_path.read_bytes())
    except HallFileError as error:
        _bad_input([_("Файл зала %(file)s: %(error)s") % {"file": hall_path.name, "error": error}], as_json)
    try:
        guests = read_guests(guests_path.name, guests_path.read_bytes())
        parts = build_parts(spec, guests, partial)
    except GuestFileError as error:
        _bad_input([_("Файл гостей %(file)s: %(error)s") % {"file": guests_path.name, "error": e}
                    for e in error.errors], as_json)
    outcome = solve_parts(parts, time_limit)
    if outcome.has_plan:
        write_plan(out_path, spec, guests, outcome.assignment)
    result = report(spec, guests, outcome, out_path, partial)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print(result, outcome)
    sys.exit(EXIT_PLAN if outcome.has_plan else EXIT_NO_PLAN)


def _print(result: Mapping[str, Any], outcome: Outcome) -> None:
    stream = not outcome.has_plan  # what went wrong goes to stderr
    click.echo(_(SOLVER_STATUS_LABELS[outcome.status.value]) + ".", err=stream)
    if outcome.has_plan:
        click.echo(_("Рассажено %(seated)d из %(guests)d; план записан в %(out)s.") % result)
        if result["objective"] is not None:  # (the JSON keeps the gap as a fraction, the text a percent)
            click.echo(_("Целевая функция %(objective)s, граница %(bound)s, разрыв %(gap)s, %(seconds)s с.")
                       % {"objective": fmt_number(result["objective"]),
                          "bound": fmt_number(result["bound"]) if result["bound"] is not None else "—",
                          "gap": fmt_percent(result["gap"]) if result["gap"] is not None else "—",
                          "seconds": fmt_decimal(result["seconds"])})
    for line in [e["text"] for e in result["explanations"]] + result["violations"]:
        click.echo(f"— {line}", err=stream)
    for item in result["unseated"]:
        click.echo(_("Без места: %(name)s (%(id)s) — %(text)s") % item)
    for notice in result["warnings"]:
        click.echo(_("Внимание: %(text)s") % notice, err=True)
