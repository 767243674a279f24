"""Autosave and crash recovery: unsaved work is written to the app-data folder and offered back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from app.model import load_project
from app.model.serialize import project_to_dict
from app.widgets.autosave import autosave_folder, pending_autosaves
from app.widgets.recovery import RecoveryDialog, offer_recovery, recover
from app.widgets.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture(autouse=True)
def _never_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a window with unsaved changes at teardown discards them instead of waiting for a click."""
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "retailer.journey"
    shutil.copyfile(SAMPLE, target)
    return target


def _window(qtbot, path: Path, interval_ms: int = 40) -> MainWindow:
    window = MainWindow(load_project(path), path, autosave_interval_ms=interval_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def _first_touchpoint(window: MainWindow):
    return window.current_journey().touchpoints()[0]


def _simulate_crash(window: MainWindow) -> None:
    """The process 'dies': its window goes (hidden, so it is never activated again and never asks
    about the file the recovered window saves), the timer stops and the sidecar names a process
    that no longer runs."""
    window.hide()
    window.disk_changes.check = lambda: None  # a dead process's window never asks about the file again
    window.autosave.timer.stop()
    sidecar = window.autosave.project_file.with_suffix(".json")
    meta = json.loads(sidecar.read_text("utf-8"))
    meta["pid"] = 0
    sidecar.write_text(json.dumps(meta), "utf-8")


def test_clean_project_writes_no_autosave(qtbot, sample_copy: Path) -> None:
    window = _window(qtbot, sample_copy)
    qtbot.wait(200)
    assert not window.autosave.project_file.exists()
    assert pending_autosaves(include_running=True) == []


def test_unsaved_edit_is_autosaved_with_a_sidecar(qtbot, sample_copy: Path) -> None:
    window = _window(qtbot, sample_copy)
    tp = _first_touchpoint(window)
    window.editor.update(window.current_journey(), tp.id, title="Edited before the crash")
    qtbot.waitUntil(lambda: window.autosave.project_file.exists(), timeout=3000)
    saved = load_project(window.autosave.project_file)
    assert saved.journey(0).get(tp.id).title == "Edited before the crash"
    meta = json.loads(window.autosave.project_file.with_suffix(".json").read_text("utf-8"))
    assert meta["original"] == str(sample_copy)
    assert meta["title"] == window.project().title
    assert window.autosave.project_file.parent == autosave_folder()
    # the original file is untouched by autosave
    assert load_project(sample_copy).journey(0).get(tp.id).title != "Edited before the crash"


def test_saving_removes_the_autosave(qtbot, sample_copy: Path) -> None:
    window = _window(qtbot, sample_copy)
    window.editor.update(window.current_journey(), _first_touchpoint(window).id, title="Saved soon")
    qtbot.waitUntil(lambda: window.autosave.project_file.exists(), timeout=3000)
    assert window.save()
    assert not window.autosave.project_file.exists()
    assert not window.autosave.project_file.with_suffix(".json").exists()


def test_undo_back_to_clean_removes_the_autosave(qtbot, sample_copy: Path) -> None:
    window = _window(qtbot, sample_copy)
    window.editor.update(window.current_journey(), _first_touchpoint(window).id, title="Temporary")
    qtbot.waitUntil(lambda: window.autosave.project_file.exists(), timeout=3000)
    window.editor.stack.undo()
    assert not window.autosave.project_file.exists()


def test_running_sessions_are_not_offered(qtbot, sample_copy: Path) -> None:
    window = _window(qtbot, sample_copy)
    window.editor.update(window.current_journey(), _first_touchpoint(window).id, title="Still running")
    qtbot.waitUntil(lambda: window.autosave.project_file.exists(), timeout=3000)
    assert pending_autosaves() == []  # this process is alive: its autosave is not a crash
    assert len(pending_autosaves(include_running=True)) == 1


def test_after_a_crash_a_new_window_recovers_the_edit(qtbot, sample_copy: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    crashed = _window(qtbot, sample_copy)
    journey = crashed.current_journey()
    tp = _first_touchpoint(crashed)
    crashed.editor.update(journey, tp.id, title="Recovered title")
    crashed.editor.set_emotion(journey, tp.id, -2)
    qtbot.waitUntil(lambda: crashed.autosave.project_file.exists(), timeout=3000)
    expected = project_to_dict(crashed.project())
    _simulate_crash(crashed)

    entries = pending_autosaves()
    assert [e.title for e in entries] == [crashed.project().title]
    assert entries[0].original == str(sample_copy)

    shown: list[RecoveryDialog] = []

    def accept(dialog: RecoveryDialog) -> int:
        shown.append(dialog)
        assert dialog.list.count() == 1
        assert crashed.project().title in dialog.list.item(0).text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryDialog, "exec", accept)
    windows = offer_recovery()
    assert shown and len(windows) == 1
    recovered = windows[0]
    qtbot.addWidget(recovered)
    assert project_to_dict(recovered.project()) == expected
    assert recovered.current_journey().get(tp.id).title == "Recovered title"
    assert recovered.path == sample_copy
    assert recovered.isWindowModified()  # unsaved until the user saves
    # saving writes the original file and clears the recovered autosave
    assert recovered.save()
    assert load_project(sample_copy).journey(0).get(tp.id).title == "Recovered title"
    assert pending_autosaves(include_running=True) == []


def test_discard_all_deletes_the_autosaves(qtbot, sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crashed = _window(qtbot, sample_copy)
    crashed.editor.update(crashed.current_journey(), _first_touchpoint(crashed).id, title="Lost on purpose")
    qtbot.waitUntil(lambda: crashed.autosave.project_file.exists(), timeout=3000)
    _simulate_crash(crashed)

    def discard(dialog: RecoveryDialog) -> int:
        dialog.discard_button.click()
        return dialog.result()

    monkeypatch.setattr(RecoveryDialog, "exec", discard)
    assert offer_recovery() == []
    assert pending_autosaves(include_running=True) == []


def test_an_unreadable_autosave_is_reported_not_raised(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = autosave_folder()
    folder.mkdir(parents=True)
    (folder / "broken.journey").write_text("{not json", "utf-8")
    meta = {"original": None, "title": "Broken", "saved_at": "2026-01-01T10:00:00", "pid": 0}
    (folder / "broken.json").write_text(json.dumps(meta), "utf-8")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a: messages.append(text)))
    entry = pending_autosaves()[0]
    assert recover(entry) is None
    assert messages and "broken.journey" in messages[0]


def test_opening_another_project_drops_the_discarded_work(qtbot, sample_copy: Path) -> None:
    window = _window(qtbot, sample_copy)
    window.editor.update(window.current_journey(), _first_touchpoint(window).id, title="Discarded")
    qtbot.waitUntil(lambda: window.autosave.project_file.exists(), timeout=3000)
    assert window.open_path(SAMPLE)  # QMessageBox.question answers Discard
    assert not window.autosave.project_file.exists()
    assert pending_autosaves(include_running=True) == []


def test_recovery_opens_in_the_blank_start_window(qtbot, sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    from app.widgets.main_window import MainWindow

    crashed = _window(qtbot, sample_copy)
    tp = _first_touchpoint(crashed)
    crashed.editor.update(crashed.current_journey(), tp.id, title="Back in the same window")
    qtbot.waitUntil(lambda: crashed.autosave.project_file.exists(), timeout=3000)
    _simulate_crash(crashed)

    start = MainWindow()  # what `waymark` without a file shows first
    qtbot.addWidget(start)
    start.show()
    before = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    assert offer_recovery(start) == []  # no second window
    after = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    assert after == before
    assert start.path == sample_copy and start.isWindowModified()  # no Untitled left behind
    assert start.current_journey().get(tp.id).title == "Back in the same window"
    assert start.windowTitle() == f"{sample_copy.name}[*] — Waymark"
    start.editor.stack.setClean()


def test_recovery_does_not_replace_a_project_the_user_opened(qtbot, sample_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    crashed = _window(qtbot, sample_copy)
    crashed.editor.update(crashed.current_journey(), _first_touchpoint(crashed).id, title="Elsewhere")
    qtbot.waitUntil(lambda: crashed.autosave.project_file.exists(), timeout=3000)
    _simulate_crash(crashed)
    opened = _window(qtbot, sample_copy)
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    windows = offer_recovery(opened)
    assert len(windows) == 1 and windows[0] is not opened
    qtbot.addWidget(windows[0])
    assert _first_touchpoint(windows[0]).title == "Elsewhere"
    assert _first_touchpoint(opened).title != "Elsewhere"
    windows[0].editor.stack.setClean()


def test_the_autosave_of_a_zombie_process_is_offered(qtbot, sample_copy: Path) -> None:
    import subprocess
    import sys
    import time

    from app.model.processes import process_state

    window = _window(qtbot, sample_copy)
    window.editor.update(window.current_journey(), _first_touchpoint(window).id, title="Left by a zombie")
    qtbot.waitUntil(lambda: window.autosave.project_file.exists(), timeout=3000)
    window.autosave.timer.stop()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])  # exits, and stays unreaped until wait()
    try:
        deadline = time.monotonic() + 10
        while process_state(zombie.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        sidecar = window.autosave.project_file.with_suffix(".json")
        meta = json.loads(sidecar.read_text("utf-8"))
        meta["pid"] = zombie.pid
        sidecar.write_text(json.dumps(meta), "utf-8")
        assert [e.pid for e in pending_autosaves()] == [zombie.pid]
    finally:
        zombie.wait()
    window.editor.stack.setClean()
