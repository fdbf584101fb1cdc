from piccolo.columns import (
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from app.accounts.tables import Account
from app.events.kinds import CeremonyFormat, DateRule, EventKind, EventStatus, Participation


class Official(Table, tablename="official"):
    """The mayor, deputies and other officials whose participation the plans list."""

    full_name = Varchar(length=200)
    position = Varchar(length=300)
    precedence = Integer(default=100)  # lower is more senior


class Event(Table, tablename="event"):
    title = Varchar(length=300)
    kind = Varchar(length=30, choices=EventKind, default=EventKind.OTHER)
    date_rule = Varchar(length=20, choices=DateRule, default=DateRule.FIXED)
    year = Integer(index=True)
    status = Varchar(length=20, choices=EventStatus, default=EventStatus.DRAFT)
    responsible = ForeignKey(Account, on_delete=OnDelete.set_null, null=True)
    notes = Text(default="")
    copied_from = ForeignKey("self", on_delete=OnDelete.set_null, null=True)
    deleted_at = Timestamptz(null=True, default=None, index=True)  # in the trash since; None: alive
    deleted_by = Integer(null=True, default=None)  # the account that put it there


class Ceremony(Table, tablename="ceremony"):
    event = ForeignKey(Event, on_delete=OnDelete.cascade, null=False)
    title = Varchar(length=300)
    format = Varchar(length=30, choices=CeremonyFormat, default=CeremonyFormat.MEETING)
    venue = Varchar(length=300)
    address = Varchar(length=300, default="")
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    expected_guests = Integer(default=0)
    notes = Text(default="")
    deleted_at = Timestamptz(null=True, default=None, index=True)  # in the trash since; None: alive
    deleted_by = Integer(null=True, default=None)


class CeremonyOfficial(Table, tablename="ceremony_official"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False)
    official = ForeignKey(Official, on_delete=OnDelete.cascade, null=False)
    role = Varchar(length=30, choices=Participation, default=Participation.ATTENDS)


class TravelTime(Table, tablename="travel_time"):
    """Minutes an official needs between two venues, either way; any other pair takes the default."""

    venue_a = Varchar(length=300)
    venue_b = Varchar(length=300)
    minutes = Integer()
