"""PNG and SVG exports of the map: the right size, real content, text as text, user text escaped."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from app.export.png import PngExportError, export_png
from app.export.svg import export_svg, render_svg
from app.layout import layout_journey
from app.layout import style
from app.model import Annotation, AnnotationKind, Channel, Journey, Lane, LaneKind, Project, Stage, Touchpoint

SVG = "{http://www.w3.org/2000/svg}"
MARKUP = "<b>Bold</b> & <font name=x>"


def _markup_project() -> tuple[Project, Journey]:
    project = Project("Markup")
    j = project.add_journey(Journey("Escapes <b>&amp;</b>"))
    stage = j.add_stage(Stage("<i>Aware</i> & ready"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_lane(Lane(LaneKind.PAIN_POINTS))
    tp = j.add_touchpoint(Touchpoint(MARKUP, channel=Channel.EMAIL, owner="R&D <ops>"), stage.id, lane.id)
    j.add_touchpoint(Touchpoint("Читает отзывы — 注文を確定", channel=Channel.WEBSITE), stage.id, lane.id)
    j.add_touchpoint(Touchpoint("Bell \x07 and form feed \x0c", channel=Channel.PHONE), stage.id, lane.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "]]> <!-- not a comment -->", severity=5), tp.id)
    return project, j


def _svg_text(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


# ------------------------------------------------------------------------------------------ PNG
def _image(path):
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull()
    return image


def test_png_of_the_synthetic_map_has_the_size_for_its_dpi_and_real_content(qapp, tmp_path, synthetic) -> None:
    project = synthetic(30)
    journey = project.journeys[0]
    layout = layout_journey(journey, project.personas)
    out = tmp_path / "map.png"
    export_png(project, journey, out, dpi=144)
    image = _image(out)
    assert (image.width(), image.height()) == (math.ceil(layout.width * 2), math.ceil(layout.height * 2))
    colors = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colors) > 200
    header = layout.stages[0].header
    # the stage header's fill, sampled at its right end where no text is
    assert image.pixelColor(int((header.right - 4) * 2), int((header.y + 4) * 2)).name() == style.STAGE_FILL
    assert image.pixelColor(4, image.height() - 4).name() == style.HEADER_FILL  # the last lane's header


def test_png_dpi_scales_the_image_and_72_dpi_is_one_pixel_per_point(qapp, tmp_path, synthetic) -> None:
    project = synthetic(10)
    journey = project.journeys[0]
    layout = layout_journey(journey, project.personas)
    export_png(project, journey, tmp_path / "a.png", dpi=72)
    image = _image(tmp_path / "a.png")
    assert (image.width(), image.height()) == (math.ceil(layout.width), math.ceil(layout.height))
    assert round(image.dotsPerMeterX() * 0.0254) == 72


def test_png_of_markup_and_unicode_text_exports(qapp, tmp_path) -> None:
    project, journey = _markup_project()
    export_png(project, journey, tmp_path / "m.png", dpi=96)
    image = _image(tmp_path / "m.png")
    assert image.width() > 100


def test_png_refuses_a_bad_dpi_and_keeps_the_old_file(qapp, tmp_path, synthetic) -> None:
    project = synthetic(5)
    out = tmp_path / "keep.png"
    out.write_bytes(b"old")
    for dpi in (0, -5, float("nan"), 100_000):
        with pytest.raises(PngExportError, match="dpi"):
            export_png(project, project.journeys[0], out, dpi=dpi)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def test_png_too_large_for_one_image_names_a_dpi_that_works(qapp, tmp_path, synthetic) -> None:
    project = synthetic(2000)
    with pytest.raises(PngExportError) as info:
        export_png(project, project.journeys[0], tmp_path / "big.png", dpi=1200)
    message = str(info.value)
    assert "too large" in message and "--dpi" in message
    assert not (tmp_path / "big.png").exists()


def test_png_into_a_missing_folder_says_so(qapp, tmp_path, synthetic) -> None:
    project = synthetic(5)
    with pytest.raises(PngExportError, match="cannot write"):
        export_png(project, project.journeys[0], tmp_path / "nope" / "x.png", dpi=72)


# ------------------------------------------------------------------------------------------ SVG
def test_svg_is_well_formed_with_every_stage_and_touchpoint_as_text(tmp_path, synthetic) -> None:
    project = synthetic(30)
    journey = project.journeys[0]
    out = tmp_path / "map.svg"
    export_svg(project, journey, out)
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    layout = layout_journey(journey, project.personas)
    assert root.get("viewBox") == f"0 0 {layout.width:g} {layout.height:g}"
    texts = _svg_text(root)
    joined = " ".join(texts)
    for stage in journey.stages():
        assert stage.name in texts
    for tp in journey.touchpoints():
        assert tp.title in joined
    for ann in journey.pain_points():
        assert ann.text in joined
    fonts = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert fonts and all(f.startswith("'DejaVu Sans'") for f in fonts)
    fills = {el.get("fill") for el in root.iter(f"{SVG}rect")}
    assert style.STAGE_FILL in fills


def test_svg_escapes_markup_and_survives_control_characters(tmp_path) -> None:
    project, journey = _markup_project()
    out = tmp_path / "m.svg"
    export_svg(project, journey, out)
    raw = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;font" in raw
    assert "<b>" not in raw and "<font" not in raw and "<!--" not in raw
    root = ET.parse(out).getroot()
    joined = " ".join(_svg_text(root))
    assert "<b>Bold</b> & <font" in joined
    assert "Читает отзывы" in joined and "R&D <ops>" in joined
    assert "Bell" in joined and "\x07" not in raw
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Escapes <b>&amp;</b>"


def test_svg_wraps_titles_like_the_layout_measures(synthetic) -> None:
    project = synthetic(30)
    journey = project.journeys[0]
    layout = layout_journey(journey, project.personas)
    root = ET.fromstring(render_svg(project, journey))
    from app.render.fonts import font_metrics

    for el in root.iter(f"{SVG}text"):
        size = float(el.get("font-size"))
        bold = el.get("font-weight") == "bold"
        x = float(el.get("x"))
        right = x + font_metrics(bold).width("".join(el.itertext()), size)
        assert right <= layout.width + 0.01


def test_svg_export_replaces_the_file_whole(tmp_path, synthetic) -> None:
    project = synthetic(5)
    out = tmp_path / "x.svg"
    out.write_text("old")
    export_svg(project, project.journeys[0], out)
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.svg"]


def test_png_export_works_in_a_fresh_process_without_an_application(tmp_path) -> None:
    """No QApplication beforehand; a window can still open afterwards, and the process exits cleanly
    (PySide6 6.12.0 crashed here; a bare QGuiApplication made the window abort)."""
    import os
    import subprocess
    import sys

    out = tmp_path / "fresh.png"
    code = ("from app.model.synthetic import synthetic_project; from app.export.png import export_png; "
            f"p = synthetic_project(30); export_png(p, p.journeys[0], {str(out)!r}, dpi=72); "
            # the same process then opens a window, as the editor or a test run may
            "from app.widgets.main_window import MainWindow; w = MainWindow(p); w.show()")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"\x89PNG")


def test_svg_embeds_the_glyphs_it_uses(synthetic) -> None:
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    project = synthetic(10)
    journey = project.journeys[0]
    root = ET.fromstring(render_svg(project, journey))
    style_sheet = root.find(f"{SVG}style")
    assert style_sheet is not None
    faces = re.findall(r"font-weight: (\w+); src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", style_sheet.text)
    assert {w for w, _ in faces} == {"normal", "bold"}
    bold_font = TTFont(io.BytesIO(base64.b64decode(dict(faces)["bold"])))
    cmap = bold_font.getBestCmap()
    for stage in journey.stages():  # stage names are bold
        assert all(ord(ch) in cmap for ch in stage.name if not ch.isspace())
    assert len(cmap) < 200  # a subset, not the whole font
