"""The canvas follows an edit by touching only what it changed: a card dropped with the mouse
moves the cards of the two cells it left and joined, nothing else is moved or repainted, no
item is rebuilt, and the map then looks exactly as a canvas opened afresh on the same model
shows it. Undo (Ctrl+Z) does the same in reverse."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication

from app.layout import layout_journey
from app.model.synthetic import synthetic_project
from app.render import draw
from tests.canvas_support import drag, make_canvas


def _undo_shortcut(canvas) -> None:
    """Ctrl+Z on the canvas, as the main window's Edit menu provides it."""
    action = canvas.editor.stack.createUndoAction(canvas)
    action.setShortcut(QKeySequence.StandardKey.Undo)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    canvas.addAction(action)


def _fresh_picture(canvas) -> QImage:
    """The whole map drawn by a canvas opened afresh on the same model (no hover, no selection)."""
    from app.widgets.canvas import JourneyCanvas

    other = JourneyCanvas(canvas.editor, canvas.journey)
    try:
        return other.render_to_image()
    finally:
        other.detach()
        other.deleteLater()


def _differences(a: QImage, b: QImage) -> int:
    """How many pixels of two pictures of the map differ visibly. A long path step seen on screen
    is drawn in pieces (app/widgets/items.py): where they join, antialiasing may shade a few pixels
    a little differently from the step drawn whole, so small differences do not count."""
    assert (a.width(), a.height()) == (b.width(), b.height())
    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    pa = np.frombuffer(a.constBits(), np.uint8).reshape(a.height(), a.bytesPerLine())[:, :a.width() * 4]
    pb = np.frombuffer(b.constBits(), np.uint8).reshape(b.height(), b.bytesPerLine())[:, :b.width() * 4]
    diff = np.abs(pa.astype(np.int16) - pb.astype(np.int16)).reshape(a.height(), a.width(), 4).max(axis=2)
    return int((diff > 60).sum())


def _picture(canvas) -> QImage:
    canvas.select_ids([])
    for item in canvas.journey_scene.card_items.values():
        item.hovered = False
    return canvas.render_to_image()


class PaintLog:
    """Which cards and path arrows draw themselves (not merely get copied from a cache)."""

    def __init__(self, monkeypatch) -> None:
        self.cards: set[str] = set()
        self.arrows: set[tuple[str, str]] = set()
        draw_card, draw_arrow = draw.draw_card, draw.draw_arrow

        def card(surface, box, *args, **kwargs):
            self.cards.add(box.id)
            return draw_card(surface, box, *args, **kwargs)

        def arrow(surface, path_arrow, *args, **kwargs):
            self.arrows.add((path_arrow.source, path_arrow.target))
            return draw_arrow(surface, path_arrow, *args, **kwargs)

        monkeypatch.setattr(draw, "draw_card", card)
        monkeypatch.setattr(draw, "draw_arrow", arrow)

    def clear(self) -> None:
        self.cards.clear()
        self.arrows.clear()


def test_a_drop_and_its_undo_touch_only_the_two_cells(qtbot, monkeypatch):
    project = synthetic_project(160, stages=6, seed=4)
    canvas = make_canvas(qtbot, project, size=(1400, 900))
    _undo_shortcut(canvas)
    scene, journey = canvas.journey_scene, canvas.journey
    log = PaintLog(monkeypatch)
    canvas.viewport().repaint()
    QApplication.processEvents()

    lane = journey.card_lane()
    # from a cell to a shorter one, so that the lane keeps its height (the rows below stay put)
    stages = sorted(journey.stages()[:5], key=lambda s: len(journey.touchpoints(s.id, lane.id)))
    second, first = stages[0], stages[1]
    mover = journey.touchpoints(first.id, lane.id)[0]
    target = journey.touchpoints(second.id, lane.id)[1]
    left_behind = {t.id for t in journey.touchpoints(first.id, lane.id)}
    joined = {t.id for t in journey.touchpoints(second.id, lane.id)}
    items_before = dict(scene.card_items)
    places_before = {i: item.pos() for i, item in scene.card_items.items()}
    picture_before = _picture(canvas)
    seen_before = {key: item.sceneBoundingRect() for key, item in scene.arrow_items.items()}
    log.clear()

    box, aim = scene.layout.cards[mover.id].rect, scene.layout.cards[target.id].rect
    drag(qtbot, canvas, (box.cx, box.cy), (aim.cx, aim.y + 4))
    QApplication.processEvents()

    assert [t.id for t in journey.touchpoints(second.id, lane.id)].index(mover.id) == 1
    assert canvas.editor.stack.count() == 1
    # the same items, and only the cards of the two cells (and the notes of their stages) moved
    assert scene.card_items == items_before
    moved = {i for i, item in scene.card_items.items() if item.pos() != places_before[i]}
    assert mover.id in moved and moved - {mover.id}
    notes = {i for i, b in scene.layout.cards.items() if b.kind != "touchpoint" and b.stage_id in (first.id, second.id)}
    assert moved <= left_behind | joined | notes
    # at most the dropped card (selected now) and a card the pointer crossed (hover) drew themselves
    # again; the other moved cards were copied from their cache
    assert len(log.cards) <= 3 and log.cards <= left_behind | joined
    assert log.arrows and all(mover.id in key or set(key) & (left_behind | joined) for key in log.arrows)
    # a step between two cards that moved up together is moved whole, its cached picture kept
    # (one that was partly out of view draws the part it had not cached)
    in_view = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    moved_together = {key for key, item in scene.arrow_items.items() if set(key) <= left_behind - {mover.id}
                      and in_view.contains(item.sceneBoundingRect()) and in_view.contains(seen_before[key])}
    assert moved_together and not log.arrows & moved_together
    # every item stands where a fresh layout puts it, and the map looks as a fresh canvas draws it
    fresh = layout_journey(journey, project.personas)
    assert {i: (item.rect.x, item.rect.y) for i, item in scene.card_items.items()} == {
        i: (b.rect.x, b.rect.y) for i, b in fresh.cards.items()}
    assert _differences(_picture(canvas), _fresh_picture(canvas)) < 40

    log.clear()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert canvas.editor.stack.index() == 0
    assert [t.id for t in journey.touchpoints(first.id, lane.id)][0] == mover.id
    assert scene.card_items == items_before
    assert {i: item.pos() for i, item in scene.card_items.items()} == places_before
    assert len(log.cards) <= 3 and log.cards <= left_behind | joined
    assert _differences(_picture(canvas), picture_before) < 40


def test_an_edited_title_repaints_that_card_alone(qtbot, monkeypatch):
    project = synthetic_project(120, stages=5, seed=6)
    canvas = make_canvas(qtbot, project, size=(1400, 900))
    scene, journey = canvas.journey_scene, canvas.journey
    log = PaintLog(monkeypatch)
    canvas.viewport().repaint()
    QApplication.processEvents()
    tp = journey.touchpoints(journey.stages()[0].id, journey.card_lane().id)[0]
    places = {i: item.pos() for i, item in scene.card_items.items()}
    log.clear()

    canvas.editor.update(journey, tp.id, title="Rings the shop")
    QApplication.processEvents()

    assert log.cards == {tp.id}
    assert not log.arrows
    assert {i: item.pos() for i, item in scene.card_items.items()} == places
    assert _differences(_picture(canvas), _fresh_picture(canvas)) < 40


def test_the_current_cells_outline_drawn_in_strips_looks_as_drawn_whole(qtbot):
    """A repaint inside a tall current cell (a card edited, a card dropped) draws only the exposed
    strip of its outline; strips put together are the outline drawn in one go."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    from tests.canvas_support import click

    project = synthetic_project(160, stages=6, seed=4)
    canvas = make_canvas(qtbot, project, size=(1400, 900))
    scene, journey = canvas.journey_scene, canvas.journey
    lane = journey.card_lane()
    stage = journey.stages()[1]
    card = scene.layout.cards[journey.touchpoints(stage.id, lane.id)[2].id].rect
    click(canvas, card.cx, card.cy)  # a click on a card makes its cell the current one
    outline = scene.cell_highlight
    assert outline.isVisible()
    box = outline.sceneBoundingRect()
    assert box.height() > canvas.viewport().height()  # taller than the view

    def picture(strips: int) -> QImage:
        """The outline as Qt paints it when `strips` regions of the cell are repainted one by one."""
        image = QImage(int(box.width()), int(box.height()), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHints(canvas.renderHints())
        painter.translate(-box.x(), -box.y())
        for k in range(strips):
            part = QRectF(box.x(), box.y() + box.height() * k / strips, box.width(), box.height() / strips)
            option = QStyleOptionGraphicsItem()
            option.exposedRect = part
            painter.save()
            painter.setClipRect(part)
            outline.paint(painter, option, canvas.viewport())
            painter.restore()
        painter.end()
        return image

    whole, strips = picture(1), picture(7)
    assert _differences(whole, strips) < 40
    # and the outline is there: its dashed edge in the selection colour along the left side
    edge = [whole.pixelColor(2, y) for y in range(0, int(box.height()), 3)]
    assert sum(c.blue() > c.red() + 40 for c in edge) > len(edge) // 4
