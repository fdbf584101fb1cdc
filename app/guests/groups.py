"""Seating groups of a guest list as registry links, and the registry's links back as groups.

    links = group_links(members)        # import: rows sharing a group label → (row, principal row, kind)
    labels = group_labels(links, names) # export: person → (group label, role) for the «Группа» columns

Within a group the principal is the most senior row that is not an escort or an interpreter (the
first such row among equals; the first row when all are escorts). An escort's row is linked to the
principal as ESCORT_OF, an interpreter's as INTERPRETER_FOR, the others as DELEGATION_OF — or
FAMILY_OF when the group's label says «семья». A «Роль в группе» column says it outright; the export
writes one, so an exported registry imports back to the same links. Pure functions, no database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.i18n import N_
from app.core.text import search_key
from app.guests.kinds import LinkKind
from app.imports.guest_columns import GroupRole, is_family_group

_KIND_OF_ROLE = {GroupRole.ESCORT: LinkKind.ESCORT_OF, GroupRole.INTERPRETER: LinkKind.INTERPRETER_FOR,
                 GroupRole.FAMILY: LinkKind.FAMILY_OF, GroupRole.DELEGATION: LinkKind.DELEGATION_OF}
_ROLE_OF_KIND = {kind: role for role, kind in _KIND_OF_ROLE.items()}
_HELPERS = (GroupRole.ESCORT, GroupRole.INTERPRETER)

# What the export writes in «Роль в группе»; app.imports.guest_columns.group_role reads each back.
ROLE_LABELS = {GroupRole.PRINCIPAL: N_("глава"), GroupRole.ESCORT: N_("сопровождающий"),
               GroupRole.INTERPRETER: N_("переводчик"), GroupRole.FAMILY: N_("член семьи"),
               GroupRole.DELEGATION: N_("член делегации")}


@dataclass(frozen=True)
class Member:
    row: int  # the file row
    group: str  # the label as typed; rows whose labels fold alike (case, ё, spaces) are one group
    role: GroupRole = GroupRole.MEMBER
    precedence: int = 100  # lower is more senior


def group_links(members: Iterable[Member]) -> list[tuple[int, int, LinkKind]]:
    """(row, principal's row, kind) for every member of a group of two or more but its principal."""
    by_label: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        if member.group.strip():
            by_label[" ".join(search_key(member.group).split())].append(member)
    links = []
    for group in by_label.values():
        if len(group) < 2:
            continue
        principal = _principal(group)
        family = is_family_group(group[0].group)
        for member in group:
            if member is principal:
                continue
            role = member.role
            if role in (GroupRole.MEMBER, GroupRole.PRINCIPAL):
                role = GroupRole.FAMILY if family else GroupRole.DELEGATION
            links.append((member.row, principal.row, _KIND_OF_ROLE[role]))
    return links


def _principal(group: Sequence[Member]) -> Member:
    said = [m for m in group if m.role is GroupRole.PRINCIPAL]
    if said:
        return said[0]
    candidates = [m for m in group if m.role not in _HELPERS] or list(group)
    return min(candidates, key=lambda m: m.precedence)  # min keeps the first among equals


def group_labels(links: Iterable[tuple[int, int, LinkKind]], names: Mapping[int, str]
                 ) -> dict[int, tuple[str, GroupRole]]:
    """person id → (group label, role) for everyone linked: (person, other, kind) makes `other` the
    principal of `person`'s group (of the principal's principal along a chain); the label is the
    principal's name, numbered when two principals share one."""
    principal_of: dict[int, tuple[int, LinkKind]] = {}
    for person, other, kind in sorted(links):
        principal_of.setdefault(person, (other, kind))
    heads = {person: _root(person, principal_of) for person in principal_of}
    labels: dict[int, tuple[str, GroupRole]] = {}
    used: Counter[str] = Counter()
    for head in sorted(set(heads.values())):
        name = names.get(head, str(head))
        used[name] += 1
        labels[head] = (name if used[name] == 1 else f"{name} ({used[name]})", GroupRole.PRINCIPAL)
    for person, (_other, kind) in principal_of.items():
        if heads[person] != person:
            labels[person] = (labels[heads[person]][0], _ROLE_OF_KIND[kind])
    return labels


def _root(person: int, principal_of: Mapping[int, tuple[int, LinkKind]]) -> int:
    seen = {person}
    while person in principal_of and principal_of[person][0] not in seen:
        person = principal_of[person][0]
        seen.add(person)
    return person
