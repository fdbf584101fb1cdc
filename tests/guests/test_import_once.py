"""Two «Загрузить» presses at once (two tabs, a double click, two processes) import the rows once,
and both see the same report."""

import asyncio
import fcntl
import os
import re

import httpx
import pytest

from app.core.roles import Role
from app.guests import importing
from app.guests.tables import Person
from app.imports import flow
from app.imports.applying import apply_once
from tests.conftest import sign_in
from tests.guests.test_import_flow import upload, workbook

pytestmark = pytest.mark.usefixtures("db")


def people(count: int) -> bytes:
    return workbook([["Фамилия", "Имя", "Отчество", "Телефон"]]
                    + [["Гостев" + chr(1072 + i // 32 % 32) + chr(1072 + i % 32), "Иван", "Петрович",
                        f"8 914 {i:03d} 00 00"]
                       for i in range(count)])


async def test_two_concurrent_applies_import_the_rows_once(client):
    token = await sign_in(client, Role.PROTOCOL)
    response = await upload(client, token, people(300))
    upload_id = re.search(r"/guests/import/([0-9a-f]{32})/", response.headers["location"]).group(1)
    assert flow.save_mapping(importing.FLOW.load(upload_id), {"col_0": "surname", "col_1": "name",
                                                              "col_2": "patronymic", "col_3": "phone"}) == ""

    # Litestar's test client serves one request at a time; httpx's ASGI transport runs them together
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=client.app), base_url=str(client.base_url),
                                 cookies=client.cookies) as together:
        def press():
            return together.post(f"/guests/import/{upload_id}/apply", data={"_csrf_token": token},
                                 headers={"x-csrftoken": token}, follow_redirects=False)

        first, second, third = await asyncio.gather(press(), press(), press())
    assert [r.status_code for r in (first, second, third)] == [303, 303, 303]
    assert {r.headers["location"] for r in (first, second, third)} == {f"/guests/import/{upload_id}/report"}
    assert await Person.count() == 300
    report = importing.Report.from_dict(importing.FLOW.load(upload_id).report)
    assert (report.rows, report.imported) == (300, 300)
    page = await client.get(f"/guests/import/{upload_id}/report")
    assert page.status_code == 200 and "300" in page.text


async def test_a_request_that_cannot_claim_the_upload_in_time_gets_none_and_a_failed_apply_frees_it(monkeypatch):
    upload_id, _error = await importing.FLOW.store_upload("list.xlsx", people(3), None)
    saved = importing.FLOW.load(upload_id)
    flow.save_mapping(saved, {"col_0": "surname", "col_3": "phone"})
    saved = importing.FLOW.load(upload_id)

    holder = os.open(saved.folder / "apply.lock", os.O_CREAT | os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another process applying it
    try:
        assert await apply_once(importing.FLOW, saved, {}, wait_s=0.2) is None
    finally:
        os.close(holder)
    assert await Person.count() == 0

    def failing(person, categories):
        raise RuntimeError("диск переполнен")

    real = importing._person_values
    monkeypatch.setattr(importing, "_person_values", failing)
    with pytest.raises(RuntimeError):
        await apply_once(importing.FLOW, saved, {})
    monkeypatch.setattr(importing, "_person_values", real)
    report = await apply_once(importing.FLOW, saved, {})
    assert report is not None and report.imported == 3
    again = await apply_once(importing.FLOW, saved, {})
    assert again == report and await Person.count() == 3


async def test_a_failure_after_the_batched_inserts_writes_nothing(monkeypatch):
    from app.guests import services

    await services.save_person({"surname": "Гостеваа", "name": "Иван", "patronymic": "Петрович",
                                "phone": "+7 914 000-00-00", "status": "active"})
    upload_id, _error = await importing.FLOW.store_upload("list.xlsx", people(1000), None)
    flow.save_mapping(importing.FLOW.load(upload_id), {"col_0": "surname", "col_1": "name", "col_2": "patronymic",
                                                       "col_3": "phone"})

    def failing(old, new, typed):
        raise RuntimeError("диск переполнен")  # the merge comes after the new people's INSERTs

    monkeypatch.setattr(importing, "_merged", failing)
    with pytest.raises(RuntimeError):
        await importing.apply(importing.FLOW.load(upload_id), {"rule": "merge"})
    assert await Person.count() == 1
    monkeypatch.undo()
    report = await importing.apply(importing.FLOW.load(upload_id), {"rule": "merge"})
    assert (report.imported, report.merged) == (999, 1) and await Person.count() == 1000
