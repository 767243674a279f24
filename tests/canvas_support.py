"""Shared set-up of the canvas tests: a small hand-made journey and real mouse gestures."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from app.editing import JourneyEditor
from app.model import Annotation, AnnotationKind, Channel, Journey, Lane, LaneKind, Project, Stage, Touchpoint


def small_project() -> Project:
    """Awareness (Sees advert, Reads review), Consideration (Compares prices), Purchase (empty)."""
    project = Project("Canvas test")
    j = project.add_journey(Journey("Shop journey"))
    stages = [j.add_stage(Stage(name)) for name in ("Awareness", "Consideration", "Purchase")]
    cards = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_lane(Lane(LaneKind.ACTIONS))
    for kind in (LaneKind.EMOTION, LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES, LaneKind.METRICS):
        j.add_lane(Lane(kind))
    a = j.add_touchpoint(Touchpoint("Sees advert", channel=Channel.ADVERTISING, emotion=0), stages[0].id, cards.id)
    b = j.add_touchpoint(Touchpoint("Reads review", channel=Channel.WEBSITE, emotion=1), stages[0].id, cards.id)
    c = j.add_touchpoint(Touchpoint("Compares prices", channel=Channel.WEBSITE, emotion=-1), stages[1].id, cards.id)
    j.add_path(a.id, b.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Too many tabs", severity=4), c.id)
    return project


def make_canvas(qtbot, project: Project | None = None, size: tuple[int, int] = (1300, 900)):
    from app.widgets.canvas import JourneyCanvas

    project = project or small_project()
    editor = JourneyEditor(project)
    canvas = JourneyCanvas(editor, project.journeys[0])
    qtbot.addWidget(canvas)
    canvas.resize(*size)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.activateWindow()
    qtbot.waitUntil(canvas.isActiveWindow, timeout=2000)
    canvas.setFocus()
    return canvas


def vp(canvas, x: float, y: float) -> QPoint:
    """A scene point in viewport coordinates (where the mouse goes)."""
    return canvas.mapFromScene(QPointF(x, y))


def drag(qtbot, canvas, start: tuple[float, float], end: tuple[float, float], steps: int = 6,
         button: Qt.MouseButton = Qt.MouseButton.LeftButton,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press at a scene point, move in steps, release at another: a real mouse drag."""
    viewport = canvas.viewport()
    p0, p1 = vp(canvas, *start), vp(canvas, *end)
    QTest.mousePress(viewport, button, modifier, p0)
    for i in range(1, steps + 1):
        t = i / steps
        QTest.mouseMove(viewport, QPoint(round(p0.x() + (p1.x() - p0.x()) * t), round(p0.y() + (p1.y() - p0.y()) * t)))
    QTest.mouseRelease(viewport, button, modifier, p1)


def click(canvas, x: float, y: float, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, modifier, vp(canvas, x, y))


def titles(journey: Journey, stage_name: str) -> list[str]:
    stage = next(s for s in journey.stages() if s.name == stage_name)
    lane = journey.card_lane()
    return [t.title for t in journey.touchpoints(stage.id, lane.id)]
