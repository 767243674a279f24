"""Where the map's typeface lives and how wide its text is, for the renderers.

The measuring itself lives in the layout (app.layout.typeface), which sizes cards to their
wrapped text without Qt; the renderers reach it under this name.
"""

from __future__ import annotations

from app.layout.typeface import (
    BOLD_FILE,
    FAMILY,
    REGULAR_FILE,
    FontMetrics,
    FontNotFound,
    font_dir,
    font_metrics,
    font_path,
)

__all__ = ["BOLD_FILE", "FAMILY", "REGULAR_FILE", "FontMetrics", "FontNotFound", "font_dir", "font_metrics",
           "font_path"]
