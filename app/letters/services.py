"""Outgoing letters: a draft made from a template and a ceremony, edited, then registered under the
year's next outgoing number; and the register of outgoing letters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.access.passes import ceremony_letter_text
from app.accounts.services import CurrentUser
from app.audit import services as audit
from app.core import clock
from app.core.db import write_transaction
from app.core.declension import Case, decline_position
from app.core.formatting import MONTHS_GENITIVE, fmt_number
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.events.services import CeremonyView, get_ceremony
from app.events.tables import Event
from app.letters import directory
from app.letters.fields import fields_in, fill, listed, segments
from app.letters.kinds import LETTER_INDEX, AddresseeKind
from app.letters.tables import Letter, LetterCounter
from app.web.forms import FormReader


class _AlreadyRegistered(Exception):
    """Another registration took the letter first: the transaction rolls back and gives the number back."""


@dataclass(frozen=True)
class LetterView:
    id: int
    kind: AddresseeKind
    addressee: str
    addressee_block: str
    salutation: str
    subject: str
    body: str
    signer_position: str
    signer_name: str
    executor: str
    executor_phone: str
    ceremony_id: int | None
    event_id: int | None
    event_title: str
    number: str | None
    registered_on: date | None

    @property
    def registered(self) -> bool:
        return self.number is not None

    def filled(self, name: str) -> str:
        """One of the letter's texts as printed: {{исполнитель}} and {{телефон}} follow the letter's own
        executor fields, so that changing the executor changes every mention of them."""
        return fill(getattr(self, name), {"исполнитель": self.executor, "телефон": self.executor_phone})

    @property
    def unfilled(self) -> list[str]:
        """The fields still waiting for a value, anywhere in what gets printed."""
        return fields_in("\n".join(self.filled(name) for name in ("addressee_block", "salutation", "subject", "body")))

    @property
    def body_paragraphs(self) -> list[str]:
        """The body's paragraphs as printed: one per line of the text, blank lines dropped."""
        return [p.strip() for p in self.filled("body").split("\n") if p.strip()]

    @property
    def paragraphs(self) -> list[list[tuple[str, bool]]]:
        """The body's paragraphs, each cut into plain text and fields still to fill."""
        return [segments(p) for p in self.body_paragraphs]

    def parts(self, name: str) -> list[tuple[str, bool]]:
        """One of the letter's texts (subject, salutation…) cut into plain text and fields still to fill."""
        return segments(self.filled(name))


def ceremony_values(ceremony: CeremonyView) -> dict[str, str]:
    """What the fields of a template say for this ceremony; an empty value leaves its field unfilled.
    The letter is an official paper in Russian, so its date reads «9 мая 2027 г.» in any interface language."""
    day = ceremony.starts_at.date()
    return {
        "мероприятие": ceremony.event_title,
        "церемония": ceremony.title,
        "дата": f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} г.",
        "время": f"{ceremony.starts_at:%H:%M}",
        "окончание": f"{ceremony.ends_at:%H:%M}",
        "место": ceremony.venue,
        "адрес": ceremony.address,
        "число_гостей": fmt_number(ceremony.expected_guests) if ceremony.expected_guests else "",
    }


async def ceremony_fields(ceremony: CeremonyView) -> dict[str, str]:
    """The ceremony's card and what the gate knows of it: the cars' passes, for the letter to the police."""
    return {**ceremony_values(ceremony), "пропуска_автомобилей": await ceremony_letter_text(ceremony.id)}


def addressee_values(addressee: directory.AddresseeView) -> dict[str, str]:
    """The addressee's fields, declined as the directory keeps them (the officer's corrections included)."""
    return {"адресат_кому": addressee.dative, "адресат_кого": addressee.genitive}


def signer_values(signer_position: str) -> dict[str, str]:
    """«от имени {{подписант_кого}}» -> «от имени Главы города»."""
    return {"подписант_кого": decline_position(signer_position, Case.GENITIVE),
            "подписант_кем": decline_position(signer_position, Case.INSTRUMENTAL)}


def _view(row: dict) -> LetterView:
    return LetterView(
        id=row["id"], kind=AddresseeKind(row["kind"]), addressee=row["addressee"],
        addressee_block=row["addressee_block"], salutation=row["salutation"], subject=row["subject"],
        body=row["body"], signer_position=row["signer_position"], signer_name=row["signer_name"],
        executor=row["executor"], executor_phone=row["executor_phone"], ceremony_id=row["ceremony"],
        event_id=row["event"], event_title=row["event_title"] or "", number=row["number"],
        registered_on=row["registered_on"],
    )


def _select():
    return Letter.select(Letter.all_columns(), Letter.event.title.as_alias("event_title"))


async def get_letter(letter_id: int) -> LetterView:
    row = await _select().where(Letter.id == letter_id).first()
    if row is None:
        raise NotFound
    return _view(row)


async def _signature_defaults(author: CurrentUser) -> dict[str, str]:
    """The signer and the executor of the author's last letter: the same people sign most letters."""
    row = await Letter.select(Letter.signer_position, Letter.signer_name, Letter.executor, Letter.executor_phone
                              ).where(Letter.author == author.account_id).order_by(Letter.id, ascending=False).first()
    return row or {"signer_position": "", "signer_name": "", "executor": author.name, "executor_phone": ""}


@dataclass(frozen=True)
class Choice:
    """What a new letter is made of, as chosen on the page; None where nothing (valid) is chosen."""

    ceremony: CeremonyView | None
    template: directory.TemplateView | None
    addressee: directory.AddresseeView | None
    errors: dict[str, str]


async def _found(lookup, item_id: int | None):
    try:
        return await lookup(item_id) if item_id else None
    except NotFound:
        return None


async def choose(raw: Mapping[str, str]) -> Choice:
    form = FormReader(raw)
    ceremony = await _found(get_ceremony, form.integer("ceremony", default=0))
    template = await _found(directory.get_template, form.integer("template", default=0))
    addressee = await _found(directory.get_addressee, form.integer("addressee", default=0))
    for name, value, message in (("ceremony", ceremony, _("Выберите церемонию.")),
                                 ("template", template, _("Выберите шаблон письма.")),
                                 ("addressee", addressee, _("Выберите адресата."))):
        if value is None:
            form.fail(name, message)
    return Choice(ceremony, template, addressee, form.errors)


async def compose(choice: Choice, author: CurrentUser, extra: Mapping[str, str] | None = None) -> LetterView | None:
    """The letter the choice makes, its fields filled as far as the ceremony allows (and `extra`, the fields
    of the area that writes it: a quota letter's {{квота}}); not saved."""
    ceremony, template, addressee = choice.ceremony, choice.template, choice.addressee
    if ceremony is None or template is None or addressee is None:
        return None
    signature = await _signature_defaults(author)
    values = {**await ceremony_fields(ceremony), **addressee_values(addressee),
              **signer_values(signature["signer_position"]), **(extra or {})}
    return LetterView(
        id=0, kind=addressee.kind, addressee=addressee.organisation, addressee_block=addressee.block,
        salutation=addressee.salutation, subject=fill(template.subject, values), body=fill(template.body, values),
        ceremony_id=ceremony.id, event_id=ceremony.event_id, event_title=ceremony.event_title, number=None,
        registered_on=None, **signature,
    )


async def create_draft(raw: Mapping[str, str], author: CurrentUser) -> Saved:
    """A draft from the chosen ceremony, template and addressee."""
    choice = await choose(raw)
    letter = await compose(choice, author)
    if letter is None or choice.template is None:
        return Saved(errors=choice.errors)
    return Saved(id=await save_composed(letter, choice.template.id, author))


async def save_composed(letter: LetterView, template_id: int | None, author: CurrentUser) -> int:
    """A composed letter kept as a draft, inside the caller's transaction if there is one; its id."""
    rows = await Letter.insert(Letter(
        ceremony=letter.ceremony_id, event=letter.event_id, template=template_id, kind=letter.kind,
        addressee=letter.addressee, addressee_block=letter.addressee_block, salutation=letter.salutation,
        subject=letter.subject, body=letter.body, signer_position=letter.signer_position,
        signer_name=letter.signer_name, executor=letter.executor, executor_phone=letter.executor_phone,
        author=author.account_id,
    )).returning(Letter.id)
    return rows[0]["id"]


async def save_draft(letter_id: int, raw: Mapping[str, str]) -> Saved:
    """Keeps the edited text; fields still in it are filled from the ceremony as it is now, so that
    a fixed ceremony (an address typed in, the number of guests) reaches the letter."""
    letter = await get_letter(letter_id)
    form = FormReader(raw)
    if letter.registered:
        form.fail("body", _("Письмо уже зарегистрировано: его текст не меняется."))
    signer_position = form.text("signer_position")
    values = signer_values(signer_position)
    if letter.ceremony_id is not None:
        values.update(await ceremony_fields(await get_ceremony(letter.ceremony_id)))
    changes = {
        Letter.addressee_block: fill(form.multiline("addressee_block", max_length=600), values),
        Letter.salutation: fill(form.text("salutation", max_length=200), values),
        Letter.subject: fill(form.text("subject", required=True), values),
        Letter.body: fill(form.multiline("body", max_length=20_000), values),
        Letter.signer_position: signer_position,
        Letter.signer_name: form.text("signer_name", max_length=200),
        Letter.executor: form.text("executor", max_length=200),
        Letter.executor_phone: form.text("executor_phone", max_length=60),
    }
    if not changes[Letter.addressee_block]:
        form.fail("addressee_block", _("Заполните это поле."))
    if not changes[Letter.body]:
        form.fail("body", _("Напишите текст письма."))
    if form.errors:
        return Saved(errors=form.errors)
    await Letter.update(changes).where(Letter.id == letter_id)
    return Saved(id=letter_id)


def unfilled_message(fields: list[str]) -> str:
    return _("Не заполнены поля: {fields}.").format(fields=listed(fields))


def _registration_errors(letter: LetterView) -> dict[str, str]:
    errors = {}
    if letter.unfilled:
        errors["body"] = unfilled_message(letter.unfilled)
    for name in ("signer_position", "signer_name", "executor"):
        if not getattr(letter, name):
            errors[name] = _("Заполните до регистрации.")
    return errors


async def register(letter_id: int) -> Saved:
    """Gives the letter the year's next outgoing number and today's date.

    The year's counter row is raised inside the transaction: PostgreSQL locks the row, SQLite the
    whole database (an immediate transaction), so concurrent registrations queue and no number is
    given twice; a unique index on (year, sequence) stands behind it.
    """
    letter = await get_letter(letter_id)
    if letter.registered:
        return Saved(errors={"body": _("Письмо уже зарегистрировано под № {number}.").format(number=letter.number)})
    errors = _registration_errors(letter)
    if errors:
        return Saved(errors=errors)
    today = clock.today()
    try:
        async with write_transaction(Letter._meta.db):
            await LetterCounter.insert(LetterCounter(year=today.year, last=0)).on_conflict(
                target=LetterCounter.year, action="DO NOTHING")
            rows = await LetterCounter.update({LetterCounter.last: LetterCounter.last + 1}).where(
                LetterCounter.year == today.year).returning(LetterCounter.last)
            sequence = rows[0]["last"]
            updated = await Letter.update({
                Letter.year: today.year, Letter.sequence: sequence, Letter.number: f"{LETTER_INDEX}/{sequence}",
                Letter.registered_on: today,
            }).where((Letter.id == letter_id) & Letter.number.is_null()).returning(Letter.id)
            if not updated:
                raise _AlreadyRegistered
            await audit.record("issue", "letter", letter_id, letter.subject or letter.addressee,
                               {"number": [None, f"{LETTER_INDEX}/{sequence}"],
                                "registered_on": [None, today.isoformat()]})
    except _AlreadyRegistered:
        return Saved(errors={"body": _("Письмо только что зарегистрировал другой сотрудник.")})
    return Saved(id=letter_id)


async def delete_draft(letter_id: int) -> Saved:
    """Deletes a draft; a registered letter stays in the register for good."""
    letter = await get_letter(letter_id)
    if letter.registered:
        return Saved(errors={"body": _("Зарегистрированное письмо остаётся в реестре: удалить его нельзя.")})
    async with write_transaction(Letter._meta.db):
        await Letter.delete().where(Letter.id == letter_id)
        await audit.record("purge", "letter", letter_id, letter.subject or letter.addressee)
    return Saved(id=letter_id)


# ---------------------------------------------------------------- the register


@dataclass(frozen=True)
class RegisterFilter:
    year: int
    kind: AddresseeKind | None = None
    event_id: int | None = None
    query: str = ""


async def register_rows(chosen: RegisterFilter) -> list[LetterView]:
    """Registered letters of the year, newest number first."""
    return await _letters((Letter.year == chosen.year) & Letter.number.is_not_null(), chosen)


async def drafts(chosen: RegisterFilter) -> list[LetterView]:
    return await _letters(Letter.number.is_null(), chosen)


async def _letters(where, chosen: RegisterFilter) -> list[LetterView]:
    if chosen.kind is not None:
        where &= Letter.kind == chosen.kind
    if chosen.event_id is not None:
        where &= Letter.event == chosen.event_id
    rows = await _select().where(where).order_by(Letter.sequence, ascending=False).order_by(Letter.id,
                                                                                         ascending=False)
    letters = [_view(r) for r in rows]
    folded = chosen.query.casefold().strip()
    if folded:  # a register of a few hundred letters a year: filtering here keeps the search case-blind
        letters = [x for x in letters if folded in f"{x.number or ''} {x.addressee} {x.subject}".casefold()]
    return letters


async def register_years() -> list[int]:
    rows = await Letter.select(Letter.year).where(Letter.year.is_not_null()).distinct()
    return sorted(r["year"] for r in rows)


async def events_with_letters(also: int | None = None) -> list[tuple[int, str]]:
    """The events the register can be filtered by: those with letters, and `also` (the one chosen)."""
    where = Event.id.is_in(Letter.select(Letter.event).where(Letter.event.is_not_null()))
    if also is not None:
        where |= Event.id == also
    rows = await Event.select(Event.id, Event.title).where(where & Event.deleted_at.is_null()).order_by(Event.title)
    return [(r["id"], r["title"]) for r in rows]
