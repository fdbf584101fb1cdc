"""Printing a ceremony's invitations: one card or envelope at once, the whole list as a background job.

The job (`batch`) runs in a worker process (app.jobs.runner): it takes the ceremony id and plain
options, reads the cards' data itself, renders them with app.documents.invitations with a progress
callback, writes the PDF where the runner says, and marks the planned invitations as printed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from app.core.config import get_settings
from app.core.declension import Case
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.events.tables import Ceremony
from app.guests.declined import name_in
from app.guests.services import full_name
from app.imports.xlsx_export import export_xlsx
from app.invitations import services
from app.invitations.kinds import COMPANION_LABELS, ISSUE_LABELS, STATUS_LABELS, CompanionKind
from app.invitations.tables import Invitation, InvitationSetup
from app.invitations.tokens import invitation_url
from app.jobs import runner

CARD_SIZES = ("A5", "A6")
ENVELOPES = ("C5", "DL")
JOB_KIND = "invitations.batch"


def card_size(value: object) -> str:
    text = str(value or "").upper()
    return text if text in CARD_SIZES else "A5"


def envelope_format(value: object) -> str:
    text = str(value or "").upper()
    return text if text in ENVELOPES else "C5"


@dataclass(frozen=True)
class CardData:
    """Everything one card and its envelope say; plain values only (it crosses into the worker)."""

    invitation_id: int
    token: str
    url: str
    surname: str
    name: str
    patronymic: str
    gender: str
    address: str  # postal address, for the envelope
    event_title: str
    ceremony_title: str
    starts_at: datetime  # in the city's time zone
    venue: str
    venue_address: str
    entrance: str
    seat_label: str
    dress_code: str
    wording: str
    signature: str
    # «Петрову Петру Петровичу», as envelopes and labels print it: the officer's correction on the
    # person's page, else app.core.declension's form
    dative: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)


async def cards(invitation_ids: list[int]) -> list[CardData]:
    """The cards of these invitations, in the order given; those without a live token are left out."""
    if not invitation_ids:
        return []
    rows = []
    for start in range(0, len(invitation_ids), services.CHUNK):
        rows += await Invitation.select(
            Invitation.id, Invitation.ceremony, Invitation.entrance, Invitation.seat_label,
            Invitation.person.surname.as_alias("surname"), Invitation.person.name.as_alias("p_name"),
            Invitation.person.patronymic.as_alias("patronymic"), Invitation.person.gender.as_alias("gender"),
            Invitation.person.address.as_alias("address"), Invitation.person.declined.as_alias("declined"),
        ).where(Invitation.id.is_in(invitation_ids[start:start + services.CHUNK]))
    if not rows:
        return []
    tokens = await services.live_tokens(r["id"] for r in rows)
    ceremony_ids = sorted({r["ceremony"] for r in rows})
    ceremonies = {c["id"]: c for c in await Ceremony.select(
        Ceremony.id, Ceremony.title, Ceremony.venue, Ceremony.address, Ceremony.starts_at,
        Ceremony.event.title.as_alias("event_title")).where(Ceremony.id.is_in(ceremony_ids))}
    setups = {s["ceremony"]: s for s in await InvitationSetup.select().where(
        InvitationSetup.ceremony.is_in(ceremony_ids))}
    tz = get_settings().tz
    by_id = {}
    for r in rows:
        if r["id"] not in tokens:
            continue
        ceremony = ceremonies[r["ceremony"]]
        setup = setups.get(r["ceremony"], {})
        by_id[r["id"]] = CardData(
            invitation_id=r["id"], token=tokens[r["id"]], url=invitation_url(tokens[r["id"]]), surname=r["surname"],
            name=r["p_name"], patronymic=r["patronymic"], gender=r["gender"], address=r["address"],
            event_title=ceremony["event_title"], ceremony_title=ceremony["title"],
            starts_at=ceremony["starts_at"].astimezone(tz), venue=ceremony["venue"],
            venue_address=ceremony["address"], entrance=r["entrance"] or setup.get("default_entrance", ""),
            seat_label=r["seat_label"], dress_code=setup.get("dress_code", ""), wording=setup.get("wording", ""),
            signature=setup.get("signature", ""),
            dative=name_in(Case.DATIVE, r["surname"], r["p_name"], r["patronymic"], r["gender"], r["declined"]))
    return [by_id[i] for i in invitation_ids if i in by_id]


async def _one(invitation_id: int) -> CardData:
    found = await cards([invitation_id])
    if not found:
        raise NotFound
    return found[0]


async def card_pdf(invitation_id: int, size: str) -> bytes:
    from app.invitations import rendering

    card = await _one(invitation_id)
    content = await asyncio.to_thread(rendering.cards_pdf, [card], size)
    await reprinted([invitation_id])
    return content


async def reprinted(invitation_ids: list[int]) -> None:
    """The cards are printed with the seat they carry now: nothing left to reprint."""
    ids = sorted(set(invitation_ids))
    for start in range(0, len(ids), services.CHUNK):
        await Invitation.update({Invitation.needs_reprint: False}).where(
            Invitation.id.is_in(ids[start:start + services.CHUNK]) & Invitation.needs_reprint.eq(True))


async def envelope_pdf(invitation_id: int, fmt: str) -> bytes:
    from app.invitations import rendering

    card = await _one(invitation_id)
    return await asyncio.to_thread(rendering.envelopes_pdf, [card], fmt)


async def submit_batch(ceremony, size: str, account_id: int | None) -> int:
    title = _("Приглашения {size}: {title}").format(size=size, title=ceremony.title)
    return await runner.submit(JOB_KIND, "app.invitations.printing:batch",
                               {"ceremony_id": ceremony.id, "size": size}, title=title, user_id=account_id,
                               time_limit=600)


def batch(params: dict, progress) -> dict:
    """The job: every printable invitation of the ceremony in one PDF; planned ones become printed."""
    from app.invitations import rendering

    ceremony_id, size = int(params["ceremony_id"]), card_size(params.get("size"))

    async def load() -> list[CardData]:
        return await cards(await services.printable_ids(ceremony_id))

    data = asyncio.run(load())
    progress(0, len(data), _("Подготовка"))
    path = progress.file(f"invitations-{ceremony_id}-{size}.pdf")
    path.write_bytes(rendering.cards_pdf(data, size, progress=lambda done, total: progress(
        done, total, _("Карточки"))))
    async def printed(ids: list[int]) -> int:
        await reprinted(ids)
        return await services.mark_printed(ids)

    return {"file": path.name, "pages": len(data), "printed": asyncio.run(printed([c.invitation_id for c in data]))}


async def list_xlsx(ceremony_id: int) -> bytes:
    """The whole list, companions included, in precedence order, for Excel."""
    rows = await services._rows(Invitation.ceremony == ceremony_id)
    names = {r.id: r.full_name for r in rows}
    headers = [_("№"), _("ФИО"), _("Должность"), _("Организация"), _("Категория"), _("Кем приходится"),
               _("Статус"), _("Вход"), _("Место"), _("Вручено"), _("Как вручено"), _("Кто вручил"), _("Ответ"),
               _("Ссылка приглашения")]
    table = []
    for n, r in enumerate(rows, start=1):
        relation = "" if r.companion_kind is CompanionKind.GUEST else (
            f"{_(COMPANION_LABELS[r.companion_kind])}: {names.get(r.companion_of or 0, '')}")
        table.append([n, r.full_name, r.position, r.organisation, r.category, relation, _(STATUS_LABELS[r.status]),
                      r.entrance, r.seat_label, r.issued_at.replace(tzinfo=None) if r.issued_at else None,
                      _(ISSUE_LABELS[r.issued_how]) if r.issued_how else "", r.issued_by, r.response_note,
                      invitation_url(r.token) if r.token and r.status not in services.DEAD else ""])
    return export_xlsx(_("Список приглашённых"), headers, table)

