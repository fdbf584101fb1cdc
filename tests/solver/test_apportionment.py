"""Bounded apportionment: textbook tables, brute force on small cases, and properties (hypothesis)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from math import ceil, floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.apportionment import Impossible, Method, Party, Problem, apportion

DIVISOR_METHODS = (Method.DHONDT, Method.SAINTE_LAGUE)
FIRST = {Method.DHONDT: Fraction(1), Method.SAINTE_LAGUE: Fraction(1, 2)}

# The largest remainder example of the textbooks (Wikipedia, «Largest remainder method»): 10 seats.
PARTIES = [Party("Yellows", 47000), Party("Whites", 16000), Party("Reds", 15800), Party("Greens", 12000),
           Party("Blues", 6100), Party("Pinks", 3100)]


@pytest.mark.parametrize(("method", "expected"), [
    (Method.HAMILTON, [5, 2, 1, 1, 1, 0]),
    (Method.DHONDT, [5, 2, 2, 1, 0, 0]),
    (Method.SAINTE_LAGUE, [4, 2, 2, 1, 1, 0]),
])
def test_the_textbook_tables(method, expected):
    assert list(apportion(10, PARTIES, method).seats.values()) == expected


def test_the_calculation_is_carried_for_the_page():
    hamilton = apportion(10, PARTIES, Method.HAMILTON)
    assert hamilton.divisor == 10000  # the Hare quota: 100 000 votes / 10 seats
    yellows = hamilton.shares[0]
    assert (yellows.quotient, yellows.remainder, yellows.fair_share) == (Fraction(47, 10), Fraction(7, 10),
                                                                         Fraction(47, 10))
    dhondt = apportion(10, PARTIES, Method.DHONDT)
    # any divisor between the 11th priority (Greens' second seat, 6000) and the 10th (Reds' 2nd, 7900) works
    assert 6000 < dhondt.divisor <= 7900
    assert [floor(s.quotient) for s in dhondt.shares] == [s.seats for s in dhondt.shares]


def test_a_tie_goes_to_the_larger_weight_then_the_name_and_is_named():
    allocation = apportion(1, [Party("Б", 10), Party("А", 10), Party("В", 5)], Method.DHONDT)
    assert allocation.seats == {"Б": 0, "А": 1, "В": 0}
    assert allocation.ties == ("Б", "А")
    hamilton = apportion(1, [Party("малая", 1), Party("большая", 3)], Method.HAMILTON)
    assert hamilton.seats == {"малая": 0, "большая": 1} and hamilton.ties == ()
    even = apportion(3, [Party("Б", 1), Party("А", 1)], Method.HAMILTON)
    assert even.seats == {"Б": 1, "А": 2} and even.ties == ("Б", "А")


def test_bounds_hold_exactly_and_say_which_decided():
    parties = [Party("Большая", 900, maximum=50), Party("Средняя", 90, minimum=30), Party("Малая", 10),
               Party("Без веса", 0, minimum=5)]
    for method in Method:
        allocation = apportion(200, parties, method)
        assert allocation.seats["Большая"] == 50 and allocation.seats["Без веса"] == 5
        assert sum(allocation.seats.values()) == 200
        assert [s.bound for s in allocation.shares] == ["max", None, None, "min"]


def test_a_manual_override_keeps_the_total_and_reapportions_the_rest():
    for method in Method:
        allocation = apportion(100, [*PARTIES[:3], Party("Greens", 12000, maximum=1, fixed=30)], method)
        rest = apportion(70, PARTIES[:3], method)
        assert allocation.seats == {**rest.seats, "Greens": 30}
        assert allocation.shares[-1].bound == "fixed"


@pytest.mark.parametrize(("capacity", "parties", "problems"), [
    (1200, [Party("А", 1, minimum=700), Party("Б", 1, minimum=540)],
     [Problem("minimums_over_capacity", {"minimums": 1240, "capacity": 1200})]),
    (100, [Party("А", 1, maximum=40), Party("Б", 1, maximum=50)],
     [Problem("maximums_under_capacity", {"maximums": 90, "capacity": 100})]),
    (10, [Party("А", 1, fixed=12), Party("Б", 1)], [Problem("fixed_over_capacity", {"fixed": 12, "capacity": 10})]),
    (10, [Party("А", 0, minimum=2), Party("Б", 0)], [Problem("no_weight", {"maximums": 2, "capacity": 10})]),
    (10, [Party("А", 1, minimum=5, maximum=3), Party("А", -1)],
     [Problem("duplicate_name", organisation="А"), Problem("negative_weight", organisation="А"),
      Problem("minimum_over_maximum", {"minimum": 5, "maximum": 3}, "А")]),
    (-1, [], [Problem("negative_capacity", {"capacity": -1}), Problem("no_organisations")]),
])
def test_what_is_impossible_is_explained_with_numbers(capacity, parties, problems):
    for method in Method:
        with pytest.raises(Impossible) as raised:
            apportion(capacity, parties, method)
        assert sorted(raised.value.problems, key=repr) == sorted(problems, key=repr)


# ---------------------------------------------------------------- references


def _priority(party: Party, seats: int, method: Method) -> Fraction:
    return Fraction(party.weight) / (seats + FIRST[method])


def _is_divisor_allocation(parties, seats, method) -> bool:
    """The textbook's test of a bounded divisor method: a divisor exists, i.e. every place held outranks every
    place not held that the bounds allow."""
    held = [_priority(p, s - 1, method) for p, s in zip(parties, seats, strict=True) if s > p.minimum]
    free = [_priority(p, s, method) for p, s in zip(parties, seats, strict=True) if p.maximum is None or s < p.maximum]
    return not held or not free or min(held) >= max(free)


def _tables(parties, capacity, method):
    """The highest averages table as it is taught: everyone at the minimum, then place by place to the highest
    average; ties to the larger weight, then the name."""
    seats = [p.minimum for p in parties]
    for _ in range(capacity - sum(seats)):
        open_ = [i for i, p in enumerate(parties) if p.maximum is None or seats[i] < p.maximum]
        best = max(open_, key=lambda i: (_priority(parties[i], seats[i], method), parties[i].weight,
                                         [-ord(c) for c in parties[i].name]))
        seats[best] += 1
    return seats


SMALL = st.lists(st.tuples(st.integers(1, 60), st.integers(0, 3), st.none() | st.integers(0, 6)),
                 min_size=1, max_size=4)


def _parties(rows) -> list[Party]:
    return [Party(f"О{i}", w, lo, None if hi is None else lo + hi) for i, (w, lo, hi) in enumerate(rows)]


@settings(max_examples=150, deadline=None)
@given(SMALL, st.integers(0, 14), st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_equal_brute_force_and_the_tables(rows, capacity, method):
    parties = _parties(rows)
    try:
        allocation = apportion(capacity, parties, method)
    except Impossible:
        assert sum(p.minimum for p in parties) > capacity or (
            all(p.maximum is not None for p in parties) and sum(p.maximum for p in parties) < capacity)
        return
    seats = list(allocation.seats.values())
    ranges = [range(p.minimum, (capacity if p.maximum is None else p.maximum) + 1) for p in parties]
    valid = [list(c) for c in itertools.product(*ranges)
             if sum(c) == capacity and _is_divisor_allocation(parties, c, method)]
    assert seats in valid
    assert len(valid) == 1 or allocation.ties
    assert seats == _tables(parties, capacity, method)


@settings(max_examples=150, deadline=None)
@given(SMALL, st.integers(0, 14))
def test_bounded_hamilton_is_largest_remainder_of_the_bounded_quotas(rows, capacity):
    parties = _parties(rows)
    try:
        allocation = apportion(capacity, parties, Method.HAMILTON)
    except Impossible:
        return
    shares = allocation.shares
    quotas = [s.quotient for s in shares]
    assert sum(quotas) == capacity
    # one λ for everyone the bounds leave free; the clamped ones would go past their bound at that λ
    scale = 1 / allocation.divisor if allocation.divisor else 0
    for party, quota in zip(parties, quotas, strict=True):
        unbounded = Fraction(party.weight) * scale
        assert quota == max(party.minimum, unbounded if party.maximum is None else min(unbounded, party.maximum))
    # every organisation gets its bounded quota rounded down or up; the ups go to the largest remainders
    ups = [s for s in shares if s.seats > floor(s.quotient)]
    downs = [s for s in shares if s.seats == floor(s.quotient) and s.remainder]
    assert all(floor(s.quotient) <= s.seats <= ceil(s.quotient) for s in shares)
    assert not ups or not downs or min(s.remainder for s in ups) >= max(s.remainder for s in downs)


# ---------------------------------------------------------------- properties at any size


@st.composite
def instances(draw):
    rows = draw(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 20), st.none() | st.integers(0, 200)),
                         min_size=1, max_size=40))
    parties = [Party(f"Организация {i}", w, lo, None if hi is None else lo + hi) for i, (w, lo, hi) in enumerate(rows)]
    if not any(p.weight for p in parties):
        parties[0] = Party(parties[0].name, 1, parties[0].minimum, parties[0].maximum)
    low = sum(p.minimum for p in parties)
    reachable = [p.maximum if p.weight else p.minimum for p in parties]
    high = low + 2000 if None in reachable else sum(reachable)
    return draw(st.integers(low, high)), parties


@settings(max_examples=120, deadline=None)
@given(instances(), st.sampled_from(list(Method)), st.randoms(use_true_random=False))
def test_the_sum_is_the_capacity_every_bound_holds_and_the_order_does_not_matter(instance, method, rnd):
    capacity, parties = instance
    allocation = apportion(capacity, parties, method)
    assert sum(allocation.seats.values()) == capacity
    for party in parties:
        seats = allocation.seats[party.name]
        assert seats >= party.minimum and (party.maximum is None or seats <= party.maximum)
        assert party.weight or seats == party.minimum
    shuffled = parties[:]
    rnd.shuffle(shuffled)
    assert apportion(capacity, shuffled, method).seats == allocation.seats
    assert apportion(capacity, parties, method) == allocation


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=40), st.integers(0, 3000))
def test_hamilton_keeps_the_quota_rule_when_no_bound_binds(weights, capacity):
    parties = [Party(f"О{i}", w) for i, w in enumerate(weights)]
    total = sum(weights)
    for party, seats in zip(parties, apportion(capacity, parties, Method.HAMILTON).seats.values(), strict=True):
        quota = Fraction(party.weight * capacity, total)
        assert floor(quota) <= seats <= ceil(quota)


@settings(max_examples=80, deadline=None)
@given(instances(), st.sampled_from(DIVISOR_METHODS))
def test_divisor_methods_are_house_monotone(instance, method):
    capacity, parties = instance
    try:
        bigger = apportion(capacity + 1, parties, method).seats
    except Impossible:
        return
    smaller = apportion(capacity, parties, method).seats
    assert all(bigger[name] >= seats for name, seats in smaller.items())


def test_five_hundred_organisations_of_a_real_city_scale():
    rnd = random.Random(7)
    parties = [Party(f"Организация {i}", rnd.randint(5, 3000), rnd.randint(0, 2), rnd.choice([None, 10, 40]))
               for i in range(500)]
    for method in Method:
        allocation = apportion(1500, parties, method)
        assert sum(allocation.seats.values()) == 1500
