"""A hall described in plain data: what the templates build, the files bring in and the database keeps.

Plan units: one unit is one seat pitch (about 55 cm); x grows to the right as seen from the stage's
audience, y grows away from the stage. The stage is at y < 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.seating.kinds import HallKind, SectionKind


@dataclass(frozen=True)
class SeatSpec:
    section: str  # the section's name: «Партер», «Стол 3», «Президиум»
    kind: SectionKind
    row_label: str
    row_index: int  # 0 = the front row (or the head table)
    number: str
    x: float
    y: float
    order: int  # along the row or around the table, growing to the sitter's right
    segment: int  # seats between two aisles, or one table; unique in the hall
    table: int | None = None
    honour: int = 0
    honour_manual: bool = False
    wheelchair: bool = False
    companion: bool = False
    aisle: bool = False
    step_free: bool = False
    restricted_view: bool = False
    blocked: bool = False
    blocked_reason: str = ""
    sector: str = ""
    guid: str = ""


@dataclass(frozen=True)
class HallSpec:
    name: str
    kind: HallKind
    seats: tuple[SeatSpec, ...]
    sector_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    address: str = ""
    width: int = 0
    height: int = 0
