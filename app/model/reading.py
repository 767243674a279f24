"""Reading a file a user named, safely: regular files only, never more than a size cap.

Every reader of user files (projects, Mermaid, CSV, XLSX, OpenJourney, survey answers) goes
through `read_capped`, so that `/dev/zero` cannot eat the memory, a FIFO cannot block forever
and a folder or a device is refused at once with a sentence a person understands.

`MAX_PROJECT_BYTES` is the one size limit of a .journey project: every command that reads a
project and every command that writes one (save, import, import-survey, new) keeps to it, so
what one command writes the next can read.
"""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

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


class HugeNumber(float):
    """A number in a JSON file with more digits than any field allows, kept as +inf (or -inf) so that
    the validator refuses it by field path instead of Python refusing to convert it (a 5,000-digit
    integer raises "Exceeds the limit (4300 digits) for integer string conversion")."""

    digits: int

    def __new__(cls, text: str) -> HugeNumber:
        value = super().__new__(cls, "-inf" if text.startswith("-") else "inf")
        value.digits = sum(c.isdigit() for c in text)
        return value

    def __repr__(self) -> str:
        return f"a {self.digits:,}-digit number"

    __str__ = __repr__


MAX_NUMBER_DIGITS = 30  # more than any count, score or money amount in a journey


def _parse_int(text: str) -> int | HugeNumber:
    return HugeNumber(text) if len(text) > MAX_NUMBER_DIGITS else int(text)


def _parse_float(text: str) -> float | HugeNumber:
    return HugeNumber(text) if len(text) > 400 else float(text)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str) -> Any:
    """json.loads for files people give us: NaN and Infinity refused, huge numbers kept as HugeNumber.

    Raises what json.loads raises (JSONDecodeError, RecursionError, ValueError) but never Python's
    int_max_str_digits refusal. The number hooks cost a Python call per number, so they run only
    when the plain parse met a number too long to convert."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_reject_constant)
