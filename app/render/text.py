"""Text fitting for the map: wrap to a width, end with an ellipsis when lines run out.

Measures with ``surface.text_width`` so each renderer wraps with its own font metrics. Words
longer than the width (URLs, CJK text without spaces) break between characters. Surfaces draw
literal text, so no escaping happens here.
"""

from __future__ import annotations

from typing import Protocol

ELLIPSIS = "\u2026"
LINE_SPACING = 1.22  # line height as a multiple of the font size
ASCENT = 0.93  # DejaVu Sans ascent in ems: the first baseline sits this far below a text box's top


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


def _split_long_word(surface: Measures, word: str, width: float, size: float, bold: bool,
                     max_pieces: int | None = None) -> list[str]:
    pieces: list[str] = []
    rest = word
    # no glyph is narrower than ~0.15 em, so a line never holds more characters than this
    longest = max(1, int(width / (size * 0.15)) + 1)
    while rest:
        if max_pieces is not None and len(pieces) >= max_pieces:
            pieces.append(rest[:longest])  # a stand-in telling the caller that text remains
            break
        lo, hi = 1, min(len(rest), longest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if surface.text_width(rest[:mid], size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(rest[:lo])
        rest = rest[lo:]
    return pieces


def wrap(surface: Measures, text: str, width: float, size: float, bold: bool = False,
         max_lines: int | None = None) -> list[str]:
    """The lines of text wrapped to width; when max_lines cut it short, the last line ends in "…"."""
    if width <= 0 or max_lines == 0:
        return []
    limit = None if max_lines is None else max_lines + 1  # one extra line tells that text remains
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if surface.text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if surface.text_width(word, size, bold) <= width:
                current = word
            else:
                room = None if limit is None else limit - len(lines)
                *full, current = _split_long_word(surface, word, width, size, bold, room)
                lines.extend(full)
            if limit is not None and len(lines) >= limit:
                break
        if current:
            lines.append(current)
        if limit is not None and len(lines) >= limit:
            break
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if surface.text_width(last + ELLIPSIS, size, bold) <= width:
            lines[-1] = last + ELLIPSIS
        else:
            lines[-1] = _with_ellipsis(surface, last, width, size, bold)
    return lines
