"""PNG export of a journey map: the shared layout drawn by app.render.draw through a QPainter.

Works offscreen (a QGuiApplication is created when none exists); white background; the file is
written atomically so a failed export never leaves half an image behind.
"""

from __future__ import annotations

import math
import os

from app.layout import layout_journey
from app.model import Journey, Project
from app.model.storage import atomic_write

MAX_PIXELS = 400_000_000  # ~1.6 GB of ARGB: beyond this, ask for a lower dpi
MAX_SIDE = 32_767  # QPainter's coordinate limit for raster images
PNG_QUALITY = 50  # Qt's PNG "quality" is zlib effort: 50 is ~1.5x faster than the default, files ~2 % larger


class PngExportError(ValueError):
    """The PNG cannot be made as asked (too large for the dpi, unwritable path)."""


def _ensure_gui_app() -> None:
    # a full QApplication, not a QGuiApplication: the same process may open windows later (the
    # editor, a test run), and Qt aborts when widgets are made under a bare QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # kept on the module so it lives as long as the process
        global _app
        _app = QApplication([])


_app = None


def render_png_bytes(project: Project, journey: Journey, dpi: float = 144,
                     selected: frozenset[str] = frozenset()) -> bytes:
    """The PNG file contents of the journey's map at dpi (72 dpi = 1 pixel per layout point)."""
    if not (isinstance(dpi, (int, float)) and math.isfinite(dpi) and 10 <= dpi <= 1200):
        raise PngExportError(f"dpi must be a number from 10 to 1200, not {dpi!r}")
    _ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    from app.render.draw import draw_map
    from app.render.qt_surface import QtSurface

    layout = layout_journey(journey, project.personas)
    scale = dpi / 72.0
    width, height = math.ceil(layout.width * scale), math.ceil(layout.height * scale)
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        fit = min(math.sqrt(MAX_PIXELS / (width * height)), MAX_SIDE / max(width, height)) * dpi
        raise PngExportError(f"the map would be {width} x {height} pixels at {dpi:g} dpi, too large for one "
                             f"PNG; use --dpi {max(10, int(fit))} or less, or export a PDF or SVG")
    # opaque RGB: the PNG stores no alpha channel, so it encodes faster and is smaller
    image = QImage(width, height, QImage.Format.Format_RGB32)
    if image.isNull():
        raise PngExportError(f"not enough memory for a {width} x {height} pixel image; lower the dpi")
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        draw_map(QtSurface(painter), layout, journey, project.personas, selected=selected)
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as str here; its stubs say bytes, which it refuses at run time
    if not image.save(buffer, "PNG", PNG_QUALITY):  # type: ignore[call-overload]
        raise PngExportError("Qt could not encode the PNG image")
    buffer.close()
    return bytes(data.data())


def export_png(project: Project, journey: Journey, path: str | os.PathLike[str], dpi: float = 144) -> None:
    """Write the journey's map as a PNG at dpi, atomically (no .bak of an older export is kept)."""
    data = render_png_bytes(project, journey, dpi)
    try:
        atomic_write(path, data, keep_backup=False)
    except OSError as exc:
        raise PngExportError(f"cannot write {os.fspath(path)}: {exc.strerror or exc}") from None
