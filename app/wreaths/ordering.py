"""The order of delegations: protocol precedence (rank, then name), which the officer may adjust by hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class Ranked(Protocol):
    @property
    def rank(self) -> int: ...

    @property
    def name(self) -> str: ...


R = TypeVar("R", bound=Ranked)
T = TypeVar("T")


def precedence(item: Ranked) -> tuple[int, str]:
    """The more senior first; among equal rank, alphabetically, whatever the letter case."""
    return item.rank, item.name.casefold()


def by_precedence(items: Sequence[R]) -> list[R]:
    return sorted(items, key=precedence)


def insertion_index(order: Sequence[Ranked], item: Ranked) -> int:
    """Where a new or re-ranked delegation goes: right after the last one it does not precede.

    In an order that still follows precedence this is its sorted place; an order moved by hand
    keeps the officer's moves, and the newcomer lands after everyone of its rank or higher.
    """
    key = precedence(item)
    return max((n + 1 for n, other in enumerate(order) if precedence(other) <= key), default=0)


def moved(order: Sequence[T], index: int, step: int) -> list[T]:
    """The order with the item at `index` swapped with its neighbour `step` (−1 up, +1 down) away;
    unchanged at the ends."""
    result = list(order)
    other = index + step
    if 0 <= index < len(result) and 0 <= other < len(result):
        result[index], result[other] = result[other], result[index]
    return result
