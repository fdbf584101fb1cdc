"""The roster's printed forms, from the roster as it stands: view models for app/documents/duty.py.

The roster by post and by person, the acknowledgment sheet, the list of duty officers, the duty
slips with a QR code of each officer's page, and the roster as an XLSX workbook.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.core.config import get_settings
from app.core.formatting import fmt_date, fmt_long_date, fmt_time
from app.core.i18n import gettext as _
from app.documents import duty as documents
from app.documents.official import page_label
from app.duty import roster, services
from app.duty.kinds import RosterStatus
from app.events import officials
from app.events.services import CeremonyView, get_ceremony
from app.imports.xlsx_export import export_sheets


def _labels() -> documents.Labels:
    return documents.Labels(no="№", post=_("Пост"), time=_("Время"), person=_("ФИО"),
                            department=_("Подразделение"), phone=_("Телефон"), signature=_("Подпись"),
                            acknowledged=_("Ознакомлен(а) онлайн"), page=page_label(),
                            empty=_("В графике пока никого нет."), posts=_("Посты и время"),
                            total=_("Всего дежурных: {n}"))


@dataclass(frozen=True)
class Stretch:
    """One person's continuous stretch on one post: consecutive slots merged."""

    staff: services.StaffView
    post: str
    place: str
    start: datetime  # in the city's time zone
    end: datetime


@dataclass(frozen=True)
class _Roster:
    status: RosterStatus
    stretches: list[Stretch]
    acknowledged: dict[int, datetime]


async def _roster(ceremony_id: int) -> _Roster:
    """The roster read once (a handful of queries, whatever the number of people): by post, then by time."""
    view = await roster.roster_view(ceremony_id)
    staff = {s.id: s for s in await roster.staff_on_roster(ceremony_id)}
    stretches: list[Stretch] = []
    for post in view.posts:
        slots_of: dict[int, list[datetime]] = {}
        for slot in post.slots:
            for cell in view.cells.get((post.id, slot), []):
                slots_of.setdefault(cell.staff_id, []).append(slot)
        on_post = [Stretch(staff[staff_id], post.name, post.place, start, end)
                   for staff_id, slots in slots_of.items() for start, end in _runs(slots, post.slot_minutes)]
        stretches += sorted(on_post, key=lambda s: (s.start, s.staff.full_name.casefold()))
    return _Roster(view.status, stretches, await services.acknowledgments(ceremony_id))


def _span(start: datetime, end: datetime, day: date) -> str:
    """«08:00–09:30»; a stretch on another day than the ceremony's carries its date: «08.05 20:00–22:00»."""
    span = f"{fmt_time(start)}–{fmt_time(end)}"
    return span if start.date() == day else f"{start:%d.%m} {span}"


def _moment(value: datetime | None) -> str:
    return f"{fmt_date(value)} {fmt_time(value)}" if value else ""


def _lines(data: _Roster, day: date) -> list[documents.RosterLine]:
    """One line per person per continuous stretch on a post, by post."""
    return [documents.RosterLine(post=s.post, place=s.place, time=_span(s.start, s.end, day),
                                 person=s.staff.full_name, department=s.staff.department, phone=s.staff.phone,
                                 acknowledged=_moment(data.acknowledged.get(s.staff.id)))
            for s in data.stretches]


def _runs(slots: list[datetime], minutes: int):
    step = timedelta(minutes=minutes)
    start = previous = slots[0]
    for slot in slots[1:]:
        if slot != previous + step:
            yield start, previous + step
            start = slot
        previous = slot
    yield start, previous + step


async def roster_pdf(ceremony_id: int, by: str) -> bytes:
    c = await get_ceremony(ceremony_id)
    ceremony = roster_ceremony(c)
    settings = get_settings()
    lines = _lines(await _roster(ceremony_id), c.starts_at.date())
    if by == "person":
        lines.sort(key=lambda ln: (ln.person, ln.time))
        title = _("График дежурств по сотрудникам: {ceremony}, {date}").format(**ceremony)
        return documents.roster_by_person(settings.organisation, title, lines, _labels())
    title = _("График дежурств по постам: {ceremony}, {date}").format(**ceremony)
    return documents.roster_by_post(settings.organisation, title, lines, _labels(),
                                    await officials.approval(int(ceremony["year"])))


async def acknowledgment_pdf(ceremony_id: int) -> bytes:
    c = await get_ceremony(ceremony_id)
    lines = sorted(_lines(await _roster(ceremony_id), c.starts_at.date()), key=lambda ln: (ln.person, ln.time))
    title = _("Лист ознакомления с инструктажем: {ceremony}, {date}").format(**roster_ceremony(c))
    return documents.acknowledgment_sheet(get_settings().organisation, title,
                                          await services.briefing_text(ceremony_id), lines, _labels())


def roster_ceremony(c: CeremonyView) -> dict[str, str]:
    return {"ceremony": c.title, "date": fmt_long_date(c.starts_at.date()), "year": str(c.starts_at.year)}


def officer_url(token: str) -> str:
    """The duty officer's own page, the address their slip's QR code carries."""
    return f"{get_settings().public_base_url}/d/{token}"


def _officers(data: _Roster, day: date) -> list[documents.Officer]:
    """Everyone on the roster with their stretches in time order, alphabetically by name."""
    stretches_of: dict[int, list[Stretch]] = defaultdict(list)
    for s in data.stretches:
        stretches_of[s.staff.id].append(s)
    result = []
    for stretches in stretches_of.values():
        person = stretches[0].staff
        stretches.sort(key=lambda s: (s.start, s.post))
        result.append(documents.Officer(
            person=person.full_name, department=person.department, phone=person.phone,
            duties=tuple(documents.DutyLine(_span(s.start, s.end, day), s.post, s.place) for s in stretches),
            acknowledged=_moment(data.acknowledged.get(person.id)), url=officer_url(person.token)))
    return sorted(result, key=lambda o: (o.person.casefold(), o.department))


async def officers(ceremony_id: int) -> list[documents.Officer]:
    ceremony = await get_ceremony(ceremony_id)
    return _officers(await _roster(ceremony_id), ceremony.starts_at.date())


def _title(template: str, ceremony: CeremonyView) -> str:
    return template.format(ceremony=ceremony.title, date=fmt_long_date(ceremony.starts_at.date()))


async def officers_pdf(ceremony_id: int) -> bytes:
    """Список дежурных (A4, the official layout)."""
    ceremony = await get_ceremony(ceremony_id)
    people = _officers(await _roster(ceremony_id), ceremony.starts_at.date())
    title = _title(_("Список дежурных: {ceremony}, {date}"), ceremony)
    return await asyncio.to_thread(documents.officers_list, get_settings().organisation, title, people, _labels())


async def slips_pdf(ceremony_id: int) -> bytes:
    """Памятки дежурных: one A6 slip per person, four to an A4 sheet, by department then name, so that
    each department's slips come off the cutter together."""
    ceremony = await get_ceremony(ceremony_id)
    data = await _roster(ceremony_id)
    people = sorted(_officers(data, ceremony.starts_at.date()),
                    key=lambda o: (o.department.casefold(), o.person.casefold()))
    sheet = documents.SlipCeremony(
        organisation=get_settings().organisation, title=ceremony.title,
        when=f"{fmt_long_date(ceremony.starts_at.date())}, {fmt_time(ceremony.starts_at)}",
        where=", ".join(p for p in (ceremony.venue, ceremony.address) if p),
        briefing=await services.briefing_text(ceremony_id))
    labels = documents.SlipLabels(
        heading=_("Памятка дежурного"), duties=_("Посты и время"), briefing=_("Инструктаж"),
        briefing_link=_("Инструктаж — по ссылке"), briefing_more=_("Полностью — по ссылке."),
        more_duties=_("…и ещё {n} — по ссылке"),
        link=_("Ваши посты, инструктаж и отметка «ознакомлен(а)» — по QR-коду или по ссылке:"),
        draft="" if data.status is RosterStatus.PUBLISHED else _("Черновик графика"),
        empty=_("В графике пока никого нет."))
    return await asyncio.to_thread(documents.slips_pdf, sheet, people, labels)


async def roster_xlsx(ceremony_id: int) -> bytes:
    """The roster for Excel: «По постам» (post, place, time, person) and «По сотрудникам»."""
    ceremony = await get_ceremony(ceremony_id)
    data = await _roster(ceremony_id)
    day = ceremony.starts_at.date()
    by_post = [[s.post, s.place, _span(s.start, s.end, day), s.staff.full_name, s.staff.department,
                s.staff.phone] for s in data.stretches]
    by_person = [[s.staff.full_name, s.staff.department, s.staff.phone, s.post, s.place,
                  _span(s.start, s.end, day), _moment(data.acknowledged.get(s.staff.id))]
                 for s in sorted(data.stretches, key=lambda s: (s.staff.full_name.casefold(), s.staff.id, s.start))]
    person, department, phone = _("ФИО"), _("Подразделение"), _("Телефон")
    post, place, time = _("Пост"), _("Место"), _("Время")
    return export_sheets(_title(_("График дежурств: {ceremony}, {date}"), ceremony), [
        (_("По постам"), [post, place, time, person, department, phone], by_post),
        (_("По сотрудникам"), [person, department, phone, post, place, time, _("Ознакомлен(а) онлайн")],
         by_person),
    ])
