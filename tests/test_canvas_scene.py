"""The scene follows the model: after editor calls, undo and redo its items match the layout
exactly (ids, positions, counts); the sample renders to a non-blank image; zoom and the API."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from app.layout import layout_journey
from app.model import AnnotationKind, LaneKind, Metric, MetricKind
from tests.canvas_support import make_canvas


def assert_scene_matches_model(canvas) -> None:
    scene, journey = canvas.journey_scene, canvas.journey
    layout = layout_journey(journey, canvas.editor.project.personas)
    assert set(scene.card_items) == set(layout.cards)
    for element_id, box in layout.cards.items():
        item = scene.card_items[element_id]
        assert (item.pos().x(), item.pos().y()) == (box.rect.x, box.rect.y), element_id
        assert (item.rect.w, item.rect.h) == (box.rect.w, box.rect.h)
    assert [scene.stage_items[s.id].pos().x() for s in layout.stages] == [s.header.x for s in layout.stages]
    assert set(scene.stage_items) == {s.id for s in layout.stages}
    assert set(scene.lane_items) == {ln.id for ln in layout.lanes}
    assert [scene.lane_items[ln.id].pos().y() for ln in layout.lanes] == [ln.header.y for ln in layout.lanes]
    assert set(scene.arrow_items) == {(a.source, a.target) for a in layout.arrows}
    points = {(s.persona_id, p.tp_id): (p.x, p.y) for s in layout.emotion for p in s.points}
    assert {(h.persona_id, h.tp_id): (h.x, h.y) for h in scene.points()} == points
    rect = scene.sceneRect()
    assert rect.width() >= layout.width and rect.height() >= layout.height


def test_items_follow_editor_calls_undo_and_redo(qtbot, synthetic):
    canvas = make_canvas(qtbot, synthetic(40, seed=3))
    editor, journey = canvas.editor, canvas.journey
    stages, lane = journey.stages(), journey.card_lane()
    rnd = random.Random(7)
    tps = journey.touchpoints()
    editor.add_touchpoint(journey, stages[0].id, lane.id, 0, title="First of all")
    editor.move_touchpoint(journey, tps[5].id, stages[-1].id, lane.id, 0)
    editor.update(journey, tps[6].id, title="Renamed", emotion=2)
    editor.remove(journey, [tps[7].id, tps[8].id])
    editor.add_annotation(journey, AnnotationKind.OPPORTUNITY, tps[9].id, "Chat")
    editor.add_metric(journey, Metric(MetricKind.CES, value=3.0), stages[1].id)
    editor.add_stage(journey, "Loyalty", index=2)
    editor.move(journey, stages[0].id, 3)
    editor.update(journey, stages[1].id, width=2.0)
    editor.add_lane(journey, LaneKind.BACKSTAGE, index=1)
    editor.add_path(journey, tps[10].id, tps[1].id)
    editor.update(journey, journey.lanes_of_kind(LaneKind.ACTIONS)[0].id, hidden=True)
    editor.move_touchpoints(journey, [tps[11].id, tps[12].id], stages[2].id, lane.id, 1)
    assert_scene_matches_model(canvas)
    steps = editor.stack.count()
    for _ in range(steps):
        editor.stack.undo()
        if rnd.random() < 0.5:
            assert_scene_matches_model(canvas)
    assert_scene_matches_model(canvas)
    for _ in range(steps):
        editor.stack.redo()
    assert_scene_matches_model(canvas)


def test_selection_survives_unrelated_edits_and_drops_deleted_items(qtbot):
    canvas = make_canvas(qtbot)
    j = canvas.journey
    a, b = j.find("Sees advert"), j.find("Reads review")
    received = []
    canvas.selectionChanged.connect(received.append)
    canvas.select_ids([a.id, b.id])
    assert received[-1] == [a.id, b.id]
    canvas.editor.update(j, j.find("Compares prices").id, title="Other")
    assert canvas.selected_ids() == [a.id, b.id]
    canvas.editor.remove(j, [a.id])
    assert canvas.selected_ids() == [b.id]
    assert received[-1] == [b.id]
    canvas.editor.stack.undo()
    assert a.id in canvas.journey_scene.card_items
    assert canvas.editor.stack.count() == 2  # selection is never an undo step


def test_render_sample_to_png_is_not_blank(qtbot, tmp_path, synthetic):
    from app.model import load_project

    sample = Path(__file__).resolve().parent.parent / "resources" / "samples" / "online-retailer.journey"
    project = load_project(sample) if sample.exists() else synthetic(30)
    canvas = make_canvas(qtbot, project)
    image = canvas.render_to_image(1.0)
    layout = canvas.journey_scene.layout
    assert (image.width(), image.height()) == (round(layout.width), round(layout.height))
    out = tmp_path / "sample.png"
    assert image.save(str(out))
    assert out.stat().st_size > 20_000
    colors = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colors) > 100  # cards, icons, curve: far from a blank page
    from app.layout import style
    from PySide6.QtGui import QColor

    stage_fill = QColor(style.STAGE_FILL).rgb()
    header = layout.stages[0].header
    assert image.pixel(round(header.x + 4), round(header.cy)) == stage_fill
    small = canvas.render_to_image(0.25)
    assert small.width() == round(layout.width * 0.25 + 0.4999)


def test_zoom_clamps_and_ctrl_wheel_zooms(qtbot):
    canvas = make_canvas(qtbot)
    zooms = []
    canvas.zoomChanged.connect(zooms.append)
    canvas.set_zoom(20)
    assert canvas.zoom() == 8.0
    canvas.set_zoom(0.01)
    assert canvas.zoom() == 0.1
    canvas.reset_zoom()
    assert canvas.zoom() == 1.0
    center = QPointF(canvas.viewport().rect().center())
    wheel = QWheelEvent(center, canvas.viewport().mapToGlobal(center), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(canvas.viewport(), wheel)
    assert abs(canvas.zoom() - 1.15) < 1e-6
    assert zooms[-1] == canvas.zoom()
    canvas.fit()
    layout = canvas.journey_scene.layout
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert visible.contains(0, 0) and visible.contains(layout.width, layout.height)
    canvas.set_zoom(1.0)
    canvas.set_presentation(True)  # the whole map on the screen ...
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert visible.contains(0, 0) and visible.contains(layout.width, layout.height)
    canvas.set_presentation(False)  # ... and back to the user's zoom
    assert canvas.zoom() == 1.0
    assert canvas.editor.stack.count() == 0


def test_detach_stops_following_the_model(qtbot):
    canvas = make_canvas(qtbot)
    canvas.detach()
    j = canvas.journey
    canvas.editor.update(j, j.find("Sees advert").id, title="Changed")
    before = len(canvas.journey_scene.card_items)
    canvas.editor.remove(j, [j.find("Changed").id])
    assert len(canvas.journey_scene.card_items) == before


def test_context_menu_of_a_card_offers_the_card_commands(qtbot):
    canvas = make_canvas(qtbot)
    j = canvas.journey
    tp = j.find("Sees advert")
    r = canvas.journey_scene.layout.cards[tp.id].rect
    menu = canvas.menus.build(canvas.mapFromScene(QPointF(r.cx, r.cy)))
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    for wanted in ("Edit text", "Duplicate", "Delete", "Add pain point", "Add opportunity", "Channel",
                   "Moment of truth", "Connect to next touchpoint", "Remove path step"):
        assert wanted in texts
    assert canvas.selected_ids() == [tp.id]
    mot = next(a for a in menu.actions() if a.text() == "Moment of truth")
    mot.trigger()
    assert j.get(tp.id).moment_of_truth is True
    assert canvas.editor.stack.undoText() == "Set moment of truth"
    channel_menu = next(a for a in menu.actions() if a.text() == "Channel").menu()
    next(a for a in channel_menu.actions() if a.text() == "Email").trigger()
    assert j.get(tp.id).channel.value == "email"


def test_empty_journey_guides_the_first_steps(qtbot):
    from app.model import Journey, Project

    project = Project("Blank")
    project.add_journey(Journey("Empty"))
    canvas = make_canvas(qtbot, project)
    messages = []
    canvas.statusMessage.connect(messages.append)
    hint = canvas.journey_scene.hint
    assert "Stage" in hint.text()
    qtbot.keyClick(canvas, Qt.Key.Key_N)  # nowhere to add yet: a message, no editor
    assert messages and not canvas.inplace.is_active()
    menu = canvas.menus.build(canvas.mapFromScene(QPointF(300, 120)))
    next(a for a in menu.actions() if a.text() == "Add stage").trigger()
    assert [s.name for s in canvas.journey.stages()] == ["New stage"]
    assert "Touchpoints lane" in hint.text()
    menu = canvas.menus.build(canvas.mapFromScene(QPointF(300, 120)))
    next(a for a in menu.actions() if a.text() == "Add touchpoints lane").trigger()
    assert hint.text() == ""
    assert canvas.editor.stack.count() == 2
    image = canvas.render_to_image()
    assert not image.isNull()


def test_header_and_path_menus(qtbot):
    canvas = make_canvas(qtbot)
    j, layout = canvas.journey, canvas.journey_scene.layout
    stage = layout.stages[0]
    menu = canvas.menus.build(canvas.mapFromScene(QPointF(stage.header.cx, stage.header.cy)))
    next(a for a in menu.actions() if a.text() == "Insert stage after").trigger()
    assert [s.name for s in j.stages()] == ["Awareness", "New stage", "Consideration", "Purchase"]
    lane = canvas.journey_scene.layout.lanes[1]
    menu = canvas.menus.build(canvas.mapFromScene(QPointF(lane.header.cx, lane.header.cy)))
    next(a for a in menu.actions() if a.text() == "Hide lane").trigger()
    assert j.get(lane.id).hidden and lane.id not in canvas.journey_scene.lane_items
    arrow = next(iter(canvas.journey_scene.arrow_items.values()))
    (x0, y0), _, _, (x1, y1) = arrow.arrow.segment
    menu = canvas.menus.build(canvas.mapFromScene(QPointF((x0 + x1) / 2, (y0 + y1) / 2)))
    next(a for a in menu.actions() if a.text() == "Remove path step").trigger()
    assert j.path_edges() == []
    assert canvas.journey_scene.arrow_items == {}
    assert canvas.editor.stack.count() == 3


def test_double_click_a_stage_header_renames_it_and_title_change_repaints_corner(qtbot):
    canvas = make_canvas(qtbot)
    stage = canvas.journey_scene.layout.stages[2]
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton,
                      pos=canvas.mapFromScene(QPointF(stage.header.cx, stage.header.cy)))
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == "Purchase"
    edit.selectAll()
    qtbot.keyClicks(edit, "Checkout")
    qtbot.keyClick(edit, Qt.Key.Key_Enter)
    assert [s.name for s in canvas.journey.stages()][2] == "Checkout"
    assert canvas.editor.stack.undoText() == "Rename stage"
    before = canvas.render_to_image(0.5)
    canvas.editor.set_meta(canvas.journey, title="A quite different journey title")
    after = canvas.render_to_image(0.5)
    assert before.copy(0, 0, 70, 25) != after.copy(0, 0, 70, 25)
