"""Qt objects have owners that delete them in order, so garbage collection never crashes the editor.

A JourneyEditor's undo stack holds its commands as Python wrappers; left to the garbage collector
together with a live stack, the collector could free the commands first and the stack then deleted
them a second time (a segmentation fault at the end of a test session, or in the middle of an
edit when a collection happened to run). Here: the combination of canvas tests that crashed runs
in a child process and must exit cleanly; an editor nobody owns goes with the canvas showing it;
and in the window, File > New, journey tabs opened and closed by undo/redo and closing the window
release the editors, canvases and scenes they replace (a closed window is deleted, not kept
hidden), with collections in between.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QMessageBox

from app.editing import JourneyEditor
from app.model import Persona
from app.model.sample import SAMPLE_PATH
from tests.canvas_support import click, small_project

ROOT = Path(__file__).resolve().parents[1]
# the tests that, run together in one process, ended the session with a segmentation fault
CRASHING_COMBINATION = [
    "tests/test_canvas_scene.py::test_empty_journey_guides_the_first_steps",
    "tests/test_canvas_scene.py::test_header_and_path_menus",
    "tests/test_canvas_scene.py::test_double_click_a_stage_header_renames_it_and_title_change_repaints_corner",
]


def _flush_deletions() -> None:
    """What the event loop does between two user actions: delete what asked for deleteLater."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_canvas_tests_that_crashed_together_end_their_session_cleanly():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-m", "pytest", "-p", "no:cacheprovider",
         *CRASHING_COMBINATION],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    output = run.stdout + run.stderr
    assert "Segmentation fault" not in output and "Fatal Python error" not in output, output[-3000:]
    assert run.returncode == 0, output[-3000:]
    assert "3 passed" in output


def test_a_canvas_owns_the_editor_nobody_else_owns(qtbot):
    from app.widgets.canvas import JourneyCanvas

    project = small_project()
    editor = JourneyEditor(project)
    stack = editor.stack
    canvas = JourneyCanvas(editor, project.journeys[0])  # deleted by the test, not by pytest-qt
    canvas.resize(1300, 900)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.activateWindow()
    qtbot.waitUntil(canvas.isActiveWindow)
    click(canvas, *_card_centre(canvas, "Sees advert"))
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)  # one command on the stack
    assert stack.count() == 1 and editor.parent() is canvas
    canvas.close()
    canvas.deleteLater()
    _flush_deletions()
    # deleted by Qt with the canvas, stack and commands included, not left to the collector
    assert not shiboken6.isValid(editor) and not shiboken6.isValid(stack)
    gc.collect()


def test_an_editor_left_to_the_collector_takes_its_commands_with_it():
    project = small_project()
    editor = JourneyEditor(project)
    journey = project.journeys[0]
    editor.add_persona(Persona("Pat"))
    editor.add_stage(journey, "Loyalty")
    editor.remove(journey, [journey.find("Sees advert").id])
    stack = editor.stack
    del editor
    # nothing holds the editor now, and no command holds it back: it is gone at once, its stack
    # with it, before any collection could tear them apart in the wrong order
    assert not shiboken6.isValid(stack)
    gc.collect()
    assert [s.name for s in journey.stages()][-1] == "Loyalty"  # the model stays as it was edited


def _card_centre(canvas, title: str) -> tuple[float, float]:
    rect = canvas.journey_scene.layout.cards[canvas.journey.find(title).id].rect
    return rect.cx, rect.cy


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch):
    import shutil

    from app.widgets.application import open_window

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    path = tmp_path / "retailer.journey"
    shutil.copyfile(SAMPLE_PATH, path)
    w = open_window(str(path))  # as `waymark FILE` opens it; closed by the test, not by pytest-qt
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    if shiboken6.isValid(w):  # the test failed before closing it
        w.close()


def _add_a_card_with_the_keyboard(qtbot, window) -> None:
    canvas = window.current_canvas()
    before = len(canvas.journey.touchpoints())
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_N)  # quick add: type the title, Enter adds it
    edit = canvas.inplace.line_edit()
    assert edit is not None
    qtbot.keyClicks(edit, "Reads the reminder")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert len(canvas.journey.touchpoints()) == before + 1


def test_new_projects_journey_tabs_and_closing_release_what_they_replace(qtbot, window):
    ctrl = Qt.KeyboardModifier.ControlModifier
    for _ in range(3):
        _add_a_card_with_the_keyboard(qtbot, window)
        old_editor, old_stack = window.editor, window.editor.stack
        old_canvases = window.canvases()
        old_scenes = [c.journey_scene for c in old_canvases]
        old_journeys = [c.journey for c in old_canvases]
        qtbot.keyClick(window, Qt.Key.Key_N, ctrl)  # File > New (the changes are discarded)
        assert window.editor is not old_editor and window.editor.stack.count() == 0
        _flush_deletions()
        gc.collect()
        # the project that went: its editor, undo history, tabs and scenes are deleted, and its
        # journeys no longer feed a scene
        for gone in (old_editor, old_stack, *old_canvases, *old_scenes):
            assert not shiboken6.isValid(gone)
        assert all(not j._observers for j in old_journeys)

        # a journey tab opened by the Journey menu, closed by Ctrl+Z, reopened by Ctrl+Shift+Z
        window.actions_.add_future.trigger()
        assert window.tabs.count() == 2
        added = window.canvases()[1]
        added.journey_scene  # noqa: B018  (shown once, as a user would look at it)
        scene = added.journey_scene
        qtbot.keyClick(window, Qt.Key.Key_Z, ctrl)
        assert window.tabs.count() == 1
        _flush_deletions()
        gc.collect()
        assert not shiboken6.isValid(added) and not shiboken6.isValid(scene)
        qtbot.keyClick(window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
        assert window.tabs.count() == 2
        window.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: window.current_canvas().isVisible())
        _add_a_card_with_the_keyboard(qtbot, window)
        gc.collect()

    from app.widgets.application import WINDOWS

    editor, canvases = window.editor, window.canvases()
    journeys = [c.journey for c in canvases]
    assert window in WINDOWS
    qtbot.keyClick(window, Qt.Key.Key_W, ctrl)  # File > Close
    _flush_deletions()
    gc.collect()
    # a closed window is deleted with all it owns, not kept (hidden) until the editor quits
    assert not shiboken6.isValid(window) and window not in WINDOWS
    assert not shiboken6.isValid(editor) and not any(shiboken6.isValid(c) for c in canvases)
    assert all(not j._observers for j in journeys)  # and nothing left follows the model
