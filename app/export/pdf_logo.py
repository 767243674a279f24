"""The consultant's logo on the PDF's cover: a PNG or JPEG placed as an image, an SVG drawn as
vectors (svglib turns it into reportlab shapes, so it stays crisp at any zoom). The logo is the
data: URI stored in the project's report settings (app.model.report)."""

from __future__ import annotations

import io
from typing import Any

from app.model.report import logo_bytes


class LogoError(ValueError):
    """A stored logo that cannot be drawn, with a message for people."""


class SvgUnavailable(LogoError):
    """svglib, which draws an SVG logo, is not installed: the document is printed without the logo."""


def _svg_drawing(data: bytes) -> Any:
    from reportlab.graphics.shapes import Group, String

    try:
        from svglib.svglib import svg2rlg
    except ImportError:
        raise SvgUnavailable("the SVG logo was left out: drawing it needs the svglib package "
                             "(pip install svglib)") from None

    from .pdf_surface import SANS, register_fonts

    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not drawing.width or not drawing.height:
        raise LogoError("the SVG logo has no size (give the <svg> a width and height or a viewBox)")
    register_fonts()

    def embed_text(node: Any) -> None:  # SVG text in the embedded sans, not a base-14 font
        if isinstance(node, String):
            node.fontName = SANS
        elif isinstance(node, Group):
            for child in node.contents:
                embed_text(child)

    for child in drawing.contents:
        embed_text(child)
    # reportlab's renderer starts every drawing in Helvetica (a base-14 font, never embedded) unless the
    # drawing names its own initial font
    drawing.initialFontName = SANS
    return drawing


def logo_size(uri: str) -> tuple[float, float]:
    """The logo's natural width and height (pixels or SVG user units)."""
    kind, data = logo_bytes(uri)
    if kind == "svg":
        drawing = _svg_drawing(data)
        return float(drawing.width), float(drawing.height)
    from reportlab.lib.utils import ImageReader

    w, h = ImageReader(io.BytesIO(data)).getSize()
    return float(w), float(h)


def draw_logo(canvas: Any, uri: str, x: float, y: float, box_w: float, box_h: float) -> float:
    """Draw the logo inside the box (lower-left x, y), keeping its proportions, aligned left and
    centred vertically; returns the width it takes."""
    try:
        kind, data = logo_bytes(uri)
        if kind == "svg":
            from reportlab.graphics import renderPDF

            drawing = _svg_drawing(data)
            s = min(box_w / drawing.width, box_h / drawing.height)
            w, h = drawing.width * s, drawing.height * s
            canvas.saveState()
            canvas.translate(x, y + (box_h - h) / 2)
            canvas.scale(s, s)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.restoreState()
            return float(w)
        from reportlab.lib.utils import ImageReader

        image = ImageReader(io.BytesIO(data))
        iw, ih = image.getSize()
        s = min(box_w / iw, box_h / ih)
        canvas.drawImage(image, x, y + (box_h - ih * s) / 2, iw * s, ih * s, mask="auto")
        return float(iw * s)
    except LogoError:
        raise
    except Exception as exc:  # a damaged image: the export stops and says so
        raise LogoError(f"the report's logo cannot be drawn ({exc}); choose another in Export PDF") from None
