"""The guest's own invitation behind the token: what it says, and the guest's answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.guests.kinds import Gender
from app.guests.normalize import guess_gender
from app.invitations.kinds import InvitationStatus
from app.invitations.tables import Invitation, InvitationSetup, InvitationToken

NOTE_MAX = 1000
# Statuses in which a guest may still say yes or no (or change their mind).
ANSWERABLE = (InvitationStatus.PLANNED, InvitationStatus.PRINTED, InvitationStatus.ISSUED,
              InvitationStatus.ACCEPTED, InvitationStatus.DECLINED)
VOID = (InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED)


class TokenState(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


class Answer(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"


@dataclass(frozen=True)
class GuestInvitation:
    invitation_id: int
    greeting: str  # «Уважаемый Иван Петрович!»
    event_title: str
    ceremony_title: str
    wording: str
    starts_at: datetime  # in the city's time zone
    ends_at: datetime
    venue: str
    address: str
    entrance: str
    seat: str
    dress_code: str
    signature: str
    status: InvitationStatus
    response_note: str
    responded_at: datetime | None
    admitted: bool

    @property
    def finished(self) -> bool:
        return datetime.now(UTC) >= self.ends_at

    @property
    def can_answer(self) -> bool:
        """Until the ceremony starts, and not after the guest has come in."""
        return self.status in ANSWERABLE and datetime.now(UTC) < self.starts_at and not self.admitted

    @property
    def accepted(self) -> bool:
        return self.status == InvitationStatus.ACCEPTED

    @property
    def declined(self) -> bool:
        return self.status == InvitationStatus.DECLINED


def greeting(gender: str, surname: str, name: str, patronymic: str) -> str:
    """The Russian form of address: by name and patronymic, with the adjective in the right gender."""
    known = Gender(gender) if gender in Gender._value2member_map_ else Gender.UNKNOWN
    if known == Gender.UNKNOWN:
        known = guess_gender(name=name, patronymic=patronymic, surname=surname) or Gender.UNKNOWN
    addressee = " ".join(p for p in ((name, patronymic) if patronymic else (name, surname)) if p)
    if known == Gender.FEMALE:
        return _("Уважаемая {name}!").format(name=addressee)
    if known == Gender.MALE:
        return _("Уважаемый {name}!").format(name=addressee)
    return _("Уважаемый(ая) {name}!").format(name=addressee)


def _token_columns():
    invitation = InvitationToken.invitation
    ceremony = invitation.ceremony
    person = invitation.person
    return (
        InvitationToken.revoked_at,
        invitation.id.as_alias("id"),
        invitation.status.as_alias("status"),
        invitation.entrance.as_alias("entrance"),
        invitation.seat_label.as_alias("seat"),
        invitation.response_note.as_alias("response_note"),
        invitation.responded_at.as_alias("responded_at"),
        invitation.admitted_at.as_alias("admitted_at"),
        invitation.companion_kind.as_alias("companion_kind"),
        ceremony.id.as_alias("ceremony_id"),
        ceremony.title.as_alias("ceremony_title"),
        ceremony.venue.as_alias("venue"),
        ceremony.address.as_alias("address"),
        ceremony.starts_at.as_alias("starts_at"),
        ceremony.ends_at.as_alias("ends_at"),
        ceremony.event.title.as_alias("event_title"),
        person.surname.as_alias("surname"),
        person.name.as_alias("first_name"),
        person.patronymic.as_alias("patronymic"),
        person.gender.as_alias("gender"),
    )


async def lookup(token: str) -> tuple[TokenState, GuestInvitation | None]:
    """The invitation behind a token; a revoked or unknown one gives nothing about anybody."""
    if not token or len(token) > 64:
        return TokenState.UNKNOWN, None
    row = await InvitationToken.select(*_token_columns()).where(InvitationToken.token == token).first()
    if row is None:
        return TokenState.UNKNOWN, None
    if row["revoked_at"] is not None or row["status"] in VOID:
        return TokenState.REVOKED, None
    setup = await InvitationSetup.select(
        InvitationSetup.wording, InvitationSetup.dress_code, InvitationSetup.default_entrance,
        InvitationSetup.signature,
    ).where(InvitationSetup.ceremony == row["ceremony_id"]).first() or {}
    tz = get_settings().tz
    return TokenState.VALID, GuestInvitation(
        invitation_id=row["id"],
        greeting=greeting(row["gender"], row["surname"], row["first_name"], row["patronymic"]),
        event_title=row["event_title"],
        ceremony_title=row["ceremony_title"],
        wording=setup.get("wording", ""),
        starts_at=row["starts_at"].astimezone(tz),
        ends_at=row["ends_at"].astimezone(tz),
        venue=row["venue"],
        address=row["address"],
        entrance=row["entrance"] or setup.get("default_entrance", ""),
        seat=row["seat"],
        dress_code=setup.get("dress_code", ""),
        signature=setup.get("signature", ""),
        status=InvitationStatus(row["status"]),
        response_note=row["response_note"],
        responded_at=row["responded_at"].astimezone(tz) if row["responded_at"] else None,
        admitted=row["admitted_at"] is not None,
    )


async def respond(token: str, answer: Answer, note: str) -> GuestInvitation:
    """The guest accepts or declines (and may change their mind until the ceremony starts).

    NotFound for a revoked or unknown token; after the start the invitation comes back unchanged."""
    note = note.replace("\r\n", "\n").strip()[:NOTE_MAX]
    async with write_transaction(Invitation._meta.db):
        state, invitation = await lookup(token)
        if state != TokenState.VALID or invitation is None:
            raise NotFound
        if not invitation.can_answer:  # too late, or already inside: the page says so
            return invitation
        status = InvitationStatus.ACCEPTED if answer == Answer.ACCEPT else InvitationStatus.DECLINED
        await Invitation.update({
            Invitation.status: status,
            Invitation.response_note: note,
            Invitation.responded_at: datetime.now(UTC),
        }).where((Invitation.id == invitation.invitation_id) & Invitation.status.is_in(list(ANSWERABLE)))
    state, invitation = await lookup(token)
    assert invitation is not None
    return invitation

