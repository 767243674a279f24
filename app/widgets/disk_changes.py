"""Noticing that the open project's file changed on disk (another program, another Waymark, a sync
tool), when the window comes back to the front and before saving over it, and asking what to do:

- Reload: open the version on disk (the changes made here are discarded);
- Keep mine: save this version under a new name, leaving the other one as it is;
- Compare: list what differs between the two, then ask again.

Nothing is written over a file whose changes the user has not seen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QVBoxLayout

from app.model import LoadError, load_project
from app.model.project_diff import differences

if TYPE_CHECKING:
    from .main_window import MainWindow

Signature = tuple[int, int, int]

RELOAD, KEEP_MINE, CANCEL = "reload", "keep-mine", "cancel"


def signature(path: Path | None) -> Signature | None:
    """What tells one version of a file from another without reading it (None: no such file)."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class DiskChanges(QObject):
    """Watches the file of one window at the moments that matter (activation, save)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._seen: Signature | None = None  # the version the window shows
        self._dismissed: Signature | None = None  # a version the user was asked about and cancelled
        self._asking = False

    def remember(self) -> None:
        """The file as it is now is the version the window shows (after open, reload or save)."""
        self._seen = signature(self.window.path)
        self._dismissed = None

    def changed(self) -> bool:
        now = signature(self.window.path)
        return now is not None and self._seen is not None and now != self._seen

    def check_soon(self) -> None:
        """On activation: ask once the window is in front (not inside the activation event)."""
        QTimer.singleShot(0, self.check)

    def check(self) -> str | None:
        """On activation: ask about a changed file (once per version); None when there was nothing to ask."""
        if self._asking or not self.changed() or signature(self.window.path) == self._dismissed:
            return None
        answer = self.resolve()
        if answer == CANCEL:  # not again on every activation; saving still asks
            self._dismissed = signature(self.window.path)
        return answer

    def resolve(self, *, saving: bool = False) -> str:
        """The dialog: Reload, Keep mine (save as), Compare (then ask again), or Cancel."""
        w = self.window
        path = w.path
        assert path is not None
        self._asking = True
        try:
            while True:
                box = QMessageBox(w)
                box.setObjectName("disk_changes_box")
                box.setIcon(QMessageBox.Icon.Warning)
                box.setWindowTitle("File changed on disk")
                box.setText(f"{path.name} was changed on disk by another program since you opened it.")
                box.setInformativeText(
                    ("Saving now would overwrite those changes. " if saving else "")
                    + "Reload the version on disk (your unsaved changes here are discarded), keep yours and "
                    "save it under a new name, or compare the two first.")
                reload_button = box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole)
                keep_button = box.addButton("Keep mine…", QMessageBox.ButtonRole.AcceptRole)
                compare_button = box.addButton("Compare", QMessageBox.ButtonRole.ActionRole)
                cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
                box.setDefaultButton(keep_button)
                box.setEscapeButton(cancel_button)
                box.exec()
                clicked = box.clickedButton()
                box.deleteLater()
                if clicked is compare_button:
                    self.compare()
                    continue
                if clicked is reload_button:
                    return RELOAD if self.reload() else CANCEL
                if clicked is keep_button:
                    return KEEP_MINE if w.files.save_as_dialog() else CANCEL
                return CANCEL
        finally:
            self._asking = False

    def reload(self) -> bool:
        w = self.window
        if w.path is None:  # an untitled project has no version on disk
            return False
        w.autosave.discard()
        return w.files.open_path(w.path, ask=False)

    def compare(self) -> None:
        """A window listing what differs between this version and the one on disk."""
        w = self.window
        if w.path is None:  # an untitled project has no version on disk
            return
        try:
            theirs = load_project(w.path)
        except LoadError as exc:
            lines = ["The version on disk cannot be opened:", exc.message()]
        else:
            lines = differences(w.project(), theirs) or ["No differences in content (only the file was rewritten)."]
        dialog = QDialog(w)
        dialog.setObjectName("disk_changes_compare")
        dialog.setWindowTitle(f"{w.path.name}: yours and the version on disk")
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(f"{len(lines)} difference{'s' * (len(lines) != 1)} "
                                "(“yours” is the map open here):"))
        text = QPlainTextEdit("\n".join(lines))
        text.setReadOnly(True)
        text.setMinimumSize(560, 280)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.exec()
        dialog.deleteLater()
