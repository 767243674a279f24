"""Copies made by the model, without Qt: the future-state journey, clipboard fragments, the blank project."""

from __future__ import annotations

import json

import pytest

from app.model import (
    Journey,
    JourneyState,
    LaneKind,
    ModelError,
    Project,
)
from app.model.copying import (
    add_duplicates,
    add_fragment,
    fragment_of,
    future_state_copy,
    paste_cells,
    prepare_fragment,
)
from app.model.sample import build_sample
from app.model.serialize import project_to_dict, touchpoint_to_dict
from app.model.templates import FIVE_STAGE, blank_project
from app.model.validation import validate_document


def _shape(journey: Journey) -> dict[str, object]:
    """Everything a person sees in a journey, named by titles instead of ids."""
    def name(element_id: str | None) -> str:
        if element_id is None:
            return "journey"
        element = journey.get(element_id)
        return getattr(element, "title", None) or element.name

    return {
        "stages": [(s.name, s.description, s.width, s.five_cs, s.components) for s in journey.stages()],
        "lanes": [(ln.kind, ln.title, ln.hidden) for ln in journey.lanes()],
        "cards": [(t.title, t.channel, t.emotion, t.persona_emotions, t.notes, journey.stage_of(t.id).name,
                   journey.lane_of(t.id).title, t.order) for t in journey.touchpoints()],
        "path": sorted((name(a), name(b), journey.path_label(a, b)) for a, b in journey.path_edges()),
        "notes": [(a.kind, a.text, a.severity, a.votes, name(journey.target_of(a.id))) for a in journey.annotations()],
        "metrics": [(m.kind, m.name, m.value, m.target, len(m.history), name(journey.target_of(m.id)))
                    for m in journey.metrics()],
    }


@pytest.fixture
def current() -> Journey:
    return build_sample().journeys[0]


def test_the_future_state_copy_is_the_same_map_under_new_ids(current: Journey) -> None:
    future = future_state_copy(current)
    assert future.state is JourneyState.FUTURE
    assert future.title.endswith(": future state") and "current" not in future.title.lower()
    assert _shape(future) == _shape(current)
    assert not set(future.graph) & set(current.graph)
    assert future.id != current.id
    assert any(t.persona_emotions for t in future.touchpoints())  # the project's persona ids are kept


def test_the_future_state_copy_keeps_text_that_looks_like_an_id(current: Journey) -> None:
    # the old copy replaced ids inside the JSON text, so a note that was exactly an id was rewritten
    card = current.touchpoints()[0]
    current.update(card.id, notes=card.id, title=current.stages()[0].id)
    future = future_state_copy(current)
    twin = future.touchpoints()[0]
    assert (twin.notes, twin.title) == (card.id, current.stages()[0].id)


def test_editing_the_future_state_leaves_the_current_state_alone(current: Journey) -> None:
    future = future_state_copy(current)
    before = _shape(current)
    stage = future.stages()[0]
    future.update(stage.id, five_cs={**stage.five_cs, "clarity": 1})
    card = next(t for t in future.touchpoints() if t.persona_emotions)
    future.update(card.id, persona_emotions={})
    future.metrics()[0].history.clear()
    assert _shape(current) == before


def test_a_fragment_lists_each_touchpoint_field_the_file_format_lists(current: Journey) -> None:
    cards = [t.id for t in current.touchpoints()[:3]]
    fragment = fragment_of(current, cards)
    assert fragment is not None
    json.dumps(fragment)  # plain data for the system clipboard
    for raw, tp in zip(fragment["touchpoints"], current.touchpoints()[:3], strict=True):
        assert set(touchpoint_to_dict(tp)) <= set(raw)
        assert {k: raw[k] for k in touchpoint_to_dict(tp)} == touchpoint_to_dict(tp)


def test_a_fragment_pasted_into_another_project_brings_its_notes_metrics_and_path(current: Journey) -> None:
    with_notes = [t for t in current.touchpoints() if current.annotations(target_id=t.id) or current.metrics(t.id)]
    linked = next((a, b) for a, b in current.path_edges())
    chosen = [with_notes[0].id, *linked]
    fragment = fragment_of(current, chosen)
    assert fragment is not None

    target = blank_project().journeys[0]
    prepared = prepare_fragment(json.loads(json.dumps(fragment)), persona_ids=set())
    stage, lane = target.stages()[1].id, target.card_lane().id
    created = add_fragment(target, prepared, paste_cells(target, prepared, stage, lane))

    pasted = target.touchpoints()
    assert sorted(t.title for t in pasted) == sorted(current.get(i).title for i in set(chosen))
    assert not set(created) & set(current.graph)  # fresh ids
    assert all(not t.persona_emotions for t in pasted)  # personas this project lacks are dropped
    assert len(target.annotations()) == sum(len(current.annotations(target_id=i)) for i in set(chosen))
    assert len(target.metrics()) == sum(len(current.metrics(i)) for i in set(chosen))
    titles = {(target.get(a).title, target.get(b).title) for a, b in target.path_edges()}
    assert (current.get(linked[0]).title, current.get(linked[1]).title) in titles
    assert {target.stage_of(t.id).id for t in pasted} <= {s.id for s in target.stages()[1:]}


def test_duplicates_land_right_after_their_originals(current: Journey) -> None:
    stage, lane = current.stages()[0].id, current.card_lane().id
    cell = current.touchpoints(stage, lane)
    fragment = fragment_of(current, [cell[0].id])
    assert fragment is not None
    prepared = prepare_fragment(fragment, persona_ids=set())
    add_duplicates(current, prepared)
    titles = [t.title for t in current.touchpoints(stage, lane)]
    assert titles[:2] == [cell[0].title, cell[0].title]


@pytest.mark.parametrize(("fragment", "message"), [
    ({"format": "something-else"}, "does not hold Waymark touchpoints"),
    ({"format": "waymark-fragment", "touchpoints": [{"id": "a", "title": "A", "emotion": 9}]},
     r"touchpoints\[0\]: .*-2 to \+2"),
    ({"format": "waymark-fragment", "touchpoints": [{"id": "a"}]}, "damaged Waymark fragment"),
    ({"format": "waymark-fragment", "touchpoints": [{"id": "a", "title": "A"}],
      "annotations": [{"kind": "pain_point", "text": "x", "attached_to": "nobody"}]}, "damaged"),
    ({"format": "waymark-fragment", "touchpoints": []}, "holds no touchpoints"),
    (["not", "a", "fragment"], "does not hold Waymark touchpoints"),
])
def test_a_damaged_fragment_is_refused_with_a_message(fragment: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        prepare_fragment(fragment, persona_ids=set())  # type: ignore[arg-type]  # bad input on purpose


def test_the_blank_project_is_the_five_canonical_stages_and_nothing_in_them() -> None:
    project = blank_project()
    assert isinstance(project, Project) and len(project.journeys) == 1
    journey = project.journeys[0]
    assert [s.name for s in journey.stages()] == [name for name, _ in FIVE_STAGE.stages]
    assert [ln.kind for ln in journey.lanes()] == [LaneKind.TOUCHPOINTS, LaneKind.EMOTION, LaneKind.PAIN_POINTS,
                                                    LaneKind.OPPORTUNITIES]
    assert journey.touchpoints() == [] and journey.metrics() == [] and journey.annotations() == []
    assert journey.state is JourneyState.CURRENT
    assert validate_document(project_to_dict(project)) == []  # saved, it opens again
