"""Metric names and persona names are printed and shown whole, never cut with "…": a metric chip
wraps its name and grows (its lane with it), the emotion curves' legend wraps long names into
rows and columns and the emotion lane grows. Read back from the PDF (pdftotext, pypdf), from the
canvas as it paints, and from the canvas's pixels. Needs poppler-utils and, for CJK,
fonts-noto-cjk: a test that lacks one skips, naming the Debian package."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.export.pdf import PdfExporter, PdfOptions
from app.layout import style
from app.model import Journey, Lane, LaneKind, Metric, MetricKind, Persona, Project, Stage, Touchpoint
from app.model.sample import SAMPLE_PATH
from app.model.storage import load_project
from app.render.qt_surface import QtSurface
from app.render.text import ELLIPSIS
from tests.canvas_support import make_canvas
from tests.shots import SHOTS
from tests.test_pdf_map_pages import assert_readable
from tests.test_pdf_text import assert_words_on_the_sheet_and_apart, need, need_cjk, pdftotext, readable

PERSONAS = ["Margaretha van der Westhuizen-Oppenheimer, first-time buyer from the northern region",
            "購入手続きを完了する長い名前のペルソナ（東京の常連のお客様）",
            "العميل الذي يشتري الأريكة عبر الإنترنت للمرة الأولى",
            "Bo"]
STAGE_METRICS = ["Percentage of customers who complete checkout within ten minutes of adding to basket",
                 "顧客満足度スコア（配送後のアンケートによる評価）",
                 "نسبة العملاء الذين يوصون بنا لأصدقائهم وعائلاتهم"]
JOURNEY_METRICS = ["Net Promoter Score across every channel and region", "顧客生涯価値（平均）",
                   "معدل الاحتفاظ بالعملاء"]


def long_names_project(stages: int = 4) -> Project:
    """Personas and metrics (stage-level and journey-level) with long Latin, Japanese and Arabic
    names, and a metric whose unit makes its figures longer than its chip is wide."""
    project = Project("Long names")
    personas = [project.add_persona(Persona(name)) for name in PERSONAS]
    journey = project.add_journey(Journey("Long names"))
    cards = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
    journey.add_lane(Lane(LaneKind.EMOTION))
    journey.add_lane(Lane(LaneKind.METRICS))
    for i in range(stages):
        stage = journey.add_stage(Stage(f"Stage {i + 1}"))
        for k in range(2):
            scores = {p.id: (i + k + n) % 5 - 2 for n, p in enumerate(personas)}
            journey.add_touchpoint(Touchpoint(f"Step {i + 1}.{k + 1}", emotion=(i + k) % 5 - 2,
                                              persona_emotions=scores), stage.id, cards.id)
        journey.add_metric(Metric(MetricKind.CUSTOM, STAGE_METRICS[i % 3], value=72.0 + i, unit="%", target=80.0),
                           stage.id)
        journey.add_metric(Metric(MetricKind.CSAT, "CSAT", value=81.0, unit="%", target=80.0), stage.id)
    journey.add_metric(Metric(MetricKind.NPS, JOURNEY_METRICS[0], value=18, target=35))
    journey.add_metric(Metric(MetricKind.CLV, JOURNEY_METRICS[1], value=1540, unit="€", target=2000))
    journey.add_metric(Metric(MetricKind.CUSTOM, JOURNEY_METRICS[2], value=38, unit="returning customers per month",
                              target=45))
    return project


def _export(project: Project, path, **options) -> PdfReader:
    options.setdefault("sections", ("map",))
    PdfExporter(project, PdfOptions(**options)).export(path)
    return PdfReader(str(path))


# ------------------------------------------------------------------ the PDF
@pytest.mark.parametrize("size", ["A4", "A3"])
def test_long_metric_and_persona_names_print_whole_in_every_script(tmp_path, size):
    need("pdftotext")
    need_cjk()
    project = long_names_project()
    reader = _export(project, tmp_path / "map.pdf", page_size=size)
    text = pdftotext(tmp_path / "map.pdf")
    assert ELLIPSIS not in text
    flat = readable(text)
    for name in PERSONAS + STAGE_METRICS + JOURNEY_METRICS + ["returning customers per month"]:
        assert readable(name) in flat, name
    # the figures of every chip, its target too (a chip used to drop the target when short of room)
    assert readable("38 returning customers per month / 45 returning customers per month") in flat
    assert readable("72% / 80%") in flat
    assert_readable(reader)  # every map page: nothing under 6 pt, every run on the sheet
    assert_words_on_the_sheet_and_apart(tmp_path / "map.pdf")


def test_the_map_legend_names_every_curve_whole_where_the_map_is_on_one_page(tmp_path):
    """A3 holds this map on one page: each name is in the legend on the map and in the caption under it."""
    need("pdftotext")
    need_cjk()
    reader = _export(long_names_project(), tmp_path / "map.pdf", page_size="A3")
    assert len(reader.pages) == 1
    flat = readable(pdftotext(tmp_path / "map.pdf"))
    for name in PERSONAS[:2] + ["Customer"]:  # Arabic reads back reordered across a wrapped line
        assert flat.count(readable(name)) >= 2, name


def test_the_sample_prints_without_an_ellipsis_and_with_whole_metric_names(tmp_path):
    need("pdftotext")
    project = load_project(SAMPLE_PATH)
    for size in ("A4", "A3"):
        reader = _export(project, tmp_path / f"sample-{size}.pdf", page_size=size)
        text = pdftotext(tmp_path / f"sample-{size}.pdf")
        assert ELLIPSIS not in text, size
        flat = readable(text)
        journey = project.journeys[0]
        for metric in journey.metrics():
            assert readable(metric.name) in flat, metric.name
        for persona in project.personas:
            assert readable(persona.name) in flat, persona.name
        assert_readable(reader)
        assert_words_on_the_sheet_and_apart(tmp_path / f"sample-{size}.pdf")


# ------------------------------------------------------------------ the canvas
class RecordingSurface(QtSurface):
    """A QtSurface that also notes every line of text it draws (layout coordinates)."""

    lines: list[tuple[str, float, float, float, float]] = []  # text, left, top, right, bottom

    def text(self, x: float, baseline: float, text: str, size: float, color: str, bold: bool = False) -> None:
        super().text(x, baseline, text, size, color, bold)
        width = self.text_width(text, size, bold)
        RecordingSurface.lines.append((text, x, baseline - size * 0.93, x + width, baseline + size * 0.24))


def _render(scene, rect: QRectF, scale: float = 2.0) -> QImage:
    image = QImage(int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), rect)  # headers never leave their places
    painter.end()
    return image


def _inked(image: QImage, x0: float, y0: float, x1: float, y1: float, scale: float = 2.0) -> int:
    """How many pixels of dark ink (text, not the light borders and tints) lie in the box."""
    count = 0
    for py in range(max(0, int(y0 * scale)), min(image.height(), int(y1 * scale))):
        for px in range(max(0, int(x0 * scale)), min(image.width(), int(x1 * scale))):
            c = QColor(image.pixel(px, py))
            count += max(c.red(), c.green(), c.blue()) < 130
    return count


def test_the_canvas_shows_whole_chip_names_and_legend_inside_their_boxes(qtbot, monkeypatch):
    import app.widgets.items as items

    RecordingSurface.lines = []
    monkeypatch.setattr(items, "QtSurface", RecordingSurface)
    project = long_names_project()
    canvas = make_canvas(qtbot, project, size=(1400, 900))
    scene = canvas.scene()
    layout = scene.layout
    whole = QRectF(0, 0, layout.width, layout.height)
    image = _render(scene, whole)
    image.save(str(SHOTS / "canvas-long-names.png"))
    journey = project.journeys[0]

    chips = [card for card in layout.cards.values() if card.kind == "metric"]
    assert len(chips) == 4 * 2 + 3
    for chip in chips:
        r = chip.rect
        inside = [line for line in RecordingSurface.lines
                  if r.x <= line[1] < r.right and r.y <= line[2] < r.bottom]
        # every line's box lies inside the chip, clear of its rounded border
        for text, left, top, right, bottom in inside:
            assert left >= r.x + 4 and right <= r.right - 4 and top >= r.y + 2 and bottom <= r.bottom - 2, (text, r)
        drawn = readable("".join(text for text, *_ in inside))
        metric = journey.get(chip.id)
        assert readable(metric.name) in drawn, metric.name
        assert ELLIPSIS not in drawn
        # and no ink spills out under or beside it
        assert _inked(image, r.x, r.bottom + 2, r.right, r.bottom + 5) == 0, metric.name
        assert _inked(image, r.right + 2, r.y, r.right + 5, r.bottom) == 0, metric.name
    assert max(c.rect.h for c in chips) > 2 * style.CHIP_H  # the long names took more lines

    emotion = next(ln for ln in layout.lanes if ln.kind is LaneKind.EMOTION)
    band = layout.emotion_band
    assert band is not None
    legend = [line for line in RecordingSurface.lines
              if emotion.row.x <= line[1] and emotion.row.y <= line[2] < band.y]
    drawn = readable("".join(text for text, *_ in legend))
    for name in PERSONAS + ["Customer"]:
        assert readable(name) in drawn, name  # Qt gets the text as stored and shapes it itself
    assert ELLIPSIS not in drawn
    for text, left, top, right, bottom in legend:  # within the lane, above the curve's band, on the map
        assert bottom <= band.y and emotion.row.x <= left and right <= layout.width - 4 and top >= emotion.row.y, text
    assert len({round(top) for _, _, top, _, _ in legend}) >= 2  # the long names wrapped onto more lines


def test_the_svg_holds_every_long_name_whole_inside_the_map(tmp_path):
    """The SVG is text a browser lays out: each name's lines are all there, none ends in "…", and
    no line starts outside the map."""
    import html
    import xml.etree.ElementTree as ET

    from app.export.svg import export_svg

    project = long_names_project()
    export_svg(project, project.journeys[0], tmp_path / "map.svg")
    root = ET.parse(tmp_path / "map.svg").getroot()
    width, height = float(root.get("width", "0").rstrip("pt")), float(root.get("height", "0").rstrip("pt"))
    texts = [el for el in root.iter() if el.tag.endswith("text")]
    drawn = readable("".join(html.unescape("".join(el.itertext())) for el in texts))
    assert ELLIPSIS not in drawn
    for name in PERSONAS + STAGE_METRICS + JOURNEY_METRICS:
        assert readable(name) in drawn, name
    for el in texts:
        assert 0 <= float(el.get("x", "0")) < width and 0 <= float(el.get("y", "0")) <= height, el.text
