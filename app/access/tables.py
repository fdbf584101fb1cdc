from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.access.kinds import ZoneKind
from app.events.tables import Ceremony
from app.guests.tables import Category
from app.invitations.tables import Invitation


class AccessZone(Table, tablename="access_zone"):
    """A part of a ceremony's venue a card may or may not open: the hall, the stage, the VIP room…"""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=100)
    kind = Varchar(length=20, choices=ZoneKind, default=ZoneKind.OTHER)
    position = Integer(default=0)


class CategoryZone(Table, tablename="category_zone"):
    """A guest category opens this zone (zones belong to one ceremony, so the grant does too)."""

    zone = ForeignKey(AccessZone, on_delete=OnDelete.cascade, null=False, index=True)
    category = ForeignKey(Category, on_delete=OnDelete.cascade, null=False, index=True)


class InvitationZone(Table, tablename="invitation_zone"):
    """A zone granted to one invitation by hand, beyond its category's."""

    invitation = ForeignKey(Invitation, on_delete=OnDelete.cascade, null=False, index=True)
    zone = ForeignKey(AccessZone, on_delete=OnDelete.cascade, null=False, index=True)


class Gate(Table, tablename="gate"):
    """A named gate of a ceremony and the zone it lets into (none: the ceremony as a whole)."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=50)
    zone = ForeignKey(AccessZone, on_delete=OnDelete.set_null, null=True)


class VehiclePass(Table, tablename="vehicle_pass"):
    """A windscreen pass: which car may drive into which parking zone on which days."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    zone = ForeignKey(AccessZone, on_delete=OnDelete.set_null, null=True)
    number = Varchar(length=20)  # «А123ВС 27», kept as typed but upper-cased
    driver = Varchar(length=200, default="")
    holder = Varchar(length=300, default="")  # the guest or the organisation the car serves
    invitation = ForeignKey(Invitation, on_delete=OnDelete.set_null, null=True)
    valid_from = Date()
    valid_to = Date()
    token = Varchar(length=64, unique=True, index=True)
    revoked_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class GateRecord(Table, tablename="gate_record"):
    """A scan a phone decided without the network, as its sync delivered it (the scan itself goes to the
    scan log). The phone's key makes a batch sent again change nothing: an answer lost on a bad network
    makes the phone resend what the server already has."""

    key = Varchar(length=64, unique=True)
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    received_at = Timestamptz(default=TimestamptzNow())
