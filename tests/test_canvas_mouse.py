"""Canvas mouse gestures with real input events: move, connect, emotion, stage reorder/resize,
rubber band, palette drops. Each gesture is one undo step and undo gives the model back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.layout import style
from tests.canvas_support import click, drag, make_canvas, titles, vp


def card_center(canvas, title: str) -> tuple[float, float]:
    tp = next(t for t in canvas.journey.touchpoints() if t.title == title)
    r = canvas.journey_scene.layout.cards[tp.id].rect
    return r.cx, r.cy


def stage_box(canvas, name: str):
    stage = next(s for s in canvas.journey.stages() if s.name == name)
    return next(b for b in canvas.journey_scene.layout.stages if b.id == stage.id)


def card_lane_row(canvas):
    lane = canvas.journey.card_lane()
    return next(b for b in canvas.journey_scene.layout.lanes if b.id == lane.id).row


def test_move_card_to_another_stage_is_one_undo_step(qtbot):
    canvas = make_canvas(qtbot)
    journey, stack = canvas.journey, canvas.editor.stack
    start = card_center(canvas, "Sees advert")
    purchase = stage_box(canvas, "Purchase")
    drag(qtbot, canvas, start, (purchase.header.cx, card_lane_row(canvas).y + 30))
    assert titles(journey, "Purchase") == ["Sees advert"]
    assert titles(journey, "Awareness") == ["Reads review"]
    assert stack.count() == 1 and stack.undoText() == "Move touchpoint"
    # the card is drawn where the model now has it
    tp = journey.find("Sees advert")
    item = canvas.journey_scene.card_items[tp.id]
    assert item.pos().x() == canvas.journey_scene.layout.cards[tp.id].rect.x
    assert purchase.header.x < item.sceneBoundingRect().center().x() < purchase.header.right
    stack.undo()
    assert titles(journey, "Awareness") == ["Sees advert", "Reads review"]
    assert titles(journey, "Purchase") == []


def test_move_card_within_its_cell_reorders(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    x, _ = card_center(canvas, "Reads review")
    top = card_lane_row(canvas).y + 4
    drag(qtbot, canvas, card_center(canvas, "Reads review"), (x, top))
    assert titles(journey, "Awareness") == ["Reads review", "Sees advert"]
    canvas.editor.stack.undo()
    assert titles(journey, "Awareness") == ["Sees advert", "Reads review"]


def test_moving_two_selected_cards_moves_both_in_one_step(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    click(canvas, *card_center(canvas, "Sees advert"))
    click(canvas, *card_center(canvas, "Compares prices"), Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.selected_ids()) == 2
    purchase = stage_box(canvas, "Purchase")
    drag(qtbot, canvas, card_center(canvas, "Sees advert"), (purchase.header.cx, card_lane_row(canvas).y + 30))
    assert titles(journey, "Purchase") == ["Sees advert", "Compares prices"]
    assert canvas.editor.stack.count() == 1
    assert canvas.editor.stack.undoText() == "Move 2 touchpoints"
    canvas.editor.stack.undo()
    assert titles(journey, "Consideration") == ["Compares prices"]


def test_drag_outside_the_grid_changes_nothing(qtbot):
    canvas = make_canvas(qtbot)
    start = card_center(canvas, "Sees advert")
    drag(qtbot, canvas, start, (start[0], -20))
    assert canvas.editor.stack.count() == 0
    tp = canvas.journey.find("Sees advert")
    item = canvas.journey_scene.card_items[tp.id]
    assert item.pos().y() == canvas.journey_scene.layout.cards[tp.id].rect.y


def test_connect_two_cards_by_dragging_the_handle(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    src, dst = journey.find("Reads review"), journey.find("Compares prices")
    rect = canvas.journey_scene.layout.cards[src.id].rect
    click(canvas, rect.cx, rect.cy)  # select: the handle shows
    drag(qtbot, canvas, (rect.right, rect.cy), card_center(canvas, "Compares prices"))
    assert (src.id, dst.id) in journey.path_edges()
    assert canvas.editor.stack.undoText() == "Connect touchpoints"
    assert (src.id, dst.id) in canvas.journey_scene.arrow_items
    canvas.editor.stack.undo()
    assert (src.id, dst.id) not in journey.path_edges()
    assert (src.id, dst.id) not in canvas.journey_scene.arrow_items


def test_drag_emotion_point_sets_the_score(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    tp = journey.find("Compares prices")
    point = canvas.journey_scene.point(None, tp.id)
    layout = canvas.journey_scene.layout
    start = (point.x, point.y)
    drag(qtbot, canvas, start, (start[0], layout.emotion_y(2) + 3))
    assert journey.get(tp.id).emotion == 2
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Set emotion"
    moved = canvas.journey_scene.point(None, tp.id)
    assert abs(moved.y - canvas.journey_scene.layout.emotion_y(2)) < 0.5
    canvas.editor.stack.undo()
    assert journey.get(tp.id).emotion == -1


def test_reorder_stage_by_dragging_its_header(qtbot):
    canvas = make_canvas(qtbot)
    aw = stage_box(canvas, "Awareness")
    purchase = stage_box(canvas, "Purchase")
    drag(qtbot, canvas, (aw.header.cx, aw.header.cy), (purchase.header.right - 10, purchase.header.cy))
    assert [s.name for s in canvas.journey.stages()] == ["Consideration", "Purchase", "Awareness"]
    assert canvas.editor.stack.undoText() == "Move stage"
    # the header and its cards moved with it
    assert stage_box(canvas, "Awareness").index == 2
    canvas.editor.stack.undo()
    assert [s.name for s in canvas.journey.stages()] == ["Awareness", "Consideration", "Purchase"]


def test_resize_stage_by_dragging_the_header_edge(qtbot):
    canvas = make_canvas(qtbot)
    box = stage_box(canvas, "Consideration")
    edge = (box.header.right - 2, box.header.cy)
    drag(qtbot, canvas, edge, (box.header.x + 1.55 * style.COLUMN_W, box.header.cy))
    stage = canvas.journey.find("Consideration")
    assert stage.width == 1.5  # snapped to a quarter step
    assert canvas.editor.stack.undoText() == "Resize stage"
    assert stage_box(canvas, "Consideration").header.w == 1.5 * style.COLUMN_W
    drag(qtbot, canvas, (stage_box(canvas, "Consideration").header.right - 2, box.header.cy),
         (box.header.x + 10, box.header.cy))
    assert stage.width == 0.5  # never narrower than half a column
    canvas.editor.stack.undo()
    canvas.editor.stack.undo()
    assert stage.width == 1.0


def test_reorder_lane_by_dragging_its_header(qtbot):
    canvas = make_canvas(qtbot)
    lanes = canvas.journey_scene.layout.lanes
    first, third = lanes[0], lanes[2]
    drag(qtbot, canvas, (first.header.cx, first.header.cy), (third.header.cx, third.header.bottom - 5))
    kinds = [ln.kind.value for ln in canvas.journey.lanes()]
    assert kinds[:3] == ["actions", "emotion", "touchpoints"]
    assert canvas.editor.stack.undoText() == "Move lane"
    canvas.editor.stack.undo()
    assert canvas.journey.lanes()[0].kind.value == "touchpoints"


def test_rubber_band_selects_the_cards_inside(qtbot):
    canvas = make_canvas(qtbot)
    received = []
    canvas.selectionChanged.connect(received.append)
    aw = stage_box(canvas, "Awareness")
    row = card_lane_row(canvas)
    # from empty space at the cell's bottom-right, up over both Awareness cards
    drag(qtbot, canvas, (aw.header.right - 3, row.bottom - 3), (aw.header.x + 30, row.y + 20))
    journey = canvas.journey
    expected = {journey.find("Sees advert").id, journey.find("Reads review").id}
    assert set(canvas.selected_ids()) == expected
    assert set(received[-1]) == expected
    # a click on empty space clears it
    click(canvas, aw.header.right - 3, row.bottom - 3)
    assert canvas.selected_ids() == []
    assert received[-1] == []


def test_delete_selection_removes_and_undo_restores(qtbot):
    canvas = make_canvas(qtbot)
    click(canvas, *card_center(canvas, "Sees advert"))
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert titles(canvas.journey, "Awareness") == ["Reads review"]
    assert canvas.selected_ids() == []
    canvas.editor.stack.undo()
    assert titles(canvas.journey, "Awareness") == ["Sees advert", "Reads review"]
    canvas.select_ids([canvas.journey.find("Reads review").id])
    canvas.delete_selection()
    assert titles(canvas.journey, "Awareness") == ["Sees advert"]


def test_double_click_edits_a_card_in_place(qtbot):
    canvas = make_canvas(qtbot)
    x, y = card_center(canvas, "Sees advert")
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.mapFromScene(QPointF(x, y)))
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == "Sees advert"
    edit.selectAll()
    qtbot.keyClicks(edit, "Sees billboard")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert titles(canvas.journey, "Awareness")[0] == "Sees billboard"
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Rename touchpoint"
    # Escape cancels a second edit
    canvas.select_ids([canvas.journey.find("Sees billboard").id])
    qtbot.keyClick(canvas, Qt.Key.Key_F2)
    qtbot.keyClicks(canvas.inplace.line_edit(), "Nope")
    qtbot.keyClick(canvas.inplace.line_edit(), Qt.Key.Key_Escape)
    assert not canvas.inplace.is_active()
    assert titles(canvas.journey, "Awareness")[0] == "Sees billboard"
    assert canvas.editor.stack.count() == 1


def test_double_click_edits_a_pain_point_in_place(qtbot):
    canvas = make_canvas(qtbot)
    pain = canvas.journey.pain_points()[0]
    box = canvas.journey_scene.layout.cards[pain.id].rect
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=vp(canvas, box.cx, box.cy))
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == "Too many tabs"
    edit.selectAll()
    qtbot.keyClicks(edit, "Prices hard to compare")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert canvas.journey.get(pain.id).text == "Prices hard to compare"
    assert canvas.editor.stack.undoText() == "Edit pain point"
    canvas.editor.stack.undo()
    assert canvas.journey.get(pain.id).text == "Too many tabs"


# ------------------------------------------------------------------ palette drops
def drop_from_palette(canvas, mime_data, x: float, y: float) -> None:
    """Drive the canvas with the real drag events a QDrag from the palette delivers."""
    pos = QPointF(canvas.mapFromScene(QPointF(x, y)))
    viewport = canvas.viewport()
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), actions, mime_data, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos.toPoint(), actions, mime_data, buttons, mods)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(pos, actions, mime_data, buttons, mods)
    QApplication.sendEvent(viewport, drop)


def test_drop_touchpoint_from_palette_onto_a_stage(qtbot):
    from app.widgets.palette import PaletteWidget

    canvas = make_canvas(qtbot)
    palette = PaletteWidget()
    qtbot.addWidget(palette)
    data = palette.mime_for("Email", "touchpoint")
    aw = stage_box(canvas, "Awareness")
    a_y = card_center(canvas, "Sees advert")[1]
    drop_from_palette(canvas, data, aw.header.cx, a_y + 20)  # below the first card's centre: index 1
    journey = canvas.journey
    assert titles(journey, "Awareness") == ["Sees advert", "New email touchpoint", "Reads review"]
    tp = journey.find("New email touchpoint")
    assert tp.channel.value == "email"
    assert journey.lane_of(tp.id).kind.value == "touchpoints"
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Add touchpoint"
    assert tp.id in canvas.journey_scene.card_items and canvas.selected_ids() == [tp.id]
    canvas.editor.stack.undo()
    assert titles(journey, "Awareness") == ["Sees advert", "Reads review"]
    assert tp.id not in canvas.journey_scene.card_items


def test_drop_shows_an_insertion_marker_while_dragging(qtbot):
    from app.widgets.palette import PaletteWidget

    canvas = make_canvas(qtbot)
    data = PaletteWidget().mime_for("Phone", "touchpoint")
    purchase = stage_box(canvas, "Purchase")
    pos = canvas.mapFromScene(QPointF(purchase.header.cx, card_lane_row(canvas).y + 20))
    flags = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), QDragEnterEvent(pos, *flags))
    QApplication.sendEvent(canvas.viewport(), QDragMoveEvent(pos, *flags))
    marker = canvas.journey_scene.marker
    assert marker.isVisible()
    assert purchase.header.x <= marker.sceneBoundingRect().center().x() <= purchase.header.right
    from PySide6.QtGui import QDragLeaveEvent

    QApplication.sendEvent(canvas.viewport(), QDragLeaveEvent())
    assert not marker.isVisible()
    assert canvas.editor.stack.count() == 0


def test_drop_stage_between_columns_inserts_a_stage(qtbot):
    from app.widgets.palette import PaletteWidget

    canvas = make_canvas(qtbot)
    data = PaletteWidget().mime_for("Stage", "stage")
    aw = stage_box(canvas, "Awareness")
    drop_from_palette(canvas, data, aw.header.right + 5, 20)
    assert [s.name for s in canvas.journey.stages()] == ["Awareness", "New stage", "Consideration", "Purchase"]
    assert canvas.editor.stack.undoText() == "Add stage"
    canvas.editor.stack.undo()
    assert len(canvas.journey.stages()) == 3


def test_drop_pain_point_on_a_card_attaches_it(qtbot):
    from app.widgets.palette import PaletteWidget

    canvas = make_canvas(qtbot)
    palette = PaletteWidget()
    journey = canvas.journey
    tp = journey.find("Sees advert")
    drop_from_palette(canvas, palette.mime_for("Pain point", "pain_point"), *card_center(canvas, "Sees advert"))
    assert [a.text for a in journey.pain_points(tp.id)] == ["Pain point"]
    assert canvas.editor.stack.undoText() == "Add pain point"
    # on the stage column (not on a card): the stage
    purchase = stage_box(canvas, "Purchase")
    drop_from_palette(canvas, palette.mime_for("NPS", "metric"), purchase.header.cx, purchase.column.bottom - 10)
    stage = journey.find("Purchase")
    assert [m.kind.value for m in journey.metrics(stage.id)] == ["nps"]
    assert canvas.editor.stack.count() == 2


def test_drop_lane_between_rows(qtbot):
    from app.widgets.palette import PaletteWidget

    canvas = make_canvas(qtbot)
    first = canvas.journey_scene.layout.lanes[0]
    drop_from_palette(canvas, PaletteWidget().mime_for("Thoughts lane", "lane"), 60, first.row.bottom + 3)
    assert [ln.kind.value for ln in canvas.journey.lanes()][:3] == ["touchpoints", "thoughts", "actions"]
    assert len(canvas.journey_scene.lane_items) == 7


def test_middle_button_pans_the_view(qtbot):
    canvas = make_canvas(qtbot, size=(500, 400))
    h0, v0 = canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()
    viewport = canvas.viewport()
    from PySide6.QtTest import QTest

    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 300))
    QTest.mouseMove(viewport, QPoint(250, 260))
    QTest.mouseMove(viewport, QPoint(200, 220))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(200, 220))
    assert canvas.horizontalScrollBar().value() == h0 + 100
    assert canvas.verticalScrollBar().value() == v0 + 80
    assert canvas.editor.stack.count() == 0


def test_drag_a_pain_point_onto_another_touchpoint_reattaches_it(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    pain = journey.pain_points()[0]
    target = journey.find("Sees advert")
    r = canvas.journey_scene.layout.cards[pain.id].rect
    drag(qtbot, canvas, (r.cx, r.cy), card_center(canvas, "Sees advert"))
    assert journey.target_of(pain.id) == target.id
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Move pain point"
    # the note now sits in the Awareness column
    box = canvas.journey_scene.layout.cards[pain.id]
    assert box.stage_id == journey.find("Awareness").id
    assert canvas.journey_scene.card_items[pain.id].pos().x() == box.rect.x
    canvas.editor.stack.undo()
    assert journey.target_of(pain.id) == journey.find("Compares prices").id


def test_the_gap_between_cards_is_empty_space(qtbot):
    canvas = make_canvas(qtbot)
    a = canvas.journey_scene.layout.cards[canvas.journey.find("Sees advert").id].rect
    b = canvas.journey_scene.layout.cards[canvas.journey.find("Reads review").id].rect
    click(canvas, a.cx - 40, (a.bottom + b.y) / 2)  # between the two cards: nothing selected
    assert canvas.selected_ids() == []
    click(canvas, a.right - 3, a.cy)  # inside the card, under its handle: the card
    assert canvas.selected_ids() == [canvas.journey.find("Sees advert").id]


def test_path_arrows_follow_a_card_while_it_is_dragged(qtbot):
    canvas = make_canvas(qtbot)
    scene = canvas.journey_scene
    advert, review = canvas.journey.find("Sees advert"), canvas.journey.find("Reads review")
    arrow = scene.arrow_items[(advert.id, review.id)]
    laid_out = arrow.arrow.segment
    start = card_center(canvas, "Sees advert")
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(canvas, *start))
    for dx in (10, 40, 80, 120):  # a real drag, still held: 120 px to the right
        QTest.mouseMove(viewport, vp(canvas, start[0] + dx, start[1]))
    card = scene.card_items[advert.id].sceneBoundingRect()
    (x0, y0), *_, (x3, y3) = arrow.arrow.segment
    assert (x0, y0) != laid_out[0]  # the step left with the card ...
    assert card.adjusted(-1, -1, 1, 1).contains(QPointF(x0, y0))
    assert (x3, y3) == laid_out[3]  # ... and still ends on the card that stays
    assert arrow.sceneBoundingRect().contains(QPointF(x0, y0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       vp(canvas, start[0], -20))  # dropped off the map: nothing moves
    assert canvas.editor.stack.count() == 0
    assert arrow.arrow.segment == laid_out


def test_a_dropped_card_takes_its_path_arrows_along(qtbot):
    canvas = make_canvas(qtbot)
    scene = canvas.journey_scene
    advert, review = canvas.journey.find("Sees advert"), canvas.journey.find("Reads review")
    purchase = stage_box(canvas, "Purchase")
    drag(qtbot, canvas, card_center(canvas, "Sees advert"), (purchase.header.cx, card_lane_row(canvas).y + 30))
    arrow = scene.arrow_items[(advert.id, review.id)]
    assert arrow.arrow.segment == next(a.segment for a in scene.layout.arrows if a.source == advert.id)
    assert scene.card_items[advert.id].sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(
        QPointF(*arrow.arrow.segment[0]))
