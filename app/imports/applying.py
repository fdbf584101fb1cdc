"""Applying an upload once, however many requests ask at the same time (a double click, two tabs,
two people on one link, two app processes).

    report = await apply_once(flow, upload, form)  # None: another request is still applying it

The claim is an exclusive lock on the file var/imports/<id>/apply.lock (flock: atomic, held by
the open file, released by the kernel when the process dies, so a crash never leaves the upload
claimed). The request that takes it reads the upload's state again under it: a report there means
the rows are written, and that report is the answer; otherwise it applies. The others wait for
the lock, then find the report. A failed apply wrote nothing (one transaction) and left no report,
so the next request applies it.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import Mapping

from app.imports.flow import Flow, RowReport, Upload

WAIT_S = 60.0  # how long a second request waits for the first one's report
POLL_S = 0.05


async def apply_once(flow: Flow, upload: Upload, form: Mapping[str, str],
                     wait_s: float = WAIT_S) -> RowReport | None:
    """The upload's report: the one written before, or by the request applying it now (waited
    for up to `wait_s`), or this request's own apply. None when another request is still at it."""
    descriptor = os.open(upload.folder / "apply.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        if not await _claim(descriptor, wait_s):
            return None
        fresh = flow.load(upload.id)  # what the request that held the claim left
        if fresh.report is not None:
            return flow.report_of(fresh)
        return await flow.apply(fresh, form)
    finally:
        os.close(descriptor)  # also releases the lock


async def _claim(descriptor: int, wait_s: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(POLL_S)
