"""Text fitting: break text into lines of a width, between words (and between the characters of
Chinese, Japanese and Korean), cutting a word only when it is longer than a whole line.

`wrap` ends with an ellipsis when lines run out (the map's fixed cards); `fit` never cuts client
text: it shrinks it down to the 6 pt floor and then takes more lines. Measures with
``surface.text_width`` so each renderer wraps with its own font metrics. Surfaces draw literal
text, so no escaping happens here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

ELLIPSIS = "\u2026"
LINE_SPACING = 1.22  # line height as a multiple of the font size
ASCENT = 0.93  # DejaVu Sans ascent in ems: the first baseline sits this far below a text box's top
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


def is_cjk(ch: str) -> bool:
    """Characters of scripts written without spaces, where a line may break on either side."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFF60 or 0x20000 <= code <= 0x3FFFF)


# closing punctuation never starts a line, opening punctuation never ends one (kinsoku)
_NO_LINE_START = set("、。，．・：；？！）」』】〕〉》ー…‥々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.!?:;)]}")
_NO_LINE_END = set("（「『【〔〈《([{")


def _tokens(paragraph: str) -> list[tuple[str, bool]]:
    """The unbreakable pieces of a paragraph, each with whether a space comes before it: words
    between spaces, and single CJK characters (which break without a space)."""
    out: list[tuple[str, bool]] = []
    for word in paragraph.split():
        if not any(is_cjk(ch) for ch in word):
            out.append((word, bool(out)))
            continue
        pieces: list[str] = []
        for ch in word:
            if pieces and (is_cjk(ch) and ch not in _NO_LINE_START and pieces[-1][-1] not in _NO_LINE_END
                           or is_cjk(pieces[-1][-1]) and not is_cjk(ch) and ch not in _NO_LINE_START):
                pieces.append(ch)
            elif pieces:
                pieces[-1] += ch
            else:
                pieces.append(ch)
        out.extend((piece, bool(out) and i == 0) for i, piece in enumerate(pieces))
    return out


def _split_long_word(fits: Callable[[str], bool], word: str, longest: int,
                     max_pieces: int | None = None) -> list[str]:
    """A word longer than the whole line, cut into line-long pieces (the only place a word is cut)."""
    pieces: list[str] = []
    rest = word
    while rest:
        if max_pieces is not None and len(pieces) >= max_pieces:
            pieces.append(rest[:longest])  # a stand-in telling the caller that text remains
            break
        lo, hi = 1, min(len(rest), longest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(rest[:mid]):
                lo = mid
            else:
                hi = mid - 1
        pieces.append(rest[:lo])
        rest = rest[lo:]
    return pieces


def break_lines(text: str, fits: Callable[[str], bool], longest: int = 10_000,
                limit: int | None = None) -> list[str]:
    """Text broken into lines that each `fits`: between words, and between the characters of
    Chinese, Japanese and Korean; a word is cut only when it is longer than a whole line. Line
    breaks in the text are kept. `limit` stops after that many lines (plus one telling more
    remains); `longest` bounds the characters a line can hold (for the search in long words)."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        current = ""
        for token, spaced in _tokens(paragraph):
            candidate = f"{current} {token}" if current and spaced else current + token
            if fits(candidate):
                current = candidate
                continue
            if current:
                lines.append(current)
            if fits(token):
                current = token
            else:
                room = None if limit is None else limit - len(lines)
                *full, current = _split_long_word(fits, token, longest, room)
                lines.extend(full)
            if limit is not None and len(lines) >= limit:
                break
        if current:
            lines.append(current)
        if limit is not None and len(lines) >= limit:
            break
    return lines


def wrap(surface: Measures, text: str, width: float, size: float, bold: bool = False,
         max_lines: int | None = None) -> list[str]:
    """The lines of text wrapped to width; when max_lines cut it short, the last line ends in "…"."""
    if width <= 0 or max_lines == 0:
        return []
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
