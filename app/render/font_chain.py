"""Which font draws each character of printed text: DejaVu Sans first (Latin, Greek, Cyrillic,
Hebrew, Arabic, ...), then a CJK font found on this computer (Noto Sans CJK, Source Han Sans,
WenQuanYi, Droid Sans Fallback, ...), then the monochrome Noto Emoji shipped in
resources/fonts. A character none of them has is *unprintable*: `missing()` names it so that the
export can report it instead of printing a silent box.

Every face handed out is a TrueType-outline (glyf) file, which both reportlab and matplotlib embed
as a TrueType subset. CJK fonts are mostly CFF-flavoured OpenType collections, which neither can
embed properly, so the CJK face is a subset of the installed font holding only the characters a
document uses, converted to quadratic outlines with fontTools (cu2qu) and cached in the user's
cache folder (a few kilobytes per document; built in well under a second). The subset grows when
later text needs more characters: every version is its own file with its own name, so fonts
already placed in a document stay valid.

No Qt, no reportlab, no matplotlib here; fontTools is imported lazily.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.render.fonts import font_path

RESOURCE_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
EMOJI_FILE = RESOURCE_FONTS / "NotoEmoji-Regular.ttf"
CACHE_ENV = "WAYMARK_FONT_CACHE"  # overrides the cache folder (tests, read-only homes)
CJK_ENV = "WAYMARK_CJK_FONT"  # a CJK font file to use instead of searching
KEEP_SUBSETS = 64  # converted CJK subsets kept in the cache folder; older ones are removed

# CJK fonts commonly installed (Debian/Ubuntu, Fedora, macOS, Windows), regular and bold, best first
_CJK_CANDIDATES: tuple[tuple[str, str | None], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc"),
    ("/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Regular.ttc",
     "/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Bold.ttc"),
    ("/usr/share/fonts/adobe-source-han-sans/SourceHanSans-Regular.ttc",
     "/usr/share/fonts/adobe-source-han-sans/SourceHanSans-Bold.ttc"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", None),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", None),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", None),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", None),
    ("/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf", None),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", None),
    ("/Library/Fonts/Arial Unicode.ttf", None),
    ("C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/msyhbd.ttc"),
    ("C:/Windows/Fonts/YuGothM.ttc", "C:/Windows/Fonts/YuGothB.ttc"),
    ("C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/malgunbd.ttf"),
)
# the member of a collection to prefer for each writing system (family names end with it)
REGIONS = ("JP", "SC", "TC", "HK", "KR")


def is_ignorable(ch: str) -> bool:
    """Characters that have no glyph of their own and are never drawn: joiners, direction marks,
    variation selectors (the emoji presentation selector), other format and control characters."""
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return True
    return unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\n\t"


# variation selectors are marks (printable to str.isprintable) that nonetheless have no glyph
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def printable(text: str) -> str:
    """text without the characters that are never drawn (see is_ignorable)."""
    # str.isprintable is false for every format and control character: such text has none to drop
    if text.isprintable() and (text.isascii() or _SELECTORS.search(text) is None):
        return text
    return "".join(ch for ch in text if not is_ignorable(ch))


def cjk_region(language: str | None, text: str = "") -> str:
    """Which regional CJK glyphs suit the text: from the document's language when it says
    (ja, ko, zh-TW, zh-HK, zh), else from the text (kana: Japanese, hangul: Korean), else JP."""
    lang = (language or "").replace("_", "-").lower()
    if lang.startswith("ja"):
        return "JP"
    if lang.startswith("ko"):
        return "KR"
    if lang.startswith("zh"):
        if "hk" in lang or "mo" in lang:
            return "HK"
        return "TC" if ("tw" in lang or "hant" in lang) else "SC"
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF:
            return "JP"
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            return "KR"
    return "JP"


def cache_dir() -> Path:
    """The user's cache folder for converted fonts (created on demand)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "Waymark" / "fonts"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "Waymark" / "fonts"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "waymark" / "fonts"
    return base


@lru_cache(maxsize=8)
def _cmap(path: str, index: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@lru_cache(maxsize=2)
def main_face_has_ascii(bold: bool = False) -> bool:
    """Whether DejaVu Sans (regular or bold) has every printable ASCII character: then text made
    of them alone is drawn and measured in it with no look-up character by character (nearly
    all the text of a map)."""
    return frozenset(range(0x20, 0x7F)) <= _cmap(str(font_path(bold)))


@dataclass(frozen=True)
class CjkSource:
    """An installed CJK font: file, member of the collection, and its bold sibling if any."""

    path: str
    index: int
    bold_path: str | None
    bold_index: int
    family: str

    @property
    def coverage(self) -> frozenset[int]:
        return _cmap(self.path, self.index)


def _member(path: str, region: str) -> tuple[int, str]:
    """The index and family name of the collection member for the region (0 for a plain file)."""
    from fontTools.ttLib import TTCollection, TTFont

    if not path.lower().endswith((".ttc", ".otc")):
        font = TTFont(path, lazy=True)
        try:
            return 0, font["name"].getDebugName(1) or Path(path).stem
        finally:
            font.close()
    collection = TTCollection(path, lazy=True)
    try:
        names = [(f["name"].getDebugName(1) or "") for f in collection.fonts]
    finally:
        collection.close()
    proportional = [i for i, n in enumerate(names) if "Mono" not in n]
    for i in proportional:
        if names[i].endswith(f" {region}"):
            return i, names[i]
    first = proportional[0] if proportional else 0
    return first, names[first] or Path(path).stem


@lru_cache(maxsize=8)
def find_cjk_font(region: str = "JP") -> CjkSource | None:
    """The first CJK font this computer has (WAYMARK_CJK_FONT first), or None."""
    candidates: list[tuple[str, str | None]] = []
    override = os.environ.get(CJK_ENV)
    if override:
        candidates.append((override, None))
    candidates.extend(_CJK_CANDIDATES)
    for regular, bold in candidates:
        if not os.path.isfile(regular):
            continue
        try:
            index, family = _member(regular, region)
            bold_index = 0
            if bold is not None and os.path.isfile(bold):
                bold_index, _ = _member(bold, region)
            else:
                bold = None
        except Exception:  # an unreadable font file: try the next one
            continue
        return CjkSource(regular, index, bold, bold_index, family)
    return None


def _subset_file(path: str, index: int, chars: frozenset[int], tag: str, bold: bool) -> Path:
    """The characters `chars` of a font as a TrueType-outline file in the cache (built once)."""
    folder = cache_dir()
    stat = os.stat(path)
    key = hashlib.sha1(f"{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{sorted(chars)}".encode()).hexdigest()[:16]
    target = folder / f"cjk-{tag}-{'bold' if bold else 'regular'}-{key}.ttf"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    font = _convert_subset(path, index, chars, tag, bold)
    partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    font.save(str(partial))
    os.replace(partial, target)  # another process building the same file loses nothing
    _prune(folder)
    return target


def _convert_subset(path: str, index: int, chars: frozenset[int], tag: str, bold: bool) -> Any:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(path, fontNumber=index, lazy=False)
    options = subset.Options()
    options.layout_features = []  # reportlab and matplotlib place glyphs one by one
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    if "CFF " in font or "CFF2" in font:
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            # PostScript outlines wind the other way round from TrueType's
            glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        for table in ("CFF ", "CFF2", "VORG"):
            if table in font:
                del font[table]
        font["glyf"] = glyf
        font["loca"] = newTable("loca")
        font.sfntVersion = "\x00\x01\x00\x00"
        maxp = font["maxp"]
        maxp.tableVersion = 0x00010000
        for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                     "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
            setattr(maxp, attr, 0)
        maxp.maxZones = 1
        maxp.maxComponentDepth = 0
        post = font["post"]
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        post.glyphOrder = order
        font["head"].glyphDataFormat = 0
        font["head"].indexToLocFormat = 0
    _rename(font, tag, bold)
    return font


def _rename(font: Any, tag: str, bold: bool) -> None:
    """Give the subset a family name of its own, so that matplotlib never confuses it with the
    installed (CFF) font of the same name; the PostScript name keeps the original's, for readers."""
    name = font["name"]
    family = name.getDebugName(1) or "CJK"
    ps = (name.getDebugName(6) or family.replace(" ", "")).split("-")[0]
    style = "Bold" if bold else "Regular"
    new_family = f"{family} {tag}"
    for record in list(name.names):
        if record.nameID in (1, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    name.setName(new_family, 1, 3, 1, 0x409)
    name.setName(style, 2, 3, 1, 0x409)
    name.setName(f"{new_family} {style}", 4, 3, 1, 0x409)
    name.setName(f"{ps}-{style}-{tag}", 6, 3, 1, 0x409)
    font["OS/2"].usWeightClass = 700 if bold else 400


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("cjk-*.ttf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_SUBSETS:]:
        try:
            old.unlink()
        except OSError:
            pass


@dataclass(frozen=True)
class CjkFace:
    """One version of the CJK subset: its files and the characters they hold."""

    family: str
    regular: Path
    bold: Path
    chars: frozenset[int]
    tag: str


class FontChain:
    """The fallback chain for one regional CJK preference: where each character is drawn from."""

    def __init__(self, region: str = "JP") -> None:
        self.region = region
        self.sans = _cmap(str(font_path(False)))
        self.sans_bold = _cmap(str(font_path(True)))
        self.emoji = _cmap(str(EMOJI_FILE)) if EMOJI_FILE.is_file() else frozenset()
        self.cjk_source = find_cjk_font(region)
        self.cjk_coverage = self.cjk_source.coverage if self.cjk_source is not None else frozenset()
        self._cjk: CjkFace | None = None
        self._lock = threading.Lock()

    def has_ascii(self, bold: bool = False) -> bool:
        """Whether the main face draws every printable ASCII character (main_face_has_ascii)."""
        return main_face_has_ascii(bold)

    def face_of(self, ch: str, bold: bool = False) -> str:
        """"sans", "cjk", "emoji", or "missing" (nothing can draw it; the sans font's box is used)."""
        code = ord(ch)
        if code in (self.sans_bold if bold else self.sans):
            return "sans"
        if code in self.cjk_coverage:
            return "cjk"
        if code in self.emoji:
            return "emoji"
        return "missing"

    def missing(self, text: str) -> list[str]:
        """The distinct characters of text that no font in the chain can draw, in order of appearance."""
        seen: dict[str, None] = {}
        for ch in text:
            if ch in seen or ch.isspace() or is_ignorable(ch):
                continue
            if self.face_of(ch) == "missing" and self.face_of(ch, True) == "missing":
                seen[ch] = None
        return list(seen)

    def cjk_face(self, chars: Iterable[str] = ()) -> CjkFace | None:
        """The CJK subset holding at least `chars` (and everything asked for before); a new
        version is built when it lacks some. None without a CJK font."""
        source = self.cjk_source
        if source is None:
            return None
        wanted = frozenset(ord(ch) for ch in chars) & self.cjk_coverage
        with self._lock:
            current = self._cjk
            if current is not None and wanted <= current.chars:
                return current
            union = wanted | (current.chars if current is not None else frozenset())
            tag = "W" + hashlib.sha1(repr(sorted(union)).encode()).hexdigest()[:6].upper()
            regular = _subset_file(source.path, source.index, union, tag, False)
            bold = (_subset_file(source.bold_path, source.bold_index, union, tag, True)
                    if source.bold_path is not None else regular)
            self._cjk = CjkFace(f"{source.family} {tag}", regular, bold, union, tag)
            return self._cjk

    def prepare(self, texts: Iterable[str]) -> CjkFace | None:
        """Make the CJK subset hold every CJK character of these texts at once (one font per
        document instead of one per new character)."""
        chars = {ch for text in texts if not text.isascii()  # ASCII is never CJK: most text skips the look-up
                 for ch in text if ord(ch) in self.cjk_coverage and ord(ch) not in self.sans}
        return self.cjk_face(chars) if chars else self._cjk


_chains: dict[str, FontChain] = {}
_chains_lock = threading.Lock()


def font_chain(region: str = "JP") -> FontChain:
    """The shared chain for a CJK region (built once per process)."""
    with _chains_lock:
        chain = _chains.get(region)
        if chain is None:
            chain = _chains[region] = FontChain(region)
        return chain


ACTIVE_REGION = ["JP"]  # the CJK region of the document being printed (see use_document); one slot, read often


def use_document(language: str | None, texts: Iterable[str] = ()) -> FontChain:
    """Make the chain of a document's language the active one, with every CJK character of its
    text in one font subset up front (one embedded CJK font per document, not one per new word)."""
    texts = [t for t in texts if t]
    ACTIVE_REGION[0] = cjk_region(language, "".join(texts[:2000]))
    chain = font_chain(ACTIVE_REGION[0])
    chain.prepare(texts)
    return chain


def active_chain() -> FontChain:
    """The chain of the document being printed (JP glyphs when none said otherwise)."""
    return font_chain(ACTIVE_REGION[0])


def active_region() -> str:
    return ACTIVE_REGION[0]


def unprintable(text: str, region: str = "JP") -> list[str]:
    """The characters of text no available font can print (see FontChain.missing)."""
    if text.isascii():
        return []
    return font_chain(region).missing(text)
