"""A writer that holds SQLite's write lock (a large import, another process) does not freeze the gate:
pages and the account read go on (WAL, a read-only connection of their own), and a scan that cannot get
the lock answers «повторите» — 503 with Retry-After — within 2 s instead of a 500 after 10 s; once the
lock is free the same card is admitted. Against the real server process."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import time

import pytest

from app.core import direct_db
from app.invitations.tables import Invitation
from tests.checkin import factory
from tests.checkin.test_concurrency import _scan, _signed_in

pytestmark = pytest.mark.skipif(not os.environ["DATABASE_URL"].startswith("sqlite:///"), reason="SQLite's lock")


def _hold_write_lock() -> sqlite3.Connection:
    """Another writer, as an import's open transaction is to the gate."""
    connection = sqlite3.connect(os.environ["DATABASE_URL"].removeprefix("sqlite:///"), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE invitation SET seat_label = seat_label WHERE id < 0")
    return connection


async def test_a_scan_meeting_a_held_write_lock_answers_retry_in_time_and_pages_go_on(db, server):
    meeting = await factory.ceremony()
    card = await factory.card(meeting, "Занятов")
    client, csrf = await _signed_in(server, "gate")
    try:
        holder = _hold_write_lock()
        try:
            started = time.monotonic()
            response = await client.post(f"/gate/{meeting}/scan", data={"code": card.token, "gate": "Главный"},
                                         headers={"X-CSRFToken": csrf, "HX-Request": "true"})
            waited = time.monotonic() - started
            assert response.status_code == 503, response.text[:500]
            assert response.headers["retry-after"] == "1"
            assert "Повторите" in response.text
            assert waited < 2.5, waited  # BUSY_WAIT_S and the request around it, not SQLite's 10 s

            started = time.monotonic()  # every request reads the account; the page reads the ceremony
            page = await client.get(f"/gate/?ceremony={meeting}")
            assert page.status_code == 200 and time.monotonic() - started < 1.0
        finally:
            holder.rollback()
            holder.close()
        assert await _scan(client, csrf, meeting, card.token, "Главный") == "admitted"
    finally:
        await client.aclose()
    assert await Invitation.count().where(Invitation.admitted_at.is_not_null()) == 1


async def test_reads_on_the_driver_do_not_wait_for_a_writer_and_writes_give_up_in_time(db):
    engine = Invitation._meta.db
    await direct_db.open_shared()
    holder = _hold_write_lock()
    try:
        started = time.monotonic()
        rows = await direct_db.fetch(engine, "SELECT count(*) AS n FROM invitation")
        assert rows == [{"n": 0}] and time.monotonic() - started < 0.5

        def write():
            return (yield "UPDATE invitation SET seat_label = '' WHERE id < 0", ())

        started = time.monotonic()
        with pytest.raises(direct_db.DatabaseBusy):
            await direct_db.write_steps(engine, write)
        assert direct_db.BUSY_WAIT_S - 0.1 < time.monotonic() - started < direct_db.BUSY_WAIT_S + 0.5
    finally:
        holder.rollback()
        holder.close()
        await direct_db.close_all()
    assert await direct_db.write_steps(engine, write) == []


async def test_a_scan_queued_behind_a_waiting_scan_gives_up_by_the_same_deadline(db):
    engine = Invitation._meta.db
    await direct_db.open_shared()
    holder = _hold_write_lock()

    def write():
        return (yield "SELECT 1 AS one", ())

    async def timed():
        started = time.monotonic()
        try:
            await direct_db.write_steps(engine, write)
        except direct_db.DatabaseBusy:
            return time.monotonic() - started
        return None

    try:
        waits = await asyncio.gather(*(timed() for _ in range(5)))
    finally:
        holder.rollback()
        holder.close()
    try:
        assert all(w is not None and w < direct_db.BUSY_WAIT_S + 0.5 for w in waits), waits
        assert await direct_db.write_steps(engine, write) == [{"one": 1}]
    finally:
        await direct_db.close_all()


async def test_a_hand_admission_behind_a_held_lock_is_a_busy_answer_not_a_500(client, monkeypatch):
    from app.core.roles import Role
    from tests.conftest import sign_in

    meeting = await factory.ceremony()
    card = await factory.card(meeting, "Рукопожатов")
    token = await sign_in(client, Role.GATE)
    # the admission by hand goes through Piccolo, whose connections wait SQLite's busy timeout: shortened here
    monkeypatch.setitem(Invitation._meta.db.connection_kwargs, "timeout", 0.3)
    holder = _hold_write_lock()
    try:
        response = await client.post(f"/gate/{meeting}/admit", data={
            "invitation": str(card.invitation_id), "gate": "Главный", "_csrf_token": token})
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert "Повторите" in response.text
    assert await Invitation.count().where(Invitation.admitted_at.is_not_null()) == 0


async def test_a_write_runs_on_the_event_loop_when_free_and_waits_on_its_thread_for_another_writer(db):
    engine = Invitation._meta.db
    await direct_db.open_shared()
    threads = []

    def write():
        threads.append(threading.get_ident())
        return (yield "SELECT 1 AS one", ())

    try:
        assert await direct_db.write_steps(engine, write) == [{"one": 1}]
        assert threads == [threading.get_ident()]  # free: no hand-over to a thread

        holder = _hold_write_lock()
        asyncio.get_running_loop().call_later(0.3, lambda: (holder.rollback(), holder.close()))
        assert await direct_db.write_steps(engine, write) == [{"one": 1}]  # waited for the lock, then ran
        assert threads[-1] != threading.get_ident()  # …on the write thread, the event loop free meanwhile

        assert await direct_db.write_steps(engine, write) == [{"one": 1}]
        assert threads[-1] == threading.get_ident()  # and back: fails at once again, not after a wait
    finally:
        await direct_db.close_all()
