"""A generated file as the answer to a request: PDF, DOCX or XLSX, opened in the browser or downloaded."""

from __future__ import annotations

import re
from urllib.parse import quote

from litestar import Response

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(filename: str, *, inline: bool = True) -> str:
    """The Content-Disposition header for a file name that may hold anything a user typed: an ASCII fallback
    (no quotes, backslashes or control characters: nothing that could end the header) and the real name in
    RFC 5987's `filename*=UTF-8''…`."""
    disposition = "inline" if inline else "attachment"
    name = " ".join(filename.split())[:150] or "file"
    fallback = re.sub(r'[^A-Za-z0-9._ -]', "_", name)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(content: bytes, filename: str, media_type: str = PDF, *, inline: bool = True) -> Response:
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": content_disposition(filename, inline=inline)})
