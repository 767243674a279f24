"""The editor facade: every edit is one named undo step, and undo/redo restore the model exactly."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QUndoStack

from app.editing import JourneyEditor
from app.model import AnnotationKind, LaneKind, Metric, MetricKind, ModelError
from app.model.storage import dumps_project
from app.model.synthetic import synthetic_project


@pytest.fixture
def editor(qapp):
    project = synthetic_project(40, seed=7)
    return JourneyEditor(project, QUndoStack())


def _random_edit(editor: JourneyEditor, rnd: random.Random) -> None:
    j = editor.project.journeys[0]
    stages = j.stages()
    tps = j.touchpoints()
    card_lanes = [ln for ln in j.lanes() if ln.kind.holds_cards]
    action = rnd.choice(["stage", "tp", "rename", "move", "emotion", "pain", "delete", "reorder",
                         "path", "metric", "lane", "meta"])
    if action == "stage":
        editor.add_stage(j, f"Stage {rnd.randint(1, 99)}", rnd.randint(0, len(stages)))
    elif action == "tp":
        editor.add_touchpoint(j, rnd.choice(stages).id, rnd.choice(card_lanes).id, rnd.randint(0, 3),
                              title=f"New {rnd.randint(1, 999)}")
    elif action == "rename" and tps:
        editor.update(j, rnd.choice(tps).id, title=f"Renamed {rnd.randint(1, 999)}")
    elif action == "move" and tps:
        editor.move_touchpoint(j, rnd.choice(tps).id, rnd.choice(stages).id, rnd.choice(card_lanes).id,
                               rnd.randint(0, 4))
    elif action == "emotion" and tps:
        editor.set_emotion(j, rnd.choice(tps).id, rnd.randint(-2, 2))
    elif action == "pain" and tps:
        editor.add_annotation(j, AnnotationKind.PAIN_POINT, rnd.choice(tps).id, "Slow", severity=rnd.randint(1, 5))
    elif action == "delete" and tps:
        victims = rnd.sample(tps, min(len(tps), rnd.randint(1, 3)))
        if rnd.random() < 0.2 and len(stages) > 1:
            victims = [rnd.choice(stages)]
        editor.remove(j, [v.id for v in victims])
    elif action == "reorder" and len(stages) > 1:
        editor.move(j, rnd.choice(stages).id, rnd.randint(0, len(stages) - 1))
    elif action == "path" and len(tps) > 1:
        a, b = rnd.sample(tps, 2)
        if not j.graph.has_edge(a.id, b.id):
            editor.add_path(j, a.id, b.id)
    elif action == "metric":
        editor.add_metric(j, Metric(MetricKind.CES, value=rnd.uniform(1, 7)), rnd.choice(stages).id)
    elif action == "lane":
        editor.add_lane(j, rnd.choice([LaneKind.THOUGHTS, LaneKind.BACKSTAGE]), index=rnd.randint(0, 3))
    elif action == "meta":
        editor.set_meta(j, client=f"Client {rnd.randint(1, 99)}")


@pytest.mark.parametrize("seed", range(8))
def test_undo_all_and_redo_all_restore_exactly(editor: JourneyEditor, seed: int) -> None:
    rnd = random.Random(seed)
    original = dumps_project(editor.project)
    for _ in range(40):
        _random_edit(editor, rnd)
    final = dumps_project(editor.project)
    assert editor.stack.count() > 10
    while editor.stack.canUndo():
        editor.stack.undo()
    assert dumps_project(editor.project) == original
    while editor.stack.canRedo():
        editor.stack.redo()
    assert dumps_project(editor.project) == final


def test_each_edit_is_one_named_step(editor: JourneyEditor) -> None:
    j = editor.project.journeys[0]
    tp = j.touchpoints()[0]
    editor.set_emotion(j, tp.id, -2 if tp.emotion != -2 else 2)
    editor.move_touchpoint(j, tp.id, j.stages()[-1].id, j.card_lane().id, 0)
    editor.remove(j, [tp.id])
    names = [editor.stack.text(i) for i in range(editor.stack.count())]
    assert names == ["Set emotion", "Move touchpoint", "Delete touchpoint"]


def test_typing_merges_into_one_step(editor: JourneyEditor) -> None:
    j = editor.project.journeys[0]
    tp = j.touchpoints()[0]
    before = tp.title
    for text in ("C", "Ch", "Che", "Chec", "Check"):
        editor.update(j, tp.id, merge=True, title=text)
    assert editor.stack.count() == 1 and tp.title == "Check"
    editor.stack.undo()
    assert tp.title == before


def test_refused_edit_pushes_nothing(editor: JourneyEditor) -> None:
    j = editor.project.journeys[0]
    tp = j.touchpoints()[0]
    with pytest.raises(ModelError, match="-2 to \\+2"):
        editor.set_emotion(j, tp.id, 7)
    with pytest.raises(ModelError):
        editor.add_touchpoint(j, j.stages()[0].id, j.lanes_of_kind(LaneKind.EMOTION)[0].id)
    with pytest.raises(ModelError, match="itself"):
        editor.add_path(j, tp.id, tp.id)
    assert editor.stack.count() == 0


def test_clean_state_tracks_unsaved_changes(editor: JourneyEditor) -> None:
    j = editor.project.journeys[0]
    assert editor.stack.isClean()
    editor.add_stage(j, "Loyalty")
    assert not editor.stack.isClean()
    editor.stack.setClean()
    editor.stack.undo()
    assert not editor.stack.isClean()
    editor.stack.redo()
    assert editor.stack.isClean()


def test_every_element_field_can_be_set_through_the_editor():
    """JourneyEditor.update takes the fields as keywords: none of its own parameters may share a
    field's name (its undo-step name was once `text`, which swallowed a pain point's text)."""
    import dataclasses
    import inspect

    import app.model.elements as elements
    from app.editing import JourneyEditor

    fields = {f.name for cls in vars(elements).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
              for f in dataclasses.fields(cls)}
    own = {name for name, p in inspect.signature(JourneyEditor.update).parameters.items()
           if p.kind is not inspect.Parameter.VAR_KEYWORD}
    assert "text" in fields and not fields & own
