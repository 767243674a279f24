"""Facilitator keys from the workshop issue: V / Shift+V vote on the selected card (numbered dots,
quick repeats one undo step), one key per action (no shortcut bound twice), Delete deletes and
Ctrl+D duplicates."""

from __future__ import annotations

from collections import Counter

from canvas_support import make_canvas
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from app.widgets.main_window import MainWindow


def test_v_adds_a_dot_shift_v_takes_one_back_and_repeats_are_one_undo_step(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    pain = journey.pain_points()[0]
    canvas.select_ids([pain.id])
    for _ in range(3):
        qtbot.keyClick(canvas, Qt.Key.Key_V)
    assert journey.get(pain.id).votes == 3
    qtbot.keyClick(canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ShiftModifier)
    assert journey.get(pain.id).votes == 2
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Vote"
    canvas.editor.stack.undo()
    assert journey.get(pain.id).votes == 0
    # a touchpoint takes no dots: nothing changes, and the status bar says why
    messages: list[str] = []
    canvas.statusMessage.connect(messages.append)
    canvas.select_ids([journey.touchpoints()[0].id])
    qtbot.keyClick(canvas, Qt.Key.Key_V)
    assert canvas.editor.stack.count() == 1 and "pain point" in messages[-1]


def test_no_shortcut_is_bound_to_two_commands(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    keys: Counter[str] = Counter()
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys[sequence.toString(QKeySequence.SequenceFormat.PortableText)] += 1
    assert [k for k, n in keys.items() if n > 1] == []
    assert [s.toString() for s in window.actions_.delete.shortcuts()] == ["Del"]
    assert [s.toString() for s in window.actions_.duplicate.shortcuts()] == ["Ctrl+D"]


def test_delete_deletes_and_ctrl_d_duplicates_on_the_canvas(qtbot):
    canvas = make_canvas(qtbot)
    journey = canvas.journey
    card = journey.find("Compares prices")
    canvas.select_ids([card.id])
    qtbot.keyClick(canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [t.title for t in journey.touchpoints()].count("Compares prices") == 2
    canvas.select_ids([card.id])
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert card.id not in journey


def _lane_row(canvas, kind):
    lane = canvas.journey.lanes_of_kind(kind)[0]
    return next(b for b in canvas.journey_scene.layout.lanes if b.id == lane.id).row


def _stage(canvas, name):
    stage = next(s for s in canvas.journey.stages() if s.name == name)
    return next(b for b in canvas.journey_scene.layout.stages if b.id == stage.id)


def test_quick_add_makes_the_kind_of_the_lane_it_is_in(qtbot):
    from canvas_support import vp

    from app.model import LaneKind

    canvas = make_canvas(qtbot)
    journey = canvas.journey
    purchase = _stage(canvas, "Purchase")
    for kind, text, check in (
        (LaneKind.PAIN_POINTS, "Card declined", lambda: [a.text for a in journey.pain_points(purchase.id)]),
        (LaneKind.OPPORTUNITIES, "Offer PayPal", lambda: [a.text for a in journey.opportunities(purchase.id)]),
        (LaneKind.ACTIONS, "Enters card", lambda: [t.title for t in journey.touchpoints(
            purchase.id, journey.lanes_of_kind(LaneKind.ACTIONS)[0].id)]),
    ):
        row = _lane_row(canvas, kind)
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=vp(canvas, purchase.header.cx, row.cy))
        qtbot.keyClick(canvas, Qt.Key.Key_N)
        edit = canvas.inplace.line_edit()
        assert edit is not None
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert check() == [text]
    assert canvas.editor.stack.undoText() == "Add customer action"
    assert [t.title for t in journey.touchpoints(purchase.id, journey.card_lane().id)] == []


def test_a_pain_point_dropped_on_a_pain_point_card_joins_what_it_is_about(qtbot):
    from test_canvas_mouse import drop_from_palette

    from app.widgets.palette import PaletteWidget

    canvas = make_canvas(qtbot)
    journey = canvas.journey
    existing = journey.pain_points()[0]
    about = journey.target_of(existing.id)
    box = canvas.journey_scene.layout.cards[existing.id].rect
    drop_from_palette(canvas, PaletteWidget().mime_for("Pain point", "pain_point"), box.cx, box.cy)
    assert len(journey.pain_points(about)) == 2


def test_only_touchpoints_count_as_touchpoints_in_the_status_bar(qtbot):
    from app.model import LaneKind
    from app.model.sample import build_sample

    project = build_sample()
    journey = project.journey()
    window = MainWindow(project)
    qtbot.addWidget(window)
    cards = journey.touchpoints()
    real = [t for t in cards if journey.lane_of(t.id).kind is LaneKind.TOUCHPOINTS]
    assert len(real) < len(cards)  # the sample has thoughts and actions too
    assert f"{len(real)} touchpoints" in window._counts_label.text()


def test_a_click_on_the_emotion_lane_sets_the_score_and_plus_minus_change_it(qtbot):
    from canvas_support import vp

    canvas = make_canvas(qtbot)
    journey = canvas.journey
    layout = canvas.journey_scene.layout
    consideration = _stage(canvas, "Consideration")  # one card, "Compares prices", emotion -1
    card = journey.find("Compares prices")
    x = consideration.header.cx
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=vp(canvas, x, layout.emotion_y(2)))
    assert journey.get(card.id).emotion == 2
    assert canvas.selected_ids() == [card.id]
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert journey.get(card.id).emotion == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert journey.get(card.id).emotion == 1
    assert canvas.editor.stack.count() == 2  # the click, then the keys as one step
    canvas.editor.stack.undo()
    canvas.editor.stack.undo()
    assert journey.get(card.id).emotion == -1


def test_double_click_on_the_map_title_edits_it(qtbot):
    from canvas_support import vp

    canvas = make_canvas(qtbot)
    corner = canvas.journey_scene.corner.sceneBoundingRect()
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton,
                      pos=vp(canvas, corner.center().x(), corner.center().y()))
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == "Shop journey"
    edit.selectAll()
    qtbot.keyClicks(edit, "Online shop")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert canvas.journey.title == "Online shop"
    assert canvas.editor.stack.undoText() == "Rename journey"
    canvas.editor.stack.undo()
    assert canvas.journey.title == "Shop journey"
