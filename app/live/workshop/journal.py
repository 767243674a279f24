"""The session journal: one JSON object per line next to the project file, fsynced per event.

An event is on disk (written, flushed and fsynced) before the server acknowledges it, so a
crash or a kill -9 loses nothing a phone was told was received. Events arriving together share
one fsync (group commit, see `room.GroupCommit`): on a busy disk an fsync takes milliseconds.
Reading is forgiving: a last line cut short by a crash is skipped, and any other unreadable line
is reported, not fatal.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

SUFFIX = ".workshop.jsonl"


def journal_path(project_path: str | os.PathLike[str]) -> Path:
    """retail.journey -> retail.workshop.jsonl, beside it."""
    path = Path(project_path)
    return path.with_name(path.stem + SUFFIX)


def read_journal(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The events in the journal and a message for each line that could not be read."""
    events: list[dict[str, Any]] = []
    problems: list[str] = []
    if not path.exists():
        return events, problems
    lines = path.read_bytes().split(b"\n")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            event = json.loads(raw)
            if not isinstance(event, dict) or "op" not in event:
                raise ValueError("not an event object")
        except ValueError as exc:
            last = number >= len(lines) - 1
            if last:  # a write cut short by a crash: the phone was never told it arrived
                problems.append(f"{path.name}:{number}: skipped an incomplete last line (cut short by a crash)")
            else:
                problems.append(f"{path.name}:{number}: skipped an unreadable line ({exc})")
            continue
        events.append(event)
    return events, problems


class Journal:
    """Appends events durably; one writer per session."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # tokens inside: owner only
        self._file: IO[bytes] = os.fdopen(fd, "ab")
        if path.stat().st_size and not _ends_with_newline(path):
            self._file.write(b"\n")  # after a cut-short line, start on a fresh one

    def write(self, event: dict[str, Any]) -> None:
        """Hand the event to the operating system; durable only after the next `sync()`."""
        self._file.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        self._file.flush()

    def sync(self) -> None:
        """fsync: everything written so far survives a crash or a power cut."""
        os.fsync(self._file.fileno())

    def append(self, event: dict[str, Any]) -> None:
        self.write(event)
        self.sync()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def move_to(self, target: Path) -> Path | None:
        """Move the journal to `target` (the project was saved under a new name), keeping it open.

        On one filesystem this is a single rename: at every instant the whole journal is under one
        of the two names, and a crash after this returns resumes on the new one. Across filesystems
        it is copied, fsynced and renamed into place before the old one is removed (a crash in
        between leaves two copies, never none). A journal already at `target` (another session's)
        is moved aside, not overwritten; its new name is returned."""
        target = Path(target)
        if target == self.path:
            return None
        self.sync()
        aside = None
        if target.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            aside = target.with_name(target.name.removesuffix(SUFFIX) + f".workshop-replaced-{stamp}.jsonl")
            os.replace(target, aside)
        old = self.path
        try:
            os.replace(old, target)  # the open file keeps appending to the same inode
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            part = target.with_name(target.name + ".part")
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # tokens inside: owner only
            with os.fdopen(fd, "wb") as copy, old.open("rb") as source:
                shutil.copyfileobj(source, copy)
                copy.flush()
                os.fsync(copy.fileno())
            os.replace(part, target)
            _sync_folder(target.parent)
            self._file.close()
            self._file = os.fdopen(os.open(target, os.O_WRONLY | os.O_APPEND, 0o600), "ab")
            old.unlink()
        _sync_folder(target.parent)
        if old.parent != target.parent:
            _sync_folder(old.parent)
        self.path = target
        return aside

    def archive(self, stamp: str) -> Path:
        """Move the journal of an ended session aside (kept: FILE.workshop-STAMP.jsonl)."""
        self.close()
        target = self.path.with_name(self.path.name.removesuffix(SUFFIX) + f".workshop-{stamp}.jsonl")
        os.replace(self.path, target)
        return target


def _sync_folder(folder: Path) -> None:
    """fsync a folder, so a rename in it survives a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
