from piccolo.apps.user.tables import BaseUser
from piccolo.columns import ForeignKey, OnDelete, Varchar
from piccolo.table import Table

from app.core.roles import Role


class Account(Table, tablename="account"):
    """A person's place in the system: Piccolo's user (name, hashed password) plus a role."""

    user = ForeignKey(BaseUser, on_delete=OnDelete.cascade, unique=True, null=False)
    role = Varchar(length=20, choices=Role, default=Role.VIEWER)
    department = Varchar(length=200, default="")
