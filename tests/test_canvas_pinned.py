"""Pinned headers: scrolled down, the stage headers ride along the canvas's top edge; scrolled
right, the lane headers ride along its left edge, as frozen panes do. Driven with real input:
middle-button pans, clicks, double-clicks and arrow keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.layout import style
from app.model import LaneKind, load_project
from tests.canvas_support import make_canvas

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


def _pan(canvas, dx: int, dy: int) -> None:
    """Drag with the middle button: the map moves with the hand (dx, dy > 0 scroll right, down)."""
    viewport = canvas.viewport()
    start = QPoint(viewport.width() // 2, viewport.height() // 2)
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 5):
        QTest.mouseMove(viewport, start - QPoint(dx * i // 4, dy * i // 4))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                       start - QPoint(dx, dy))


def _sample_canvas(qtbot, size=(1000, 640)):
    return make_canvas(qtbot, load_project(SAMPLE), size=size)


def _near(pixel: QColor, color: str, tolerance: int = 12) -> bool:
    want = QColor(color)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel.getRgb()[:3], want.getRgb()[:3], strict=True))


def test_scrolled_down_the_stage_headers_stay_at_the_top_and_take_the_clicks(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, 500)
    assert canvas.mapToScene(0, 0).y() > style.STAGE_HEADER_H + 300  # the header row's own place is far above
    image = canvas.viewport().grab().toImage()
    stage = scene.layout.stages[1]
    x = canvas.mapFromScene(stage.header.cx, 0).x()
    assert _near(image.pixelColor(x, 3), style.STAGE_FILL)  # the dark header band along the top edge
    assert _near(image.pixelColor(x, round(style.STAGE_HEADER_H * canvas.zoom()) + 4), style.STAGE_FILL) is False

    # a click there picks the stage, not the card the header covers
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, 20))
    assert canvas.selected_ids() == [stage.id]

    # back at the top, the headers are where the layout put them
    _pan(canvas, 0, -2000)
    assert scene.stage_items[stage.id].pos().y() == stage.header.y
    assert not scene.stage_items[stage.id].pinned


def test_scrolled_right_the_lane_headers_stay_at_the_left_with_the_emotion_scale(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 900, 0)
    assert canvas.mapToScene(0, 0).x() > style.LANE_HEADER_W + 300
    lane = next(ln for ln in scene.layout.lanes if ln.kind is LaneKind.TOUCHPOINTS)
    y = canvas.mapFromScene(0, lane.row.y + 30).y()
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(30, y))
    assert canvas.selected_ids() == [lane.id]

    # the pinned emotion lane header carries the -2..+2 scale, coloured as on the map
    _pan(canvas, 0, canvas.mapFromScene(0, scene.layout.emotion_y(2)).y() - 300)
    assert scene.lane_items[lane.id].pinned
    image = canvas.viewport().grab().toImage()
    header_w = round(style.LANE_HEADER_W * canvas.zoom())
    top = canvas.mapFromScene(0, scene.layout.emotion_y(2) - 6).y()
    bottom = canvas.mapFromScene(0, scene.layout.emotion_y(2) + 4).y()
    plus_two = [(px, py) for px in range(header_w // 2, header_w) for py in range(top, bottom)
                if _near(image.pixelColor(px, py), style.EMOTION_COLORS[2], 40)]
    assert plus_two

    # an emotion point hidden under the pinned column cannot be dragged
    dx = scene.lane_items[lane.id].pin[0]
    hidden = [p for p in scene.points() if dx + 20 < p.x < dx + style.LANE_HEADER_W - 20]
    assert hidden
    point = canvas.mapFromScene(hidden[0].x, hidden[0].y)
    QTest.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseMove(canvas.viewport(), point + QPoint(0, -40))
    QTest.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       point + QPoint(0, -40))
    assert canvas.editor.stack.count() == 0


def test_both_ways_the_corner_cell_joins_them_and_hides_the_map_under_it(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 700, 500)
    corner = canvas.mapFromScene(scene.corner.pos())
    assert abs(corner.x()) <= 1 and abs(corner.y()) <= 1  # at the view's top-left corner
    edits_before = canvas.editor.stack.count()
    QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 20))
    assert canvas.selected_ids() == [] and canvas.editor.stack.count() == edits_before


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
    QTest.keyClicks(edit, "Checkout")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert canvas.journey.get(stage.id).name == "Checkout"
    assert canvas.editor.stack.undoText() == "Rename stage"


def test_the_map_image_is_the_same_wherever_the_view_is_scrolled(qtbot):
    canvas = _sample_canvas(qtbot)
    before = canvas.render_to_image(0.5)
    _pan(canvas, 600, 400)
    assert canvas.journey_scene.corner.pos().x() > 0
    assert canvas.render_to_image(0.5) == before
    assert canvas.journey_scene.corner.pos().x() > 0  # pinned again afterwards


def test_a_small_view_leaves_the_headers_in_place(qtbot):
    canvas = _sample_canvas(qtbot, size=(300, 220))
    _pan(canvas, 400, 400)
    scene = canvas.journey_scene
    assert canvas.mapToScene(0, 0).x() > style.LANE_HEADER_W and canvas.mapToScene(0, 0).y() > style.STAGE_HEADER_H
    assert not any(item.pinned for item in [*scene.stage_items.values(), *scene.lane_items.values()])
    assert scene.corner.pos().x() == 0 and scene.corner.pos().y() == 0


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
    _drag_view(canvas, QPoint(canvas.mapFromScene(first.header.cx, 0).x(), y),
               QPoint(canvas.mapFromScene(third.header.right - 10, 0).x(), y))
    assert [s.name for s in canvas.journey.stages()] == [names[1], names[2], names[0], *names[3:]]
    assert canvas.editor.stack.undoText() == "Move stage"
    moved = scene.stage_items[first.id]
    assert moved.pinned and canvas.mapFromScene(moved.pos()).y() == 0  # back on the pinned row

    second = scene.layout.stages[1]
    edge = QPoint(canvas.mapFromScene(second.header.right - 2, 0).x(), y)
    _drag_view(canvas, edge, edge + QPoint(round(style.COLUMN_W * 0.5 * canvas.zoom()), 0))
    assert canvas.journey.get(second.id).width == 1.5
    assert canvas.editor.stack.undoText() == "Resize stage"
    assert canvas.mapFromScene(scene.stage_items[second.id].pos()).y() == 0


def test_dragging_a_card_over_the_pinned_header_row_scrolls_up(qtbot):
    canvas = _sample_canvas(qtbot)
    scene = canvas.journey_scene
    _pan(canvas, 0, 300)
    top_before = canvas.mapToScene(0, 0).y()
    assert scene.stage_items[scene.layout.stages[0].id].pinned

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
    column is a journey-level metric, as on the column in its own place."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from app.widgets.palette import PaletteWidget

    canvas = _sample_canvas(qtbot)
    palette = PaletteWidget()
    qtbot.addWidget(palette)
    _pan(canvas, 600, 400)
    scene = canvas.journey_scene
    assert all(scene.pin_offset)

    def drop(label, element, at: QPoint) -> bool:
        data = palette.mime_for(label, element)
        flags = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas.viewport(), QDragEnterEvent(at, *flags))
        move = QDragMoveEvent(at, *flags)
        QApplication.sendEvent(canvas.viewport(), move)
        QApplication.sendEvent(canvas.viewport(), QDropEvent(QPointF(at), *flags))
        return move.isAccepted()

    stage_band = QPoint(canvas.viewport().width() // 2, 20)
    assert not drop("Email", "touchpoint", stage_band)  # refused: the cell under the band is hidden
    assert canvas.editor.stack.count() == 0
    before = {m.id for m in canvas.journey.metrics()}
    column = QPoint(40, canvas.viewport().height() // 2)
    assert drop("NPS", "metric", column)
    (added,) = [m.id for m in canvas.journey.metrics() if m.id not in before]
    assert canvas.journey.target_of(added) is None  # about the whole journey
    assert canvas.editor.stack.count() == 1


def test_the_journey_level_metric_chips_show_over_their_lane_header_and_ride_along_with_it(qtbot):
    """The chips under the metrics lane's title sit in its header cell: they are seen there, and
    scrolled right they stay in the pinned header column with the title."""
    canvas = _sample_canvas(qtbot, size=(1000, 900))
    scene = canvas.journey_scene
    chips = scene.layout.journey_metrics
    assert chips
    metrics_lane = next(ln for ln in scene.layout.lanes if ln.kind is LaneKind.METRICS)
    _pan(canvas, 0, round(metrics_lane.row.y) - 200)

    def chip_is_seen(chip) -> bool:
        # the chip's white face, not the header's grey fill, where its middle is on screen now
        dx = scene.pin_offset[0]
        where = canvas.mapFromScene(QPointF(chip.rect.x + dx + chip.rect.w - 16, chip.rect.cy))
        return _near(canvas.viewport().grab().toImage().pixelColor(where), style.CARD_FILL, 4)

    assert all(chip_is_seen(chip) for chip in chips)
    _pan(canvas, 700, 0)
    assert scene.pin_offset[0] > 300
    assert all(chip_is_seen(chip) for chip in chips)
    for chip in chips:
        assert scene.card_items[chip.id].pos().x() == chip.rect.x + scene.pin_offset[0]
