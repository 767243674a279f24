"""What differs between the project open and the one on disk, in sentences (model only, no Qt)."""

from __future__ import annotations

import copy

from app.model import Persona, Stage
from app.model.project_diff import differences
from app.model.synthetic import synthetic_project


def test_added_removed_and_changed_elements_are_named() -> None:
    mine = synthetic_project(6)
    theirs = copy.deepcopy(mine)
    j_mine, j_theirs = mine.journey(), theirs.journey()
    tp = j_mine.touchpoints()[0]
    j_mine.update(tp.id, title="Mine", emotion=2)
    j_theirs.add_stage(Stage("Loyalty"))
    mine.add_persona(Persona("Ana"))
    theirs.title = "Renamed on disk"
    lines = differences(mine, theirs)
    assert f"project title: “{mine.title}” in yours, “Renamed on disk” on disk" in lines
    assert "persona “Ana”: only in yours" in lines
    assert f"{j_mine.title}: stage “Loyalty”: only on disk" in lines
    [changed] = [line for line in lines if "“Mine”" in line]
    assert changed.startswith(f"{j_mine.title}: touchpoint “Mine”: title “Mine” here, “")
    assert "emotion 2 here, " in changed


def test_identical_projects_have_no_differences() -> None:
    project = synthetic_project(4)
    assert differences(project, copy.deepcopy(project)) == []
