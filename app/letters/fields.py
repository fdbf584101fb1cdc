"""Fields of a letter's text: {{дата}}, {{место}}… filled from the ceremony; a field left without a
value stays in the text as it was, so that the letter can say which ones are missing."""

from __future__ import annotations

import re
from collections.abc import Mapping

FIELD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def fields_in(text: str) -> list[str]:
    """The names of the fields still in the text, each once, in the order they first appear."""
    return list(dict.fromkeys(match.group(1) for match in FIELD.finditer(text)))


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with every field that has a non-empty value replaced by it; the others stay."""
    def value(match: re.Match[str]) -> str:
        return values.get(match.group(1), "").strip() or match.group(0)
    return FIELD.sub(value, text)


def segments(text: str) -> list[tuple[str, bool]]:
    """The text cut into plain parts and fields, (part, is_field), to show the fields marked."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in FIELD.finditer(text):
        if match.start() > position:
            parts.append((text[position:match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def listed(names: list[str] | tuple[str, ...]) -> str:
    """Field names as they are written in a text: «{{адрес}}, {{число_гостей}}»."""
    return ", ".join("{{" + name + "}}" for name in names)
