"""Likely duplicates among people read from a list, and between them and people already known: one
set of rules for the registry import (app.guests.importing) and `ceremonia seat` (app.seating).

    duplicates = find_duplicates(rows, existing)   # rows: (file row, Who); existing: (id, Who)

Full names are compared insensitive to case, ё/е and spaces; «Иванов И. П.» matches «Иванов Иван
Петрович»; a shared phone or e-mail makes a full-name match certain.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.i18n import gettext
from app.core.text import search_key
from app.imports.normalize import full_name_key, is_initial, phone_keys

MAX_MATCHES_PER_ROW = 10  # known people reported for one row, the certain ones first


@dataclass
class Who:
    """A person as duplicate detection sees them."""

    full: str
    surname: str
    initials: tuple[str, str]
    abbreviated: bool
    phones: set[str]
    emails: set[str]

    @classmethod
    def of(cls, surname: str, name: str = "", patronymic: str = "", phone: str = "", email: str = "") -> Who:
        first = tuple(search_key(part)[:1] for part in (name, patronymic))
        return cls(full_name_key(surname, name, patronymic), search_key(surname), (first[0], first[1]),
                   any(is_initial(part) for part in (name, patronymic) if part), phone_keys(phone),
                   {e.strip().casefold() for e in re.split(r"[,;\s]+", email or "") if "@" in e})


@dataclass(frozen=True)
class Duplicate:
    row: int  # the file row of the person read
    reason: str  # «совпадают ФИО и телефон» …
    existing_id: int | None = None  # the known person it may be…
    other_row: int | None = None  # …or an earlier row of the same file
    certain: bool = False  # the full name and a phone or an e-mail agree


def compare(new: Who, old: Who) -> tuple[str, bool] | None:
    """(reason, certain) when two people are likely one, else None."""
    same_phone, same_email = bool(new.phones & old.phones), bool(new.emails & old.emails)
    if new.full == old.full:
        if same_phone:
            return gettext("совпадают ФИО и телефон"), True
        if same_email:
            return gettext("совпадают ФИО и эл. почта"), True
        if new.phones and old.phones:
            return gettext("совпадают ФИО, но телефоны разные"), False
        return gettext("совпадают ФИО"), False
    same_initials = all(not a or not b or a == b for a, b in zip(new.initials, old.initials, strict=True))
    if new.surname == old.surname and (new.abbreviated or old.abbreviated) and same_initials and new.initials[0]:
        if same_phone or same_email:
            return gettext("совпадают фамилия, инициалы и телефон или эл. почта"), True
        return gettext("совпадают фамилия и инициалы"), False
    if same_email:
        return gettext("совпадает эл. почта, ФИО другое"), False
    if same_phone and new.surname == old.surname:
        return gettext("совпадают фамилия и телефон"), False
    return None


class _Index:
    """People by full name, surname, phone and e-mail, to compare a row with only a few."""

    def __init__(self) -> None:
        self.people: list[tuple[int, Who]] = []
        self.by_key: dict[str, set[int]] = defaultdict(set)

    def add(self, ident: int, who: Who) -> None:
        position = len(self.people)
        self.people.append((ident, who))
        initials = (f"a:{who.surname}",) if who.abbreviated else ()
        for key in (*self._keys(who), f"s:{who.surname}", *initials):
            self.by_key[key].add(position)

    @staticmethod
    def _keys(who: Who) -> tuple[str, ...]:
        return (f"n:{who.full}", *(f"p:{p}" for p in who.phones), *(f"e:{e}" for e in who.emails))

    def matches(self, who: Who) -> list[tuple[int, str, bool]]:
        # By surname alone only where initials are involved: an abbreviated name meets every namesake,
        # a full one only the abbreviated namesakes.
        keys = (*self._keys(who), f"s:{who.surname}" if who.abbreviated else f"a:{who.surname}")
        positions = sorted(set().union(*(self.by_key.get(key, set()) for key in keys)))
        found = []
        for position in positions:
            ident, other = self.people[position]
            verdict = compare(who, other)
            if verdict:
                found.append((ident, *verdict))
        found.sort(key=lambda match: not match[2])  # certain ones first, stable otherwise
        return found


def find_duplicates(rows: Iterable[tuple[int, Who]], existing: Iterable[tuple[int, Who]] = ()) -> list[Duplicate]:
    """Likely duplicates of the rows: against the known people (`existing`) — up to 10 a row — and
    against earlier rows of the same file — the first, most certain match."""
    known = _Index()
    for ident, who in existing:
        known.add(ident, who)
    earlier = _Index()
    duplicates = []
    for row, who in rows:
        for ident, reason, certain in known.matches(who)[:MAX_MATCHES_PER_ROW]:
            duplicates.append(Duplicate(row, reason, existing_id=ident, certain=certain))
        in_file = earlier.matches(who)
        if in_file:
            other, reason, certain = in_file[0]
            duplicates.append(Duplicate(row, gettext("%(reason)s со строкой %(row)d файла")
                                        % {"reason": reason, "row": other}, other_row=other, certain=certain))
        earlier.add(row, who)
    return duplicates
