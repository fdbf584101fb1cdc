"""Gettext for every string a person sees: Russian first, English from locales/en.

Message ids are the Russian texts themselves: the Russian catalog holds only the three plural
forms Russian needs, the English one holds every text. Both are compiled from their .po files
when first used (no binaries in git).
"""

from __future__ import annotations

import gettext as _gettext
import io
from contextvars import ContextVar
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.core.config import ROOT

LOCALES = ("ru", "en")
LOCALE_NAMES = {"ru": "Русский", "en": "English"}
_current: ContextVar[str] = ContextVar("locale", default="ru")


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    po_path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return _gettext.NullTranslations()
    with po_path.open("rb") as po:
        catalog = read_po(po, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def set_locale(locale: str) -> None:
    _current.set(locale if locale in LOCALES else "ru")


def current_locale() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message
