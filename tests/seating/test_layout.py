"""Hall templates and the honour derived from the layout (pure: no database)."""

from collections import defaultdict
from dataclasses import replace

from app.seating.halls.layout import derive_honour, rows_template, split_honour, tables_template
from app.seating.halls.scheme import build_scheme, honour_zones
from app.seating.kinds import HallKind, NumberingKind, SectionKind
from solver.seating import around, centre_out


def row(spec, index):
    return sorted((s for s in spec.seats if s.kind == SectionKind.ROWS and s.row_index == index), key=lambda s: s.x)


def test_rows_template_counts_labels_and_left_to_right_numbers():
    spec = rows_template("Зал", 32, 50, (14, 36), presidium=25)
    hall = [s for s in spec.seats if s.kind == SectionKind.ROWS]
    assert spec.kind == HallKind.ROWS and len(hall) == 1600 and len(spec.seats) == 1625
    assert [s.number for s in row(spec, 3)] == [str(n) for n in range(1, 51)]
    assert {s.row_label for s in row(spec, 3)} == {"4"}
    assert [s.order for s in row(spec, 3)] == list(range(50))
    assert spec.width > 50 and spec.height > 32


def test_odd_even_numbering_from_the_centre_seat_by_seat():
    # As the audience sees it: odd to the right of the centre, even to the left, growing outwards.
    even_row = rows_template("Зал", 1, 6, numbering=NumberingKind.ODD_EVEN)
    assert [s.number for s in row(even_row, 0)] == ["6", "4", "2", "1", "3", "5"]
    odd_row = rows_template("Зал", 1, 7, numbering=NumberingKind.ODD_EVEN)
    assert [s.number for s in row(odd_row, 0)] == ["6", "4", "2", "1", "3", "5", "7"]
    with_aisle = rows_template("Зал", 1, 7, (3,), NumberingKind.ODD_EVEN)
    assert [s.number for s in row(with_aisle, 0)] == ["6", "4", "2", "1", "3", "5", "7"]


def test_segments_are_blocks_between_aisles_and_never_cross_them():
    spec = rows_template("Зал", 4, 10, (3, 7), cross_aisle_after=2)
    by_segment = defaultdict(set)
    for s in spec.seats:
        by_segment[s.segment].add((s.row_index, s.order < 3, s.order >= 7))
    assert len(by_segment) == 4 * 3
    assert all(len(keys) == 1 for keys in by_segment.values())  # one row, one block
    first = row(spec, 0)
    assert [s.segment for s in first] == [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
    # Seats next to an aisle (and the row ends, by the side passages) are aisle seats.
    assert [s.aisle for s in first] == [True, False, True, True, False, False, True, True, False, True]
    # A gap in x where the aisle is: seats side by side are one pitch apart only inside a block.
    assert first[3].x - first[2].x > 1 and first[2].x - first[1].x == 1
    inner = rows_template("Зал", 1, 10, (5,), side_aisles=False)
    assert [s.aisle for s in row(inner, 0)] == [False] * 4 + [True, True] + [False] * 4


def test_step_free_rows_and_the_cross_aisle():
    spec = rows_template("Зал", 6, 4, cross_aisle_after=3)
    step_free = sorted({s.row_index for s in spec.seats if s.step_free})
    assert step_free == [0, 3, 5]  # the front row, the row behind the cross aisle, the last row
    ys = [row(spec, r)[0].y for r in range(6)]
    assert ys[3] - ys[2] > ys[2] - ys[1]


def test_sections_of_rows_restart_their_labels_and_the_back_section_is_less_honoured():
    spec = rows_template("Театр", 5, 4, sections=(("Партер", 3), ("Балкон", 2)))
    labels = [(s.section, s.row_label) for s in spec.seats if s.order == 0]
    assert labels == [("Партер", "1"), ("Партер", "2"), ("Партер", "3"), ("Балкон", "1"), ("Балкон", "2")]
    stalls = min(s.honour for s in spec.seats if s.section == "Партер")
    assert stalls > max(s.honour for s in spec.seats if s.section == "Балкон")
    assert len({s.segment for s in spec.seats}) == 5


def test_presidium_on_the_stage_centre_out_above_every_hall_seat():
    spec = rows_template("Зал", 3, 8, presidium=5)
    presidium = sorted((s for s in spec.seats if s.kind == SectionKind.PRESIDIUM), key=lambda s: s.order)
    assert len(presidium) == 5 and len({s.segment for s in presidium}) == 1
    assert all(s.y < 0 for s in presidium)
    assert presidium[0].x > presidium[-1].x  # their right is the audience's left
    by_honour = sorted(presidium, key=lambda s: -s.honour)
    assert [s.order for s in by_honour] == centre_out(5)
    assert min(s.honour for s in presidium) > max(s.honour for s in spec.seats if s.kind == SectionKind.ROWS)


def test_hall_honour_every_row_a_level_then_centre_out_across_the_hall_axis():
    spec = rows_template("Зал", 30, 50, (14, 36))
    rows = defaultdict(list)
    for s in spec.seats:
        rows[s.row_index].append(s)
    # every row its own level, front to back: the worst seat of a row above the best of the next
    for r in range(29):
        assert min(s.honour for s in rows[r]) > max(s.honour for s in rows[r + 1])
    assert len({s.honour for s in spec.seats}) == len(spec.seats)
    # inside a row: nearest the hall's axis first, then alternating, the sitter's right (larger x) first
    front = sorted(rows[0], key=lambda s: -s.honour)
    axis = (min(s.x for s in spec.seats) + max(s.x for s in spec.seats)) / 2
    distances = [abs(s.x - axis) for s in front]
    assert distances == sorted(distances)
    assert front[0].x > axis > front[1].x and front[2].x > axis > front[3].x
    assert [s.order for s in front[:4]] == [25, 24, 26, 23]
    # the row's split into level and place for the solver
    level, place = split_honour(front[0].honour)
    assert level == 30 and place == 50 and split_honour(front[-1].honour) == (30, 1)


def test_side_blocks_rank_by_distance_from_the_hall_axis_not_their_own():
    # an asymmetric row: 4 seats left of the aisle, 10 right of it; the axis is the whole row's middle
    spec = rows_template("Зал", 1, 14, (4,))
    best = max(spec.seats, key=lambda s: s.honour)
    axis = (min(s.x for s in spec.seats) + max(s.x for s in spec.seats)) / 2
    assert abs(best.x - axis) == min(abs(s.x - axis) for s in spec.seats)
    assert best.order >= 4  # in the right block, not the middle of the left one


def test_restricted_view_lowest_and_manual_honour_kept():
    spec = rows_template("Зал", 5, 6)
    seats = list(spec.seats)
    seats[0] = replace(seats[0], restricted_view=True)
    seats[1] = replace(seats[1], honour=777, honour_manual=True)
    again = derive_honour(replace(spec, seats=tuple(seats)))
    assert again.seats[0].honour < min(s.honour for s in again.seats[2:])
    assert again.seats[1].honour == 777


def test_tables_head_table_first_then_by_distance_and_around_the_host():
    spec = tables_template("Банкет", 10, 8)
    assert spec.kind == HallKind.TABLES and len(spec.seats) == 80
    tables = defaultdict(list)
    for s in spec.seats:
        tables[s.table].append(s)
    assert all(len({s.segment for s in members}) == 1 for members in tables.values())
    head = min(s.honour for s in tables[0])
    assert all(head > max(s.honour for s in tables[t]) for t in range(1, 10))
    # The first row of tables is nearer the head table than the last.
    assert min(s.honour for s in tables[1]) > max(s.honour for s in tables[9])
    for members in tables.values():
        by_order = sorted(members, key=lambda s: s.order)
        assert [s.order for s in sorted(members, key=lambda s: -s.honour)] == around(8)
        assert [s.number for s in by_order] == [str(k + 1) for k in range(8)]


def test_head_table_in_a_line_with_the_host_in_the_middle():
    spec = tables_template("Приём", 5, 10, "rect", head_table_seats=9)
    head = sorted((s for s in spec.seats if s.table == 0), key=lambda s: s.order)
    assert len(head) == 9 and len({s.y for s in head}) == 1
    xs = sorted(s.x for s in head)
    assert head[0].x == xs[4]  # the host in the middle
    assert head[1].x < head[0].x < head[-1].x  # his right is the audience's left
    assert all(s.y < t.y for s in head for t in spec.seats if t.table != 0)


def test_scheme_has_every_seat_row_labels_at_both_ends_and_the_stage_on_top():
    spec = rows_template("Зал", 3, 6, (3,), presidium=3)
    spec = replace(spec, seats=tuple(replace(s, id=i + 1) for i, s in enumerate(spec.seats)))
    view = build_scheme(spec)
    assert len(view.seats) == len(spec.seats)
    assert all(0 <= s.x <= view.width and 0 <= s.y <= view.height for s in view.seats)
    labels = [label for label in view.labels if label.css == "row"]
    assert sorted(label.text for label in labels) == ["1", "1", "2", "2", "3", "3"]
    x, y, w, h = view.stage
    assert y + h <= min(s.y for s, spec_seat in zip(view.seats, spec.seats, strict=True)
                        if spec_seat.kind == SectionKind.ROWS)
    decorate, legend = honour_zones(spec)
    assert spec.seats[-1].kind == SectionKind.PRESIDIUM
    assert decorate(spec.seats[-1])[0].endswith("zone-0") and legend[0][0] == "zone-0"
    assert legend[-1][0] == "zone-11" and decorate(spec.seats[0])[0].split()[-1].startswith("zone-")


def test_banquet_scheme_draws_the_tables():
    spec = tables_template("Банкет", 7, 10)
    view = build_scheme(spec)
    assert len(view.tables) == 7 and [t[3] for t in view.tables] == [str(n) for n in range(1, 8)]
    rect = build_scheme(tables_template("Приём", 4, 8, "rect", head_table_seats=12))
    assert len(rect.boards) == 4 and not rect.tables
