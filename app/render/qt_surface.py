"""QtSurface: the render Surface over a QPainter, used by the canvas items and the PNG export.

Text is DejaVu Sans, registered once from matplotlib's copy of the TTFs (app.render.fonts), so the
screen measures and wraps text like the PDF and SVG. Sizes are layout points and 1 point is drawn as
1 logical pixel of the painter (font pixel sizes, whatever the device's DPI). Qt rounds font pixel
sizes to whole pixels, so a fractional size (the 9.5 pt titles) is drawn from a font SUBPIXEL times
larger under a 1/SUBPIXEL scale. Kerning and hinting are off so widths match the TTF advance widths
used by the other renderers.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from app.layout.geometry import Point, Rect, Segment
from app.render.fonts import FAMILY, font_path

_registered_family: str | None = None
SUBPIXEL = 20  # fractional sizes are drawn from a font this many times larger, scaled down
CURVE_RUN = 4  # segments stroked per path (see curve)


def register_fonts() -> str:
    """Register DejaVu Sans (regular and bold) with Qt once; returns the family name to use.

    Needs a QGuiApplication. Falls back to the family name (the system's copy) if the files fail."""
    global _registered_family
    if _registered_family is None:
        family = FAMILY
        for bold in (False, True):
            try:
                font_id = QFontDatabase.addApplicationFont(str(font_path(bold)))
            except FileNotFoundError:
                font_id = -1
            if font_id >= 0 and not bold:
                families = QFontDatabase.applicationFontFamilies(font_id)
                if families:
                    family = families[0]
        _registered_family = family
    return _registered_family


class QtSurface:
    """Implements app.render.surface.Surface with a QPainter (antialiased).

    Cheap to create per paint() call: fonts, metrics, text widths, pens and colours are cached
    for the whole process (they do not depend on the painter, since sizes are pixel sizes)."""

    _fonts: dict[tuple[float, bool], tuple[QFont, int]] = {}
    _metrics: dict[tuple[float, bool], QFontMetricsF] = {}
    _widths: dict[tuple[str, float, bool], float] = {}
    _pens: dict[tuple[str | None, float, tuple[float, ...] | None], QPen] = {}
    _colors: dict[str, QColor] = {}

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.family = register_fonts()

    # ------------------------------------------------------------------ caches
    def _font(self, size: float, bold: bool) -> tuple[QFont, int]:
        key = (size, bold)
        hit = self._fonts.get(key)
        if hit is None:
            factor = 1 if abs(size - round(size)) < 1e-6 else SUBPIXEL
            font = QFont(self.family)
            font.setPixelSize(max(1, round(size * factor)))
            font.setBold(bold)
            font.setKerning(False)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
            hit = self._fonts[key] = (font, factor)
        return hit

    def font(self, size: float, bold: bool = False) -> QFont:
        """The QFont used for text of this size (for a fractional size, SUBPIXEL times larger)."""
        return self._font(size, bold)[0]

    def _color(self, value: str) -> QColor:
        color = self._colors.get(value)
        if color is None:
            color = self._colors[value] = QColor(value)
        return color

    def _pen(self, color: str | None, width: float, dash: tuple[float, ...] | None = None) -> QPen:
        key = (color, width, dash)
        pen = self._pens.get(key)
        if pen is not None:
            return pen
        if color is None:
            pen = self._pens[key] = QPen(Qt.PenStyle.NoPen)
        else:
            pen = QPen(self._color(color), width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap if dash is None else Qt.PenCapStyle.FlatCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            if dash:
                pen.setDashPattern([d / max(width, 0.01) for d in dash])
            self._pens[key] = pen
        return pen

    def _brush(self, color: str | None) -> QBrush:
        return QBrush(Qt.BrushStyle.NoBrush) if color is None else QBrush(self._color(color))

    # ------------------------------------------------------------------ Surface
    def rect(self, r: Rect, fill: str | None, stroke: str | None = None, width: float = 1.0,
             radius: float = 0.0, dash: tuple[float, ...] | None = None) -> None:
        p = self.painter
        p.setPen(self._pen(stroke, width, dash))
        p.setBrush(self._brush(fill))
        rect = QRectF(r.x, r.y, r.w, r.h)
        if stroke is not None and fill is None:
            # keep strokes inside the box so selection outlines are not clipped by neighbours
            rect = rect.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        if radius > 0:
            p.drawRoundedRect(rect, radius, radius)
        else:
            p.drawRect(rect)

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.0,
             dash: tuple[float, ...] | None = None) -> None:
        self.painter.setPen(self._pen(color, width, dash))
        self.painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))

    def curve(self, segments: list[Segment], color: str, width: float = 1.0,
              dash: tuple[float, ...] | None = None) -> None:
        if not segments:
            return
        self.painter.setPen(self._pen(color, width, dash))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        # Qt strokes one long path as a single polygon, which gets slow for curves of thousands of
        # segments (the emotion curve of a big map); short runs joined by round caps look the same.
        # A dashed curve stays whole so its dash pattern runs on.
        run = len(segments) if dash else CURVE_RUN
        for start in range(0, len(segments), run):
            chunk = segments[start:start + run]
            path = QPainterPath(QPointF(*chunk[0][0]))
            for _, c1, c2, end in chunk:
                path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))
            self.painter.drawPath(path)

    def polygon(self, points: list[Point], fill: str | None, stroke: str | None = None,
                width: float = 1.0) -> None:
        self.painter.setPen(self._pen(stroke, width))
        self.painter.setBrush(self._brush(fill))
        self.painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))

    def symbol(self, key: Hashable, rect: Rect, draw: Callable[[Any, Rect], None]) -> None:
        draw(self, rect)

    def element(self, role: str) -> AbstractContextManager[None]:
        return nullcontext()  # the screen has no document structure

    def circle(self, x: float, y: float, r: float, fill: str | None, stroke: str | None = None,
               width: float = 1.0) -> None:
        self.painter.setPen(self._pen(stroke, width))
        self.painter.setBrush(self._brush(fill))
        self.painter.drawEllipse(QPointF(x, y), r, r)

    def text(self, x: float, baseline: float, text: str, size: float, color: str,
             bold: bool = False) -> None:
        p = self.painter
        font, factor = self._font(size, bold)
        p.setFont(font)
        p.setPen(self._pen(color, 1.0))
        if factor == 1:
            p.drawText(QPointF(x, baseline), text)
            return
        p.save()
        p.translate(x, baseline)
        p.scale(1 / factor, 1 / factor)
        p.drawText(QPointF(0, 0), text)
        p.restore()

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold)
        width = self._widths.get(key)
        if width is None:
            metrics = self._metrics.get((size, bold))
            font, factor = self._font(size, bold)
            if metrics is None:
                metrics = self._metrics[(size, bold)] = QFontMetricsF(font)
            width = metrics.horizontalAdvance(text) / factor
            if len(text) <= 200 and len(self._widths) < 100_000:
                self._widths[key] = width
        return width
