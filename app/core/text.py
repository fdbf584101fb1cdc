"""Text rules shared by every list of people: searches fold case and ё/е; a surname must read as one."""

import unicodedata


def search_key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def malformed_surname(surname: str) -> bool:
    """A digit of any script in it («²» too) or no letter at all: a number or a date typed into the wrong
    column. Only tested, never turned into a number."""
    return any(unicodedata.digit(ch, None) is not None for ch in surname) or not any(ch.isalpha() for ch in surname)
