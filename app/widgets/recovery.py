"""Crash recovery: the dialog offering the autosaves of sessions that did not end cleanly, and
opening the chosen ones in new windows (unsaved until the user saves them).

Loaded after the first window has painted, and only when there is something to recover.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.model import LoadError, Project, load_project

from .autosave import AutosaveEntry, pending_autosaves

if TYPE_CHECKING:
    from .main_window import MainWindow


class RecoveryDialog(QDialog):
    """Lists the autosaves of sessions that ended without saving; the user picks what to recover."""

    def __init__(self, entries: list[AutosaveEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.entries = entries
        layout = QVBoxLayout(self)
        intro = QLabel("Waymark did not close normally last time. These projects had unsaved changes; "
                       "tick the ones to recover.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for entry in entries:
            where = entry.original or "never saved"
            item = QListWidgetItem(f"{entry.title or 'Untitled project'} — {entry.when()}\n{where}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.setMinimumSize(460, 160)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.recover_button = buttons.addButton("Recover", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton("Discard all", QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.recover_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.discard_button.clicked.connect(self._discard_all)
        layout.addWidget(buttons)
        self.discarded = False

    def _discard_all(self) -> None:
        self.discarded = True
        self.done(QDialog.DialogCode.Rejected)

    def chosen(self) -> list[AutosaveEntry]:
        return [e for i, e in enumerate(self.entries)
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


def recover(entry: AutosaveEntry, window_factory: type[MainWindow] | None = None) -> MainWindow | None:
    """Open an autosave in a new window: unsaved (title shows *), saved to the original path on Save."""
    from .main_window import MainWindow

    try:
        project: Project = load_project(entry.project_file)
    except LoadError as exc:
        QMessageBox.critical(None, "Cannot recover", exc.message())
        return None
    original = Path(entry.original) if entry.original else None
    window = (window_factory or MainWindow)(project, original)
    window.autosave.adopt(entry.key)
    window.autosave.write_now()  # now owned by this (running) session
    window.editor.stack.resetClean()  # recovered work is unsaved until the user saves it
    window.update_title()
    return window


def offer_recovery(parent: QWidget | None = None) -> list[MainWindow]:
    """Ask about the autosaves of crashed sessions; returns the windows of the recovered projects."""
    entries = pending_autosaves()
    if not entries:
        return []
    dialog = RecoveryDialog(entries, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if dialog.discarded:
        for entry in entries:
            entry.remove()
        return []
    if not accepted:
        return []
    windows = []
    for entry in dialog.chosen():
        window = recover(entry)
        if window is not None:
            windows.append(window)
    return windows
