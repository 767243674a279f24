"""The PDF is a tagged PDF: a structure tree in reading order (Document > a Sect per section > H1,
H2, P and Figure), every piece of text inside marked content that the tree reaches, running
headers and footers as artifacts, alternative text on figures. Checked from the file itself."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.export.pdf import PdfExporter, PdfOptions
from app.model import load_project
from app.model.synthetic import synthetic_project

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"
TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tags") / "sample.pdf"
    PdfExporter(load_project(SAMPLE), PdfOptions(base_dir=str(SAMPLE.parent))).export(path)
    return path


def _marked_content(reader: PdfReader, page) -> tuple[list[int], int, int]:
    """(MCIDs in order, text operators outside any marked content, text operators in artifacts);
    fails on unbalanced or straddling marked content."""
    ops = ContentStream(page.get_contents(), reader).operations
    stack: list[str] = []  # "mcid" / "artifact" / "other"
    in_text = False
    bt_depth_at_open: list[bool] = []
    mcids: list[int] = []
    loose = artifact_text = 0
    for operands, op in ops:
        if op == b"BT":
            in_text = True
        elif op == b"ET":
            in_text = False
        elif op in (b"BDC", b"BMC"):
            tag = str(operands[0])
            if op == b"BDC" and "/MCID" in operands[1]:
                stack.append("mcid")
                mcids.append(int(operands[1]["/MCID"]))
            else:
                stack.append("artifact" if tag == "/Artifact" else "other")
            bt_depth_at_open.append(in_text)
        elif op == b"EMC":
            assert stack, "EMC without BDC/BMC"
            stack.pop()
            assert bt_depth_at_open.pop() == in_text, "marked content straddles a text object"
        elif op in TEXT_OPS:
            if not stack:
                loose += 1
            elif "mcid" not in stack:
                artifact_text += 1
    assert not stack, "marked content left open at the end of the page"
    return mcids, loose, artifact_text


def test_the_report_is_a_tagged_pdf_whose_tree_reaches_all_its_text(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    tree = root["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(tree["/ParentTreeNextKey"]) == len(reader.pages)
    artifact_pages = 0
    for index, page in enumerate(reader.pages):
        assert int(page["/StructParents"]) == index
        assert page["/Tabs"] == "/S"
        mcids, loose, artifact_text = _marked_content(reader, page)
        assert loose == 0, f"page {index + 1}: text outside marked content"
        assert mcids == list(range(len(mcids))), f"page {index + 1}: MCIDs not 0..n-1 in order"
        assert mcids, f"page {index + 1} has no tagged content"
        elements = parents[index]
        assert len(elements) == len(mcids)
        for mcid, ref in enumerate(elements):
            element = ref.get_object()
            assert element["/Type"] == "/StructElem"
            assert int(element["/K"]) == mcid
            assert element["/Pg"].get_object() == page.get_object()
        artifact_pages += artifact_text > 0  # the running header and footer
    assert artifact_pages == len(reader.pages)  # the footer (and page number) on every page


def _tree(reader: PdfReader) -> list[tuple[str, str, list]]:
    """[(section title, role, element)] in reading order."""
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()
    assert document["/S"] == "/Document"
    out = []
    for sect_ref in document["/K"]:
        sect = sect_ref.get_object()
        assert sect["/S"] == "/Sect"
        for ref in sect.get("/K", []):
            element = ref.get_object()
            out.append((str(sect["/T"]), str(element["/S"])[1:], element))
    return out


def test_sections_headings_and_figures_are_what_a_reader_navigates_by(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    tree = _tree(reader)
    sections = list(dict.fromkeys(title for title, _, _ in tree))
    assert sections[0] == "Cover"
    assert {"Personas", "Journey map", "Metrics summary", "Pain-point register"} <= set(sections)
    outline = [str(item["/Title"]) for item in reader.outline if not isinstance(item, list)]
    assert [s for s in sections if s != "Cover"] == [t for t in outline if t != "Cover"]
    roles = Counter(role for _, role, _ in tree)
    assert roles["H1"] >= len(sections) - 1 and roles["H2"] >= 6 and roles["P"] > 100
    project = load_project(SAMPLE)
    persona_heads = [e for s, r, e in tree if s == "Personas" and r == "H2"]
    assert len(persona_heads) >= len(project.personas)
    for _, role, element in tree:
        if role == "Figure":
            assert str(element["/Alt"]).strip(), "a figure without alternative text"
    assert roles["Figure"] >= 1  # the consultancy's logo on the cover


def test_structure_text_reads_each_card_as_one_paragraph_and_skips_page_furniture(sample_pdf: Path) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is missing: install the Debian package poppler-utils")
    out = subprocess.run(["pdfinfo", "-struct-text", str(sample_pdf)], capture_output=True, text=True,
                         check=True)
    assert "Syntax" not in out.stderr
    lines = [line.strip() for line in out.stdout.splitlines()]
    journey = load_project(SAMPLE).journeys[0]
    titles = [tp.title for tp in journey.touchpoints()]
    texts = [line[1:-1] for line in lines if line.startswith('"')]
    joined = "\n".join(texts)
    # a card's wrapped lines are one paragraph (poppler joins its lines without a separator)
    for title in titles:
        assert title.replace(" ", "") in joined.replace(" ", ""), title
    assert not any(t.startswith("Page ") and " of " in t for t in texts), "page numbers are not content"
    assert 'H1 (block)' in out.stdout
    # and they are read inside the map's section, not somewhere else
    map_part = out.stdout.split('Sect "Journey map"', 1)[1].split("\n  Sect ", 1)[0]
    assert all(title.replace(" ", "") in map_part.replace(" ", "").replace('"\n', "").replace("\n", "")
               for title in titles)


def test_a_big_map_poster_is_tagged_too(tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"
    PdfExporter(synthetic_project(120), PdfOptions(mode="tile", sections=("map",))).export(path)
    reader = PdfReader(path)
    for page in reader.pages:
        _mcids, loose, _ = _marked_content(reader, page)
        assert loose == 0
    assert reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTreeNextKey"] == len(reader.pages)
