"""The layout kept up to date edit by edit equals a fresh layout of the same model, after any
sequence of edits, and its delta names every box that changed (the canvas repaints only those).
No Qt: the layout is pure Python (the last test drives the edits through the JourneyEditor, whose
undo stack is Qt's QUndoStack, as the canvas does)."""

from __future__ import annotations

import random

import pytest

from app.layout import JourneyLayout, layout_journey, style
from app.layout.incremental import IncrementalLayout, LayoutDelta
from app.model import (
    Annotation,
    AnnotationKind,
    Change,
    Journey,
    LaneKind,
    ModelError,
    NodeKind,
    Removal,
    Stage,
    Touchpoint,
)
from app.model.synthetic import synthetic_project


def _card_lanes(journey: Journey) -> list[str]:
    return [ln.id for ln in journey.lanes() if ln.kind.holds_cards]


def _random_edit(journey: Journey, rnd: random.Random, personas: list, removals: list[Removal]) -> None:
    """One model edit of the kinds a user makes on the canvas and in the inspector (and undo of
    a deletion, which puts cards, notes and path steps back)."""
    tps = journey.touchpoints()
    stages = journey.stages()
    notes = journey.annotations()
    choice = rnd.randrange(13)
    tp = rnd.choice(tps)
    if choice <= 3:  # a drag and drop of one card, within its cell or elsewhere
        journey.move_touchpoint(tp.id, rnd.choice(stages).id, rnd.choice(_card_lanes(journey)),
                                rnd.randrange(0, 8))
    elif choice == 4:  # a drop of several cards: one batch
        stage, lane = rnd.choice(stages).id, rnd.choice(_card_lanes(journey))
        with journey.batched():
            for other in rnd.sample(tps, 3):
                journey.move_touchpoint(other.id, stage, lane, rnd.randrange(0, 4))
    elif choice == 5:  # an emotion score dragged, or a persona's
        if rnd.random() < 0.5:
            journey.update(tp.id, emotion=rnd.choice([None, -2, -1, 0, 1, 2]))
        else:
            journey.update(tp.id, persona_emotions={p.id: rnd.randint(-2, 2) for p in personas
                                                    if rnd.random() < 0.7})
    elif choice == 6:  # a title typed
        journey.update(tp.id, title=f"Renamed {rnd.random():.3f}")
    elif choice == 7 and notes:  # a note moved to another card or stage, or reordered
        note = rnd.choice(notes)
        target = rnd.choice([rnd.choice(tps).id, rnd.choice(stages).id])
        if rnd.random() < 0.5:
            journey.attach(note.id, target)
        else:
            journey.move(note.id, rnd.randrange(0, 3))
    elif choice == 8 and notes:  # a dot vote, or a lane renamed
        if rnd.random() < 0.5:
            note = rnd.choice(notes)
            journey.update(note.id, votes=note.votes + 1)
        else:
            journey.update(rnd.choice(journey.lanes()).id, title=f"Lane {rnd.randrange(100)}")
    elif choice == 9:  # a path step drawn or deleted
        a, b = rnd.sample(tps, 2)
        if b.id in journey.successors(a.id):
            journey.remove_path(a.id, b.id)
        else:
            try:
                journey.add_path(a.id, b.id)
            except ModelError:
                pass
    elif choice == 10:  # a stage renamed, widened or added (the last two: a fresh layout)
        stage, dice = rnd.choice(stages), rnd.random()
        if dice < 0.5:
            journey.update(stage.id, name=f"Stage {rnd.randrange(100)}")
        elif dice < 0.7:
            journey.update(stage.id, width=rnd.choice([1.0, 1.5, 2.0]))
        else:  # an empty stage, for cards to come into a column that had none
            journey.add_stage(Stage(f"New {rnd.randrange(100)}"), rnd.randrange(len(stages) + 1))
    elif choice == 11 and removals:  # undo of a deletion (refused if what it hung on is gone since)
        try:
            journey.restore(removals.pop())
        except ModelError:
            pass
    else:  # a card added or deleted
        if rnd.random() < 0.5 and len(tps) > 10:
            removals.append(journey.remove(tp.id))
        else:
            # now and then into an empty cell of the actions lane, with a path step from another card
            lane = _card_lanes(journey)[-1] if rnd.random() < 0.3 else rnd.choice(_card_lanes(journey))
            new = journey.add_touchpoint(Touchpoint("Added", emotion=rnd.randint(-2, 2)), rnd.choice(stages).id, lane)
            if rnd.random() < 0.5:
                journey.add_path(rnd.choice(tps).id, new.id)
            if rnd.random() < 0.5:
                journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "New pain"), new.id)


def _check_delta(before: JourneyLayout, after: JourneyLayout, delta: LayoutDelta) -> None:
    """Every box that differs between the two layouts is named in the delta."""
    if delta.full:
        return
    changed_cards = {i for i in before.cards.keys() | after.cards.keys() if before.cards.get(i) != after.cards.get(i)}
    assert changed_cards <= delta.cards
    old_stages, new_stages = {s.id: s for s in before.stages}, {s.id: s for s in after.stages}
    assert {i for i in new_stages if old_stages.get(i) != new_stages[i]} <= delta.stages
    old_lanes, new_lanes = {ln.id: ln for ln in before.lanes}, {ln.id: ln for ln in after.lanes}
    assert {i for i in new_lanes if old_lanes.get(i) != new_lanes[i]} <= delta.lanes
    old_arrows = {(a.source, a.target): a for a in before.arrows}
    new_arrows = {(a.source, a.target): a for a in after.arrows}
    assert {k for k in old_arrows.keys() | new_arrows.keys() if old_arrows.get(k) != new_arrows.get(k)} <= delta.arrows
    if before.emotion != after.emotion:
        assert delta.emotion is not None
        x0, x1 = delta.emotion
        for old, new in zip(before.emotion, after.emotion, strict=True):
            moved = [p for p in set(map(_point_key, new.points)) ^ set(map(_point_key, old.points))]
            assert all(x0 <= x <= x1 for _, x, _ in moved)
    assert (before.width, before.height) == (after.width, after.height) or delta.size


def _point_key(p) -> tuple[str, float, float]:
    return (p.tp_id, p.x, p.y)


@pytest.mark.parametrize("seed", range(6))
def test_incremental_layout_equals_a_fresh_layout_after_random_edits(seed: int) -> None:
    project = synthetic_project(90, stages=6, seed=seed)
    journey = project.journeys[0]
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    rnd = random.Random(seed)
    fresh_layouts = 0
    removals: list[Removal] = []
    for _ in range(80):
        _random_edit(journey, rnd, project.personas, removals)
        before = live.layout
        delta = live.apply(changes)
        fresh_layouts += delta.full
        changes.clear()
        assert live.layout == layout_journey(journey, project.personas)
        _check_delta(before, live.layout, delta)
    # edits are followed piece by piece: only a widened or added stage lays everything out again
    assert fresh_layouts < 12


def test_a_move_within_a_stage_touches_only_that_stage() -> None:
    project = synthetic_project(200, stages=8, seed=3)
    journey = project.journeys[0]
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    stage = journey.stages()[2]
    lane = next(ln for ln in journey.lanes() if ln.kind is LaneKind.TOUCHPOINTS)
    cell = journey.touchpoints(stage.id, lane.id)
    journey.move_touchpoint(cell[0].id, stage.id, lane.id, 3)
    delta = live.apply(changes)
    assert not delta.full and not delta.size
    assert delta.cards == {t.id for t in cell[:4]}  # the four cards whose places changed, no others
    assert {live.layout.cards[i].stage_id for i in delta.cards} == {stage.id}
    assert not delta.lanes and not delta.stages
    assert delta.emotion is not None and delta.emotion[1] - delta.emotion[0] < live.layout.width / 2
    assert live.layout == layout_journey(journey, project.personas)


def test_a_title_edit_moves_nothing() -> None:
    project = synthetic_project(60, seed=2)
    journey = project.journeys[0]
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    tp = journey.touchpoints()[5]
    journey.update(tp.id, title="A much longer title that wraps over several lines of the card")
    delta = live.apply(changes)
    assert delta == LayoutDelta()
    assert changes[0].kind is NodeKind.TOUCHPOINT


def test_a_card_that_makes_its_cell_the_tallest_pushes_the_lanes_below_down() -> None:
    project = synthetic_project(40, stages=4, seed=5)
    journey = project.journeys[0]
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    lane = next(ln for ln in journey.lanes() if ln.kind is LaneKind.TOUCHPOINTS)
    stages = journey.stages()
    tallest = max(stages, key=lambda s: len(journey.touchpoints(s.id, lane.id)))
    donor = next(s for s in stages if s.id != tallest.id and journey.touchpoints(s.id, lane.id))
    emotion_lane = next(lb for lb in live.layout.lanes if lb.kind is LaneKind.EMOTION)
    journey.move_touchpoint(journey.touchpoints(donor.id, lane.id)[0].id, tallest.id, lane.id)
    delta = live.apply(changes)
    assert delta.size and lane.id in delta.lanes
    moved_emotion = next(lb for lb in live.layout.lanes if lb.kind is LaneKind.EMOTION)
    assert moved_emotion.row.y > emotion_lane.row.y
    assert live.layout == layout_journey(journey, project.personas)


def test_cards_with_a_path_step_pasted_into_an_empty_stage_are_laid_out_as_afresh() -> None:
    project = synthetic_project(40, stages=4, seed=8)
    journey = project.journeys[0]
    empty = journey.add_stage(Stage("Loyalty"))
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    lane = journey.card_lane().id
    with journey.batched():  # as a paste of two cards does: the cards, then the step between them
        first = journey.add_touchpoint(Touchpoint("Joins the club", emotion=2), empty.id, lane)
        second = journey.add_touchpoint(Touchpoint("Earns points", emotion=1), empty.id, lane)
        journey.add_path(first.id, second.id)
    delta = live.apply(changes)
    assert not delta.full and (first.id, second.id) in delta.arrows
    assert live.layout == layout_journey(journey, project.personas)


def test_edits_through_the_editor_and_their_undo_and_redo_are_followed_piece_by_piece(qapp) -> None:
    """The edits the canvas makes, each as the JourneyEditor pushes it (Qt's undo stack): a drop
    into another stage, a deletion of two cards with their notes and path steps, an added card;
    then each undone and redone. After every step the live layout is the fresh one, the delta
    names what changed, and it names only a part of the map (no fresh layout, no re-routing of
    every path step)."""
    from PySide6.QtGui import QUndoStack

    from app.editing import JourneyEditor

    project = synthetic_project(300, stages=6, seed=11)
    journey = project.journeys[0]
    editor = JourneyEditor(project, QUndoStack())
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    lane = journey.card_lane().id
    stages = journey.stages()
    steps = len(journey.path_edges())

    def follow() -> LayoutDelta:
        before = live.layout
        delta = live.apply(changes)
        changes.clear()
        assert live.layout == layout_journey(journey, project.personas)
        _check_delta(before, live.layout, delta)
        assert not delta.full and len(delta.arrows) < steps / 2
        return delta

    mover = journey.touchpoints(stages[0].id, lane)[0]
    editor.move_touchpoints(journey, [mover.id], stages[1].id, lane, 2)
    assert mover.id in follow().cards
    noted = next(t for t in journey.touchpoints() if journey.pain_points(t.id) and journey.successors(t.id))
    added = editor.add_touchpoint(journey, stages[2].id, lane, 0, title="Added")
    assert added.id in follow().cards
    gone = [noted.id, journey.touchpoints(stages[3].id, lane)[1].id]
    gone_notes = [a.id for a in journey.annotations(target_id=noted.id)]
    editor.remove(journey, gone)
    delta = follow()
    assert set(gone + gone_notes) <= delta.cards and not set(gone + gone_notes) & set(live.layout.cards)
    assert {key for key in delta.arrows if noted.id in key}  # its path steps went with it
    for _ in range(3):  # the delete, the add and the drop undone, then redone
        editor.stack.undo()
        follow()
    assert set(gone + gone_notes) <= set(live.layout.cards) and added.id not in live.layout.cards
    assert journey.stage_of(mover.id).id == stages[0].id
    for _ in range(3):
        editor.stack.redo()
        follow()
    assert journey.stage_of(mover.id).id == stages[1].id and noted.id not in live.layout.cards
    editor.stack.clear()


def test_a_metric_renamed_to_a_long_name_grows_its_chip_and_pushes_the_lanes_below() -> None:
    from app.model import Lane, Metric, MetricKind

    project = synthetic_project(30, stages=3, seed=7)
    journey = project.journeys[0]
    metrics_lane = next((ln for ln in journey.lanes() if ln.kind is LaneKind.METRICS), None)
    if metrics_lane is None:
        metrics_lane = journey.add_lane(Lane(LaneKind.METRICS))
    journey.add_lane(Lane(LaneKind.BACKSTAGE))  # a lane below the metrics, which must move down
    stage = journey.stages()[1]
    metric = journey.add_metric(Metric(MetricKind.CSAT, "CSAT", value=70.0, unit="%", target=80.0), stage.id)
    overall = journey.add_metric(Metric(MetricKind.NPS, "NPS", value=12.0))
    live = IncrementalLayout(journey, project.personas)
    changes: list[Change] = []
    journey.subscribe(changes.append)
    chip_h = live.layout.cards[metric.id].rect.h
    below = live.layout.lanes[-1].row.y
    journey.update(metric.id, name="Share of customers satisfied with the delivery slot they were offered at checkout")
    delta = live.apply(changes)
    changes.clear()
    assert not delta.full and metric.id in delta.cards
    assert live.layout.cards[metric.id].rect.h > chip_h
    assert live.layout.lanes[-1].row.y > below and live.layout.lanes[-1].id in delta.lanes
    assert live.layout == layout_journey(journey, project.personas)
    # a journey-level chip under the metrics lane's title: the chips after it move, so all is laid out again
    journey.update(overall.id, name="Net Promoter Score across every channel, region and brand")
    delta = live.apply(changes)
    assert delta.full
    assert live.layout.cards[overall.id].rect.h > style.CHIP_H
    assert live.layout == layout_journey(journey, project.personas)
    # a value that still fits changes no geometry
    changes.clear()
    journey.update(metric.id, value=71.0)
    assert live.apply(changes) == LayoutDelta()
