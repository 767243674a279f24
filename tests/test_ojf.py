"""OpenJourney (.ojf): every sample imports, its variants are understood, bad files name the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.formats import FormatError, import_project
from app.formats.ojf import emotion_of_score, lane_kind
from app.model import LaneKind
from app.model.serialize import project_to_dict
from app.model.validation import validate_document
from shared_data import TESTDATA

SAMPLES = TESTDATA / "ojf"
SAMPLE_FILES = sorted(SAMPLES.glob("*.ojf")) if SAMPLES.exists() else []


def write(tmp_path: Path, doc: object, name: str = "map.ojf") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def minimal(**node: object) -> dict:
    return {"version": "1.0", "stages": [{"id": "s1", "name": "Discover"}],
            "swimlanes": [{"id": "l1", "name": "User Actions"}],
            "nodes": [{"stageId": "s1", "swimlaneId": "l1", "title": "Search", "description": "", **node}]}


def test_there_are_samples() -> None:
    assert len(SAMPLE_FILES) == 8


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_imports(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    warnings: list[str] = []
    project = import_project(path, warnings)
    assert validate_document(project_to_dict(project)) == []
    journey = project.journey()
    assert [s.name for s in journey.stages()] == [s["name"] for s in doc["stages"]]
    # every node is a touchpoint or, in a pain-point swimlane, a pain point or opportunity
    assert len(journey.touchpoints()) + len(journey.annotations()) == len(doc["nodes"])
    assert len(project.personas) == 1
    assert warnings == []
    for tp in journey.touchpoints():
        assert "OpenJourney score:" in tp.notes


def test_root_fields_sample() -> None:
    project = import_project(SAMPLES / "customer-support.ojf")
    j = project.journey()
    assert j.title == "Getting a broken smart toy fixed before a birthday"
    assert (project.personas[0].name, project.personas[0].role) == ("Sam", "Tech-Savvy Parent")
    frustrated = j.find("Frustrated")
    assert (frustrated.emotion, frustrated.emotion_label) == (-1, "frustrated")
    assert j.lane_of(frustrated.id).kind is LaneKind.THOUGHTS
    assert "OpenJourney score: -3 (emotion -1)" in frustrated.notes
    revived = j.find("Device Revived")
    assert revived.emotion == 2 and "Purpose: gain" in revived.notes
    assert j.find("Follow reset instructions").moment_of_truth
    pain = j.pain_points()
    assert [(a.text.split(":")[0], a.severity) for a in pain] == [("Bot Loop", 3)]
    assert j.target_of(pain[0].id) == j.stages()[1].id


def test_metadata_object_sample_with_blueprint() -> None:
    project = import_project(SAMPLES / "clinic-visit-blueprint.ojf")
    j = project.journey()
    assert j.title == "Patient Clinic Visit"
    assert project.personas[0].name == "Returning Patient"
    assert "Annual check-up" in j.notes
    notes = j.find("Arrival & Reception").notes
    assert "Evidence: Waiting Room (Physical); Sign-in Sheet (Physical)" in notes
    assert "Backstage: Billing Dept — Verifies insurance eligibility" in notes


def test_node_without_score_and_values_outside_the_spec() -> None:
    j = import_project(SAMPLES / "event-booking.ojf").journey()
    website = j.find("Conference Website")
    assert website.emotion is None and "none in the file" in website.notes
    hurdle = j.find("Stress over budget")
    assert hurdle.emotion_label == "anxious" and "Purpose: personal-hurdle" in hurdle.notes


def test_gain_in_a_friction_lane_is_an_opportunity() -> None:
    j = import_project(SAMPLES / "self-guided-tutorial.ojf").journey()
    assert [a.text.split(":")[0] for a in j.opportunities()] == ["Inline Editing"]
    assert [a.text.split(":")[0] for a in j.pain_points()] == ["Moments of Truth"]


@pytest.mark.parametrize(("score", "emotion"), [(-5, -2), (-4, -2), (-3, -1), (-2, -1), (-1, 0), (0, 0),
                                                 (1, 0), (2, 1), (3, 1), (4, 2), (5, 2), (1.25, 1), (-1.25, -1)])
def test_score_mapping(score: float, emotion: int) -> None:
    assert emotion_of_score(score) == emotion


@pytest.mark.parametrize(("name", "kind"), [("Customer Actions", LaneKind.ACTIONS),
                                            ("Digital Touchpoints", LaneKind.TOUCHPOINTS),
                                            ("Thoughts & Feelings", LaneKind.THOUGHTS),
                                            ("Internal Blockers", None), ("Friction Points", None),
                                            ("Something else", LaneKind.TOUCHPOINTS)])
def test_lane_kinds(name: str, kind: LaneKind | None) -> None:
    assert lane_kind(name) is kind


def test_out_of_range_score_is_clamped_and_warned(tmp_path: Path) -> None:
    warnings: list[str] = []
    tp = import_project(write(tmp_path, minimal(score=9)), warnings).journey().find("Search")
    assert tp.emotion == 2 and "+9" in tp.notes
    assert warnings[0].startswith("nodes[0].score:")


@pytest.mark.parametrize(("doc", "field", "words"), [
    (minimal(score="3"), "nodes[0].score", "expected a number from -5 to +5, found text '3'"),
    (minimal(score=True), "nodes[0].score", "found true/false"),
    (minimal(title=7), "nodes[0].title", "expected text, found a number 7"),
    (minimal(isMomentOfTruth="yes"), "nodes[0].isMomentOfTruth", "expected true or false"),
    (minimal(tags="a, b"), "nodes[0].tags", "expected a list"),
    (minimal(stageId="s9"), "nodes[0].stageId", "no stage has the id 's9'"),
    (minimal(blueprint=[1]), "nodes[0].blueprint", "expected an object"),
    ({"stages": "s1"}, "stages", "expected a list, found text"),
    ({"nodes": []}, "stages", "is missing"),
    ({"stages": [{"name": "x"}]}, "stages[0].id", "is missing"),
    ({"stages": [], "metadata": "x"}, "metadata", "expected an object"),
    ([1, 2], "(top level)", "expected an object, found a list"),
])
def test_wrong_types_name_the_field(tmp_path: Path, doc: object, field: str, words: str) -> None:
    with pytest.raises(FormatError) as err:
        import_project(write(tmp_path, doc))
    assert err.value.field == field
    assert words in str(err.value) and field in str(err.value)


def test_not_json_names_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as err:
        import_project(write(tmp_path, '{\n  "version": "1.0",\n  "stages": [,]\n}'))
    assert (err.value.line, err.value.column) == (3, 14)
    assert "not valid JSON" in str(err.value) and "line 3" in str(err.value)


def test_json_suffix_and_waymark_project_hint(tmp_path: Path) -> None:
    assert import_project(write(tmp_path, minimal(score=-5), "export.json")).journey().find("Search").emotion == -2
    with pytest.raises(FormatError, match="Waymark project"):
        import_project(write(tmp_path, {"format": "waymark-journey", "version": 1}, "project.json"))


def test_channel_from_tags() -> None:
    j = import_project(SAMPLES / "customer-support.ojf").journey()
    assert j.find("Initiate Live Chat").channel.value == "live_chat"  # tags Chat, Digital
    assert j.find("Toy won't turn on").channel.value == "other"  # tags Hardware, Issue
    assert "Tags: Chat, Digital" in j.find("Initiate Live Chat").notes
