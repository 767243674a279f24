"""The consultant-grade PDF export of a journey: cover, personas, the map (fit on one page or
tiled as a poster), metrics charts as vectors, the pain-point register and notes, with
"Page N of M" footers, document metadata and a bookmark per section.

`PdfOptions` holds what the user chose (paper, orientation, fit or tile, sections);
`PdfExporter(project, options).export(path, progress)` writes the file atomically. The pages
themselves are drawn by app/export/pdf_pages.py; the map goes through app/render/draw.py on a
ReportlabSurface, the same drawing code as the canvas. reportlab and matplotlib are imported
only while exporting.
"""

from __future__ import annotations

import functools
import gc
import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.model import Journey, Project

MM = 72.0 / 25.4
# portrait width x height in millimetres
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "Tabloid": (279.4, 431.8),
}
SECTIONS = ("cover", "personas", "map", "metrics", "comparison", "painpoints", "opportunities", "notes")
AUTO = "auto"  # --page-size auto: the map page sized to the map at 100 %
_CUSTOM_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.IGNORECASE)

Progress = Callable[[float, str], None]


class PdfOptionError(ValueError):
    """An option the PDF export cannot use, with a message for people."""


def parse_page_size(text: str) -> tuple[float, float]:
    """A paper name (A4, Letter, ...) or WIDTHxHEIGHTmm -> (width, height) in millimetres; "auto"
    gives A4, the paper of the sections other than the map."""
    name = text.strip()
    if name.lower() == AUTO:
        return PAPER_SIZES["A4"]
    for known, size in PAPER_SIZES.items():
        if known.lower() == name.lower():
            return size
    m = _CUSTOM_SIZE.match(name)
    if m:
        w, h = float(m.group(1)), float(m.group(2))
        if not (50 <= w <= 5000 and 50 <= h <= 5000):
            raise PdfOptionError(f"page size {text!r}: each side must be from 50 to 5000 mm")
        return w, h
    names = "|".join(PAPER_SIZES)
    raise PdfOptionError(f"unknown page size {text!r}; use {names} or WIDTHxHEIGHTmm (e.g. 600x400mm)")


def parse_sections(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """"cover,map" -> ("cover", "map"), in document order; unknown names are an error."""
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = [s.strip().lower().replace("-", "") for s in items if s.strip()]
    aliases = {"painpoint": "painpoints", "register": "painpoints", "persona": "personas", "note": "notes",
               "opportunity": "opportunities",
               "metric": "metrics", "compare": "comparison", "comparisons": "comparison"}
    chosen = [aliases.get(s, s) for s in chosen]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise PdfOptionError(f"unknown section {unknown[0]!r}; choose from {','.join(SECTIONS)}")
    if not chosen:
        raise PdfOptionError(f"no sections chosen; choose from {','.join(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in chosen)


@dataclass
class PdfOptions:
    page_size: str = "A4"  # a paper name, WIDTHxHEIGHTmm, or "auto" (the map page sized to the map)
    # "landscape", "portrait", or "" for the size's own: WIDTHxHEIGHTmm as given, paper landscape
    orientation: str = ""
    mode: str = "fit"  # "fit": one page, or pages of whole stages; "tile": a poster across sheets
    sections: tuple[str, ...] = SECTIONS
    journey: str | None = None  # title or id; None: the project's first journey
    tile_scale: float | None = None  # map scale of poster tiles; None: the least readable scale
    min_text_pt: float = 6.0  # the smallest printed card text; titles and headers keep above it
    base_dir: str | None = None  # where relative logo and photo paths are resolved
    date: str = ""  # printed on the cover when the journey has no date of its own
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        parse_page_size(self.page_size)
        from app.layout.paging import PagingError, TextFloor

        if self.orientation not in ("", "landscape", "portrait"):
            raise PdfOptionError(f"orientation must be landscape or portrait, not {self.orientation!r}")
        if self.mode not in ("fit", "tile"):
            raise PdfOptionError(f"map mode must be fit or tile, not {self.mode!r}")
        if self.auto_size and self.mode == "tile":
            raise PdfOptionError("--page-size auto makes one page sized to the map: it cannot be tiled")
        self.sections = parse_sections(self.sections)
        try:
            least = TextFloor.from_min(float(self.min_text_pt)).scale
        except PagingError as exc:
            raise PdfOptionError(str(exc)) from None
        if self.tile_scale is not None and not (least - 1e-9 <= self.tile_scale <= 4.0):
            raise PdfOptionError(f"tile scale must be from {math.ceil(least * 100):g} % (text at least "
                                 f"{self.min_text_pt:g} pt on paper) to 400 %, not {self.tile_scale * 100:g} %")

    @property
    def auto_size(self) -> bool:
        return self.page_size.strip().lower() == AUTO

    @property
    def floor(self) -> Any:
        """The TextFloor of the map pages (app.layout.paging)."""
        from app.layout.paging import TextFloor

        return TextFloor.from_min(float(self.min_text_pt))

    @property
    def page_points(self) -> tuple[float, float]:
        """The paper of the document, in points (with "auto", of every section but the map)."""
        w, h = parse_page_size(self.page_size)
        if not self.orientation and _CUSTOM_SIZE.match(self.page_size):
            return w * MM, h * MM  # a size given as WIDTHxHEIGHT keeps the orientation it was given in
        short, long_ = sorted((w * MM, h * MM))
        return (short, long_) if self.orientation == "portrait" else (long_, short)


@dataclass
class SectionMark:
    title: str
    key: str
    level: int
    page: int


class NumberedCanvas:
    """Factory for a reportlab Canvas that keeps every page until save(), so that the running
    header and footer can print "Page N of M" and the cover can list the sections' pages."""

    @staticmethod
    def create(buffer: io.BytesIO, pagesize: tuple[float, float], decorate: Callable[[Any, int, int], None],
               section_of: Callable[[int], tuple[str, str]] = lambda number: ("", "")) -> Any:
        """section_of(page number) -> (section key, title), for the document's structure tree."""
        from reportlab.pdfgen.canvas import Canvas

        from app.export.pdf_tags import StructureTree

        class _Canvas(Canvas):
            def __init__(self) -> None:
                from app.export.pdf_surface import SANS, register_fonts

                register_fonts()  # also the canvas's initial font: no base-14 Helvetica in the file
                # invariant=0: CreationDate and ModDate are the export time (or SOURCE_DATE_EPOCH,
                # which reportlab honours, for reproducible builds)
                super().__init__(buffer, pagesize=pagesize, pageCompression=1, invariant=0, initialFontName=SANS,
                                 initialFontSize=10)
                self._pages: list[dict[str, Any]] = []
                self.structure = StructureTree(self)

            def showPage(self) -> None:  # reportlab's name
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def page_count(self) -> int:
                return len(self._pages) + 1

            def save(self) -> None:
                total = len(self._pages)
                tree = self.structure
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    decorate(self, number, total)
                    tree.section(*section_of(number))
                    self._code[:] = tree.mark_page(self._code, self._doc.thisPageRef())
                    Canvas.showPage(self)
                    tree.page_done(self._doc.Pages.pages[-1])
                tree.finish()
                Canvas.save(self)

        return _Canvas()


class PdfExporter:
    """Writes one journey of a project as a PDF document."""

    def __init__(self, project: Project, options: PdfOptions | None = None) -> None:
        self.project = project
        self.options = options or PdfOptions()
        self.options.validate()
        self.language = ""
        self.warnings: list[str] = []  # characters no font can print, one line per element (set by render)
        try:
            self.journey: Journey = project.journey(self.options.journey)
        except Exception as exc:  # ModelError: unknown journey name, or no journeys
            raise PdfOptionError(str(exc)) from None

    def render(self, progress: Progress | None = None) -> bytes:
        """The PDF document as bytes."""
        # Drawing makes hundreds of thousands of short-lived objects (matplotlib's artists above
        # all), and every full garbage collection they trigger would walk everything already
        # alive too (the project, the loaded libraries): a third of a report's time. Those older
        # objects are set aside while exporting, so collections scan only the export's own.
        gc.freeze()
        try:
            return self._render(progress)
        finally:
            gc.unfreeze()

    def _render(self, progress: Progress | None) -> bytes:
        from app.export import pdf_pages
        from app.layout import layout_journey

        report = progress or (lambda fraction, message: None)
        opts, journey = self.options, self.journey
        report(0.0, "Laying out the map")
        from app.export.glyph_report import document_language, element_texts, unprintable_warnings
        from app.export.pdf_surface import use_language

        self.language = document_language(self.project)
        texts = list(element_texts(self.project, journey))  # read once, for the fonts and the report
        use_language(self.language, [t.text for t in texts if t.text])  # one CJK font subset for the document
        self.warnings = unprintable_warnings(self.project, journey, self.language, texts)
        layout = layout_journey(journey, self.project.personas)
        page_w, page_h = opts.page_points
        doc = pdf_pages.Document(self.project, journey, layout, opts, page_w, page_h)
        buffer = io.BytesIO()
        canvas = NumberedCanvas.create(buffer, (page_w, page_h), doc.decorate, doc.section_of)
        doc.canvas = canvas
        title = journey.title or self.project.title
        canvas.setTitle(title)
        canvas.setAuthor(self.project.report.author or journey.author or "")
        subject = f"Customer journey map: {title} ({journey.state.label.lower()})"
        if journey.client:
            subject += f" for {journey.client}"
        canvas.setSubject(subject)
        canvas.setCreator("Waymark")
        canvas.setKeywords(["customer journey map", journey.state.label])
        canvas.setProducer("Waymark (reportlab)")
        mark_document(canvas, self.language)

        steps = [s for s in SECTIONS if s in opts.sections]
        for i, section in enumerate(steps):
            start, share = 0.05 + 0.85 * i / len(steps), 0.85 / len(steps)
            report(start, f"Drawing {pdf_pages.SECTION_TITLES[section].lower()}")
            # a section of many pages (a poster's tiles) reports each page within its share
            doc.report = functools.partial(_report_within, report, start, share)
            getattr(doc, f"section_{section}")()
        if not doc.page_kinds:  # every chosen section was empty: say so rather than write a blank file
            empty = "; ".join(pdf_pages.EMPTY_SECTIONS.get(s, f"{s} has no content") for s in steps)
            raise PdfOptionError(f"nothing to print: {empty}")
        self.warnings += doc.warnings
        report(0.92, "Numbering pages")
        canvas.showOutline()
        canvas.save()
        report(1.0, "Done")
        return buffer.getvalue()

    def export(self, path: str | os.PathLike[str], progress: Progress | None = None) -> None:
        """Render and write the PDF; an existing file is replaced only once the new one is complete."""
        from app.model.storage import atomic_write

        data = self.render(progress)
        atomic_write(path, data, keep_backup=False)


def _report_within(report: Callable[[float, str], None], start: float, share: float, done: float,
                   message: str) -> None:
    """Progress of one section (done: 0..1) as progress of the whole export, within its share."""
    report(start + share * done, message)


def mark_document(canvas: Any, language: str) -> None:
    """The document's language (/Lang, read aloud and hyphenated by readers) and /MarkInfo: the
    document is tagged (its structure tree is written by pdf_tags.StructureTree when it is saved)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString

    catalog = canvas._doc.Catalog
    catalog.Lang = PDFString(language)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    canvas.setViewerPreference("DisplayDocTitle", "true")  # the title, not the file name, in the window

