"""Text fitting: break text into lines of a width, between words (and between the characters of
Chinese, Japanese and Korean), cutting a word only when it is longer than a whole line.

`wrap` ends with an ellipsis when lines run out (the map's fixed cards); `fit` never cuts client
text: it shrinks it down to the 6 pt floor and then takes more lines. Measures with
``surface.text_width`` so each renderer wraps with its own font metrics. Surfaces draw literal
text, so no escaping happens here.
"""

from __future__ import annotations

from typing import Protocol

from app.layout.wrapping import ASCENT, LINE_SPACING, break_lines, is_cjk

__all__ = ["ASCENT", "ELLIPSIS", "FLOOR_PT", "LINE_SPACING", "break_lines", "elide", "fit", "is_cjk", "line_height",
           "lines_that_fit", "wrap"]

ELLIPSIS = "\u2026"
FLOOR_PT = 6.0  # printed text is never set smaller than this (see DESIGN.md: paper has a floor)


class Measures(Protocol):
    def text_width(self, text: str, size: float, bold: bool = False) -> float: ...


def line_height(size: float) -> float:
    return size * LINE_SPACING


def lines_that_fit(height: float, size: float) -> int:
    """How many lines of this size fit in a box of this height (at least one)."""
    lh = line_height(size)
    return max(1, int((height - size * (ASCENT + 0.24 - LINE_SPACING)) // lh))


def elide(surface: Measures, text: str, width: float, size: float, bold: bool = False) -> str:
    """One line: the text itself if it fits, else its longest start that fits followed by "…"."""
    text = " ".join(text.split())
    if surface.text_width(text, size, bold) <= width:
        return text
    return _with_ellipsis(surface, text, width, size, bold)


def _with_ellipsis(surface: Measures, text: str, width: float, size: float, bold: bool) -> str:
    # binary search on the number of characters kept (never more than could fit, see _split_long_word)
    lo, hi = 0, min(len(text), int(width / (size * 0.15)) + 1)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if surface.text_width(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    kept = text[:lo].rstrip()
    if not kept and surface.text_width(ELLIPSIS, size, bold) > width:
        return ""
    return kept + ELLIPSIS


def wrap(surface: Measures, text: str, width: float, size: float, bold: bool = False,
         max_lines: int | None = None) -> list[str]:
    """The lines of text wrapped to width; when max_lines cut it short, the last line ends in "…"."""
    if width <= 0 or max_lines == 0:
        return []
    if "\n" not in text and "\r" not in text:
        flat = " ".join(text.split())
        if surface.text_width(flat, size, bold) <= width:  # the common case: one measurement, one line
            return [flat] if flat else []
    limit = None if max_lines is None else max_lines + 1  # one extra line tells that text remains
    # no glyph is narrower than ~0.15 em, so a line never holds more characters than this
    longest = max(1, int(width / (size * 0.15)) + 1)
    lines = break_lines(text, lambda t: surface.text_width(t, size, bold) <= width, longest, limit)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if surface.text_width(last + ELLIPSIS, size, bold) <= width:
            lines[-1] = last + ELLIPSIS
        else:
            lines[-1] = _with_ellipsis(surface, last, width, size, bold)
    return lines


def fit(surface: Measures, text: str, width: float, size: float, max_lines: int | None = None,
        floor: float = FLOOR_PT, bold: bool = False, height: float | None = None,
        leading: float = LINE_SPACING) -> tuple[list[str], float]:
    """Client text that must not be cut: wrapped at `size`; when that takes more than max_lines
    (or more than `height` at `leading`), set smaller, down to `floor`; still too long, all of it
    at the floor on as many lines as it takes (the caller makes room or continues on). Returns
    the lines and the size they are set in."""
    if width <= 0 or not text.strip():
        return [], size

    def too_long(lines: list[str], at: float) -> bool:
        if max_lines is not None and len(lines) > max_lines:
            return True
        return height is not None and len(lines) > 1 and (len(lines) - 1) * at * leading + at > height

    lines = wrap(surface, text, width, size, bold)
    while too_long(lines, size) and size > floor:
        size = max(floor, round(size * 0.92, 2))
        lines = wrap(surface, text, width, size, bold)
    return lines, size
