"""The report's charts as printed on its pages (app/export/pdf_charts.py): drawn in the report's own
embedded fonts, each font embedded once for the whole document; labels placed where matplotlib
laid them out, measured with the widths they are printed with; italic without another font; user
text printed as typed; and a report without charts never loading matplotlib."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import PdfExporter, PdfOptions
from app.model import Journey, Lane, LaneKind, Metric, MetricKind, Project, Stage, Touchpoint, load_project

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"
BASE14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def _fonts(resources, found: list[str], depth: int = 0) -> None:
    if not resources or depth > 6:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        found.append(str(font.get_object()["/BaseFont"]))
    for xobj in (resources.get("/XObject") or {}).values():
        _fonts(xobj.get_object().get("/Resources"), found, depth + 1)


def document_fonts(data: bytes) -> set[str]:
    """Every font object of the document (names with their subset tags)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []
    for page in reader.pages:
        _fonts(page.get("/Resources"), found)
    return set(found)


def test_the_whole_report_embeds_each_font_once_as_a_subset() -> None:
    """The charts print in the fonts the other pages use: one DejaVu Sans subset, not one more
    per chart (a report of five charts embedded eighteen fonts)."""
    data = PdfExporter(load_project(SAMPLE), PdfOptions()).render()
    fonts = document_fonts(data)
    faces = [name.split("+", 1)[1] for name in fonts]
    assert all("+" in name for name in fonts), fonts  # every font a subset
    assert len(faces) == len(set(faces)), sorted(fonts)  # each face embedded once
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= set(faces)
    assert not any(face.split("-")[0] in BASE14 or face in BASE14 for face in faces)
    assert not any("Oblique" in face for face in faces)  # italic chart text is the regular face slanted


def three_stage_journey(name: str = "Stage satisfaction") -> Journey:
    j = Journey("Evenly spaced")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for i, stage in enumerate(("Alpha", "Bravo", "Charlie")):
        s = j.add_stage(Stage(stage))
        j.add_touchpoint(Touchpoint(f"Step {i}"), s.id, lane.id)
        j.add_metric(Metric(MetricKind.CSAT, name=name, value=60.0 + 10 * i, target=75.0, unit="%"), s.id)
    return j


def _word_box(textpage, word: str) -> tuple[float, float, float, float]:
    searcher = textpage.search(word, match_whole_word=True)
    found = searcher.get_next()
    assert found is not None, word
    index, count = found
    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def test_centred_stage_labels_sit_centred_under_evenly_spaced_bars(tmp_path: Path) -> None:
    """Labels of different lengths are centred on their bars: matplotlib placed them with the
    widths the report prints them in, so their centres are evenly spaced, on one baseline."""
    pdfium = pytest.importorskip("pypdfium2")
    project = Project("P")
    project.journeys.append(three_stage_journey())
    path = tmp_path / "report.pdf"
    path.write_bytes(PdfExporter(project, PdfOptions(sections=("metrics",))).render())
    document = pdfium.PdfDocument(str(path))
    textpage = next(p.get_textpage() for p in document if "Alpha" in p.get_textpage().get_text_range())
    boxes = [_word_box(textpage, word) for word in ("Alpha", "Bravo", "Charlie")]
    centres = [(b[0] + b[2]) / 2 for b in boxes]
    assert centres[0] < centres[1] < centres[2]
    assert abs((centres[1] - centres[0]) - (centres[2] - centres[1])) < 1.0  # points
    capitals = [textpage.get_charbox(textpage.search(word).get_next()[0]) for word in ("Alpha", "Bravo", "Charlie")]
    assert max(c[1] for c in capitals) - min(c[1] for c in capitals) < 0.5  # A, B and C on one baseline
    width = document[0].get_width()
    assert all(b[0] > 0 and b[2] < width for b in boxes)


def test_chart_text_is_printed_as_typed() -> None:
    """Dollar signs in a metric's name are text, not a formula: the title reads as typed."""
    project = Project("P")
    project.journeys.append(three_stage_journey("Spend in $ per $ of orders"))
    data = PdfExporter(project, PdfOptions(sections=("metrics",))).render()
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)
    assert "Spend in $ per $ of orders" in text


def test_a_report_without_charts_never_loads_matplotlib() -> None:
    """Only the metrics pages need matplotlib (tens of megabytes and a second to load)."""
    code = ("import sys\nfrom app.export.pdf import PdfExporter, PdfOptions\nfrom app.model import load_project\n"
            f"p = load_project({str(SAMPLE)!r})\n"
            "PdfExporter(p, PdfOptions(sections=('cover', 'personas', 'map', 'painpoints', 'notes'))).render()\n"
            "print('matplotlib' in sys.modules)\n"
            "PdfExporter(p, PdfOptions(sections=('metrics',))).render()\n"
            "print('matplotlib' in sys.modules)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_one_chart_as_its_own_pdf_uses_the_same_fonts() -> None:
    from app.export.charts import metrics_figure
    from app.export.pdf_charts import figure_pdf_bytes

    data = figure_pdf_bytes(metrics_figure(three_stage_journey()))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "Charlie" in reader.pages[0].extract_text()
    assert {name.split("+", 1)[1] for name in document_fonts(data)} <= {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_raster_in_a_figure_prints_the_right_way_up(tmp_path: Path) -> None:
    """No chart of the report draws an image, but one in a figure is printed, not dropped."""
    np = pytest.importorskip("numpy")
    pdfium = pytest.importorskip("pypdfium2")
    from matplotlib.figure import Figure

    from app.export.pdf_charts import figure_pdf_bytes

    fig = Figure(figsize=(3, 2))
    picture = np.zeros((10, 20, 3))
    picture[:5, :, 0] = 1.0  # the top half red, the bottom half blue
    picture[5:, :, 2] = 1.0
    fig.add_subplot().imshow(picture)
    path = tmp_path / "image.pdf"
    path.write_bytes(figure_pdf_bytes(fig))
    bitmap = pdfium.PdfDocument(str(path))[0].render(scale=1).to_pil().convert("RGB")
    w, h = bitmap.size
    column = [bitmap.getpixel((w // 2, y)) for y in range(h)]
    red = [y for y, (r, g, b) in enumerate(column) if r > 200 and g < 60 and b < 60]
    blue = [y for y, (r, g, b) in enumerate(column) if b > 200 and r < 60 and g < 60]
    assert red and blue and max(red) < min(blue)


def test_a_hatched_bar_prints_its_hatching(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    from matplotlib.figure import Figure

    from app.export.pdf_charts import figure_pdf_bytes

    def inked(hatch: str | None) -> int:
        fig = Figure(figsize=(3, 2))
        ax = fig.add_subplot()
        ax.bar([0], [1], width=0.8, facecolor="none", edgecolor="black", hatch=hatch)
        ax.axis("off")
        path = tmp_path / "bar.pdf"
        path.write_bytes(figure_pdf_bytes(fig))
        bitmap = pdfium.PdfDocument(str(path))[0].render(scale=2).to_pil().convert("L")
        return sum(bitmap.histogram()[:128])

    assert inked("//") > 2 * inked(None)  # the diagonal lines inside the outline


def test_each_chart_is_one_figure_whose_alternative_text_gives_its_data() -> None:
    """A screen reader meets each chart once, as a figure, and hears its data rather than a run of
    tick labels: the values and targets, the stages rated, the points and their correlation."""
    reader = PdfReader(io.BytesIO(PdfExporter(load_project(SAMPLE), PdfOptions()).render()))
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()
    figures: dict[str, list[str]] = {}
    for sect_ref in document["/K"]:
        sect = sect_ref.get_object()
        for ref in sect.get("/K", []):
            element = ref.get_object()
            if element["/S"] == "/Figure":
                figures.setdefault(str(sect["/T"]), []).append(str(element["/Alt"]))
    metrics = figures["Metrics summary"]
    assert len(metrics) == 3  # the emotion curve and two pages of metrics against targets
    assert metrics[0].startswith("Emotion curve") and "40 touchpoints" in metrics[0] and "Priya Shah" in metrics[0]
    assert "Net Promoter Score: Whole journey 18 (target 35)" in metrics[1]
    assert "Stage satisfaction (%): Awareness 78 (target 80)" in metrics[1]
    radar = " ".join(figures["CX assessment"])
    assert "5 C's" in radar and "Awareness" in radar and "Advocacy" in radar
    loyalty = " ".join(figures["Satisfaction and loyalty"])
    assert "Advocacy CSAT 81, NPS 31" in loyalty and "Pearson r = +0.97" in loyalty


def test_a_negative_bars_value_is_printed_under_its_end_not_inside_it() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation

    from app.export.charts import metrics_figure

    j = Journey("NPS")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for name, nps in (("Buy", 20.0), ("Return", -12.0)):
        s = j.add_stage(Stage(name))
        j.add_touchpoint(Touchpoint(name), s.id, lane.id)
        j.add_metric(Metric(MetricKind.NPS, value=nps, target=25.0), s.id)
    fig = metrics_figure(j)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = fig.axes[0]
    bars = {round(p.get_height()): p.get_window_extent(renderer) for p in ax.patches}
    labels = {a.get_text(): a.get_window_extent(renderer) for a in ax.texts if isinstance(a, Annotation)}
    negative = next(box for text, box in labels.items() if text.endswith("12"))
    positive = next(box for text, box in labels.items() if text.endswith("20"))
    assert negative.y1 <= bars[-12].y0 + 0.5  # under the bar's end
    assert positive.y0 >= bars[20].y1 - 0.5  # over the bar's end
