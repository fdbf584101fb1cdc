import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.events.dates import move_to_year, week_bounds
from app.events.kinds import DateRule

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
years = st.integers(min_value=2000, max_value=2095)


def test_city_day_stays_the_last_sunday_of_may():
    assert move_to_year(date(2026, 5, 31), 2027, DateRule.WEEKDAY) == date(2027, 5, 30)
    assert move_to_year(date(2027, 5, 30), 2028, DateRule.WEEKDAY) == date(2028, 5, 28)


def test_victory_day_keeps_its_calendar_date():
    assert move_to_year(date(2026, 5, 9), 2027, DateRule.FIXED) == date(2027, 5, 9)


def test_29_february_falls_back_to_the_28th():
    assert move_to_year(date(2028, 2, 29), 2029, DateRule.FIXED) == date(2029, 2, 28)


def test_second_saturday_stays_second():
    assert move_to_year(date(2026, 9, 12), 2027, DateRule.WEEKDAY) == date(2027, 9, 11)


@given(days, years)
def test_weekday_rule_keeps_weekday_month_and_position(day, year):
    moved = move_to_year(day, year, DateRule.WEEKDAY)
    assert (moved.year, moved.month, moved.weekday()) == (year, day.month, day.weekday())
    was_last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    is_last = moved.day + 7 > calendar.monthrange(year, day.month)[1]
    if was_last:
        assert is_last
    else:
        assert (moved.day - 1) // 7 == (day.day - 1) // 7


@given(days, years)
def test_fixed_rule_keeps_the_calendar_day(day, year):
    moved = move_to_year(day, year, DateRule.FIXED)
    assert (moved.year, moved.month) == (year, day.month)
    assert moved.day == min(day.day, calendar.monthrange(year, day.month)[1])


@given(days)
def test_week_starts_on_monday_and_holds_the_day(day):
    monday, next_monday = week_bounds(day)
    assert monday.weekday() == 0 and monday <= day < next_monday
    assert (next_monday - monday).days == 7
