"""Ten wrong sign-ins at once on a real server: the password hashing runs on worker threads, other pages answer."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.conftest import PASSWORD, csrf_from
from tests.e2e.conftest import server  # noqa: F401  (the real server process, a fixture)


async def _post_login(http: httpx.AsyncClient, token: str, username: str, password: str) -> httpx.Response:
    return await http.post("/login", data={"username": username, "password": password, "_csrf_token": token})


async def test_wrong_sign_ins_at_once_do_not_stall_other_pages(db, server):  # noqa: F811
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        token = csrf_from((await http.get("/login")).text)
        assert (await _post_login(http, token, "protocol", PASSWORD)).status_code == 303
        started = time.perf_counter()
        logins = [asyncio.create_task(_post_login(http, token, f"nobody{i}", "wrong-pass")) for i in range(10)]
        await asyncio.sleep(0.1)  # the ten are hashing now
        page_started = time.perf_counter()
        page = await http.get("/")
        page_s = time.perf_counter() - page_started
        unfinished = sum(not task.done() for task in logins)
        statuses = [response.status_code for response in await asyncio.gather(*logins)]
        total_s = time.perf_counter() - started
    assert page.status_code == 200 and "Главная" in page.text
    assert statuses == [400] * 10
    print(f"page {page_s:.3f} s while ten wrong sign-ins took {total_s:.3f} s ({unfinished} still running)")
    assert unfinished > 0, "the sign-ins ended before the page was asked for: nothing was measured"
    assert page_s < 0.5
