"""One project title: renaming the journey renames the project while the two are one title, so the file
name offered on Save As, the PDF cover and `waymark info` never name the same map two ways."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoStack

from app.cli import main
from app.editing import JourneyEditor
from app.model import Journey, Project, save_project
from app.model.templates import build_template


def test_renaming_the_journey_renames_the_project_in_one_undo_step(qapp) -> None:
    project = build_template("five-stage", "Onboarding")
    editor = JourneyEditor(project, QUndoStack())
    journey = project.journey()
    editor.set_meta(journey, "Rename journey", title="Onboarding 2027")
    assert (project.title, journey.title) == ("Onboarding 2027", "Onboarding 2027")
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert (project.title, journey.title) == ("Onboarding", "Onboarding")
    editor.set_project_title("Welcome flow")  # and the other way round
    assert (project.title, journey.title) == ("Welcome flow", "Welcome flow")


def test_an_untitled_project_takes_its_journeys_title(qapp) -> None:
    project = Project()
    journey = project.add_journey(Journey("Customer journey"))
    editor = JourneyEditor(project, QUndoStack())
    editor.set_meta(journey, title="Hotel check-in")
    assert project.title == "Hotel check-in"


def test_titles_chosen_apart_stay_apart(qapp, tmp_path: Path, capsys) -> None:
    project = Project("Acme CX programme")
    current = project.add_journey(Journey("Checkout today"))
    future = project.add_journey(Journey("Checkout tomorrow", state="future"))
    editor = JourneyEditor(project, QUndoStack())
    editor.set_meta(current, title="Checkout 2026")
    editor.set_meta(future, title="Checkout 2027")
    assert project.title == "Acme CX programme"
    path = tmp_path / "acme.journey"
    save_project(project, path)
    assert main(["info", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Project: Acme CX programme (2 journeys")
