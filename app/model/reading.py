"""Reading a file a user named, safely: regular files only, never more than a size cap.

Every reader of user files (projects, Mermaid, CSV, XLSX, OpenJourney, survey answers) goes
through `read_capped`, so that `/dev/zero` cannot eat the memory, a FIFO cannot block forever
and a folder or a device is refused at once with a sentence a person understands.

`MAX_PROJECT_BYTES` is the one size limit of a .journey project: every command that reads a
project and every command that writes one (save, import, import-survey, new) keeps to it, so
what one command writes the next can read.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

MAX_PROJECT_BYTES = 256 * 1024 * 1024  # a 100,000-touchpoint project is ~80 MB


class UnreadableFile(Exception):
    """A file that cannot be read, with the reason as a sentence (no file name: the caller adds it)."""


def megabytes(n: int) -> str:
    """A size as people read it: 256 MB, 256.1 MB, 12 KB (never rounded down to look like the limit)."""
    unit, name = (1024 * 1024, "MB") if n >= 1024 * 1024 else (1024, "KB")
    value = n / unit
    if value != int(value):
        value = math.ceil(value * 10) / 10
    return f"{value:,.0f} {name}" if value == int(value) else f"{value:,.1f} {name}"


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_capped(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or UnreadableFile saying why not."""
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(f"is a folder, not a {what}") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot open the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"is {_what(info.st_mode)}, not a {what}")
        if info.st_size > limit:
            raise UnreadableFile(f"the file is {megabytes(info.st_size)}; the limit is {megabytes(limit)}")
        chunks: list[bytes] = []
        total = 0
        while True:  # the size can change under us: read no more than the limit, whatever stat said
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(f"the file is larger than the limit of {megabytes(limit)}")
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
