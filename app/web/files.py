"""A generated file as the answer to a request: PDF, DOCX or XLSX, opened in the browser or downloaded."""

from __future__ import annotations

from litestar import Response

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(content: bytes, filename: str, media_type: str = PDF, *, inline: bool = True) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})
