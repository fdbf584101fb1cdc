"""The drawing of a hall (templates/seating/_scheme.html draws it as SVG): seats, row labels at both ends of
each row, section names, the stage and the tables, all in plan units shifted so the drawing starts at 0.

The hall editor and the seating-plan page share it; each says per seat which CSS classes, hover text and
short text to show (decorate), e.g. the guest's category colour and initials.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.i18n import gettext as _
from app.seating.halls.layout import TABLE_STEP, HallSpec, SeatSpec
from app.seating.halls.services import load_spec
from app.seating.kinds import SectionKind


@dataclass(frozen=True)
class SchemeSeat:
    id: int  # Seat.id
    x: float  # plan units, shifted into the drawing
    y: float
    css: str  # extra CSS classes chosen by the caller: "cat-3 pinned wheelchair blocked selected"
    title: str  # hover text (<title>)
    text: str = ""  # short text drawn on the seat (seat number, or initials)
    row: str = ""  # row_key(): the row's label (or the table) that selects it with its neighbours (data-row)
    section: str = ""  # the section's name (data-section)


@dataclass(frozen=True)
class SchemeLabel:
    x: float
    y: float
    text: str
    css: str = ""  # "row" (the row's label, at both ends), "section", "stage"
    key: str = ""  # what clicking the label selects: a row_key() or "section:<section>"


@dataclass(frozen=True)
class SchemeView:
    width: float  # plan units, the viewBox
    height: float
    seats: tuple[SchemeSeat, ...]
    labels: tuple[SchemeLabel, ...]
    stage: tuple[float, float, float, float] | None  # x, y, w, h of the stage / presidium area
    tables: tuple[tuple[float, float, float, str], ...] = ()  # cx, cy, r, label: round tables under the seats
    boards: tuple[tuple[float, float, float, float, str], ...] = ()  # x, y, w, h, label: rectangular tables


Decorate = Callable[[SeatSpec], tuple[str, str, str]]  # a seat -> (css classes, hover text, short text)

MARGIN = 2.5  # room for the row labels at both ends
STAGE_DEPTH = 2.4
ATTRIBUTE_CLASSES = ("blocked", "wheelchair", "companion", "aisle", "step_free", "restricted_view")


def row_key(seat: SeatSpec) -> str:
    """What selects the seat with its neighbours in the editor: its row, or its table."""
    if seat.kind == SectionKind.TABLE:
        return f"table:{table_label(seat)}"
    return f"row:{seat.section}:{seat.row_label}" if seat.kind == SectionKind.ROWS else ""


def table_label(seat: SeatSpec) -> str:
    return str((seat.table if seat.table is not None else seat.segment) + 1)


def seat_classes(seat: SeatSpec) -> str:
    """The seat's own attributes as CSS classes: "blocked wheelchair restricted-view"."""
    return " ".join(a.replace("_", "-") for a in ATTRIBUTE_CLASSES if getattr(seat, a))


def seat_place(seat: SeatSpec) -> str:
    """«Партер, ряд 3, место 12» / «Стол 4, место 2» / «Президиум, место 5»."""
    if seat.kind == SectionKind.ROWS:
        return _("%(section)s, ряд %(row)s, место %(number)s") % {
            "section": seat.section, "row": seat.row_label, "number": seat.number}
    return _("%(section)s, место %(number)s") % {"section": seat.section, "number": seat.number}


def seat_title(seat: SeatSpec) -> str:
    """The place and what is special about the seat, for the hover text of the hall editor."""
    notes = [seat_place(seat)]
    if seat.blocked:
        notes.append(_("закрыто") + (f": {seat.blocked_reason}" if seat.blocked_reason else ""))
    for flag, label in ((seat.wheelchair, _("место для коляски")), (seat.companion, _("место сопровождающего")),
                        (seat.aisle, _("у прохода")), (seat.step_free, _("без ступеней")),
                        (seat.restricted_view, _("ограниченный обзор"))):
        if flag:
            notes.append(label)
    if seat.sector:
        notes.append(_("сектор «%(sector)s»") % {"sector": seat.sector})
    notes.append(_("почётность %(honour)d") % {"honour": seat.honour} + (" ✎" if seat.honour_manual else ""))
    return "; ".join(notes)


def plain(seat: SeatSpec) -> tuple[str, str, str]:
    """The hall editor's decoration: attributes, the full description, the seat number."""
    return seat_classes(seat), seat_title(seat), seat.number


ZONE_COLOURS = 12  # .zone-0 (the most honoured) … .zone-11 in seating.css: one sequential scale


def _zone_key(seat: SeatSpec) -> tuple[int, int]:
    """The presidium is one zone; a hall's honour comes in levels already; a table is one zone."""
    if seat.kind == SectionKind.PRESIDIUM:
        return (1, 0)
    if seat.kind == SectionKind.TABLE:
        return (0, seat.honour // TABLE_STEP)
    return (0, seat.honour)


def honour_zones(spec: HallSpec) -> tuple[Decorate, list[tuple[str, str]]]:
    """Seats coloured by honour zone on a scale from the most honoured, and the scale's legend. More zones
    than colours share them in order, so the scale always runs from one end to the other."""
    keys = sorted({_zone_key(s) for s in spec.seats}, reverse=True)
    colours = min(len(keys), ZONE_COLOURS)
    shade = {k: i * colours // len(keys) if colours < len(keys) else i for i, k in enumerate(keys)}
    if colours > 1:  # spread few zones over the whole scale
        shade = {k: round(v * (ZONE_COLOURS - 1) / (colours - 1)) for k, v in shade.items()}

    def decorate(seat: SeatSpec) -> tuple[str, str, str]:
        return f"{seat_classes(seat)} zone-{shade[_zone_key(seat)]}", seat_title(seat), seat.number

    used = sorted(set(shade.values()))
    legend = [(f"zone-{z}", "") for z in used]
    if legend:
        legend[0] = (legend[0][0], _("самые почётные места"))
    if len(legend) > 1:
        legend[-1] = (legend[-1][0], _("наименее почётные"))
    return decorate, legend


def selecting(decorate: Decorate, selected: frozenset[int]) -> Decorate:
    """The same decoration with the seats picked in the editor marked."""
    def marked(seat: SeatSpec) -> tuple[str, str, str]:
        css, title, text = decorate(seat)
        return (f"{css} selected" if seat.id in selected else css), title, text
    return marked


def build_scheme(spec: HallSpec, decorate: Decorate = plain) -> SchemeView:
    seats = spec.seats
    if not seats:
        return SchemeView(10, 6, (), (), (0, 0, 10, STAGE_DEPTH))
    on_stage = [s for s in seats if s.kind == SectionKind.PRESIDIUM]
    in_hall = [s for s in seats if s.kind != SectionKind.PRESIDIUM] or seats
    hall_top = min(s.y for s in in_hall)
    hall_left, hall_right = min(s.x for s in in_hall), max(s.x for s in in_hall)
    if on_stage:
        stage_bottom = min(hall_top - 1.6, min(s.y for s in on_stage) + 1.0)
        stage_top = min(s.y for s in on_stage) - 1.4
    else:
        stage_bottom = hall_top - (1.6 if any(s.kind == SectionKind.ROWS for s in seats) else 1.8)
        stage_top = stage_bottom - STAGE_DEPTH
    left = min(hall_left, *(s.x for s in on_stage)) - MARGIN if on_stage else hall_left - MARGIN
    right = max(hall_right, *(s.x for s in on_stage)) + MARGIN if on_stage else hall_right + MARGIN
    top = stage_top - 0.5
    bottom = max(s.y for s in seats) + 1.5
    dx, dy = -left, -top

    drawn = []
    for s in seats:
        css, title, text = decorate(s)
        drawn.append(SchemeSeat(s.id, round(s.x + dx, 3), round(s.y + dy, 3), css, title, text, row_key(s),
                                s.section))
    span = hall_right - hall_left
    stage_left = hall_left + span * 0.15 if not on_stage else min(s.x for s in on_stage) - 1.5
    stage_width = span * 0.7 if not on_stage else max(s.x for s in on_stage) - min(s.x for s in on_stage) + 3.0
    stage = (round(stage_left + dx, 3), round(stage_top + dy, 3), round(max(stage_width, 4.0), 3),
             round(stage_bottom - stage_top, 3))
    # With a presidium the stage's label names it, and clicking it selects the presidium's seats.
    labels = [SchemeLabel(stage[0] + stage[2] / 2, stage[1] + 0.55,
                          _("Сцена · %(section)s") % {"section": on_stage[0].section}, "stage",
                          f"section:{on_stage[0].section}") if on_stage
              else SchemeLabel(stage[0] + stage[2] / 2, stage[1] + stage[3] / 2 + 0.2, _("Сцена"), "stage")]
    labels += [SchemeLabel(x + dx, y + dy, text, css, key) for x, y, text, css, key in _row_labels(in_hall)]
    tables, boards = _tables([s for s in seats if s.kind == SectionKind.TABLE])
    return SchemeView(
        round(right - left, 3), round(bottom - top, 3), tuple(drawn), tuple(labels), stage,
        tuple((round(cx + dx, 3), round(cy + dy, 3), r, label) for cx, cy, r, label in tables),
        tuple((round(x + dx, 3), round(y + dy, 3), w, h, label) for x, y, w, h, label in boards),
    )


def _row_labels(seats: Sequence[SeatSpec]) -> list[tuple[float, float, str, str, str]]:
    """Each row's label at both of its ends, and each section's name above its first row."""
    rows: dict[str, list[SeatSpec]] = defaultdict(list)
    for s in seats:
        if s.kind == SectionKind.ROWS:
            rows[row_key(s)].append(s)
    out = []
    for key, members in rows.items():
        y = sum(s.y for s in members) / len(members)
        label = members[0].row_label
        out.append((min(s.x for s in members) - 1.2, y, label, "row", key))
        out.append((max(s.x for s in members) + 1.2, y, label, "row", key))
    sections: dict[str, list[SeatSpec]] = defaultdict(list)
    for s in seats:
        if s.kind == SectionKind.ROWS:
            sections[s.section].append(s)
    for name, members in sections.items():
        x = (min(s.x for s in members) + max(s.x for s in members)) / 2
        out.append((x, min(s.y for s in members) - 0.95, name, "section", f"section:{name}"))
    return out


def _tables(seats: Sequence[SeatSpec]) -> tuple[list[tuple[float, float, float, str]],
                                                 list[tuple[float, float, float, float, str]]]:
    """Round tables where the seats ring a centre; a board under seats in one or two straight lines."""
    by_table: dict[int, list[SeatSpec]] = defaultdict(list)
    for s in seats:
        by_table[s.table if s.table is not None else s.segment].append(s)
    rounds, boards = [], []
    for table in sorted(by_table):
        members = by_table[table]
        label = table_label(members[0])
        ys = sorted({round(s.y, 2) for s in members})
        xs = [s.x for s in members]
        if len(ys) == 1:  # a head table: everyone faces the hall, the board in front of them
            boards.append((min(xs) - 0.5, ys[0] + 0.55, max(xs) - min(xs) + 1.0, 0.8, label))
        elif len(ys) == 2:
            boards.append((min(xs) - 0.5, ys[0] + 0.5, max(xs) - min(xs) + 1.0, ys[1] - ys[0] - 1.0, label))
        else:
            cx = sum(xs) / len(members)
            cy = sum(s.y for s in members) / len(members)
            radius = sum(math.hypot(s.x - cx, s.y - cy) for s in members) / len(members)
            rounds.append((cx, cy, round(max(0.5, radius - 0.75), 3), label))
    return rounds, boards


async def scheme_for(hall_id: int, decorate: Decorate = plain) -> SchemeView:
    """The stored hall drawn; raises app.core.results.NotFound for an unknown hall."""
    return build_scheme(await load_spec(hall_id), decorate)

