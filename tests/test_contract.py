"""Contract tests: every operation of the app's OpenAPI schema, signed in as admin, answers without a server error.

Schemathesis generates requests from the schema (path and query values of every shape, GET and POST) and sends
them to the ASGI app in-process, into a database holding the demo. Each case is sent twice: as generated (ids of
every size, mostly naming nothing), and with its ids swapped for records the demo made, so that the handlers'
own parsing, forms and templates are reached, as a plain request and as an HTMX one by turns.
Seeded (derandomize) and bounded: `make test` sends one generated example per operation (about a minute and a
half on a 2-core machine), `make fuzz` 25 (CONTRACT_EXAMPLES). Every server error a pass found is fixed with a test
in tests/test_edge.py.
"""

from __future__ import annotations

import os
import re
import zlib
from unittest import mock

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.python.asgi import ASGIClient

from app.accounts.tables import Account
from app.asgi import create_app
from app.events.tables import Ceremony, Event, Official
from app.guests.tables import Person
from app.invitations.tables import Invitation
from app.letters.tables import Letter
from app.seating.tables import Hall
from app.tasks.tables import Task
from tests.conftest import PASSWORD, _data_tables

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "1"))

APP = create_app()
schema = schemathesis.openapi.from_dict(APP.openapi_schema.to_schema())
schema.app = APP
# Signing out ends the session every later case runs in: after it, each case would test only the sign-in redirect.
# Signing in (POST /login) starts a new session and, fuzzed, trips the sign-in limit for the test client's address;
# tests/accounts covers it.
schema = schema.exclude(path="/logout").exclude(path="/login", method="POST")

# The path parameters whose records the demo makes, and where to find them.
RECORDS = {"ceremony_id": Ceremony, "event_id": Event, "official_id": Official, "person_id": Person,
           "invitation_id": Invitation, "letter_id": Letter, "hall_id": Hall, "task_id": Task}


async def _account_of(username: str, *_: object, **__: object) -> int:
    """The demo's users are the test users (same names): the demo gets their accounts instead of new ones."""
    row = await Account.select(Account.id).where(Account.user.username == username).first()
    return row["id"]


@pytest.fixture(scope="module")
async def known_ids(migrated) -> dict[str, list[int]]:
    from app import demo

    with mock.patch.object(demo, "has_users", return_value=False), \
            mock.patch.object(demo, "create_user", _account_of):
        assert await demo.load_demo()
    ids = {name: [row["id"] for row in await table.select(table.id).order_by(table.id).limit(20)]
           for name, table in RECORDS.items()}
    yield ids
    for table in _data_tables():
        await table.delete(force=True)


def _sign_in(client: ASGIClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)
    answer = client.post("/login", data={"username": "admin", "password": PASSWORD, "_csrf_token": token,
                                         "next": "/"}, allow_redirects=False)
    assert answer.status_code == 303, answer.text
    client.headers["x-csrftoken"] = token
    SESSION["cookie"] = client.cookies.get("session")


# The requests-style test client stores a quoted cookie value (the app re-sends the client-side session on every
# answer, quoted) with its quotes and sends them back, which ends the session after one case. The cookie the
# sign-in gave stays valid, so each case is sent with it: one sign-in for the whole run, not one per case.
SESSION: dict[str, str | None] = {}


@pytest.fixture(scope="module")
def admin(known_ids) -> ASGIClient:
    """A client signed in as admin, its CSRF token sent as the header Litestar's CSRF middleware reads."""
    client = ASGIClient(APP)
    client.__enter__()
    _sign_in(client)
    yield client
    client.__exit__()


def _call(case, admin: ASGIClient, headers: dict[str, str] | None = None):
    """The case's answer, redirects not followed; a case that ended the session is sent again after signing in
    anew, so every later case still runs as admin."""
    admin.cookies.set("session", SESSION["cookie"])
    response = case.call(session=admin, headers=headers, allow_redirects=False)
    signed_out = response.status_code == 401 or (response.headers.get("location") or [""])[0].startswith("/login")
    if signed_out and admin.get("/", allow_redirects=False).status_code != 200:
        _sign_in(admin)
        admin.cookies.set("session", SESSION["cookie"])
        response = case.call(session=admin, headers=headers, allow_redirects=False)
    return response


def _described(case, response) -> str:
    return (f"{case.method} {case.formatted_path} query={case.query} headers={case.headers}: "
            f"{response.status_code}\n{response.text[:2000]}")


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
def test_no_server_error(case, admin: ASGIClient, known_ids: dict[str, list[int]]) -> None:
    response = _call(case, admin)
    assert response.status_code < 500, _described(case, response)
    params = case.path_parameters or {}
    swapped = {name: known_ids[name][zlib.crc32(str(value).encode()) % len(known_ids[name])]
               for name, value in params.items() if known_ids.get(name)}
    if swapped:
        case.path_parameters = {**params, **swapped}
        htmx = {"HX-Request": "true"} if sum(swapped.values()) % 2 else {}
        response = _call(case, admin, htmx)
        assert response.status_code < 500, _described(case, response)
