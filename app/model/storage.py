"""Reading and writing .journey files: UTF-8 JSON, validated, migrated, saved atomically.

Loading: bytes -> JSON -> format and version check -> migrations -> validation -> model.
Any problem raises LoadError with one message per problem, each naming the field path.
Saving: write a temporary file beside the target, fsync, keep the previous file as
FILE.bak, then rename the temporary file over the target.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .migrations import migrate
from .processes import process_alive
from .project import Project
from .reading import MAX_PROJECT_BYTES, UnreadableFile, megabytes, parse_json, read_capped
from .serialize import CURRENT_VERSION, FORMAT_NAME, project_from_dict, project_to_dict
from .validation import Problem, validate_document

MAX_FILE_BYTES = MAX_PROJECT_BYTES  # the one limit, for reading and for writing (see reading.py)
MAX_DEPTH = 64


class LoadError(Exception):
    """A file that cannot be opened, with every problem found, for people to read."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        return "\n".join(f"{self.source}: {p}" for p in self.problems)


def _depth(value: Any, limit: int) -> int:
    """Nesting depth, stopping early past limit (level by level, so deep files cannot overflow)."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return depth
        below: list[Any] = []
        for v in level:
            below.extend([x for x in (v.values() if type(v) is dict else v) if type(x) in _CONTAINERS])
        level = below
    return depth


_CONTAINERS = (dict, list)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogates(doc: Any) -> list[Problem]:
    """Text holding half of a UTF-16 pair (\\ud800): JSON allows the escape, UTF-8 cannot store it."""
    problems: list[Problem] = []
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack and len(problems) < 10:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                sub = f"{path}.{key}" if path else key
                if _is_broken(key):
                    problems.append(Problem(path or "(top level)", f"the key {_short(key)} contains a lone "
                                            "UTF-16 surrogate, which is not valid Unicode text"))
                stack.append((item, sub))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, str) and _is_broken(value):
            problems.append(Problem(path, "contains a lone UTF-16 surrogate (a \\ud800-\\udfff escape without "
                                    "its pair), which is not valid Unicode text"))
    return problems


def _is_broken(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _where_constant(text: str) -> str:
    """ at line L, column C" of the first NaN or Infinity outside a string (best effort)."""
    match = re.search(r'[:\[,]\s*(-?Infinity|NaN)\b', text)
    if not match:
        return ""
    pos = match.start(1)
    line = text.count("\n", 0, pos) + 1
    return f" at line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


_VERSION_TEXT = re.compile(r"\s*(\d{1,6})(?:\.0+)?\s*")


def format_version(value: Any) -> int | None:
    """The format version as written by any Waymark: 1, 1.0, "1" or "1.0"; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value < 1e6 else None
    if isinstance(value, str) and (match := _VERSION_TEXT.fullmatch(value)):
        return int(match.group(1))
    return None


def parse_document(data: bytes, source: str = "<data>") -> dict[str, Any]:
    """Bytes of a .journey file -> a current-version document that validates."""

    def fail(message: str, path: str = "") -> LoadError:
        return LoadError(source, [Problem(path, message)])

    if not data or data.isspace():  # not strip(): that copies the whole file
        raise fail("the file is empty; a Waymark project is a JSON document")
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"the file is {megabytes(len(data))}; Waymark project files are at most "
                   f"{megabytes(MAX_FILE_BYTES)}")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: FF FE starts both
        raise fail("the file is UTF-32 text; Waymark project files are UTF-8 (save it as UTF-8)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail("the file is UTF-16 text; Waymark project files are UTF-8 (save it as UTF-8)")
    if b"\x00" in data[:4096]:
        raise fail("this is a binary file, not a Waymark project (JSON text)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"the file is not UTF-8 text (invalid byte at offset {exc.start})") from None
    try:
        doc = parse_json(text)
    except RecursionError:
        raise fail(f"the JSON is nested too deeply (more than {MAX_DEPTH} levels)") from None
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        hint = " (the file looks truncated)" if truncated else ""
        raise fail(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}") from None
    except ValueError as exc:
        raise fail(f"not valid JSON{_where_constant(text)}: {exc}") from None
    if _depth(doc, MAX_DEPTH) > MAX_DEPTH:
        raise fail(f"the JSON is nested too deeply (more than {MAX_DEPTH} levels)")
    if not isinstance(doc, dict):
        raise fail("expected a JSON object at the top level, found a "
                   f"{type(doc).__name__.replace('dict', 'object')}")
    fmt = doc.get("format")
    if "format" not in doc:
        raise fail(f"is missing: this is not a Waymark project (expected \"format\": \"{FORMAT_NAME}\")",
                   "format")
    if fmt != FORMAT_NAME:
        raise fail(f"not a Waymark project: expected \"{FORMAT_NAME}\", found {_short(fmt)}", "format")
    version = format_version(doc.get("version"))
    if version is None:
        raise fail(f"expected a whole number of 0 or more, found {_short(doc.get('version'))}", "version")
    doc["version"] = version
    if version > CURRENT_VERSION:
        raise fail(f"the file was written by a newer Waymark (format version {version}); this version "
                   f"reads up to {CURRENT_VERSION}. Please update Waymark.", "version")
    if _SURROGATE_ESCAPE.search(text):
        broken = _lone_surrogates(doc)
        if broken:
            raise LoadError(source, broken)
    doc = migrate(doc)
    problems = validate_document(doc)
    if problems:
        raise LoadError(source, problems)
    return doc


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building a large model makes millions of objects, none of them garbage: without this the cyclic
    collector runs over all of them again and again (a third of the load time at 100,000 touchpoints)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_bytes(data: bytes, source: str = "<data>") -> Project:
    with collector_paused():
        return project_from_dict(parse_document(data, source), validated=True)


def load_project(path: str | os.PathLike[str]) -> Project:
    """Open a .journey file, or raise LoadError naming the file and each problem."""
    p = Path(path)
    try:
        data = read_capped(p, MAX_FILE_BYTES, "project file")
    except UnreadableFile as exc:
        raise LoadError(str(p), [Problem("", str(exc))]) from None
    return load_bytes(data, str(p))


def dumps_project(project: Project) -> str:
    return json.dumps(project_to_dict(project), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _temp_file(folder: Path, name: str) -> tuple[int, str]:
    # the pid in the name lets a later save tell a crashed writer's leftovers from a running one's
    return tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=folder)


def clean_stale_temporaries(folder: str | os.PathLike[str], for_name: str | None = None) -> list[Path]:
    """Remove the temporary files that writers killed mid-save left in folder (only those of the file
    for_name and its .bak, when given); returns them."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMP.match(name)
        if not match or (for_name is not None and match["name"] not in (for_name, for_name + ".bak")):
            continue
        if not process_alive(int(match["pid"])):
            path = Path(folder) / name
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def _same_owner_and_mode(fd: int, like: os.stat_result | None) -> None:
    """Give a new file the mode and owner of the file it replaces (or the umask default for a new one)."""
    if like is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    if (like.st_uid, like.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.fchown(fd, like.st_uid, like.st_gid)
        except PermissionError:  # not root: keep at least the group when we belong to it
            try:
                os.fchown(fd, -1, like.st_gid)
            except PermissionError:
                pass
    os.fchmod(fd, like.st_mode & 0o7777)


def _keep_backup(target: Path, folder: Path) -> None:
    """FILE.bak becomes the current FILE (same mode, owner and bytes), atomically."""
    backup = target.with_name(target.name + ".bak")
    fd, tmp = _temp_file(folder, backup.name)
    os.close(fd)
    os.unlink(tmp)
    try:
        try:
            os.link(target, tmp)  # the old file itself, kept: nothing to copy, mode and owner intact
        except OSError:
            shutil.copyfile(target, tmp)
            with open(tmp, "rb+") as fh:
                _same_owner_and_mode(fh.fileno(), target.stat())
        os.replace(tmp, backup)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes, *, keep_backup: bool = True) -> None:
    """Write data to path so that a crash leaves either the old file or the new one, never half.

    A symbolic link is written through: its target gets the new bytes, the link stays a link.
    The new file and FILE.bak keep the mode and owner of the file they replace."""
    target = Path(os.path.realpath(path))
    folder = target.parent
    clean_stale_temporaries(folder, target.name)
    try:
        previous: os.stat_result | None = target.stat()
    except FileNotFoundError:
        previous = None
    fd, tmp = _temp_file(folder, target.name)
    try:
        try:
            _same_owner_and_mode(fd, previous)
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup and previous is not None:
            _keep_backup(target, folder)
        os.replace(tmp, target)
        tmp = ""
        try:
            dir_fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


class ProjectTooLarge(OSError):
    """A project whose file would be over the limit that every command reads (nothing is written)."""


def project_bytes(project: Project) -> bytes:
    """The project as the bytes of its file; ProjectTooLarge when no command could read them back."""
    data = dumps_project(project).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ProjectTooLarge(f"the project would be a {megabytes(len(data))} file; Waymark reads project files "
                              f"of at most {megabytes(MAX_FILE_BYTES)}, so it was not written")
    return data


def save_project(project: Project, path: str | os.PathLike[str], *, keep_backup: bool = True) -> None:
    """Save atomically; the previous file (if any) is kept as FILE.bak."""
    atomic_write(path, project_bytes(project), keep_backup=keep_backup)
