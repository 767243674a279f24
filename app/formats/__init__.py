"""Open formats in and out: Mermaid journey diagrams, CSV and Excel tables, OpenJourney (.ojf).

The public API other parts of Waymark call:

- ``import_project(path, warnings=None) -> Project`` chooses the reader by the file's suffix
  (.mmd/.mermaid, .csv, .xlsx, .ojf/.json). Problems that stop the import raise
  ``FormatError`` (a message for people naming the line, row, column or field); problems the
  importer worked around are appended, as sentences, to the optional ``warnings`` list.
- ``export_journey(project, journey, path)`` writes one journey as .mmd, .csv or .xlsx,
  atomically (``app.model.storage.atomic_write``).

Every imported project passes ``validate_document(project_to_dict(project))``. The readers are
imported lazily, so openpyxl loads only when an .xlsx file is read or written.
"""

from __future__ import annotations

from pathlib import Path

from app.model import Journey, Project
from app.model.serialize import project_to_dict
from app.model.validation import validate_document

IMPORT_SUFFIXES: tuple[str, ...] = (".mmd", ".mermaid", ".csv", ".xlsx", ".ojf", ".json")
EXPORT_SUFFIXES: tuple[str, ...] = (".mmd", ".csv", ".xlsx")
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # a source larger than this would make a project beyond MAX_PROJECT_BYTES


class FormatError(Exception):
    """A file that cannot be imported or exported, with a message naming where the problem is."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None, column: int | None = None,
                 field: str = "", row: int | None = None) -> None:
        self.problem = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.row = row
        super().__init__(self.message())

    def where(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.field:
            parts.append(self.field)
        return ", ".join(parts)

    def message(self) -> str:
        head = ", ".join(p for p in (self.source, self.where()) if p)
        return f"{head}: {self.problem}" if head else self.problem

    def with_source(self, source: str) -> FormatError:
        self.source = source
        self.args = (self.message(),)
        return self


def read_source(path: str | Path) -> bytes:
    """The bytes of a file to import, or FormatError saying why it cannot be read."""
    from app.model.reading import UnreadableFile, read_capped

    try:
        return read_capped(path, MAX_IMPORT_BYTES)
    except UnreadableFile as exc:
        raise FormatError(str(exc), source=str(path)) from None


def decode_text(data: bytes, what: str) -> str:
    """UTF-8 text (a BOM is allowed), or FormatError naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(f"the {what} is not UTF-8 text (invalid byte 0x{data[exc.start]:02x})",
                          line=line) from None


def _check(project: Project, source: str) -> Project:
    problems = validate_document(project_to_dict(project))
    if problems:
        raise FormatError("the imported map is not valid: " + "; ".join(str(p) for p in problems[:5]),
                          source=source)
    return project


def import_project(path: str | Path, warnings: list[str] | None = None) -> Project:
    """Read a Mermaid, CSV, XLSX or OpenJourney file into a new project (chosen by suffix)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise FormatError(f"cannot import {suffix or 'files without a suffix'}; Waymark imports "
                          + ", ".join(IMPORT_SUFFIXES), source=str(p))
    data = read_source(p)
    found: list[str] = []
    from app.model.storage import collector_paused

    with collector_paused():  # a large import makes millions of objects, none of them garbage
        try:
            project = _read(suffix, data, p.stem, found)
        except FormatError as exc:
            raise exc.with_source(str(p)) from None
        if warnings is not None:
            warnings.extend(found)
        return _check(project, str(p))


def _read(suffix: str, data: bytes, stem: str, found: list[str]) -> Project:
    if suffix in (".mmd", ".mermaid"):
        from . import mermaid

        return mermaid.read_mermaid(data, stem, found)
    if suffix == ".csv":
        from . import table

        return table.read_csv(data, stem, found)
    if suffix == ".xlsx":
        from . import table

        return table.read_xlsx(data, stem, found)
    from . import ojf

    return ojf.read_ojf(data, stem, found)


def export_journey(project: Project, journey: Journey, path: str | Path) -> None:
    """Write one journey of a project as Mermaid (.mmd), CSV (.csv) or Excel (.xlsx), atomically."""
    from app.model.storage import atomic_write

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".mermaid":
        suffix = ".mmd"
    if suffix not in EXPORT_SUFFIXES:
        raise FormatError(f"cannot export to {suffix or 'a file without a suffix'}; choose "
                          + ", ".join(EXPORT_SUFFIXES), source=str(p))
    if suffix == ".mmd":
        from . import mermaid

        data = mermaid.write_mermaid(project, journey).encode("utf-8")
    elif suffix == ".csv":
        from . import table

        data = table.write_csv(project, journey)
    else:
        from . import table

        data = table.write_xlsx(project, journey)
    try:
        atomic_write(p, data, keep_backup=False)
    except OSError as exc:
        raise FormatError(f"cannot write the file: {exc.strerror or exc}", source=str(p)) from None


__all__ = [
    "EXPORT_SUFFIXES", "IMPORT_SUFFIXES", "FormatError", "decode_text", "export_journey", "import_project",
    "read_source",
]
