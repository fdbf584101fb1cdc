"""The roster's printed forms, from the roster as it stands: view models for app/documents/duty.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.config import get_settings
from app.documents import duty as documents
from app.documents.official import mayor_approval, page_label
from app.duty import roster, services
from app.events.services import get_ceremony
from app.i18n import gettext as _
from app.web import fmt_date, fmt_long_date, fmt_time


def _labels() -> documents.Labels:
    return documents.Labels(no="№", post=_("Пост"), time=_("Время"), person=_("ФИО"),
                            department=_("Подразделение"), phone=_("Телефон"), signature=_("Подпись"),
                            acknowledged=_("Ознакомлен(а) онлайн"), page=page_label(),
                            empty=_("В графике пока никого нет."))


async def _lines(ceremony_id: int) -> list[documents.RosterLine]:
    """One line per person per continuous stretch on a post."""
    view = await roster.roster_view(ceremony_id)
    staff = {s.id: s for s in await roster.staff_on_roster(ceremony_id)}
    acknowledged = await services.acknowledgments(ceremony_id)
    lines = []
    for post in view.posts:
        stretches: dict[int, list] = {}
        for slot in post.slots:
            for cell in view.cells.get((post.id, slot), []):
                stretches.setdefault(cell.staff_id, []).append(slot)
        for staff_id, slots in stretches.items():
            person = staff[staff_id]
            ack = acknowledged.get(staff_id)
            for start, end in _runs(slots, post.slot_minutes):
                lines.append(documents.RosterLine(
                    post=post.name, place=post.place, time=f"{fmt_time(start)}–{fmt_time(end)}",
                    person=person.full_name, department=person.department, phone=person.phone,
                    acknowledged=f"{fmt_date(ack)} {fmt_time(ack)}" if ack else ""))
    return lines


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
    ceremony = await roster_ceremony(ceremony_id)
    settings = get_settings()
    lines = await _lines(ceremony_id)
    if by == "person":
        lines.sort(key=lambda ln: (ln.person, ln.time))
        title = _("График дежурств по сотрудникам: {ceremony}, {date}").format(**ceremony)
        return documents.roster_by_person(settings.organisation, title, lines, _labels())
    title = _("График дежурств по постам: {ceremony}, {date}").format(**ceremony)
    return documents.roster_by_post(settings.organisation, title, lines, _labels(),
                                    mayor_approval(int(ceremony["year"])))


async def acknowledgment_pdf(ceremony_id: int) -> bytes:
    ceremony = await roster_ceremony(ceremony_id)
    lines = sorted(await _lines(ceremony_id), key=lambda ln: (ln.person, ln.time))
    title = _("Лист ознакомления с инструктажем: {ceremony}, {date}").format(**ceremony)
    return documents.acknowledgment_sheet(get_settings().organisation, title,
                                          await services.briefing_text(ceremony_id), lines, _labels())


async def roster_ceremony(ceremony_id: int) -> dict[str, str]:
    c = await get_ceremony(ceremony_id)
    return {"ceremony": c.title, "date": fmt_long_date(c.starts_at.date()), "year": str(c.starts_at.year)}
