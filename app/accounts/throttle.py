"""Failed sign-ins: growing locks per account name and per client address, and the password check off the loop.

The counts live in the database (SignInFailure), so every app process sees them. Each account name
has a few free failures in a row; each further one locks the name for a time that doubles from
15 seconds up to the full lock (SIGNIN_LOCK_MINUTES), and the page says until when. A client address
gets more free failures (people behind one proxy share it). A run of failures is forgotten after a
full lock's time without another one; a successful sign-in forgets the account name's run. While a
lock holds, the password is not even checked: the right one is refused too.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import anyio
import anyio.to_thread
from piccolo.apps.user.tables import BaseUser

from app.accounts.tables import SignInFailure
from app.core.config import get_settings

# PBKDF2 takes tens of milliseconds of a core: at most this many run at once, each on a worker thread,
# so a burst of sign-ins neither stalls the event loop nor takes every worker thread.
_HASHING = anyio.CapacityLimiter(4)


@dataclass(frozen=True)
class Lock:
    until: datetime  # UTC
    account: bool  # the account name is locked (else the client address)


def _keys(username: str, client: str) -> tuple[str, str]:
    return f"user:{username.strip().casefold()[:250]}", f"ip:{client[:250]}"


async def current_lock(username: str, client: str) -> Lock | None:
    """The lock that holds now on this account name or this address, the account's first."""
    user_key, ip_key = _keys(username, client)
    now = datetime.now(UTC)
    rows = await SignInFailure.select(SignInFailure.key, SignInFailure.locked_until).where(
        SignInFailure.key.is_in([user_key, ip_key]) & (SignInFailure.locked_until > now))
    for key in (user_key, ip_key):
        for row in rows:
            if row["key"] == key:
                return Lock(until=row["locked_until"], account=key == user_key)
    return None


def _lock_seconds(failures: int, free: int) -> float:
    settings = get_settings()
    if failures <= free:
        return 0.0
    return min(settings.signin_delay_seconds * 2 ** (failures - free - 1), settings.signin_lock_minutes * 60)


async def _count_failure(key: str, free: int, now: datetime) -> None:
    forget_before = now - timedelta(minutes=get_settings().signin_lock_minutes)
    await SignInFailure.insert(SignInFailure(key=key, failures=0, last_at=now)).on_conflict(
        target=SignInFailure.key, action="DO NOTHING")
    await SignInFailure.update({SignInFailure.failures: 0, SignInFailure.locked_until: None}).where(
        (SignInFailure.key == key) & (SignInFailure.last_at < forget_before))
    rows = await SignInFailure.update({SignInFailure.failures: SignInFailure.failures + 1,
                                       SignInFailure.last_at: now}).where(
        SignInFailure.key == key).returning(SignInFailure.failures)
    seconds = _lock_seconds(rows[0]["failures"], free) if rows else 0.0
    if seconds:
        await SignInFailure.update({SignInFailure.locked_until: now + timedelta(seconds=seconds)}).where(
            SignInFailure.key == key)


async def record_failure(username: str, client: str) -> Lock | None:
    """Counts a failed sign-in of the name and the address; the lock it brings, if any."""
    settings = get_settings()
    user_key, ip_key = _keys(username, client)
    now = datetime.now(UTC)
    await _count_failure(user_key, settings.signin_free_failures, now)
    await _count_failure(ip_key, settings.signin_address_failures, now)
    return await current_lock(username, client)


async def record_success(username: str) -> None:
    await SignInFailure.delete().where(SignInFailure.key == _keys(username, "")[0])


async def check_password(username: str, password: str) -> int | None:
    """Piccolo's BaseUser.login with the hashing on a worker thread: the user's id, or None."""
    if len(username) > (BaseUser.username.length or 100) or len(password) > BaseUser._max_password_length:
        return None
    row = await BaseUser.select(BaseUser.id, BaseUser.password).where(BaseUser.username == username).first()
    if row is None:  # hash anyway: the answer takes as long as for a real name
        await anyio.to_thread.run_sync(BaseUser.hash_password, password, limiter=_HASHING)
        return None
    stored = row["password"]
    _algorithm, iterations, salt, _hashed = BaseUser.split_stored_password(stored)
    hashed = await anyio.to_thread.run_sync(BaseUser.hash_password, password, salt, int(iterations),
                                            limiter=_HASHING)
    if not hmac.compare_digest(hashed, stored):
        return None
    if int(iterations) != BaseUser._pbkdf2_iteration_count:  # hashed by an older Piccolo: bring it up to date
        new = await anyio.to_thread.run_sync(BaseUser.hash_password, password, limiter=_HASHING)
        await BaseUser.update({BaseUser.password: new}).where(BaseUser.id == row["id"])
    await BaseUser.update({BaseUser.last_login: datetime.now()}).where(BaseUser.id == row["id"])
    return row["id"]
