"""SVG export of a journey map: the shared drawing functions over a Surface that writes SVG 1.1 text.

Text stays text (<text> elements in "DejaVu Sans", selectable and searchable), measured with the
TTF's own advance widths (app.render.fonts.FontMetrics) so it wraps where the PDF wraps. The glyphs
the map uses are embedded as a small WOFF subset (@font-face), so the file looks the same on machines
without DejaVu Sans. User text is escaped, and characters XML 1.0 forbids are dropped, so any journey
gives a well-formed file.
"""

from __future__ import annotations

import base64
import io
import logging
import os
import re
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from app.layout import layout_journey
from app.layout.geometry import Point, Rect, Segment
from app.model import Journey, Project
from app.model.storage import atomic_write
from app.render.fonts import FAMILY, font_metrics, font_path

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates,
# U+FFFE and U+FFFF; anything else would make the file unreadable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def xml_text(text: str) -> str:
    """Text made safe for an SVG text node: invalid characters dropped, <, > and & escaped."""
    return escape(_XML_INVALID.sub("", text))


class SvgSurface:
    """Implements app.render.surface.Surface by collecting SVG elements; `document()` returns the file."""

    def __init__(self, width: float, height: float, title: str = "", *, embed_fonts: bool = True) -> None:
        self.width = width
        self.height = height
        self.title = title
        self.embed_fonts = embed_fonts
        self.parts: list[str] = []
        self._used: dict[bool, set[str]] = {False: set(), True: set()}
        self._regular = font_metrics(False)
        self._bold = font_metrics(True)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _paint(fill: str | None, stroke: str | None, width: float,
               dash: tuple[float, ...] | None = None) -> str:
        attrs = [f'fill="{fill}"' if fill else 'fill="none"']
        if stroke:
            attrs.append(f'stroke="{stroke}" stroke-width="{_num(width)}"')
            if dash:
                attrs.append(f'stroke-dasharray="{" ".join(_num(d) for d in dash)}"')
        return " ".join(attrs)

    # ------------------------------------------------------------------ Surface
    def rect(self, r: Rect, fill: str | None, stroke: str | None = None, width: float = 1.0,
             radius: float = 0.0, dash: tuple[float, ...] | None = None) -> None:
        x, y, w, h = r.x, r.y, r.w, r.h
        if stroke and not fill:
            x, y, w, h = x + width / 2, y + width / 2, max(0.0, w - width), max(0.0, h - width)
        rounded = f' rx="{_num(radius)}"' if radius > 0 else ""
        self.parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"{rounded} '
                          f'{self._paint(fill, stroke, width, dash)}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.0,
             dash: tuple[float, ...] | None = None) -> None:
        cap = "" if dash else ' stroke-linecap="round"'
        self.parts.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                          f'{self._paint(None, color, width, dash)}{cap}/>')

    def curve(self, segments: list[Segment], color: str, width: float = 1.0,
              dash: tuple[float, ...] | None = None) -> None:
        if not segments:
            return
        (x0, y0) = segments[0][0]
        d = [f"M{_num(x0)} {_num(y0)}"]
        for _, c1, c2, end in segments:
            d.append(f"C{_num(c1[0])} {_num(c1[1])} {_num(c2[0])} {_num(c2[1])} {_num(end[0])} {_num(end[1])}")
        self.parts.append(f'<path d="{"".join(d)}" {self._paint(None, color, width, dash)} '
                          'stroke-linecap="round" stroke-linejoin="round"/>')

    def polygon(self, points: list[Point], fill: str | None, stroke: str | None = None,
                width: float = 1.0) -> None:
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        join = ' stroke-linejoin="round"' if stroke else ""
        self.parts.append(f'<polygon points="{pts}" {self._paint(fill, stroke, width)}{join}/>')

    def symbol(self, key: Hashable, rect: Rect, draw: Callable[[Any, Rect], None]) -> None:
        draw(self, rect)

    def element(self, role: str) -> AbstractContextManager[None]:
        return nullcontext()  # SVG text is read in document order already

    def circle(self, x: float, y: float, r: float, fill: str | None, stroke: str | None = None,
               width: float = 1.0) -> None:
        self.parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" {self._paint(fill, stroke, width)}/>')

    def text(self, x: float, baseline: float, text: str, size: float, color: str,
             bold: bool = False) -> None:
        weight = ' font-weight="bold"' if bold else ""
        self._used[bold].update(text)
        self.parts.append(f'<text x="{_num(x)}" y="{_num(baseline)}" font-size="{_num(size)}"{weight} '
                          f'fill="{color}">{xml_text(text)}</text>')

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return (self._bold if bold else self._regular).width(text, size)

    # ------------------------------------------------------------------ output
    def document(self) -> str:
        """The complete SVG 1.1 document."""
        w, h = _num(self.width), _num(self.height)
        head = [
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}pt" height="{h}pt" '
            f'viewBox="0 0 {w} {h}">',
        ]
        if self.title:
            head.append(f"<title>{xml_text(self.title)}</title>")
        if self.embed_fonts:
            head.append(self._font_faces())
        family = quoteattr(f"'{FAMILY}', Verdana, sans-serif")
        head.append(f'<g font-family={family} xml:space="preserve">')
        return "\n".join([*head, *self.parts, "</g>", "</svg>", ""])


    def _font_faces(self) -> str:
        """A <style> with @font-face rules carrying WOFF subsets of the glyphs used."""
        rules = []
        for bold, chars in self._used.items():
            if chars:
                data = _woff_subset(bold, "".join(sorted(chars)))
                rules.append(f"@font-face {{ font-family: '{FAMILY}'; font-weight: {'bold' if bold else 'normal'}; "
                             f"src: url(data:font/woff;base64,{data}) format('woff'); }}")
        if not rules:
            return ""
        return '<style type="text/css"><![CDATA[\n' + "\n".join(rules) + "\n]]></style>"


def _woff_subset(bold: bool, text: str) -> str:
    """Base64 of a WOFF font holding DejaVu Sans's glyphs for text (fontTools, loaded lazily)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # no kerning or ligatures: the text was measured without them
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = TTFont(str(font_path(bold)))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def render_svg(project: Project, journey: Journey, selected: frozenset[str] = frozenset()) -> str:
    """The SVG text of the journey's map (1 SVG user unit = 1 layout point)."""
    from app.render.draw import draw_map

    layout = layout_journey(journey, project.personas)
    surface = SvgSurface(layout.width, layout.height, journey.title)
    draw_map(surface, layout, journey, project.personas, selected=selected)
    return surface.document()


def export_svg(project: Project, journey: Journey, path: str | os.PathLike[str]) -> None:
    """Write the journey's map as an SVG file, atomically (no .bak of an older export is kept)."""
    data = render_svg(project, journey).encode("utf-8")
    atomic_write(path, data, keep_backup=False)
