"""The secret an invitation's QR code carries: random, URL-safe, saying nothing about the guest."""

import secrets

from app.core.config import get_settings

TOKEN_BYTES = 24  # 192 random bits, 32 characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def invitation_url(token: str) -> str:
    return f"{get_settings().public_base_url}/i/{token}"
