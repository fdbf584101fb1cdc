"""Printing a ceremony's invitations: one card or envelope at once, the whole list as a background job,
the design page's preview, address labels and the calibration sheet.

Every card follows the ceremony's design (app.invitations.designs), in overprint mode moved by its
printer's offset. The job (`batch`) runs in a worker process (app.jobs.runner): it takes the ceremony id,
reads the cards' data and the design itself, renders them with a progress callback, writes the PDF where
the runner says, and marks the planned invitations as printed.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, replace
from datetime import datetime

from app.core.config import get_settings
from app.core.db import chunks, write_transaction
from app.core.declension import Case
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.documents import address_labels, invitation_cards
from app.documents.address_labels import Addressee
from app.documents.card_backgrounds import Artwork
from app.documents.card_design import FIELD_LABELS, PAPERS, Design, fitted_fields
from app.events.tables import Ceremony
from app.guests.declined import name_in
from app.guests.services import full_name
from app.imports.xlsx_export import export_xlsx
from app.invitations import designs, services
from app.invitations.kinds import COMPANION_LABELS, ISSUE_LABELS, STATUS_LABELS, CompanionKind
from app.invitations.tables import Invitation, InvitationSetup
from app.invitations.tokens import invitation_url
from app.jobs import runner

CARD_SIZES = tuple(PAPERS)
ENVELOPES = ("C5", "DL")
JOB_KIND = "invitations.batch"


def card_size(value: object) -> str | None:
    """A paper asked for in the address, or None for the design's own."""
    text = str(value or "").upper()
    return text if text in CARD_SIZES else None


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
    spouse: str = ""  # «Анна Сергеевна»: the guest's spouse, invited with them, is saluted on the same card

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    def fingerprint(self) -> str:
        """What the card and its envelope say, its seat and code aside (a seat changed is flagged where the plan
        changes it; the code is new on every reprint), as a short hash kept when the card is printed."""
        said = (self.surname, self.name, self.patronymic, self.gender, self.address, self.dative, self.spouse,
                self.event_title, self.ceremony_title, self.starts_at.isoformat(), self.venue, self.venue_address,
                self.entrance, self.dress_code, self.wording, self.signature)
        return hashlib.sha256("\x1f".join(said).encode()).hexdigest()[:32]


async def cards(invitation_ids: list[int]) -> list[CardData]:
    """The cards of these invitations, in the order given; those without a live token are left out."""
    if not invitation_ids:
        return []
    rows = []
    for part in chunks(invitation_ids):
        rows += await Invitation.select(
            Invitation.id, Invitation.ceremony, Invitation.entrance, Invitation.seat_label,
            Invitation.person.surname.as_alias("surname"), Invitation.person.name.as_alias("p_name"),
            Invitation.person.patronymic.as_alias("patronymic"), Invitation.person.gender.as_alias("gender"),
            Invitation.person.address.as_alias("address"), Invitation.person.declined.as_alias("declined"),
        ).where(Invitation.id.is_in(part))
    if not rows:
        return []
    tokens = await services.live_tokens(r["id"] for r in rows)
    ceremony_ids = sorted({r["ceremony"] for r in rows})
    ceremonies = {c["id"]: c for c in await Ceremony.select(
        Ceremony.id, Ceremony.title, Ceremony.venue, Ceremony.address, Ceremony.starts_at,
        Ceremony.event.title.as_alias("event_title")).where(Ceremony.id.is_in(ceremony_ids))}
    setups = {s["ceremony"]: s for s in await InvitationSetup.select().where(
        InvitationSetup.ceremony.is_in(ceremony_ids))}
    spouses = await _spouses([r["id"] for r in rows])
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
            dative=name_in(Case.DATIVE, r["surname"], r["p_name"], r["patronymic"], r["gender"], r["declined"]),
            spouse=spouses.get(r["id"], ""))
    return [by_id[i] for i in invitation_ids if i in by_id]


async def _spouses(invitation_ids: list[int]) -> dict[int, str]:
    """Invitation id → «Анна Сергеевна» of the spouse invited with that guest (a live invitation)."""
    found: dict[int, str] = {}
    for part in chunks(invitation_ids):
        for r in await Invitation.select(
                Invitation.companion_of, Invitation.person.name.as_alias("p_name"),
                Invitation.person.patronymic.as_alias("patronymic"), Invitation.person.surname.as_alias("surname"),
        ).where(Invitation.companion_of.is_in(part)
                & (Invitation.companion_kind == CompanionKind.SPOUSE) & Invitation.status.not_in(list(services.DEAD))):
            found[r["companion_of"]] = (f"{r['p_name']} {r['patronymic']}".strip() if r["patronymic"]
                                        else full_name(r["surname"], r["p_name"]))
    return found


async def _one(invitation_id: int) -> CardData:
    found = await cards([invitation_id])
    if not found:
        raise NotFound
    return found[0]


@dataclass(frozen=True)
class Printing:
    """What a ceremony's cards are printed with: the design, its pictures, the printer's offset (mm)."""

    design: Design
    artwork: Artwork
    offset: tuple[float, float]


async def printing_of(ceremony_id: int, paper: str | None = None) -> Printing:
    """The ceremony's design; another `paper` lays the default fields out on that paper instead."""
    design = await designs.design_for(ceremony_id)
    if paper and paper != design.paper:
        design = replace(design, paper=paper, fields=fitted_fields(replace(design, paper=paper)))
    offset = await designs.offset_of(design.printer) if design.overprint else (0.0, 0.0)
    return Printing(design, await designs.artwork_for(ceremony_id), offset)


async def card_pdf(invitation_id: int, size: str | None = None) -> bytes:
    from app.invitations import rendering

    card = await _one(invitation_id)
    row = await Invitation.select(Invitation.ceremony).where(Invitation.id == invitation_id).first()
    how = await printing_of(row["ceremony"], size)
    content = await asyncio.to_thread(rendering.cards_pdf, [card], how.design, how.artwork, how.offset)
    await reprinted([card])
    return content


async def reprinted(printed: list[CardData]) -> None:
    """The cards are printed as they read now: nothing left to reprint, and what they say is kept."""
    async with write_transaction(Invitation._meta.db):
        for card in printed:
            await Invitation.update({Invitation.needs_reprint: False, Invitation.printed_as: card.fingerprint()}).where(
                Invitation.id == card.invitation_id)


async def outdated(invitation_ids: list[int]) -> set[int]:
    """The printed cards among these that no longer say what they would now: a name, an address or a form of
    the name corrected, the ceremony's time or place moved since the card was printed."""
    kept = {}
    for part in chunks(sorted(set(invitation_ids))):
        kept.update({r["id"]: r["printed_as"] for r in await Invitation.select(Invitation.id, Invitation.printed_as)
                     .where(Invitation.id.is_in(part) & (Invitation.printed_as != ""))})
    return {card.invitation_id for card in await cards(list(kept)) if card.fingerprint() != kept[card.invitation_id]}


async def envelope_pdf(invitation_id: int, fmt: str) -> bytes:
    from app.invitations import rendering

    card = await _one(invitation_id)
    return await asyncio.to_thread(rendering.envelopes_pdf, [card], fmt)


async def changed_since_printed(ceremony_id: int) -> list[int]:
    """The ceremony's printable invitations whose card must be printed again: its seat changed, or what it says."""
    ids = await services.printable_ids(ceremony_id)
    flagged = {r["id"] for part in chunks(ids) for r in await Invitation.select(Invitation.id).where(
        Invitation.id.is_in(part) & Invitation.needs_reprint.eq(True))}
    stale = flagged | await outdated(ids)
    return [i for i in ids if i in stale]


async def submit_batch(ceremony, account_id: int | None, *, changed_only: bool = False) -> int:
    """The job printing every printable card of the ceremony, or only those changed since they were printed."""
    title = (_("Перепечатка приглашений: {title}") if changed_only else _("Приглашения: {title}")).format(
        title=ceremony.title)
    return await runner.submit(JOB_KIND, "app.invitations.printing:batch",
                               {"ceremony_id": ceremony.id, "changed_only": changed_only},
                               title=title, user_id=account_id, time_limit=600)


def batch(params: dict, progress) -> dict:
    """The job: every printable invitation of the ceremony (or those changed since printed) in one PDF; planned
    ones become printed."""
    from app.invitations import rendering

    ceremony_id = int(params["ceremony_id"])

    async def load() -> tuple[list[CardData], Printing]:
        ids = await (changed_since_printed if params.get("changed_only") else services.printable_ids)(ceremony_id)
        return await cards(ids), await printing_of(ceremony_id)

    data, how = asyncio.run(load())
    progress(0, len(data), _("Подготовка"))
    path = progress.file(f"invitations-{ceremony_id}.pdf")
    path.write_bytes(rendering.cards_pdf(data, how.design, how.artwork, how.offset,
                                         progress=lambda done, total: progress(done, total, _("Карточки"))))

    async def printed() -> int:
        await reprinted(data)
        return await services.mark_printed([c.invitation_id for c in data])

    return {"file": path.name, "pages": len(data), "printed": asyncio.run(printed())}


PREVIEW_GUESTS = 3


async def preview_cards(ceremony_id: int) -> list[CardData]:
    """The first guests' cards for the design page; a sample guest while the list is empty."""
    found = await cards((await services.printable_ids(ceremony_id))[:PREVIEW_GUESTS])
    if found:
        return found
    ceremony = await Ceremony.select(Ceremony.title, Ceremony.venue, Ceremony.address, Ceremony.starts_at,
                                     Ceremony.event.title.as_alias("event_title")).where(
        Ceremony.id == ceremony_id).first()
    if ceremony is None:
        raise NotFound
    setup = await services.get_setup(ceremony_id)
    return [CardData(
        invitation_id=0, token="", url=invitation_url("preview-sample-token"), surname=_("Иванов"), name=_("Иван"),
        patronymic=_("Иванович"), gender="m", address="", event_title=ceremony["event_title"],
        ceremony_title=ceremony["title"], starts_at=ceremony["starts_at"].astimezone(get_settings().tz),
        venue=ceremony["venue"], venue_address=ceremony["address"], entrance=setup.default_entrance,
        seat_label=_("Партер, ряд 1, место 1"), dress_code=setup.dress_code, wording=setup.wording,
        signature=setup.signature)]


async def overflowing(ceremony_id: int, design: Design) -> list[tuple[str, str]]:
    """(guest, field label) for every text of the whole list that does not fit this design."""
    from app.invitations import rendering

    data = await cards(await services.printable_ids(ceremony_id))
    return [(guest, _(FIELD_LABELS[key])) for guest, key in await asyncio.to_thread(
        invitation_cards.overflowing, [rendering.card_content(c, design) for c in data], design)]


async def labels_pdf(ceremony_id: int) -> bytes:
    """Address labels for everyone on the list with a postal address, the name in the dative."""
    how = await printing_of(ceremony_id)
    data = await cards(await services.printable_ids(ceremony_id))
    addressees = [Addressee(c.dative or c.full_name, c.address) for c in data if c.address]
    return await asyncio.to_thread(address_labels.labels_pdf, addressees, how.design.labels)


async def calibration_pdf(ceremony_id: int) -> bytes:
    how = await printing_of(ceremony_id)
    return await asyncio.to_thread(invitation_cards.calibration_pdf, how.design,
                                   await designs.offset_of(how.design.printer), how.design.printer)


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

