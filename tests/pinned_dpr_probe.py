"""Run by test_canvas_pinned.py in a process of its own with QT_SCALE_FACTOR=2 (a device pixel
ratio is fixed when the application starts): shows the sample map, grabs its stage-header row at
its own place and again pinned to the top edge after scrolling down, and prints, as JSON, the
ratio, the row's height in device pixels and the share of device pixels that differ."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication


def main(sample: Path) -> None:
    from app.editing import JourneyEditor
    from app.model import load_project
    from app.widgets.canvas import JourneyCanvas

    app = QApplication.instance() or QApplication([])
    project = load_project(sample)
    canvas = JourneyCanvas(JourneyEditor(project), project.journeys[0])
    canvas.resize(900, 600)
    canvas.show()
    for _ in range(5):
        app.processEvents()
    canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value() + 120)
    app.processEvents()

    def screen() -> QImage:
        app.processEvents()
        return canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

    ratio = canvas.devicePixelRatioF()
    layout = canvas.journey_scene.layout
    band = round(layout.header_h * ratio)
    top = round(canvas.mapFromScene(QPointF(0, 0)).y() * ratio)
    width = round(canvas.viewport().width() * ratio)
    home = screen().copy(0, top, width, band)
    for _ in range(8):  # scroll down in steps, as the wheel does
        canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().value() + 60)
        app.processEvents()
    pinned = screen().copy(0, 0, width, band)
    differing = sum(home.pixel(x, y) != pinned.pixel(x, y) for y in range(band) for x in range(width))
    print(json.dumps({"ratio": ratio, "band_px": band, "pinned": canvas.journey_scene.pin_offset[1] > 0,
                      "differing": differing / (band * width)}))
    canvas.detach()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
