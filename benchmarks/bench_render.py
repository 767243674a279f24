"""Map drawing speed: draw_map through QtSurface onto an image, the PNG export and the SVG export,
beside a floor measured in the same run: a raw QPainter drawing the same number of rounded
rectangles and the same texts at the same places (what any map renderer must at least do)."""

from __future__ import annotations

import math
from contextlib import nullcontext
import os

from benchmarks.common import best_time, ms, print_table, ratio

SIZES = (30, 500, 2000)
SIZE_OPTIONS = ("SIZES",)  # the constants that set how big a run is
DPI = 72  # one pixel per point: the 2,000-touchpoint map is ~9,400 x 4,000 pixels


class _Counter:
    """A Surface that only records rectangles and texts (for the floor)."""

    def __init__(self, measure) -> None:
        self.rects: list = []
        self.texts: list = []
        self.text_width = measure

    def rect(self, r, *args, **kwargs) -> None:
        self.rects.append(r)

    def text(self, x, baseline, text, size, color, bold=False) -> None:
        self.texts.append((x, baseline, text, size, bold))

    def line(self, *args, **kwargs) -> None: ...

    def curve(self, *args, **kwargs) -> None: ...

    def polygon(self, *args, **kwargs) -> None: ...

    def circle(self, *args, **kwargs) -> None: ...

    def element(self, role):
        return nullcontext()

    def symbol(self, key, rect, draw) -> None:
        draw(self, rect)


def _measure(n: int, family: str) -> list:
    """One row of the table: the n-touchpoint synthetic map drawn both ways, and exported."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    from app.export.png import render_png_bytes
    from app.export.svg import render_svg
    from app.layout import layout_journey
    from app.model.synthetic import synthetic_project
    from app.render.draw import draw_map
    from app.render.fonts import font_metrics
    from app.render.qt_surface import QtSurface

    project = synthetic_project(n)
    journey = project.journeys[0]
    layout = layout_journey(journey, project.personas)
    w, h = math.ceil(layout.width), math.ceil(layout.height)
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)

    def draw_shared() -> None:
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        draw_map(QtSurface(painter), layout, journey, project.personas)
        painter.end()

    counter = _Counter(lambda text, size, bold=False: font_metrics(bold).width(text, size))
    draw_map(counter, layout, journey, project.personas)
    fonts: dict[tuple[float, bool], QFont] = {}
    for _, _, _, size, bold in counter.texts:
        if (size, bold) not in fonts:
            font = QFont(family)
            font.setPixelSize(round(size))
            font.setBold(bold)
            fonts[(size, bold)] = font
    rects = [QRectF(r.x, r.y, r.w, r.h) for r in counter.rects]
    texts = [(QPointF(x, y), t, fonts[(size, bold)]) for x, y, t, size, bold in counter.texts]

    def draw_floor() -> None:
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#bcccdc"), 1.0))
        painter.setBrush(QColor("#f1f3f6"))
        for r in rects:
            painter.drawRoundedRect(r, 6, 6)
        painter.setPen(QColor("#1f2933"))
        for point, text, font in texts:
            painter.setFont(font)
            painter.drawText(point, text)
        painter.end()

    draw_shared()  # warm the glyph and font caches once for both
    draw_floor()
    shared = best_time(draw_shared)
    floor = best_time(draw_floor)
    png = best_time(lambda: render_png_bytes(project, journey, DPI), repeat=2)
    svg = best_time(lambda: render_svg(project, journey), repeat=2)
    return [n, f"{w} x {h}", len(counter.rects), len(counter.texts), ms(floor), ms(shared),
            ratio(shared, floor), ms(png), ms(svg)]


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - keeps Qt alive
    from app.render.qt_surface import register_fonts

    family = register_fonts()
    rows = [_measure(n, family) for n in SIZES]
    print_table("Map drawing (QtSurface) vs raw QPainter floor, PNG and SVG export at 72 dpi",
                ["touchpoints", "pixels", "rects", "texts", "floor", "draw_map", "vs floor", "PNG export",
                 "SVG export"], rows)


if __name__ == "__main__":
    main()
