"""Line breaking of client text: between words, and between the characters of Chinese, Japanese
and Korean, cutting a word only when it is longer than a whole line. It lives in the layout,
which sizes every card to its wrapped text; the renderers wrap with the same rule
(app.render.text).
"""

from __future__ import annotations

from collections.abc import Callable

LINE_SPACING = 1.22  # line height as a multiple of the font size
ASCENT = 0.93  # DejaVu Sans ascent in ems: the first baseline sits this far below a text box's top


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
