"""A persona whose emotion scores are the journey's own still shows on the map and in the chart:
its thinner curve runs on top of the journey's wider one (in the bundled sample, Priya Shah's
scores are the customer's; before, her curve was hidden under it and only her legend entry said
she was there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from app.export.png import render_png_bytes
from app.layout import layout_journey
from app.model import load_project
from app.model.personas import persona_color

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"
DPI = 72.0  # one pixel per layout point


def _near(c: QColor, target: QColor, tolerance: int = 24) -> bool:
    return (abs(c.red() - target.red()) <= tolerance and abs(c.green() - target.green()) <= tolerance
            and abs(c.blue() - target.blue()) <= tolerance)


def test_a_persona_curve_that_follows_the_journey_curve_is_seen_on_the_map(qtbot) -> None:
    project = load_project(SAMPLE)
    journey = project.journeys[0]
    priya = next(p for p in project.personas if p.name == "Priya Shah")
    same = [t for t in journey.touchpoints() if t.emotion is not None]
    assert same and all(t.persona_emotions.get(priya.id) == t.emotion for t in same)  # the case itself

    layout = layout_journey(journey, project.personas)
    band = layout.emotion_band
    assert band is not None
    below_legend = max((e.text.bottom for e in layout.legend), default=band.y) + 4
    image = QImage.fromData(render_png_bytes(project, journey, dpi=DPI))
    scale = image.width() / layout.width
    color = QColor(persona_color(priya, project.personas))
    seen = 0
    for y in range(int(below_legend * scale), int(band.bottom * scale)):
        for x in range(int(band.x * scale), int(band.right * scale), 2):
            if _near(image.pixelColor(x, y), color):
                seen += 1
    # her curve crosses the whole lane: hundreds of pixels of her colour, not a handful of stray ones
    assert seen > 200, f"only {seen} pixels of {priya.name}'s colour in the emotion lane"
