from decimal import Decimal

from piccolo.columns import Boolean, ForeignKey, Integer, Numeric, OnDelete, Varchar
from piccolo.table import Table

from app.events.tables import Ceremony
from solver.apportionment import Method


class QuotaSetup(Table, tablename="quota_setup"):
    """A ceremony's quota table: the places to share and how."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, unique=True)
    capacity = Integer(default=0)  # the hall's places for the quota table (typed)
    minus_invited = Boolean(default=True)  # less the ceremony's live invitations (the protocol guests)
    method = Varchar(length=20, choices=Method, default=Method.HAMILTON)


class QuotaOrganisation(Table, tablename="quota_organisation"):
    """An organisation of a ceremony's quota table, with its weight and bounds."""

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.cascade, null=False, index=True)
    name = Varchar(length=300)
    weight = Numeric(digits=(12, 3), default=Decimal(0))
    minimum = Integer(default=0)
    maximum = Integer(null=True, default=None)  # None: no maximum
    fixed = Integer(null=True, default=None)  # places set by hand, bounds aside
