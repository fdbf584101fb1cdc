from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Time,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.duty.kinds import RosterStatus
from app.events.tables import Ceremony


class Staff(Table, tablename="staff"):
    """A municipal employee or volunteer who can stand on duty."""

    full_name = Varchar(length=300)
    department = Varchar(length=200, index=True)
    phone = Varchar(length=40, default="")
    gender = Varchar(length=1, default="")
    qualifications = JSON(default="[]")  # ["senior", "first_aid", "interpreter:en", …]
    max_hours_per_day = Integer(default=8)
    notes = Text(default="")
    search_key = Varchar(length=320, index=True, default="")
    token = Varchar(length=64, unique=True, index=True)  # the personal link on the duty slip
    active = Boolean(default=True)


class Availability(Table, tablename="staff_availability"):
    """A window when a person can stand on duty on a day, or a day off (no window).

    A person with no entry for a day is available all that day.
    """

    staff = ForeignKey(Staff, on_delete=OnDelete.cascade, null=False, index=True)
    day = Date()
    start = Time(null=True, default=None)
    end = Time(null=True, default=None)
    day_off = Boolean(default=False)


class Post(Table, tablename="duty_post"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=200)
    place = Varchar(length=300, default="")
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    slot_minutes = Integer(default=30)
    min_headcount = Integer(default=1)
    desired_headcount = Integer(default=1)
    requirements = JSON(default="{}")  # {"senior": 1, "interpreter:en": 1}: at least so many per slot
    gender = Varchar(length=1, default="")
    # A person stands here at least this long at a stretch; None = the rule of thumb (solver.roster.default_min_stretch)
    min_stretch_minutes = Integer(null=True, default=None)
    shifts = JSON(default="[]")  # fixed shifts as [start, end] minutes from starts_at; [] = slots


class Roster(Table, tablename="duty_roster"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    status = Varchar(length=20, choices=RosterStatus, default=RosterStatus.DRAFT)
    solver_status = Varchar(length=20, default="")
    objective = Integer(null=True, default=None)
    bound = Integer(null=True, default=None)
    penalties = JSON(default="{}")  # rule name -> cost: the score analysis
    explanations = JSON(default="[]")  # what to change when the input cannot be covered
    solved_at = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)
    # The ceremony's duty rules, set by the duty chief.
    arrival_minutes = Integer(default=30)  # before a person's first slot of the day, for the briefing
    break_minutes = Integer(default=30)  # the least gap between two stretches
    break_after_minutes = Integer(default=240)  # the longest stretch without a break; 0 = no limit
    max_stretches_per_day = Integer(default=2)  # 0 = no limit


class Assignment(Table, tablename="duty_assignment"):
    roster = ForeignKey(Roster, on_delete=OnDelete.cascade, null=False, index=True)
    staff = ForeignKey(Staff, on_delete=OnDelete.cascade, null=False, index=True)
    post = ForeignKey(Post, on_delete=OnDelete.cascade, null=False)
    slot_start = Timestamptz()
    pinned = Boolean(default=False)
    changed = Boolean(default=False)  # changed by the last re-plan: highlighted on the grid


class NoShow(Table, tablename="duty_no_show"):
    roster = ForeignKey(Roster, on_delete=OnDelete.cascade, null=False)
    staff = ForeignKey(Staff, on_delete=OnDelete.cascade, null=False)
    at = Timestamptz(default=TimestamptzNow())


class Briefing(Table, tablename="duty_briefing"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    text = Text(default="")


class Acknowledgment(Table, tablename="duty_acknowledgment"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    staff = ForeignKey(Staff, on_delete=OnDelete.cascade, null=False)
    at = Timestamptz(default=TimestamptzNow())
