"""Appending is O(1) (sibling-group sizes derived from the graph); the orders it gives must be the ones a
full renumbering would give, whatever edits came before."""

from __future__ import annotations

import random

from app.model import Annotation, AnnotationKind, Metric, MetricKind, Touchpoint
from app.model.synthetic import synthetic_project


def _assert_compact(journey) -> None:
    for stage in journey.stages():
        for lane in journey.lanes():
            cell = journey.touchpoints(stage.id, lane.id)
            assert [t.order for t in cell] == list(range(len(cell)))
    assert [s.position for s in journey.stages()] == list(range(len(journey.stages())))
    for tp in journey.touchpoints():
        for kind in AnnotationKind:
            group = journey.annotations(kind, tp.id)
            assert sorted(a.order for a in group) == list(range(len(group)))
    journey_level = journey.metrics(journey_level=True)
    assert sorted(m.order for m in journey_level) == list(range(len(journey_level)))


def test_appends_after_any_edit_stay_compact_and_last() -> None:
    rnd = random.Random(5)
    journey = synthetic_project(60, seed=3).journey()
    card_lanes = [lane for lane in journey.lanes() if lane.kind.holds_cards]
    for step in range(300):
        stages, tps = journey.stages(), journey.touchpoints()
        action = rnd.randrange(6)
        stage, lane = rnd.choice(stages), rnd.choice(card_lanes)
        if action == 0 or not tps:
            tp = journey.add_touchpoint(Touchpoint(f"new {step}"), stage.id, lane.id)
            assert journey.touchpoints(stage.id, lane.id)[-1] is tp
        elif action == 1:
            journey.add_touchpoint(Touchpoint(f"inserted {step}"), stage.id, lane.id, rnd.randint(0, 3))
        elif action == 2:
            journey.remove(rnd.choice(tps).id)
        elif action == 3:
            journey.move_touchpoint(rnd.choice(tps).id, stage.id, lane.id, rnd.choice([None, 0, 2]))
        elif action == 4:
            removal = journey.remove(rnd.choice(tps).id)
            journey.restore(removal)
        else:
            target = rnd.choice(tps)
            ann = journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, f"pain {step}"), target.id)
            assert journey.annotations(AnnotationKind.PAIN_POINT, target.id)[-1] is ann
            journey.add_metric(Metric(MetricKind.CUSTOM, f"kpi {step}"))
        _assert_compact(journey)


def test_an_append_after_a_removal_or_a_move_out_takes_the_next_place() -> None:
    journey = synthetic_project(30, seed=2).journey()  # built by appending: every cell's size is known
    tps = journey.touchpoints()
    first = tps[0]
    stage, lane = journey.stage_of(first.id).id, journey.lane_of(first.id).id
    journey.remove(first.id)
    after_removal = journey.add_touchpoint(Touchpoint("after a removal"), stage, lane)
    assert after_removal.order == len(journey.touchpoints(stage, lane)) - 1
    moved = journey.touchpoints(stage, lane)[0]
    other_stage = journey.stages()[-1].id
    journey.move_touchpoint(moved.id, other_stage, lane)
    after_move = journey.add_touchpoint(Touchpoint("after a move out"), stage, lane)
    assert after_move.order == len(journey.touchpoints(stage, lane)) - 1
    target = journey.touchpoints()[3]
    pains = [journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, f"p{i}"), target.id) for i in range(3)]
    journey.remove(pains[0].id)
    last = journey.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "last"), target.id)
    assert [a.order for a in journey.pain_points(target.id)] == [0, 1, 2] and last.order == 2
    _assert_compact(journey)
