"""An edit of one card moves only that card: the remote side changes one card of its model (one
"updated" notification, one element read, no whole-map read), the local side writes one card
(no whole-project diff); edits that are more than fields (a move, an add) still arrive whole."""

from __future__ import annotations

import random

import pytest
from pycrdt import Map

from app.live.collab import session as session_module
from app.model import Change, Persona, Touchpoint
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
