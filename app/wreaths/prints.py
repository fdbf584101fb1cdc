"""The wreath laying's printed forms from the order and the scheme as they stand: view models for
app/documents/wreaths.py."""

from __future__ import annotations

from enum import StrEnum

from app.core.config import get_settings
from app.core.declension import Case, decline_full
from app.core.formatting import fmt_long_date, fmt_number, fmt_time
from app.core.i18n import gettext as _
from app.documents import wreaths as documents
from app.documents.official import page_label
from app.events import officials
from app.events.services import CeremonyView, get_ceremony
from app.wreaths import services
from app.wreaths.kinds import TRIBUTE_LABELS
from app.wreaths.scheme import scheme_view


class Copy(StrEnum):
    HOST = "host"  # the host's copy: a table with times and heads of delegations
    ANNOUNCER = "announcer"  # the announcer's copy: the words to say, in large type


def _subtitle(ceremony: CeremonyView) -> str:
    place = ", ".join(p for p in (ceremony.venue, ceremony.address) if p)
    return f"{ceremony.title}\n{place} · {fmt_long_date(ceremony.starts_at.date())}"


def announcement(delegation: services.DelegationView) -> str:
    """Whom the announcer gives the floor to: the wording typed in; else the head of the delegation in the
    dative («Губернатору края Соколову Андрею Николаевичу»); else, or when the head's text is not one the
    declension knows, the delegation's name."""
    if delegation.announcement:
        return delegation.announcement
    head = decline_full(delegation.head, Case.DATIVE) if delegation.head else ""
    return head if head and head != delegation.head else _("делегации «{name}»").format(name=delegation.name)


async def _order_document(ceremony_id: int, copy: Copy) -> documents.OrderDocument:
    order = await services.order_view(ceremony_id)
    rows = tuple(
        documents.OrderRow(number=line.number, time=f"{fmt_time(line.start)}–{fmt_time(line.end)}",
                           name=line.delegation.name, head=line.delegation.head, people=line.delegation.people,
                           tribute=_(TRIBUTE_LABELS[line.delegation.tribute]),
                           announcement=announcement(line.delegation))
        for line in order.lines
    )
    summary = _("Делегаций: {count}, участников: {people}. Начало в {start}, окончание в {end} ({minutes} мин)."
                ).format(count=len(rows), people=fmt_number(order.people), start=fmt_time(order.start),
                         end=fmt_time(order.end), minutes=order.total_minutes)
    title = _("Порядок возложения венков и цветов")
    if copy is Copy.ANNOUNCER:
        title = _("Порядок возложения венков и цветов. Текст диктора")
    return documents.OrderDocument(
        organisation=get_settings().organisation, title=title, subtitle=_subtitle(order.ceremony), rows=rows,
        summary=summary,
        approval=None if copy is Copy.ANNOUNCER else await officials.approval(order.ceremony.starts_at.year),
        labels={"no": "№", "time": _("Время"), "name": _("Делегация, организация"),
                "head": _("Руководитель делегации"), "people": _("Чел."), "tribute": _("Возлагают"),
                "announce": _("Слово для возложения предоставляется"), "people_short": _("{n} чел."),
                "empty": _("Делегаций пока нет."), "page": page_label()},
    )


async def order_pdf(ceremony_id: int, copy: Copy) -> bytes:
    build = documents.build_announcer_copy if copy is Copy.ANNOUNCER else documents.build_host_copy
    return build(await _order_document(ceremony_id, copy))


async def order_docx(ceremony_id: int) -> bytes:
    """The host's copy for Word: the announcer reads from paper in large type, nobody edits that one."""
    return documents.build_host_copy_docx(await _order_document(ceremony_id, Copy.HOST))


async def scheme_pdf(ceremony_id: int) -> bytes:
    ceremony = await get_ceremony(ceremony_id)
    scheme = await scheme_view(ceremony_id)
    warnings = [_("Зоны «{a}» и «{b}» пересекаются.").format(a=a, b=b) for a, b in scheme.conflicts]
    if scheme.unplaced:
        warnings.append(_("Без места на схеме: {names}.").format(names="; ".join(d.name for d in scheme.unplaced)))
    document = documents.SchemeDocument(
        organisation=get_settings().organisation, title=_("Схема размещения делегаций"),
        subtitle=_subtitle(ceremony), width=scheme.width, height=scheme.height,
        zones=tuple(documents.SchemeZone(name=z.name, kind=z.kind.value, x=z.rect.x, y=z.rect.y, w=z.rect.w,
                                         h=z.rect.h, mark=str(z.number or ""), overlaps=bool(z.overlaps))
                    for z in scheme.zones),
        legend=tuple((z.name, z.description) for z in scheme.zones),
        warnings=tuple(warnings),
        labels={"zone": _("Зона"), "who": _("Кто размещается"), "empty": _("Зон пока нет."), "page": page_label()},
    )
    return documents.build_scheme_pdf(document)
