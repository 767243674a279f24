"""The map pages of the PDF as a reader holding the paper sees them, measured in the file itself
(pypdf: font size x text matrix x transformation, and where each run of text sits): text never
below the floor, never off the sheet; pages of whole stages with their "Stages a–b of n"
header; the poster on the fewest sheets; `--page-size auto`; custom sizes keep their
orientation."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import MM, PdfExporter, PdfOptionError, PdfOptions
from app.export.pdf_map import map_area
from app.export.pdf_poster import SHEET_MARGIN, poster_plan
from app.layout import layout_journey
from app.layout.paging import TextFloor, plan_bands
from app.model import Journey, Lane, LaneKind, Project, Stage, Touchpoint
from app.model.synthetic import synthetic_project

NATO = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo",
        "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango"]


def _mul(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def text_runs(page, min_chars: int = 2) -> list[tuple[float, float, float, float, str]]:
    """(raw font size, effective size, x, y) and the text of every run of min_chars or more."""
    runs = []

    def visit(text, cm, tm, font, size):
        t = text.strip()
        if len(t) < min_chars or not size:
            return
        m = _mul(tm, cm)
        runs.append((float(size), size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])), m[4], m[5], t))

    page.extract_text(visitor_text=visit)
    return runs


def export(project: Project, tmp_path: Path, name: str = "map.pdf", **options) -> PdfReader:
    options.setdefault("sections", ("map",))
    PdfExporter(project, PdfOptions(**options)).export(tmp_path / name)
    return PdfReader(str(tmp_path / name))


def assert_readable(reader: PdfReader, min_text: float = 6.0) -> None:
    """Every map page: all text >= min_text, card titles and headers (drawn at 9.5 and 11 pt on
    screen) >= min_text + 3, and every run of text starts on the sheet."""
    for number, page in enumerate(reader.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        runs = text_runs(page)
        assert runs, f"page {number} has no text"
        assert min(r[1] for r in runs) >= 6 - 0.01
        # the running header and footer are the document's; the floor asked for is the map's
        k = min(w, h) / 595.28
        runs = [r for r in runs if 40 * k < r[3] < h - 45 * k]
        smallest = min(runs, key=lambda r: r[1])
        assert smallest[1] >= min_text - 0.01, f"page {number}: {smallest[4]!r} at {smallest[1]:.2f} pt"
        headers = [r for r in runs if r[0] in (9.5, 11.0)]
        assert headers, f"page {number} shows no stage or lane header"
        least_header = min(headers, key=lambda r: r[1])
        assert least_header[1] >= min_text + 3 - 0.01, f"page {number}: {least_header[4]!r} at {least_header[1]:.2f}"
        assert_on_the_sheet(page, number)


def assert_on_the_sheet(page, number: int) -> None:
    """Every run of text starts and ends on the sheet (its width measured in the font it is in)."""
    from app.export.pdf_surface import string_width

    w, h = float(page.mediabox.width), float(page.mediabox.height)
    for _, size, x, y, text in text_runs(page, min_chars=1):
        assert x >= -0.5 and x + string_width(text, size) <= w + 0.5 and -0.5 <= y <= h, \
            f"page {number}: {text!r} at ({x:.0f}, {y:.0f}) runs off the sheet"


def nato_project(stages: int, touchpoints: int) -> Project:
    project = synthetic_project(touchpoints, stages=stages)
    journey = project.journeys[0]
    for stage, name in zip(journey.stages(), NATO, strict=False):
        journey.update(stage.id, name=name)
    return project


@pytest.mark.parametrize(("size", "orientation"), [("A4", "landscape"), ("Letter", "portrait"), ("A3", "landscape")])
def test_the_sample_map_prints_readable_on_common_paper(tmp_path, size, orientation):
    from app.model import load_project

    project = load_project(Path(__file__).resolve().parent.parent / "resources" / "samples" / "online-retailer.journey")
    reader = export(project, tmp_path, page_size=size, orientation=orientation)
    assert_readable(reader)


def test_a_200_touchpoint_map_prints_readable_on_a4(tmp_path):
    reader = export(synthetic_project(200), tmp_path)
    assert len(reader.pages) > 10  # at a readable size it cannot be one sheet
    assert_readable(reader)


def test_a_higher_floor_raises_every_size(tmp_path):
    reader = export(synthetic_project(20), tmp_path, min_text_pt=8)
    assert_readable(reader, min_text=8.0)
    with pytest.raises(PdfOptionError, match="from 4 to 24 pt"):
        PdfOptions(min_text_pt=3.5).validate()


def test_a_20_stage_map_prints_in_pages_of_whole_stages(tmp_path):
    project = nato_project(20, 60)
    journey = project.journeys[0]
    reader = export(project, tmp_path)
    assert_readable(reader)
    names = [s.name for s in journey.stages()]
    bands_seen: list[tuple[int, int]] = []
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        m = re.search(r"Stages? (\d+)(?:\u2013(\d+))? of 20", text)
        assert m, f"page {number} has no stage range in its header"
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        shown = {name for name in names if re.search(rf"\b{name}\b", text)}
        assert shown == set(names[first - 1:last]), f"page {number}: {sorted(shown)} for stages {first}-{last}"
        bands_seen.append((first, last))
        assert "Emotion curves:" in text and "Maya" in text and "Tom" in text  # the legend on every page
    bands = sorted(set(bands_seen))
    # the runs of stages follow on without gaps or overlaps, and each is more than one stage
    assert bands[0][0] == 1 and bands[-1][1] == 20
    assert all(b[0] == a[1] + 1 for a, b in zip(bands, bands[1:], strict=False))
    assert all(last > first for first, last in bands)
    # every touchpoint is printed, on a page of its own stage's run
    for tp in journey.touchpoints():
        stage = names.index(journey.stage_of(tp.id).name) + 1
        pages = [p for p, (a, b) in zip(reader.pages, bands_seen, strict=True) if a <= stage <= b]
        assert any(tp.title in re.sub(r"\s+", " ", p.extract_text()) for p in pages), tp.title


def test_the_emotion_curve_says_on_which_page_it_continues(tmp_path):
    project = nato_project(20, 60)
    reader = export(project, tmp_path)
    texts = [p.extract_text() for p in reader.pages]
    with_curve = [i for i, t in enumerate(texts) if re.search(r"Emotion curve(?!s)", t)]
    assert len(with_curve) > 1
    for here, there in zip(with_curve, with_curve[1:], strict=False):
        assert f"p. {there + 1}" in texts[here]  # forward, at the right edge
        assert f"p. {here + 1}" in texts[there]  # and back, at the left edge of the next


@pytest.mark.parametrize(("size", "orientation"), [("A4", "landscape"), ("Letter", "portrait"), ("A3", "landscape"),
                                                   ("A2", "landscape")])
def test_the_map_fills_the_printable_area(size, orientation):
    project = synthetic_project(30)
    layout = layout_journey(project.journeys[0], project.personas)
    options = PdfOptions(page_size=size, orientation=orientation)
    w, h = options.page_points
    area = map_area(w, h, min(w, h) / 595.28)
    plan = plan_bands(layout, area.w, area.h, TextFloor())
    cw, ch = plan.content_size
    assert max(cw * plan.scale / area.w, ch * plan.scale / area.h) >= 0.85
    assert plan.scale >= TextFloor().scale


def test_a_small_map_on_big_paper_is_one_page_scaled_up(tmp_path):
    project = short_wide_project(2)
    reader = export(project, tmp_path, page_size="A3")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Stages 1\u20132" in text and "of 2" not in text
    percent = int(re.search(r"printed at (\d+) %", text).group(1))
    assert percent > 100
    # its stage names print bigger than on screen
    assert min(r[1] for r in text_runs(reader.pages[0]) if r[0] == 11.0) > 11


def short_wide_project(stages: int) -> Project:
    project = Project("Poster")
    j = project.add_journey(Journey("Poster"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for i in range(stages):
        stage = j.add_stage(Stage(NATO[i]))
        j.add_touchpoint(Touchpoint(f"Step {NATO[i]}"), stage.id, lane.id)
    return project


def test_a_poster_that_fits_two_sheets_prints_on_two(tmp_path):
    project = short_wide_project(4)
    layout = layout_journey(project.journeys[0], project.personas)
    options = PdfOptions(mode="tile")
    w, h = options.page_points
    plan, sheet = poster_plan(layout, w, h, options)
    area_w = sheet[0] - 2 * SHEET_MARGIN
    assert layout.width * plan.scale > area_w  # one sheet is not enough...
    assert plan.sheets == 2 and (plan.rows, plan.cols) == (1, 2)  # ...and two are
    assert plan.overlap >= 10 * MM - 0.01
    assert plan.xs[1] - plan.xs[0] == pytest.approx(area_w - plan.overlap)
    reader = export(project, tmp_path, mode="tile")
    assert len(reader.pages) == 3  # the assembly page and two sheets
    texts = [p.extract_text() for p in reader.pages]
    assert "2 sheets" in texts[0] and "A1 p. 2, B1 p. 3" in texts[0]
    assert "Sheet A1" in texts[1] and "Sheet B1" in texts[2]
    # every step is printed on a sheet
    for name in NATO[:4]:
        assert any(f"Step {name}" in t for t in texts[1:])
    assert_sheets_hold_their_text(reader)
    # the assembly page's thumbnail carries no text to hide the title or be misread, and the
    # sheet letters and numbers sit outside it
    assert min(r[1] for r in text_runs(reader.pages[0])) >= 6
    x, y, w, h = outline_of(reader.pages[0])
    assert w > 200
    labels = text_runs(reader.pages[0], min_chars=1)
    assert {"A", "B", "1"} <= {r[4] for r in labels}
    for _, _, tx, ty, text in labels:
        assert not (x < tx < x + w and y < ty < y + h), f"{text!r} is printed over the thumbnail"


def assert_sheets_hold_their_text(reader: PdfReader) -> None:
    """A line of text that starts beyond a sheet's edge (the end of a word cut there, the rest
    of which is on this sheet) starts on the neighbouring sheet, which prints it whole."""
    on_sheet: set[str] = set()
    off_sheet: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages[1:], 2):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        for _, size, x, y, text in text_runs(page):
            assert size >= 6 - 0.01, f"sheet on page {number}: {text!r} at {size:.2f} pt"
            assert 0 <= y <= h, f"sheet on page {number}: {text!r} above or below the sheet"
            (on_sheet.add(text) if 0 <= x <= w else off_sheet.append((number, text)))
    for number, text in off_sheet:
        assert text in on_sheet, f"page {number}: {text!r} starts off the sheet and on no other"


def test_poster_sheets_are_readable_and_cut_words_go_on_across_the_next(tmp_path):
    reader = export(synthetic_project(30), tmp_path, mode="tile")
    assert_sheets_hold_their_text(reader)
    assert len(reader.pages) > 3


def test_auto_page_size_makes_one_page_sized_to_the_map(tmp_path):
    project = synthetic_project(30)
    layout = layout_journey(project.journeys[0], project.personas)
    reader = export(project, tmp_path, page_size="auto", sections=("cover", "map"))
    assert len(reader.pages) == 2
    cover, page = reader.pages
    assert (round(float(cover.mediabox.width)), round(float(cover.mediabox.height))) == (842, 595)
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    assert layout.width < w < layout.width + 100 and layout.height < h < layout.height + 200
    assert "printed at 100 %" in page.extract_text()
    assert_readable(_only(reader, 1))


def _only(reader: PdfReader, index: int) -> PdfReader:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(reader.pages[index])
    buf = BytesIO()
    writer.write(buf)
    buf.seek(0)
    return PdfReader(buf)


@pytest.mark.parametrize(("orientation", "expected"), [("", (300, 600)), ("landscape", (600, 300)),
                                                       ("portrait", (300, 600))])
def test_a_custom_size_keeps_its_orientation_unless_told(tmp_path, orientation, expected):
    reader = export(synthetic_project(5), tmp_path, page_size="300x600mm", orientation=orientation,
                    sections=("cover",))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == expected


def test_a_stage_wider_than_the_sheet_is_refused_with_a_way_out(tmp_path):
    project = synthetic_project(5, stages=2)
    journey = project.journeys[0]
    journey.update(journey.stages()[0].id, width=6.0)
    with pytest.raises(PdfOptionError, match=r"stage 1 .* wider than the sheet .* --tile or --page-size auto"):
        export(project, tmp_path, orientation="portrait")
    assert len(export(project, tmp_path, "poster.pdf", mode="tile").pages) > 2


@pytest.mark.parametrize(("mode", "size"), [("fit", "A4"), ("tile", "A4"), ("fit", "auto")])
def test_a_journey_with_no_stages_yet_still_prints_its_map_page(tmp_path, mode, size):
    project = Project("Empty")
    project.add_journey(Journey("Nothing yet"))
    reader = export(project, tmp_path, mode=mode, page_size=size)
    assert len(reader.pages) == (2 if mode == "tile" else 1)
    assert "Nothing yet" in reader.pages[-1].extract_text()


def frame_of(page) -> tuple[float, float]:
    """Width and height of the map's outline on a page: the stroked rectangle drawn outside
    any transformation (the map panes draw inside q ... cm ... Q)."""
    return outline_of(page)[2:]


def outline_of(page) -> tuple[float, float, float, float]:
    """x, y, width and height of the largest stroked rectangle drawn outside any transformation."""
    from pypdf.generic import ContentStream

    depth, frames, last_rect = 0, [], None
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            depth += 1
        elif op == b"Q":
            depth -= 1
        elif op == b"re" and depth == 0:
            last_rect = [float(v) for v in operands]
        elif op == b"S" and last_rect is not None:
            x, y, w, h = last_rect
            frames.append((min(x, x + w), min(y, y + h), abs(w), abs(h)))
            last_rect = None
        elif op not in (b"w", b"RG", b"rg", b"d"):
            last_rect = None
    assert frames, "no map outline on the page"
    return max(frames, key=lambda f: f[2] * f[3])


@pytest.mark.parametrize(("size", "orientation", "touchpoints"), [
    ("A4", "landscape", 30), ("Letter", "portrait", 30), ("A3", "landscape", 12), ("A0", "portrait", 12)])
def test_the_printed_map_fills_the_binding_side_of_the_printable_area(tmp_path, size, orientation, touchpoints):
    reader = export(synthetic_project(touchpoints), tmp_path, page_size=size, orientation=orientation)
    fills = []
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        area = map_area(w, h, min(w, h) / 595.28)
        fw, fh = frame_of(page)
        assert fw <= area.w + 1 and fh <= area.h + 1  # inside the printable area
        fills.append(max(fw / area.w, fh / area.h))
    assert max(fills) >= 0.85, fills


def test_long_persona_names_and_narrow_paper_keep_every_line_on_the_sheet(tmp_path):
    project = synthetic_project(30)
    for persona, name in zip(project.personas, ("Margaretha van der Westhuizen-Oppenheimer, first-time buyer",
                                                "Bartholomew Featherstonehaugh-Cholmondeley, loyal customer"),
                             strict=True):
        persona.name = name
    for mode in ("fit", "tile"):
        reader = export(project, tmp_path, f"{mode}.pdf", mode=mode, page_size="A4", orientation="portrait")
        for number, page in enumerate(reader.pages, 1):
            assert_on_the_sheet(page, number) if mode == "fit" or number == 1 else None
        if mode == "fit":
            assert_readable(reader)
            for page in reader.pages:  # the legend names them all, in full, on every page
                text = " ".join(page.extract_text().split())
                assert "Margaretha van der Westhuizen-Oppenheimer, first-time buyer" in text
                assert "Bartholomew Featherstonehaugh-Cholmondeley, loyal customer" in text
