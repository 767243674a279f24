"""Advisory locks on project files, so that two writers never lose each other's update.

Every command that reads a project, changes it and writes it back (`waymark import-survey`,
the editor's save) holds `ProjectLock(path)` from before the read to after the write. The lock
is an fcntl lock on a small file beside the project (``.NAME.journey.lock``), which the kernel
releases when the holder exits, even after kill -9; a second writer waits a bounded time and
then says who holds the lock (pid, host, since when).

The holder removes the lock file as it releases it, so no lock files pile up beside projects; a
writer that was waiting on the removed file notices (its inode is no longer the file's) and
locks the new one, so two writers never both believe they hold the lock.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, writers are not serialised
    fcntl = None  # type: ignore[assignment]  # no fcntl module on Windows: None says there is no locking

DEFAULT_WAIT_S = 10.0


class ProjectLocked(OSError):
    """Another process holds the project's lock; the message names it."""


def lock_path(path: str | os.PathLike[str]) -> Path:
    target = Path(os.path.realpath(path))  # a link and its target share one lock
    return target.with_name(f".{target.name}.lock")


def describe_holder(info: dict[str, object]) -> str:
    since = info.get("since")
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(since)) if isinstance(since, (int, float)) else "?"
    return f"process {info.get('pid', '?')} on {info.get('host', '?')} (since {when})"


class ProjectLock:
    """``with ProjectLock(path):`` — exclusive, advisory, released on exit or death of the process."""

    def __init__(self, path: str | os.PathLike[str], wait: float | None = None) -> None:
        self.path = Path(path)
        self.file = lock_path(path)
        self.wait = DEFAULT_WAIT_S if wait is None else wait
        self._fd: int | None = None

    def acquire(self) -> None:
        if fcntl is None:
            return
        deadline = time.monotonic() + self.wait
        delay = 0.01
        while True:
            fd = os.open(self.file, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._holder(fd)
                    os.close(fd)
                    raise ProjectLocked(f"{self.path} is being changed by {holder}; waited {self.wait:g} s. "
                                        "Try again when it has finished.") from None
                os.close(fd)
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
                continue
            if self._still_the_lock_file(fd):
                break
            os.close(fd)  # the holder before us removed it as we opened it: lock the new one
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        self._fd = fd

    def _still_the_lock_file(self, fd: int) -> bool:
        try:
            return os.stat(self.file).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        except (OSError, ValueError):
            info = {}
        return describe_holder(info if isinstance(info, dict) else {})

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.unlink(self.file)  # while still held: a waiter that opened it sees it went and retries
            except OSError:
                pass
            os.close(self._fd)  # closing releases the flock
            self._fd = None

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
