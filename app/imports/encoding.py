"""Text files as departments send them: UTF-8, UTF-16, Windows-1251, DOS (cp866) or KOI8-R.

    text, encoding = decode_text(data)  # raises UndecodableText when it is none of them

A byte order mark wins, except that a UTF-8 mark before a body that is not UTF-8 (a program that
wrote the mark and then the Windows-1251 text) is ignored and the body decoded by what it is.
Otherwise UTF-8 when the bytes are valid UTF-8, else the best of the single-byte Russian code
pages by charset-normalizer; bytes that are text in none of them are not guessed at.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SINGLE_BYTE = ("cp1251", "cp866", "koi8_r")
_NAMES = {"cp1251": "cp1251", "cp866": "cp866", "koi8_r": "koi8-r", "utf_16": "utf-16", "utf_8": "utf-8"}


class UndecodableText(ValueError):
    """The bytes are not text in any of the encodings read."""


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name): «utf-8-sig», «utf-8», «utf-16», «cp1251», «cp866» or «koi8-r»."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise UndecodableText(str(error)) from error
    body = data.removeprefix(UTF8_BOM)
    if b"\x00" in body:  # no text but UTF-16 has NUL bytes, and UTF-16 without a mark is not guessed
        raise UndecodableText("NUL")
    try:
        return body.decode("utf-8"), "utf-8-sig" if body is not data else "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body, cp_isolation=list(SINGLE_BYTE)).best()
    if best is None:
        raise UndecodableText("no match")
    return str(best), _NAMES.get(best.encoding, best.encoding)
