"""A Surface (app/render/surface.py) on a reportlab canvas, so the shared drawing functions of
app/render/draw.py paint the map into a PDF exactly as they paint it on screen.

Layout coordinates grow downwards; PDF's grow upwards. A PageTransform scales and offsets the
layout onto the page (fit on one page, or one tile of a poster); the surface writes it, flip
included, as one transformation matrix, and then writes shapes in layout units as they are.
Text is real, selectable PDF text, every font an embedded TrueType subset: DejaVu Sans, then for
what it lacks a CJK font of this computer (converted, see app/render/font_chain.py), then the
shipped monochrome Noto Emoji; nothing refers to a font the reader must supply. Hebrew and Arabic
are written in display order with joined letters (app.render.visual_order). User text is written
literally as PDF string operands (escaped): it is never parsed as markup.

reportlab is imported only by the functions that need it (never at start-up).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from app.export.pdf_tags import tagged
from app.layout.geometry import Point, Rect, Segment
from app.render.font_chain import ACTIVE_REGION, main_face_has_ascii
from app.render.visual_order import visual

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
EMOJI = "NotoEmoji"
Box = tuple[float, float, float, float]  # x, y, w, h in layout units


@dataclass(frozen=True)
class PageTransform:
    """Layout point (x, y) -> page point measured from the top-left: (ox + x * scale, oy + y * scale)."""

    scale: float = 1.0
    ox: float = 0.0
    oy: float = 0.0


def _dejavu_paths() -> tuple[str, str]:
    from app.render.fonts import font_path

    return str(font_path(False)), str(font_path(True))


def _utf16_hex(code: int) -> str:
    return code.to_bytes(4, "big").hex().upper()[4:] if code < 0x10000 else \
        chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but with characters beyond the BMP (emoji, rare CJK) written as
    UTF-16 surrogate pairs as the PDF format says: reportlab writes five hex digits, which readers
    take for a different character (a lorry reads back as a Greek letter)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


@functools.cache
def register_fonts() -> dict[str, Any]:
    """Register DejaVu Sans (regular, bold) and Noto Emoji as embedded TrueType fonts; return them."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    from app.render.font_chain import EMOJI_FILE

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap
    regular, bold = _dejavu_paths()
    pdfmetrics.registerFont(TTFont(SANS, regular))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, bold))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    fonts = {SANS: pdfmetrics.getFont(SANS), SANS_BOLD: pdfmetrics.getFont(SANS_BOLD)}
    if EMOJI_FILE.is_file():
        pdfmetrics.registerFont(TTFont(EMOJI, str(EMOJI_FILE)))
        fonts[EMOJI] = pdfmetrics.getFont(EMOJI)
    return fonts


def use_language(language: str | None, texts: list[str] | tuple[str, ...] = ()) -> None:
    """Pick the CJK glyphs for a document's language and put every CJK character of its text
    into one font subset up front (app.render.font_chain.use_document)."""
    from app.render.font_chain import use_document

    use_document(language, texts)


def _region() -> str:
    return ACTIVE_REGION[0]


@functools.lru_cache(maxsize=64)
def _cjk_font(path: str, name: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(name, path))
    return name


def _cjk_font_name(chars: set[str], bold: bool, region: str) -> str:
    """The reportlab name of a CJK subset holding these characters (registered on first use)."""
    from app.render.font_chain import font_chain

    face = font_chain(region).cjk_face(chars)
    if face is None:  # cannot happen: a character is "cjk" only when a CJK font exists
        return SANS_BOLD if bold else SANS
    path = face.bold if bold else face.regular
    return _cjk_font(str(path), f"CJK-{face.tag}{'-Bold' if bold and face.bold != face.regular else ''}")


@functools.lru_cache(maxsize=4096)
def _font_runs(text: str, bold: bool, region: str) -> tuple[tuple[str, str], ...]:
    from app.render.font_chain import font_chain, printable

    fonts = register_fonts()  # the runs name fonts that must then be known to reportlab
    main = SANS_BOLD if bold else SANS
    chain = font_chain(region)
    if text.isascii() and text.isprintable() and chain.has_ascii(bold):  # the common case, no look-ups
        return ((main, text),) if text else ()
    text = printable(text)
    coverage = chain.sans_bold if bold else chain.sans
    if coverage.issuperset(map(ord, text)):  # all of it in DejaVu Sans
        return ((main, text),) if text else ()
    faces = [chain.face_of(ch, bold) for ch in text]
    cjk = {ch for ch, face in zip(text, faces, strict=True) if face == "cjk"}
    names = {"sans": main, "missing": main, "emoji": EMOJI if EMOJI in fonts else main}
    if cjk:
        names["cjk"] = _cjk_font_name(cjk, bold, region)
    runs: list[tuple[str, str]] = []
    for ch, face in zip(text, faces, strict=True):
        font = names[face]
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return tuple(runs)


def font_runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """Split text into (font name, run) pairs along the fallback chain of app.render.font_chain:
    DejaVu Sans where it has the glyphs, else the CJK subset, else Noto Emoji. Characters that are
    never drawn (joiners, variation selectors) are left out; a character no font has stays in
    DejaVu, whose box is printed, and the export reports it (app.export.glyph_report)."""
    return _font_runs(text, bold, _region())


@functools.lru_cache(maxsize=16384)  # wrapping measures the same words and lines again and again
def _string_width(text: str, size: float, bold: bool, region: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(run, font, size) for font, run in _font_runs(visual(text), bold, region))


def string_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of text in points, with the same font runs drawing uses."""
    if text.isascii() and text.isprintable() and main_face_has_ascii(bold):  # one run in DejaVu Sans
        return float(register_fonts()[SANS_BOLD if bold else SANS].stringWidth(text, size))
    return _string_width(text, size, bold, _region())


def clear_text_caches() -> None:
    """Forget every measured run and width (benchmarks measure a first export of a session)."""
    _font_runs.cache_clear()
    _string_width.cache_clear()


KAPPA = 0.5522847498  # control-point distance of a quarter circle drawn as one cubic
# (fill?, stroke?) -> the PDF painting operator
_PAINT = {(True, True): "B", (True, False): "f", (False, True): "S", (False, False): "n"}


def _circle_path(cx: float, cy: float, r: float) -> str:
    k = r * KAPPA
    return (f"{cx + r:.2f} {cy:.2f} m "
            f"{cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} {cx:.2f} {cy + r:.2f} c "
            f"{cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} {cx - r:.2f} {cy:.2f} c "
            f"{cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} {cx:.2f} {cy - r:.2f} c "
            f"{cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} {cx + r:.2f} {cy:.2f} c h")


def _round_rect_path(x: float, y: float, w: float, h: float, r: float) -> str:
    k = r * KAPPA
    x1, y1 = x + w, y + h
    return (f"{x + r:.2f} {y:.2f} m {x1 - r:.2f} {y:.2f} l "
            f"{x1 - r + k:.2f} {y:.2f} {x1:.2f} {y + r - k:.2f} {x1:.2f} {y + r:.2f} c "
            f"{x1:.2f} {y1 - r:.2f} l {x1:.2f} {y1 - r + k:.2f} {x1 - r + k:.2f} {y1:.2f} {x1 - r:.2f} {y1:.2f} c "
            f"{x + r:.2f} {y1:.2f} l {x + r - k:.2f} {y1:.2f} {x:.2f} {y1 - r + k:.2f} {x:.2f} {y1 - r:.2f} c "
            f"{x:.2f} {y + r:.2f} l {x:.2f} {y + r - k:.2f} {x + r - k:.2f} {y:.2f} {x + r:.2f} {y:.2f} c h")


@functools.cache
def _rgb(value: str) -> str:
    """"#rrggbb" as PDF colour operands "r g b" (three decimals each)."""
    from reportlab.lib.colors import HexColor

    c = HexColor(value)
    return " ".join(f"{v:.3f}".rstrip("0").rstrip(".") or "0" for v in (c.red, c.green, c.blue))


def _stroke_ops(color: str, width: float, dash: tuple[float, ...] | None) -> str:
    pattern = " ".join(f"{d:.2f}" for d in dash) if dash else ""
    return f"{_rgb(color)} RG {width:.2f} w [{pattern}] 0 d"


def _paint_ops(fill: str | None, stroke: str | None, width: float, dash: tuple[float, ...] | None = None) -> str:
    """Colour and pen operators that make a stamp independent of the page's current state."""
    ops = []
    if fill is not None:
        ops.append(f"{_rgb(fill)} rg")
    if stroke is not None:
        ops.append(_stroke_ops(stroke, width, dash))
    return " ".join(ops)


class TextOperands:
    """The text-showing operators of one PDF document, worked out once per string.

    Each font is an embedded TrueType subset whose character codes reportlab hands out as a
    document uses characters (its splitString); printable ASCII keeps its own codes in the first
    subset, so such a run is written as it is without asking character by character. A string
    drawn again at the same size (an owner's name, a lane title, a label of each page) reuses
    its operators."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.fonts = register_fonts()
        self.shown: dict[tuple[str, bool, str], str] = {}  # (text, bold, size) -> "... Tf (...) Tj"
        self.subset_names: dict[tuple[str, int], str] = {}
        self.ascii_as_is: dict[str, bool] = {}

    def show(self, text: str, size: str, bold: bool) -> str:
        """The operators that show one line of text at the current text position; `size` is
        the font size as the operand to write."""
        key = (text, bold, size)
        ops = self.shown.get(key)
        if ops is None:
            from reportlab.lib.rl_accel import escapePDF

            ops = self.shown[key] = " ".join(f"{name} {size} Tf ({escapePDF(chunk)}) Tj"
                                             for name, chunk in self._pieces(text, bold))
        return ops

    def _pieces(self, text: str, bold: bool) -> list[tuple[str, str | bytes]]:
        doc = self.doc
        if text.isascii() and text.isprintable() and main_face_has_ascii(bold):  # one run in DejaVu Sans
            font = self.fonts[SANS_BOLD if bold else SANS]
            if self._keeps_ascii(font):
                return [(self._subset_name(font, 0), text)] if text else []
        out: list[tuple[str, str | bytes]] = []
        for name, run in font_runs(visual(text), bold):
            font = self.fonts.get(name)
            if font is None:  # a CJK subset, registered when its text was first measured
                from reportlab.pdfbase.pdfmetrics import getFont

                font = getFont(name)
            if run.isascii() and run.isprintable() and self._keeps_ascii(font):
                out.append((self._subset_name(font, 0), run))
                continue
            out.extend((self._subset_name(font, subset), chunk) for subset, chunk in font.splitString(run, doc))
        return out

    def _keeps_ascii(self, font: Any) -> bool:
        """Whether this document's subsets of font code printable ASCII as itself (reportlab's
        "ASCII readable" layout), so that splitString would hand such a run back unchanged."""
        known = self.ascii_as_is.get(font.fontName)
        if known is None:
            font.splitString(" ", self.doc)  # makes the font's state in this document
            given = font.state[self.doc].assignments
            known = self.ascii_as_is[font.fontName] = all(given.get(c) == c for c in range(0x20, 0x7F))
        return known

    def _subset_name(self, font: Any, subset: int) -> str:
        key = (font.fontName, subset)
        name = self.subset_names.get(key)
        if name is None:  # the first use also puts the font into the document
            name = self.subset_names[key] = font.getSubsetInternalName(subset, self.doc)
        return name


INLINE_COPIES = 3  # a form costs an object and a stream: shapes drawn up to this often stay inline


class FormCache:
    """The form XObjects of one PDF document.

    A shape drawn again and again (the cards of a stage, vote and emotion dots, channel icons) is
    written into the file once (from its fourth copy on) and every later copy is a reference of
    a few bytes: a 2,000-touchpoint map page shrinks to a fraction of its size and so compresses
    and prints faster. Forms are shared by all pages of the document (the poster's tiles too)."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.names: dict[Hashable, str] = {}
        self.seen: dict[Hashable, int] = {}
        # id(segments) -> (segments, box, segment boxes): see ReportlabSurface._hulls
        self.curves: dict[int, tuple[list[Segment], Box, list[Box]]] = {}
        self.text = TextOperands(canvas)  # the document's text, shared like its forms
        # curve segments and polygon outlines as path operators (see ReportlabSurface)
        self.paths: dict[Segment, tuple[str, str]] = {}
        self.polygons: dict[tuple[Point, ...], str] = {}
        # key -> (operators, forms placed, fill and pen after them): see ReportlabSurface.reuse
        self.reused: dict[Hashable, tuple[str, list[str], str | None, tuple[Any, ...] | None]] = {}

    def lookup(self, key: Hashable, bbox: tuple[float, float, float, float], ops: Callable[[], str]) -> str | None:
        """The form's name; None while the key has been seen too few times to be worth a form
        (the caller draws it inline then)."""
        name = self.names.get(key)
        if name is not None:
            return name
        seen = self.seen.get(key, 0)
        if seen < INLINE_COPIES:
            self.seen[key] = seen + 1
            return None
        from reportlab.pdfbase.pdfdoc import PDFFormXObject

        content = ops()
        name = f"w{len(self.names)}"
        form = PDFFormXObject(*bbox)
        form.compression = self.canvas._pageCompression
        form.setStreamList(content)
        doc = self.canvas._doc
        state = doc.inObject  # addForm resets it; the page being drawn carries on
        doc.addForm(name, form)
        doc.inObject = state
        self.names[key] = name
        return name


def _hull(segment: Segment) -> Box:
    """x, y, w, h of a box around a cubic segment (its control points' hull contains it)."""
    xs, ys = [p[0] for p in segment], [p[1] for p in segment]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


class ReportlabSurface:
    """Implements app.render.surface.Surface on a reportlab canvas.

    Use it as a context manager: on entry it maps layout coordinates onto the page with one
    transformation matrix (scale, offset and the flip of the y axis), so shapes are written in
    layout units exactly as the layout gives them; on exit the page's own state comes back.
    Path, colour and text operators go straight into the page's content stream.

    `clip` (a layout rectangle) skips shapes entirely outside it: a poster tile then carries
    only what it shows instead of the whole map clipped away."""

    def __init__(self, canvas: Any, page_height: float, transform: PageTransform | None = None,
                 clip: Rect | None = None, forms: FormCache | None = None) -> None:
        self.canvas = canvas
        self._fonts = register_fonts()
        self._code: list[str] = canvas._code
        self.page_height = page_height
        self.t = transform or PageTransform()
        self.clip = clip
        self.forms = forms
        self._text = forms.text if forms is not None else TextOperands(canvas)
        self._paths = forms.paths if forms is not None else {}
        self._polygons = forms.polygons if forms is not None else {}
        self._used: set[str] = set()
        self._stroke: tuple[Any, ...] | None = None
        self._fill: str | None = None

    def __enter__(self) -> ReportlabSurface:
        t = self.t
        self._code.append(f"q {t.scale:.6f} 0 0 {-t.scale:.6f} {t.ox:.3f} {self.page_height - t.oy:.3f} cm")
        self.invalidate()
        return self

    def __exit__(self, *exc: object) -> None:
        self._code.append("Q")

    # ------------------------------------------------------------------ helpers
    def _visible(self, x: float, y: float, w: float, h: float) -> bool:
        c = self.clip
        return c is None or (x <= c.right and c.x <= x + w and y <= c.bottom and c.y <= y + h)

    def _set_fill(self, fill: str) -> None:
        if fill != self._fill:
            self._code.append(f"{_rgb(fill)} rg")
            self._fill = fill

    def _set_stroke(self, color: str, width: float, dash: tuple[float, ...] | None) -> None:
        key = (color, width, dash)
        if key != self._stroke:
            self._code.append(_stroke_ops(color, width, dash))
            self._stroke = key

    def _hulls(self, segments: list[Segment]) -> tuple[Box, list[Box]]:
        """The box of a curve and of each of its segments, worked out once per document (a
        poster's tiles all ask for the same long emotion curves)."""
        cache = self.forms.curves if self.forms is not None else {}
        entry = cache.get(id(segments))
        if entry is None or entry[0] is not segments:
            hulls = [_hull(seg) for seg in segments]
            x0, y0 = min(h[0] for h in hulls), min(h[1] for h in hulls)
            x1, y1 = max(h[0] + h[2] for h in hulls), max(h[1] + h[3] for h in hulls)
            entry = cache[id(segments)] = (segments, (x0, y0, x1 - x0, y1 - y0), hulls)
        return entry[1], entry[2]

    def _stamp(self, key: Hashable, x: float, y: float, bbox: tuple[float, float, float, float],
               ops: Callable[[], str]) -> None:
        """Draw `ops` (self-contained, relative to the origin) with its origin at (x, y)."""
        name = self.forms.lookup(key, bbox, ops) if self.forms is not None else None
        if name is None:
            self._code.append(f"q 1 0 0 1 {x:.2f} {y:.2f} cm {ops()} Q")
            return
        if name not in self._used:
            self._used.add(name)
            self.canvas._formsinuse.append(name)
        self._code.append(f"q 1 0 0 1 {x:.2f} {y:.2f} cm /FormXob.{name} Do Q")

    # ------------------------------------------------------------------ Surface
    def rect(self, r: Rect, fill: str | None, stroke: str | None = None, width: float = 1.0,
             radius: float = 0.0, dash: tuple[float, ...] | None = None) -> None:
        if (fill is None and stroke is None) or not self._visible(r.x, r.y, r.w, r.h):
            return
        paint = _PAINT[(fill is not None, stroke is not None)]
        w, h = r.w, r.h
        rad = min(radius, w / 2, h / 2)
        if rad > 0:
            pad = width if stroke is not None else 0.0
            self._stamp(("rect", w, h, rad, fill, stroke, width, dash), r.x, r.y, (-pad, -pad, w + pad, h + pad),
                        lambda: f"{_paint_ops(fill, stroke, width, dash)} {_round_rect_path(0, 0, w, h, rad)} {paint}")
            return
        if fill is not None:
            self._set_fill(fill)
        if stroke is not None:
            self._set_stroke(stroke, width, dash)
        self._code.append(f"{r.x:.2f} {r.y:.2f} {w:.2f} {h:.2f} re {paint}")

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.0,
             dash: tuple[float, ...] | None = None) -> None:
        if not self._visible(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)):
            return
        self._set_stroke(color, width, dash)
        self._code.append(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def curve(self, segments: list[Segment], color: str, width: float = 1.0,
              dash: tuple[float, ...] | None = None) -> None:
        if not segments:
            return
        hulls = None
        if self.clip is not None:
            box, hulls = self._hulls(segments)
            if not self._visible(*box):
                return
        ops: list[str] = []
        last_end = None
        written = self._paths
        for i, segment in enumerate(segments):
            if hulls is not None and not self._visible(*hulls[i]):
                continue  # a tile carries only the pieces of a long curve that it shows
            pair = written.get(segment)
            if pair is None:  # a segment on several pages (a long path step) is formatted once
                (x0, y0), (x1, y1), (x2, y2), (x3, y3) = segment
                pair = written[segment] = (f"{x0:.2f} {y0:.2f} m",
                                           f"{x1:.2f} {y1:.2f} {x2:.2f} {y2:.2f} {x3:.2f} {y3:.2f} c")
            if segment[0] != last_end:
                ops.append(pair[0])
            ops.append(pair[1])
            last_end = segment[3]
        if ops:
            self._set_stroke(color, width, dash)
            ops.append("S")
            self._code.append(" ".join(ops))

    def polygon(self, points: list[Point], fill: str | None, stroke: str | None = None,
                width: float = 1.0) -> None:
        if len(points) < 2 or (fill is None and stroke is None):
            return
        if self.clip is not None:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            if not self._visible(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)):
                return
        if fill is not None:
            self._set_fill(fill)
        if stroke is not None:
            self._set_stroke(stroke, width, None)
        self._code.append(f"{self._outline(points)} h {_PAINT[(fill is not None, stroke is not None)]}")

    def _outline(self, points: list[Point]) -> str:
        """The path operators of a polygon's outline (formatted once per document: an arrow head
        on several pages)."""
        key = tuple(points)
        ops = self._polygons.get(key)
        if ops is None:
            ops = self._polygons[key] = " ".join([f"{points[0][0]:.2f} {points[0][1]:.2f} m",
                                                  *(f"{x:.2f} {y:.2f} l" for x, y in points[1:])])
        return ops

    def circle(self, x: float, y: float, r: float, fill: str | None, stroke: str | None = None,
               width: float = 1.0) -> None:
        if (fill is None and stroke is None) or not self._visible(x - r, y - r, 2 * r, 2 * r):
            return
        paint = _PAINT[(fill is not None, stroke is not None)]
        e = r + (width if stroke is not None else 0.0)
        self._stamp(("circle", r, fill, stroke, width), x, y, (-e, -e, e, e),
                    lambda: f"{_paint_ops(fill, stroke, width)} {_circle_path(0, 0, r)} {paint}")

    def element(self, role: str) -> AbstractContextManager[None]:
        return tagged(self.canvas, role)

    def symbol(self, key: Hashable, rect: Rect, draw: Callable[[Any, Rect], None]) -> None:
        """Something drawn identically many times (a channel icon): recorded once as a form."""
        if not self._visible(rect.x, rect.y, rect.w, rect.h):
            return
        pad = max(rect.w, rect.h) * 0.25
        self._stamp(("symbol", key, rect.w, rect.h), rect.x, rect.y,
                    (-pad, -pad, rect.w + pad, rect.h + pad), lambda: self._record(draw, rect))

    def reuse(self, key: Hashable, draw: Callable[[Any], None]) -> None:
        """Shapes and text that come out the same on many pages of the document (in layout
        units, under each page's own transformation; the grid of a run of stages): `draw(self)`
        writes them the first time, later pages get its operators again. They start from no
        assumed colour or pen, so they are right whatever was drawn before them."""
        if self.forms is None:
            draw(self)
            return
        entry = self.forms.reused.get(key)
        if entry is None:
            self.invalidate()
            start, used = len(self._code), self._used
            self._used = set()  # every form `draw` places, even one placed on this page before
            try:
                draw(self)
            finally:
                placed, self._used = self._used, used | self._used
            entry = self.forms.reused[key] = ("\n".join(self._code[start:]), sorted(placed), self._fill,
                                              self._stroke)
            return
        ops, forms, self._fill, self._stroke = entry
        self._code.append(ops)
        for name in forms:
            if name not in self._used:
                self._used.add(name)
                if name not in self.canvas._formsinuse:
                    self.canvas._formsinuse.append(name)

    def _record(self, draw: Callable[[Any, Rect], None], rect: Rect) -> str:
        """The operators `draw` writes for rect moved to the origin, with colours set from scratch.
        Shapes only: a form carries no fonts."""
        saved = self._code, self._fill, self._stroke, self.clip, self.forms
        # no forms inside the form: its shapes are written into it
        self._code, self._fill, self._stroke, self.clip, self.forms = [], None, None, None, None
        try:
            draw(self, Rect(0.0, 0.0, rect.w, rect.h))
            return " ".join(self._code)
        finally:
            self._code, self._fill, self._stroke, self.clip, self.forms = saved

    def text(self, x: float, baseline: float, text: str, size: float, color: str,
             bold: bool = False) -> None:
        if not text:
            return
        if self.clip is not None and not self._visible(x, baseline - size, len(text) * size, size * 1.3):
            return
        self._set_fill(color)
        self._code.append(f"BT 1 0 0 -1 {x:.2f} {baseline:.2f} Tm {self._text.show(text, f'{size:.2f}', bold)} ET")

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return string_width(text, size, bold)

    # ------------------------------------------------------------------ state
    def invalidate(self) -> None:
        """Forget the cached colour and line state (after the caller changed the canvas itself)."""
        self._stroke = None
        self._fill = None
