"""The log handler of the web processes: records queue in memory and a thread writes them out.

Like Litestar's queue listener it keeps the event loop from ever waiting for stderr, but a record is
only appended to a deque: the writing thread looks for records every POLL_S instead of being woken by
each one. Waking it (queue.Queue's condition, then the thread taking the interpreter lock) cost a
twelfth of a scan at the gate, where every request writes one line (app.web.middleware).
"""

from __future__ import annotations

import logging
import queue
import time
from collections import deque
from logging.handlers import QueueHandler

from litestar.logging.standard import LoggingQueueListener

POLL_S = 0.05


class _PolledQueue:
    """The two sides of a queue that QueueHandler and QueueListener use: put without waking anyone,
    get by looking every POLL_S."""

    def __init__(self) -> None:
        self._records: deque[logging.LogRecord] = deque()

    def put_nowait(self, record: logging.LogRecord) -> None:
        self._records.append(record)  # atomic under the interpreter lock: no lock of our own

    def get(self, block: bool = True) -> logging.LogRecord:
        while True:
            try:
                return self._records.popleft()
            except IndexError:
                if not block:
                    raise queue.Empty from None
                time.sleep(POLL_S)


class PolledQueueHandler(QueueHandler):
    """The `queue_listener` handler of app.asgi's logging configuration: lines go to stderr."""

    def __init__(self) -> None:
        super().__init__(_PolledQueue())  # type: ignore[arg-type]
        self.listener = LoggingQueueListener(self.queue, logging.StreamHandler())  # type: ignore[arg-type]
