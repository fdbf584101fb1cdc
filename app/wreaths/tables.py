from piccolo.columns import ForeignKey, Integer, OnDelete, Time, Varchar
from piccolo.table import Table

from app.events.tables import Ceremony
from app.wreaths.kinds import DEFAULT_RANK, DEFAULT_SLOT_MINUTES, Tribute, ZoneKind


class WreathLaying(Table, tablename="wreath_laying"):
    """A wreath laying's own settings beside its ceremony."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    # When the first delegation steps up, on the ceremony's day; None: at the ceremony's start.
    # A wall-clock time rather than a moment, so that it follows the ceremony when its day moves.
    starts_at = Time(null=True, default=None)


class Delegation(Table, tablename="wreath_delegation"):
    """A delegation or organisation that lays a wreath or flowers, with its slot in the order."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=300)
    head = Varchar(length=300, default="")  # the head of the delegation: position and name
    announcement = Varchar(length=400, default="")  # how the announcer names it, in the dative
    rank = Integer(default=DEFAULT_RANK)  # protocol precedence: lower steps up earlier
    people = Integer(default=1)
    tribute = Varchar(length=20, choices=Tribute, default=Tribute.WREATH)
    minutes = Integer(default=DEFAULT_SLOT_MINUTES)
    position = Integer(default=0)  # the place in the order: by precedence, then moved by hand


class Zone(Table, tablename="wreath_zone"):
    """A rectangle on the plan of the square: a delegation's place or a fixed landmark."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=100)
    kind = Varchar(length=20, choices=ZoneKind, default=ZoneKind.ZONE)
    x = Integer(default=0)
    y = Integer(default=0)
    w = Integer(default=10)
    h = Integer(default=5)
    delegation = ForeignKey(Delegation, on_delete=OnDelete.set_null, null=True, default=None)
