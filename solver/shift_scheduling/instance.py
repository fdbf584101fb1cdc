"""The instances of the public shift-scheduling benchmark of Curtois & Qu (schedulingbenchmarks.org): the
data, the reader of its text format, and the writer of the same format (for generated instances).

A schedule maps each employee to a list over the horizon's days of a shift id, or None for a day off.
Day 0 is a Monday; a weekend is Saturday and Sunday, and working either day uses it up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Schedule = dict[str, list[str | None]]

SATURDAY = 5  # day 0 is a Monday: days 7k + 5 and 7k + 6 are weekend k


@dataclass(frozen=True)
class Shift:
    id: str
    minutes: int
    forbidden_next: frozenset[str] = frozenset()  # shifts that may not be worked the day after this one


@dataclass(frozen=True)
class Staff:
    id: str
    max_shifts: Mapping[str, int]  # per shift type; a type not named here is limited only by the horizon
    max_minutes: int
    min_minutes: int
    max_consecutive: int  # working days in a row
    min_consecutive: int  # binds only runs wholly inside the horizon
    min_days_off: int  # days off in a row; binds only runs wholly inside the horizon
    max_weekends: int


@dataclass(frozen=True)
class Request:
    employee: str
    day: int
    shift: str
    weight: int  # the penalty when the request is not granted


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    under: int  # penalty per person short
    over: int  # penalty per person too many


@dataclass(frozen=True)
class Instance:
    horizon: int
    shifts: tuple[Shift, ...]
    staff: tuple[Staff, ...]
    days_off: Mapping[str, frozenset[int]] = field(default_factory=dict)
    on_requests: tuple[Request, ...] = ()
    off_requests: tuple[Request, ...] = ()
    cover: tuple[Cover, ...] = ()


# ---------------------------------------------------------------------------------------------- reader

_SECTIONS = ("HORIZON", "SHIFTS", "STAFF", "DAYS_OFF", "SHIFT_ON_REQUESTS", "SHIFT_OFF_REQUESTS", "COVER")
_REQUIRED = ("HORIZON", "SHIFTS", "STAFF")


def read(text: str) -> Instance:
    """Parses the benchmark's text format; raises ValueError naming the line of anything it can not use."""
    sections = _split_sections(text)
    missing = [name for name in _REQUIRED if name not in sections]
    if missing:
        raise ValueError(f"missing section(s): {', '.join('SECTION_' + m for m in missing)}")
    instance = Instance(
        horizon=_read_horizon(sections["HORIZON"]),
        shifts=tuple(_read_shift(n, f) for n, f in sections["SHIFTS"]),
        staff=tuple(_read_staff(n, f) for n, f in sections["STAFF"]),
        days_off=_read_days_off(sections.get("DAYS_OFF", [])),
        on_requests=tuple(_read_request(n, f) for n, f in sections.get("SHIFT_ON_REQUESTS", [])),
        off_requests=tuple(_read_request(n, f) for n, f in sections.get("SHIFT_OFF_REQUESTS", [])),
        cover=tuple(_read_cover(n, f) for n, f in sections.get("COVER", [])),
    )
    _check_references(instance)
    return instance


Line = tuple[int, list[str]]  # line number (from 1) and its comma-separated fields


def _split_sections(text: str) -> dict[str, list[Line]]:
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.upper().startswith("SECTION_"):
            name = line[len("SECTION_"):].strip().upper()
            if name not in _SECTIONS:
                raise ValueError(f"line {number}: unknown section {line!r}")
            if name in sections:
                raise ValueError(f"line {number}: section {line!r} appears twice")
            current = sections[name] = []
        elif current is None:
            raise ValueError(f"line {number}: data before any SECTION_ header: {line!r}")
        else:
            current.append((number, [f.strip() for f in line.split(",")]))
    return sections


def _int(number: int, value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"line {number}: {what} must be a whole number, not {value!r}") from None


def _fields(number: int, fields: list[str], count: int, what: str) -> list[str]:
    """The first `count` fields; a trailing empty field (a line ending in a comma) is allowed."""
    if len(fields) < count or any(f for f in fields[count:]):
        raise ValueError(f"line {number}: {what} needs {count} fields, got {','.join(fields)!r}")
    return fields[:count]


def _read_horizon(lines: list[Line]) -> int:
    if len(lines) != 1 or len(lines[0][1]) != 1:
        raise ValueError("SECTION_HORIZON must hold exactly one number")
    number, (value,) = lines[0]
    horizon = _int(number, value, "the horizon")
    if horizon < 1:
        raise ValueError(f"line {number}: the horizon must be at least one day")
    return horizon


def _read_shift(number: int, fields: list[str]) -> Shift:
    # The third field may be missing or empty: "D,480", "D,480," and "L,480,E|D" are all shifts.
    if not 2 <= len(fields) <= 3 or not fields[0]:
        raise ValueError(f"line {number}: a shift is 'id,minutes,next|next', got {','.join(fields)!r}")
    shift_id, minutes, forbidden = (fields + [""])[:3]
    return Shift(shift_id, _int(number, minutes, "shift length"),
                 frozenset(s.strip() for s in forbidden.split("|") if s.strip()))


def _read_staff(number: int, fields: list[str]) -> Staff:
    staff_id, max_shifts, *numbers = _fields(number, fields, 8, "a staff line")
    limits = [_int(number, v, "a staff limit") for v in numbers]
    return Staff(staff_id, _read_max_shifts(number, max_shifts), *limits)


def _read_max_shifts(number: int, text: str) -> dict[str, int]:
    limits: dict[str, int] = {}
    for item in filter(None, (i.strip() for i in text.split("|"))):
        shift_id, equals, value = item.partition("=")
        if not equals:
            raise ValueError(f"line {number}: max shifts are 'D=14|L=14', got {item!r}")
        limits[shift_id.strip()] = _int(number, value.strip(), "a max shifts value")
    return limits


def _read_days_off(lines: list[Line]) -> dict[str, frozenset[int]]:
    days_off: dict[str, set[int]] = {}
    for number, (employee, *days) in lines:
        days_off.setdefault(employee, set()).update(_int(number, d, "a day") for d in days if d)
    return {employee: frozenset(days) for employee, days in days_off.items()}


def _read_request(number: int, fields: list[str]) -> Request:
    employee, day, shift_id, weight = _fields(number, fields, 4, "a request")
    return Request(employee, _int(number, day, "a day"), shift_id, _int(number, weight, "a weight"))


def _read_cover(number: int, fields: list[str]) -> Cover:
    day, shift_id, requirement, under, over = _fields(number, fields, 5, "a cover line")
    return Cover(_int(number, day, "a day"), shift_id, _int(number, requirement, "a requirement"),
                 _int(number, under, "a weight"), _int(number, over, "a weight"))


def _check_references(instance: Instance) -> None:
    """Every id a line names exists and every day lies in the horizon, so the model never guesses."""
    shifts = [s.id for s in instance.shifts]
    staff = [s.id for s in instance.staff]
    problems = [f"shift {i!r} is defined twice" for i in sorted(set(shifts)) if shifts.count(i) > 1]
    problems += [f"employee {i!r} is defined twice" for i in sorted(set(staff)) if staff.count(i) > 1]
    problems += [f"shift {s.id} names unknown next shift {n!r}" for s in instance.shifts
                 for n in sorted(s.forbidden_next - set(shifts))]
    problems += [f"employee {s.id} limits unknown shift {n!r}" for s in instance.staff
                 for n in s.max_shifts if n not in shifts]
    requests = instance.on_requests + instance.off_requests
    problems += [f"days off name unknown employee {e!r}" for e in instance.days_off if e not in staff]
    problems += [f"a request names unknown employee {r.employee!r}" for r in requests if r.employee not in staff]
    problems += [f"a request or cover names unknown shift {x.shift!r}" for x in requests + instance.cover
                 if x.shift not in shifts]
    days = [d for ds in instance.days_off.values() for d in ds] + [x.day for x in requests + instance.cover]
    problems += [f"day {d} lies outside the horizon of {instance.horizon} days" for d in sorted(set(days))
                 if not 0 <= d < instance.horizon]
    if problems:
        raise ValueError("; ".join(problems))


# ---------------------------------------------------------------------------------------------- writer


def write(instance: Instance) -> str:
    """The instance in the benchmark's text format, sections in the published files' order; read() inverts it."""
    def rows(name: str, lines: Iterable[str]) -> list[str]:
        return [f"SECTION_{name}", *lines, ""]

    staff = (f"{s.id},{'|'.join(f'{k}={v}' for k, v in s.max_shifts.items())},{s.max_minutes},{s.min_minutes},"
             f"{s.max_consecutive},{s.min_consecutive},{s.min_days_off},{s.max_weekends}" for s in instance.staff)
    return "\n".join([
        *rows("HORIZON", [str(instance.horizon)]),
        *rows("SHIFTS", (f"{s.id},{s.minutes},{'|'.join(sorted(s.forbidden_next))}" for s in instance.shifts)),
        *rows("STAFF", staff),
        *rows("DAYS_OFF", (",".join([e, *map(str, sorted(days))]) for e, days in instance.days_off.items() if days)),
        *rows("SHIFT_ON_REQUESTS", (f"{r.employee},{r.day},{r.shift},{r.weight}" for r in instance.on_requests)),
        *rows("SHIFT_OFF_REQUESTS", (f"{r.employee},{r.day},{r.shift},{r.weight}" for r in instance.off_requests)),
        *rows("COVER", (f"{c.day},{c.shift},{c.requirement},{c.under},{c.over}" for c in instance.cover)),
    ])
