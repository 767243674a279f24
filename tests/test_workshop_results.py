"""Workshop results in the project file: saved and loaded unchanged, migrated from older files,
bad entries refused with the field path, and recorded as undoable edits."""

from __future__ import annotations

import json

from app.model import load_project, save_project
from app.model.migrations import migrate
from app.model.storage import LoadError
from app.model.workshop_results import WorkshopResults

SAMPLE_DOC = {"format": "waymark-journey", "title": "T",
              "journeys": [{"id": "j1", "title": "J", "stages": [{"id": "s1", "name": "Awareness"}],
                            "lanes": [{"id": "l1", "kind": "touchpoints"}]}]}


def write(tmp_path, doc, name="p.journey"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), "utf-8")
    return path


def test_an_older_file_gains_an_empty_list_of_workshops():
    for version in (1, 2):
        doc = migrate({**SAMPLE_DOC, "version": version})
        assert doc["version"] == 3 and doc["workshops"] == []


def test_results_survive_a_save_and_a_load(tmp_path):
    project = load_project(write(tmp_path, {**SAMPLE_DOC, "version": 2}))
    results = WorkshopResults("K7QM2X-2026", "j1", "2026-12-04T09:00:00+00:00", {"p1": "Ana", "p2": ""},
                              votes={"s1": {"p2": 2}}, ratings={"s1": {"p1": -1, "p2": 2}},
                              supporters={"s1": ["p1", "p2"]})
    project.set_workshop(results)
    path = tmp_path / "saved.journey"
    save_project(project, path)
    again = load_project(path)
    assert again.workshops == [results]
    assert json.loads(path.read_text("utf-8"))["workshops"][0]["participants"][1] == {"id": "p2", "name": ""}


def test_bad_workshop_entries_are_refused_with_their_path(tmp_path):
    doc = {**SAMPLE_DOC, "version": 3, "workshops": [
        {"id": "w", "journey": "j1", "votes": [{"card": "c", "participant": "p1", "dots": 0}],
         "ratings": [{"stage": "s1", "participant": "p1", "score": 5}], "participants": [{"id": "p1", "name": 7}]},
        "nonsense"]}
    try:
        load_project(write(tmp_path, doc))
    except LoadError as exc:
        message = exc.message()
    else:
        raise AssertionError("a bad file loaded")
    assert "workshops[0].votes[0].dots: expected a whole number from 1 to 1000, found 0" in message
    assert "workshops[0].ratings[0].score" in message
    assert "workshops[0].participants[0].name: expected text" in message
    assert "workshops[1]: expected an object" in message


def test_recording_results_is_one_undo_step(qapp):
    from app.editing import JourneyEditor
    from app.model import Project

    project = Project()
    editor = JourneyEditor(project)
    first = WorkshopResults("w1", "j", supporters={"c": ["p1"]})
    editor.set_workshop(first)
    second = first.copy()
    second.supporters["c"].append("p2")
    editor.set_workshop(second)
    assert project.workshop("w1").supporters == {"c": ["p1", "p2"]}
    editor.stack.undo()
    assert project.workshop("w1").supporters == {"c": ["p1"]}
    editor.stack.undo()
    assert project.workshops == []
