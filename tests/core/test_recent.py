"""What the gate keeps per process: read once within GATE_CACHE_SECONDS, again once forgotten, every time at 0."""

from __future__ import annotations

import pytest

from app.core.config import ConfigError, get_settings
from app.core.recent import Recent


@pytest.fixture
def cache_seconds(monkeypatch):
    def set_to(value: str) -> None:
        monkeypatch.setenv("GATE_CACHE_SECONDS", value)
        get_settings.cache_clear()

    yield set_to
    monkeypatch.delenv("GATE_CACHE_SECONDS")
    get_settings.cache_clear()


async def test_kept_until_forgotten_or_read_every_time_at_zero(cache_seconds):
    reads = []

    async def load() -> int:
        reads.append(1)
        return len(reads)

    cache_seconds("30")
    kept: Recent[int] = Recent()
    assert [await kept.get(7, load) for _ in range(3)] == [1, 1, 1]
    kept.forget(7)
    assert await kept.get(7, load) == 2 and await kept.get(8, load) == 3
    cache_seconds("0")
    assert [await kept.get(7, load) for _ in range(2)] == [4, 5]


def test_a_negative_time_is_refused(cache_seconds):
    cache_seconds("-1")
    with pytest.raises(ConfigError, match="GATE_CACHE_SECONDS"):
        get_settings()
