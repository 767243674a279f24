"""The PDF's logical structure (Tagged PDF): what a screen reader, a reflowing viewer or a text
extractor reads, in reading order, and what it skips.

reportlab has no tagging API, so this is done at the level of the page's content operators:

- Drawing code may say what the next drawing is: `with tagged(canvas, "H1"): ...` (a heading),
  "P" (a paragraph), "Figure" (with alternative text: a chart, a logo, a photo) or "Artifact"
  (running headers, footers, page numbers, crop marks: not content). It writes a comment marker
  into the content stream, which costs nothing when the canvas is not tagging.
- When a page is finished, `StructureTree.mark_page` turns the markers into marked-content
  sequences (BDC/EMC with an MCID) and gives every text object drawn outside a marker a
  paragraph of its own; everything else (rules, fills, the curve) becomes an /Artifact.
- `StructureTree.finish` writes the tree: Document > one Sect per report section (titled) >
  the H1, P and Figure elements in drawing order, plus the parent tree that leads from each
  page's marked content back to its element, and /StructParents and /Tabs on each page.

Marked content only ever wraps whole operator groups as reportlab and the surfaces write them
(a text object BT..ET is one list entry), so a sequence never straddles a text object.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_TAG = "%wm-tag "
_END = "%wm-end"
ARTIFACT = "Artifact"
ROLES = {"H1", "H2", "P", "Figure", "Table", ARTIFACT}


@contextmanager
def tagged(canvas: Any, role: str, alt: str | None = None) -> Iterator[None]:
    """Everything drawn inside is one element of `role` (alt: a Figure's alternative text).
    Inside another tagged block it simply belongs to the outer one."""
    hints = getattr(canvas, "tag_hints", None)
    if hints is None:
        yield
        return
    if role not in ROLES:
        raise ValueError(f"unknown structure role {role!r}")
    canvas._code.append(f"{_TAG}{len(hints)}")
    hints.append((role, alt))
    try:
        yield
    finally:
        canvas._code.append(_END)


def _is_text(op: str) -> bool:
    return "BT" in op and ("Tj" in op or "TJ" in op)


@functools.cache
def _element_class() -> type:
    """The structure element class (made once reportlab is loaded: pdf_tags is imported without it)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFObject, PDFString, format

    class Element(PDFObject):
        """One structure element, formatted straight to bytes (most are leaves: there are many)."""

        def __init__(self, role: str, parent: Any, page: Any = None, mcid: int | None = None,
                     alt: str | None = None, title: str | None = None) -> None:
            self.role, self.parent, self.page, self.mcid, self.alt, self.title = role, parent, page, mcid, alt, title
            self.kids: list[Any] = []

        def format(self, document: Any) -> bytes:
            parts = [b"<< /Type /StructElem /S /", self.role.encode("ascii"), b" /P ",
                     format(self.parent, document)]
            if self.page is not None:
                parts += [b" /Pg ", format(self.page, document)]
            if self.mcid is not None:
                parts += [b" /K ", str(self.mcid).encode("ascii")]
            elif self.kids:
                parts += [b" /K ", format(PDFArray(self.kids), document)]
            if self.alt:
                parts += [b" /Alt ", format(PDFString(self.alt), document)]
            if self.title:
                parts += [b" /T ", format(PDFString(self.title), document)]
            parts.append(b" >>")
            return b"".join(parts)

    return Element


class StructureTree:
    """Collects the marked content of each page as it is finished, then writes the tree."""

    def __init__(self, canvas: Any) -> None:
        from reportlab.pdfbase.pdfdoc import PDFDictionary

        self.canvas = canvas
        self.doc = canvas._doc
        canvas.tag_hints = []
        self._root = PDFDictionary({"Type": "/StructTreeRoot"})
        self._root_ref = self.doc.Reference(self._root)
        element = _element_class()
        self._element = element
        self._document = element("Document", self._root_ref)
        self._document_ref = self.doc.Reference(self._document)
        self._section: Any = None
        self._section_key: str | None = None
        self._section_ref: Any = None
        self._pages: list[list[Any]] = []  # each page's element references, by MCID
        self._pending: list[Any] = []  # the page being finished

    def section(self, key: str, title: str) -> None:
        """The elements of the pages that follow belong to this section (a Sect titled `title`)."""
        if key == self._section_key:
            return
        self._section_key = key
        self._section = self._element("Sect", self._document_ref, title=title)
        self._section_ref = self.doc.Reference(self._section)
        self._document.kids.append(self._section_ref)

    def mark_page(self, code: list[str], page_ref: Any) -> list[str]:
        """The page's operators with marked content; records the page's elements."""
        hints: list[tuple[str, str | None]] = self.canvas.tag_hints
        if self._section_ref is None:
            self.section("", "")
        assert self._section is not None
        kids, parent = self._section.kids, self._section_ref
        by_mcid: list[Any] = []
        out: list[str] = []
        append = out.append
        artifact = False  # inside an untagged /Artifact run
        depth = 0  # inside a tagged block (nested blocks belong to the outermost)

        def element(role: str, alt: str | None) -> int:
            mcid = len(by_mcid)
            ref = self.doc.Reference(self._element(role, parent, page_ref, mcid, alt))
            by_mcid.append(ref)
            kids.append(ref)
            return mcid

        for op in code:
            if op.startswith("%wm-"):
                if op == _END:
                    depth -= 1
                    if depth == 0:
                        append("EMC")
                    continue
                depth += 1
                if depth > 1:
                    continue
                if artifact:
                    append("EMC")
                    artifact = False
                role, alt = hints[int(op[len(_TAG):])]
                if role == ARTIFACT:
                    append("/Artifact <</Type /Pagination>> BDC")
                else:
                    append(f"/{role} <</MCID {element(role, alt)}>> BDC")
                continue
            if depth:
                append(op)
            elif _is_text(op):
                if artifact:
                    append("EMC")
                    artifact = False
                append(f"/P <</MCID {element('P', None)}>> BDC")
                append(op)
                append("EMC")
            elif op.strip():
                if not artifact:
                    append("/Artifact BMC")
                    artifact = True
                append(op)
            else:
                append(op)
        if artifact:
            append("EMC")
        out.extend("EMC" for _ in range(depth))  # a block left open by an exception: still balanced
        self._pending = by_mcid
        return out

    def page_done(self, page: Any) -> None:
        """Give the page object just added (the one mark_page saw) its /StructParents."""
        from reportlab.pdfbase.pdfdoc import PDFPage

        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = len(self._pages)
        page.Tabs = "/S"  # tab order follows the structure
        self._pages.append(self._pending)
        self._pending = []

    def finish(self) -> None:
        """Write the tree into the catalog (call once, before the document is saved)."""
        from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary

        nums: list[Any] = []
        for i, refs in enumerate(self._pages):
            nums += [i, PDFArray(refs)]
        self._root["K"] = self._document_ref
        self._root["ParentTree"] = self.doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
        self._root["ParentTreeNextKey"] = len(self._pages)
        self.doc.Catalog.StructTreeRoot = self._root_ref
