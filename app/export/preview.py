"""Page previews of a PDF export: the real document, rendered with the chosen options and
rasterised page by page (PDFium, through pypdfium2), so the export dialog shows exactly the
pages the file will have. No Qt here: thumbnails are plain RGB bytes the dialog wraps in images.

`PREVIEW_LOCK` serialises PDF rendering between the dialog's preview and export threads:
reportlab's font registry and matplotlib's font cache are process-wide and not thread-safe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PREVIEW_LOCK = threading.Lock()


class PreviewCancelled(Exception):
    """The options changed or the dialog closed while the preview was being drawn."""


@dataclass(frozen=True)
class Thumbnail:
    number: int  # 1-based page number
    width: int
    height: int
    rgb: bytes  # width * height * 3 bytes, rows top to bottom


@dataclass(frozen=True)
class PagePreview:
    total: int  # pages in the document
    pages: list[Thumbnail]  # the first of them, up to the limit asked for


def rasterise(pdf: bytes, width: int, limit: int) -> PagePreview:
    """The first `limit` pages of a PDF as thumbnails `width` pixels wide."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for i in range(min(len(doc), limit)):
            page = doc[i]
            image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
            pages.append(Thumbnail(i + 1, image.width, image.height, image.tobytes()))
            page.close()
        return PagePreview(len(doc), pages)
    finally:
        doc.close()


def render_preview(project: Any, options: Any, width: int, limit: int,
                   cancelled: Callable[[], bool] = lambda: False) -> PagePreview:
    """Export `project` with `options` in memory and rasterise its first pages.

    `cancelled` is asked between sections and poster tiles; once it says yes the work stops
    with PreviewCancelled."""
    from app.export.pdf import PdfExporter

    def check(_fraction: float, _message: str) -> None:
        if cancelled():
            raise PreviewCancelled

    with PREVIEW_LOCK:
        check(0.0, "")
        data = PdfExporter(project, options).render(check)
        check(1.0, "")
        return rasterise(data, width, limit)
