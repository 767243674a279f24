"""The editor notices that its file changed on disk (when it comes back to the front, and before saving)
and asks: Reload, Keep mine (under a new name) or Compare. The dialog is answered with real clicks."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QPlainTextEdit, QWidget

from app.model import load_project, save_project
from app.widgets.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture
def file(tmp_path: Path) -> Path:
    target = tmp_path / "retailer.journey"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def window(qtbot, file: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    # closing the window at the end must not wait for an answer about unsaved changes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow(load_project(file), file)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.isActiveWindow)
    qtbot.wait(50)  # the activation's own check has run (the file was unchanged then)
    return w


def _change_on_disk(file: Path, title: str) -> str:
    """Another program (another Waymark) renames the first touchpoint and saves."""
    project = load_project(file)
    tp = project.journey().touchpoints()[0]
    project.journey().update(tp.id, title=title)
    save_project(project, file)
    return tp.id


class _Watch(list[str]):
    """The texts a dialog showed; stop() ends the watching (so it cannot answer a later test's dialog)."""

    stopped = False

    def stop(self) -> None:
        self.stopped = True


def _when_shown(qtbot, kind: type[QWidget], name: str, act: Callable[[QWidget], None]) -> _Watch:
    """Act on the modal dialog `name` as soon as it appears (for 5 s at most)."""
    seen = _Watch()
    deadline = time.monotonic() + 5

    def poll() -> None:
        if seen.stopped or time.monotonic() > deadline:
            return
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.objectName() == name:
            seen.append(widget.text() + " " + widget.informativeText() if isinstance(widget, QMessageBox)
                        else widget.findChild(QPlainTextEdit).toPlainText())
            seen.stop()
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def _click(qtbot, text: str) -> Callable[[QWidget], None]:
    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        [button] = [b for b in box.buttons() if b.text() == text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return act


def _bring_to_front(qtbot, window: MainWindow) -> None:
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.windowHandle().requestActivate()  # another program in front
    qtbot.waitUntil(other.isActiveWindow)
    window.windowHandle().requestActivate()  # the user clicks back on the editor
    qtbot.wait(150)


def test_coming_to_the_front_after_a_change_on_disk_offers_reload(qtbot, window: MainWindow, file: Path) -> None:
    tp_id = _change_on_disk(file, "Renamed elsewhere")
    shown = _when_shown(qtbot, QMessageBox, "disk_changes_box", _click(qtbot, "Reload"))
    _bring_to_front(qtbot, window)
    qtbot.waitUntil(lambda: window.current_journey().get(tp_id).title == "Renamed elsewhere")
    assert "retailer.journey was changed on disk" in shown[0]
    assert not window.isWindowModified()
    asked_again = _when_shown(qtbot, QMessageBox, "disk_changes_box", _click(qtbot, "Cancel"))
    _bring_to_front(qtbot, window)  # the reloaded version is the one shown: nothing to ask
    asked_again.stop()
    assert asked_again == [] and len(shown) == 1


def test_saving_over_a_changed_file_asks_and_keep_mine_saves_under_a_new_name(
        qtbot, window: MainWindow, file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journey = window.current_journey()
    mine = journey.touchpoints()[1]
    window.editor.update(journey, mine.id, title="My edit")
    tp_id = _change_on_disk(file, "Their edit")
    theirs_bytes = file.read_bytes()
    new_name = tmp_path / "retailer (mine).journey"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(new_name), "")))
    shown = _when_shown(qtbot, QMessageBox, "disk_changes_box", _click(qtbot, "Keep mine…"))
    window.current_canvas().setFocus()
    qtbot.keySequence(window.current_canvas(), QKeySequence.StandardKey.Save)
    qtbot.waitUntil(lambda: new_name.exists())
    assert "Saving now would overwrite those changes" in shown[0]
    assert file.read_bytes() == theirs_bytes  # their version untouched
    saved = load_project(new_name).journey()
    assert saved.get(mine.id).title == "My edit" and saved.get(tp_id).title != "Their edit"
    assert window.path == new_name and not window.isWindowModified()
    assert window.windowTitle() == "retailer (mine).journey[*] — Waymark"


def test_compare_lists_the_differences_then_cancel_saves_nothing(qtbot, window: MainWindow, file: Path) -> None:
    journey = window.current_journey()
    window.editor.update(journey, journey.touchpoints()[2].id, title="Only mine")
    _change_on_disk(file, "Only theirs")
    theirs_bytes = file.read_bytes()
    answers: list[_Watch] = []

    def compare_then_cancel(box: QWidget) -> None:
        answers.append(_when_shown(qtbot, QDialog, "disk_changes_compare", lambda d: d.reject()))
        _when_shown(qtbot, QMessageBox, "disk_changes_box", _click(qtbot, "Cancel"))
        _click(qtbot, "Compare")(box)

    _when_shown(qtbot, QMessageBox, "disk_changes_box", compare_then_cancel)
    assert window.save() is False
    assert file.read_bytes() == theirs_bytes
    assert window.isWindowModified()
    text = "\n".join(answers[0])
    assert "touchpoint “Only mine”: title “Only mine” here, “" in text
    assert ": title “" in text and "here, “Only theirs” on disk" in text


def test_own_saves_do_not_count_as_changes_on_disk(qtbot, window: MainWindow, file: Path) -> None:
    journey = window.current_journey()
    window.editor.update(journey, journey.touchpoints()[0].id, title="Saved here")
    assert window.save()
    asked = _when_shown(qtbot, QMessageBox, "disk_changes_box", _click(qtbot, "Cancel"))
    _bring_to_front(qtbot, window)
    asked.stop()
    assert asked == []
    window.editor.update(journey, journey.touchpoints()[0].id, title="Saved again")
    assert window.save()
    assert load_project(file).journey().touchpoints()[0].title == "Saved again"


def test_title_and_status_bar_follow_every_edit(qtbot, window: MainWindow) -> None:
    assert window.windowTitle() == "retailer.journey[*] — Waymark"
    journey = window.current_journey()
    tp = journey.touchpoints()[0]
    canvas = window.current_canvas()
    canvas.select_ids([tp.id])
    label = window._selection_label
    assert tp.title in label.text()
    window.editor.update(journey, tp.id, title="Renamed card")
    assert label.text().endswith(": Renamed card")
    assert window.isWindowModified()
    counts = window._counts_label.text()
    window.editor.stack.undo()
    assert label.text().endswith(f": {tp.title}") and window._counts_label.text() == counts
    blank = MainWindow()
    qtbot.addWidget(blank)
    assert blank.windowTitle() == "Untitled[*] — Waymark"


def test_opening_a_project_clears_what_a_killed_save_left(qtbot, file: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = file.with_name(f".{file.name}.{dead.pid}.k1ll3d.tmp")
    leftover.write_bytes(b'{"format": "waymark-jou')
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(file)
    assert not leftover.exists()
