"""Shared test set-up: Qt runs offscreen; every test gets its own settings and data folders; the
property-based tests (hypothesis) draw the same examples on every machine, fresh or not."""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

pytest_plugins = ["tests.modal_watchdog"]

# No example database (.hypothesis/ would replay what failed on this machine before) and a fixed
# seed: a property test gives the same answer on every machine and on every run.
settings.register_profile("waymark", database=None, derandomize=True)
settings.load_profile("waymark")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings, autosaves and recent files out of the developer's home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "run"))
    (home / "run").mkdir(mode=0o700)


@pytest.fixture
def synthetic():
    from app.model.synthetic import synthetic_project

    return synthetic_project


def _delete_deferred_and_collect() -> None:
    """Delete what waits for deleteLater (the widgets pytest-qt closed), then collect the
    wrappers' cycles, while the QApplication is alive: Qt deletes each object tree from its
    owner down, and whatever the collector frees afterwards has no C++ object left to touch."""
    if "PySide6.QtWidgets" not in sys.modules:  # a test without Qt: nothing to delete
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(autouse=True)
def _release_qt_objects_after_each_test(request: pytest.FixtureRequest):
    """The widgets a Qt test made go at the end of that test (pytest-qt has closed them and asked
    for deleteLater before this runs), not whenever a later test happens to run an event loop or
    the collector happens to run: a lifetime bug shows in the test that has it. (Tests without
    qtbot skip the full collection, which costs some 20 ms.)"""
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        _delete_deferred_and_collect()


@pytest.fixture(autouse=True, scope="session")
def _release_qt_at_exit():
    """At the end of the session, while the QApplication is alive: close and delete the windows
    still open, then collect. Qt's offscreen clipboard also crashes at interpreter exit while it
    still owns copied data (a QMimeData from a copy test), so it is emptied first."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.clipboard().clear()
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    _delete_deferred_and_collect()


@pytest.fixture
def saved_sample_window(qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The editor on a saved copy of the bundled sample, shown; closing it discards changes."""
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from app.model import load_project
    from app.model.sample import SAMPLE_PATH
    from app.widgets.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    path = tmp_path / "retailer.journey"
    shutil.copyfile(SAMPLE_PATH, path)
    window = MainWindow(load_project(path), path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
