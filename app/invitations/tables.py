from piccolo.columns import Boolean, Bytea, ForeignKey, OnDelete, Real, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.events.tables import Ceremony
from app.guests.tables import Person
from app.invitations.kinds import CompanionKind, InvitationStatus, IssueMethod, Verdict


class InvitationSetup(Table, tablename="invitation_setup"):
    """What every card of one ceremony says besides the guest's name."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    wording = Text(default="")  # «…приглашает Вас принять участие в торжественном собрании, посвящённом…»
    dress_code = Varchar(length=200, default="")
    default_entrance = Varchar(length=100, default="")
    signature = Varchar(length=300, default="")


class InvitationDesign(Table, tablename="invitation_design"):
    """How one ceremony's cards look: app.documents.card_design.Design as JSON, and the printing
    house's card (PDF or image) when the design prints on it."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    settings = Text(default="{}")
    background = Bytea(null=True, default=None)
    background_name = Varchar(length=200, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class InvitationArtwork(Table, tablename="invitation_artwork"):
    """Pictures uploaded once for the whole organisation: the coat of arms, the host's signature."""

    kind = Varchar(length=30, unique=True)
    data = Bytea()
    filename = Varchar(length=200, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class PrinterOffset(Table, tablename="printer_offset"):
    """How far a printer misplaces what it prints on pre-printed stock, in mm (right and down are plus),
    as measured on the calibration sheet; applied to every field in overprint mode."""

    name = Varchar(length=100, unique=True)
    dx = Real(default=0.0)
    dy = Real(default=0.0)


class Invitation(Table, tablename="invitation"):
    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    person = ForeignKey(Person, on_delete=OnDelete.cascade, null=False, index=True)
    companion_of = ForeignKey("self", on_delete=OnDelete.cascade, null=True)
    companion_kind = Varchar(length=20, choices=CompanionKind, default=CompanionKind.GUEST)
    status = Varchar(length=20, choices=InvitationStatus, default=InvitationStatus.PLANNED, index=True)
    entrance = Varchar(length=100, default="")
    seat_label = Varchar(length=100, default="")  # «Партер, ряд 3, место 12», filled by the seating plan
    # The seat changed after the card was printed: «перепечатать» until the card is printed again.
    needs_reprint = Boolean(default=False)
    # What the printed card said besides its seat and code (CardData.fingerprint): a name corrected or the
    # ceremony moved since shows the card as outdated; "" for a card not printed (or printed before it was kept).
    printed_as = Varchar(length=32, default="")
    issued_by = ForeignKey(Account, on_delete=OnDelete.set_null, null=True)
    issued_at = Timestamptz(null=True, default=None)
    issued_how = Varchar(length=20, choices=IssueMethod, null=True, default=None)
    response_note = Text(default="")
    responded_at = Timestamptz(null=True, default=None)
    substitute_for = ForeignKey("self", on_delete=OnDelete.set_null, null=True)
    # Set once, atomically, by the first scan that admits the guest (UPDATE … WHERE admitted_at IS NULL).
    admitted_at = Timestamptz(null=True, default=None)
    admitted_gate = Varchar(length=50, default="")
    admitted_by = ForeignKey(Account, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())


class InvitationToken(Table, tablename="invitation_token"):
    """The secret in the QR code; a reprint or a substitute revokes the old one and adds a new one."""

    invitation = ForeignKey(Invitation, on_delete=OnDelete.cascade, null=False, index=True)
    token = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)
    revoke_reason = Varchar(length=200, default="")


class Scan(Table, tablename="scan"):
    """Every scan at a gate, failed ones too, and every undo: who, where, when, what was decided."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    invitation = ForeignKey(Invitation, on_delete=OnDelete.set_null, null=True, index=True)
    scanned = Varchar(length=200, default="")  # the text read from the code, cut to size
    gate = Varchar(length=50, default="")
    user = ForeignKey(Account, on_delete=OnDelete.set_null, null=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    verdict = Varchar(length=20, choices=Verdict)
