"""An edit of one card moves only that card: the remote side changes one card of its model (one
"updated" notification, one element read, no whole-map read), the local side writes one card
(no whole-project diff); edits that are more than fields (a move, an add) still arrive whole."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from pycrdt import Map

from app.live.collab import session as session_module
from app.live.collab.session import canonical
from app.model import AnnotationKind, Change, Persona, Project, Touchpoint
from app.model.sample import build_sample
from app.model.synthetic import synthetic_project

from live_replicas import deliver, model_state, replicas, state


def _forbid(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"{name} ran: the whole map was processed for a one-card edit")

    monkeypatch.setattr(session_module, name, refuse)


def test_a_remote_edit_of_one_card_touches_only_that_card(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = replicas(synthetic_project(200), 2)
    card = a.project.journey().touchpoints()[57]
    seen: list[Change] = []
    b.project.journey().subscribe(seen.append)
    _forbid(monkeypatch, "project_to_dict")  # local side: no re-diff of the project
    _forbid(monkeypatch, "read_project")  # remote side: no re-read of the document
    a.project.journey().update(card.id, title="Pay by card", emotion=-2)
    a.session.flush()
    assert len(a.outbox) == 1
    deliver([a, b], random.Random(1))
    assert [(c.op, c.ids) for c in seen] == [("updated", (card.id,))]
    assert set(seen[0].fields) == {"title", "emotion"}
    assert b.session.elements_read == 1
    moved = b.project.journey().get(card.id)
    assert (moved.title, moved.emotion) == ("Pay by card", -2)
    monkeypatch.undo()
    assert state(a) == state(b) and model_state(a) == model_state(b)


def test_a_persona_rename_travels_alone_and_a_card_move_takes_the_whole_pass() -> None:
    a, b = replicas(synthetic_project(40), 2)
    a.project.add_persona(Persona("Ana", id="p-ana"))
    a.session.flush()
    deliver([a, b], random.Random(2))
    a.project.update_persona("p-ana", name="Ana Lima", role="buyer")
    a.session.flush()
    deliver([a, b], random.Random(2))
    assert b.session.elements_read == 1
    assert (b.project.persona("p-ana").name, b.project.persona("p-ana").role) == ("Ana Lima", "buyer")
    j = a.project.journey()
    card, stage = j.touchpoints()[0], j.stages()[-1]
    j.move_touchpoint(card.id, stage.id, j.lane_of(card.id).id, 0)
    j.add_touchpoint(Touchpoint("New card", id="tp-new"), stage.id, j.lane_of(card.id).id)
    a.session.flush()
    deliver([a, b], random.Random(2))
    assert b.session.elements_read == 0  # structural: the whole-map pass ran
    assert b.project.journey().stage_of(card.id).id == stage.id and "tp-new" in b.project.journey()
    assert state(a) == state(b) and model_state(a) == model_state(b)


def test_an_invalid_remote_value_is_refused_as_before() -> None:
    a, b = replicas(synthetic_project(20), 2)
    card = a.project.journey().touchpoints()[3]
    entry = a.session.doc.get("journeys", type=Map)[a.project.journey().id]["touchpoints"][card.id]
    entry["emotion"] = 99  # as a foreign client might write it: the model allows -2..2
    message = a.outbox.pop()
    with pytest.raises(ValueError, match="emotion"):
        b.session.receive(message)
    assert b.project.journey().get(card.id).emotion == card.emotion


def _field_edits(p: Project) -> list[tuple[str, Callable[[], object]]]:
    """One field edit of each kind of element (and a metric on a card), as the editor's commands make them."""
    j = p.journey()
    stage, lane, card = j.stages()[1], j.lanes()[0], j.touchpoints()[5]
    pain = j.annotations(AnnotationKind.PAIN_POINT)[0]
    chance = j.annotations(AnnotationKind.OPPORTUNITY)[0]
    metric = next(m for m in j.metrics() if j.target_of(m.id) is not None)
    persona = p.personas[0]
    return [
        ("stage", lambda: j.update(stage.id, name="Consider & compare", description="Weighing options")),
        ("lane", lambda: j.update(lane.id, title="What they do", hidden=True)),
        ("card", lambda: j.update(card.id, notes="Seen in 4 of 6 interviews", moment_of_truth=True,
                                  persona_emotions={persona.id: -1})),
        ("pain point", lambda: j.update(pain.id, text="Fees shown late", severity=5, votes=3)),
        ("opportunity", lambda: j.update(chance.id, owner="Ops", status="planned")),
        ("metric", lambda: j.update(metric.id, value=41.5, target=60, unit="%")),
        ("persona", lambda: p.update_persona(persona.id, role="First-time buyer", goals=["Pay fast"])),
    ]


@pytest.mark.parametrize("index", range(7))
def test_each_kind_of_field_edit_travels_alone_and_lands_as_the_whole_pass_would(
        index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = replicas(build_sample(), 2)
    name, edit = _field_edits(a.project)[index]
    _forbid(monkeypatch, "project_to_dict")
    _forbid(monkeypatch, "read_project")
    edit()
    a.session.flush()
    deliver([a, b], random.Random(index))
    monkeypatch.undo()
    assert b.session.elements_read == 1, name
    assert state(a) == state(b), name
    assert model_state(b) == model_state(a) == canonical(state(b)), name
