"""Where the map's typeface lives, and how wide its text is, without Qt and without matplotlib.

Every renderer draws with DejaVu Sans (regular and bold). The TTFs ship inside matplotlib's
``mpl-data/fonts/ttf`` folder; we locate that folder with ``importlib.util.find_spec`` so that
matplotlib itself is never imported. ``FontMetrics`` measures text from the TTF's own advance
widths (via fontTools, loaded lazily), so the SVG export wraps text exactly where a PDF drawn
with the same TTF would.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"
FAMILY = "DejaVu Sans"

# system locations tried when matplotlib's copy is missing (Debian/Ubuntu, Fedora)
_SYSTEM_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu-sans-fonts"),
                Path("/usr/share/fonts/TTF"))


class FontNotFound(FileNotFoundError):
    """DejaVu Sans could not be found (neither in matplotlib's data nor on the system)."""


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf."""
    spec = importlib.util.find_spec("matplotlib")
    candidates: list[Path] = []
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidates.append(Path(location) / "mpl-data" / "fonts" / "ttf")
    candidates.extend(_SYSTEM_DIRS)
    for folder in candidates:
        if (folder / REGULAR_FILE).is_file() and (folder / BOLD_FILE).is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    raise FontNotFound(f"DejaVu Sans ({REGULAR_FILE}, {BOLD_FILE}) not found; looked in {tried}. "
                       "Install matplotlib (it ships the font).")


def font_path(bold: bool = False) -> Path:
    """The TTF file of DejaVu Sans, regular or bold."""
    return font_dir() / (BOLD_FILE if bold else REGULAR_FILE)


class FontMetrics:
    """Advance widths of DejaVu Sans from its TTF (no hinting, no kerning), in points.

    Characters the font lacks (CJK, emoji) are measured as the full em for wide characters and
    0.6 em otherwise, which is close to what the fallback fonts of the viewers draw. Arabic is
    measured in its joined forms, as it is drawn."""

    def __init__(self, bold: bool = False) -> None:
        from fontTools.ttLib import TTFont  # lazy: only the SVG (or PDF) export needs it

        font = TTFont(str(font_path(bold)), lazy=True)
        units = float(font["head"].unitsPerEm)
        hmtx = font["hmtx"].metrics
        cmap = font.getBestCmap()
        self._advance: dict[int, float] = {code: hmtx[glyph][0] / units for code, glyph in cmap.items()}
        hhea = font["hhea"]
        self.ascent = hhea.ascent / units
        self.descent = -hhea.descent / units
        font.close()
        self._cache: dict[str, float] = {}

    def em_width(self, text: str) -> float:
        """The width of text in ems (multiply by the size in points)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        total = 0.0
        advance = self._advance
        shaped = _joined(text)
        for ch in shaped:
            w = advance.get(ord(ch))
            if w is None:
                w = 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6
            total += w
        if len(text) <= 200 and len(self._cache) < 50_000:
            self._cache[text] = total
        return total

    def width(self, text: str, size: float) -> float:
        return self.em_width(text) * size


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")


def _joined(text: str) -> str:
    """Arabic in the joined letter forms every renderer draws it in (Qt shapes it, the PDF draws
    the forms arabic-reshaper makes): isolated forms are much wider, and measuring them would
    leave empty lines under Arabic text."""
    if _ARABIC.search(text) is None:
        return text
    import arabic_reshaper  # lazy: only maps with Arabic text need it

    return str(arabic_reshaper.reshape(text))


@lru_cache(maxsize=2)
def font_metrics(bold: bool = False) -> FontMetrics:
    """Shared metrics of DejaVu Sans regular or bold (loaded once per process)."""
    return FontMetrics(bold)
