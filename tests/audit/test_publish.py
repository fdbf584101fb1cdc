"""Publishing a seating plan or a duty roster (and back to draft), registering a letter and deleting a draft:
one audit entry each."""

import json

import pytest

from app.accounts import services as accounts
from app.audit.tables import AuditEntry
from app.duty import editing
from app.duty.kinds import RosterStatus
from app.duty.tables import Assignment
from app.letters import services as letters
from app.seating.kinds import PlanStatus
from app.seating.plan import editing as seating_editing
from app.seating.plan import services as seating
from tests.duty.test_roster_solving import solve as solve_roster
from tests.duty.test_roster_solving import staffed_ceremony
from tests.letters.factory import draft
from tests.seating.test_editing import solved as seated
from tests.seating.test_problem import ceremony, hall, planned

pytestmark = pytest.mark.usefixtures("db")


async def log_of(kind: str) -> list[tuple[str, int, str, dict]]:
    rows = await AuditEntry.select().where(AuditEntry.object_kind == kind).order_by(AuditEntry.id)
    return [(r["action"], r["object_id"], r["object_label"], json.loads(r["changes"])) for r in rows]


async def test_seating_plan_published_and_back_to_draft():
    c = await ceremony()
    await planned(c, await hall())
    await seating.set_status(c, PlanStatus.PUBLISHED)
    await seating.set_status(c, PlanStatus.PUBLISHED)  # no change, no entry
    await seating.set_status(c, PlanStatus.DRAFT)
    assert await log_of("seating_plan") == [
        ("publish", c, "Торжественное собрание", {"status": ["draft", "published"]}),
        ("status", c, "Торжественное собрание", {"status": ["published", "draft"]}),
    ]


async def test_duty_roster_published():
    c = await ceremony()
    await editing.set_status(c, RosterStatus.PUBLISHED)
    assert await log_of("roster") == [("publish", c, "Торжественное собрание", {"status": ["draft", "published"]})]


async def test_a_letter_s_registration_and_a_draft_s_deletion_are_recorded():
    registered, dropped = await draft(), await draft()
    assert (await letters.register(registered)).ok
    assert (await letters.register(registered)).errors  # once only: no second entry
    assert (await letters.delete_draft(dropped)).ok
    log = await log_of("letter")
    assert [(a, i) for a, i, _label, _c in log] == [("issue", registered), ("purge", dropped)]
    assert log[0][3]["number"] == [None, "01-12/1"]


async def test_a_roster_edit_is_recorded_and_a_refused_or_empty_one_is_not():
    ceremony_id, _ids = await staffed_ceremony()
    await solve_roster(ceremony_id)
    first = await Assignment.select().order_by(Assignment.id).first()
    assert (await editing.swap(ceremony_id, first["id"], first["id"])).ok  # nothing changes
    assert (await editing.remove(ceremony_id, first["id"])).ok
    [(action, object_id, _label, changes)] = await log_of("roster")
    assert (action, object_id) == ("update", ceremony_id)
    assert list(changes) == [f"#{first['id']}"] and changes[f"#{first['id']}"][1] is None


async def test_a_solved_seating_and_a_seat_swap_are_recorded_with_the_seat_labels():
    c, ids = await seated()
    [(action, object_id, title, solved)] = await log_of("seating_plan")
    assert (action, object_id, title) == ("update", c, "Торжественное собрание")
    assert set(solved) == {f"#{i}" for i in ids} and all(old is None and new for old, new in solved.values())
    assert (await seating_editing.swap(c, ids[0], ids[1])).ok
    swapped = (await log_of("seating_plan"))[-1][3]
    assert swapped == {f"#{ids[0]}": [solved[f"#{ids[0]}"][1], solved[f"#{ids[1]}"][1]],
                       f"#{ids[1]}": [solved[f"#{ids[1]}"][1], solved[f"#{ids[0]}"][1]]}


async def test_an_account_s_creation_and_change_are_recorded_without_the_password():
    saved = await accounts.save_account({"username": "petrova", "role": "viewer", "password": "first-pass-1",
                                         "first_name": "Анна", "last_name": "Петрова"})
    assert saved.ok, saved.errors
    await accounts.save_account({"role": "protocol", "password": "second-pass-2", "first_name": "Анна",
                                 "last_name": "Петрова", "active": "on"}, saved.id)
    log = await log_of("account")
    assert [(a, i, label) for a, i, label, _c in log] == [("create", saved.id, "petrova"),
                                                         ("update", saved.id, "petrova")]
    assert log[1][3] == {"role": ["viewer", "protocol"], "password": ["", "***"]}
    assert "first-pass-1" not in str(log) and "second-pass-2" not in str(log)
