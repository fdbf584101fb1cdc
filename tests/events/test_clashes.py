"""Clashes in an official's day: the pure function, by examples and by properties."""

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.events.clashes import Appearance, TravelTimes, describe, find_clashes, short_name

TZ = ZoneInfo("Asia/Vladivostok")
MAYOR, DEPUTY = (1, "Кравцов Сергей Андреевич"), (2, "Гордеев Николай Иванович")


def at(hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2027, 5, 9, hours, minutes, tzinfo=TZ)


def appearance(ceremony_id: int, title: str, venue: str, start: str, end: str, who=MAYOR) -> Appearance:
    return Appearance(official_id=who[0], official=who[1], ceremony_id=ceremony_id, title=title, venue=venue,
                      starts_at=at(start), ends_at=at(end))


WREATH = appearance(1, "Возложение венков", "Площадь Славы", "10:00", "11:00")
MEETING = appearance(2, "Торжественное собрание", "Краевой музыкальный театр", "11:15", "13:00")


def test_too_little_time_to_travel_is_a_clash_and_says_so():
    [clash] = find_clashes([MEETING, WREATH], TravelTimes())
    assert (clash.first, clash.second, clash.gap, clash.needed) == (
        WREATH, MEETING, timedelta(minutes=15), timedelta(minutes=30))
    assert not clash.overlapping
    assert describe([clash]) == ["Кравцов С. А.: «Возложение венков» 10:00–11:00 (Площадь Славы) и «Торжественное "
                                 "собрание» 11:15 (Краевой музыкальный театр) — на переезд 15 мин, нужно 30"]


def test_a_pair_from_the_table_overrides_the_default_either_way_round():
    near = TravelTimes.of([("краевой музыкальный театр", "Площадь  Славы", timedelta(minutes=10))])
    assert find_clashes([WREATH, MEETING], near) == []
    far = TravelTimes.of([("Краевой музыкальный театр", "Площадь Славы", timedelta(minutes=45))])
    assert [c.needed for c in find_clashes([WREATH, MEETING], far)] == [timedelta(minutes=45)]


def test_overlap_is_a_clash_even_at_the_same_venue():
    march = appearance(3, "Шествие", "Площадь Славы", "10:30", "12:00")
    [clash] = find_clashes([WREATH, march], TravelTimes())
    assert clash.overlapping and clash.gap == timedelta(minutes=-30) and clash.needed == timedelta(0)
    assert describe([clash])[0].endswith("«Шествие» 10:30 (Площадь Славы) — в одно время")


def test_back_to_back_at_the_same_venue_is_fine():
    concert = appearance(3, "Концерт", "площадь славы", "11:00", "12:00")
    assert find_clashes([WREATH, concert], TravelTimes()) == []


def test_enough_time_between_venues_is_fine():
    later = appearance(2, "Торжественное собрание", "Краевой музыкальный театр", "11:30", "13:00")
    assert find_clashes([WREATH, later], TravelTimes()) == []


def test_a_long_ceremony_clashes_with_each_short_one_inside_it_not_only_the_next():
    march = appearance(1, "Шествие", "Комсомольская площадь", "10:00", "13:00")
    first = appearance(2, "Приём", "Дом офицеров", "11:00", "11:20")
    second = appearance(3, "Концерт", "Дом офицеров", "12:00", "12:30")
    clashes = find_clashes([second, march, first], TravelTimes())
    assert [(c.first.ceremony_id, c.second.ceremony_id) for c in clashes] == [(1, 2), (1, 3)]


def test_officials_are_checked_each_on_their_own():
    deputy_meeting = appearance(2, "Торжественное собрание", "Краевой музыкальный театр", "11:15", "13:00",
                                who=DEPUTY)
    deputy_wreath = appearance(1, "Возложение венков", "Площадь Славы", "10:00", "11:00", who=DEPUTY)
    # The mayor is at the wreath laying only, the deputy at both: one clash, the deputy's.
    clashes = find_clashes([WREATH, deputy_wreath, deputy_meeting], TravelTimes())
    assert [c.official_id for c in clashes] == [2]
    assert describe(clashes)[0].startswith("Гордеев Н. И.:")


def test_one_pair_troubling_several_officials_is_one_sentence_naming_the_senior_first():
    def both(item: Appearance) -> list[Appearance]:
        mayor = replace(item, precedence=1)
        return [mayor, replace(mayor, official_id=DEPUTY[0], official=DEPUTY[1], precedence=3)]

    clashes = find_clashes([*both(MEETING), *both(WREATH)], TravelTimes())
    assert [c.official_id for c in clashes] == [1, 2]
    assert describe(reversed(clashes)) == [
        "Кравцов С. А., Гордеев Н. И.: «Возложение венков» 10:00–11:00 (Площадь Славы) и «Торжественное собрание» "
        "11:15 (Краевой музыкальный театр) — на переезд 15 мин, нужно 30"]


def test_another_day_shows_the_dates():
    late = appearance(1, "Салют", "Набережная", "23:00", "23:50")
    night = Appearance(1, MAYOR[1], 2, "Ночной приём", "Дом офицеров", at("23:50") + timedelta(minutes=20),
                       at("23:50") + timedelta(hours=1))
    assert "«Салют» 09.05 23:00–23:50 (Набережная) и «Ночной приём» 10.05 00:10" in describe(
        find_clashes([late, night], TravelTimes()))[0]


def test_short_name():
    assert short_name("Кравцов Сергей Андреевич") == "Кравцов С. А."
    assert short_name("Кравцов") == "Кравцов"


# ---------------------------------------------------------------- properties

VENUES = ["Площадь Славы", "Краевой музыкальный театр", "Дом офицеров", "Площадь Ленина"]


@st.composite
def days(draw):
    """A day of a few officials, each at a few ceremonies at any of a few venues."""
    count = draw(st.integers(min_value=0, max_value=8))
    items = []
    for ceremony_id in range(count):
        start = draw(st.integers(min_value=0, max_value=14 * 60))
        length = draw(st.integers(min_value=5, max_value=180))
        official = draw(st.sampled_from([MAYOR, DEPUTY]))
        items.append(Appearance(official[0], official[1], ceremony_id, f"Церемония {ceremony_id}",
                                draw(st.sampled_from(VENUES)), at("08:00") + timedelta(minutes=start),
                                at("08:00") + timedelta(minutes=start + length)))
    return items


travels = st.builds(
    TravelTimes.of,
    st.lists(st.tuples(st.sampled_from(VENUES), st.sampled_from(VENUES),
                       st.integers(min_value=0, max_value=90).map(lambda m: timedelta(minutes=m))), max_size=4),
    st.integers(min_value=0, max_value=60).map(lambda m: timedelta(minutes=m)),
)


def brute_force(items: list[Appearance], travel: TravelTimes) -> set[tuple[int, int]]:
    """Every pair of one official's ceremonies, checked directly: the definition itself."""
    found = set()
    for a, b in combinations(items, 2):
        if a.official_id != b.official_id:
            continue
        first, second = sorted((a, b), key=lambda x: (x.starts_at, x.ends_at, x.ceremony_id))
        if second.starts_at - first.ends_at < travel.between(first.venue, second.venue):
            found.add((first.ceremony_id, second.ceremony_id))
    return found


# Drawing a day of appearances is slow on a busy 2-core machine; the property itself is unchanged.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(days(), travels)
def test_finds_exactly_the_pairs_the_definition_names(items, travel):
    clashes = find_clashes(items, travel)
    pairs = [(c.first.ceremony_id, c.second.ceremony_id) for c in clashes]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) == brute_force(items, travel)


@given(days(), travels, st.randoms())
def test_order_of_input_does_not_matter(items, travel, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    assert find_clashes(shuffled, travel) == find_clashes(items, travel)


@given(days(), travels)
def test_every_clash_is_one_officials_overlap_or_short_gap(items, travel):
    for clash in find_clashes(items, travel):
        assert clash.first.official_id == clash.second.official_id
        assert clash.first.starts_at <= clash.second.starts_at
        assert clash.gap < clash.needed
        assert clash.overlapping or clash.needed > timedelta(0)
