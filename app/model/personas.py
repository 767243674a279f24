"""How a persona is shown wherever it appears: its colour and its initials.

One rule each, asked by the canvas, the PDF, the charts, PNG and SVG, so a persona looks the
same on the map, in the dashboard and on paper. A persona's own colour wins when it is a valid
`#RRGGBB`; otherwise it takes the palette colour of its place among the project's personas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .elements import Persona
from .vocabulary import PERSONA_PALETTE

_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ZWJ = "\u200d"


def is_color(text: str) -> bool:
    """Whether text is a colour as the file format writes it: #RRGGBB."""
    return bool(_HEX_COLOR.match(text or ""))


def palette_color(index: int) -> str:
    """The palette colour of the persona at `index` (wrapping round)."""
    return PERSONA_PALETTE[index % len(PERSONA_PALETTE)]


def persona_color(persona: Persona, personas: Sequence[Persona] = ()) -> str:
    """The colour that draws this persona everywhere (#RRGGBB, lower case)."""
    if is_color(persona.color):
        return persona.color.lower()
    index = next((i for i, p in enumerate(personas) if p.id == persona.id), 0)
    return palette_color(index)


def _extends(ch: str) -> bool:
    """Whether a code point belongs to the grapheme before it: combining marks, variation
    selectors, emoji skin-tone modifiers and tag characters."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me") or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F or 0xE0100 <= code <= 0xE01EF)


def first_grapheme(text: str) -> str:
    """The first user-perceived character of text: a letter with its accents, a whole emoji
    sequence (joined with ZWJ or a flag's two regional indicators), a CJK character."""
    if not text:
        return ""
    end = 1
    regional = 0x1F1E6 <= ord(text[0]) <= 0x1F1FF
    if regional and len(text) > 1 and 0x1F1E6 <= ord(text[1]) <= 0x1F1FF:
        end = 2
    while end < len(text):
        ch = text[end]
        if _extends(ch):
            end += 1
        elif ch == _ZWJ and end + 1 < len(text):
            end += 2
        else:
            break
    return unicodedata.normalize("NFC", text[:end])


def _upper(grapheme: str) -> str:
    upper = grapheme.upper()
    return upper if len(upper) == len(grapheme) else grapheme  # "ß" stays one letter, not "SS"


def initials(name: str) -> str:
    """Initials for a portrait without a photo: the first grapheme of the first two name parts
    ("Priya Shah" -> "PS", "山田 太郎" -> "山太"); a one-word name gives one ("Madonna" -> "M",
    "王小明" -> "王"); no name gives "?"."""
    parts = [p for p in name.split() if p]
    return "".join(_upper(first_grapheme(p)) for p in parts[:2]) or "?"
