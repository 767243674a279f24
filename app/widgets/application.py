"""Start the editor: the QApplication, the theme, the first window, the crash-recovery offer.

`run_editor(path)` is what `waymark [FILE]` and `python main.py [FILE]` call. With the
environment variable WAYMARK_QUIT_AFTER_SHOW=1 the editor quits as soon as the first window
has painted (used by benchmarks/bench_startup.py to time start-up).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

APP_NAME = "Waymark"
ORGANIZATION = "Waymark"

# the windows of this process (Python must hold them, or they are collected)
WINDOWS: list[QObject] = []


class _QuitAfterFirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def application() -> QApplication:
    """The QApplication, created with Waymark's names (settings and autosave folders use them)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    return app


def open_window(path: str | None):  # -> MainWindow
    """A window on the file; a new project when there is none, or (after saying why) when it cannot be opened."""
    from app.model import LoadError, load_project

    from .documents import remember_recent
    from .main_window import MainWindow

    project, problem, missing = None, "", False
    if path:
        if Path(path).exists():
            try:
                project = load_project(path)
            except LoadError as exc:
                problem = exc.message()
        else:
            missing = True
    window = MainWindow(project, path if project is not None or missing else None)
    if project is not None:
        QTimer.singleShot(0, lambda: remember_recent(path))  # type: ignore[arg-type]  # after the first paint
    WINDOWS.append(window)
    window.destroyed.connect(lambda _o=None, w=window: WINDOWS.remove(w) if w in WINDOWS else None)
    if problem:
        QTimer.singleShot(0, lambda: QMessageBox.critical(window, "Cannot open project", problem))
    elif missing:
        QTimer.singleShot(0, lambda: QMessageBox.information(
            window, "Waymark", f"{path}: no such file. A new project is open; Save creates the file."))
    return window


def run_editor(path: str | None) -> int:
    """Open the editor (on `path` when given) and run until the last window closes."""
    app = application()
    from .theme import apply_theme, follow_system_scheme

    apply_theme(app)
    follow_system_scheme(app)
    window = open_window(path)
    quick_exit = os.environ.get("WAYMARK_QUIT_AFTER_SHOW") == "1"
    if quick_exit:
        window.installEventFilter(_QuitAfterFirstPaint(window))
    window.show()
    if not quick_exit:
        QTimer.singleShot(0, lambda: _offer_recovery(window))
    code = app.exec()
    if quick_exit:
        window.autosave.discard()
    return code


def _offer_recovery(parent: QObject) -> None:
    from .autosave import offer_recovery

    for recovered in offer_recovery(parent):  # type: ignore[arg-type]
        WINDOWS.append(recovered)
        recovered.show()
