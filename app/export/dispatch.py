"""One entry point for every export, chosen by the output file's suffix: .pdf (PdfExporter),
.png and .svg (the map alone), .mmd/.csv/.xlsx (app.formats). Used by `waymark export` and by
the editor's export actions. Every failure a person can fix is raised as ExportError with a
message naming the problem (unknown suffix, journey, page size, unwritable folder)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.model import Journey, ModelError, Project

EXPORT_SUFFIXES = (".pdf", ".png", ".svg", ".mmd", ".csv", ".xlsx")
PDF_OPTION_NAMES = ("page_size", "orientation", "mode", "sections", "tile_scale", "min_text_pt", "base_dir", "date")


class ExportError(Exception):
    """An export that cannot be done, with a message for people."""


class UnprintableText(ExportError):
    """A strict PDF export of text that no available font can print; `lines` name each element."""

    def __init__(self, lines: list[str]) -> None:
        count = len(lines)
        verb = "holds" if count == 1 else "hold"
        super().__init__(f"{count} element{'s' * (count != 1)} {verb} characters no available font can print "
                         "(--strict); nothing was written")
        self.lines = lines


def _journey(project: Project, name: str | None) -> Journey:
    try:
        return project.journey(name)
    except (ModelError, IndexError) as exc:
        raise ExportError(str(exc)) from None


def _check_folder(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: the folder {folder} is not writable")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")


def export_to_path(project: Project, path: str | os.PathLike[str], journey: str | None = None,
                   progress: Any = None, strict: bool = False, **options: Any) -> list[str]:
    """Export one journey of the project to path; the format follows the suffix. Returns the
    warnings of a PDF export: one line per element with characters no font can print; with
    `strict`, such characters are an ExportError (carrying the lines) and nothing is written.

    PDF options: page_size, orientation, mode ("fit"/"tile"), sections, tile_scale, min_text_pt, base_dir.
    PNG option: dpi. `progress(fraction, message)` is called during a PDF export."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".mermaid":
        suffix = ".mmd"
    if suffix not in EXPORT_SUFFIXES:
        what = f"{suffix!r}" if suffix else "a file name without a suffix"
        raise ExportError(f"cannot export to {what}; use one of {', '.join(EXPORT_SUFFIXES)}")
    chosen = _journey(project, journey)
    _check_folder(target)
    try:
        if suffix == ".pdf":
            from app.export.pdf import PdfExporter, PdfOptionError, PdfOptions

            known = {k: v for k, v in options.items() if k in PDF_OPTION_NAMES and v is not None}
            try:
                exporter = PdfExporter(project, PdfOptions(journey=chosen.id, **known))
            except PdfOptionError as exc:
                raise ExportError(str(exc)) from None
            if strict:
                from app.export.glyph_report import unprintable_warnings

                lines = unprintable_warnings(project, chosen)
                if lines:
                    raise UnprintableText(lines)
            from app.export.pdf_logo import LogoError

            try:
                exporter.export(target, progress=progress)
            except (PdfOptionError, LogoError) as exc:  # a map that cannot be paged on that paper says so here
                raise ExportError(str(exc)) from None
            return exporter.warnings
        elif suffix == ".png":
            from app.export.png import PngExportError, export_png

            dpi = options.get("dpi") or 144
            try:
                export_png(project, chosen, target, dpi=dpi)
            except PngExportError as exc:
                raise ExportError(str(exc)) from None
        elif suffix == ".svg":
            from app.export.svg import export_svg

            export_svg(project, chosen, target)
        else:
            from app.formats import FormatError, export_journey

            try:
                export_journey(project, chosen, target)
            except FormatError as exc:
                raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return []
