"""Right-to-left text for renderers that place glyphs strictly left to right (the PDF's text
operators, matplotlib's chart labels): Hebrew and Arabic are put into display order with the
Unicode bidirectional algorithm (python-bidi), and Arabic letters into their joined forms
(arabic-reshaper), so "רכישה באתר" reads right to left on paper as it does on screen. Qt, and
the browsers showing the SVG, do this themselves and get the text as it is stored.

Text with no right-to-left letter is returned unchanged without loading either library.
"""

from __future__ import annotations

import functools
import re

# Hebrew, Arabic, Syriac, Thaana, NKo ... Arabic Extended, and the Hebrew/Arabic presentation forms
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


@functools.lru_cache(maxsize=4096)
def visual(text: str, rtl: bool | None = None) -> str:
    """One line of text in the order its glyphs are drawn from left to right. The line's base
    direction is that of its first strong letter, unless rtl says it (the lines of one
    paragraph share the paragraph's)."""
    if not has_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    base = None if rtl is None else ("R" if rtl else "L")
    return str(get_display(arabic_reshaper.reshape(text), base_dir=base))


def is_rtl_paragraph(text: str) -> bool:
    """Whether a paragraph runs right to left: its first strong letter is Hebrew, Arabic, ..."""
    if not has_rtl(text):
        return False
    from bidi import get_base_level

    return get_base_level(text) == 1
