"""Autosave and crash recovery.

While a window has unsaved changes, its project is written every interval (60 s by default)
to `<AppDataLocation>/autosave/<key>.journey`, atomically, beside a small JSON sidecar
`<key>.json` naming the original file, the title, the time and the process. Saving, or closing
cleanly, removes both. Autosaves still on disk at the next start belong to a session that did
not end cleanly; the editor offers to recover them (app/widgets/recovery.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from app.model import new_id
from app.model.processes import process_alive
from app.model.storage import atomic_write, dumps_project

if TYPE_CHECKING:
    from .main_window import MainWindow

DEFAULT_INTERVAL_MS = 60_000


def autosave_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".waymark") / "autosave"


@dataclass
class AutosaveEntry:
    key: str
    project_file: Path
    original: str | None
    title: str
    saved_at: str  # ISO time
    pid: int

    @property
    def sidecar(self) -> Path:
        return self.project_file.with_suffix(".json")

    def when(self) -> str:
        try:
            return datetime.fromisoformat(self.saved_at).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.saved_at

    def remove(self) -> None:
        for p in (self.project_file, self.sidecar, self.project_file.with_name(self.project_file.name + ".bak")):
            try:
                p.unlink()
            except FileNotFoundError:
                pass


def pending_autosaves(folder: Path | None = None, *, include_running: bool = False) -> list[AutosaveEntry]:
    """Autosaves left by sessions that are no longer running, newest first."""
    folder = folder or autosave_folder()
    entries = []
    for sidecar in sorted(folder.glob("*.json")):
        try:
            meta = json.loads(sidecar.read_text("utf-8"))
            entry = AutosaveEntry(sidecar.stem, sidecar.with_suffix(".journey"), meta.get("original"),
                                  str(meta.get("title", "")), str(meta.get("saved_at", "")), int(meta.get("pid", 0)))
        except (OSError, ValueError, TypeError, AttributeError):
            continue
        if not entry.project_file.exists():
            continue
        if not include_running and process_alive(entry.pid):
            continue
        entries.append(entry)
    return sorted(entries, key=lambda e: e.saved_at, reverse=True)


class Autosave(QObject):
    """Writes the window's project while it has unsaved changes; removes the copy when clean."""

    def __init__(self, window: MainWindow, interval_ms: int = DEFAULT_INTERVAL_MS) -> None:
        super().__init__(window)
        self.window = window
        self._key: str | None = None  # named on first use: a window that never autosaves needs no name
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = new_id()
        return self._key

    @property
    def project_file(self) -> Path:
        return autosave_folder() / f"{self.key}.journey"

    def entry(self) -> AutosaveEntry:
        return AutosaveEntry(self.key, self.project_file, None, "", "", os.getpid())

    def adopt(self, key: str) -> None:
        """Continue writing to a recovered autosave, so it survives until the project is saved."""
        self._key = key

    def watch(self) -> None:
        """Call when the window's editor was replaced."""
        self.window.editor.stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()

    def tick(self) -> None:
        editor = self.window.editor
        if editor is not None and not editor.stack.isClean():
            self.write_now()

    def write_now(self) -> Path | None:
        folder = autosave_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.project_file, dumps_project(self.window.project()).encode("utf-8"), keep_backup=False)
            meta = {
                "original": str(self.window.path) if self.window.path else None,
                "title": self.window.project().title,
                "saved_at": datetime.now().isoformat(timespec="seconds"),
                "pid": os.getpid(),
            }
            atomic_write(self.project_file.with_suffix(".json"), json.dumps(meta).encode("utf-8"), keep_backup=False)
        except OSError as exc:
            self.window.statusBar().showMessage(f"Autosave failed: {exc.strerror or exc}", 8000)
            return None
        return self.project_file

    def discard(self) -> None:
        if self._key is not None:  # else nothing was ever written
            self.entry().remove()
