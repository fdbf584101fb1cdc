"""Re-checks a schedule from the rules' text, without the model: every hard rule it breaks, and its objective."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from solver.shift_scheduling.instance import SATURDAY, Instance, Request, Staff


def validate(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> list[str]:
    """Every hard rule the schedule breaks, re-checked from the rules' text without the model."""
    problems = _shape(instance, schedule)
    if problems:
        return problems
    for staff in instance.staff:
        problems += _check_staff(instance, staff, schedule[staff.id])
    return problems


def _shape(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> list[str]:
    """The schedule names every employee once, each for every day, with a known shift or None."""
    known = {s.id for s in instance.shifts}
    problems = [f"{e}: not an employee" for e in schedule if e not in {s.id for s in instance.staff}]
    for staff in instance.staff:
        days = schedule.get(staff.id)
        if days is None or len(days) != instance.horizon:
            problems.append(f"{staff.id}: needs exactly one entry per day of the {instance.horizon}")
            continue
        for day, entry in enumerate(days):
            if isinstance(entry, list | tuple | set | frozenset):
                problems.append(f"{staff.id} day {day}: {len(entry)} shifts, at most one a day")
            elif entry is not None and entry not in known:
                problems.append(f"{staff.id} day {day}: unknown shift {entry!r}")
    return problems


def _check_staff(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    return [problem for check in _CHECKS for problem in check(instance, staff, days)]


def _check_days_off(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    return [f"{staff.id} day {d}: works {days[d]} on a day off" for d in sorted(instance.days_off.get(staff.id, ()))
            if days[d] is not None]


def _check_successions(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    forbidden = {s.id: s.forbidden_next for s in instance.shifts}
    pairs = enumerate(zip(days, days[1:], strict=False))
    return [f"{staff.id} day {d}: {tomorrow} may not follow {today}" for d, (today, tomorrow) in pairs
            if today is not None and tomorrow in forbidden[today]]


def _check_shift_counts(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    return [f"{staff.id}: {days.count(s)} shifts {s}, max shifts {limit}" for s, limit in staff.max_shifts.items()
            if days.count(s) > limit]


def _check_minutes(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    length = {s.id: s.minutes for s in instance.shifts}
    minutes = sum(length[s] for s in days if s is not None)
    if staff.min_minutes <= minutes <= staff.max_minutes:
        return []
    return [f"{staff.id}: {minutes} total minutes, allowed {staff.min_minutes}–{staff.max_minutes}"]


def _check_runs(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    """Run lengths: the maximum binds every run, the minimums only runs wholly inside the horizon."""
    problems = []
    for start, length, working in runs_of([s is not None for s in days]):
        inside = start > 0 and start + length < len(days)
        at = f"{staff.id} day {start}: {length} consecutive"
        if working and length > staff.max_consecutive:
            problems.append(f"{at} working days, max {staff.max_consecutive}")
        if working and inside and length < staff.min_consecutive:
            problems.append(f"{at} working days, min {staff.min_consecutive}")
        if not working and inside and length < staff.min_days_off:
            problems.append(f"{at} days off, min {staff.min_days_off}")
    return problems


def _check_weekends(instance: Instance, staff: Staff, days: Sequence[str | None]) -> list[str]:
    # Day 0 is a Monday: weekend k is days 7k + 5 (Saturday) and 7k + 6 (Sunday).
    weekends = len({d // 7 for d, s in enumerate(days) if s is not None and d % 7 >= SATURDAY})
    if weekends <= staff.max_weekends:
        return []
    return [f"{staff.id}: {weekends} working weekends, max {staff.max_weekends}"]


_CHECKS = (_check_days_off, _check_successions, _check_shift_counts, _check_minutes, _check_runs, _check_weekends)


def runs_of(flags: Sequence[bool]) -> list[tuple[int, int, bool]]:
    """(start, length, value) of each maximal run of equal flags."""
    return [(m.start(), len(m.group()), m.group()[0] == "1")
            for m in re.finditer(r"1+|0+", "".join("1" if f else "0" for f in flags))]


def objective(instance: Instance, schedule: Mapping[str, Sequence[str | None]]) -> int:
    """The benchmark's objective from its definition: request penalties plus cover under/over penalties."""
    return sum(costs(instance, schedule).values())


def costs(instance: Instance, schedule: Mapping[str, Sequence[str | None]], *, days: Collection[int] | None = None,
          staff: Collection[str] | None = None) -> dict[str, int]:
    """The objective by soft rule, under the same names as the model's penalty ledger; or the part of it a
    part of the schedule decides: the cover of `days`, and the requests of `staff` on those days.
    """
    under = over = 0
    for c in instance.cover:
        if days is not None and c.day not in days:
            continue
        working = sum(shifts[c.day] == c.shift for shifts in schedule.values())
        under += c.under * max(0, c.requirement - working)
        over += c.over * max(0, working - c.requirement)
    on, off = request_costs(instance, schedule, staff, days)
    return {"shift_on_requests": on, "shift_off_requests": off, "cover_under": under, "cover_over": over}


def request_costs(instance: Instance, schedule: Mapping[str, Sequence[str | None]],
                  staff: Collection[str] | None = None, days: Collection[int] | None = None) -> tuple[int, int]:
    """The on and off requests not granted, weighted: of everyone, or only of `staff`; on every day, or `days`."""
    def asked(r: Request) -> bool:
        return (staff is None or r.employee in staff) and (days is None or r.day in days)

    on = sum(r.weight for r in instance.on_requests if asked(r) and schedule[r.employee][r.day] != r.shift)
    off = sum(r.weight for r in instance.off_requests if asked(r) and schedule[r.employee][r.day] == r.shift)
    return on, off
