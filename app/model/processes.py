"""Whether the process that left something behind (a temporary file, an autosave) still runs.

A zombie (exited, not yet reaped by its parent) counts as dead: it will never finish its save
or come back for its autosave, though `kill(pid, 0)` still finds it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def process_state(pid: int, proc: Path = PROC) -> str | None:
    """The one-letter state of a process from /proc/PID/stat (R, S, Z, ...); None when unknown."""
    try:
        stat = (proc / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # the command name in parentheses may itself contain spaces or parentheses: the state follows the last ")"
    tail = stat.rpartition(")")[2].split()
    return tail[0] if tail else None


def process_alive(pid: int, proc: Path = PROC) -> bool:
    """True while pid is a running (not zombie) process; our own pid is always alive."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, owned by someone else
        pass
    return process_state(pid, proc) not in ("Z", "X")
