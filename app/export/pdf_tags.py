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
from typing import Any

_TAG = "%wm-tag "
_END = "%wm-end"
ARTIFACT = "Artifact"
ROLES = {"H1", "H2", "P", "Figure", "Table", ARTIFACT}


class tagged:
    """Everything drawn inside is one element of `role` (alt: a Figure's alternative text).
    Inside another tagged block it simply belongs to the outer one. A class rather than a
    generator: a big map enters thousands of these."""

    __slots__ = ("code", "marker")

    def __init__(self, canvas: Any, role: str, alt: str | None = None) -> None:
        alts = getattr(canvas, "tag_alts", None)
        self.code: list[str] | None = None
        if alts is None:
            return  # not a tagging canvas (a form being recorded, a test's canvas)
        if role not in ROLES:
            raise ValueError(f"unknown structure role {role!r}")
        self.code = canvas._code
        if alt:
            self.marker = f"{_TAG}{role} {len(alts)}"
            alts.append(alt)
        else:
            self.marker = _TAG + role

    def __enter__(self) -> None:
        if self.code is not None:
            self.code.append(self.marker)

    def __exit__(self, *exc: object) -> None:
        if self.code is not None:
            self.code.append(_END)


def _is_text(op: str) -> bool:
    return "Tj" in op or "TJ" in op  # only text objects show text


def _ref(document: Any, ref: Any) -> bytes:
    return b"%d %d R" % document.idToObjectNumberAndVersion[ref.name]


@functools.cache
def _classes() -> tuple[type, type]:
    """The structure element and reference-array classes (made once reportlab is loaded: this
    module is imported without it). They format themselves straight to bytes: a big map has
    thousands of elements, and reportlab's generic formatting would double the export's time."""
    from reportlab.pdfbase.pdfdoc import PDFObject, PDFString, format

    class Element(PDFObject):
        """One structure element."""

        def __init__(self, role: str, parent: Any, page: Any = None, mcid: int | None = None,
                     alt: str | None = None, title: str | None = None) -> None:
            self.role, self.parent, self.page, self.mcid, self.alt, self.title = role, parent, page, mcid, alt, title
            self.kids: list[Any] = []

        def format(self, document: Any) -> bytes:
            parts = [b"<< /Type /StructElem /S /", self.role.encode("ascii"), b" /P ", _ref(document, self.parent)]
            if self.page is not None:
                parts += [b" /Pg ", _ref(document, self.page)]
            if self.mcid is not None:
                parts += [b" /K ", b"%d" % self.mcid]
            elif self.kids:
                parts += [b" /K [", b" ".join(_ref(document, kid) for kid in self.kids), b"]"]
            if self.alt:
                parts += [b" /Alt ", format(PDFString(self.alt), document)]
            if self.title:
                parts += [b" /T ", format(PDFString(self.title), document)]
            parts.append(b" >>")
            return b"".join(parts)

    class ParentTree(PDFObject):
        """The number tree from each page's /StructParents to its elements, by MCID."""

        def __init__(self, pages: list[list[Any]]) -> None:
            self.pages = pages

        def format(self, document: Any) -> bytes:
            entries = (b"%d [%s]" % (i, b" ".join(_ref(document, r) for r in refs))
                       for i, refs in enumerate(self.pages))
            return b"<< /Nums [" + b"\n".join(entries) + b"] >>"

    return Element, ParentTree


class StructureTree:
    """Collects the marked content of each page as it is finished, then writes the tree."""

    def __init__(self, canvas: Any) -> None:
        from reportlab.pdfbase.pdfdoc import PDFDictionary

        self.canvas = canvas
        self.doc = canvas._doc
        canvas.tag_alts = []
        self._root = PDFDictionary({"Type": "/StructTreeRoot"})
        self._root_ref = self.doc.Reference(self._root)
        self._element, self._parent_tree = _classes()
        self._document = self._element("Document", self._root_ref)
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
        alts: list[str] = self.canvas.tag_alts
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
                role, _, alt_index = op[len(_TAG):].partition(" ")
                alt = alts[int(alt_index)] if alt_index else None
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
        self._root["K"] = self._document_ref
        self._root["ParentTree"] = self.doc.Reference(self._parent_tree(self._pages))
        self._root["ParentTreeNextKey"] = len(self._pages)
        self.doc.Catalog.StructTreeRoot = self._root_ref
