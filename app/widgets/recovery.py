"""Crash recovery: the dialog offering the autosaves of sessions that did not end cleanly, and
opening the chosen ones (unsaved until the user saves them): the first in the window the editor
started with when that still shows the untouched blank project, the others in new windows.

Loaded after the first window has painted, and only when there is something to recover.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

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


def is_pristine(window: object) -> TypeGuard[MainWindow]:
    """A window still showing the untouched blank project it started with (nothing to lose by reusing it)."""
    from .main_window import MainWindow

    return isinstance(window, MainWindow) and window.path is None and window.editor.stack.count() == 0


def recover(entry: AutosaveEntry, window_factory: type[MainWindow] | None = None,
            into: MainWindow | None = None) -> MainWindow | None:
    """Open an autosave in `into` (a pristine window) or a new window: unsaved (title shows *), saved
    to the original path on Save."""
    from .main_window import MainWindow

    try:
        project: Project = load_project(entry.project_file)
    except LoadError as exc:
        QMessageBox.critical(into, "Cannot recover", exc.message())
        return None
    original = Path(entry.original) if entry.original else None
    if into is not None:
        into.set_project(project, original)
        window = into
    else:
        window = (window_factory or MainWindow)(project, original)
    window.autosave.adopt(entry.key)
    window.autosave.write_now()  # now owned by this (running) session
    window.editor.stack.resetClean()  # recovered work is unsaved until the user saves it
    window.update_title()
    return window


def offer_recovery(parent: QWidget | None = None) -> list[MainWindow]:
    """Ask about the autosaves of crashed sessions; returns the new windows of the recovered projects.

    The first recovered project opens in `parent` when that window still shows the untouched blank
    project (the usual start without a file): no second window, no Untitled left behind."""
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
    reusable = parent if is_pristine(parent) else None
    for entry in dialog.chosen():
        window = recover(entry, into=reusable)
        if window is None:
            continue
        if window is reusable:
            reusable = None
        else:
            windows.append(window)
    return windows
