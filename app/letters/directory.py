"""The letters' directory: templates of the usual letters and the bodies the department writes to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.declension import Case, decline_full, decline_position
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.letters.fields import fields_in, listed
from app.letters.kinds import FIELD_SOURCES, AddresseeKind
from app.letters.tables import Addressee, LetterTemplate
from app.web.forms import FormReader


@dataclass(frozen=True)
class TemplateView:
    id: int
    kind: AddresseeKind
    title: str
    subject: str
    body: str


@dataclass(frozen=True)
class AddresseeView:
    id: int
    kind: AddresseeKind
    organisation: str
    position: str  # the dative
    person: str
    salutation: str
    position_nominative: str = ""
    person_nominative: str = ""
    position_genitive: str = ""
    person_genitive: str = ""

    @property
    def block(self) -> str:
        """The addressee's block at the top right of the letter, line by line."""
        return "\n".join(line for line in (self.position, self.person) if line) or self.organisation

    @property
    def genitive(self) -> str:
        """«Начальника УМВД России по г. Хабаровску полковника полиции И. И. Петрова», for a letter's text."""
        return " ".join(line for line in (self.position_genitive, self.person_genitive) if line)

    @property
    def dative(self) -> str:
        return " ".join(line for line in (self.position, self.person) if line)


# The declined columns, each with the nominative it is declined from, the case and how.
DECLINED = (
    ("position", "position_nominative", Case.DATIVE, decline_position),
    ("person", "person_nominative", Case.DATIVE, decline_full),
    ("position_genitive", "position_nominative", Case.GENITIVE, decline_position),
    ("person_genitive", "person_nominative", Case.GENITIVE, decline_full),
)


def _template(row: dict) -> TemplateView:
    return TemplateView(id=row["id"], kind=AddresseeKind(row["kind"]), title=row["title"], subject=row["subject"],
                        body=row["body"])


def _addressee(row: dict) -> AddresseeView:
    return AddresseeView(id=row["id"], kind=AddresseeKind(row["kind"]), organisation=row["organisation"],
                         position=row["position"], person=row["person"], salutation=row["salutation"],
                         position_nominative=row["position_nominative"], person_nominative=row["person_nominative"],
                         position_genitive=row["position_genitive"], person_genitive=row["person_genitive"])


async def templates() -> list[TemplateView]:
    rows = await LetterTemplate.select().order_by(LetterTemplate.kind).order_by(LetterTemplate.title)
    return [_template(r) for r in rows]


async def get_template(template_id: int) -> TemplateView:
    row = await LetterTemplate.select().where(LetterTemplate.id == template_id).first()
    if row is None:
        raise NotFound
    return _template(row)


async def addressees() -> list[AddresseeView]:
    rows = await Addressee.select().order_by(Addressee.kind).order_by(Addressee.organisation)
    return [_addressee(r) for r in rows]


async def get_addressee(addressee_id: int) -> AddresseeView:
    row = await Addressee.select().where(Addressee.id == addressee_id).first()
    if row is None:
        raise NotFound
    return _addressee(row)


async def _save(table, values: dict, item_id: int | None) -> Saved:
    if item_id is None:
        rows = await table.insert(table(**{c._meta.name: v for c, v in values.items()})).returning(table.id)
        return Saved(id=rows[0]["id"])
    if not await table.exists().where(table.id == item_id):
        raise NotFound
    await table.update(values).where(table.id == item_id)
    return Saved(id=item_id)


async def save_template(raw: Mapping[str, str], template_id: int | None = None) -> Saved:
    form = FormReader(raw)
    values = {
        LetterTemplate.kind: form.choice("kind", AddresseeKind),
        LetterTemplate.title: form.text("title", required=True, max_length=200),
        LetterTemplate.subject: form.text("subject", required=True),
        LetterTemplate.body: form.multiline("body"),
    }
    if not values[LetterTemplate.body]:
        form.fail("body", _("Напишите текст письма."))
    unknown = [f for f in fields_in(values[LetterTemplate.body] + values[LetterTemplate.subject])
               if f not in FIELD_SOURCES]
    if unknown:
        form.fail("body", _("Неизвестные поля: {fields}. Доступны: {known}.").format(
            fields=listed(unknown), known=listed(tuple(FIELD_SOURCES))))
    if form.errors:
        return Saved(errors=form.errors)
    return await _save(LetterTemplate, values, template_id)


def declined_form(typed: str, nominative: str, old_nominative: str, case: Case, decliner) -> str:
    """A declined field as saved: declined from the nominative when left empty or still the automatic form
    of the nominative it had, and the officer's own form otherwise (the correction is kept)."""
    if typed and typed != (decliner(old_nominative, case) if old_nominative else ""):
        return typed
    return decliner(nominative, case) if nominative else typed


async def save_addressee(raw: Mapping[str, str], addressee_id: int | None = None) -> Saved:
    form = FormReader(raw)
    nominative = {"position_nominative": form.text("position_nominative"),
                  "person_nominative": form.text("person_nominative", max_length=200)}
    values = {
        Addressee.kind: form.choice("kind", AddresseeKind),
        Addressee.organisation: form.text("organisation", required=True),
        Addressee.salutation: form.text("salutation", max_length=200),
        **{getattr(Addressee, name): text for name, text in nominative.items()},
    }
    old = await get_addressee(addressee_id) if addressee_id is not None else AddresseeView(
        id=0, kind=AddresseeKind.ORGANISATION, organisation="", position="", person="", salutation="")
    for column, source, case, decliner in DECLINED:
        limit = 300 if column.startswith("position") else 200
        values[getattr(Addressee, column)] = declined_form(
            form.text(column, max_length=limit), nominative[source], getattr(old, source), case, decliner)
    if not values[Addressee.position]:
        form.fail("position_nominative", _("Укажите должность адресата."))
    if form.errors:
        return Saved(errors=form.errors)
    return await _save(Addressee, values, addressee_id)


async def delete_template(template_id: int) -> None:
    await get_template(template_id)
    await LetterTemplate.delete().where(LetterTemplate.id == template_id)


async def delete_addressee(addressee_id: int) -> None:
    await get_addressee(addressee_id)
    await Addressee.delete().where(Addressee.id == addressee_id)
