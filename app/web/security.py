"""Security headers on every answer: pages, fragments, assets, files and error pages.

Registered as the app's before_send hook (not a route middleware), so that it also sees the answers no
route produced: a 404 for an unknown address, an error page. A header an answer already has wins (the
guest's page sends Referrer-Policy: no-referrer, stricter than the default here).
- Content-Security-Policy: scripts only from our own files (no inline script, no eval: htmx runs
  without it, inline handlers are data-confirm and friends in assets/js/); styles may be inline
  (htmx's indicator style, style= attributes); no one may frame a page (clickjacking).
- X-Frame-Options for browsers without frame-ancestors; nosniff so a file is never run as a script;
  Referrer-Policy same-origin so a token address (/i/…, /d/…) never leaks to another site.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
