"""The pages of the PDF export, drawn on one reportlab canvas: cover, personas, the map (fit or
tiled with an overview), metrics charts, the pain-point register and notes, plus the running
header and footer that app/export/pdf.py applies once the page count is known.

Typography and margins scale with the paper (A0 reads like a blown-up A4). User text is always
drawn literally: directly with drawString, or escaped before it reaches a Paragraph.
"""

from __future__ import annotations

import base64
import functools
import io
import os
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from app.export.pdf_surface import (
    SANS,
    SANS_BOLD,
    FormCache,
    PageTransform,
    ReportlabSurface,
    font_runs,
    string_width,
)
from app.export.pdf_tags import ARTIFACT, tagged
from app.layout import JourneyLayout, Rect
from app.layout import style as layout_style
from app.model import Journey, NodeKind, Project
from app.render.text import FLOOR_PT, fit, wrap
from app.render.visual_order import has_rtl, is_rtl_paragraph, visual

SECTION_TITLES = {
    "cover": "Cover",
    "personas": "Personas",
    "map": "Journey map",
    "metrics": "Metrics summary",
    "cx": "CX assessment",
    "loyalty": "Satisfaction and loyalty",
    "comparison": "Current and future state",
    "painpoints": "Pain-point register",
    "opportunities": "Opportunities register",
    "notes": "Notes",
}
# why a section printed nothing, for an export whose every chosen section was empty
EMPTY_SECTIONS = {
    "personas": "the project has no personas",
    "metrics": "the journey has no metrics, emotions, CX assessment or satisfaction-loyalty data",
    "comparison": "the project has one journey state only",
    "painpoints": "the journey has no pain points",
    "opportunities": "the journey has no opportunities",
    "notes": "the journey has no notes",
}
ACCENT = layout_style.STAGE_FILL
RULE = "#9aa5b1"
LIGHT = "#f1f3f6"
MM = 72.0 / 25.4


class _Measure:
    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return string_width(text, size, bold)


MEASURE = _Measure()


def markup(text: str) -> str:
    """User text as Paragraph markup that prints literally: escaped, CJK runs in a CID font;
    each line in display order (a right-to-left text that may wrap goes through `para`)."""
    return _literal("\n".join(visual(line) for line in text.split("\n")))


def para(text: str, style: Any) -> Any:
    """A Paragraph of user text. One with right-to-left letters is a _BidiParagraph, which
    breaks its lines in reading order before putting each into display order."""
    from reportlab.platypus import Paragraph

    return bidi_paragraph(text, style) if has_rtl(text) else Paragraph(_literal(text), style)


@functools.lru_cache(maxsize=1)
def _bidi_paragraph_class() -> type:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.platypus import Flowable, Paragraph

    class _BidiParagraph(Flowable):
        """Hebrew or Arabic text that wraps, for reportlab's Paragraph, which breaks lines left to
        right (its own bidi support needs rlbidi, which is not on PyPI): the text is broken into
        lines in reading order at the width the flowable is given, each line is put into display
        order with the paragraph's direction, and a right-to-left paragraph is right-aligned."""

        def __init__(self, text: str, style: Any) -> None:
            super().__init__()
            self.text, self.style = text.replace("\r\n", "\n"), style
            self._para: Any = None

        def _lay_out(self, width: float) -> Any:
            rtl = is_rtl_paragraph(self.text)
            bold = self.style.fontName == SANS_BOLD
            lines = [line for stored in self.text.split("\n")  # a blank line stays a blank line
                     for line in wrap(MEASURE, stored, width, self.style.fontSize, bold) or [""]]
            style = self.style
            if rtl and style.alignment == TA_LEFT:
                style = style.clone(f"{style.name}-rtl", alignment=TA_RIGHT)
            self._para = Paragraph("<br/>".join(_literal(visual(line, rtl)) for line in lines), style)
            return self._para

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return self._lay_out(available_width).wrap(available_width, available_height)

        def split(self, available_width: float, available_height: float) -> list[Any]:
            return self._lay_out(available_width).split(available_width, available_height)

        def draw(self) -> None:
            self._para.drawOn(self.canv, 0, 0)

        def getSpaceBefore(self) -> float:  # reportlab's names
            return self.style.spaceBefore

        def getSpaceAfter(self) -> float:
            return self.style.spaceAfter

    return _BidiParagraph


def bidi_paragraph(text: str, style: Any) -> Any:
    """A _BidiParagraph (its class is made once reportlab is loaded)."""
    return _bidi_paragraph_class()(text, style)


def _literal(text: str) -> str:
    """Text as Paragraph markup that prints literally: escaped, CJK runs in a CID font."""
    out = []
    for font, run in font_runs(text):
        piece = escape(run).replace("\n", "<br/>")
        out.append(piece if font in (SANS, SANS_BOLD) else f'<font name="{font}">{piece}</font>')
    return "".join(out)


@functools.cache
def _color(value: str) -> Any:
    """A reportlab colour for "#rrggbb" (made once: pages set the same few colours again and again)."""
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def load_image(ref: str, base_dir: str | None) -> Any | None:
    """A reportlab ImageReader for a data: URI or a file path; None if it cannot be read."""
    if not ref:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        if ref.startswith("data:"):
            header, _, payload = ref.partition(",")
            data = base64.b64decode(payload) if ";base64" in header else payload.encode("latin-1")
            return ImageReader(io.BytesIO(data))
        path = ref if os.path.isabs(ref) or not base_dir else os.path.join(base_dir, ref)
        return ImageReader(path) if os.path.isfile(path) else None
    except Exception:  # a bad logo or photo must not stop the export
        return None


class Document:
    """Draws the sections onto `canvas` (set by the exporter) and decorates pages at the end."""

    def __init__(self, project: Project, journey: Journey, layout: JourneyLayout, options: Any,
                 page_w: float, page_h: float) -> None:
        self.project, self.journey, self.layout, self.options = project, journey, layout, options
        self.w, self.h = page_w, page_h
        self.k = min(page_w, page_h) / 595.28  # type scale relative to A4
        self.margin = 40 * self.k
        self.brand = project.report  # the consultant's brand: accent, footer, confidentiality line
        self.accent = self.brand.accent or ACCENT
        self.warnings: list[str] = []  # what the document had to leave out, for the exporter to report
        self.canvas: Any = None
        self._forms: FormCache | None = None
        # progress within the section being drawn: (fraction of the section done, message)
        self.report: Callable[[float, str], None] = lambda done, message: None
        self.page_kinds: dict[int, str] = {}  # page number -> section, for the header
        self.marks: dict[int, list[tuple[str, str, int]]] = {}  # page -> [(title, key, level)]
        self.starts: dict[str, int] = {}  # section -> first page
        self.tile_labels: dict[int, str] = {}
        self.paper = (page_w, page_h)
        self.page_size_override: tuple[float, float] | None = None
        self.page_sizes: dict[int, tuple[float, float]] = {}  # pages not on the paper (auto map page)
        self._fits: dict[tuple[Any, ...], tuple[list[str], float]] = {}  # see fit()

    # ------------------------------------------------------------------ frame
    @property
    def page(self) -> int:
        return int(self.canvas.page_count())

    def _begin(self, section: str, title: str | None = None, level: int = 0, key: str | None = None) -> None:
        """Mark the current (empty) page as belonging to a section; bookmark it if titled."""
        self.page_kinds[self.page] = section
        if section in SECTION_TITLES:
            self.starts.setdefault(section, self.page)
        if title is not None:
            self.marks.setdefault(self.page, []).append((title, key or f"{section}-{self.page}", level))

    def section_of(self, number: int) -> tuple[str, str]:
        """The section page `number` belongs to and its title (for the structure tree): a poster's
        tiles belong to the map."""
        kind = ""
        for page in range(number, 0, -1):
            kind = self.page_kinds.get(page, "")
            if kind:
                break
        kind = "map" if kind == "tile" else kind
        return kind, SECTION_TITLES.get(kind, "")

    def _end_page(self) -> None:
        self.canvas.showPage()

    def use_page_size(self, size: tuple[float, float] | None) -> None:
        """Draw the next pages on `size` (None: back to the document's paper)."""
        self.page_size_override = size
        self.w, self.h = size or self.paper
        self.canvas.setPageSize((self.w, self.h))

    @property
    def top(self) -> float:
        return self.h - 58 * self.k

    @property
    def bottom(self) -> float:
        return 46 * self.k

    def _fill(self, color: str) -> None:
        self.canvas.setFillColor(_color(color))

    def _stroke(self, color: str, width: float) -> None:
        self.canvas.setStrokeColor(_color(color))
        self.canvas.setLineWidth(width)

    def _document_cache(self) -> FormCache:
        """The forms and text operators of the document being drawn (one per canvas)."""
        if self._forms is None or self._forms.canvas is not self.canvas:
            self._forms = FormCache(self.canvas)
        return self._forms

    def text(self, x: float, y: float, text: str, size: float, color: str = layout_style.INK, bold: bool = False,
             align: str = "left") -> float:
        self._fill(color)
        width = string_width(text, size, bold)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        if text:  # in its own graphics state: the canvas's current font stays what reportlab thinks it is
            from reportlab.lib.rl_accel import fp_str

            shown = self._document_cache().text.show(text, fp_str(size), bold)
            self.canvas._code.append(f"q BT 1 0 0 1 {fp_str(x, y)} Tm {shown} ET Q")
        return width

    def fit(self, text: str, width: float, size: float, max_lines: int | None = None, floor: float = FLOOR_PT,
            bold: bool = False, height: float | None = None, leading: float = 1.35) -> tuple[list[str], float]:
        """app.render.text.fit, once per document for the same text and box (the running header
        and footer are alike on every page)."""
        key = (text, width, size, max_lines, floor, bold, height, leading)
        done = self._fits.get(key)
        if done is None:
            done = self._fits[key] = fit(MEASURE, text, width, size, max_lines, floor, bold, height, leading)
        return list(done[0]), done[1]

    def block(self, x: float, y: float, width: float, text: str, size: float, color: str = layout_style.INK,
              bold: bool = False, max_lines: int | None = None, leading: float = 1.35,
              floor: float = FLOOR_PT, height: float | None = None, role: str = "P") -> float:
        """Wrapped text from baseline y downwards; returns the y below the block. Client text is
        never cut: past max_lines (or `height`) it is set smaller, down to `floor`, then takes
        more lines. `role`: what the block is in the document's structure (pdf_tags)."""
        lines, size = self.fit(text, width, size, max_lines, floor, bold, height, leading)
        with tagged(self.canvas, role):
            for line in lines:
                self.text(x, y, line, size, color, bold)
                y -= size * leading
        return y

    def heading(self, title: str, subtitle: str = "") -> float:
        """The page title under the running header; returns the y where content starts. A long
        title or subtitle wraps (smaller, then on more lines) within the margins."""
        k = self.k
        width = self.w - 2 * self.margin
        y = self.top - 20 * k
        lines, size = self.fit(title, width, 18 * k, 1, 12 * k, True)
        with tagged(self.canvas, "H1"):
            for i, line in enumerate(lines):
                self.text(self.margin, y - i * size * 1.2, line, size, self.accent, bold=True)
        y -= (len(lines) - 1) * size * 1.2
        if subtitle:
            below = self.block(self.margin, y - 16 * k, width, subtitle, 9.5 * k, layout_style.MUTED_INK, max_lines=2,
                               leading=1.3)
            return below - 5.5 * k
        return y - 22 * k

    def decorate(self, canvas: Any, number: int, total: int) -> None:
        """Running header and footer, bookmarks, and the cover's contents (page numbers known now)."""
        k, m = self.k, self.margin
        self.canvas = canvas
        self.w, self.h = self.page_sizes.get(number, self.paper)
        for title, key, level in self.marks.get(number, []):
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(title, key, level=level, closed=level == 0 and False)
        kind = self.page_kinds.get(number, "")
        if kind == "cover":
            self._cover_contents(total)
        with tagged(canvas, ARTIFACT):  # running header and footer: not content, for readers
            if kind == "tile":
                self._stroke(RULE, 0.5)
                self.text(27 * MM, 6 * MM, f"Page {number} of {total}", 7.5, layout_style.MUTED_INK)
                return
            if kind != "cover":
                self._running_header()
                self._stroke(RULE, 0.6 * k)
                canvas.line(m, self.h - 38 * k, self.w - m, self.h - 38 * k)
            self._footer(number, total, kind)

    def _footer(self, number: int, total: int, kind: str) -> None:
        """The consultant's footer text (the section's name without one), the confidentiality
        line and the page number; no Waymark branding on the client's pages."""
        k, m = self.k, self.margin
        self._stroke(RULE, 0.6 * k)
        self.canvas.line(m, 34 * k, self.w - m, 34 * k)
        page = f"Page {number} of {total}"
        page_w = self.text(self.w - m, 22 * k, page, 7.5 * k, layout_style.MUTED_INK, align="right")
        left = self.brand.footer.strip() or SECTION_TITLES.get(kind, "")
        secret = self.brand.confidentiality.strip()
        room = self.w - 2 * m - page_w - 16 * k
        if secret:  # the confidentiality line in bold beside the footer text, each wrapping in its share
            share = room * 0.45
            self.block(m + room - share + 8 * k, 22 * k, share, secret, 7.5 * k, layout_style.INK, bold=True,
                       max_lines=2, leading=1.2)
            room -= share + 16 * k
        self.block(m, 22 * k, room, left, 7.5 * k, layout_style.MUTED_INK, max_lines=2, leading=1.2)

    def _running_header(self) -> None:
        """The title at the left and client · state at the right of the header line: each gets
        its share of the width, smaller type and then more lines (upwards) when it needs them."""
        k, m = self.k, self.margin
        title = self.journey.title or self.project.title
        right = " \u00b7 ".join(p for p in (self.journey.client, self.journey.state.label) if p)
        width = self.w - 2 * m
        gap = 16 * k
        right_w = min(MEASURE.text_width(right, 8.5 * k), width * 0.4)
        highest = self.h - 10 * k  # the first line's baseline stays clear of the sheet's edge
        for text, x, w, bold, color, align in ((title, m, width - right_w - gap, True, layout_style.INK, "left"),
                                               (right, self.w - m, right_w, False, layout_style.MUTED_INK, "right")):
            lines, size = self.fit(text, w, 8.5 * k, 1, FLOOR_PT, bold, height=30 * k - 8 * k, leading=1.2)
            baseline = min(highest - size, self.h - 30 * k + (len(lines) - 1) * size * 1.2)
            for line in lines:
                self.text(x, baseline, line, size, color, bold, align=align)
                baseline -= size * 1.2

    # ------------------------------------------------------------------ cover
    def section_cover(self) -> None:
        from app.export.pdf_cover import draw_cover

        self._begin("cover", "Cover")
        draw_cover(self)
        self._end_page()

    def _cover_contents(self, total: int) -> None:
        from app.export.pdf_cover import draw_contents

        draw_contents(self, total)

    # ------------------------------------------------------------------ personas
    def section_personas(self) -> None:
        from app.export.pdf_cover import draw_persona

        personas = self.project.personas
        if not personas:  # no content: the section is left out, and the contents do not list it
            return
        for i, persona in enumerate(personas):
            if i == 0:
                self._begin("personas", SECTION_TITLES["personas"])
            else:
                self._begin("personas")
            self.marks.setdefault(self.page, []).append((persona.name or "Persona", f"persona-{i}", 1))
            draw_persona(self, persona, i)
            self._end_page()

    # ------------------------------------------------------------------ map
    def section_map(self) -> None:
        from app.export import pdf_map

        if self.options.mode == "tile":
            from app.export import pdf_poster

            pdf_poster.draw_poster(self)
        elif self.options.auto_size:
            pdf_map.draw_auto(self)
        else:
            pdf_map.draw_fit(self)

    def map_surface(self, transform: PageTransform, clip: Rect | None = None) -> ReportlabSurface:
        """A surface drawing the map onto the current page (use it in a `with` block); shapes it
        repeats become form XObjects shared by every page of this document."""
        return ReportlabSurface(self.canvas, self.h, transform, clip, self._document_cache())

    # ------------------------------------------------------------------ metrics
    def section_metrics(self) -> None:
        from app.export.pdf_metrics import draw_metrics

        draw_metrics(self)

    # ------------------------------------------------------------------ comparison
    def section_comparison(self) -> None:
        from app.export.pdf_compare import draw_comparison
        from app.model.analytics import state_pair

        pair = state_pair(self.journey, self.project)
        if pair is None:
            if tuple(self.options.sections) == ("comparison",):  # asked for alone: say why it is empty
                self._begin("comparison", SECTION_TITLES["comparison"])
                y = self.heading("Current and future state")
                self.text(self.margin, y, "This project has one journey state only: there is nothing to compare.",
                          10 * self.k, layout_style.MUTED_INK)
                self._end_page()
            return
        draw_comparison(self, *pair)

    # ------------------------------------------------------------------ register
    def section_painpoints(self) -> None:
        from app.export.pdf_tables import draw_register

        if self.journey.pain_points():
            draw_register(self)

    def section_opportunities(self) -> None:
        from app.export.pdf_tables import draw_opportunities

        if self.journey.opportunities():
            draw_opportunities(self)

    # ------------------------------------------------------------------ notes
    def section_notes(self) -> None:
        from app.export.pdf_tables import draw_notes

        if self.journey.notes.strip() or any(t.notes.strip() for t in self.journey.touchpoints()):
            draw_notes(self)

    # ------------------------------------------------------------------ helpers for sections
    def target_names(self, element_id: str) -> tuple[str, str]:
        """(stage name, touchpoint title or "") of the stage or touchpoint an annotation is about."""
        j = self.journey
        target = j.target_of(element_id)
        if target is None:
            return "", ""
        if j.kind_of(target) is NodeKind.STAGE:
            return j.get(target).name, ""
        return j.stage_of(target).name, j.get(target).title
