"""The report's model: brand settings and language saved in the project (format version 2, with
a migration from 1), the logo checks, opportunity owner and status, the registers' order, the
one persona-colour rule and initials."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest

from app.model import (
    Annotation,
    AnnotationKind,
    Journey,
    Lane,
    LaneKind,
    ModelError,
    Persona,
    Project,
    Stage,
    Touchpoint,
)
from app.model.personas import first_grapheme, initials, persona_color
from app.model.report import (
    ReportSettings,
    default_language,
    logo_bytes,
    logo_data_uri,
    opportunity_register,
    pain_point_register,
)
from app.model.serialize import CURRENT_VERSION, project_to_dict
from app.model.storage import load_bytes, load_project, save_project
from app.model.validation import validate_document
from app.model.vocabulary import PERSONA_PALETTE, OpportunityStatus

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0a7"/></svg>'


def png_bytes(w: int = 8, h: int = 4) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (10, 120, 110)).save(buf, format="PNG")
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="JPEG")
    return buf.getvalue()


def small_journey() -> Journey:
    j = Journey("Checkout", id="j1")
    s1, s2 = j.add_stage(Stage("Browse", id="s1")), j.add_stage(Stage("Pay", id="s2"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    t1 = j.add_touchpoint(Touchpoint("Search", id="t1"), s1.id, lane.id)
    t2 = j.add_touchpoint(Touchpoint("Card form", id="t2"), s2.id, lane.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Slow search", id="p1", severity=5, votes=1), t1.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Card refused", id="p2", severity=3, votes=4), t2.id)
    j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "No PayPal", id="p3", severity=4, votes=0), s2.id)
    j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, "Wallet payments", id="o1", votes=2, owner="Payments",
                                status=OpportunityStatus.PLANNED), s2.id)
    j.add_annotation(Annotation(AnnotationKind.OPPORTUNITY, "Faster index", id="o2", votes=5), t1.id)
    return j


# ------------------------------------------------------------------ file format
def test_report_settings_language_and_opportunity_fields_survive_a_save(tmp_path: Path) -> None:
    project = Project("Acme", "fr-CA")
    project.add_journey(small_journey())
    project.set_report(organisation="Northwind", logo=logo_data_uri(png_bytes()), accent="#0A7C6E",
                       footer="Northwind Consulting · northwind.example", confidentiality="Confidential",
                       author="Ana Lima", version="1.2")
    save_project(project, tmp_path / "a.journey")
    doc = json.loads((tmp_path / "a.journey").read_text("utf-8"))
    assert doc["version"] == CURRENT_VERSION and doc["language"] == "fr-CA"
    assert doc["report"]["organisation"] == "Northwind" and doc["report"]["logo"].startswith("data:image/png;base64,")
    wallet = next(o for o in doc["journeys"][0]["opportunities"] if o["id"] == "o1")
    assert (wallet["owner"], wallet["status"]) == ("Payments", "planned")
    assert "status" not in doc["journeys"][0]["pain_points"][0]  # pain points have no status
    again = load_project(tmp_path / "a.journey")
    assert again.language == "fr-CA"
    assert again.report == project.report
    assert again.journey().get("o1").owner == "Payments"
    assert again.journey().get("o1").status is OpportunityStatus.PLANNED


def test_a_version_1_file_migrates_with_the_locale_language_and_empty_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "de_CH.UTF-8")
    v1 = {"format": "waymark-journey", "version": 1, "title": "Old",
          "journeys": [{"id": "j", "title": "J", "stages": [{"id": "s", "name": "S"}],
                        "opportunities": [{"id": "o", "text": "Idea", "attached_to": "s"}]}]}
    project = load_bytes(json.dumps(v1).encode(), "old.journey")
    assert project.language == "de-CH"
    assert project.report == ReportSettings()
    assert project.journey().get("o").status is OpportunityStatus.IDEA
    assert project_to_dict(project)["version"] == CURRENT_VERSION


def test_default_language_follows_the_locale() -> None:
    assert default_language({"LANG": "pt_BR.UTF-8"}) == "pt-BR"
    assert default_language({"LC_ALL": "C", "LANG": "C.UTF-8"}) == "en"
    assert default_language({}) == "en"


@pytest.mark.parametrize(("report", "path", "words"), [
    ({"accent": "teal"}, "report.accent", "#RRGGBB"),
    ({"logo": "data:image/gif;base64,R0lGOD"}, "report.logo", "PNG, JPEG or SVG"),
    ({"logo": "data:image/png;base64,@@@"}, "report.logo", "damaged"),
    ({"logo": "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode()}, "report.logo",
     "PNG logo is damaged"),
    ({"logo": "data:image/png;base64," + base64.b64encode(SVG).decode()}, "report.logo",
     "says it is PNG but holds a SVG image"),
    ({"footer": 3}, "report.footer", "expected text"),
])
def test_bad_report_settings_are_refused_with_their_path(report: dict, path: str, words: str) -> None:
    doc = project_to_dict(Project("P", "en"))
    doc["journeys"] = [{"id": "j"}]
    doc["report"].update(report)
    problems = validate_document(doc)
    assert [p.path for p in problems] == [path]
    assert words in problems[0].message


def test_bad_language_and_status_are_refused() -> None:
    doc = project_to_dict(Project("P", "en"))
    doc["language"] = "English (UK)"
    doc["journeys"] = [{"id": "j", "stages": [{"id": "s", "name": "S"}],
                        "opportunities": [{"id": "o", "text": "x", "attached_to": "s", "status": "someday"}]}]
    assert {p.path for p in validate_document(doc)} == {"language", "journeys[0].opportunities[0].status"}


# ------------------------------------------------------------------ logo
def test_logos_of_each_kind_are_stored_inside_the_project() -> None:
    for data, kind in ((png_bytes(), "png"), (jpeg_bytes(), "jpeg"), (SVG, "svg")):
        uri = logo_data_uri(data)
        assert logo_bytes(uri) == (kind, data)


@pytest.mark.parametrize(("data", "message"), [
    (b"GIF89a....", "is not a PNG, JPEG or SVG image"),
    (b"", "is empty"),
    (png_bytes()[:40], "PNG logo is damaged"),
    (b"<svg><rect></svg>", "SVG logo is not well-formed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "entities"),
])
def test_a_broken_logo_gets_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        logo_data_uri(data, "logo.png")


def test_a_logo_over_2_mb_is_refused() -> None:
    with pytest.raises(ModelError, match=r"2\.2 MB; a logo may be at most 2 MB"):
        logo_data_uri(b"\x89PNG\r\n\x1a\n" + b"0" * 2_200_000)


def test_set_report_refuses_a_bad_accent_and_changes_nothing() -> None:
    project = Project("P", "en")
    with pytest.raises(ModelError, match="#RRGGBB"):
        project.set_report(accent="blue", organisation="X")
    assert project.report == ReportSettings()


# ------------------------------------------------------------------ registers
def test_pain_points_sorted_by_severity_times_votes() -> None:
    j = small_journey()
    # 3 x 4 = 12, 5 x 1 = 5, 4 x 0 = 0
    assert [p.text for p in pain_point_register(j)] == ["Card refused", "Slow search", "No PayPal"]


def test_opportunities_list_the_pain_points_they_answer() -> None:
    rows = opportunity_register(small_journey())
    assert [(o.text, [p.text for p in answers]) for o, answers in rows] == [
        ("Faster index", ["Slow search"]),
        ("Wallet payments", ["No PayPal", "Card refused"]),  # the stage's own and its touchpoints'
    ]


# ------------------------------------------------------------------ personas
def test_one_persona_colour_rule() -> None:
    a, b, c = Persona("A", id="a"), Persona("B", id="b", color="#4C78A8"), Persona("C", id="c", color="red")
    people = [a, b, c]
    assert persona_color(a, people) == PERSONA_PALETTE[0]
    assert persona_color(b, people) == "#4c78a8"  # its own colour
    assert persona_color(c, people) == PERSONA_PALETTE[2]  # not #RRGGBB: the palette's, never a crash
    project = Project("P", "en")
    for p in (a, b):
        project.add_persona(p)
    with pytest.raises(ModelError, match="#RRGGBB"):  # the model refuses it; a file is refused with its path
        project.add_persona(c)
    assert project.persona_color(b) == "#4c78a8"


@pytest.mark.parametrize(("name", "expected"), [
    ("Priya Shah", "PS"),
    ("Madonna", "M"),
    ("山田 太郎", "山太"),
    ("王小明", "王"),
    ("éva  ångström", "ÉÅ"),
    ("e\u0301mile zola", "ÉZ"),  # a decomposed accent stays with its letter
    ("👩\u200d💻 Dev", "👩\u200d💻D"),
    ("straße", "S"),
    ("ßimon x", "ßX"),
    ("", "?"),
])
def test_initials_from_the_first_grapheme_of_each_name_part(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_first_grapheme_keeps_flags_and_skin_tones_whole() -> None:
    assert first_grapheme("🇬🇧 UK") == "🇬🇧"
    assert first_grapheme("👍🏽 ok") == "👍🏽"


def test_base64_roundtrip_of_svg_logo_in_file(tmp_path: Path) -> None:
    project = Project("P", "en")
    project.add_journey(Journey("J"))
    project.set_report(logo=logo_data_uri(SVG))
    save_project(project, tmp_path / "s.journey")
    stored = json.loads((tmp_path / "s.journey").read_text("utf-8"))["report"]["logo"]
    assert base64.b64decode(stored.split(",", 1)[1]) == SVG
