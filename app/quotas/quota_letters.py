"""The quota letters and the reminders: one outgoing letter per organisation, made by the letters' machinery
(app.letters: a template of the directory, the addressee's block in the dative, the register's number, the
PDF and DOCX) with the quota's own fields — {{квота}}, {{категории}}, {{срок}}, {{ссылка}} — and the QR code
of the organisation's list page; all of a kind in one file.

The templates are ordinary letter templates, made on first use under the titles below, so the officer edits
their wording in the letters' directory like any other.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from pypdf import PdfWriter

from app.accounts.services import CurrentUser
from app.audit import services as audit
from app.core.db import write_transaction
from app.core.formatting import MONTHS_GENITIVE
from app.core.i18n import gettext as _
from app.core.results import NotFound
from app.events.services import get_ceremony
from app.letters import directory, prints
from app.letters import services as letters
from app.letters.kinds import AddresseeKind
from app.letters.tables import Addressee, Letter, LetterTemplate
from app.quotas import services
from app.quotas.kinds import QuotaLetterKind
from app.quotas.nominations import live_token, nomination_url
from app.quotas.review import review
from app.quotas.shares import parts_text, shares_of, split
from app.quotas.tables import QuotaLetter

# (title, subject, body) of the templates made on first use; the fields are the letters' (app.letters.kinds).
# Official papers in Russian whatever the interface language, like the letters' own templates (app.letters.demo):
# data the officer edits, not interface text.
TEMPLATES = {
    QuotaLetterKind.QUOTA: (
        "Разнарядка на участие в церемонии",
        "О разнарядке на участие в мероприятии «{{церемония}}»",
        "{{дата}} в {{время}} состоится мероприятие «{{церемония}}» ({{мероприятие}}). Место проведения: "
        "{{место}}.\n"
        "Прошу направить для участия в мероприятии представителей Вашей организации в количестве {{квота}} "
        "чел. Категории участников: {{категории}}.\n"
        "Список (фамилия, имя, отчество, должность, телефон) прошу внести до {{срок}} на странице Вашей "
        "организации или загрузить там таблицу Excel. Страница открывается по QR-коду ниже или по адресу:\n"
        "{{ссылка}}\n"
        "Справки по телефону {{телефон}}.",
    ),
    QuotaLetterKind.REMINDER: (
        "Напоминание о списке по разнарядке",
        "О списке участников мероприятия «{{церемония}}»",
        "Напоминаем, что по разнарядке на мероприятие «{{церемония}}» ({{дата}}) от Вашей организации ожидается "
        "ещё {{квота}} чел.: список представлен не полностью.\n"
        "Прошу внести его до {{срок}} на странице Вашей организации (QR-код ниже) по адресу:\n"
        "{{ссылка}}\n"
        "Справки по телефону {{телефон}}.",
    ),
}


@dataclass(frozen=True)
class QuotaLetterView:
    organisation: str
    letter: letters.LetterView
    url: str  # the organisation's list page, printed as a QR code


@dataclass(frozen=True)
class Prepared:
    made: int
    problems: tuple[str, ...] = ()


def _day(value) -> str:
    """«20 апреля 2027 г.»: an official letter's date in any interface language."""
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г." if value else ""


async def template(kind: QuotaLetterKind) -> directory.TemplateView:
    """The kind's template of the directory, made on first use."""
    title, subject, body = TEMPLATES[kind]
    row = await LetterTemplate.select(LetterTemplate.id).where(LetterTemplate.title == title).first()
    if row is None:
        rows = await LetterTemplate.insert(LetterTemplate(kind=AddresseeKind.ORGANISATION, title=title,
                                                          subject=subject, body=body)).returning(LetterTemplate.id)
        row = rows[0]
    return await directory.get_template(row["id"])


async def _addressee(name: str) -> directory.AddresseeView:
    """The organisation's entry in the letters' directory (its head in the dative), else the bare name."""
    row = await Addressee.select(Addressee.id).where(Addressee.organisation == name).first()
    if row is not None:
        return await directory.get_addressee(row["id"])
    return directory.AddresseeView(id=0, kind=AddresseeKind.ORGANISATION, organisation=name, position="", person="",
                                   salutation="")


async def prepare(ceremony_id: int, kind: QuotaLetterKind, author: CurrentUser) -> Prepared:
    """A draft for each organisation with places (a reminder: each whose list is short), in place of its
    earlier unregistered draft of the kind; a registered letter stays in the register and is not made again."""
    ceremony = await get_ceremony(ceremony_id)
    found = await review(ceremony_id)
    targets = found.reminders if kind == QuotaLetterKind.REMINDER else tuple(p for p in found.organisations if p.quota)
    if not targets:
        return Prepared(0, (_("Писать некому: ни у одной организации нет мест или все списки поданы."),))
    chosen = await template(kind)
    table = {o.id: o for o in (await services.quota_view(ceremony_id)).organisations}
    category_names = dict(await services.categories())
    split_by = await shares_of([p.id for p in targets])
    registered = await _registered(ceremony_id, kind)
    made = 0
    async with write_transaction(Letter._meta.db):
        await _drop_drafts(ceremony_id, kind)
        for progress in targets:
            if progress.id in registered:
                continue
            organisation = table[progress.id]
            divided = split(progress.quota, split_by[progress.id])  # impossible: the words typed instead
            by_category = parts_text([(s.category, divided.places[s.category_id]) for s in split_by[progress.id]
                                      if s.category_id in divided.places])
            wanted = by_category or organisation.wanted or category_names.get(organisation.category_id, "")
            extra = {"квота": str(progress.quota if kind == QuotaLetterKind.QUOTA else progress.missing),
                     "категории": wanted,
                     "срок": _day(found.deadline),
                     "ссылка": nomination_url(await live_token(progress.id))}
            choice = letters.Choice(ceremony, chosen, await _addressee(progress.name), {})
            letter = await letters.compose(choice, author, extra)
            assert letter is not None
            letter_id = await letters.save_composed(letter, chosen.id, author)
            await QuotaLetter.insert(QuotaLetter(organisation=progress.id, letter=letter_id, kind=kind))
            await audit.record("create", "quota_letter", letter_id, progress.name, {"kind": [None, kind.value]})
            made += 1
    return Prepared(made)


def _of(ceremony_id: int, kind: QuotaLetterKind):
    return (QuotaLetter.organisation.ceremony == ceremony_id) & (QuotaLetter.kind == kind)


async def _registered(ceremony_id: int, kind: QuotaLetterKind) -> set[int]:
    rows = await QuotaLetter.select(QuotaLetter.organisation).where(
        _of(ceremony_id, kind) & QuotaLetter.letter.number.is_not_null())
    return {r["organisation"] for r in rows}


async def _drop_drafts(ceremony_id: int, kind: QuotaLetterKind) -> None:
    rows = await QuotaLetter.select(QuotaLetter.letter).where(
        _of(ceremony_id, kind) & QuotaLetter.letter.number.is_null())
    if rows:
        await Letter.delete().where(Letter.id.is_in([r["letter"] for r in rows]))  # its QuotaLetter row cascades


@dataclass(frozen=True)
class LetterLine:
    """A letter as the review page lists it."""

    organisation: str
    letter_id: int
    number: str | None
    registered_on: date | None


async def letter_lines(ceremony_id: int, kind: QuotaLetterKind) -> list[LetterLine]:
    """One query for the page, however many organisations."""
    rows = await QuotaLetter.select(QuotaLetter.organisation.name.as_alias("name"), QuotaLetter.letter,
                                    QuotaLetter.letter.number.as_alias("number"),
                                    QuotaLetter.letter.registered_on.as_alias("registered_on")).where(
        _of(ceremony_id, kind)).order_by(QuotaLetter.organisation.name)
    return [LetterLine(r["name"], r["letter"], r["number"], r["registered_on"]) for r in rows]


async def quota_letters(ceremony_id: int, kind: QuotaLetterKind) -> list[QuotaLetterView]:
    """The letters of the kind made for the table, by organisation."""
    rows = await QuotaLetter.select(QuotaLetter.letter, QuotaLetter.organisation,
                                    QuotaLetter.organisation.name.as_alias("name")).where(
        _of(ceremony_id, kind)).order_by(QuotaLetter.organisation.name)
    return [QuotaLetterView(r["name"], await letters.get_letter(r["letter"]),
                            nomination_url(await live_token(r["organisation"]))) for r in rows]


async def register_all(ceremony_id: int, kind: QuotaLetterKind) -> list[str]:
    """Registers every draft of the kind under the register's next numbers; what stopped one, by organisation."""
    problems = []
    for item in await quota_letters(ceremony_id, kind):
        if item.letter.registered:
            continue
        saved = await letters.register(item.letter.id)
        if not saved.ok:
            problems.append(f"{item.organisation}: {' '.join(dict.fromkeys(saved.errors.values()))}")
    return problems


async def batch_pdf(ceremony_id: int, kind: QuotaLetterKind) -> bytes:
    """Every letter of the kind, one after another in one PDF, each with its own page numbers."""
    writer = PdfWriter()
    for item in await _to_print(ceremony_id, kind):
        writer.append(io.BytesIO(await _printed(prints.letter_pdf, item)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def batch_docx(ceremony_id: int, kind: QuotaLetterKind) -> bytes:
    """Every letter of the kind as its own DOCX (each is edited and signed on its own), in one ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(await _to_print(ceremony_id, kind), start=1):
            archive.writestr(f"{number:03d} {_file_name(item.organisation)}.docx",
                             await _printed(prints.letter_docx, item))
    return out.getvalue()


async def _to_print(ceremony_id: int, kind: QuotaLetterKind) -> list[QuotaLetterView]:
    """NotFound while there is nothing to print: no empty file."""
    items = await quota_letters(ceremony_id, kind)
    if not items:
        raise NotFound
    return items


async def _printed(build, item: QuotaLetterView) -> bytes:
    """One letter's file; a letter with fields still unfilled stops the batch, named by its organisation."""
    try:
        return await build(item.letter.id, item.url)
    except prints.Unfilled as unfilled:
        raise prints.Unfilled(f"{item.organisation}: {unfilled}") from unfilled


def _file_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in text)[:80].strip() or "letter"

