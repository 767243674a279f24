"""The client report as the PDF's reader sees it (text read back with pypdf, positions with
pdftotext): the consultant's brand on cover and footer and no Waymark on the client's pages, the
contents listing exactly the sections printed, the registers, every metric chart and legend
entry, the future state's metrics, the satisfaction-loyalty view, one persona colour, initials,
and export straight from Mermaid, CSV, Excel and OpenJourney files."""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.export.pdf import PdfExporter, PdfOptionError, PdfOptions
from app.model import (
    Annotation,
    AnnotationKind,
    Journey,
    Lane,
    LaneKind,
    Metric,
    MetricKind,
    Persona,
    Project,
    Stage,
    Touchpoint,
    load_project,
)
from app.model.loyalty import pearson_r, satisfaction_loyalty
from app.model.report import ReportSettings, logo_data_uri
from app.model.vocabulary import OpportunityStatus

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"
SVG_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="40" height="40" '
            b'fill="#0a7c6e"/><text x="46" y="28" font-size="18">Northwind</text></svg>')


def render(project: Project, **options) -> PdfReader:
    return PdfReader(io.BytesIO(PdfExporter(project, PdfOptions(**options)).render()))


def texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline
            if not isinstance(item, list)]


def png_logo() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (90, 30), (10, 124, 110)).save(buf, format="PNG")
    return buf.getvalue()


def branded(logo: bytes = SVG_LOGO) -> Project:
    project = load_project(SAMPLE)
    project.set_report(organisation="Northwind Consulting", logo=logo_data_uri(logo), accent="#0a7c6e",
                       footer="Northwind CX practice", confidentiality="Confidential: for Northwind Home",
                       author="Ana Lima", version="1.2")
    return project


# ------------------------------------------------------------------ brand
def test_cover_shows_client_author_date_version_and_the_organisation() -> None:
    project = branded()
    journey = project.journey()
    cover = texts(render(project, sections=("cover",)))[0]
    for expected in (journey.client, "Ana Lima", journey.date, "1.2", "Northwind Consulting",
                     "Confidential: for Northwind Home"):
        assert expected in cover


def test_every_page_has_the_brand_footer_and_page_numbers_and_no_waymark() -> None:
    pages = texts(render(branded()))
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Confidential: for Northwind Home" in text
        assert "Northwind CX practice" in text
        assert "Waymark" not in text, f"page {number}"


def test_without_footer_text_the_footer_names_the_section_not_waymark() -> None:
    project = load_project(SAMPLE)
    project.report = ReportSettings()  # no footer text, no confidentiality line
    pages = texts(render(project, sections=("cover", "painpoints")))
    assert "Page 2 of 2" in pages[1] and pages[1].count("Pain-point register") == 2  # heading and footer
    assert not any("Waymark" in p for p in pages)


def test_an_svg_logo_is_drawn_as_vectors_and_a_png_as_an_image() -> None:
    svg_cover = render(branded(SVG_LOGO), sections=("cover",)).pages[0]
    assert "/XObject" not in svg_cover["/Resources"] or not any(
        x.get_object()["/Subtype"] == "/Image" for x in svg_cover["/Resources"]["/XObject"].values())
    png_cover = render(branded(png_logo()), sections=("cover",)).pages[0]
    images = [x.get_object() for x in png_cover["/Resources"]["/XObject"].values()]
    assert any(x["/Subtype"] == "/Image" and x["/Width"] == 90 for x in images)


def test_accent_colour_fills_the_cover_band() -> None:
    project = branded()
    page = render(project, sections=("cover",)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    assert "0.039216 0.486275 0.431373 rg" in content or ".039216 .486275 .431373 rg" in content


# ------------------------------------------------------------------ contents
def test_contents_lists_exactly_the_sections_printed_radar_included() -> None:
    reader = render(load_project(SAMPLE))
    cover = texts(reader)[0]
    printed = [(title, page) for title, page in outline(reader) if title != "Cover"]
    assert ("CX assessment", printed[[t for t, _ in printed].index("CX assessment")][1]) in printed
    contents = cover.split("CONTENTS", 1)[1].split("Page 1 of", 1)[0]
    listed = re.findall(r"([A-Z][A-Za-z -]+?) (\d+)(?= |$)", contents)
    assert [(t.strip(), int(p)) for t, p in listed] == printed


def test_sections_without_content_are_left_out_and_not_listed() -> None:
    project = Project("Bare", "en")
    j = Journey("Bare journey", client="Acme")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    s = j.add_stage(Stage("Only stage"))
    j.add_touchpoint(Touchpoint("Visit"), s.id, lane.id)
    project.add_journey(j)
    reader = render(project)
    assert [t for t, _ in outline(reader)] == ["Cover", "Journey map"]
    assert len(reader.pages) == 2
    cover = texts(reader)[0]
    for absent in ("Personas", "Metrics summary", "CX assessment", "Pain-point register", "Notes",
                   "Opportunities register"):
        assert absent not in cover.split("CONTENTS", 1)[1]


def test_only_empty_sections_chosen_is_a_clear_error() -> None:
    project = Project("Bare", "en")
    project.add_journey(Journey("J"))
    with pytest.raises(PdfOptionError, match="nothing to print: the project has no personas; the journey has no "
                                              "pain points"):
        PdfExporter(project, PdfOptions(sections=("personas", "painpoints"))).render()


# ------------------------------------------------------------------ registers
def register_journey() -> Journey:
    j = Journey("Registers", client="Acme")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    s1, s2 = j.add_stage(Stage("Browse")), j.add_stage(Stage("Pay"))
    t1 = j.add_touchpoint(Touchpoint("Search"), s1.id, lane.id)
    t2 = j.add_touchpoint(Touchpoint("Card form"), s2.id, lane.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Search is slow", severity=5, votes=1), t1.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Card refused", severity=3, votes=4), t2.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "No wallet", severity=4, votes=2), s2.id)
    j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, "Add wallet payments", votes=6, owner="Payments squad",
                                status=OpportunityStatus.IN_PROGRESS), s2.id)
    j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, "Faster search index", votes=2), t1.id)
    return j


def test_pain_point_register_is_sorted_by_severity_times_votes() -> None:
    project = Project("R", "en")
    project.add_journey(register_journey())
    text = texts(render(project, sections=("painpoints",)))[0]
    order = [text.index(t) for t in ("Card refused", "No wallet", "Search is slow")]  # 12, 8, 5
    assert order == sorted(order)


def test_opportunities_register_shows_stage_answered_pain_points_votes_owner_and_status() -> None:
    project = Project("R", "en")
    project.add_journey(register_journey())
    text = texts(render(project, sections=("opportunities",)))[0]
    assert "Opportunities register" in text
    assert "# Opportunity Stage Answers the pain points Votes Owner Status" in text
    wallet = text[text.index("Add wallet payments"):text.index("Faster search index")]
    for expected in ("Pay", "No wallet", "Card refused", "6", "Payments squad", "In progress"):
        assert expected in wallet
    search = text[text.index("Faster search index"):]
    for expected in ("Browse", "Search", "Search is slow", "2", "Idea"):
        assert expected in search


# ------------------------------------------------------------------ metrics
def many_metrics_journey(stages: int = 8) -> Journey:
    j = Journey("Metrics", client="Acme")
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    names = ["Awareness", "Consideration", "Purchase", "Delivery", "Post-Purchase", "Advocacy", "Loyalty",
             "Referral"][:stages]
    for i, name in enumerate(names):
        s = j.add_stage(Stage(name, five_cs={"clarity": 1 + i % 5}, components={"empathy": 5 - i % 5}))
        j.add_touchpoint(Touchpoint(f"Step {i}", emotion=(i % 5) - 2), s.id, lane.id)
        j.add_metric(Metric(MetricKind.CSAT, "Stage CSAT", value=50.0 + 5 * i, target=75.0), s.id)
        j.add_metric(Metric(MetricKind.NPS, "Stage NPS", value=-20.0 + 9 * i + (i % 3) * 4, target=10.0), s.id)
        j.add_metric(Metric(MetricKind.CES, "Effort score", value=3.0 + i % 3, target=3.0, higher_is_better=False),
                     s.id)
    j.add_metric(Metric(MetricKind.RETENTION, "Twelve-month retention rate of first-time buyers", value=38.0,
                        target=45.0))
    j.add_metric(Metric(MetricKind.CLV, "Customer lifetime value", value=540.0, target=650.0, unit="GBP"))
    j.add_metric(Metric(MetricKind.CUSTOM, "Contacts per order", value=0.4, target=0.25, higher_is_better=False))
    return j


def test_every_metric_chart_is_printed_retention_included_with_page_breaks() -> None:
    project = Project("M", "en")
    project.add_journey(many_metrics_journey())
    reader = render(project, sections=("metrics",))
    pages = texts(reader)
    target_pages = [p for p in pages if "Metrics against targets" in p]
    assert len(target_pages) == 2  # six metrics, four charts a page
    charted = " ".join(target_pages)
    for name in ("Stage CSAT", "Stage NPS", "Effort score", "Twelve-month retention", "Customer lifetime value",
                 "Contacts per order"):
        assert name in charted, name


def test_radar_legend_lists_every_assessed_stage() -> None:
    project = Project("M", "en")
    project.add_journey(many_metrics_journey(8))
    pages = texts(render(project, sections=("metrics",)))
    cx = next(p for p in pages if p.startswith("Metrics CX assessment") or "CX assessment The 5 C" in p)
    legend = cx.split("Key components", 1)[1]
    for name in ("Awareness", "Consideration", "Purchase", "Delivery", "Post-Purchase", "Advocacy", "Loyalty",
                 "Referral"):
        assert name in legend, name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (Debian package poppler-utils)")
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_metric_chart_titles_stay_on_the_page(tmp_path: Path, paper: str) -> None:
    project = Project("M", "en")
    project.add_journey(many_metrics_journey())
    out = tmp_path / "m.pdf"
    out.write_bytes(PdfExporter(project, PdfOptions(sections=("metrics",), page_size=paper)).render())
    html = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page[0]), float(page[1])
        for x0, y0, x1, y1, word in re.findall(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                                               r'yMax="([\d.-]+)">([^<]*)<', page[2]):
            assert float(x0) >= 0 and float(x1) <= width + 0.5, word
            assert float(y0) >= 0 and float(y1) <= height + 0.5, word


def test_future_state_metrics_page_shows_its_metrics() -> None:
    project = load_project(SAMPLE)
    future = project.journeys[1]
    pages = texts(render(project, journey=future.id, sections=("metrics",)))
    text = " ".join(pages)
    assert "No stage metrics recorded" not in text and "No metric values" not in text
    for metric in future.metrics():
        assert metric.name.split()[0] in text
    assert "target only" in text  # targets without a measured value yet
    assert "not measured yet" in text  # the key-figure tiles say so too


# ------------------------------------------------------------------ satisfaction and loyalty
def test_satisfaction_loyalty_page_with_pearson_r() -> None:
    project = Project("L", "en")
    journey = many_metrics_journey(6)
    project.add_journey(journey)
    view = satisfaction_loyalty(journey)
    assert view is not None and len(view.points) == 6
    expected = statistics.correlation([p.csat for p in view.points], [p.loyalty for p in view.points])
    assert view.r == pytest.approx(expected)
    reader = render(project, sections=("metrics",))
    page = next(p for p in texts(reader) if p.find("Satisfaction and loyalty") >= 0 and "CSAT against" in p)
    assert f"Pearson r = {expected:+.2f}" in page
    assert "Satisfaction and loyalty" in [t for t, _ in outline(reader)]
    assert "CSAT (% satisfied)" in page and "NPS" in page


def test_loyalty_correlation_needs_three_points() -> None:
    journey = many_metrics_journey(2)
    view = satisfaction_loyalty(journey)
    assert view is not None and view.r is None
    project = Project("L", "en")
    project.add_journey(journey)
    assert any("Correlation needs at least 3 measured points (2 so far)" in p
               for p in texts(render(project, sections=("metrics",))))


def test_pearson_r_edge_cases() -> None:
    assert pearson_r([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson_r([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson_r([1, 1, 1], [1, 2, 3]) is None  # no spread
    assert pearson_r([1], [2]) is None


def test_retention_is_the_loyalty_measure_when_it_pairs_more_often() -> None:
    j = Journey("J")
    for i in range(3):
        s = j.add_stage(Stage(f"S{i}"))
        j.add_metric(Metric(MetricKind.CSAT, value=60.0 + i), s.id)
        j.add_metric(Metric(MetricKind.RETENTION, value=30.0 + 2 * i), s.id)
    view = satisfaction_loyalty(j)
    assert view is not None and view.loyalty_kind is MetricKind.RETENTION and view.r == pytest.approx(1.0)


# ------------------------------------------------------------------ personas
def test_one_persona_colour_on_map_charts_and_pdf() -> None:
    from app.export.charts import emotion_figure
    from app.layout import layout_journey

    project = load_project(SAMPLE)
    journey = project.journey()
    priya = project.personas[0]
    assert priya.color.lower() == "#4c78a8"
    unnamed = Persona("Zoë Ng", id="z")  # no colour of its own: the palette's, by its place
    project.add_persona(unnamed)
    journey.update(journey.touchpoints()[0].id, persona_emotions={priya.id: 1, "z": -1})
    expected = {p.name: project.persona_color(p) for p in project.personas}
    curves = {s.label: s.color.lower() for s in layout_journey(journey, project.personas).emotion if s.persona_id}
    assert curves == {name: color for name, color in expected.items() if name in curves}
    assert curves["Priya Shah"] == "#4c78a8"
    fig = emotion_figure(journey, project.personas)
    lines = {line.get_label(): line.get_color().lower() for line in fig.axes[0].get_lines() if line.get_label()}
    assert lines["Priya Shah"] == "#4c78a8" and lines["Zoë Ng"] == curves["Zoë Ng"]


def test_persona_pages_print_grapheme_initials() -> None:
    project = Project("P", "en")
    project.add_journey(Journey("J"))
    project.add_persona(Persona("山田 太郎", id="a"))
    project.add_persona(Persona("Madonna", id="b"))
    pages = texts(render(project, sections=("personas",)))
    assert pages[0].startswith("J ") or "PERSONA" in pages[0]
    assert "山太" in pages[0] and "山田 太郎" in pages[0]
    assert re.search(r"\bM\b", pages[1]) and "Madonna" in pages[1]


# ------------------------------------------------------------------ export from other formats
def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".mmd", ".csv", ".xlsx"])
def test_export_reads_importable_formats_in_memory(capsys, tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"map{suffix}"
    assert run_cli(capsys, "export", str(SAMPLE), "-o", str(source))[0] == 0
    for out in ("out.pdf", "out.png", "out.svg"):
        code, err = run_cli(capsys, "export", str(source), "-o", str(tmp_path / out))
        assert code == 0, err
        assert (tmp_path / out).stat().st_size > 1000
    text = " ".join(texts(PdfReader(tmp_path / "out.pdf")))
    assert "Receives an \"order delayed\" email" in text or "order delayed" in text
    assert not list(tmp_path.glob("*.journey"))  # converted in memory: no project file written


def test_export_reads_an_openjourney_file(capsys, tmp_path: Path) -> None:
    source = ROOT / "tests" / "data" / "external" / "ojf" / "b2b-software-purchase.ojf"
    code, err = run_cli(capsys, "export", str(source), "-o", str(tmp_path / "b2b.pdf"))
    assert code == 0, err
    assert len(PdfReader(tmp_path / "b2b.pdf").pages) >= 2


def test_export_of_a_broken_mermaid_file_says_where(capsys, tmp_path: Path) -> None:
    source = tmp_path / "bad.mmd"
    source.write_text("graph TD\n  A-->B\n", "utf-8")
    code, err = run_cli(capsys, "export", str(source), "-o", str(tmp_path / "bad.pdf"))
    assert code == 1 and not (tmp_path / "bad.pdf").exists()
    assert "bad.mmd, line 1, column 1: a Mermaid journey diagram starts with the word 'journey'" in err
    assert "not valid JSON" not in err


def test_without_svglib_an_svg_logo_is_left_out_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "svglib", None)
    monkeypatch.setitem(sys.modules, "svglib.svglib", None)
    exporter = PdfExporter(branded(SVG_LOGO), PdfOptions(sections=("cover",)))
    reader = PdfReader(io.BytesIO(exporter.render()))
    assert "Northwind Consulting" in texts(reader)[0]  # the rest of the cover prints
    assert any("the SVG logo was left out" in w and "svglib" in w for w in exporter.warnings)


def test_the_report_author_is_the_documents_author() -> None:
    reader = render(branded(), sections=("cover",))
    assert reader.metadata.author == "Ana Lima"
