"""Geometry of the plan of a square: rectangles on a grid of PLAN_WIDTH × PLAN_HEIGHT units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from app.wreaths.kinds import PLAN_HEIGHT, PLAN_WIDTH


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    def overlaps(self, other: Rect) -> bool:
        """Whether the two share some area; rectangles that only touch along an edge do not."""
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)

    def fits(self) -> bool:
        return self.w > 0 and self.h > 0 and self.x >= 0 and self.y >= 0 \
            and self.x + self.w <= PLAN_WIDTH and self.y + self.h <= PLAN_HEIGHT


def overlapping(rects: Sequence[tuple[int, Rect]]) -> list[tuple[int, int]]:
    """The pairs of ids (in the given order) whose rectangles overlap."""
    return [(a, b) for (a, ra), (b, rb) in combinations(rects, 2) if ra.overlaps(rb)]
