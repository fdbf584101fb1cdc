"""The top menu: a few groups of pages, each shown to the roles that may open them.

Thirteen flat links took three rows on a laptop; grouped by what the officer is doing (planning, people,
venues, the day itself) they fit in one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.i18n import N_
from app.core.roles import Role

READERS = frozenset({Role.ADMIN, Role.PROTOCOL, Role.VIEWER})
PLANNERS = READERS | {Role.LIAISON}


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    roles: frozenset[Role]
    active: Callable[[str], bool]


@dataclass(frozen=True)
class NavGroup:
    title: str
    links: tuple[NavLink, ...]
    current: bool


def _under(*prefixes: str) -> Callable[[str], bool]:
    return lambda path: path.startswith(prefixes)


MENU: tuple[tuple[str, tuple[NavLink, ...]], ...] = (
    (N_("План"), (
        NavLink("/plan/", N_("Годовой план"), PLANNERS,
                lambda path: path in ("/plan", "/plan/") or path.startswith("/events")),
        NavLink("/plan/month", N_("Месяц"), PLANNERS, _under("/plan/month")),
        NavLink("/plan/week", N_("Неделя"), PLANNERS, _under("/plan/week")),
        NavLink("/tasks/", N_("Поручения"), PLANNERS, _under("/tasks")),
        NavLink("/history/", N_("Справки"), PLANNERS, _under("/history")),
    )),
    (N_("Люди"), (
        NavLink("/guests/", N_("Реестр гостей"), READERS,
                lambda path: path.startswith(("/guests", "/invitations")) or path.endswith("/invitations/")),
        NavLink("/officials/", N_("Должностные лица"), READERS, _under("/officials")),
        NavLink("/duty/staff/", N_("Дежурные"), READERS, _under("/duty")),
        NavLink("/letters/", N_("Письма"), READERS, _under("/letters")),
        NavLink("/trash/", N_("Корзина"), frozenset({Role.ADMIN, Role.PROTOCOL}), _under("/trash")),
        NavLink("/audit/", N_("Журнал изменений"), frozenset({Role.ADMIN}), _under("/audit")),
    )),
    (N_("Площадки"), (
        NavLink("/halls/", N_("Залы и схемы рассадки"), READERS, _under("/halls")),
    )),
    (N_("День мероприятия"), (
        NavLink("/gate/", N_("Вход гостей"), frozenset({Role.ADMIN, Role.PROTOCOL, Role.GATE}), _under("/gate")),
        NavLink("/arrivals/", N_("Прибытие"), READERS, _under("/arrivals")),
    )),
)


def navigation(role: str, path: str) -> list[NavGroup]:
    """The groups with at least one page this role may open, the one holding the current page marked."""
    groups = []
    for title, links in MENU:
        shown = tuple(link for link in links if role in link.roles)
        if shown:
            groups.append(NavGroup(title, shown, any(link.active(path) for link in shown)))
    return groups
