from piccolo.columns import JSON, Boolean, Float, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.events.tables import Ceremony
from app.invitations.tables import Invitation
from app.seating.kinds import HallKind, PlanStatus, SectionKind


class Hall(Table, tablename="seating_hall"):
    """A reusable venue: its seats, their numbering, attributes and honour."""

    name = Varchar(length=200)
    address = Varchar(length=300, default="")
    kind = Varchar(length=10, choices=HallKind, default=HallKind.ROWS)
    notes = Text(default="")
    sector_categories = JSON(default="{}")  # sector -> [guest category names admitted]; unlisted admit all
    width = Integer(default=0)  # drawing size in plan units (see app.seating.halls.layout)
    height = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


class Section(Table, tablename="seating_section"):
    """Stalls, balcony, a table, the presidium: what the scheme and the prints group seats by."""

    hall = ForeignKey(Hall, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=200)
    kind = Varchar(length=10, choices=SectionKind, default=SectionKind.ROWS)
    position = Integer(default=0)  # order on prints


class Seat(Table, tablename="seating_seat"):
    hall = ForeignKey(Hall, on_delete=OnDelete.cascade, null=False, index=True)
    section = ForeignKey(Section, on_delete=OnDelete.cascade, null=False)
    row_label = Varchar(length=40, default="")  # «3», «Б»; at a table the table's label
    row_index = Integer(default=0)  # 0 = the front row (or the head table)
    number = Varchar(length=20, default="")  # printed seat number
    x = Float(default=0.0)  # drawing position, plan units
    y = Float(default=0.0)
    order = Integer(default=0)  # position along the row / around the table, growing to the sitter's right
    segment = Integer(default=0)  # seats between two aisles (or one table); unique in the hall
    table = Integer(null=True, default=None)  # the table's index (banquet halls)
    honour = Integer(default=0)  # higher = more honoured
    honour_manual = Boolean(default=False)  # set by the officer: kept when honour is derived again
    wheelchair = Boolean(default=False)
    companion = Boolean(default=False)
    aisle = Boolean(default=False)
    step_free = Boolean(default=False)
    restricted_view = Boolean(default=False)
    blocked = Boolean(default=False)
    blocked_reason = Varchar(length=100, default="")  # «камера», «технический пульт»
    sector = Varchar(length=50, default="")
    guid = Varchar(length=64, default="")  # pretix seat_guid, kept for the round trip


class SeatingPlan(Table, tablename="seating_plan"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    hall = ForeignKey(Hall, on_delete=OnDelete.restrict, null=False, index=True)
    status = Varchar(length=20, choices=PlanStatus, default=PlanStatus.DRAFT)
    allow_partial = Boolean(default=False)
    presidium = JSON(default="[]")  # invitation ids of those on the presidium
    solver_status = Varchar(length=20, default="")
    objective = Integer(null=True, default=None)
    bound = Integer(null=True, default=None)
    seconds = Float(null=True, default=None)
    explanations = JSON(default="[]")  # why the input cannot be seated, as codes with ids
    unseated = JSON(default="[]")  # allow_partial: who was left out and why
    solved_at = Timestamptz(null=True, default=None)
    changed_at = Timestamptz(null=True, default=None)
    # A change of an approved plan waiting for the officer's confirmation (app.seating.plan.versions); {} = none.
    proposal = JSON(default="{}")


class PlanVersion(Table, tablename="seating_plan_version"):
    """The plan as approved, and after each confirmed change of it: what «восстановить» brings back."""

    plan = ForeignKey(SeatingPlan, on_delete=OnDelete.cascade, null=False, index=True)
    number = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    author = Varchar(length=200, default="")  # who confirmed it; empty: the system
    reason = Varchar(length=300, default="")
    hall = Integer(default=0)
    assignment = JSON(default="{}")  # invitation id -> seat id
    pinned = JSON(default="[]")
    presidium = JSON(default="[]")


class SeatAssignment(Table, tablename="seating_assignment"):
    plan = ForeignKey(SeatingPlan, on_delete=OnDelete.cascade, null=False, index=True)
    invitation = ForeignKey(Invitation, on_delete=OnDelete.cascade, null=False, index=True)
    seat = ForeignKey(Seat, on_delete=OnDelete.cascade, null=False, index=True)
    pinned = Boolean(default=False)


class ApartPair(Table, tablename="seating_apart"):
    """Two guests of a ceremony who must sit neither side by side nor at one table."""

    plan = ForeignKey(SeatingPlan, on_delete=OnDelete.cascade, null=False, index=True)
    first = ForeignKey(Invitation, on_delete=OnDelete.cascade, null=False)
    second = ForeignKey(Invitation, on_delete=OnDelete.cascade, null=False)
    note = Varchar(length=200, default="")
