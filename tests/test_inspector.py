"""The inspector, bound both ways: form edits reach the model (one undo step per typed field),
model changes (editor calls, undo) reach the form."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QSpinBox, QToolButton

from app.model import AnnotationKind, Channel, load_project
from app.widgets.inspector import AnnotationForm, JourneyForm, PersonaForm, StageForm, TouchpointForm
from app.widgets.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow(load_project(SAMPLE), SAMPLE)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def click_element(qtbot, window: MainWindow, element_id: str) -> None:
    """Click the element's item on the canvas with the mouse (scrolled into view first)."""
    canvas = window.current_canvas()
    item = canvas.scene().item_for(element_id)
    canvas.reveal_item(item)  # clear of the pinned headers
    rect = item.sceneBoundingRect()
    point = canvas.mapFromScene(rect.center().x(), rect.top() + min(20.0, rect.height() / 2))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)


def field(window: MainWindow, cls, name: str):
    return window.inspector.form.findChild(cls, name)


def test_nothing_selected_shows_the_journey(window: MainWindow) -> None:
    form = window.inspector.form
    assert isinstance(form, JourneyForm)
    assert field(window, QLineEdit, "title").text() == window.current_journey().title


def test_click_a_touchpoint_and_type_a_title(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    tp = journey.touchpoints()[0]
    original = tp.title
    click_element(qtbot, window, tp.id)
    assert window.current_canvas().selected_ids() == [tp.id]
    assert isinstance(window.inspector.form, TouchpointForm)
    title = field(window, QLineEdit, "title")
    assert title.text() == tp.title
    steps = window.editor.stack.count()

    title.selectAll()
    qtbot.keyClicks(title, "Sees a TV advert")
    assert journey.get(tp.id).title == "Sees a TV advert"
    assert window.editor.stack.count() == steps + 1  # the whole typing is one undo step
    assert window.editor.stack.undoText() == "Edit touchpoint"
    # the canvas shows the new title, from the model
    assert window.current_canvas().scene().item_for(tp.id) is not None

    window.editor.stack.undo()
    assert journey.get(tp.id).title == original
    assert title.text() == journey.get(tp.id).title  # the form follows undo


def test_model_changes_reach_the_touchpoint_form(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    tp = journey.touchpoints()[1]
    click_element(qtbot, window, tp.id)
    window.editor.update(journey, tp.id, owner="Customer care", channel=Channel.PHONE, moment_of_truth=True)
    assert field(window, QLineEdit, "owner").text() == "Customer care"
    assert field(window, QComboBox, "channel").currentText() == Channel.PHONE.label
    assert field(window, QCheckBox, "moment_of_truth").isChecked()
    window.editor.set_emotion(journey, tp.id, -2)
    assert field(window, QComboBox, "emotion").currentData() == -2


def test_form_widgets_edit_the_model(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    tp = journey.touchpoints()[2]
    click_element(qtbot, window, tp.id)
    delight = field(window, QCheckBox, "delight")
    before = delight.isChecked()
    qtbot.mouseClick(delight, Qt.MouseButton.LeftButton, pos=QPoint(8, delight.height() // 2))
    assert journey.get(tp.id).delight is (not before)
    assert window.editor.stack.undoText() == "Edit touchpoint"

    emotion = field(window, QComboBox, "emotion")
    emotion.setFocus()
    emotion.setCurrentIndex(0)  # "Not rated"; then choose +2 with the keyboard
    for _ in range(emotion.count()):
        qtbot.keyClick(emotion, Qt.Key.Key_Down)
    assert journey.get(tp.id).emotion == 2
    assert window.editor.stack.undoText() == "Set emotion"

    persona = window.project().personas[0]
    per = field(window, QComboBox, f"persona.{persona.id}")
    per.setFocus()
    qtbot.keyClick(per, Qt.Key.Key_Home)
    assert persona.id not in journey.get(tp.id).persona_emotions


def test_dot_voting_buttons(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    pain = journey.pain_points()[0]
    votes = pain.votes
    click_element(qtbot, window, pain.id)
    assert isinstance(window.inspector.form, AnnotationForm)
    plus = field(window, QToolButton, "vote_plus")
    minus = field(window, QToolButton, "vote_minus")
    qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    assert journey.get(pain.id).votes == votes + 2
    assert window.inspector.form.count.text() == str(votes + 2)
    assert window.editor.stack.undoText() == "Add vote"
    qtbot.mouseClick(minus, Qt.MouseButton.LeftButton)
    assert journey.get(pain.id).votes == votes + 1
    window.editor.stack.undo()
    window.editor.stack.undo()
    assert window.inspector.form.count.text() == str(votes + 1)


def test_typing_a_pain_point_s_text_reaches_the_model(qtbot, window: MainWindow) -> None:
    """A pain point's own field is called `text`, like the editor's undo-step name once was:
    typing there used to change nothing."""
    from app.widgets.inspector import NoteEdit

    journey = window.current_journey()
    pain = journey.pain_points()[0]
    click_element(qtbot, window, pain.id)
    edit = field(window, NoteEdit, "text")
    assert edit.toPlainText() == pain.text
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Delivery slots too far out")
    assert journey.get(pain.id).text == "Delivery slots too far out"
    assert window.editor.stack.count() == 1  # the typing is one step
    window.editor.stack.undo()
    assert journey.get(pain.id).text == pain.text


def test_votes_never_go_below_zero(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    tp = journey.touchpoints()[0]
    ann = window.editor.add_annotation(journey, AnnotationKind.OPPORTUNITY, tp.id, "Offer AR preview")
    window.select_elements([ann.id])
    minus = field(window, QToolButton, "vote_minus")
    assert not minus.isEnabled()
    severity = field(window, QSpinBox, "severity")
    severity.setFocus()
    qtbot.keyClick(severity, Qt.Key.Key_Up)
    assert journey.get(ann.id).severity == 4


def test_stage_form_rates_the_five_cs(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    stage = journey.stages()[0]
    click_element(qtbot, window, stage.id)
    assert isinstance(window.inspector.form, StageForm)
    name = field(window, QLineEdit, "name")
    name.selectAll()
    qtbot.keyClicks(name, "Discovery")
    assert journey.get(stage.id).name == "Discovery"
    clarity = field(window, QSpinBox, "five_cs.clarity")
    clarity.setFocus()
    clarity.setValue(0)
    qtbot.keyClick(clarity, Qt.Key.Key_Up)
    qtbot.keyClick(clarity, Qt.Key.Key_Up)
    assert journey.get(stage.id).five_cs["clarity"] == 2
    window.editor.update(journey, stage.id, components={"empathy": 5})
    assert field(window, QSpinBox, "components.empathy").value() == 5


def test_journey_details_and_personas(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    client = field(window, QLineEdit, "client")
    client.setFocus()
    client.selectAll()
    qtbot.keyClicks(client, "Acme Sofas")
    qtbot.keyClick(client, Qt.Key.Key_Return)
    assert journey.client == "Acme Sofas"
    assert window.editor.stack.undoText() == "Edit journey details"
    window.editor.stack.undo()
    assert client.text() == journey.client != "Acme Sofas"

    persona = window.project().personas[0]
    window.inspector.show_persona(persona.id)
    assert isinstance(window.inspector.form, PersonaForm)
    name = field(window, QLineEdit, "name")
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Priya S.")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert persona.name == "Priya S."
    window.editor.update_persona(persona.id, role="Renter, first sofa")
    assert field(window, QLineEdit, "role").text() == "Renter, first sofa"


def test_multi_selection_and_tab_switch(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    ids = [tp.id for tp in journey.touchpoints()[:3]]
    window.select_elements(ids)
    assert "3 items selected" in window.inspector.form.findChildren(type(window._counts_label))[0].text()
    window.tabs.setCurrentIndex(1)
    assert isinstance(window.inspector.form, JourneyForm)
    assert field(window, QLineEdit, "title").text() == window.project().journeys[1].title


def test_selecting_a_persona_by_id_opens_its_form(window: MainWindow) -> None:
    persona = window.project().personas[1]
    window.select_elements([persona.id])
    assert isinstance(window.inspector.form, PersonaForm)
    assert field(window, QLineEdit, "name").text() == persona.name


def test_a_project_without_journeys_still_opens(qtbot) -> None:
    from app.model import Project

    w = MainWindow(Project("Empty"))
    qtbot.addWidget(w)
    assert w.tabs.count() == 1
    assert isinstance(w.inspector.form, JourneyForm)
