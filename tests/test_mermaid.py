"""Mermaid journey diagrams: every sample imports, round trips, pre-processing and errors with line numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.formats import FormatError, export_journey, import_project
from app.formats.mermaid import parse, write_mermaid
from app.model import Journey, Lane, LaneKind, Persona, Project, Stage, Touchpoint
from app.model.serialize import project_to_dict
from app.model.validation import validate_document
from shared_data import TESTDATA

SAMPLES = TESTDATA / "mermaid"
SAMPLE_FILES = sorted(SAMPLES.glob("*.mmd")) if SAMPLES.exists() else []


def summary(project: Project) -> tuple:
    """What a user sees of an imported diagram: titles, stages, tasks, scores and actors in order."""
    j = project.journey()
    names = {p.id: p.name for p in project.personas}
    stages = [(s.name, [(t.title, t.emotion, [(names[k], v) for k, v in t.persona_emotions.items()])
                        for t in j.touchpoints(s.id)]) for s in j.stages()]
    return j.title, j.notes, stages, [p.name for p in project.personas]


def load(tmp_path: Path, text: str, name: str = "d.mmd", warnings: list[str] | None = None) -> Project:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return import_project(path, warnings)


# ------------------------------------------------------------------ samples
def test_there_are_samples() -> None:
    assert len(SAMPLE_FILES) >= 20


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_imports_and_round_trips(path: Path, tmp_path: Path) -> None:
    warnings: list[str] = []
    project = import_project(path, warnings)
    assert validate_document(project_to_dict(project)) == []
    journey = project.journey()
    assert journey.title
    assert {lane.kind for lane in journey.lanes()} >= {LaneKind.TOUCHPOINTS, LaneKind.EMOTION}
    out = tmp_path / "again.mmd"
    export_journey(project, journey, out)
    again = import_project(out)
    before, after = summary(project), summary(again)
    if path.name.startswith("cypress-journey-spec_10"):
        # the task "size: 2rem" has no numeric score; it is written with the neutral score 3
        assert before[2][:-1] == after[2][:-1]
        assert after[2][-1][1][-1] == ("size", 0, [])
    else:
        assert before == after


def test_working_day_sample_content() -> None:
    project = import_project(SAMPLES / "docs-userJourney_working-day.mmd")
    title, notes, stages, personas = summary(project)
    assert title == "My working day" and project.title == "My working day"
    assert stages[0] == ("Go to work", [("Make tea", 2, [("Me", 2)]), ("Go upstairs", 0, [("Me", 0)]),
                                        ("Do work", -2, [("Me", -2), ("Cat", -2)])])
    assert [s for s, _ in stages] == ["Go to work", "Go home"]
    assert personas == ["Me", "Cat"]
    j = project.journey()
    assert len(j.path_edges()) == 4  # the tasks follow one another


def test_front_matter_title_and_acc_fields() -> None:
    project = import_project(SAMPLES / "demos_journey_frontmatter-acc.mmd")
    j = project.journey()
    assert j.title == "My working day"
    assert "accTitle: Very simple journey demo" in j.notes
    assert "accDescr: 2 main sections: work and home, each with just a few tasks" in j.notes


def test_multiline_acc_descr_closed_on_the_title_line() -> None:
    project = import_project(SAMPLES / "unit-parser_03_accdescr-multiline.mmd")
    j = project.journey()
    assert j.title == "Adding journey diagram functionality to mermaid"
    assert "accDescr {\nA user journey for\nfamily shopping\n}" in j.notes
    assert "accTitle: Adding acc journey diagram functionality to mermaid" in j.notes


def test_section_line_breaks_become_new_lines() -> None:
    project = import_project(SAMPLES / "unit-parser_06_section-br.mmd")
    assert project.journey().stages()[0].name == "Line1\nLine2\nLine3\nLine4\nLine5"


def test_tasks_sample_scores_and_actors() -> None:
    _, _, stages, personas = summary(import_project(SAMPLES / "unit-parser_07_tasks.mmd"))
    assert sum(len(tasks) for _, tasks in stages) == 8
    assert personas == ["Alice", "Bob", "Charlie"]
    tasks = dict(stages[0][1] and [(t[0], t) for t in stages[0][1]])
    assert tasks["C task"] == ("C task", 2, [])
    assert tasks["E task"] == ("E task", 2, [])  # "5:" with no actor after the colon
    assert tasks["D task"][2] == [("Charlie", 2), ("Alice", 2)]


def test_non_numeric_score_in_a_sample_is_a_warning_with_its_line() -> None:
    warnings: list[str] = []
    project = import_project(SAMPLES / "cypress-journey-spec_10_should-correctly-render-the-user-journey-diagram-t.mmd",
                             warnings)
    size = project.journey().find("size")
    assert size.emotion is None and "2rem" in size.notes
    assert len(warnings) == 1 and warnings[0].startswith("line 21:") and "2rem" in warnings[0]


# ------------------------------------------------------------------ pre-processing
def test_crlf_directives_comments_and_indentation(tmp_path: Path) -> None:
    text = ("\r\n  %%{init: {'theme': 'forest',\r\n 'x': 1}}%%\r\n   journey\r\n%% a comment line\r\n"
            "  title  Shop\r\n    section Visit\r\n      Walk in: 4: Ann %% trailing comment is part of the actor\r\n")
    project = load(tmp_path, text)
    title, _, stages, _ = summary(project)
    assert title == "Shop"
    assert stages[0][1][0][:2] == ("Walk in", 1)


def test_hash_comments_and_entity_codes(tmp_path: Path) -> None:
    text = "journey\ntitle Fish #38; chips\nsection A#59; B # a comment\n  Pay #35;1: 5: Bob#44; Jr # who pays\n"
    title, _, stages, personas = summary(load(tmp_path, text))
    assert title == "Fish & chips"
    assert stages[0][0] == "A; B"
    assert stages[0][1][0][0] == "Pay #1"
    assert personas == ["Bob, Jr"]


def test_front_matter_must_be_closed(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as err:
        load(tmp_path, "---\ntitle: x\njourney\n")
    assert err.value.line == 1 and "front matter" in str(err.value)


def test_tasks_before_any_section_go_into_a_default_stage(tmp_path: Path) -> None:
    _, _, stages, _ = summary(load(tmp_path, "journey\n  Wake up: 2: Me\nsection Later\n  Sleep: 5: Me\n"))
    assert [s for s, _ in stages] == ["Tasks", "Later"]
    assert stages[0][1] == [("Wake up", -1, [("Me", -1)])]


def test_out_of_range_score_is_clamped_kept_in_notes_and_warned(tmp_path: Path) -> None:
    warnings: list[str] = []
    project = load(tmp_path, "journey\nsection S\n  Great: 9: Me\n  Awful: 0: Me\n", warnings=warnings)
    j = project.journey()
    great, awful = j.find("Great"), j.find("Awful")
    assert (great.emotion, awful.emotion) == (2, -2)
    assert "9" in great.notes and "0" in awful.notes
    assert [w.split(":")[0] for w in warnings] == ["line 3", "line 4"]


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(("text", "line", "words"), [
    ("title My day\nsection A\n", 1, "starts with the word 'journey'"),
    ("\n\n  section A\n", 3, "starts with the word 'journey'"),
    ("journey\ntitle T\nsection A\n  Make tea: 5: Me;\n", 4, "';' is not allowed"),
    ("journey\nsection A\n  Make tea: 5: Me\n  Go upstairs\n", 4, "needs ':' and a score"),
    ("journey\nsection A\n  Make tea:\n", 3, "no score"),
    ("journey\naccDescr {\n never closed\n", 2, "never closed"),
    ("journey\nsection A\njourney\n", 3, "may only start"),
])
def test_malformed_diagrams_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(FormatError) as err:
        load(tmp_path, text)
    assert err.value.line == line
    assert words in str(err.value)
    assert f"line {line}" in str(err.value) and "d.mmd" in str(err.value)


def test_non_numeric_score_warns_with_line(tmp_path: Path) -> None:
    warnings: list[str] = []
    project = load(tmp_path, "journey\nsection A\n  Make tea: five: Me\n", warnings=warnings)
    tp = project.journey().find("Make tea")
    assert tp.emotion is None
    assert "five" in tp.notes and "Actors: Me" in tp.notes
    assert warnings and warnings[0].startswith("line 3:") and "'five'" in warnings[0]


def test_empty_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="empty"):
        load(tmp_path, "  \n")
    path = tmp_path / "bin.mmd"
    path.write_bytes(b"journey\n\xff\xfe\x00")
    with pytest.raises(FormatError, match="not UTF-8"):
        import_project(path)


# ------------------------------------------------------------------ export
def _awkward_project() -> tuple[Project, Journey]:
    project = Project("Awkward")
    j = project.add_journey(Journey('Fish & chips; #1: "the best"',
                                    notes="accTitle: A # title\naccDescr {\nfirst } line\nsecond line\n}"))
    a = project.add_persona(Persona("Smith, J: senior"))
    b = project.add_persona(Persona("Journey planner"))
    stage = j.add_stage(Stage("Order: online; #1 %% now\nthen pay"))
    lane = j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    for i, title in enumerate(["journey start", "Title page", "section two", "accTitle: no", "a;b#c:d,e}",
                               "%% not a comment", "#59; literal", "two\nlines", "<br> tag"]):
        j.add_touchpoint(Touchpoint(title, emotion=i % 5 - 2, persona_emotions={a.id: i % 5 - 2, b.id: i % 5 - 2}),
                         stage.id, lane.id)
    j.add_stage(Stage("Empty stage"))
    return project, j


def test_export_escapes_what_mermaid_would_misread(tmp_path: Path) -> None:
    project, journey = _awkward_project()
    text = write_mermaid(project, journey)
    assert ";" not in re.sub(r"#\w+;", "", text)  # every semicolon left is part of an entity code
    out = tmp_path / "awkward.mmd"
    export_journey(project, journey, out)
    assert summary(import_project(out)) == summary(project)


def test_export_score_mapping_and_actors(tmp_path: Path) -> None:
    project, journey = _awkward_project()
    lines = write_mermaid(project, journey).splitlines()
    assert lines[0] == "journey"
    task_lines = [line.strip() for line in lines if line.startswith("      ") and not line.startswith("        ")]
    assert task_lines[0] == "#106;ourney start: 1: Smith#44; J#58; senior, Journey planner"
    assert task_lines[4].startswith("a#59;b#35;c#58;d,e}: 5:")


def test_parse_gives_sections_in_order() -> None:
    diagram = parse("journey\nsection B\nsection A\nsection B\n")
    assert [name for name, _ in diagram.sections] == ["B", "A", "B"]


_PIECES = ["journey\n", "title ", "section ", "accTitle: ", "accDescr: ", "accDescr {", "}", "%%", "%%{init}%%",
           "---\n", "#", "#59;", ";", ":", " 5", ": Me, Cat", "\n", "\r\n", "  ", "<br>", "Task", "journey"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=30))
def test_any_text_imports_or_gives_a_located_error(tmp_path: Path, pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        project = load(tmp_path, text)
    except FormatError as exc:
        assert exc.line is not None and exc.line >= 1
        return
    assert validate_document(project_to_dict(project)) == []
    out = tmp_path / "again.mmd"
    export_journey(project, project.journey(), out)
    again = summary(import_project(out))
    expected = summary(project)
    if any(t.emotion is None for t in project.journey().touchpoints()):
        return  # a task without a numeric score is written with the neutral score (docs/formats.md)
    assert again == expected
