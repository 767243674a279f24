"""The PDF export as a reader of the file sees it: page sizes and counts, searchable text,
embedded fonts, vector charts, metadata, bookmarks, the register's repeated header, tiling."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import MM, PdfExporter, PdfOptionError, PdfOptions
from app.export.pdf_map import count_map_pages
from app.layout import layout_journey
from app.model import Annotation, AnnotationKind, Journey, Lane, LaneKind, Persona, Project, Stage, Touchpoint
from app.model.synthetic import synthetic_project

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "online-retailer.journey"


def export(project: Project, tmp_path: Path, name: str = "out.pdf", **options) -> PdfReader:
    path = tmp_path / name
    PdfExporter(project, PdfOptions(**options)).export(path)
    return PdfReader(str(path))


def squash(text: str) -> str:
    """Text without whitespace: wrapped card titles extract with line breaks inside them."""
    return re.sub(r"\s+", "", text)


def page_text(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def map_pages(project: Project, **options) -> int:
    return count_map_pages(layout_journey(project.journeys[0], project.personas), PdfOptions(**options))


def size_of(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


@pytest.mark.parametrize(("size", "orientation", "expected"), [
    ("A4", "landscape", (841.89, 595.28)),
    ("A4", "portrait", (595.28, 841.89)),
    ("A3", "landscape", (1190.55, 841.89)),
    ("A0", "portrait", (2383.94, 3370.39)),
    ("Letter", "landscape", (792.0, 612.0)),
    ("Legal", "portrait", (612.0, 1008.0)),
    ("Tabloid", "landscape", (1224.0, 792.0)),
    ("600x400mm", "landscape", (round(600 * MM, 2), round(400 * MM, 2))),
])
def test_every_page_has_the_chosen_paper_size(tmp_path, size, orientation, expected):
    project = synthetic_project(12)
    reader = export(project, tmp_path, page_size=size, orientation=orientation)
    # cover, 2 personas, the map, metrics x2, pain points, opportunities (no notes: left out)
    assert len(reader.pages) == 7 + map_pages(project, page_size=size, orientation=orientation)
    assert {size_of(p) for p in reader.pages} == {expected}


@pytest.mark.parametrize(("sections", "pages"), [
    (("map",), 0), (("cover",), 1), (("cover", "map"), 1), (("personas",), 2), (("metrics",), 2),
    (("painpoints",), 1),
])
def test_sections_choose_the_pages(tmp_path, sections, pages):
    project = synthetic_project(20)
    reader = export(project, tmp_path, sections=sections)
    assert len(reader.pages) == pages + (map_pages(project) if "map" in sections else 0)


def test_an_export_of_only_empty_sections_says_why_instead_of_writing_a_blank_file(tmp_path):
    with pytest.raises(PdfOptionError, match="nothing to print: the journey has no notes"):
        export(synthetic_project(20), tmp_path, sections=("notes",))
    assert not (tmp_path / "out.pdf").exists()


def test_tile_mode_makes_an_assembly_page_and_one_page_per_sheet(tmp_path):
    from app.export.pdf_poster import poster_plan, sheet_name

    project = synthetic_project(60)
    reader = export(project, tmp_path, sections=("map",), mode="tile")
    layout = layout_journey(project.journeys[0], project.personas)
    plan, _ = poster_plan(layout, 841.89, 595.28, PdfOptions(mode="tile"))
    assert plan.sheets > 1
    assert len(reader.pages) == 1 + plan.sheets
    texts = page_text(reader)
    assert "Poster assembly" in texts[0]
    for r in range(plan.rows):
        for c in range(plan.cols):
            assert f"Sheet {sheet_name(r, c)}" in texts[1 + r * plan.cols + c]
    # the sheets' windows together cover the whole map
    assert plan.xs[0] <= 0 and plan.xs[-1] + plan.area_w >= layout.width * plan.scale
    assert plan.ys[0] <= 0 and plan.ys[-1] + plan.area_h >= layout.height * plan.scale
    # and every card's text is printed on some sheet
    tiles = [squash(t) for t in texts[1:]]
    journey = project.journeys[0]
    for tp in journey.touchpoints():
        assert any(squash(tp.title) in t for t in tiles), tp.title


def _placed_forms(page) -> list[str]:
    return re.findall(rb"/(FormXob\.\w+) Do", page.get_contents().get_data())


def test_repeated_map_shapes_are_written_once_and_placed_on_every_page_that_shows_them(tmp_path):
    """Icons, dots and same-size cards are form XObjects shared by the document's pages: the
    file stays small, and every form a page places is in that page's resources (a missing one
    would print as a blank icon)."""
    project = synthetic_project(300)
    fit = export(project, tmp_path, "fit.pdf", sections=("map",), page_size="auto")  # one page
    tiled = export(project, tmp_path, "tiled.pdf", sections=("map",), mode="tile")
    placed = _placed_forms(fit.pages[0])
    assert len(placed) > 300  # at least one icon per touchpoint card
    assert len(set(placed)) < len(placed) / 5  # few shapes, many copies
    forms_by_name = {}
    for page in [fit.pages[0], *tiled.pages]:
        xobjects = page["/Resources"]["/XObject"]
        for name in set(_placed_forms(page)):
            form = xobjects["/" + name.decode()].get_object()
            assert form["/Subtype"] == "/Form"
            forms_by_name.setdefault((id(page.pdf), name), form.indirect_reference)
    # a tile reuses the forms of the document instead of writing its own copies
    tiled_forms = {ref.idnum for (pdf, _), ref in forms_by_name.items() if pdf == id(tiled)}
    assert len(tiled_forms) <= len({n for p in tiled.pages for n in _placed_forms(p)})
    # a 300-touchpoint map page is a few hundred KiB at most, not megabytes
    assert (tmp_path / "fit.pdf").stat().st_size < 400 * 1024
    text = squash(fit.pages[0].extract_text())
    assert all(squash(tp.title) in text for tp in project.journeys[0].touchpoints())


def test_tile_scale_below_readable_is_refused():
    with pytest.raises(PdfOptionError, match="95 %"):
        PdfExporter(synthetic_project(5), PdfOptions(mode="tile", tile_scale=0.5))


@pytest.mark.parametrize("bad", ["A7", "10xfoomm", "", "0x0mm"])
def test_bad_page_sizes_are_refused_with_a_message(bad):
    with pytest.raises(PdfOptionError, match="page size"):
        PdfExporter(synthetic_project(5), PdfOptions(page_size=bad))


def test_stage_touchpoint_and_pain_point_text_is_searchable(tmp_path):
    project = synthetic_project(30)
    journey = project.journeys[0]
    reader = export(project, tmp_path)
    everything = squash(" ".join(page_text(reader)))
    for stage in journey.stages():
        assert squash(stage.name) in everything
    for tp in journey.touchpoints():
        assert squash(tp.title) in everything
    for pain in journey.pain_points():
        assert squash(pain.text) in everything
    total = len(reader.pages)
    assert total == 7 + map_pages(project)
    assert f"Page 1 of {total}" in page_text(reader)[0]
    assert f"Page {total} of {total}" in page_text(reader)[-1]


def _fonts(reader: PdfReader) -> dict[str, object]:
    found: dict[str, object] = {}

    def walk(resources) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def _descriptor(font) -> dict:
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    descendant = font["/DescendantFonts"][0].get_object()
    return descendant["/FontDescriptor"].get_object()


def test_dejavu_is_embedded_as_truetype(tmp_path):
    reader = export(synthetic_project(10), tmp_path)
    fonts = _fonts(reader)
    dejavu = [name for name in fonts if "DejaVu" in name]
    assert dejavu, fonts.keys()
    for name in dejavu:
        assert "/FontFile2" in _descriptor(fonts[name]), name


def _images(resources, depth: int = 0) -> list[str]:
    out: list[str] = []
    if not resources or depth > 6:
        return out
    resources = resources.get_object()
    for name, xobj in (resources.get("/XObject") or {}).items():
        xobj = xobj.get_object()
        if xobj.get("/Subtype") == "/Image":
            out.append(name)
        elif xobj.get("/Subtype") == "/Form":
            out.extend(_images(xobj.get("/Resources"), depth + 1))
    return out


def _strokes(page) -> int:
    """How many stroked paths (lines, curves, outlines) the page's own content draws."""
    return len(re.findall(rb"\s(?:S|B)(?=\s)", page.get_contents().get_data()))


def test_metrics_charts_are_vectors_not_images(tmp_path):
    project = Project("Retail")
    project.journeys.append(_assessed_journey())
    reader = export(project, tmp_path, sections=("metrics",))
    assert len(reader.pages) == 3  # key figures and emotion curve; metrics against targets; CX assessment
    for page in reader.pages:
        assert _images(page.get("/Resources")) == []
        assert _strokes(page) >= 20  # the chart's axes, grid, curves and markers are paths on the page
    text = page_text(reader)
    assert "Metrics summary" in text[0] and "CSAT" in text[1]
    assert "Clarity" in text[2] and "Empathy" in text[2]  # chart labels are real text too


def _assessed_journey() -> Journey:
    from app.model import Metric, MetricKind

    j = Journey("Assessed", client="Acme", author="Ana")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_lane(Lane(LaneKind.EMOTION))
    for i, name in enumerate(("Discover", "Buy", "Use")):
        s = j.add_stage(Stage(name, five_cs={"clarity": 3 + i % 2, "concern": 2},
                              components={"empathy": 4, "convenience": 2 + i}))
        j.add_touchpoint(Touchpoint(f"Step {i}", emotion=i - 1), s.id, lane.id)
        j.add_metric(Metric(MetricKind.CSAT, value=70.0 + i * 8, target=80.0, unit="%"), s.id)
    return j


def test_metadata_and_bookmarks(tmp_path):
    project = synthetic_project(10)
    journey = project.journeys[0]
    journey.set_meta(author="Ana Ruiz", client="Acme")
    reader = export(project, tmp_path)
    meta = reader.metadata
    assert meta.title == journey.title
    assert meta.author == "Ana Ruiz"
    assert "Acme" in meta.subject and "journey" in meta.subject.lower()
    assert meta.creator == "Waymark"
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    # a section without content (this journey has no notes) is left out of the document and the outline
    assert top == ["Cover", "Personas", "Journey map", "Metrics summary", "Pain-point register",
                   "Opportunities register"]
    # bookmarks land on their section's page
    pages = [reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)]
    extra = map_pages(project) - 1  # the map's pages of whole stages
    assert pages == [0, 1, 3, 4 + extra, 6 + extra, 7 + extra]


def test_register_is_sorted_and_repeats_its_header_on_every_page(tmp_path):
    project = synthetic_project(400)
    reader = export(project, tmp_path, sections=("painpoints",))
    assert len(reader.pages) >= 2
    texts = page_text(reader)
    for text in texts:
        assert "Pain point" in text and "Severity" in text and "Touchpoint" in text
    assert "(continued)" in texts[1]
    rows = [(int(s), int(v)) for t in texts for s, v in re.findall(r"(\d) / 5\s+(\d+)", t)]
    products = [s * v for s, v in rows]
    assert products == sorted(products, reverse=True)  # most pressing first: severity x votes
    assert len(rows) == len(project.journeys[0].pain_points())


CORPUS = [
    "<b>&<font name=x>",
    "Crème brûlée à la carte, naïve façade",
    "Ελληνικά κείμενο",
    "Кириллица и ещё",
    "中文客户旅程 日本語のテキスト 한국어",
    "Emoji 😀🚀 party",
    "עברית ومرحبا RTL",
    "</para><para>&amp;&lt; <img src='x'/> %s {0}",
]


def test_markup_and_unicode_corpus_exports_literally(tmp_path):
    project = Project("Corpus <b>")
    project.add_persona(Persona("Zoë <i>", role="Ελληνικά & more", goals=CORPUS[:4], frustrations=CORPUS[4:]))
    j = project.add_journey(Journey(CORPUS[0], client=CORPUS[3], author=CORPUS[2], notes="\n\n".join(CORPUS)))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_lane(Lane(LaneKind.PAIN_POINTS))
    for i, text in enumerate(CORPUS):
        stage = j.add_stage(Stage(text))
        tp = j.add_touchpoint(Touchpoint(text, notes=text, emotion=0), stage.id, lane.id)
        j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, text, severity=1 + i % 5, votes=i), tp.id)
    reader = export(project, tmp_path)
    text = " ".join(page_text(reader))
    assert "<b>&<font name=x>" in text
    assert "</para><para>&amp;&lt;" in text
    for word in ("brûlée", "Ελληνικά", "Кириллица"):
        assert word in text
    fonts = _fonts(reader)
    # the CJK text of the corpus is drawn in an embedded subset of the computer's CJK font, never in
    # a font the reader must supply (reportlab's CID fonts STSong-Light, HeiseiKakuGo-W5)
    assert not any(name.startswith(("/STSong", "/HeiseiKakuGo", "/HYGothic", "/Helvetica")) for name in fonts)
    from app.render.font_chain import find_cjk_font

    if find_cjk_font("JP") is not None:  # fonts-noto-cjk on Debian
        cjk = [name for name in fonts if "CJK" in name]
        assert cjk and all("/FontFile2" in _descriptor(fonts[name]) for name in cjk), fonts.keys()


def test_long_text_is_printed_whole_on_the_map_never_cut(tmp_path):
    project = Project("Long")
    j = project.add_journey(Journey("Long"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    stage = j.add_stage(Stage("Only"))
    j.add_touchpoint(Touchpoint(" ".join(f"word{i}" for i in range(200))), stage.id, lane.id)
    reader = export(project, tmp_path, sections=("map",))
    text = " ".join(page_text(reader))
    # the card grows to hold all 200 words; taller than a sheet, it goes on across the next page
    assert "\u2026" not in text
    assert all(f"word{i}" in text.split() for i in range(200))


def test_cover_has_the_logo_and_the_details(qapp, tmp_path):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode()
    project = synthetic_project(5)
    project.journeys[0].set_meta(logo=uri, client="Acme Corp", author="Ana", date="2026-11-02", state="future")
    reader = export(project, tmp_path, sections=("cover",))
    text = page_text(reader)[0]
    for expected in ("Acme Corp", "Ana", "2026-11-02", "Future state", project.journeys[0].title):
        assert expected in text
    assert len(_images(reader.pages[0].get("/Resources"))) == 1


def test_a_broken_logo_does_not_stop_the_export(tmp_path):
    project = synthetic_project(5)
    project.journeys[0].set_meta(logo="data:image/png;base64,AAAA")
    reader = export(project, tmp_path, sections=("cover",))
    assert len(reader.pages) == 1


def test_sample_project_exports_each_journey(tmp_path):
    from app.model import load_project

    project = load_project(SAMPLE)
    for journey in project.journeys:
        reader = export(project, tmp_path, f"{journey.id}.pdf", journey=journey.title)
        text = squash(" ".join(page_text(reader)))
        for stage in journey.stages():
            assert squash(stage.name) in text
        for pain in journey.pain_points():
            assert squash(pain.text) in text


def test_an_existing_file_survives_a_failed_export(tmp_path, monkeypatch):
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"old contents")
    exporter = PdfExporter(synthetic_project(5), PdfOptions())

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("app.export.pdf_pages.Document.section_map", boom)
    with pytest.raises(RuntimeError):
        exporter.export(target)
    assert target.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]


def test_progress_is_reported_from_start_to_end(tmp_path):
    seen: list[tuple[float, str]] = []
    exporter = PdfExporter(synthetic_project(5), PdfOptions())
    exporter.export(tmp_path / "p.pdf", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert io.BytesIO((tmp_path / "p.pdf").read_bytes()).read(5) == b"%PDF-"


def test_a_poster_reports_progress_tile_by_tile(tmp_path):
    seen: list[tuple[float, str]] = []
    exporter = PdfExporter(synthetic_project(60), PdfOptions(mode="tile"))
    exporter.export(tmp_path / "poster.pdf", progress=lambda f, m: seen.append((f, m)))
    tiles = [m for _, m in seen if m.startswith("Drawing sheet")]
    pages = len(PdfReader(str(tmp_path / "poster.pdf")).pages)
    assert len(tiles) > 1 and tiles[-1].endswith(f"of {len(tiles)}")
    assert tiles[0] == f"Drawing sheet 1 of {len(tiles)}"
    assert pages > len(tiles)  # the tiles plus the overview and the other sections
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_right_to_left_text_prints_in_reading_order_with_joined_arabic_letters(tmp_path):
    """PDF text operators place glyphs left to right: Hebrew and Arabic go in display order, so
    a reader (and PDFium, which reads text back by glyph position) sees them as typed; Arabic
    letters are in their joined forms, not isolated ones."""
    import pypdfium2 as pdfium

    from app.model import load_project

    project = load_project(Path(__file__).parent / "data" / "good" / "rtl.journey")
    export(project, tmp_path, sections=("map",))
    page = pdfium.PdfDocument(str(tmp_path / "out.pdf"))[0]
    textpage = page.get_textpage()
    seen = textpage.get_text_range(0, textpage.count_chars())
    hebrew = "רכישה באתר"  # the journey's title, as typed
    assert hebrew in seen and hebrew[::-1] not in seen
    assert "العميل" in seen  # an Arabic stage name, read back in order
    assert "Mixed" in seen and "English" in seen  # the left-to-right words of a mixed title
    drawn = PdfReader(str(tmp_path / "out.pdf")).pages[0].extract_text()  # the glyphs as drawn
    arabic = [ch for ch in drawn if "\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff"]
    assert arabic and all("\ufe70" <= ch <= "\ufeff" for ch in arabic)  # presentation (joined) forms only


def test_plain_text_is_not_reordered():
    from app.render.visual_order import visual

    for text in ("Checkout", "Оплата заказа", "購入する", "a <b>&amp;</b>", ""):
        assert visual(text) == text


def _word_box(textpage, word: str) -> tuple[float, float, float, float]:
    searcher = textpage.search(word)
    found = searcher.get_next()
    assert found is not None, word
    index, count = found
    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def test_a_right_to_left_paragraph_that_wraps_keeps_its_lines_in_reading_order(tmp_path):
    """The notes page and the register's cells break Hebrew text into lines in reading order:
    the first words on the top line, the last on the bottom one, each line right-aligned."""
    import pypdfium2 as pdfium

    from app.model import load_project

    project = load_project(Path(__file__).parent / "data" / "good" / "rtl.journey")
    journey = project.journeys[0]
    filler = " ".join(["לקוח", "מחכה", "למשלוח", "ושואל", "שוב", "ושוב", "מתי", "יגיע"] * 24)
    journey.notes = f"התחלה {filler} סוף"
    tp = journey.touchpoints()[0]
    journey.update(tp.id, notes=f"ראשית {' '.join(['הערה', 'ארוכה', 'מאוד'] * 12)} אחרית")
    export(project, tmp_path, sections=("notes",))
    document = pdfium.PdfDocument(str(tmp_path / "out.pdf"))
    page = document[0]
    textpage = page.get_textpage()
    width = page.get_width()

    first, last = _word_box(textpage, "התחלה"), _word_box(textpage, "סוף")
    assert first[1] > last[3]  # the paragraph's first word sits on a line above its last word
    assert first[2] > width * 0.85  # a right-to-left paragraph starts at the right margin
    start, end = _word_box(textpage, "ראשית"), _word_box(textpage, "אחרית")  # a table cell wraps the same way
    assert start[1] > end[3]


def test_chart_fonts_fall_back_along_the_pdf_font_chain():
    from app.export import charts
    from app.render.font_chain import find_cjk_font

    families = charts.font_families(("認知",))
    assert families[0] == "DejaVu Sans" and families[-1] == "Noto Emoji"
    if find_cjk_font("JP") is not None:  # the converted subset of the installed CJK font, between the two
        assert len(families) == 3 and "CJK" in families[1]
    else:
        assert families == ("DejaVu Sans", "Noto Emoji")


def test_japanese_stage_names_print_in_the_charts_when_a_cjk_font_is_installed():
    """With a CJK font on the computer the chart embeds a TrueType subset of it and no glyph is
    missing; without one, matplotlib reports the missing glyphs (the export reports the
    characters, see test_pdf_text) and the chart still renders."""
    import warnings

    from app.export import charts
    from app.model import load_project
    from app.render.font_chain import find_cjk_font

    project = load_project(Path(__file__).parents[1] / "resources" / "samples" / "online-retailer.journey")
    journey = project.journeys[0]
    for stage, name in zip(journey.stages(), ["認知", "検討", "購入", "配送", "購入後", "推薦"], strict=False):
        journey.update(stage.id, name=name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = charts.metrics_figure(journey)
        fig.savefig(io.BytesIO(), format="pdf")
    missing = [w for w in caught if "missing from font" in str(w.message)]
    from app.export.pdf_charts import figure_pdf_bytes

    pdf = figure_pdf_bytes(charts.metrics_figure(journey))
    if find_cjk_font("JP") is not None:
        assert not missing
        reader = PdfReader(io.BytesIO(pdf))
        fonts = _fonts(reader)
        cjk = [name for name in fonts if "NotoSansCJK" in name or "CJK" in name]
        assert cjk, fonts.keys()
        assert all("/FontFile2" in _descriptor(fonts[name]) for name in cjk)  # TrueType, not CFF
    else:
        assert missing
        assert pdf.startswith(b"%PDF")


def test_the_comparison_section_lists_what_the_future_state_changes(tmp_path):
    from app.model import load_project
    from app.model.analytics import compare_states

    project = load_project(Path(__file__).parents[1] / "resources" / "samples" / "online-retailer.journey")
    current, future = project.journeys
    metric = next(m for m in future.metrics() if m.target is not None)
    future.update(metric.id, target=metric.target + 10)
    c = compare_states(current, future)
    reader = export(project, tmp_path, sections=("compare",))  # the CLI's alias works here too
    text = squash(" ".join(page_text(reader)))
    assert squash("Current and future state") in text
    assert squash(f"{len(c.added)} new, {len(c.removed)} removed, {len(c.changed)} changed touchpoints") in text
    for tp_id in c.added:
        assert squash(future.get(tp_id).title) in text
    for tp_id in c.removed:
        assert squash(current.get(tp_id).title) in text
    for change in c.changed:
        assert squash(change.title) in text
    assert text.count("Removed") >= len(c.removed) and text.count("Changed") >= len(c.changed)
    assert squash("Emotion: −1 → +1") in text  # a changed field, old → new
    assert squash("Metric targets") in text and squash(f"{metric.target:g}") in text


def test_a_project_with_one_state_has_no_comparison_pages(tmp_path):
    from app.model import load_project

    project = load_project(Path(__file__).parents[1] / "resources" / "samples" / "online-retailer.journey")
    project.remove_journey(project.journeys[1].id)
    all_sections = page_text(export(project, tmp_path))
    assert not any("Current and future state" in page for page in all_sections)
    alone = page_text(export(project, tmp_path, name="alone.pdf", sections=("comparison",)))
    assert len(alone) == 1 and "nothing to compare" in alone[0]
