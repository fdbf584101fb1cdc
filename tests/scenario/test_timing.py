"""The clock of a scenario, checked on generated scenarios: times follow from durations, fixed times
hold, and what overlaps or runs past the ceremony's end is flagged."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from app.scenario.timing import Step, compute

START = datetime(2027, 5, 8, 15, 0, tzinfo=ZoneInfo("Asia/Vladivostok"))


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


floating = st.builds(Step, minutes=st.integers(0, 180))
fixed = st.builds(Step, minutes=st.integers(0, 180), fixed=st.integers(-120, 600).map(at))
scenarios = st.lists(st.one_of(floating, fixed), max_size=25)
lengths = st.integers(1, 600)  # the ceremony's planned length, minutes


@given(scenarios, lengths)
def test_each_item_lasts_its_minutes_and_starts_at_its_fixed_time_or_where_the_previous_ended(steps, length):
    line = compute(steps, START, at(length))
    previous_end = START
    for step, t in zip(steps, line.items, strict=True):
        assert t.end - t.start == timedelta(minutes=step.minutes)
        assert t.start == (step.fixed if step.fixed is not None else previous_end)
        assert t.fixed == (step.fixed is not None)
        previous_end = t.end


@given(st.lists(floating, max_size=25), lengths)
def test_without_fixed_times_items_run_back_to_back_from_the_start(steps, length):
    line = compute(steps, START, at(length))
    assert line.ends_at == at(sum(s.minutes for s in steps))
    assert line.minutes == sum(s.minutes for s in steps)
    assert line.overlapping == []
    assert all(t.pause == 0 and not t.early for t in line.items)


@given(scenarios, lengths)
def test_an_overlap_is_flagged_exactly_when_an_item_starts_before_an_earlier_one_ends(steps, length):
    line = compute(steps, START, at(length))
    for n, t in enumerate(line.items):
        latest = max((e.end for e in line.items[:n]), default=None)
        if latest is not None and t.start < latest:
            assert t.overlaps is not None and t.overlaps < n
            assert line.items[t.overlaps].end == latest
            assert t.overlap == (latest - t.start) // timedelta(minutes=1)
        else:
            assert t.overlaps is None and t.overlap == 0


@given(scenarios, lengths)
def test_a_pause_is_the_wait_for_a_fixed_time_that_has_not_come(steps, length):
    line = compute(steps, START, at(length))
    previous_end = START
    for t in line.items:
        assert t.pause == max(0, (t.start - previous_end) // timedelta(minutes=1))
        if not t.fixed:
            assert t.pause == 0
        previous_end = t.end


@given(scenarios, lengths)
def test_running_past_the_ceremonys_end_is_flagged_per_item_and_in_total(steps, length):
    end = at(length)
    line = compute(steps, START, end)
    assert [t.late for t in line.items] == [t.end > end for t in line.items]
    assert line.overrun == max(0, (line.ends_at - end) // timedelta(minutes=1))
    assert (line.overrun > 0) == any(t.late for t in line.items)
    assert [t.early for t in line.items] == [t.start < START for t in line.items]


@given(scenarios, lengths)
def test_the_total_runs_from_the_first_moment_to_the_last_end(steps, length):
    line = compute(steps, START, at(length))
    begins = min([START, *(t.start for t in line.items)])
    assert line.ends_at == max((t.end for t in line.items), default=START)
    assert line.minutes == (line.ends_at - begins) // timedelta(minutes=1)


@given(st.lists(floating, min_size=1, max_size=15), st.randoms(use_true_random=False), lengths)
def test_reordering_items_without_fixed_times_moves_their_times_but_not_the_end(steps, rng, length):
    shuffled = list(steps)
    rng.shuffle(shuffled)
    assert compute(shuffled, START, at(length)).ends_at == compute(steps, START, at(length)).ends_at


def test_a_fixed_time_taken_by_a_running_item_is_an_overlap_and_the_overrun_is_counted():
    line = compute([Step(10), Step(30), Step(5, fixed=at(30)), Step(20)], START, at(45))
    assert [(t.start, t.end) for t in line.items] == [(at(0), at(10)), (at(10), at(40)), (at(30), at(35)),
                                                      (at(35), at(55))]
    assert (line.items[2].overlaps, line.items[2].overlap) == (1, 10)
    assert line.items[3].overlaps == 1  # item 2 (index 1) still runs until 40
    assert line.overrun == 10 and [t.late for t in line.items] == [False, False, False, True]
