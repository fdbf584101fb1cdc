"""«Add to calendar» for one invitation: an RFC 5545 file whose times are in the city's own zone.

The event carries DTSTART;TZID=<zone> with a VTIMEZONE built from the tz database for the event's
year, so a phone set to Moscow time still shows a Khabarovsk ceremony at the hour printed on the card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from app.core.ics import _fold, _text  # the escaping and line folding the project's other calendars use


@dataclass(frozen=True)
class InvitationEvent:
    uid: str
    start: datetime  # aware
    end: datetime
    summary: str
    location: str
    description: str
    url: str


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def _offset(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """The moments (UTC) in `year` when the zone's offset changes, found to the minute."""
    found = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    step = timedelta(days=1)
    moment = start
    while moment.year == year:
        following = moment + step
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if low.astimezone(zone).utcoffset() == middle.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        moment = following
    return found


def vtimezone(zone: ZoneInfo, year: int) -> list[str]:
    """A VTIMEZONE valid for `year`: one STANDARD part, or one part per change of offset."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    january = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    changes = _transitions(zone, year)
    if not changes:
        offset = _offset(january.utcoffset())
        lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}",
                  f"TZNAME:{january.tzname()}", "END:STANDARD"]
    else:
        before = january.utcoffset()
        for change in changes:
            after_local = change.astimezone(zone)
            after = after_local.utcoffset()
            kind = "DAYLIGHT" if after_local.dst() else "STANDARD"
            onset = (change + (before or timedelta())).replace(tzinfo=None)  # local wall time before the change
            lines += [f"BEGIN:{kind}", f"DTSTART:{onset:%Y%m%dT%H%M%S}", f"TZOFFSETFROM:{_offset(before)}",
                      f"TZOFFSETTO:{_offset(after)}", f"TZNAME:{after_local.tzname()}", f"END:{kind}"]
            before = after
    lines.append("END:VTIMEZONE")
    return lines


def invitation_calendar(event: InvitationEvent, zone: ZoneInfo, *, now: datetime | None = None) -> bytes:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ceremonia//Invitation//RU", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", *vtimezone(zone, event.start.astimezone(zone).year),
             "BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}",
             f"DTSTART;TZID={zone.key}:{_local(event.start, zone)}",
             f"DTEND;TZID={zone.key}:{_local(event.end, zone)}",
             f"SUMMARY:{_text(event.summary)}"]
    if event.location:
        lines.append(f"LOCATION:{_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
