"""Sign-in under attack: throttling and locks, hashing off the event loop, sessions that end, security headers."""

from __future__ import annotations

import asyncio
import dataclasses
from urllib.parse import quote

import pytest
from litestar.testing import AsyncTestClient

from app import asgi
from app.accounts import controllers, throttle
from app.accounts.tables import SignInFailure
from app.core.config import get_settings
from app.core.roles import Role
from app.web import ratelimit
from tests.conftest import PASSWORD, csrf_from, sign_in


def _settings(monkeypatch, **changes) -> None:
    settings = dataclasses.replace(get_settings(), **changes)
    for module in (throttle, controllers, asgi):
        monkeypatch.setattr(module, "get_settings", lambda: settings)


async def _login(client: AsyncTestClient, username: str, password: str):
    token = csrf_from((await client.get("/login")).text)
    return await client.post("/login", data={"username": username, "password": password, "_csrf_token": token,
                                             "next": "/"}, follow_redirects=False)


async def test_sixth_wrong_password_locks_the_account_and_the_right_one_waits_for_the_lock_to_end(
        client, monkeypatch):
    _settings(monkeypatch, signin_delay_seconds=1.0, signin_lock_minutes=1.0)
    for _ in range(5):
        assert (await _login(client, "viewer", "wrong-password")).status_code == 400
    sixth = await _login(client, "viewer", "wrong-password")
    assert sixth.status_code == 429
    assert "Слишком много попыток. Вход для этой учётной записи закрыт до" in sixth.text
    assert 1 <= int(sixth.headers["retry-after"]) <= 2
    refused = await _login(client, "viewer", PASSWORD)  # the right password, during the lock
    assert refused.status_code == 429
    assert "закрыт до" in refused.text
    assert (await _login(client, "protocol", PASSWORD)).status_code == 303  # another account is not locked
    await asyncio.sleep(1.1)
    assert (await _login(client, "viewer", PASSWORD)).status_code == 303
    assert not await SignInFailure.exists().where(SignInFailure.key == "user:viewer")  # the run is forgotten


async def test_locks_grow_from_the_delay_to_the_full_lock(monkeypatch):
    _settings(monkeypatch, signin_delay_seconds=15.0, signin_lock_minutes=15.0)
    assert [throttle._lock_seconds(n, 5) for n in (5, 6, 7, 8, 12, 20)] == [0, 15, 30, 60, 900, 900]


async def test_one_address_is_locked_after_many_failures_on_many_names(client, monkeypatch):
    _settings(monkeypatch, signin_address_failures=3, signin_delay_seconds=60.0)
    for name in ("a1", "a2", "a3"):
        assert (await _login(client, name, "wrong-password")).status_code == 400
    fourth = await _login(client, "a4", "wrong-password")
    assert fourth.status_code == 429 and "с этого адреса" in fourth.text
    assert (await _login(client, "admin", PASSWORD)).status_code == 429


async def test_logout_ends_every_session_of_the_account(client):
    await sign_in(client, Role.PROTOCOL)
    first = dict(client.cookies)
    client.cookies.clear()
    csrf = await sign_in(client, Role.PROTOCOL)  # a second session, as from another computer
    assert (await client.get("/")).status_code == 200
    await client.post("/logout", data={"_csrf_token": csrf}, follow_redirects=False)
    client.cookies.clear()
    client.cookies.update(first)  # the first session's cookie, replayed
    replayed = await client.get("/", follow_redirects=False)
    assert replayed.status_code in (302, 303) and replayed.headers["location"].startswith("/login")


async def test_new_password_and_deactivation_end_the_sessions(client):
    from app.accounts import services

    account_id = await services.create_user("petrov", "petrov-pass-1", Role.VIEWER)
    await _login(client, "petrov", "petrov-pass-1")
    assert (await client.get("/")).status_code == 200
    await services.save_account({"role": "viewer", "password": "another-pass-2", "active": "on"}, account_id)
    assert (await client.get("/", follow_redirects=False)).status_code in (302, 303)
    assert (await _login(client, "petrov", "another-pass-2")).status_code == 303
    await services.save_account({"role": "viewer", "password": ""}, account_id)  # active unticked
    assert (await client.get("/", follow_redirects=False)).status_code in (302, 303)


async def test_idle_session_expires(client, monkeypatch):
    _settings(monkeypatch, session_idle_hours=1 / 3600)  # one second
    await sign_in(client, Role.VIEWER)
    assert (await client.get("/")).status_code == 200
    await asyncio.sleep(2.2)  # the session keeps whole seconds
    idle = await client.get("/", follow_redirects=False)
    assert idle.status_code in (302, 303) and idle.headers["location"].startswith("/login")


async def test_session_cookie_is_set_again_only_when_the_session_changed(client, monkeypatch):
    await sign_in(client, Role.GATE)
    assert "session=" not in (await client.get("/gate/")).headers.get("set-cookie", "")  # nothing changed
    monkeypatch.setattr(asgi, "SEEN_STEP_S", 1)
    await asyncio.sleep(1.1)  # the idle clock moves: the session changed and goes back as a new cookie
    moved = await client.get("/gate/")
    assert moved.status_code == 200 and "session=" in moved.headers["set-cookie"]
    assert (await client.get("/gate/", follow_redirects=False)).status_code == 200  # and the new one is good


@pytest.mark.parametrize("path", ["/login", "/assets/js/nav.js", "/no-such-page", "/i/NoSuchTokenNoSuchTokenNoSuch"])
async def test_security_headers_on_pages_assets_and_errors(client, path):
    ratelimit.reset()
    response = await client.get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    expected = "no-referrer" if path.startswith("/i/") else "same-origin"  # the guest page keeps its stricter one
    assert response.headers["referrer-policy"] == expected


def test_templates_have_no_inline_script():
    """The policy runs no inline script; a JSON data block (type="application/json") is data, never run."""
    import re

    from app.core.config import ROOT

    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r'<script(?![^>]*\bsrc=)(?![^>]*\btype="application/json")[^>]*>', text), template
        assert not re.search(r"\son[a-z]+=", text), template
        assert "hx-on" not in text and "javascript:" not in text, template


async def test_a_signed_out_request_to_any_path_goes_to_sign_in_and_back_percent_encoded(client):
    """The path comes back in a Location header, which holds Latin-1 only: a path with Cyrillic or other
    characters (a typed or mangled address) was a server error."""
    path = "/ceremonies/17/quotas/letters/Хабаровск\U0007a0d7/letters.pdf"
    plain = await client.get(path, follow_redirects=False)
    assert plain.status_code == 303
    target = plain.headers["location"]
    assert target.startswith("/login?next=/ceremonies/17/quotas/letters/%D0%A5") and target.isascii()
    htmx = await client.get(path, headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.status_code == 401 and htmx.headers["hx-redirect"] == target
    token = csrf_from((await client.get(target)).text)
    back = await client.post("/login", follow_redirects=False, data={
        "username": "protocol", "password": PASSWORD, "_csrf_token": token, "next": "/guests/Хабаровск?q=Ёлкин"})
    assert back.status_code == 303
    assert back.headers["location"] == "/guests/" + quote("Хабаровск") + "?q=" + quote("Ёлкин")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example/"])
async def test_sign_in_never_sends_the_user_off_the_site(client, target):
    token = csrf_from((await client.get("/login")).text)
    back = await client.post("/login", follow_redirects=False, data={
        "username": "protocol", "password": PASSWORD, "_csrf_token": token, "next": target})
    assert back.headers["location"] in ("/", "/%5Cevil.example/")
