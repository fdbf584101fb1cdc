"""The letters' directory: templates of the usual letters and the bodies the department writes to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
    position: str
    person: str
    salutation: str

    @property
    def block(self) -> str:
        """The addressee's block at the top right of the letter, line by line."""
        return "\n".join(line for line in (self.position, self.person) if line) or self.organisation


def _template(row: dict) -> TemplateView:
    return TemplateView(id=row["id"], kind=AddresseeKind(row["kind"]), title=row["title"], subject=row["subject"],
                        body=row["body"])


def _addressee(row: dict) -> AddresseeView:
    return AddresseeView(id=row["id"], kind=AddresseeKind(row["kind"]), organisation=row["organisation"],
                         position=row["position"], person=row["person"], salutation=row["salutation"])


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


async def save_addressee(raw: Mapping[str, str], addressee_id: int | None = None) -> Saved:
    form = FormReader(raw)
    values = {
        Addressee.kind: form.choice("kind", AddresseeKind),
        Addressee.organisation: form.text("organisation", required=True),
        Addressee.position: form.text("position", required=True),
        Addressee.person: form.text("person", max_length=200),
        Addressee.salutation: form.text("salutation", max_length=200),
    }
    if form.errors:
        return Saved(errors=form.errors)
    return await _save(Addressee, values, addressee_id)


async def delete_template(template_id: int) -> None:
    await get_template(template_id)
    await LetterTemplate.delete().where(LetterTemplate.id == template_id)


async def delete_addressee(addressee_id: int) -> None:
    await get_addressee(addressee_id)
    await Addressee.delete().where(Addressee.id == addressee_id)
