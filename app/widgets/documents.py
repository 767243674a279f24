"""Project files as the window sees them: New, Open, Open Recent, Save, Save As, Revert, Import, Export.

Unsaved changes are the undo stack's clean state. Whatever would throw them away (New, Open,
Revert, Close, Quit) asks first: Save, Discard or Cancel. A file that cannot be opened is
reported in a dialog with the loader's message (file, field path, problem), never a traceback,
and the project already open stays as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMenu

from app.model import LoadError, load_project, save_project
from app.model.locking import ProjectLock
from app.model.storage import clean_stale_temporaries

from .disk_changes import KEEP_MINE

if TYPE_CHECKING:
    from .main_window import MainWindow

SUFFIX = ".journey"
PROJECT_FILTER = "Waymark projects (*.journey);;All files (*)"
RECENT_KEY = "files/recent"
MAX_RECENT = 10
LOCK_WAIT_S = 3.0  # a command-line writer (import-survey) finishes in well under this
IMPORT_FILTER = ("All supported (*.mmd *.mermaid *.csv *.xlsx *.ojf *.json);;Mermaid journey (*.mmd *.mermaid);;"
                 "CSV (*.csv);;Excel workbook (*.xlsx);;OpenJourney (*.ojf *.json)")
EXPORT_FILTERS = {
    "PNG image (*.png)": ".png",
    "SVG drawing (*.svg)": ".svg",
    "Mermaid journey (*.mmd)": ".mmd",
    "CSV table (*.csv)": ".csv",
    "Excel workbook (*.xlsx)": ".xlsx",
}


def recent_files() -> list[str]:
    value = QSettings().value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings hands back a one-item list as a plain string
        value = [value]
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def remember_recent(path: str | Path) -> None:
    entry = str(Path(path).resolve())
    old = recent_files()
    files = ([entry] + [f for f in old if f != entry])[:MAX_RECENT]
    if files != old:  # reopening the latest file leaves the settings file unwritten
        QSettings().setValue(RECENT_KEY, files)


def forget_recent(path: str) -> None:
    QSettings().setValue(RECENT_KEY, [f for f in recent_files() if f != path])


class ProjectFiles(QObject):
    """The file commands of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

    # ------------------------------------------------------------------ asking
    def maybe_save(self) -> bool:
        """True when it is fine to throw the current project away (saved, discarded or clean)."""
        w = self.window
        if w.editor is None or w.editor.stack.isClean():
            return True
        from PySide6.QtWidgets import QMessageBox  # loads only when there is something to ask

        answer = QMessageBox.question(
            w, "Unsaved changes",
            f"Save the changes to {w.display_name()} before closing it?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -------------------------------------------------------------------- new
    def new_project(self) -> None:
        if self.maybe_save():
            from app.model.templates import blank_project

            self.window.set_project(blank_project(), None)

    def new_from_template(self) -> None:
        from .new_dialog import NewFromTemplateDialog

        dialog = NewFromTemplateDialog(self.window)
        if dialog.exec() and dialog.selected_name() and self.maybe_save():
            self.window.set_project(dialog.build_project(), None)

    # ------------------------------------------------------------------- open
    def open_dialog(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.path.parent) if self.window.path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project", start, PROJECT_FILTER)
        return bool(path) and self.open_path(path)

    def open_path(self, path: str | Path, *, ask: bool = True) -> bool:
        """Open a .journey file in this window; a bad file is reported and changes nothing."""
        from PySide6.QtWidgets import QMessageBox

        if ask and not self.maybe_save():
            return False
        try:
            project = load_project(path)
        except LoadError as exc:
            QMessageBox.critical(self.window, "Cannot open project", exc.message())
            return False
        self.window.set_project(project, Path(path))
        target = Path(path).resolve()
        clean_stale_temporaries(target.parent, target.name)  # left by a Waymark killed while saving it
        remember_recent(path)
        return True

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = recent_files()
        for i, name in enumerate(files):
            label = f"&{i + 1} {Path(name).name}" if i < 9 else Path(name).name
            action = menu.addAction(label)
            action.setToolTip(name)
            action.setStatusTip(name)
            action.triggered.connect(lambda _c=False, n=name: self._open_recent(n))
        if not files:
            menu.addAction("No recent projects").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear list", lambda: QSettings().setValue(RECENT_KEY, []))

    def _open_recent(self, name: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if not Path(name).exists():
            QMessageBox.warning(self.window, "Open recent", f"{name}: no such file; removed from the list.")
            forget_recent(name)
            return
        self.open_path(name)

    # ------------------------------------------------------------------- save
    def save(self) -> bool:
        if self.window.path is None:
            return self.save_as_dialog()
        return self._write(self.window.path)

    def save_as_dialog(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        w = self.window
        start = str(w.path) if w.path else str(Path.home() / (_file_stem(w.project().title) + SUFFIX))
        path, _ = QFileDialog.getSaveFileName(w, "Save project as", start, PROJECT_FILTER)
        if path and not path.lower().endswith(SUFFIX):
            path += SUFFIX  # "plan.v2" becomes "plan.v2.journey", so Open finds it
        return bool(path) and self.save_as(path)

    def save_as(self, path: str | Path) -> bool:
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(SUFFIX)
        if not self._write(target):
            return False
        previous, self.window.path = self.window.path, target
        # a workshop session's journal (running or paused) follows the file
        self.window.workshop.project_saved_as(target, previous)
        self.window.disk_changes.remember()
        self.window.update_title()
        remember_recent(target)
        return True

    def _write(self, path: Path) -> bool:
        from PySide6.QtWidgets import QMessageBox

        w = self.window
        if w.path is not None and path == w.path and w.disk_changes.changed():
            # someone else's changes on disk: never written over unseen (Reload, Keep mine, Compare)
            return w.disk_changes.resolve(saving=True) == KEEP_MINE
        try:
            with ProjectLock(path, wait=LOCK_WAIT_S):
                save_project(w.project(), path)
        except OSError as exc:
            QMessageBox.critical(w, "Cannot save project",
                                 f"{path}: {exc.strerror or exc}. The project is still open; nothing was lost.")
            return False
        w.editor.stack.setClean()
        w.autosave.discard()
        if path == w.path:
            w.disk_changes.remember()
        w.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def revert(self) -> bool:
        """Reload the saved file, throwing away the changes since (after asking)."""
        from PySide6.QtWidgets import QMessageBox

        w = self.window
        if w.path is None:
            return False
        if not w.editor.stack.isClean():
            answer = QMessageBox.question(
                w, "Revert", f"Discard all changes since {w.path.name} was last saved?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return False
        w.autosave.discard()
        return self.open_path(w.path, ask=False)

    # ---------------------------------------------------------- import/export
    def import_dialog(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window, "Import journey", "", IMPORT_FILTER)
        return bool(path) and self.import_path(path)

    def import_path(self, path: str | Path) -> bool:
        """Import a Mermaid/CSV/Excel/OpenJourney file as a new untitled project."""
        from PySide6.QtWidgets import QMessageBox

        from app.formats import FormatError, import_project

        if not self.maybe_save():
            return False
        warnings: list[str] = []
        try:
            project = import_project(path, warnings)
        except FormatError as exc:
            QMessageBox.critical(self.window, "Cannot import", str(exc))
            return False
        self.window.set_project(project, None)
        self.window.editor.stack.resetClean()  # an import is unsaved work
        self.window.update_title()
        if warnings:
            shown = "\n".join(f"• {w}" for w in warnings[:12])
            more = f"\n… and {len(warnings) - 12} more" if len(warnings) > 12 else ""
            QMessageBox.warning(self.window, "Imported with warnings",
                                f"{Path(path).name} was imported; Waymark worked around these problems:\n\n"
                                f"{shown}{more}")
        return True

    def export_dialog(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        w = self.window
        stem = w.path.with_suffix("") if w.path else Path.home() / _file_stem(w.current_journey().title)
        path, chosen = QFileDialog.getSaveFileName(w, "Export journey", str(stem) + ".png", ";;".join(EXPORT_FILTERS))
        if not path:
            return False
        target = Path(path)
        if not target.suffix and chosen in EXPORT_FILTERS:
            target = target.with_suffix(EXPORT_FILTERS[chosen])
        return self.export_path(target)

    def export_path(self, path: Path) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from app.export.dispatch import ExportError, export_to_path

        try:
            export_to_path(self.window.project(), path, journey=self.window.current_journey().id)
        except ExportError as exc:
            QMessageBox.critical(self.window, "Cannot export", str(exc))
            return False
        self.window.statusBar().showMessage(f"Exported {path.name}", 4000)
        from .export_done import confirm_export

        confirm_export(self.window, path)
        return True


def _file_stem(title: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_" else " " for c in title).strip()
    return "-".join(cleaned.lower().split()) or "journey"


class ProjectFileDrop(QObject):
    """Event filter: a .journey file dropped anywhere on the window opens it."""

    def __init__(self, files: ProjectFiles) -> None:
        super().__init__(files)
        self._files = files

    @staticmethod
    def _project_path(event: QDropEvent) -> str | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
                return url.toLocalFile()
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QDropEvent):  # drag enter and drag move events are drop events too
            return False
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and self._project_path(event):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop:
            path = self._project_path(event)
            if path:
                event.acceptProposedAction()
                self._files.open_path(path)
                return True
        return False
