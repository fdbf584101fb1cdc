"""A letter as PDF or DOCX, refused while fields of its text are unfilled; the register as XLSX."""

from __future__ import annotations

from app.core.config import get_settings
from app.core.formatting import fmt_date
from app.core.i18n import gettext as _
from app.documents.letters import LetterDocument, build_letter_docx, build_letter_pdf
from app.imports.xlsx_export import export_xlsx
from app.letters import services


class Unfilled(Exception):
    """The letter still has fields without a value: printing it would send «{{адрес}}» to the police.
    The message names them."""


def _document(letter: services.LetterView, qr_url: str = "") -> LetterDocument:
    if letter.unfilled:
        raise Unfilled(services.unfilled_message(letter.unfilled))
    settings = get_settings()
    return LetterDocument(
        organisation=settings.organisation, city=_("г. {city}").format(city=settings.city),
        number=letter.number or "", date=fmt_date(letter.registered_on), addressee=letter.filled("addressee_block"),
        subject=letter.filled("subject"), salutation=letter.filled("salutation"),
        paragraphs=tuple(letter.body_paragraphs),
        signer_position=letter.signer_position, signer_name=letter.signer_name, executor=letter.executor,
        phone=letter.executor_phone, labels={"from": _("от"), "no": "№", "phone": _("тел.")},
        qr_url=qr_url, qr_caption=_("Наведите камеру телефона на код, чтобы открыть страницу") if qr_url else "",
    )


async def letter_pdf(letter_id: int, qr_url: str = "") -> bytes:
    """`qr_url`: a link the letter sends the reader to (a quota letter's list page), also printed as a QR code."""
    return build_letter_pdf(_document(await services.get_letter(letter_id), qr_url))


async def letter_docx(letter_id: int, qr_url: str = "") -> bytes:
    return build_letter_docx(_document(await services.get_letter(letter_id), qr_url))


def filename(letter: services.LetterView, extension: str) -> str:
    """«letter-01-12-345.pdf» for a registered letter, «letter-draft-17.pdf» for a draft."""
    name = letter.number.replace("/", "-") if letter.number else f"draft-{letter.id}"
    return f"letter-{name}.{extension}"


async def register_xlsx(chosen: services.RegisterFilter) -> bytes:
    rows = await services.register_rows(chosen)
    return export_xlsx(
        _("Реестр исходящих писем {year}").format(year=chosen.year),
        [_("Номер"), _("Дата"), _("Адресат"), _("Тема"), _("Событие")],
        [(r.number, r.registered_on, r.addressee, r.subject, r.event_title) for r in rows],
    )
