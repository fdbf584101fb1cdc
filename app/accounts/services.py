"""Signing in and out, and the accounts of the department's staff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from piccolo.apps.user.tables import BaseUser

from app.accounts import throttle
from app.accounts.tables import Account
from app.audit import services as audit
from app.core.db import write_transaction
from app.core.direct_db import Statements, fetch
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.core.roles import Role
from app.web.forms import FormReader


@dataclass(frozen=True)
class CurrentUser:
    """Who is signed in: what the pages and guards need, nothing more."""

    account_id: int
    username: str
    name: str
    role: Role
    department: str
    session_version: int = 1


class AccountError(ValueError):
    """An account that cannot be created as asked; the message is for the person at the console."""


class SignInLocked(Exception):
    """Too many failed sign-ins: the account name or the client address is locked until `lock.until`."""

    def __init__(self, lock: throttle.Lock) -> None:
        super().__init__(lock.until.isoformat())
        self.lock = lock


async def authenticate(username: str, password: str, client: str = "local") -> CurrentUser | None:
    """The account of this name and password; raises SignInLocked while failures lock the name or the address
    (then even the right password is refused)."""
    username = username.strip()
    lock = await throttle.current_lock(username, client)
    if lock is not None:
        raise SignInLocked(lock)
    user_id = await throttle.check_password(username, password)
    if user_id is None:
        lock = await throttle.record_failure(username, client)
        if lock is not None:
            raise SignInLocked(lock)
        return None
    await throttle.record_success(username)
    account = await Account.select(Account.id).where(Account.user == user_id).first()
    return await load_user(account["id"]) if account else None


async def end_sessions(account_id: int) -> None:
    """Every session of the account ends at once: the cookies carry the old version."""
    await Account.update({Account.session_version: Account.session_version + 1}).where(Account.id == account_id)


_ACCOUNT = Statements(read="""
    SELECT a.id, a.role, a.department, a.session_version, u.username, u.first_name, u.last_name, u.active
    FROM account a JOIN piccolo_user u ON u.id = a."user"
    WHERE a.id = {}""")


async def load_user(account_id: int) -> CurrentUser | None:
    """The signed-in person, read on every request so that a blocked account stops at once
    (on the driver itself: app.core.direct_db)."""
    engine = Account._meta.db
    rows = await fetch(engine, _ACCOUNT.get(engine, "read"), account_id)
    if not rows or not rows[0]["active"]:
        return None
    row = rows[0]
    name = " ".join(p for p in (row["first_name"], row["last_name"]) if p) or row["username"]
    return CurrentUser(
        account_id=row["id"],
        username=row["username"],
        name=name,
        role=Role(row["role"]),
        department=row["department"],
        session_version=row["session_version"],
    )


async def create_user(username: str, password: str, role: Role, *, first_name: str = "", last_name: str = "",
                      email: str = "", department: str = "") -> int:
    username = username.strip()
    if not username:
        raise AccountError("Имя пользователя не может быть пустым.")
    if await BaseUser.exists().where(BaseUser.username == username):
        raise AccountError(f"Пользователь «{username}» уже есть.")
    try:
        user = await BaseUser.create_user(
            username=username,
            password=password,
            email=email or f"{username}@ceremonia.invalid",  # the column is unique and required
            first_name=first_name,
            last_name=last_name,
            active=True,
        )
    except ValueError as error:  # Piccolo's password rules
        raise AccountError(str(error)) from error
    rows = await Account.insert(Account(user=user.id, role=role, department=department)).returning(Account.id)
    return rows[0]["id"]


async def has_users() -> bool:
    return await BaseUser.exists()


@dataclass(frozen=True)
class AccountView:
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: Role
    department: str
    active: bool
    last_login: datetime | None


async def accounts() -> list[AccountView]:
    rows = await Account.select(
        Account.id, Account.role, Account.department, Account.user.username, Account.user.first_name,
        Account.user.last_name, Account.user.email, Account.user.active, Account.user.last_login,
    ).order_by(Account.user.username)
    return [AccountView(id=r["id"], username=r["user.username"], first_name=r["user.first_name"] or "",
                        last_name=r["user.last_name"] or "", email=r["user.email"], role=Role(r["role"]),
                        department=r["department"], active=r["user.active"], last_login=r["user.last_login"])
            for r in rows]


async def save_account(raw: Mapping[str, str], account_id: int | None = None, *,
                       acting_id: int | None = None) -> Saved:
    """Creates an account (a password is required) or changes one (a new password only when typed).

    The administrator acting (`acting_id`) can neither switch off their own account nor give up their own
    administrator's role: that would lock them out at once, and it is another administrator's decision."""
    form = FormReader(raw)
    username = form.text("username", required=account_id is None, max_length=100)
    role = form.choice("role", Role)
    password = raw.get("password", "")
    if (account_id is None or password) and len(password) < 8:
        form.fail("password", _("Пароль не короче 8 знаков."))
    values = {"first_name": form.text("first_name", max_length=100),
              "last_name": form.text("last_name", max_length=100),
              "department": form.text("department", max_length=200)}
    active = bool(raw.get("active")) if account_id is not None else True
    if account_id is not None and account_id == acting_id:
        if not active:
            form.fail("active", _("Свою учётную запись отключить нельзя: это может сделать другой администратор."))
        if role is not None and role is not Role.ADMIN:
            form.fail("role", _("Свою роль администратора снять нельзя: это может сделать другой администратор."))
    if account_id is None and username and await BaseUser.exists().where(BaseUser.username == username):
        form.fail("username", _("Пользователь «{name}» уже есть.").format(name=username))
    if form.errors:
        return Saved(errors=form.errors)
    new = {"username": username, "role": role, **values, "active": active}
    if account_id is None:
        async with write_transaction(Account._meta.db):
            new_id = await create_user(username, password, role, first_name=values["first_name"],
                                       last_name=values["last_name"], department=values["department"])
            await audit.record("create", "account", new_id, username, audit.diff({}, new))
        return Saved(id=new_id)
    row = await Account.select(Account.user, Account.role, Account.department, Account.user.username,
                               Account.user.first_name, Account.user.last_name, Account.user.active).where(
        Account.id == account_id).first()
    if row is None:
        raise NotFound
    old = {"username": row["user.username"], "role": row["role"], "first_name": row["user.first_name"],
           "last_name": row["user.last_name"], "department": row["department"], "active": row["user.active"]}
    async with write_transaction(Account._meta.db):
        await Account.update({Account.role: role, Account.department: values["department"]}).where(
            Account.id == account_id)
        await BaseUser.update({BaseUser.first_name: values["first_name"], BaseUser.last_name: values["last_name"],
                               BaseUser.active: active}).where(BaseUser.id == row["user"])
        changes = audit.diff(old, {**new, "username": old["username"]})
        if password:
            changes["password"] = ["", "***"]  # that it changed, never what it is
        if password:
            await BaseUser.update_password(row["user"], password)
        if changes:
            await audit.record("update", "account", account_id, old["username"], changes)
    if password or not active:
        await end_sessions(account_id)
    return Saved(id=account_id)
