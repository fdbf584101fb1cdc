"""Clashes in an official's day: two ceremonies at once, or too little time to get from one venue to
the next.

Pure: appearances (who is where, when) in, clashes out; no database. The time to get between two
venues comes from a small table of venue pairs; any other two venues take the default, the same
venue none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.core.i18n import gettext as _
from app.core.text import search_key

DEFAULT_TRAVEL_MINUTES = 30  # between two different venues with no row of their own
DEFAULT_TRAVEL = timedelta(minutes=DEFAULT_TRAVEL_MINUTES)


def venue_key(venue: str) -> str:
    """«Площадь  Славы» and «площадь славы» are one venue."""
    return search_key(venue)


@dataclass(frozen=True)
class TravelTimes:
    pairs: Mapping[frozenset[str], timedelta] = field(default_factory=dict)  # keys by venue_key
    default: timedelta = DEFAULT_TRAVEL

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str, timedelta]], default: timedelta = DEFAULT_TRAVEL) -> TravelTimes:
        return cls({frozenset((venue_key(a), venue_key(b))): time for a, b, time in pairs}, default)

    def between(self, first: str, second: str) -> timedelta:
        a, b = venue_key(first), venue_key(second)
        if a == b:
            return timedelta(0)
        return self.pairs.get(frozenset((a, b)), self.default)

    @property
    def longest(self) -> timedelta:
        return max([self.default, *self.pairs.values()])


@dataclass(frozen=True)
class Appearance:
    """One official at one ceremony."""

    official_id: int
    official: str  # the full name
    ceremony_id: int
    title: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    precedence: int = 100  # of the official: the more senior is named first


@dataclass(frozen=True)
class Clash:
    first: Appearance  # the one that starts first
    second: Appearance
    needed: timedelta  # to get from the first venue to the second

    @property
    def official_id(self) -> int:
        return self.first.official_id

    @property
    def gap(self) -> timedelta:
        """From the end of the first to the start of the second; below zero when they overlap."""
        return self.second.starts_at - self.first.ends_at

    @property
    def overlapping(self) -> bool:
        return self.gap < timedelta(0)

    def involves(self, ceremony_id: int) -> bool:
        return ceremony_id in (self.first.ceremony_id, self.second.ceremony_id)


def find_clashes(appearances: Iterable[Appearance], travel: TravelTimes) -> list[Clash]:
    """Every pair of one official's ceremonies that overlap or leave less time than the way takes.

    Not only neighbours: a long march can clash with two short ceremonies that follow each other.
    """
    by_official: dict[int, list[Appearance]] = defaultdict(list)
    for appearance in appearances:
        by_official[appearance.official_id].append(appearance)
    clashes = []
    for items in by_official.values():
        items.sort(key=lambda a: (a.starts_at, a.ends_at, a.ceremony_id))
        for i, first in enumerate(items):
            for second in items[i + 1:]:
                if second.starts_at >= first.ends_at + travel.longest:
                    break  # this one and all after it start late enough
                needed = travel.between(first.venue, second.venue)
                if second.starts_at - first.ends_at < needed:  # an overlap is below any travel time
                    clashes.append(Clash(first, second, needed))
    return sorted(clashes, key=lambda c: (c.first.starts_at, c.second.starts_at, c.first.precedence,
                                          c.first.official))


def short_name(full_name: str) -> str:
    """«Кравцов Сергей Андреевич» → «Кравцов С. А.»; a name of one word stays as it is."""
    surname, *given = full_name.split()
    return " ".join([surname, *(f"{part[0]}." for part in given)])


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def describe(clashes: Iterable[Clash]) -> list[str]:
    """Each pair of ceremonies once, naming every official it troubles, the most senior first:
    «Кравцов С. А., Гордеев Н. И.: «Возложение венков» 10:00–11:00 (Площадь Славы) и «Торжественное
    собрание» 11:15 (Краевой музыкальный театр) — на переезд 15 мин, нужно 30»."""
    pairs: dict[tuple[int, int], list[Clash]] = {}
    for clash in clashes:
        pairs.setdefault((clash.first.ceremony_id, clash.second.ceremony_id), []).append(clash)
    return [_sentence(group[0], ", ".join(short_name(c.first.official)
                                          for c in sorted(group, key=lambda c: c.first.precedence)))
            for group in pairs.values()]


def _sentence(clash: Clash, officials: str) -> str:
    first, second = clash.first, clash.second
    moment = "%H:%M" if first.starts_at.date() == second.starts_at.date() else "%d.%m %H:%M"
    values = {
        "official": officials,
        "first": first.title, "first_time": f"{first.starts_at:{moment}}–{first.ends_at:%H:%M}",
        "first_venue": first.venue,
        "second": second.title, "second_time": f"{second.starts_at:{moment}}", "second_venue": second.venue,
    }
    if clash.overlapping:
        return _("{official}: «{first}» {first_time} ({first_venue}) и «{second}» {second_time} "
                 "({second_venue}) — в одно время").format(**values)
    return _("{official}: «{first}» {first_time} ({first_venue}) и «{second}» {second_time} "
             "({second_venue}) — на переезд {gap} мин, нужно {needed}").format(
        gap=_minutes(clash.gap), needed=_minutes(clash.needed), **values)
