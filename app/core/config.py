"""One Settings object, read from the environment once."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]


class ConfigError(RuntimeError):
    """A setting that makes it impossible to start; its message is one line for the operator."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    public_base_url: str
    timezone: str
    locale: str
    production: bool
    var_dir: Path
    city: str
    organisation: str
    # PostgreSQL: a connection pool per app process. Off only where the app's start-up runs on another
    # event loop than the code that queries (the in-process test client).
    db_pool: bool = True
    # Sign-in: a session ends after this many hours without a request; failed sign-ins in a row of one
    # account beyond the free ones lock it for growing times (from the delay, doubling, up to the lock);
    # one client address gets more free failures, since several people may share it.
    session_idle_hours: float = 8.0
    signin_free_failures: int = 5
    signin_address_failures: int = 30
    signin_delay_seconds: float = 15.0
    signin_lock_minutes: float = 15.0
    # How long a process keeps what every gate scan asks (app.core.recent); 0: read at every scan.
    gate_cache_seconds: float = 30.0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))


@cache
def get_settings() -> Settings:
    env = os.environ
    production = env.get("CEREMONIA_ENV", "development") == "production"
    var_dir = Path(env.get("CEREMONIA_VAR", ROOT / "var"))
    database_url = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'ceremonia.sqlite'}"
    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY не задан: в рабочем режиме (CEREMONIA_ENV=production) он обязателен.")
        secret_key = _development_secret(var_dir)
    try:
        ZoneInfo(env.get("TIMEZONE", "Asia/Vladivostok"))
    except (KeyError, ValueError) as error:
        raise ConfigError(f"Неизвестный часовой пояс TIMEZONE={env.get('TIMEZONE')!r}") from error
    return Settings(
        database_url=database_url,
        secret_key=secret_key,
        public_base_url=env.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        timezone=env.get("TIMEZONE", "Asia/Vladivostok"),
        locale=env.get("LOCALE", "ru"),
        production=production,
        var_dir=var_dir,
        city=env.get("CITY", "Хабаровск"),
        organisation=env.get("ORGANISATION", "Администрация города Хабаровска"),
        db_pool=env.get("DB_POOL", "1") != "0",
        session_idle_hours=_number(env, "SESSION_IDLE_HOURS", 8.0),
        signin_lock_minutes=_number(env, "SIGNIN_LOCK_MINUTES", 15.0),
        gate_cache_seconds=_number(env, "GATE_CACHE_SECONDS", 30.0, zero=True),
    )


def _number(env: Mapping[str, str], name: str, default: float, *, zero: bool = False) -> float:
    raw = env.get(name, "")
    try:
        value = float(raw) if raw else default
    except ValueError as error:
        raise ConfigError(f"{name}={raw!r}: нужно число.") from error
    if value < 0 or (value == 0 and not zero):
        raise ConfigError(f"{name}={raw!r}: нужно число больше нуля." if not zero else
                          f"{name}={raw!r}: нужно число не меньше нуля.")
    return value


def _development_secret(var_dir: Path) -> str:
    """A key kept under var/ so that sign-ins survive a restart of the development server."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()
