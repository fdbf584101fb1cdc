from piccolo.columns import JSON, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEntry(Table, tablename="audit_entry"):
    """One change: who (the account and the name as it was then), when, what, and the values old → new.

    No foreign keys: an entry outlives the account, and the object, it names."""

    at = Timestamptz(default=TimestamptzNow(), index=True)
    account_id = Integer(null=True, default=None, index=True)
    account_name = Varchar(length=300, default="")
    action = Varchar(length=40, index=True)
    object_kind = Varchar(length=40, index=True)
    object_id = Integer(null=True, default=None, index=True)
    object_label = Varchar(length=400, default="")
    changes = JSON(default="{}")  # {"field": [old, new]}
    note = Text(default="")
