"""The pure parts of a wreath laying: the clock of the slots, the order by precedence, the plan's geometry."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.wreaths.ordering import by_precedence, insertion_index, moved
from app.wreaths.plan import Rect, overlapping
from app.wreaths.timing import schedule

START = datetime(2027, 5, 9, 9, 5, tzinfo=ZoneInfo("Asia/Vladivostok"))


def test_slots_follow_each_other_from_the_start():
    slots = schedule(START, [3, 2, 2])
    assert [(f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in slots] == [
        ("09:05", "09:08"), ("09:08", "09:10"), ("09:10", "09:12")]
    assert schedule(START, []) == []


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=40))
def test_times_strictly_increase_and_the_end_is_the_start_plus_the_total(minutes):
    slots = schedule(START, minutes)
    assert len(slots) == len(minutes)
    for slot, duration in zip(slots, minutes, strict=True):
        assert slot.end - slot.start == timedelta(minutes=duration)
    for before, after in zip(slots, slots[1:], strict=False):
        assert before.end == after.start and after.start > before.start
    if slots:
        assert slots[0].start == START
        assert slots[-1].end == START + timedelta(minutes=sum(minutes))


@dataclass(frozen=True)
class D:
    rank: int
    name: str


def test_precedence_is_rank_then_name_whatever_the_case():
    order = by_precedence([D(40, "мэрия"), D(10, "Губернатор"), D(35, "Консульство Японии"),
                           D(35, "консульство КНР"), D(100, "Школа")])
    assert [d.name for d in order] == ["Губернатор", "консульство КНР", "Консульство Японии", "мэрия", "Школа"]


@given(st.lists(st.tuples(st.integers(1, 50), st.sampled_from(["А", "Б", "В", "г", "д"])), max_size=12),
       st.tuples(st.integers(1, 50), st.sampled_from(["А", "Б", "В", "г", "д"])))
def test_a_newcomer_takes_its_sorted_place_in_an_order_by_precedence(items, new):
    order = by_precedence([D(*item) for item in items])
    newcomer = D(*new)
    placed = list(order)
    placed.insert(insertion_index(order, newcomer), newcomer)
    assert placed == by_precedence(placed)


def test_a_newcomer_keeps_the_moves_made_by_hand():
    # The officer moved the mayor (40) above the consul (35): a newcomer ranked after the consul comes
    # after both, one ranked between the governor and the consul right after the governor.
    order = [D(10, "Губернатор"), D(40, "Мэр"), D(35, "Консул")]
    assert insertion_index(order, D(35, "Консул Кореи")) == 3
    assert insertion_index(order, D(20, "Дума")) == 1
    assert insertion_index(order, D(5, "Полпред")) == 0


def test_moving_up_and_down_swaps_neighbours_and_stops_at_the_ends():
    assert moved([1, 2, 3], 1, -1) == [2, 1, 3]
    assert moved([1, 2, 3], 1, 1) == [1, 3, 2]
    assert moved([1, 2, 3], 0, -1) == [1, 2, 3]
    assert moved([1, 2, 3], 2, 1) == [1, 2, 3]


def test_overlapping_zones_are_found_and_touching_ones_are_not():
    zones = [(1, Rect(10, 10, 10, 5)), (2, Rect(20, 10, 10, 5)), (3, Rect(15, 12, 10, 10)), (4, Rect(50, 50, 5, 5))]
    assert overlapping(zones) == [(1, 3), (2, 3)]
    assert Rect(90, 50, 10, 10).fits() and not Rect(91, 50, 10, 10).fits()
