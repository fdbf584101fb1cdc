from piccolo.columns import JSON, Boolean, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.guests.kinds import Gender, LinkKind, PersonStatus


class Category(Table, tablename="guest_category"):
    """An editable list: veterans, deputies, press… with their usual precedence."""

    name = Varchar(length=200, unique=True)
    precedence = Integer(default=100)  # lower is more senior
    vip = Boolean(default=False)  # highlighted in the arrivals feed
    # «всегда с местом»: never left out of a partial seating plan while someone less senior sits
    always_seated = Boolean(default=False)


class Person(Table, tablename="person"):
    surname = Varchar(length=100)
    name = Varchar(length=100, default="")
    patronymic = Varchar(length=100, default="")
    gender = Varchar(length=1, choices=Gender, default=Gender.UNKNOWN)
    position = Varchar(length=300, default="")
    organisation = Varchar(length=300, default="")
    category = ForeignKey(Category, on_delete=OnDelete.set_null, null=True)
    precedence = Integer(default=100)  # lower is more senior; starts from the category's
    phone = Varchar(length=40, default="")
    email = Varchar(length=200, default="")
    address = Varchar(length=400, default="")
    wheelchair = Boolean(default=False)
    no_stairs = Boolean(default=False)
    aisle = Boolean(default=False)
    needs_escort = Boolean(default=False)
    language = Varchar(length=40, default="")
    notes = Text(default="")
    # The officer's corrections of the name's declined forms, {"dative": "Петрову Петру Петровичу"}: they win
    # over app.core.declension on envelopes, letters and salutations; a case not listed is declined by it.
    declined = JSON(default="{}")
    status = Varchar(length=10, choices=PersonStatus, default=PersonStatus.ACTIVE, index=True)
    # Lower-case full name with ё folded to е: what search and duplicate detection compare.
    search_key = Varchar(length=320, index=True, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    deleted_at = Timestamptz(null=True, default=None, index=True)  # in the trash since; None: alive
    deleted_by = Integer(null=True, default=None)


class PersonLink(Table, tablename="person_link"):
    """`person` is the escort / interpreter / family member / delegate of `other`."""

    person = ForeignKey(Person, on_delete=OnDelete.cascade, null=False, index=True)
    other = ForeignKey(Person, on_delete=OnDelete.cascade, null=False, index=True)
    kind = Varchar(length=20, choices=LinkKind)


class ImportBatch(Table, tablename="import_batch"):
    """One import of a list into the registry: «Ветераны.xlsx 06.12.2026» unless the officer named it."""

    name = Varchar(length=200)
    filename = Varchar(length=200, default="")
    account_id = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class PersonBatch(Table, tablename="person_batch"):
    """`person` was created or updated by the import `batch`."""

    person = ForeignKey(Person, on_delete=OnDelete.cascade, null=False, index=True)
    batch = ForeignKey(ImportBatch, on_delete=OnDelete.cascade, null=False, index=True)
