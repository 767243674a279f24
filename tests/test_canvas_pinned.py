"""Pinned headers, as the user sees them: scrolled down, the stage headers stay along the canvas's
top edge; scrolled right, the lane headers stay along its left edge, with the corner cell where
they meet, as frozen panes do. Checked on the pixels of the canvas (they must look exactly as the
headers do at their own place) and driven with real input: middle-button pans, wheel steps,
clicks, double-clicks, right-clicks, hovering, header drags and arrow keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from app.layout import style
from app.model import LaneKind, load_project
from tests.canvas_support import make_canvas

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"


def _pan(canvas, dx: int, dy: int) -> None:
    """Drag with the middle button: the map moves with the hand (dx, dy > 0 scroll right, down)."""
    viewport = canvas.viewport()
    start = QPoint(viewport.width() // 2, viewport.height() // 2)
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 5):
        QTest.mouseMove(viewport, start - QPoint(dx * i // 4, dy * i // 4))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                       start - QPoint(dx, dy))


def _wheel(canvas, notches_down: int = 0, notches_right: int = 0) -> None:
    """Wheel steps over the middle of the map (a notch is 120; Shift-free, so it scrolls)."""
    viewport = canvas.viewport()
    at = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(0, 0),
                        QPoint(-120 * notches_right, -120 * notches_down), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)
    QApplication.processEvents()


def _sample_canvas(qtbot, size=(1000, 640)):
    return make_canvas(qtbot, load_project(SAMPLE), size=size)


def _screen(canvas) -> QImage:
    """What the user sees of the canvas (the map, the frozen panes over it, the scroll bars)."""
    QApplication.processEvents()
    return canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _near(pixel: QColor, color: str, tolerance: int = 12) -> bool:
    want = QColor(color)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel.getRgb()[:3], want.getRgb()[:3], strict=True))


def _differing(a: QImage, b: QImage, tolerance: int = 40) -> float:
    """The share of pixels of two same-sized images that differ visibly."""
    assert a.size() == b.size()
    bad = total = 0
    for y in range(a.height()):
        for x in range(0, a.width(), 2):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += 1
            bad += max(abs(pa.red() - pb.red()), abs(pa.green() - pb.green()), abs(pa.blue() - pb.blue())) > tolerance
    return bad / total


def _row_at_home(canvas) -> tuple[int, int]:
    """Where the header row is drawn in the view at its own place: its top and its height in pixels."""
    QApplication.processEvents()  # a zoom settles the scroll bars' ranges (and values) on the next turn
    layout = canvas.journey_scene.layout
    top = canvas.mapFromScene(QPointF(0, 0)).y()
    return top, round(layout.header_h * canvas.zoom())


def test_scrolled_down_the_stage_headers_stay_at_the_top_as_they_look_at_home(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 180, 0)  # a little to the right, so the row is not at its left end
    top, band = _row_at_home(canvas)
    width = canvas.viewport().width()
    home = _screen(canvas).copy(0, top, width, band)

    _pan(canvas, 0, 500)
    assert canvas.mapToScene(0, 0).y() > style.STAGE_HEADER_H + 300  # the row's own place is far above
    seen = _screen(canvas).copy(0, 0, width, band)
    assert _differing(home, seen) < 0.01  # the same headers, names and colours, at the top edge
    stage = scene.layout.stages[1]
    x = canvas.mapFromScene(stage.header.cx, 0).x()
    below = _screen(canvas).pixelColor(x, band + 4)
    assert _near(seen.pixelColor(x, 3), style.STAGE_FILL) and not _near(below, style.STAGE_FILL)

    # the pane takes no input: a click there reaches the map view and picks the stage it shows
    assert canvas.viewport().childAt(QPoint(x, 20)) is None
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, 20))
    assert canvas.selected_ids() == [stage.id]
    selected = _screen(canvas).copy(0, 0, width, band)
    assert _differing(seen, selected) > 0  # the selection shows on the pinned header

    # back at the top, the row is at its own place again, and nothing is laid over the map
    _pan(canvas, 0, -2000)
    top, band = _row_at_home(canvas)
    assert top > 0 and _near(_screen(canvas).pixelColor(x, top + 3), style.STAGE_FILL)
    assert not _near(_screen(canvas).pixelColor(x, 2), style.STAGE_FILL)


def test_scrolled_right_the_lane_headers_stay_at_the_left_with_the_emotion_scale(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    layout = scene.layout
    _pan(canvas, 0, canvas.mapFromScene(0, layout.emotion_y(2)).y() - 300)  # the emotion lane in view
    left = canvas.mapFromScene(QPointF(0, 0)).x()
    column = round(style.LANE_HEADER_W * canvas.zoom())
    height = canvas.viewport().height()
    home = _screen(canvas).copy(left, 0, column - 2, height)

    _pan(canvas, 900, 0)
    assert canvas.mapToScene(0, 0).x() > style.LANE_HEADER_W + 300
    screen = _screen(canvas)
    assert _differing(home, screen.copy(0, 0, column - 2, height)) < 0.01  # titles, tints, the -2..+2 scale
    edge = [screen.pixelColor(column - 1, y) for y in range(height // 3, height // 3 + 20)]
    assert all(_near(p, style.CARD_BORDER, 30) for p in edge)  # a line parts the column from the map under it
    top = canvas.mapFromScene(0, layout.emotion_y(2) - 6).y()
    bottom = canvas.mapFromScene(0, layout.emotion_y(2) + 4).y()
    assert [(px, py) for px in range(column // 2, column) for py in range(top, bottom)
            if _near(screen.pixelColor(px, py), style.EMOTION_COLORS[2], 40)]  # "+2", coloured as on the map

    lane = next(ln for ln in layout.lanes if ln.kind is LaneKind.TOUCHPOINTS)
    _pan(canvas, 0, canvas.mapFromScene(0, lane.row.y + 30).y() - 200)
    y = canvas.mapFromScene(0, lane.row.y + 30).y()
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(30, y))
    assert canvas.selected_ids() == [lane.id]


def test_an_emotion_point_under_the_pinned_column_cannot_be_dragged(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, canvas.mapFromScene(0, scene.layout.emotion_y(2)).y() - 300)
    _pan(canvas, 900, 0)
    left = canvas.mapToScene(0, 0).x()
    hidden = [p for p in scene.points() if left + 20 < p.x < left + style.LANE_HEADER_W - 20]
    assert hidden
    point = canvas.mapFromScene(hidden[0].x, hidden[0].y)
    QTest.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseMove(canvas.viewport(), point + QPoint(0, -40))
    QTest.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       point + QPoint(0, -40))
    assert canvas.editor.stack.count() == 0


def test_both_ways_the_corner_cell_joins_them_and_edits_the_title(qtbot):
    canvas = _sample_canvas(qtbot)
    top, band = _row_at_home(canvas)
    left = canvas.mapFromScene(QPointF(0, 0)).x()
    column = round(style.LANE_HEADER_W * canvas.zoom())
    home = _screen(canvas).copy(left, top, column - 2, band)
    _pan(canvas, 700, 500)
    assert _differing(home, _screen(canvas).copy(0, 0, column - 2, band)) < 0.01  # the title, at the top-left

    edits_before = canvas.editor.stack.count()
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 20))
    assert canvas.selected_ids() == [] and canvas.editor.stack.count() == edits_before

    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 20))
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == canvas.journey.title
    assert edit.geometry().top() < band and edit.geometry().left() < column  # over the pinned corner
    assert canvas.viewport().childAt(edit.geometry().center()) is edit  # above the panes, not under them
    edit.selectAll()
    QTest.keyClicks(edit, "Sofa journey")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert canvas.journey.title == "Sofa journey"
    assert canvas.editor.stack.undoText() == "Rename journey"


def test_the_pinned_headers_look_the_same_at_every_zoom(qtbot):
    canvas = _sample_canvas(qtbot)
    for zoom in (0.6, 1.0, 1.37, 2.0):  # (larger, this view is too low to pin the row)
        canvas.set_zoom(zoom)
        canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().minimum())
        canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().minimum())
        QApplication.processEvents()
        _pan(canvas, 150, 0)
        top, band = _row_at_home(canvas)
        width = canvas.viewport().width()
        home = _screen(canvas).copy(0, top, width, band)
        _wheel(canvas, notches_down=6)
        assert canvas.journey_scene.pin_offset[1] > 0, zoom
        # a fraction of a pixel apart at odd zooms: the same picture, up to antialiasing at the edges
        assert _differing(home, _screen(canvas).copy(0, 0, width, band)) < 0.02, zoom


def test_scrolling_in_steps_leaves_no_trace_behind(qtbot):
    """Each step Qt copies the pixels and paints only the strips that came into view: after many
    steps both ways, what is on the screen is what a full repaint draws."""
    canvas = _sample_canvas(qtbot)
    h, v = canvas.horizontalScrollBar(), canvas.verticalScrollBar()
    for dx, dy in [(17, 23)] * 12 + [(0, 40)] * 4 + [(-31, -19)] * 6 + [(29, 0)] * 5:
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        QApplication.processEvents()
    assert all(canvas.journey_scene.pin_offset)
    column = round(style.LANE_HEADER_W * canvas.zoom())
    _, band = _row_at_home(canvas)
    stepped = _screen(canvas)
    canvas.viewport().update()
    for pane in canvas.panes.panes:
        pane.viewport().update()
    repainted = _screen(canvas)
    width, height = canvas.viewport().width(), canvas.viewport().height()
    assert stepped.copy(0, 0, width, band) == repainted.copy(0, 0, width, band)  # the header row
    assert stepped.copy(0, 0, column, height) == repainted.copy(0, 0, column, height)  # the header column
    assert _differing(stepped.copy(0, 0, width, height), repainted.copy(0, 0, width, height), 60) < 0.002


def test_arrow_keys_keep_the_selected_card_clear_of_the_pinned_headers(qtbot):
    canvas = _sample_canvas(qtbot, size=(900, 520))
    journey = canvas.journey
    canvas.select_ids([journey.touchpoints()[0].id])
    header_h, header_w = style.STAGE_HEADER_H * canvas.zoom(), style.LANE_HEADER_W * canvas.zoom()
    keys = [Qt.Key.Key_Down] * 6 + [Qt.Key.Key_Right] * 5 + [Qt.Key.Key_Up] * 6 + [Qt.Key.Key_Left] * 5
    checked, pinned_row, pinned_column = 0, False, False
    for key in keys:
        QTest.keyClick(canvas, key)
        pinned_row |= canvas.journey_scene.pin_offset[1] > 0
        pinned_column |= canvas.journey_scene.pin_offset[0] > 0
        for selected in canvas.selected_ids():  # a step into an empty cell selects no card
            box = canvas.journey_scene.layout.cards[selected].rect
            on_screen = canvas.mapFromScene(QRectF(box.x, box.y, box.w, box.h)).boundingRect()
            assert on_screen.top() >= header_h - 1 and on_screen.left() >= header_w - 1, (key, selected)
            checked += 1
    assert checked >= 15 and pinned_row and pinned_column


def test_double_click_on_a_pinned_stage_header_edits_it_where_it_is(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, 600)
    stage = scene.layout.stages[2]
    x = canvas.mapFromScene(stage.header.cx, 0).x()
    QTest.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, 20))
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == canvas.journey.get(stage.id).name
    assert edit.geometry().top() < style.STAGE_HEADER_H * canvas.zoom()  # over the pinned header, in view
    assert canvas.viewport().childAt(edit.geometry().center()) is edit
    _wheel(canvas, notches_down=2)  # scrolling on keeps the editor on its pinned header
    assert edit.isVisible() and edit.geometry().top() < style.STAGE_HEADER_H * canvas.zoom()
    QTest.keyClicks(edit, "Checkout")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert canvas.journey.get(stage.id).name == "Checkout"
    assert canvas.editor.stack.undoText() == "Rename stage"


def test_hovering_and_right_clicking_a_pinned_stage_header(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, 600)
    stage = scene.layout.stages[1]
    middle = QPoint(canvas.mapFromScene(stage.header.cx, 0).x(), 20)
    QTest.mouseMove(canvas.viewport(), middle)
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.OpenHandCursor  # it can be dragged
    grip = QPoint(canvas.mapFromScene(stage.header.right - 2, 0).x(), 20)
    QTest.mouseMove(canvas.viewport(), grip)
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor  # its edge resizes it
    QTest.mouseMove(canvas.viewport(), QPoint(middle.x(), canvas.viewport().height() // 2))
    assert canvas.viewport().cursor().shape() != Qt.CursorShape.OpenHandCursor

    seen: list[str] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend(a.text() for a in menu.actions() if a.text())
            menu.close()

    QTimer.singleShot(200, read_and_close)
    # a right-click: the press, then the context-menu event the window system sends with it
    QTest.mousePress(canvas.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, middle)
    QApplication.sendEvent(canvas.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, middle,
                                                                canvas.viewport().mapToGlobal(middle)))
    QTest.mouseRelease(canvas.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, middle)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].startswith("Rename stage") and "Delete stage" in seen
    assert canvas.selected_ids() == [stage.id]


def test_the_map_image_is_the_same_wherever_the_view_is_scrolled(qtbot):
    canvas = _sample_canvas(qtbot)
    before = canvas.render_to_image(0.5)
    _pan(canvas, 600, 400)
    assert all(canvas.journey_scene.pin_offset)
    assert canvas.render_to_image(0.5) == before


def test_a_small_view_leaves_the_headers_in_place(qtbot):
    canvas = _sample_canvas(qtbot, size=(300, 220))
    _pan(canvas, 400, 400)
    assert canvas.mapToScene(0, 0).x() > style.LANE_HEADER_W and canvas.mapToScene(0, 0).y() > style.STAGE_HEADER_H
    assert canvas.journey_scene.pin_offset == (0.0, 0.0)
    screen = _screen(canvas)
    assert not _near(screen.pixelColor(150, 3), style.STAGE_FILL)  # the map, not a header row, at the top
    assert not any(pane.isVisible() for pane in canvas.panes.panes)


def _drag_view(canvas, p0: QPoint, p1: QPoint, steps: int = 6) -> None:
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, p0 + (p1 - p0) * (i / steps))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p1)


def test_a_pinned_stage_header_still_reorders_and_resizes(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, 600)
    names = [s.name for s in canvas.journey.stages()]
    first, third = scene.layout.stages[0], scene.layout.stages[2]
    y = 20  # on the pinned header row, at the view's top edge
    start = QPoint(canvas.mapFromScene(first.header.cx, 0).x(), y)
    end = QPoint(canvas.mapFromScene(third.header.right - 10, 0).x(), y)
    viewport = canvas.viewport()
    _, band = _row_at_home(canvas)
    around = QRectF(end.x() - 60, 0, 120, band).toRect()
    still = _screen(canvas).copy(around)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 7):
        QTest.mouseMove(viewport, start + (end - start) * (i / 6))
    # while dragging, the lifted header is seen moving along the pinned row, with the drop bar
    assert _differing(still, _screen(canvas).copy(around)) > 0.05
    assert scene.marker.isVisible()
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert [s.name for s in canvas.journey.stages()] == [names[1], names[2], names[0], *names[3:]]
    assert canvas.editor.stack.undoText() == "Move stage"
    moved = scene.stage_items[first.id]
    assert canvas.mapFromScene(moved.seen_pos()).y() == 0  # seen on the pinned row
    assert _screen(canvas).pixelColor(canvas.mapFromScene(moved.rect.cx, 0).x(), 4).lightness() < 110  # a header

    second = scene.layout.stages[1]
    edge = QPoint(canvas.mapFromScene(second.header.right - 2, 0).x(), y)
    _drag_view(canvas, edge, edge + QPoint(round(style.COLUMN_W * 0.5 * canvas.zoom()), 0))
    assert canvas.journey.get(second.id).width == 1.5
    assert canvas.editor.stack.undoText() == "Resize stage"


def test_dragging_a_card_over_the_pinned_header_row_scrolls_up(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, 300)
    top_before = canvas.mapToScene(0, 0).y()
    assert scene.pin_offset[1] > 0

    def on_screen(c):
        p = canvas.mapFromScene(c.rect.cx, c.rect.cy)
        return 150 < p.y() < canvas.viewport().height() - 50 and 250 < p.x() < canvas.viewport().width() - 50

    card = next(c for c in scene.layout.cards.values() if c.kind == "touchpoint" and on_screen(c))
    start = canvas.mapFromScene(card.rect.cx, card.rect.cy)
    over_header = QPoint(start.x(), round(style.STAGE_HEADER_H * canvas.zoom() * 0.7))  # on the band, not at the edge
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 7):
        QTest.mouseMove(viewport, start + (over_header - start) * (i / 6))
    for _ in range(5):  # holding the card there keeps scrolling
        QTest.mouseMove(viewport, over_header + QPoint(0, 1))
        QTest.mouseMove(viewport, over_header)
    assert canvas.mapToScene(0, 0).y() < top_before - 20
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, over_header)
    assert canvas.editor.stack.count() == 0


def test_palette_drops_onto_the_pinned_headers(qtbot):
    """Over the pinned headers the hidden cells take no card; a metric on the pinned header
    column is a journey-level metric, as on the column in its own place, and the column shows
    where it goes."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from app.widgets.palette import PaletteWidget

    canvas = _sample_canvas(qtbot)
    palette = PaletteWidget()
    qtbot.addWidget(palette)
    _pan(canvas, 600, 400)
    scene = canvas.journey_scene
    assert all(scene.pin_offset)

    alive = []  # a drag event only points at its data: keep each payload until the test ends

    def hover(label, element, at: QPoint) -> bool:
        alive.append(palette.mime_for(label, element))
        flags = (Qt.DropAction.CopyAction, alive[-1], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas.viewport(), QDragEnterEvent(at, *flags))
        move = QDragMoveEvent(at, *flags)
        QApplication.sendEvent(canvas.viewport(), move)
        return move.isAccepted()

    def drop(label, element, at: QPoint) -> bool:
        accepted = hover(label, element, at)
        flags = (Qt.DropAction.CopyAction, alive[-1], Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas.viewport(), QDropEvent(QPointF(at), *flags))
        return accepted

    stage_band = QPoint(canvas.viewport().width() // 2, 20)
    assert not drop("Email", "touchpoint", stage_band)  # refused: the cell under the band is hidden
    assert canvas.editor.stack.count() == 0
    before = {m.id for m in canvas.journey.metrics()}
    column = QPoint(40, canvas.viewport().height() // 2)
    plain = _screen(canvas)
    assert hover("NPS", "metric", column)
    outlined = _screen(canvas)  # the pinned column is outlined: the whole journey takes the metric
    assert _differing(plain.copy(0, 100, 140, 300), outlined.copy(0, 100, 140, 300), 20) > 0
    assert drop("NPS", "metric", column)
    (added,) = [m.id for m in canvas.journey.metrics() if m.id not in before]
    assert canvas.journey.target_of(added) is None  # about the whole journey
    assert canvas.editor.stack.count() == 1


def test_presence_marks_on_a_header_show_on_the_pinned_row(qtbot):
    from app.widgets.live_presence import PresenceMarks

    canvas = _sample_canvas(qtbot)
    stage = canvas.journey_scene.layout.stages[1]
    marks = PresenceMarks(canvas)
    color = "#2b8a3e"
    marks.show({7: {"journey": canvas.journey.id, "user": {"name": "Ana", "color": color},
                    "selection": [stage.id]}})
    _pan(canvas, 0, 500)
    screen = _screen(canvas)
    _, band = _row_at_home(canvas)
    left = canvas.mapFromScene(stage.header.x, 0).x()
    right = canvas.mapFromScene(stage.header.right, 0).x()
    framed = [(x, y) for x in range(left - 6, right + 6) for y in range(0, band)
              if _near(screen.pixelColor(x, y), color, 40)]
    assert framed  # the other participant's frame around the stage, on the pinned header
    marks.clear()


def test_presentation_mode_fits_the_map_with_its_headers_in_place(qtbot, saved_sample_window):
    window = saved_sample_window
    canvas = window.current_canvas()
    canvas.setFocus()
    _pan(canvas, 300, 400)
    assert any(canvas.journey_scene.pin_offset)
    QTest.keyClick(window, Qt.Key.Key_F11)
    layout = canvas.journey_scene.layout
    qtbot.waitUntil(lambda: canvas.mapToScene(canvas.viewport().rect()).boundingRect().contains(
        QRectF(0, 0, layout.width, layout.height)))
    assert canvas.journey_scene.pin_offset == (0.0, 0.0)  # the whole map shows: nothing to pin
    assert not any(pane.isVisible() for pane in canvas.panes.panes)
    top, _ = _row_at_home(canvas)
    x = canvas.mapFromScene(layout.stages[0].header.cx, 0).x()
    assert _near(_screen(canvas).pixelColor(x, top + 3), style.STAGE_FILL)
    QTest.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    _pan(canvas, 0, 600)
    assert canvas.journey_scene.pin_offset[1] > 0
    assert _near(_screen(canvas).pixelColor(x, 3), style.STAGE_FILL)


def test_high_dpi_pinned_headers_are_as_crisp_as_the_map(tmp_path):
    """At a device pixel ratio of 2 the panes draw at full resolution: the pinned row, pixel for
    pixel, is the row at its own place (a blurred, scaled-up row would differ at every edge)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "pinned_dpr_probe.py"), str(SAMPLE)],
                         env=env, capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["ratio"] == 2.0
    assert report["pinned"] and report["band_px"] >= 2 * 40
    assert report["differing"] < 0.01, report


def test_the_journey_level_metric_chips_show_over_their_lane_header_and_ride_along_with_it(qtbot):
    """The chips under the metrics lane's title sit in its header cell: they are seen there, and
    scrolled right they stay in the pinned header column with the title, and take clicks there."""
    canvas = _sample_canvas(qtbot, size=(1000, 900))
    scene = canvas.journey_scene
    chips = scene.layout.journey_metrics
    assert chips
    metrics_lane = next(ln for ln in scene.layout.lanes if ln.kind is LaneKind.METRICS)
    _pan(canvas, 0, round(metrics_lane.row.y) - 200)

    def seen_at(chip) -> QPoint:
        """Where the chip's right part is on screen now (its own place, or in the pinned column)."""
        left = canvas.mapFromScene(QPointF(chip.rect.x, chip.rect.cy)) if not scene.pin_offset[0] else \
            QPoint(round(chip.rect.x * canvas.zoom()), canvas.mapFromScene(QPointF(0, chip.rect.cy)).y())
        return left + QPoint(round((chip.rect.w - 16) * canvas.zoom()), 0)

    def chip_is_seen(chip) -> bool:
        # the chip's white face, not the header's grey fill
        return _near(_screen(canvas).pixelColor(seen_at(chip)), style.CARD_FILL, 4)

    assert all(chip_is_seen(chip) for chip in chips)
    _pan(canvas, 700, 0)
    assert scene.pin_offset[0] > 300
    assert all(chip_is_seen(chip) for chip in chips)
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     seen_at(chips[0]))
    assert canvas.selected_ids() == [chips[0].id]  # the chip in the pinned column, not the map under it
