"""Every text a person can see has its English translation, and Russian plurals are right."""

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from app.core.config import ROOT
from app.core.i18n import ngettext, set_locale


def extracted() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = extract_from_dir(
        ROOT,
        method_map=[("app/**.py", "python"), ("templates/**.html", "jinja2")],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=keywords,
    )
    return {message if isinstance(message, str) else message[0] for _f, _l, message, _c, _x in found}


def test_english_catalog_translates_every_message():
    with open(ROOT / "locales/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale="en")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                  if m.id and (m.string if isinstance(m.string, str) else all(m.string))}
    missing = sorted(extracted() - translated)
    assert not missing, "run `make messages` and translate in locales/en: " + "; ".join(missing[:20])


def test_russian_plural_forms():
    set_locale("ru")
    forms = [ngettext("%(num)d церемония", "%(num)d церемоний", n) % {"num": n} for n in (1, 3, 5, 11, 22)]
    assert forms == ["1 церемония", "3 церемонии", "5 церемоний", "11 церемоний", "22 церемонии"]
    set_locale("en")
    assert ngettext("%(num)d церемония", "%(num)d церемоний", 3) % {"num": 3} == "3 ceremonies"
    set_locale("ru")


def test_russian_catalog_gives_every_plural_its_three_forms():
    with open(ROOT / "locales/ru/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale="ru")
    incomplete = [m.id[0] for m in catalog if m.id and m.pluralizable and not all(m.string)]
    assert not incomplete, "fill msgstr[0..2] in locales/ru: " + "; ".join(incomplete)
