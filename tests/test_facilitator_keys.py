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
