"""Text rules shared by every list of people: searches fold case and ё/е; a surname must read as one; a Russian
word typed with Latin look-alike letters is made Cyrillic."""

import unicodedata


def search_key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def malformed_surname(surname: str) -> bool:
    """A digit of any script in it («²» too) or no letter at all: a number or a date typed into the wrong
    column. Only tested, never turned into a number."""
    return any(unicodedata.digit(ch, None) is not None for ch in surname) or not any(ch.isalpha() for ch in surname)


# Latin letters drawn like Cyrillic ones: a list typed on two keyboard layouts, or pasted from a scan, spells
# «Иванoв» with a Latin «o» — it then escapes duplicate checks and searches, sorts apart and declines wrongly.
_LOOKALIKES = str.maketrans("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу")
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def cyrillic_lookalikes(word: str) -> str:
    """A word with Cyrillic letters and Latin look-alikes in it, all Cyrillic; any other word as it is (a Latin
    name stays Latin, and a mixed word with a Latin letter that has no Cyrillic twin is left to the reader)."""
    latin = [ch for ch in word if ch in _LATIN]
    if not latin or not any("\u0400" <= ch <= "\u04ff" for ch in word):
        return word
    fixed = word.translate(_LOOKALIKES)
    return fixed if not any(ch in _LATIN for ch in fixed) else word
