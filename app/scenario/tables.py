from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Time, Varchar
from piccolo.table import Table

from app.events.kinds import EventKind
from app.events.tables import Ceremony


class ScenarioItem(Table, tablename="scenario_item"):
    """One line of a ceremony's run-of-show; its time follows from the items before it unless fixed."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    position = Integer(default=0)
    minutes = Integer(default=0)
    fixed_time = Time(null=True, default=None)  # the city's wall-clock time on the ceremony's day
    action = Varchar(length=500)
    participants = Text(default="")  # participants and speakers
    responsible = Varchar(length=300, default="")
    cues = Text(default="")  # music and technical cues
    host_words = Text(default="")


class HistoricalNote(Table, tablename="historical_note"):
    """A text for speeches and programmes, tied to a kind of memorable date and/or a date in history."""

    title = Varchar(length=300)
    text = Text()
    kind = Varchar(length=30, choices=EventKind, default="")  # "" when the note belongs to no memorable date
    day = Date(null=True, default=None)
    source = Varchar(length=500, default="")
    search_key = Text(default="")
