"""Project files through the window: save and reopen, revert, unsaved-changes prompts, bad files, drops."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.model import load_project
from app.model.serialize import project_to_dict
from app.widgets.documents import recent_files
from app.widgets.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


class Answers:
    """Stands in for the user in QMessageBox.question / critical / warning."""

    def __init__(self) -> None:
        self.reply = QMessageBox.StandardButton.Discard
        self.asked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    a = Answers()

    def question(_parent, _title, text, *args, **kwargs):
        a.asked.append(text)
        return a.reply

    def critical(_parent, _title, text, *args, **kwargs):
        a.errors.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(critical))
    return a


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "retailer.journey"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def window(qtbot, sample_copy: Path, answers: Answers) -> MainWindow:
    w = MainWindow(load_project(sample_copy), sample_copy)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _edit(window: MainWindow, title: str = "Edited title") -> str:
    tp = window.current_journey().touchpoints()[0]
    window.editor.update(window.current_journey(), tp.id, title=title)
    return tp.id


def test_save_as_and_reopen_gives_the_same_model(qtbot, window: MainWindow, tmp_path: Path) -> None:
    _edit(window, "Saved through the window")
    assert window.isWindowModified()
    target = tmp_path / "saved copy.journey"
    assert window.save_as(target)
    assert window.path == target
    assert not window.isWindowModified()
    assert "saved copy.journey" in window.windowTitle()

    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_path(target)
    assert project_to_dict(other.project()) == project_to_dict(window.project())
    assert other.tabs.count() == len(window.project().journeys)
    assert other.path == target and not other.isWindowModified()
    assert str(target.resolve()) == recent_files()[0]


def test_save_writes_to_the_open_file_and_keeps_a_backup(window: MainWindow, sample_copy: Path) -> None:
    tp_id = _edit(window, "Saved in place")
    assert window.save()
    assert load_project(sample_copy).journey(0).get(tp_id).title == "Saved in place"
    assert sample_copy.with_name(sample_copy.name + ".bak").exists()


def test_revert_goes_back_to_the_saved_file(window: MainWindow, answers: Answers) -> None:
    before = project_to_dict(window.project())
    old_editor = window.editor
    _edit(window, "Thrown away")
    answers.reply = QMessageBox.StandardButton.Discard
    assert window.files.revert()
    assert answers.asked and "Discard" in answers.asked[-1]
    assert window.editor is not old_editor  # a fresh history
    assert project_to_dict(window.project()) == before
    assert not window.isWindowModified()


def test_revert_cancelled_keeps_the_changes(window: MainWindow, answers: Answers) -> None:
    tp_id = _edit(window, "Kept")
    answers.reply = QMessageBox.StandardButton.Cancel
    assert not window.files.revert()
    assert window.current_journey().get(tp_id).title == "Kept"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window: MainWindow,
                                                                       answers: Answers) -> None:
    _edit(window)
    answers.reply = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    assert "retailer.journey" in answers.asked[-1]
    answers.reply = QMessageBox.StandardButton.Discard
    assert window.close()
    assert not window.isVisible()


def test_closing_and_choosing_save_saves(window: MainWindow, answers: Answers, sample_copy: Path) -> None:
    tp_id = _edit(window, "Saved on close")
    answers.reply = QMessageBox.StandardButton.Save
    assert window.close()
    assert load_project(sample_copy).journey(0).get(tp_id).title == "Saved on close"


def test_clean_window_closes_without_asking(window: MainWindow, answers: Answers) -> None:
    assert window.close()
    assert answers.asked == []


def test_a_bad_file_shows_the_loaders_message_with_the_field_path(window: MainWindow, answers: Answers,
                                                                  tmp_path: Path) -> None:
    doc = json.loads(SAMPLE.read_text("utf-8"))
    doc["journeys"][0]["touchpoints"][0]["emotion"] = 7
    bad = tmp_path / "bad.journey"
    bad.write_text(json.dumps(doc), "utf-8")
    before = project_to_dict(window.project())
    assert not window.open_path(bad)
    assert len(answers.errors) == 1
    assert "journeys[0].touchpoints[0].emotion" in answers.errors[0]
    assert "Traceback" not in answers.errors[0]
    assert project_to_dict(window.project()) == before  # the open project is untouched


def test_a_file_that_is_not_json_is_reported(window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    bad = tmp_path / "notes.journey"
    bad.write_text("these are my notes, not a project", "utf-8")
    assert not window.open_path(bad)
    assert "notes.journey" in answers.errors[0]


def test_opening_over_unsaved_changes_asks_first(window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    _edit(window)
    answers.reply = QMessageBox.StandardButton.Cancel
    assert not window.open_path(SAMPLE)
    assert window.path != SAMPLE and window.isWindowModified()


def test_saving_into_a_missing_folder_reports_and_keeps_the_work(window: MainWindow, answers: Answers,
                                                                 tmp_path: Path) -> None:
    _edit(window)
    assert not window.save_as(tmp_path / "no" / "such" / "folder" / "x.journey")
    assert answers.errors and "x.journey" in answers.errors[0]
    assert window.isWindowModified()


def test_dropping_a_journey_file_on_the_canvas_opens_it(qtbot, window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "dropped.journey"
    shutil.copyfile(SAMPLE, target)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(target))])
    viewport = window.current_canvas().viewport()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(QPoint(210, 210), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(210, 210), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    assert window.path == target
    assert "dropped.journey" in window.windowTitle()


def test_new_project_replaces_the_editor_and_has_the_five_stages(window: MainWindow) -> None:
    seen = []
    window.journeyChanged.connect(seen.append)
    window.actions_.new.trigger()
    assert window.path is None and window.tabs.count() == 1
    assert [s.name for s in window.current_journey().stages()] == [
        "Awareness", "Consideration", "Purchase", "Post-Purchase", "Advocacy"]
    assert "Untitled" in window.windowTitle()
    assert seen and seen[-1] is window.current_journey()


def test_open_recent_menu_lists_opened_files(qtbot, window: MainWindow, sample_copy: Path) -> None:
    other = MainWindow()
    qtbot.addWidget(other)
    other.open_path(sample_copy)
    menu = other.files.recent_menu
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions()]
    assert any("retailer.journey" in t for t in texts)


def test_recent_files_list_the_latest_first_and_each_file_once(qtbot, tmp_path: Path) -> None:
    first, second = tmp_path / "first.journey", tmp_path / "second.journey"
    for path in (first, second):
        shutil.copyfile(SAMPLE, path)
    other = MainWindow()
    qtbot.addWidget(other)
    for path in (first, second, second):  # reopening the latest file changes nothing
        other.open_path(path)
    assert recent_files()[:2] == [str(second.resolve()), str(first.resolve())]
    other.open_path(first)
    assert recent_files()[:2] == [str(first.resolve()), str(second.resolve())]


def test_the_window_layout_is_kept_for_the_next_window(qtbot, sample_copy: Path, answers: Answers) -> None:
    def open_window() -> MainWindow:
        w = MainWindow(load_project(sample_copy), sample_copy)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w

    first = open_window()
    first.history_dock.toggleViewAction().trigger()  # the user hides the History dock
    first.close()
    second = open_window()
    assert not second.history_dock.isVisible()
    second.close()  # an unchanged layout: nothing to write
    third = open_window()
    assert not third.history_dock.isVisible()
    third.history_dock.toggleViewAction().trigger()
    third.close()
    assert open_window().history_dock.isVisible()


def test_quit_with_unsaved_changes_asks_and_cancel_keeps_working(qtbot, window: MainWindow,
                                                                 answers: Answers) -> None:
    _edit(window)
    answers.reply = QMessageBox.StandardButton.Cancel
    window.actions_.quit.trigger()
    qtbot.waitUntil(lambda: len(answers.asked) == 1)
    assert window.isVisible()
    answers.reply = QMessageBox.StandardButton.Discard
    window.actions_.quit.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_refused_edit_in_the_inspector_is_explained_and_undone_on_screen(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QComboBox, QLabel

    from app.model import LaneKind

    journey = window.current_journey()
    lane = next(la for la in journey.lanes() if la.kind is LaneKind.TOUCHPOINTS)
    window.select_elements([lane.id])
    kind = window.inspector.form.findChild(QComboBox, "kind")
    kind.setFocus()
    # a lane with cards cannot become an emotion lane: the model refuses, the form says why
    steps = window.editor.stack.count()
    qtbot.keyClicks(kind, "Emotion")  # keyboard search picks "Emotion curve"
    assert journey.get(lane.id).kind is LaneKind.TOUCHPOINTS
    assert window.editor.stack.count() == steps  # nothing broken was pushed
    assert kind.currentData() == LaneKind.TOUCHPOINTS
    error = window.inspector.form.error
    assert isinstance(error, QLabel) and error.isVisibleTo(window.inspector.form) and "holds cards" in error.text()


def test_waymark_file_starts_the_editor_and_shows_the_window(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, WAYMARK_QUIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(SAMPLE.parents[2] / "main.py"), str(SAMPLE)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_open_window_on_a_bad_file_opens_untitled_and_explains(qtbot, answers: Answers, tmp_path: Path) -> None:
    from app.widgets.application import WINDOWS, open_window

    bad = tmp_path / "bad.journey"
    bad.write_text('{"format": "waymark-journey", "version": 1, "journeys": "none"}', "utf-8")
    window = open_window(str(bad))
    qtbot.addWidget(window)
    assert window.path is None and window.tabs.count() == 1
    qtbot.waitUntil(lambda: len(answers.errors) == 1)
    assert "bad.journey" in answers.errors[0] and "journeys" in answers.errors[0]
    WINDOWS.remove(window)


def test_save_as_dialog_adds_the_journey_suffix(window: MainWindow, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "workshop.v2"), "")))
    window.actions_.save_as.trigger()
    assert window.path == tmp_path / "workshop.v2.journey"
    assert load_project(window.path).title == window.project().title
