"""The charts of app/export/charts.py printed straight onto the report's reportlab canvas.

A small matplotlib renderer (`CanvasRenderer`) turns each figure's paths, markers and text into
PDF operators on the page being drawn: the charts stay vectors, their text is real text in the
report's own embedded fonts (DejaVu Sans, the document's CJK subset, Noto Emoji, the fallback
chain of app.render.font_chain and app.export.pdf_surface), measured with the same widths the
text is drawn with, and right-to-left labels are written in display order with joined letters
like the rest of the report. There is no PDF per chart: no second font embedding, no font
subsetting per chart and no re-reading of a chart file, which made the metrics pages cost
seconds. Italic (the quadrant names) is the regular face slanted, so no further font is embedded.

`draw_figure(canvas, fig, x, y, scale)` prints a figure with its lower-left corner at (x, y);
`figure_pdf_bytes(fig)` makes a one-page PDF of a single chart the same way. This module imports
matplotlib itself, so it is imported only inside the functions that print charts.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from typing import Any

from matplotlib.backend_bases import FigureCanvasBase, RendererBase
from matplotlib.path import Path

from app.render.visual_order import visual

from .pdf_surface import font_runs, register_fonts, string_width

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_SLANT = math.tan(math.radians(12))  # the slant of DejaVu Sans Oblique
_BOLD = {"bold", "heavy", "extra bold", "black", "semibold", "demibold", "demi", "ultrabold"}


@lru_cache(maxsize=1)
def _dejavu_metrics() -> tuple[float, float, float]:
    """DejaVu Sans's typographic ascent, descent and line gap per point of type (OS/2 table), the
    line metrics matplotlib lays text out with."""
    from matplotlib.ft2font import FT2Font

    from app.render.fonts import font_path

    font = FT2Font(str(font_path(False)))
    head, os2 = font.get_sfnt_table("head"), font.get_sfnt_table("OS/2")
    assert head is not None and os2 is not None  # DejaVu Sans has both tables
    em = head["unitsPerEm"]
    return os2["sTypoAscender"] / em, -os2["sTypoDescender"] / em, os2["sTypoLineGap"] / em


def _is_bold(prop: Any) -> bool:
    weight = prop.get_weight()
    return weight >= 600 if isinstance(weight, int | float) else str(weight).lower() in _BOLD


def _shown(text: str) -> str:
    """Text in display order: charts.chart_label leaves labels in reading order when matplotlib
    shapes text itself, which this renderer does not."""
    from .charts import shapes_text

    return visual(text) if shapes_text() else text


def _f(v: float) -> str:
    return f"{v:.2f}"


def _path_ops(path: Any, transform: Any, simplify: bool = False) -> str:
    """A matplotlib path in display points as PDF path operators (quadratic curves as cubics)."""
    ops: list[str] = []
    last = (0.0, 0.0)
    for points, code in path.iter_segments(transform, remove_nans=True, simplify=simplify, curves=True):
        if code == Path.MOVETO:
            last = (points[0], points[1])
            ops.append(f"{_f(points[0])} {_f(points[1])} m")
        elif code == Path.LINETO:
            last = (points[0], points[1])
            ops.append(f"{_f(points[0])} {_f(points[1])} l")
        elif code == Path.CURVE3:
            (qx, qy), (ex, ey) = points[:2], points[2:]
            c1 = (last[0] + 2 / 3 * (qx - last[0]), last[1] + 2 / 3 * (qy - last[1]))
            c2 = (ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey))
            ops.append(f"{_f(c1[0])} {_f(c1[1])} {_f(c2[0])} {_f(c2[1])} {_f(ex)} {_f(ey)} c")
            last = (ex, ey)
        elif code == Path.CURVE4:
            ops.append(" ".join(_f(v) for v in points) + " c")
            last = (points[4], points[5])
        elif code == Path.CLOSEPOLY:
            ops.append("h")
    return " ".join(ops)


class CanvasRenderer(RendererBase):
    """Draws a matplotlib figure (at 72 dpi: one pixel is one point) into a reportlab canvas's
    current content stream, in the figure's own coordinates (origin at its lower-left corner)."""

    def __init__(self, canvas: Any, width: float, height: float) -> None:
        super().__init__()
        self.canvas = canvas
        self.width, self.height = width, height
        self._code: list[str] = canvas._code
        self._translucent = False  # whether the open graphics state came from canvas.saveState
        self._clips: dict[tuple[int, bytes], tuple[Any, str]] = {}
        register_fonts()

    # ------------------------------------------------------------------ what matplotlib asks
    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points: Any) -> Any:
        return points

    def option_image_nocomposite(self) -> bool:
        return True

    def _get_font_height_metrics(self, prop: Any) -> tuple[float, float, float]:
        size = prop.get_size_in_points()
        ascent, descent, gap = _dejavu_metrics()
        return ascent * size, descent * size, gap * size

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
        size = prop.get_size_in_points()
        ascent, descent, _ = _dejavu_metrics()
        return string_width(s, size, _is_bold(prop)), (ascent + descent) * size, descent * size

    # ------------------------------------------------------------------ graphics state
    def _begin(self, gc: Any, fill: Any = None, stroke: bool = False) -> None:
        """Open a graphics state with the clip, colours, alpha and line style of gc."""
        fill_alpha = 1.0 if fill is None else (gc.get_alpha() if gc.get_forced_alpha() or len(fill) < 4
                                               else fill[3])
        stroke_alpha = gc.get_rgb()[3] if stroke else 1.0
        translucent = fill_alpha < 1.0 or stroke_alpha < 1.0
        if translucent:  # reportlab's own state stack names the transparency states of the page
            self.canvas.saveState()
            if fill_alpha < 1.0:
                self.canvas.setFillAlpha(fill_alpha)
            if stroke_alpha < 1.0:
                self.canvas.setStrokeAlpha(stroke_alpha)
        else:
            self._code.append("q")
        ops: list[str] = []
        box = gc.get_clip_rectangle()
        if box is not None:
            x0, y0, w, h = box.bounds
            ops.append(f"{_f(x0)} {_f(y0)} {_f(w)} {_f(h)} re W n")
        clip_path, clip_transform = gc.get_clip_path()
        if clip_path is not None:
            ops.append(self._clip_ops(clip_path, clip_transform))
        if fill is not None:
            ops.append(f"{fill[0]:.3f} {fill[1]:.3f} {fill[2]:.3f} rg")
        if stroke:
            r, g, b = gc.get_rgb()[:3]
            ops.append(f"{r:.3f} {g:.3f} {b:.3f} RG {_f(gc.get_linewidth())} w "
                       f"{_CAPS.get(gc.get_capstyle(), 0)} J {_JOINS.get(gc.get_joinstyle(), 0)} j")
            offset, dashes = gc.get_dashes()
            if dashes is not None and len(dashes):
                ops.append(f"[{' '.join(_f(d) for d in dashes)}] {_f(offset or 0)} d")
        if ops:
            self._code.append(" ".join(ops))
        self._translucent = translucent

    def _clip_ops(self, path: Any, transform: Any) -> str:
        """A clip path's operators, worked out once per figure: a polar chart clips every line
        to the same circle of a hundred curves."""
        key = (id(path), transform.get_matrix().tobytes())
        entry = self._clips.get(key)
        if entry is None or entry[0] is not path:
            entry = self._clips[key] = (path, _path_ops(path, transform) + " W n")
        return entry[1]

    def _end(self) -> None:
        if self._translucent:
            self.canvas.restoreState()
        else:
            self._code.append("Q")

    @staticmethod
    def _paints(gc: Any, rgb_face: Any) -> tuple[Any, bool]:
        fill = rgb_face if rgb_face is not None and (len(rgb_face) < 4 or rgb_face[3] > 0) else None
        stroke = gc.get_linewidth() > 0 and gc.get_rgb()[3] > 0
        return fill, stroke

    # ------------------------------------------------------------------ drawing
    def draw_path(self, gc: Any, path: Any, transform: Any, rgbFace: Any = None) -> None:
        fill, stroke = self._paints(gc, rgbFace)
        hatch = gc.get_hatch()
        if fill is None and not stroke and not hatch:
            return
        ops = _path_ops(path, transform, simplify=path.should_simplify and rgbFace is None and not hatch)
        if not ops:
            return
        if fill is not None or stroke:
            self._begin(gc, fill, stroke)
            self._code.append(f"{ops} {'B' if fill is not None and stroke else 'f' if fill is not None else 'S'}")
            self._end()
        if hatch:
            self._hatch(gc, hatch, ops, path.get_extents(transform))

    def _hatch(self, gc: Any, hatch: str, outline: str, box: Any) -> None:
        """The hatch pattern over the shape, as matplotlib's PDF draws it: one 72-point tile of
        hatch lines repeated across the shape's box, clipped to the shape."""
        from matplotlib.transforms import Affine2D

        side = 72.0
        tile = _path_ops(Path.hatch(hatch), Affine2D().scale(side))
        color = gc.get_hatch_color() or gc.get_rgb()
        width = gc.get_hatch_linewidth() if hasattr(gc, "get_hatch_linewidth") else 1.0
        self._begin(gc)
        self._code.append(f"{outline} W n {color[0]:.3f} {color[1]:.3f} {color[2]:.3f} rg "
                          f"{color[0]:.3f} {color[1]:.3f} {color[2]:.3f} RG {_f(width)} w")
        for i in range(math.floor(box.x0 / side), math.ceil(box.x1 / side)):
            for j in range(math.floor(box.y0 / side), math.ceil(box.y1 / side)):
                self._code.append(f"q 1 0 0 1 {_f(i * side)} {_f(j * side)} cm {tile} B Q")
        self._end()

    def draw_markers(self, gc: Any, marker_path: Any, marker_trans: Any, path: Any, trans: Any,
                     rgbFace: Any = None) -> None:
        """The marker's operators written once, then moved to each point: one state for all."""
        fill, stroke = self._paints(gc, rgbFace)
        if fill is None and not stroke:
            return
        marker = _path_ops(marker_path, marker_trans)
        if not marker:
            return
        paint = "B" if fill is not None and stroke else "f" if fill is not None else "S"
        self._begin(gc, fill, stroke)
        margin = 50.0  # markers whose centre is off the figure are not printed (as matplotlib's PDF)
        for points, code in path.iter_segments(trans, simplify=False):
            if code == Path.CLOSEPOLY or not len(points):
                continue
            x, y = points[-2], points[-1]
            if -margin <= x <= self.width + margin and -margin <= y <= self.height + margin:
                self._code.append(f"q 1 0 0 1 {_f(x)} {_f(y)} cm {marker} {paint} Q")
        self._end()

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False,
                  mtext: Any = None) -> None:
        if not s:
            return
        size = prop.get_size_in_points()
        rgb = gc.get_rgb()
        self._begin(gc, (rgb[0], rgb[1], rgb[2], gc.get_alpha()))
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        slant = _SLANT if prop.get_style() in ("italic", "oblique") else 0.0
        # rotation times slant: a b c d of the text matrix
        doc = self.canvas._doc
        from reportlab.pdfbase.pdfmetrics import getFont

        ops = [f"BT {cos:.4f} {sin:.4f} {slant * cos - sin:.4f} {slant * sin + cos:.4f} {_f(x)} {_f(y)} Tm"]
        for name, run in font_runs(_shown(s), _is_bold(prop)):
            font = getFont(name)  # every font an embedded TrueType subset, as on the other pages
            for subset, chunk in font.splitString(run, doc):
                ops.append(f"{font.getSubsetInternalName(subset, doc)} {_f(size)} Tf ({self.canvas._escape(chunk)}) Tj")
        ops.append("ET")
        self._code.append(" ".join(ops))
        self._end()

    def draw_image(self, gc: Any, x: float, y: float, im: Any, transform: Any = None) -> None:
        """A raster (none of the charts draws one; here so that no artist is ever left out)."""
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        height, width = im.shape[:2]
        self._begin(gc)
        # matplotlib hands rows bottom first; an image's first row is its top
        self.canvas.drawImage(ImageReader(Image.fromarray(im[::-1])), x, y, width, height, mask="auto")
        self._end()


class _ReportCanvas(FigureCanvasBase):
    """A figure canvas whose renderer is the report page: constrained layout measures text with it."""

    def __init__(self, figure: Any, renderer: CanvasRenderer) -> None:
        super().__init__(figure)
        self._renderer = renderer

    def get_renderer(self) -> CanvasRenderer:
        return self._renderer


def draw_figure(canvas: Any, fig: Any, x: float, y: float, scale: float = 1.0) -> None:
    """Print fig on the reportlab canvas, its lower-left corner at (x, y), `scale` times its size."""
    import warnings

    import matplotlib

    from .charts import RC

    fig.dpi = 72.0  # one pixel, one point: the renderer writes matplotlib's coordinates as they are
    renderer = CanvasRenderer(canvas, fig.bbox.width, fig.bbox.height)
    _ReportCanvas(fig, renderer)
    canvas.saveState()
    canvas._code.append(f"1 0 0 1 {x:.3f} {y:.3f} cm {scale:.6f} 0 0 {scale:.6f} 0 0 cm")
    try:
        # tick labels are made while drawing: they take their sizes from the charts' settings
        with matplotlib.rc_context(RC), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*tight_layout.*|.*constrained_layout.*")
            fig.draw(renderer)
    finally:
        canvas.restoreState()


def figure_pdf_bytes(fig: Any) -> bytes:
    """One chart as a one-page vector PDF, drawn as the report draws it."""
    from reportlab.pdfgen.canvas import Canvas

    from .pdf_surface import SANS

    register_fonts()
    w, h = fig.get_size_inches() * 72.0
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(w, h), pageCompression=1, initialFontName=SANS)
    canvas.setCreator("Waymark")
    draw_figure(canvas, fig, 0.0, 0.0)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
