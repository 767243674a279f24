"""The drawing surface every renderer implements, so that one set of drawing functions
(app/render/draw.py) paints the map on screen (QPainter), in PDF (reportlab) and in SVG.

Coordinates are layout points with y growing downwards (as app.layout produces them); a
backend whose y grows upwards (reportlab) flips them itself. Colours are "#rrggbb" strings.
Fonts: DejaVu Sans regular and bold at a size in points, so text measures the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from typing import Protocol

from app.layout.geometry import Point, Rect, Segment


class Surface(Protocol):
    def rect(self, r: Rect, fill: str | None, stroke: str | None = None, width: float = 1.0,
             radius: float = 0.0, dash: tuple[float, ...] | None = None) -> None:
        """A (rounded) rectangle; fill or stroke may be None."""

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.0,
             dash: tuple[float, ...] | None = None) -> None:
        """A straight line."""

    def curve(self, segments: list[Segment], color: str, width: float = 1.0,
              dash: tuple[float, ...] | None = None) -> None:
        """An open path of joined cubic Bezier segments."""

    def polygon(self, points: list[Point], fill: str | None, stroke: str | None = None,
                width: float = 1.0) -> None:
        """A closed polygon (arrow heads, icon shapes)."""

    def circle(self, x: float, y: float, r: float, fill: str | None, stroke: str | None = None,
               width: float = 1.0) -> None:
        """A circle centred at (x, y)."""

    def text(self, x: float, baseline: float, text: str, size: float, color: str,
             bold: bool = False) -> None:
        """One line of text, left-aligned, its baseline at y = baseline."""

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        """The advance width of text in this surface's font."""

    def element(self, role: str) -> AbstractContextManager[None]:
        """Everything drawn inside is one element of the document's logical structure: "P" (a
        card's text, a lane title) or "H2" (a stage header). The PDF tags it for screen readers
        (app/export/pdf_tags.py); surfaces without a structure draw as usual."""

    def symbol(self, key: Hashable, rect: Rect, draw: Callable[[Surface, Rect], None]) -> None:
        """Shapes (no text) that look the same wherever they are drawn at this size, e.g. a channel
        icon: `draw(surface, rect)` draws them. `key` names what is drawn; a backend may record
        it once and place copies (the PDF writes a form XObject), the others just call draw."""
