"""Start the editor: the QApplication, the theme, the first window, the crash-recovery offer.

`run_editor(path)` is what `waymark [FILE]` and `python main.py [FILE]` call. With the
environment variable WAYMARK_QUIT_AFTER_SHOW=1 the editor prints `PAINTED=<wall-clock time>` and
quits as soon as the first window has painted (benchmarks/bench_startup.py times start-up so).

Start-up runs without cyclic garbage collection (app/cli.py turns it off before Qt loads):
importing Qt and networkx and building the window allocate a great deal and free almost
nothing, so the collector's passes over the growing heap were pure cost. Once the window has
painted, the collector comes back with everything made so far frozen (`gc.freeze`): those
objects live as long as the editor, and later collections, including the one at exit, skip them.

The model opens the file on networkx's graph classes alone (app/model/nxcore.py); once the
window has painted, the rest of networkx loads in a background thread, ready for the first
analysis.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

APP_NAME = "Waymark"
ORGANIZATION = "Waymark"

# the windows of this process (Python must hold them, or they are collected)
WINDOWS: list[QObject] = []


class _AfterFirstPaint(QObject):
    """Calls `then` once, as soon as the watched window has painted for the first time."""

    def __init__(self, watched: QObject, then: Callable[[], object]) -> None:
        super().__init__(watched)
        self._then = then
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def _settle_heap() -> None:
    """End start-up's collector pause: freeze what start-up made, collect again from here on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


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
    if project is not None and path:
        opened = path
        QTimer.singleShot(0, lambda: remember_recent(opened))  # after the first paint
    _keep(window)
    if problem or missing:
        QTimer.singleShot(0, lambda: _explain_start(window, path, problem))
    return window


def _keep(window: QWidget) -> None:
    """Hold the window while it is open; once closed, Qt deletes it with everything it owns (its
    editor, undo history, canvases and scenes, from the window down), and it leaves WINDOWS."""
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    WINDOWS.append(window)
    window.destroyed.connect(lambda _o=None, w=window: WINDOWS.remove(w) if w in WINDOWS else None)


def _explain_start(window: QWidget, path: str | None, problem: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # only when there is something to say

    if problem:
        QMessageBox.critical(window, "Cannot open project", problem)
    else:
        QMessageBox.information(window, "Waymark",
                                f"{path}: no such file. A new project is open; Save creates the file.")


def run_editor(path: str | None) -> int:
    """Open the editor (on `path` when given) and run until the last window closes."""
    app = application()
    from .theme import apply_theme, follow_system_scheme

    apply_theme(app)
    follow_system_scheme(app)
    window = open_window(path)
    quick_exit = os.environ.get("WAYMARK_QUIT_AFTER_SHOW") == "1"

    def after_first_paint() -> None:
        if quick_exit:  # for bench_startup: when the first paint was done, by the wall clock
            import time

            print(f"PAINTED={time.time()}", flush=True)
        _settle_heap()
        if quick_exit:
            QApplication.quit()
        else:
            from app.model.nxcore import complete_in_background

            complete_in_background()  # networkx's algorithms, for the first analysis

    _AfterFirstPaint(window, after_first_paint)
    QTimer.singleShot(3000, _settle_heap)  # in case no paint ever comes (a window opened minimised)
    window.show()
    if not quick_exit:
        QTimer.singleShot(0, lambda: _offer_recovery(window))
    code = app.exec()
    if quick_exit:
        window.autosave.discard()
    return code


def _offer_recovery(parent: QWidget) -> None:
    from .recovery import offer_recovery

    for recovered in offer_recovery(parent):
        _keep(recovered)
        recovered.show()
