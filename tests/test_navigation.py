"""The top menu shows each role only the pages it may open, and marks the group of the current page."""

from app.core.roles import Role
from app.web.navigation import navigation


def hrefs(role: Role) -> set[str]:
    return {link.href for group in navigation(role, "/") for link in group.links}


def test_gate_staff_see_only_the_gate():
    assert hrefs(Role.GATE) == {"/gate/"}


def test_liaison_sees_the_plan_but_not_the_registry():
    seen = hrefs(Role.LIAISON)
    assert "/plan/" in seen and "/tasks/" in seen
    assert "/guests/" not in seen and "/gate/" not in seen


def test_viewer_sees_arrivals_but_not_the_gate():
    seen = hrefs(Role.VIEWER)
    assert "/arrivals/" in seen and "/halls/" in seen
    assert "/gate/" not in seen


def test_the_current_group_is_marked():
    groups = {g.title: g.current for g in navigation(Role.PROTOCOL, "/ceremonies/5/invitations/")}
    assert groups["Люди"] and not groups["План"]
    groups = {g.title: g.current for g in navigation(Role.PROTOCOL, "/events/3")}
    assert groups["План"] and not groups["Люди"]


def test_the_audit_log_is_the_admin_s_and_the_trash_the_editors():
    assert {"/audit/", "/trash/"} <= hrefs(Role.ADMIN)
    assert "/trash/" in hrefs(Role.PROTOCOL) and "/audit/" not in hrefs(Role.PROTOCOL)
    assert not {"/audit/", "/trash/"} & hrefs(Role.VIEWER)
