"""What every gate scan asks and seldom changes (the ceremony, the zone each gate guards), kept by each process
for GATE_CACHE_SECONDS (30 by default). An edit in this process forgets it at once; other processes see it
within that time. 0 reads it at every scan: the browser tests' server runs so, as the tests empty the
database between them and the same ids come back with other contents."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from app.core.config import get_settings

V = TypeVar("V")
KEPT = 100  # ceremonies a process keeps at most (a day has a few)


class Recent(Generic[V]):
    def __init__(self) -> None:
        self._kept: dict[int, tuple[float, V]] = {}

    async def get(self, key: int, load: Callable[[], Awaitable[V]]) -> V:
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is None or now - kept[0] >= get_settings().gate_cache_seconds:
            kept = (now, await load())
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[key] = kept
        return kept[1]

    def forget(self, key: int | None = None) -> None:
        """One key, or all of them."""
        if key is None:
            self._kept.clear()
        else:
            self._kept.pop(key, None)
