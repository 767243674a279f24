"""The PDF's text as a reader of the file sees it: every font embedded (pdffonts, pypdf), text of
every script read back with pdftotext, no word outside the sheet or over another, client text
never cut with "…", characters no font has reported (and `--strict` failing), and the
document's metadata. Needs poppler-utils (pdftotext, pdffonts) and, for CJK, fonts-noto-cjk: a
test that lacks one skips, naming the Debian package."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import PdfExporter, PdfOptions
from app.model import (
    Annotation,
    AnnotationKind,
    Journey,
    JourneyState,
    Lane,
    LaneKind,
    Persona,
    Project,
    Stage,
    Touchpoint,
)
from app.model.storage import save_project
from app.render.font_chain import find_cjk_font

LATIN = "Crème brûlée checkout"
GREEK = "Ελληνικά κείμενο"
CYRILLIC = "Оплата заказа"
CJK = "購入手続きを完了する"
ARABIC = "العميل يشتري"
HEBREW = "רכישה באתר"
EMOJI = "Delivery 🚚 arrives 🎉"
SCRIPTS = (LATIN, GREEK, CYRILLIC, CJK, ARABIC, HEBREW, EMOJI)


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is missing: install the Debian package poppler-utils")


def need_cjk() -> None:
    if find_cjk_font("JP") is None:
        pytest.skip("no CJK font on this computer: install the Debian package fonts-noto-cjk")


def scripts_project(title: str = "Scripts") -> Project:
    project = Project(title)
    project.add_persona(Persona("Zoë Ελένη", role=CYRILLIC, goals=[ARABIC, CJK], frustrations=[HEBREW, EMOJI]))
    journey = project.add_journey(Journey(title, client="Acme", author="Ana Ruiz", notes="\n\n".join(SCRIPTS)))
    cards = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
    journey.add_lane(Lane(LaneKind.PAIN_POINTS))
    for i, text in enumerate(SCRIPTS):
        stage = journey.add_stage(Stage(text))
        tp = journey.add_touchpoint(Touchpoint(text, notes=text, emotion=i % 5 - 2), stage.id, cards.id)
        journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, text, severity=1 + i % 5, votes=i), tp.id)
    return project


def export(project: Project, path: Path, **options) -> Path:
    PdfExporter(project, PdfOptions(**options)).export(path)
    return path


def pdftotext(path: Path, *args: str) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def readable(text: str) -> str:
    """Extracted text as typed: joined Arabic letters back to their letters, direction marks out,
    whitespace out (wrapped lines extract with breaks inside)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069\ufe0f]", "", text)


# ------------------------------------------------------------------ fonts
def test_every_font_is_embedded_and_none_is_a_base14_reference(tmp_path):
    need("pdffonts")
    need_cjk()
    pdf = export(scripts_project(), tmp_path / "out.pdf")
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert not re.search(r"Helvetica|Times|Courier|Symbol|ZapfDingbats|STSong|HeiseiKakuGo|HYGothic", name), row
    names = " ".join(row.split()[0] for row in rows)
    assert "NotoSansCJK" in names and "NotoEmoji" in names and "DejaVuSans" in names
    # every font the pages and the chart forms use carries its own TrueType program
    reader = PdfReader(str(pdf))
    for font in _fonts(reader):
        descriptor = _descriptor(font)
        assert "/FontFile2" in descriptor, font.get("/BaseFont")


def _fonts(reader: PdfReader) -> list:
    found: dict[int, object] = {}

    def walk(resources, depth: int = 0) -> None:
        if not resources or depth > 5:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            found[id(ref.get_object())] = ref.get_object()
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"), depth + 1)

    for page in reader.pages:
        walk(page.get("/Resources"))
    return list(found.values())


def _descriptor(font) -> dict:
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    return font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()


def test_charts_embed_the_cjk_font_as_truetype_not_as_cff(tmp_path):
    from app.export import charts
    from app.export.charts import metrics_figure
    from app.export.pdf_charts import figure_pdf_bytes

    need_cjk()
    project = scripts_project()
    journey = project.journeys[0]
    from app.model import Metric, MetricKind

    for stage in journey.stages():
        journey.add_metric(Metric(MetricKind.CSAT, value=70.0, target=80.0, unit="%"), stage.id)
    data = figure_pdf_bytes(metrics_figure(journey))
    (tmp_path / "chart.pdf").write_bytes(data)
    reader = PdfReader(str(tmp_path / "chart.pdf"))
    fonts = {str(f["/BaseFont"]): f for f in _fonts(reader)}
    cjk = [name for name in fonts if "NotoSansCJK" in name]
    assert cjk, fonts.keys()
    for name in cjk:
        descriptor = _descriptor(fonts[name])
        assert "/FontFile2" in descriptor and "/FontFile3" not in descriptor, name
    text = readable(pdftotext(tmp_path / "chart.pdf"))
    assert readable(CJK) in text
    assert readable(ARABIC) in text and readable(HEBREW) in text  # in reading order, not reversed
    assert charts.chart_label("") == ""


# ------------------------------------------------------------------ text round trip
def test_text_of_every_script_reads_back_from_the_pdf(tmp_path):
    need_cjk()
    pdf = export(scripts_project(), tmp_path / "out.pdf", sections=("cover", "personas", "painpoints", "notes"))
    text = readable(pdftotext(pdf))
    for sample in SCRIPTS:
        assert readable(sample) in text, sample
    assert "\ufffd" not in text


def test_right_to_left_text_is_in_reading_order_on_every_section(tmp_path):
    need_cjk()
    pdf = export(scripts_project(), tmp_path / "out.pdf")
    pages = pdftotext(pdf).split("\f")
    for number, page in enumerate(pages[:-1], start=1):
        flat = unicodedata.normalize("NFKC", page)
        if "ש" in flat or "ב" in flat:
            assert HEBREW[::-1] not in flat, f"page {number}"


# ------------------------------------------------------------------ positions
def _words(path: Path) -> tuple[list[tuple[float, float]], list[list[tuple[float, float, float, float, str]]]]:
    """Page sizes and, per page, each word's box (x0, y0, x1, y1, text) from pdftotext -bbox."""
    html = pdftotext(path, "-bbox")
    sizes: list[tuple[float, float]] = []
    pages: list[list[tuple[float, float, float, float, str]]] = []
    for match in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        sizes.append((float(match.group(1)), float(match.group(2))))
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', match.group(3))]
        pages.append(words)
    return sizes, pages


def assert_words_on_the_sheet_and_apart(path: Path) -> None:
    """Every word (pdftotext's boxes) lies on its sheet, and no two words cover each other."""
    sizes, pages = _words(path)
    assert pages
    for number, ((width, height), words) in enumerate(zip(sizes, pages, strict=True), start=1):
        for x0, y0, x1, y1, word in words:
            assert x0 >= 0 and y0 >= 0 and x1 <= width + 0.5 and y1 <= height + 0.5, (number, word, x0, y0, x1, y1)
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                assert _overlap(a, b) < 0.25, (number, a, b)


def _overlap(a, b) -> float:
    """The area two boxes share, as a share of the smaller one."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1.0
    return w * h / smaller


def long_text_project() -> Project:
    """Client text long enough to be cut or to run off the page, in every place it is printed."""
    long_title = "Customer onboarding for the enterprise self-service portal including the migration of legacy " \
                 "accounts, identity verification and the first invoice"
    project = Project(long_title)
    project.add_persona(Persona("Maximiliana Alexandrova-Konstantinopoulou of the Northern Procurement Office",
                                role="Head of procurement and vendor relationships for all subsidiaries",
                                goals=["Approve vendors within two working days without chasing signatures"] * 3,
                                frustrations=["Forms that ask for the same company registration number again"]))
    journey = project.add_journey(Journey(long_title, client="Internationale Versicherungsgesellschaft "
                                          "Aktiengesellschaft Niederlassung Deutschland", author="Ana Ruiz"))
    cards = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
    journey.add_lane(Lane(LaneKind.PAIN_POINTS))
    for i in range(5):
        stage = journey.add_stage(Stage(f"Stage {i + 1}"))
        tp = journey.add_touchpoint(Touchpoint(f"Step {i + 1}", emotion=1), stage.id, cards.id)
        journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Verification of the company's "
                                          "registration documents takes several days " * 2, severity=3), tp.id)
    # a future state whose title makes the comparison's subtitle longer than the page is wide
    future = project.add_journey(Journey(f"{long_title}, redesigned", state=JourneyState.FUTURE))
    cards = future.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for i in range(5):
        stage = future.add_stage(Stage(f"Stage {i + 1}"))
        future.add_touchpoint(Touchpoint(f"Step {i + 1}", emotion=2, owner="Onboarding team of the customer "
                                         "success department"), stage.id, cards.id)
    return project


@pytest.mark.parametrize(("size", "orientation"), [("A4", "landscape"), ("A4", "portrait"), ("Letter", "portrait"),
                                                   ("Letter", "landscape"), ("A3", "landscape")])
def test_no_word_runs_off_the_sheet_or_over_another(tmp_path, size, orientation):
    need("pdftotext")
    pdf = export(long_text_project(), tmp_path / "out.pdf", page_size=size, orientation=orientation,
                 sections=("cover", "personas", "comparison", "painpoints", "notes"))
    assert_words_on_the_sheet_and_apart(pdf)


def test_no_client_text_is_cut_with_an_ellipsis(tmp_path):
    need("pdftotext")
    project = long_text_project()
    pdf = export(project, tmp_path / "out.pdf", page_size="Letter", orientation="portrait",
                 sections=("cover", "personas", "painpoints", "notes"))
    text = pdftotext(pdf)
    assert "\u2026" not in text
    flat = readable(text)
    journey = project.journeys[0]
    for client_text in (journey.title, journey.client, project.personas[0].name, project.personas[0].role):
        assert readable(client_text) in flat, client_text


def test_words_break_between_words_and_cjk_between_characters():
    from app.render.text import break_lines

    lines = break_lines("Verification of the company's registration documents", lambda t: len(t) <= 14)
    assert lines == ["Verification", "of the", "company's", "registration", "documents"]
    assert break_lines("購入手続きを完了する。", lambda t: len(t) <= 4) == ["購入手続", "きを完了", "する。"]
    assert break_lines("Supercalifragilistic", lambda t: len(t) <= 8) == ["Supercal", "ifragili", "stic"]


def test_letter_portrait_tables_do_not_split_words(tmp_path):
    need("pdftotext")
    pdf = export(long_text_project(), tmp_path / "out.pdf", page_size="Letter", orientation="portrait",
                 sections=("painpoints",))
    words = set(pdftotext(pdf).split())
    for word in ("Verification", "registration", "documents", "Severity", "Touchpoint", "Votes"):
        assert word in words, word


# ------------------------------------------------------------------ what cannot be printed
def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    main = Path(__file__).resolve().parents[1] / "main.py"
    return subprocess.run([sys.executable, str(main), *args], capture_output=True, text=True, env=env, timeout=300)


def test_a_character_no_font_has_is_reported_with_its_element_and_strict_fails(tmp_path):
    project = Project("Glyphs")
    journey = project.add_journey(Journey("Glyphs"))
    cards = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
    stage = journey.add_stage(Stage("Purchase"))
    journey.add_touchpoint(Touchpoint("Checkout \U0001f600 \U00013000"), stage.id, cards.id)  # emoji, hieroglyph
    source = tmp_path / "glyphs.journey"
    save_project(project, source)

    done = _cli("export", str(source), "-o", str(tmp_path / "out.pdf"))
    assert done.returncode == 0, done.stderr
    assert 'warning: touchpoint "Checkout \U0001f600 \U00013000" (stage Purchase): U+13000' in done.stderr
    assert "U+1F600" not in done.stderr  # the emoji prints, from the shipped Noto Emoji
    assert (tmp_path / "out.pdf").is_file()

    strict = _cli("export", str(source), "-o", str(tmp_path / "strict.pdf"), "--strict")
    assert strict.returncode == 1
    assert "U+13000" in strict.stderr and "--strict" in strict.stderr
    assert "Traceback" not in strict.stderr
    assert not (tmp_path / "strict.pdf").exists()


# ------------------------------------------------------------------ metadata
def _pdf_date(value: str) -> datetime:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') as an aware datetime."""
    m = re.match(r"D:(\d{14})(?:([+-])(\d{2})'?(\d{2})?'?|Z)?", value)
    assert m, value
    offset = timedelta(hours=int(m.group(3) or 0), minutes=int(m.group(4) or 0))
    zone = timezone(-offset if m.group(2) == "-" else offset)
    return datetime.strptime(m.group(1), "%Y%m%d%H%M%S").replace(tzinfo=zone)


def test_metadata_dates_language_and_marking(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = long_text_project()
    before = time.time()
    reader = PdfReader(str(export(project, tmp_path / "out.pdf", sections=("cover",))))
    info = reader.trailer["/Info"].get_object()
    created = _pdf_date(str(info["/CreationDate"])).timestamp()
    assert before - 120 <= created <= time.time() + 120
    assert info["/ModDate"] == info["/CreationDate"]
    assert info["/Title"] == project.journeys[0].title and info["/Author"] == "Ana Ruiz" and info["/Subject"]
    root = reader.trailer["/Root"]
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", str(root["/Lang"]))
    assert bool(root["/MarkInfo"]["/Marked"]) is True

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    reader = PdfReader(str(export(project, tmp_path / "again.pdf", sections=("cover",))))
    info = reader.trailer["/Info"].get_object()
    assert _pdf_date(str(info["/CreationDate"])).timestamp() == 1700000000


def test_the_language_comes_from_the_project_when_it_has_one(tmp_path):
    from app.export.glyph_report import document_language

    project = long_text_project()
    project.language = "ja"  # type: ignore[attr-defined]  # until the project field lands, any attribute works
    assert document_language(project) == "ja"
    reader = PdfReader(str(export(project, tmp_path / "out.pdf", sections=("cover",))))
    assert str(reader.trailer["/Root"]["/Lang"]) == "ja"


LONG_CARD = ("Confirm the enterprise account's billing contact, purchase order number and cost centre "
             "before the first invoice is issued to the regional procurement office")
LONG_OWNER = "Customer success onboarding specialists of the northern European accounts team"
LONG_STAGE = "Evaluation of vendors against the procurement policy and security questionnaire review"
LONG_NOTE = "Verification of the company's registration documents takes several days and blocks the order"
LONG_LANE = "Touchpoints across every channel the customer meets us on during the journey"


def long_map_project(stages: int = 4) -> Project:
    """A map whose every kind of client text is longer than its box was: card titles, owners,
    stage names, lane titles, notes and the journey title (shown in the map's corner)."""
    title = "Enterprise self-service portal onboarding including the migration of legacy accounts"
    project = Project(title)
    journey = project.add_journey(Journey(title))
    cards = journey.add_lane(Lane(LaneKind.TOUCHPOINTS, title=LONG_LANE))
    journey.add_lane(Lane(LaneKind.PAIN_POINTS))
    for i in range(stages):
        stage = journey.add_stage(Stage(f"{LONG_STAGE} {i + 1}"))
        for k in range(2):
            tp = journey.add_touchpoint(Touchpoint(f"{LONG_CARD} {i + 1}.{k + 1}", owner=LONG_OWNER,
                                                   moment_of_truth=k == 0, delight=True), stage.id, cards.id)
        journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, f"{LONG_NOTE} {i + 1}", severity=4), tp.id)
    return project


@pytest.mark.parametrize(("size", "mode"), [("A4", "fit"), ("Letter", "fit"), ("A3", "fit"), ("auto", "fit"),
                                            ("A4", "tile")])
def test_map_pages_print_every_word_of_long_client_text_and_no_ellipsis(tmp_path, size, mode):
    need("pdftotext")
    project = long_map_project()
    pdf = export(project, tmp_path / "map.pdf", page_size=size, sections=("map",), mode=mode)
    text = pdftotext(pdf)
    assert "\u2026" not in text
    flat = readable(text)
    journey = project.journeys[0]
    expected = [journey.title, LONG_LANE, LONG_OWNER, LONG_NOTE]
    expected += [s.name for s in journey.stages()] + [tp.title for tp in journey.touchpoints()]
    for client_text in expected:
        # a poster repeats text cut by a sheet edge on the next sheet: look for the words, in order
        assert readable(client_text) in flat, client_text


def test_the_sample_report_with_its_svg_logo_embeds_every_font(tmp_path):
    """The sample carries an SVG logo: reportlab's drawing renderer starts in Helvetica unless told
    otherwise, which put an unembedded base-14 font in every report with a vector logo."""
    from app.model.sample import SAMPLE_PATH
    from app.model.storage import load_project

    project = load_project(SAMPLE_PATH)
    assert project.report.logo.startswith("data:image/svg+xml")
    pdf = export(project, tmp_path / "sample.pdf", sections=("cover",))
    reader = PdfReader(str(pdf))
    fonts = _fonts(reader)
    assert fonts
    for font in fonts:
        assert not re.search(r"Helvetica|Times|Courier", str(font.get("/BaseFont"))), font.get("/BaseFont")
        assert "/FontFile2" in _descriptor(font), font.get("/BaseFont")
