"""What the services of every area share: the outcome of saving a form, and a missing record."""

from __future__ import annotations

from dataclasses import dataclass, field


class NotFound(LookupError):
    """The record asked for does not exist (any more); controllers answer with the 404 page."""


@dataclass
class Saved:
    """What a save gives back: the id on success, otherwise the messages per field."""

    id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors
