"""View > Compare current and future state: both maps one above the other, scrolled and zoomed
together, with new, removed and changed touchpoints marked, following edits live. Driven with
real keys, wheel events, drags and double-clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.model import Project, load_project
from app.model.analytics import compare_states
from app.widgets.compare import ADDED, CHANGED, REMOVED, CompareWindow
from app.widgets.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _window(qtbot, project: Project) -> MainWindow:
    window = MainWindow(project, SAMPLE)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def _open_compare(qtbot, window: MainWindow) -> CompareWindow:
    QTest.keyClick(window, Qt.Key.Key_C, CTRL_SHIFT)
    (compare,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, CompareWindow) and w.isVisible()]
    qtbot.waitExposed(compare)
    compare.activateWindow()
    qtbot.waitUntil(compare.isActiveWindow, timeout=2000)
    return compare


def _colors(compare: CompareWindow, which: int) -> dict[str, int]:
    out = {ADDED: 0, REMOVED: 0, CHANGED: 0}
    for _, color in compare.marks[which].marks:
        out[color] += 1
    return out


def _card_point(compare: CompareWindow, which: int, element_id: str) -> QPoint:
    view = compare.views[which]
    box = compare.scenes[which].layout.cards[element_id].rect
    view.centerOn(box.cx, box.cy)
    return view.mapFromScene(QPointF(box.cx, box.cy))


@pytest.fixture
def window(qtbot):
    w = _window(qtbot, load_project(SAMPLE))
    yield w
    for top in QApplication.topLevelWidgets():
        if isinstance(top, CompareWindow):
            top.close()
    w.autosave.discard()


def test_ctrl_shift_c_shows_both_states_with_their_differences_marked(qtbot, window):
    compare = _open_compare(qtbot, window)
    current, future = window.project().journeys[0], window.project().journeys[1]
    expected = compare_states(current, future)
    assert (compare.current, compare.future) == (current, future)
    assert _colors(compare, 0) == {ADDED: 0, REMOVED: len(expected.removed), CHANGED: len(expected.changed)}
    assert _colors(compare, 1) == {ADDED: len(expected.added), REMOVED: 0, CHANGED: len(expected.changed)}
    assert len(expected.added) > 0 and len(expected.removed) > 0
    assert f"{len(expected.removed)} removed" in compare.titles[0].text()
    assert f"{len(expected.added)} new" in compare.titles[1].text()
    # the marks sit on the cards they mark
    boxes = compare.scenes[1].layout.cards
    marked = {(r.x(), r.y(), r.width(), r.height()) for r, color in compare.marks[1].marks if color == ADDED}
    assert marked == {(boxes[i].rect.x, boxes[i].rect.y, boxes[i].rect.w, boxes[i].rect.h) for i in expected.added}


def test_wheel_zoom_and_hand_drag_move_both_maps_together(qtbot, window):
    compare = _open_compare(qtbot, window)
    top, bottom = compare.views
    compare.resize(700, 700)
    QApplication.processEvents()
    start = top.zoom()
    pos = QPointF(200, 120)
    wheel = QWheelEvent(pos, QPointF(top.viewport().mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(top.viewport(), wheel)
    assert top.zoom() == pytest.approx(start * 1.15) and bottom.zoom() == pytest.approx(top.zoom())

    before = bottom.horizontalScrollBar().value()
    viewport = bottom.viewport()
    p0 = QPoint(viewport.width() // 2, viewport.height() // 2)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    for i in range(1, 6):
        QTest.mouseMove(viewport, p0 - QPoint(40 * i, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0 - QPoint(200, 0))
    assert bottom.horizontalScrollBar().value() > before
    assert top.horizontalScrollBar().value() == bottom.horizontalScrollBar().value()
    assert window.editor.stack.count() == 0  # looking changes nothing

    QTest.keyClick(compare, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert top.zoom() == bottom.zoom() == 1.0


def test_the_marks_follow_edits_in_the_editor(qtbot, window):
    compare = _open_compare(qtbot, window)
    current, future = compare.current, compare.future
    comparison = compare_states(current, future)
    removed_title = current.get(comparison.removed[0]).title
    # in the editor: give a new future touchpoint the title of a removed current one
    window.editor.update(future, comparison.added[0], title=removed_title)
    after = compare_states(current, future)
    assert len(after.added) == len(comparison.added) - 1
    assert _colors(compare, 1)[ADDED] == len(after.added)
    assert _colors(compare, 0)[REMOVED] == len(after.removed)
    window.editor.stack.undo()
    assert _colors(compare, 1)[ADDED] == len(comparison.added)


def test_double_click_on_a_card_selects_it_in_the_editor(qtbot, window):
    compare = _open_compare(qtbot, window)
    added = compare_states(compare.current, compare.future).added[0]
    point = _card_point(compare, 1, added)
    QTest.mouseDClick(compare.views[1].viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.current_journey() is compare.future
    assert window.current_canvas().selected_ids() == [added]


def test_escape_closes_and_the_maps_stop_following_the_model(qtbot, window):
    compare = _open_compare(qtbot, window)
    scenes = list(compare.scenes)
    QTest.keyClick(compare, Qt.Key.Key_Escape)
    assert not compare.isVisible()
    assert not any(scene._attached for scene in scenes)


def test_a_project_with_one_state_says_how_to_make_the_other(qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: said.append(a[2])))
    project = load_project(SAMPLE)
    project.remove_journey(project.journeys[1].id)
    window = _window(qtbot, project)
    QTest.keyClick(window, Qt.Key.Key_C, CTRL_SHIFT)
    assert said and "Add future-state journey" in said[0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, CompareWindow) and w.isVisible()]
    window.autosave.discard()


def test_deleting_one_of_the_journeys_closes_the_comparison(qtbot, window, monkeypatch):
    compare = _open_compare(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    window.tabs.setCurrentIndex(1)  # the future state
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.actions_.delete_journey.trigger()
    assert len(window.project().journeys) == 1
    assert not compare.isVisible()
    assert compare._on_project_change not in window.project()._observers
