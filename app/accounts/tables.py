from piccolo.apps.user.tables import BaseUser
from piccolo.columns import ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.core.roles import Role


class Account(Table, tablename="account"):
    """A person's place in the system: Piccolo's user (name, hashed password) plus a role."""

    user = ForeignKey(BaseUser, on_delete=OnDelete.cascade, unique=True, null=False)
    role = Varchar(length=20, choices=Role, default=Role.VIEWER)
    department = Varchar(length=200, default="")
    # Every session cookie carries the version it was issued under: logout, a new password or a
    # deactivation bump it, and every session of the account ends at once.
    session_version = Integer(default=1)


class SignInFailure(Table, tablename="sign_in_failure"):
    """Failed sign-ins in a row of one account name or one client address (`key`: "user:…" or "ip:…"),
    in the database so that every app process sees the same count and lock."""

    key = Varchar(length=300, unique=True, null=False)
    failures = Integer(default=0)
    last_at = Timestamptz()
    locked_until = Timestamptz(null=True, default=None)
