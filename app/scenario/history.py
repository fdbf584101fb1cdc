"""The library of historical notes: texts for speeches and programmes, tied to a memorable date.

A search folds case and ё/е and also finds a note by its date typed as дд.мм.гггг (or a part of it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.core.text import search_key
from app.events.kinds import EventKind
from app.scenario.tables import HistoricalNote
from app.web.forms import FormReader

EXCERPT = 280


@dataclass(frozen=True)
class NoteView:
    id: int
    title: str
    text: str
    kind: EventKind | None
    day: date | None
    source: str

    @property
    def excerpt(self) -> str:
        """The beginning of the text, cut at a word, for lists."""
        if len(self.text) <= EXCERPT:
            return self.text
        return self.text[:EXCERPT].rsplit(" ", 1)[0] + "…"


def _view(row: dict) -> NoteView:
    return NoteView(id=row["id"], title=row["title"], text=row["text"],
                    kind=EventKind(row["kind"]) if row["kind"] else None, day=row["day"], source=row["source"])


def _key(title: str, text: str, source: str, day: date | None) -> str:
    return search_key(" ".join([title, text, source, f"{day:%d.%m.%Y}" if day else ""]))


def kind_of(raw: str) -> EventKind | None:
    return EventKind(raw) if raw in EventKind._value2member_map_ else None


async def search(query: str = "", kind: EventKind | None = None, *, limit: int | None = None) -> list[NoteView]:
    """Notes whose text, title, source or date contain every word of the query; those with a date in
    calendar order (as the memorable dates fall in the year), then the others by title."""
    where = HistoricalNote.id > 0
    for word in search_key(query).split():
        where &= HistoricalNote.search_key.like(f"%{word}%")
    if kind is not None:
        where &= HistoricalNote.kind == kind
    notes = [_view(r) for r in await HistoricalNote.select().where(where)]
    notes.sort(key=lambda n: (n.day is None, (n.day.month, n.day.day, n.day.year) if n.day else (0, 0, 0),
                              n.title.casefold()))
    return notes[:limit] if limit else notes


async def get_note(note_id: int) -> NoteView:
    row = await HistoricalNote.select().where(HistoricalNote.id == note_id).first()
    if row is None:
        raise NotFound
    return _view(row)


def note_values(note: NoteView | None, kind: EventKind | None = None) -> dict[str, str]:
    if note is None:
        return {"title": "", "text": "", "kind": kind.value if kind else "", "day": "", "source": ""}
    return {"title": note.title, "text": note.text, "kind": note.kind.value if note.kind else "",
            "day": note.day.isoformat() if note.day else "", "source": note.source}


async def save_note(raw: Mapping[str, str], note_id: int | None = None) -> Saved:
    form = FormReader(raw)
    title = form.text("title", required=True)
    text = form.multiline("text", max_length=20_000)
    if not text:
        form.fail("text", _("Заполните это поле."))
    kind = form.choice("kind", EventKind) if raw.get("kind") else None
    day = form.local_date("day") if raw.get("day", "").strip() else None
    source = form.text("source", max_length=500)
    if form.errors:
        return Saved(errors=form.errors)
    values = {HistoricalNote.title: title, HistoricalNote.text: text, HistoricalNote.kind: kind.value if kind else "",
              HistoricalNote.day: day, HistoricalNote.source: source,
              HistoricalNote.search_key: _key(title, text, source, day)}
    if note_id is None:
        rows = await HistoricalNote.insert(HistoricalNote(**{c._meta.name: v for c, v in values.items()})
                                           ).returning(HistoricalNote.id)
        return Saved(id=rows[0]["id"])
    if not await HistoricalNote.exists().where(HistoricalNote.id == note_id):
        raise NotFound
    await HistoricalNote.update(values).where(HistoricalNote.id == note_id)
    return Saved(id=note_id)


async def delete_note(note_id: int) -> None:
    if not await HistoricalNote.exists().where(HistoricalNote.id == note_id):
        raise NotFound
    await HistoricalNote.delete().where(HistoricalNote.id == note_id)


def with_note(words: str, note: NoteView) -> str:
    """The host's words with the note's text added as a paragraph of its own at the end."""
    words = words.replace("\r\n", "\n").rstrip()
    return f"{words}\n\n{note.text}" if words else note.text
