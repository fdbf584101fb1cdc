from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import Account
from app.events.tables import Ceremony, Event
from app.letters.kinds import AddresseeKind


class LetterTemplate(Table, tablename="letter_template"):
    """The usual letter to one kind of addressee; {{поле}} in the text is filled from the ceremony."""

    kind = Varchar(length=20, choices=AddresseeKind, default=AddresseeKind.ORGANISATION)
    title = Varchar(length=200)
    subject = Varchar(length=300)  # «Об обеспечении охраны общественного порядка»
    body = Text(default="")


class Addressee(Table, tablename="letter_addressee"):
    """A body the department writes to, as its block at the top right of a letter reads."""

    kind = Varchar(length=20, choices=AddresseeKind, default=AddresseeKind.ORGANISATION)
    organisation = Varchar(length=300)
    # As the officer writes them: «Начальник УМВД России по г. Хабаровску», «полковник полиции И. И. Петров»;
    # the dative and genitive below are declined from them unless the officer corrected those by hand.
    position_nominative = Varchar(length=300, default="")
    person_nominative = Varchar(length=200, default="")
    position = Varchar(length=300, default="")  # in the dative: «Начальнику УМВД России по г. Хабаровску»
    person = Varchar(length=200, default="")  # in the dative: «полковнику полиции И. И. Петрову»
    position_genitive = Varchar(length=300, default="")  # «Начальника УМВД России по г. Хабаровску»
    person_genitive = Varchar(length=200, default="")  # «полковника полиции И. И. Петрова»
    salutation = Varchar(length=200, default="")  # «Уважаемый Иван Иванович!»


class Letter(Table, tablename="outgoing_letter"):
    """An outgoing letter: a draft until registered, then a numbered entry of the register.

    The addressee, text and signature are kept as written, so that the register shows what was
    sent even after the directory or the ceremony changes.
    """

    ceremony = ForeignKey(Ceremony, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    event = ForeignKey(Event, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    template = ForeignKey(LetterTemplate, on_delete=OnDelete.set_null, null=True, default=None)
    kind = Varchar(length=20, choices=AddresseeKind, default=AddresseeKind.ORGANISATION)
    addressee = Varchar(length=300)  # the organisation, as the register lists it
    addressee_block = Text(default="")
    salutation = Varchar(length=200, default="")
    subject = Varchar(length=300)
    body = Text(default="")
    signer_position = Varchar(length=300, default="")
    signer_name = Varchar(length=200, default="")
    executor = Varchar(length=200, default="")
    executor_phone = Varchar(length=60, default="")
    # The register: the year's sequence, unique per year (an index in the migrations), and the number
    # as printed, «01-12/345». All three None while the letter is a draft.
    year = Integer(null=True, default=None, index=True)
    sequence = Integer(null=True, default=None)
    number = Varchar(length=40, null=True, default=None)
    registered_on = Date(null=True, default=None)
    author = ForeignKey(Account, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class LetterCounter(Table, tablename="letter_counter"):
    """The last outgoing number of a year: one row per year, raised in the registering transaction."""

    year = Integer(unique=True)
    last = Integer(default=0)
