"""A Surface (app/render/surface.py) on a reportlab canvas, so the shared drawing functions of
app/render/draw.py paint the map into a PDF exactly as they paint it on screen.

Layout coordinates grow downwards; reportlab's grow upwards, so every point is flipped here.
A PageTransform scales and offsets the layout onto the page (fit on one page, or one tile of a
poster). Text is real, selectable PDF text in DejaVu Sans (embedded TrueType subsets); runs of
characters DejaVu cannot render (Chinese, Japanese, Korean) fall back to one of reportlab's
built-in CID fonts so that such text prints instead of breaking the export. User text is drawn
literally with drawString: it is never parsed as markup.

reportlab is imported only by the functions that need it (never at start-up).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from app.layout.geometry import Point, Rect, Segment

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
# reportlab's CID fonts (no font file needed; the viewer supplies the glyphs)
CJK_FONTS = {"ja": "HeiseiKakuGo-W5", "ko": "HYGothic-Medium", "zh": "STSong-Light"}


@dataclass(frozen=True)
class PageTransform:
    """Layout point (x, y) -> page point measured from the top-left: (ox + x * scale, oy + y * scale)."""

    scale: float = 1.0
    ox: float = 0.0
    oy: float = 0.0


def _dejavu_paths() -> tuple[str, str]:
    from app.render.fonts import font_path

    return str(font_path(False)), str(font_path(True))


@functools.cache
def register_fonts() -> dict[str, Any]:
    """Register DejaVu Sans (regular, bold) as embedded TrueType fonts; return their glyph maps."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = _dejavu_paths()
    pdfmetrics.registerFont(TTFont(SANS, regular))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, bold))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    return {SANS: pdfmetrics.getFont(SANS), SANS_BOLD: pdfmetrics.getFont(SANS_BOLD)}


@functools.cache
def _cid_font(name: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def _cjk_font_for(ch: str) -> str:
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return _cid_font(CJK_FONTS["ko"])
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return _cid_font(CJK_FONTS["ja"])
    return _cid_font(CJK_FONTS["zh"])


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF or 0x1100 <= code <= 0x11FF or 0x20000 <= code <= 0x2FFFF)


@functools.lru_cache(maxsize=4096)
def font_runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """Split text into (font name, run) pairs: DejaVu where it has the glyphs, a CID font for CJK.

    Characters neither can render (e.g. emoji) stay in DejaVu, which prints its missing-glyph box
    rather than failing."""
    fonts = register_fonts()
    main = SANS_BOLD if bold else SANS
    glyphs = fonts[main].face.charToGlyph
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = main if ord(ch) in glyphs or not _is_cjk(ch) else _cjk_font_for(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return tuple(runs)


def string_width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of text in points, with the same font runs drawing uses."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(run, font, size) for font, run in font_runs(text, bold))


def draw_text(canvas: Any, x: float, y: float, text: str, size: float, bold: bool = False) -> float:
    """Draw text (reportlab coordinates, baseline at y) run by run; return its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    start = x
    for font, run in font_runs(text, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
    return x - start


KAPPA = 0.5522847498  # control-point distance of a quarter circle drawn as one cubic
# (fill?, stroke?) -> the PDF painting operator
_PAINT = {(True, True): "B", (True, False): "f", (False, True): "S", (False, False): "n"}


def _circle_ops(cx: float, cy: float, r: float) -> str:
    k = r * KAPPA
    return (f"n {cx + r:.3f} {cy:.3f} m "
            f"{cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} {cx:.3f} {cy + r:.3f} c "
            f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} {cx - r:.3f} {cy:.3f} c "
            f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} {cx:.3f} {cy - r:.3f} c "
            f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} {cx + r:.3f} {cy:.3f} c h ")


def _round_rect_ops(x: float, y: float, w: float, h: float, r: float) -> str:
    k = r * KAPPA
    x1, y1 = x + w, y + h
    return (f"n {x + r:.3f} {y:.3f} m {x1 - r:.3f} {y:.3f} l "
            f"{x1 - r + k:.3f} {y:.3f} {x1:.3f} {y + r - k:.3f} {x1:.3f} {y + r:.3f} c "
            f"{x1:.3f} {y1 - r:.3f} l {x1:.3f} {y1 - r + k:.3f} {x1 - r + k:.3f} {y1:.3f} {x1 - r:.3f} {y1:.3f} c "
            f"{x + r:.3f} {y1:.3f} l {x + r - k:.3f} {y1:.3f} {x:.3f} {y1 - r + k:.3f} {x:.3f} {y1 - r:.3f} c "
            f"{x:.3f} {y + r:.3f} l {x:.3f} {y + r - k:.3f} {x + r - k:.3f} {y:.3f} {x + r:.3f} {y:.3f} c h ")


class ReportlabSurface:
    """Implements app.render.surface.Surface on a reportlab canvas.

    `clip` (a layout rectangle) skips shapes entirely outside it: a poster tile then carries
    only what it shows instead of the whole map clipped away."""

    def __init__(self, canvas: Any, page_height: float, transform: PageTransform | None = None,
                 clip: Rect | None = None) -> None:
        from reportlab.lib.colors import HexColor

        register_fonts()
        self.canvas = canvas
        # path operators go straight into the page's content stream (as the canvas's own methods do);
        # colours, line widths and text still go through the canvas so its state stays right
        self._code: list[str] = canvas._code
        self.page_height = page_height
        self.t = transform or PageTransform()
        self.clip = clip
        self._hex = HexColor
        self._colors: dict[str, Any] = {}
        self._stroke: tuple[Any, ...] | None = None
        self._fill: str | None = None

    # ------------------------------------------------------------------ helpers
    def _x(self, x: float) -> float:
        return self.t.ox + x * self.t.scale

    def _y(self, y: float) -> float:
        return self.page_height - (self.t.oy + y * self.t.scale)

    def _color(self, value: str) -> Any:
        color = self._colors.get(value)
        if color is None:
            color = self._colors[value] = self._hex(value)
        return color

    def _visible(self, x: float, y: float, w: float, h: float) -> bool:
        c = self.clip
        return c is None or (x <= c.right and c.x <= x + w and y <= c.bottom and c.y <= y + h)

    def _set_fill(self, fill: str) -> None:
        if fill != self._fill:
            self.canvas.setFillColor(self._color(fill))
            self._fill = fill

    def _set_stroke(self, color: str, width: float, dash: tuple[float, ...] | None) -> None:
        key = (color, width, dash)
        if key == self._stroke:
            return
        c, s = self.canvas, self.t.scale
        c.setStrokeColor(self._color(color))
        c.setLineWidth(width * s)
        if dash:
            c.setDash([d * s for d in dash], 0)
        else:
            c.setDash([], 0)
        self._stroke = key

    # ------------------------------------------------------------------ Surface
    def rect(self, r: Rect, fill: str | None, stroke: str | None = None, width: float = 1.0,
             radius: float = 0.0, dash: tuple[float, ...] | None = None) -> None:
        if (fill is None and stroke is None) or not self._visible(r.x, r.y, r.w, r.h):
            return
        if fill is not None:
            self._set_fill(fill)
        if stroke is not None:
            self._set_stroke(stroke, width, dash)
        s = self.t.scale
        x, y, w, h = self._x(r.x), self._y(r.bottom), r.w * s, r.h * s
        paint = _PAINT[(fill is not None, stroke is not None)]
        rad = min(radius * s, w / 2, h / 2)
        if rad > 0:
            self._code.append(_round_rect_ops(x, y, w, h, rad) + paint)
        else:
            self._code.append(f"{x:.3f} {y:.3f} {w:.3f} {h:.3f} re {paint}")

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.0,
             dash: tuple[float, ...] | None = None) -> None:
        if not self._visible(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)):
            return
        self._set_stroke(color, width, dash)
        self._code.append(f"n {self._x(x1):.3f} {self._y(y1):.3f} m {self._x(x2):.3f} {self._y(y2):.3f} l S")

    def curve(self, segments: list[Segment], color: str, width: float = 1.0,
              dash: tuple[float, ...] | None = None) -> None:
        if not segments:
            return
        xs = [p[0] for seg in segments for p in seg]
        ys = [p[1] for seg in segments for p in seg]
        if not self._visible(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)):
            return
        self._set_stroke(color, width, dash)
        X, Y = self._x, self._y
        ops = [f"n {X(segments[0][0][0]):.3f} {Y(segments[0][0][1]):.3f} m"]
        for _, c1, c2, end in segments:
            ops.append(f"{X(c1[0]):.3f} {Y(c1[1]):.3f} {X(c2[0]):.3f} {Y(c2[1]):.3f} "
                       f"{X(end[0]):.3f} {Y(end[1]):.3f} c")
        ops.append("S")
        self._code.append(" ".join(ops))

    def polygon(self, points: list[Point], fill: str | None, stroke: str | None = None,
                width: float = 1.0) -> None:
        if len(points) < 2 or (fill is None and stroke is None):
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if not self._visible(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)):
            return
        if fill is not None:
            self._set_fill(fill)
        if stroke is not None:
            self._set_stroke(stroke, width, None)
        X, Y = self._x, self._y
        ops = [f"n {X(points[0][0]):.3f} {Y(points[0][1]):.3f} m"]
        ops.extend(f"{X(x):.3f} {Y(y):.3f} l" for x, y in points[1:])
        ops.append("h " + _PAINT[(fill is not None, stroke is not None)])
        self._code.append(" ".join(ops))

    def circle(self, x: float, y: float, r: float, fill: str | None, stroke: str | None = None,
               width: float = 1.0) -> None:
        if (fill is None and stroke is None) or not self._visible(x - r, y - r, 2 * r, 2 * r):
            return
        if fill is not None:
            self._set_fill(fill)
        if stroke is not None:
            self._set_stroke(stroke, width, None)
        self._code.append(_circle_ops(self._x(x), self._y(y), r * self.t.scale)
                          + _PAINT[(fill is not None, stroke is not None)])

    def text(self, x: float, baseline: float, text: str, size: float, color: str,
             bold: bool = False) -> None:
        if not text:
            return
        if self.clip is not None and not self._visible(x, baseline - size, len(text) * size, size * 1.3):
            return
        self._set_fill(color)
        draw_text(self.canvas, self._x(x), self._y(baseline), text, size * self.t.scale, bold)

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return string_width(text, size, bold)

    # ------------------------------------------------------------------ state
    def invalidate(self) -> None:
        """Forget the cached colour and line state (after the caller changed the canvas itself)."""
        self._stroke = None
        self._fill = None
