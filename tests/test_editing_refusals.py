"""An edit the model refuses changes nothing: not the model, not the undo stack, not its clean state.

The editor asks the model's check_* rules before pushing; should a command still fail inside the
model, it drops itself from the stack. Each case below is something a person can try in the
editor (or a plug-in through the editor); each must raise ModelError with a message and leave the
last real edit as the one Undo undoes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QUndoStack

from app.editing import JourneyEditor
from app.model import AnnotationKind, Journey, LaneKind, ModelError, Persona, Touchpoint
from app.model.storage import dumps_project
from app.model.synthetic import synthetic_project


@pytest.fixture
def editor(qapp) -> JourneyEditor:
    editor = JourneyEditor(synthetic_project(30, seed=3), QUndoStack())
    journey = editor.project.journeys[0]
    editor.update(journey, journey.touchpoints()[0].id, title="The last real edit")
    editor.stack.setClean()
    editor.update(journey, journey.touchpoints()[1].id, title="Unsaved edit")
    return editor


def _journey(editor: JourneyEditor) -> Journey:
    return editor.project.journeys[0]


def _card(editor: JourneyEditor, i: int = 0) -> str:
    return _journey(editor).touchpoints()[i].id


def _lane(editor: JourneyEditor, kind: LaneKind) -> str:
    return _journey(editor).lanes_of_kind(kind)[0].id


REFUSED: dict[str, tuple[Callable[[JourneyEditor], object], str]] = {
    "an emotion off the scale": (lambda e: e.set_emotion(_journey(e), _card(e), 7), r"-2 to \+2"),
    "a field a touchpoint does not have": (lambda e: e.update(_journey(e), _card(e), shade="red"), "no editable"),
    "a channel that does not exist": (lambda e: e.update(_journey(e), _card(e), channel="pigeon"), "pigeon"),
    "a card lane that still holds cards turned into the emotion lane": (
        lambda e: e.update(_journey(e), _lane(e, LaneKind.TOUCHPOINTS), kind=LaneKind.EMOTION), "holds cards"),
    "a touchpoint in the emotion lane": (
        lambda e: e.add_touchpoint(_journey(e), _journey(e).stages()[0].id, _lane(e, LaneKind.EMOTION)),
        "does not hold"),
    "a pain point on a lane": (
        lambda e: e.add_annotation(_journey(e), AnnotationKind.PAIN_POINT, _lane(e, LaneKind.TOUCHPOINTS)),
        "not a stage or touchpoint"),
    "a path step from a card to itself": (lambda e: e.add_path(_journey(e), _card(e), _card(e)), "itself"),
    "removing a path step that is not there": (
        lambda e: e.remove_path(_journey(e), _card(e, 0), _card(e, 5)), "no path step"),
    "a journey state that does not exist": (lambda e: e.set_meta(_journey(e), state="someday"), "someday"),
    "a journey field that does not exist": (lambda e: e.set_meta(_journey(e), budget="1M"), "budget"),
    "a pain point detached from everything": (
        lambda e: e.attach(_journey(e), _journey(e).pain_points()[0].id, None), "must be attached"),
    "a second persona with the same id": (
        lambda e: e.add_persona(Persona("Twin", id=e.project.personas[0].id)), "duplicate persona"),
    "a persona field that does not exist": (
        lambda e: e.update_persona(e.project.personas[0].id, shoe_size=44), "shoe_size"),
    "deleting the project's only journey": (
        lambda e: e.remove_journey(_journey(e).id), "at least one journey"),
    "moving a card into a lane that holds none": (
        lambda e: e.move_touchpoint(_journey(e), _card(e), _journey(e).stages()[0].id, _lane(e, LaneKind.EMOTION)),
        "does not hold"),
    "a report accent that is not a colour": (lambda e: e.set_report(accent="blue", organisation="Northwind"),
                                             "#RRGGBB"),
    "a report setting that does not exist": (lambda e: e.set_report(watermark="DRAFT"), "watermark"),
    "a report logo that is not an image": (
        lambda e: e.set_report(logo="data:image/png;base64,bm90IGFuIGltYWdl", organisation="Northwind"), "logo"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_edit_changes_nothing_undo_stack_included(editor: JourneyEditor, case: str) -> None:
    attempt, message = REFUSED[case]
    before = dumps_project(editor.project)
    count, index, clean = editor.stack.count(), editor.stack.index(), editor.stack.isClean()

    with pytest.raises(ModelError, match=message):
        attempt(editor)

    assert dumps_project(editor.project) == before
    assert (editor.stack.count(), editor.stack.index(), editor.stack.isClean()) == (count, index, clean)
    # Undo still undoes the last real edit, not a dead step
    assert editor.stack.undoText() == "Edit touchpoint"
    editor.stack.undo()
    assert _journey(editor).get(_card(editor, 1)).title != "Unsaved edit"
    assert editor.stack.isClean()


def test_a_paste_the_model_refuses_half_way_leaves_no_half_and_no_step(editor: JourneyEditor) -> None:
    journey = _journey(editor)
    stage, lane = journey.stages()[0].id, _lane(editor, LaneKind.TOUCHPOINTS)
    before = dumps_project(editor.project)
    count = editor.stack.count()

    def build(j: Journey) -> list[str]:
        first = j.add_touchpoint(Touchpoint("Pasted"), stage, lane)  # accepted ...
        j.add_touchpoint(Touchpoint("Nowhere"), stage, _lane(editor, LaneKind.EMOTION))  # ... then refused
        return [first.id]

    with pytest.raises(ModelError, match="does not hold"):
        editor.insert_fragment(journey, build)

    assert dumps_project(editor.project) == before
    assert editor.stack.count() == count
    assert "Pasted" not in [t.title for t in journey.touchpoints()]


def test_a_command_the_model_refuses_inside_is_dropped_from_the_stack(editor: JourneyEditor) -> None:
    """The safety net under the checks: even an edit no check foresaw leaves no dead step."""
    journey = _journey(editor)
    count = editor.stack.count()
    with pytest.raises(ModelError, match="someday"):
        editor._push("Change state", lambda: journey.set_meta(state="someday"), lambda old: journey.set_meta(**old))
    assert editor.stack.count() == count
    assert editor.stack.undoText() == "Edit touchpoint"


def test_an_accepted_edit_after_a_refused_one_is_one_normal_step(editor: JourneyEditor) -> None:
    journey = _journey(editor)
    with pytest.raises(ModelError):
        editor.set_emotion(journey, _card(editor), 9)
    editor.set_emotion(journey, _card(editor), -2)
    assert editor.stack.undoText() == "Set emotion"
    editor.stack.undo()
    assert editor.stack.undoText() == "Edit touchpoint"


def test_the_report_rule_lives_in_the_model_and_changes_nothing_when_asked(editor: JourneyEditor) -> None:
    """One home for the rule: the editor and the project's own set_report ask Project.check_report,
    which answers with the settings as they would be and leaves the project as it is."""
    project = editor.project
    before = project.report.copy()
    trial = project.check_report(accent="#0A7C6E", organisation="Northwind")
    assert (trial.accent, trial.organisation) == ("#0A7C6E", "Northwind")
    assert project.report == before
    with pytest.raises(ModelError, match="#RRGGBB"):
        project.set_report(accent="teal")
    assert project.report == before
    editor.set_report(accent="#0A7C6E")
    assert editor.stack.undoText() == "Edit report settings"
    count = editor.stack.count()
    editor.set_report(accent="#0A7C6E")  # the same value again: no second step
    assert editor.stack.count() == count
    editor.stack.undo()
    assert project.report == before
