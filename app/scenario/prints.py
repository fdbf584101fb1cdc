"""The scenario's printed forms from the scenario as it stands: the view model for app/documents/scenario.py."""

from __future__ import annotations

import asyncio

from app.core.config import get_settings
from app.core.formatting import fmt_long_date
from app.core.i18n import gettext as _
from app.documents import scenario as documents
from app.documents.official import Approval, page_label
from app.events import officials
from app.scenario.services import ScenarioView, clock, duration_label, scenario


def document(view: ScenarioView, approval: Approval) -> documents.ScenarioDocument:
    c = view.ceremony
    labels = documents.Labels(
        no="№", time=_("Время"), content=_("Содержание"), responsible=_("Ответственный"),
        cues=_("Музыка и техника"), participants=_("Участники"), host=_("Ведущий"),
        empty=_("Пунктов сценария пока нет."), page=page_label())
    facts = [
        (_("Мероприятие"), c.event_title),
        (_("Дата и время"), f"{fmt_long_date(c.starts_at.date())}, {clock(c.starts_at)}–{clock(c.ends_at)}"),
        (_("Место проведения"), ", ".join(p for p in (c.venue, c.address) if p)),
    ]
    if view.items:
        facts.append((_("Продолжительность"), f"{duration_label(view.minutes)} "
                      f"({clock(min(c.starts_at, view.items[0].start))}–{clock(view.ends_at)})"))
    return documents.ScenarioDocument(
        organisation=get_settings().organisation,
        title=_("Сценарий") + "\n" + c.title,
        facts=tuple(facts),
        lines=tuple(documents.Line(number=item.number, time=f"{clock(item.start)}–{clock(item.end)}",
                                   minutes=duration_label(item.minutes), action=item.action,
                                   participants=item.participants, host_words=item.host_words,
                                   responsible=item.responsible, cues=item.cues) for item in view.items),
        labels=labels,
        approval=approval,
    )


async def _document(ceremony_id: int) -> documents.ScenarioDocument:
    view = await scenario(ceremony_id)
    return document(view, await officials.approval(view.ceremony.starts_at.year))


async def scenario_pdf(ceremony_id: int) -> bytes:
    return await asyncio.to_thread(documents.build_scenario_pdf, await _document(ceremony_id))


async def scenario_docx(ceremony_id: int) -> bytes:
    return await asyncio.to_thread(documents.build_scenario_docx, await _document(ceremony_id))
