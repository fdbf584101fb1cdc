from decimal import Decimal

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Numeric, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.events.tables import Ceremony
from app.guests.tables import Category, Person
from app.invitations.tables import Invitation
from app.letters.tables import Letter
from app.quotas.kinds import NominationStatus, QuotaLetterKind
from solver.apportionment import Method


class QuotaSetup(Table, tablename="quota_setup"):
    """A ceremony's quota table: the places to share and how."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    capacity = Integer(default=0)  # the hall's places for the quota table (typed)
    minus_invited = Boolean(default=True)  # less the ceremony's live invitations (the protocol guests)
    method = Varchar(length=20, choices=Method, default=Method.HAMILTON)
    deadline = Date(null=True, default=None)  # the lists are due by this day (inclusive); None: no deadline


class QuotaOrganisation(Table, tablename="quota_organisation"):
    """An organisation of a ceremony's quota table, with its weight and bounds."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=300)
    weight = Numeric(digits=(12, 3), default=Decimal(0))
    minimum = Integer(default=0)
    maximum = Integer(null=True, default=None)  # None: no maximum
    fixed = Integer(null=True, default=None)  # places set by hand, bounds aside
    liaison = Varchar(length=200, default="")  # who answers for the list there: the reminders call them
    phone = Varchar(length=60, default="")
    # The guest category its people are invited as, and the categories wanted as the letter words them
    # («ветераны боевых действий, члены семей погибших»; empty: the category's name).
    category = ForeignKey(Category, on_delete=OnDelete.set_null, null=True, default=None)
    wanted = Varchar(length=300, default="")


class QuotaShare(Table, tablename="quota_share"):
    """A part of an organisation's places kept for one guest category: the organisation's places are shared
    among its parts by weight within their bounds (Hamilton), and each name is put forward in one of them."""

    organisation = ForeignKey(QuotaOrganisation, on_delete=OnDelete.cascade, null=False, index=True)
    category = ForeignKey(Category, on_delete=OnDelete.cascade, null=False)
    weight = Numeric(digits=(12, 3), default=Decimal(1))
    minimum = Integer(default=0)
    maximum = Integer(null=True, default=None)


class QuotaLink(Table, tablename="quota_link"):
    """The secret of an organisation's nomination page: random, saying nothing of anyone; revoking it makes
    a new one, and the old link shows «недействительна»."""

    organisation = ForeignKey(QuotaOrganisation, on_delete=OnDelete.cascade, null=False, index=True)
    token = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class QuotaNomination(Table, tablename="quota_nomination"):
    """A name an organisation puts forward for its quota, as read by the registry import's rules; once
    accepted, the registry person and the invitation it became."""

    organisation = ForeignKey(QuotaOrganisation, on_delete=OnDelete.cascade, null=False, index=True)
    surname = Varchar(length=100)
    name = Varchar(length=100, default="")
    patronymic = Varchar(length=100, default="")
    position = Varchar(length=300, default="")
    phone = Varchar(length=40, default="")
    # the part of the quota it is put forward in (a QuotaShare's category); None: the organisation's category
    category = ForeignKey(Category, on_delete=OnDelete.set_null, null=True, default=None)
    search_key = Varchar(length=320, default="", index=True)
    data = JSON(default="{}")  # every field the row gave (app.guests.importing.PersonData), for the registry
    status = Varchar(length=20, choices=NominationStatus, default=NominationStatus.DRAFT, index=True)
    comment = Text(default="")  # the officer's, when returned
    substitute_for = ForeignKey("self", on_delete=OnDelete.set_null, null=True, default=None)
    person = ForeignKey(Person, on_delete=OnDelete.set_null, null=True, default=None)
    invitation = ForeignKey(Invitation, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)
    reviewed_at = Timestamptz(null=True, default=None)


class QuotaLetter(Table, tablename="quota_letter"):
    """A letter of the register written for an organisation of the table: its quota letter or a reminder."""

    organisation = ForeignKey(QuotaOrganisation, on_delete=OnDelete.cascade, null=False, index=True)
    letter = ForeignKey(Letter, on_delete=OnDelete.cascade, null=False, index=True)
    kind = Varchar(length=20, choices=QuotaLetterKind, default=QuotaLetterKind.QUOTA)
