"""Invariants of the journey model: compact order after every mutation, cascade removal and exact
restore, observers told of each change, metric ranges and lane kinds."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from app.model import (
    Annotation,
    AnnotationKind,
    Change,
    Channel,
    Journey,
    Lane,
    LaneKind,
    Metric,
    MetricKind,
    MetricSample,
    ModelError,
    NodeKind,
    Persona,
    Project,
    Rel,
    Stage,
    Touchpoint,
)
from app.model.serialize import journey_to_dict, project_to_dict
from app.model.synthetic import synthetic_project


# ------------------------------------------------------------------ invariant checks
def assert_consistent(j: Journey) -> None:
    """Order indices are 0..n-1 in every group, and the graph's edges make sense."""
    assert [s.position for s in j.stages()] == list(range(len(j.stages())))
    assert [ln.position for ln in j.lanes()] == list(range(len(j.lanes())))
    for stage in j.stages():
        for lane in j.lanes():
            assert [t.order for t in j.touchpoints(stage.id, lane.id)] == list(range(len(
                j.touchpoints(stage.id, lane.id))))
    groups: dict[tuple, list[int]] = {}
    for ann in j.annotations():
        groups.setdefault(("ann", j.target_of(ann.id), ann.kind), []).append(ann.order)
    for metric in j.metrics():
        groups.setdefault(("metric", j.target_of(metric.id)), []).append(metric.order)
    for key, orders in groups.items():
        assert sorted(orders) == list(range(len(orders))), key
    for node, data in j.graph.nodes(data=True):
        rels = Counter(d["rel"] for _, _, d in j.graph.out_edges(node, data=True))
        kind = data["kind"]
        if kind is NodeKind.TOUCHPOINT:
            assert rels[Rel.IN_STAGE] == 1 and rels[Rel.IN_LANE] == 1
            assert j.lane_of(node).kind.holds_cards
        elif kind is NodeKind.ANNOTATION:
            assert rels == Counter({Rel.ABOUT: 1})
        elif kind is NodeKind.METRIC:
            assert set(rels) <= {Rel.MEASURES} and rels[Rel.MEASURES] <= 1
        else:
            assert not rels
    for a, b in j.path_edges():
        assert j.kind_of(a) is NodeKind.TOUCHPOINT and j.kind_of(b) is NodeKind.TOUCHPOINT and a != b


def _small_journey() -> Journey:
    j = Journey("Test")
    for name in ("Awareness", "Consideration", "Purchase"):
        j.add_stage(Stage(name))
    j.add_lane(Lane(LaneKind.TOUCHPOINTS))
    j.add_lane(Lane(LaneKind.EMOTION))
    j.add_lane(Lane(LaneKind.BACKSTAGE))
    return j


# ------------------------------------------------------------------ random mutations
def _random_mutation(j: Journey, rnd: random.Random, removals: list) -> None:
    stages, lanes, tps = j.stages(), j.lanes(), j.touchpoints()
    card_lanes = [ln for ln in lanes if ln.kind.holds_cards]
    anns, metrics = j.annotations(), j.metrics()
    pending = removals[:]  # a removal is undone only right after it, as the undo stack does
    removals.clear()
    op = rnd.choice(["stage", "lane", "tp", "tp", "tp", "ann", "metric", "remove", "restore", "move_tp",
                     "move", "attach", "path", "unpath", "update"])
    if op == "stage" or not stages:
        j.add_stage(Stage(f"S{rnd.randint(0, 999)}"), rnd.randint(0, len(stages) + 1))
    elif op == "lane" or not card_lanes:
        j.add_lane(Lane(rnd.choice(list(LaneKind))), rnd.randint(0, len(lanes)))
    elif op == "tp" or not tps:
        stage, lane = rnd.choice(stages), rnd.choice(card_lanes)
        j.add_touchpoint(Touchpoint(f"T{rnd.randint(0, 999)}", emotion=rnd.randint(-2, 2)), stage.id, lane.id,
                         rnd.randint(0, 5))
    elif op == "ann":
        target = rnd.choice([*stages, *tps]).id
        j.add_annotation(Annotation(rnd.choice(list(AnnotationKind)), "note", severity=rnd.randint(1, 5)), target,
                         rnd.randint(0, 3))
    elif op == "metric":
        target = rnd.choice([None, *(s.id for s in stages), *(t.id for t in tps)])
        j.add_metric(Metric(MetricKind.CSAT, value=float(rnd.randint(0, 100))), target, rnd.randint(0, 3))
    elif op == "remove":
        victim = rnd.choice([*stages, *lanes, *tps, *anns, *metrics])
        removals.append(j.remove(victim.id))
    elif op == "restore" and pending:
        j.restore(pending.pop())
    elif op == "move_tp":
        j.move_touchpoint(rnd.choice(tps).id, rnd.choice(stages).id, rnd.choice(card_lanes).id, rnd.randint(0, 4))
    elif op == "move":
        element = rnd.choice([*stages, *lanes, *anns, *metrics])
        j.move(element.id, rnd.randint(0, 6))
    elif op == "attach" and (anns or metrics):
        element = rnd.choice([*anns, *metrics])
        choices = [s.id for s in stages] + [t.id for t in tps]
        target = rnd.choice(choices + ([None] if isinstance(element, Metric) else []))
        j.attach(element.id, target, rnd.randint(0, 3))
    elif op == "path" and len(tps) > 1:
        a, b = rnd.sample(tps, 2)
        if not j.graph.has_edge(a.id, b.id):
            j.add_path(a.id, b.id)
    elif op == "unpath" and j.path_edges():
        j.remove_path(*rnd.choice(j.path_edges()))
    elif op == "update":
        j.update(rnd.choice(tps).id, emotion=rnd.randint(-2, 2), title=f"T{rnd.randint(0, 9)}")


@pytest.mark.parametrize("seed", range(12))
def test_order_stays_compact_after_every_mutation(seed: int) -> None:
    rnd = random.Random(seed)
    j = _small_journey()
    removals: list = []
    for _ in range(150):
        try:
            _random_mutation(j, rnd, removals)
        except ModelError:
            pass  # a refused edit must leave the journey consistent too
        assert_consistent(j)


# ------------------------------------------------------------------ removal and restore
def _populated() -> tuple[Project, Journey]:
    project = synthetic_project(60, seed=3)
    return project, project.journey()


@pytest.mark.parametrize("which", ["stage", "lane", "touchpoint", "annotation", "metric"])
def test_removal_cascades_and_restore_is_exact(which: str) -> None:
    project, j = _populated()
    before = journey_to_dict(j)
    victim = {
        "stage": j.stages()[1].id,
        "lane": j.card_lane().id,  # type: ignore[union-attr]
        "touchpoint": j.touchpoints()[7].id,
        "annotation": j.pain_points()[2].id,
        "metric": j.metrics()[0].id,
    }[which]
    dependants = set()
    if which == "stage":
        dependants = {t.id for t in j.touchpoints(victim)}
    elif which == "lane":
        dependants = {t.id for t in j.touchpoints(lane_id=victim)}
    owned = {a.id for t in [*dependants, victim] if t in j for a in j.annotations(target_id=t)}
    owned |= {m.id for t in [*dependants, victim] if t in j for m in j.metrics(target_id=t)}
    removal = j.remove(victim)
    gone = {victim} | dependants | owned
    assert set(removal.ids) == gone
    for element_id in gone:
        assert element_id not in j
    assert all(a not in gone and b not in gone for a, b in j.path_edges())
    assert_consistent(j)
    j.restore(removal)
    assert journey_to_dict(j) == before
    assert_consistent(j)


def test_removing_a_middle_card_renumbers_and_restore_puts_it_back_in_place() -> None:
    j = _small_journey()
    stage, lane = j.stages()[0].id, j.lanes()[0].id
    cards = [j.add_touchpoint(Touchpoint(name), stage, lane) for name in "ABCD"]
    j.add_path(cards[0].id, cards[1].id)
    j.add_path(cards[1].id, cards[2].id)
    removal = j.remove(cards[1].id)
    assert [(t.title, t.order) for t in j.touchpoints(stage, lane)] == [("A", 0), ("C", 1), ("D", 2)]
    assert j.path_edges() == []
    j.restore(removal)
    assert [(t.title, t.order) for t in j.touchpoints(stage, lane)] == [("A", 0), ("B", 1), ("C", 2), ("D", 3)]
    assert sorted(j.path_edges()) == sorted([(cards[0].id, cards[1].id), (cards[1].id, cards[2].id)])


def test_restore_refuses_when_what_it_hangs_on_is_gone() -> None:
    j = _small_journey()
    tp = j.add_touchpoint(Touchpoint("Card"), j.stages()[0].id, j.lanes()[0].id)
    removal = j.remove(tp.id)
    j.remove(j.stages()[0].id)
    before = journey_to_dict(j)
    with pytest.raises(ModelError, match="no longer exists"):
        j.restore(removal)
    assert journey_to_dict(j) == before
    assert_consistent(j)


def test_persona_removal_takes_its_scores_and_restore_returns_them() -> None:
    project, j = _populated()
    persona = project.personas[0]
    before = project_to_dict(project)
    removal = project.remove_persona(persona.id)
    assert all(persona.id not in t.persona_emotions for t in j.touchpoints())
    assert persona not in project.personas
    project.restore_persona(removal)
    assert project_to_dict(project) == before


# ------------------------------------------------------------------ observers
def test_observers_are_told_of_each_change() -> None:
    j = _small_journey()
    seen: list[Change] = []
    j.subscribe(seen.append)
    stage, lane = j.stages()[0].id, j.lanes()[0].id
    tp = j.add_touchpoint(Touchpoint("Visits the website", channel=Channel.WEBSITE), stage, lane)
    other = j.add_touchpoint(Touchpoint("Opens the email"), stage, lane)
    j.update(tp.id, emotion=2)
    j.add_path(tp.id, other.id)
    j.move_touchpoint(other.id, j.stages()[1].id, lane)
    j.move(j.stages()[2].id, 0)
    j.set_meta(title="Renamed")
    j.remove(other.id)
    assert [(c.op, c.ids) for c in seen] == [
        ("added", (tp.id,)),
        ("added", (other.id,)),
        ("updated", (tp.id,)),
        ("path_added", (tp.id, other.id)),
        ("moved", (other.id,)),
        ("reordered", (j.stages()[0].id,)),
        ("meta", (j.id,)),
        ("removed", (other.id,)),
    ]
    assert seen[2].fields == ("emotion",)
    j.unsubscribe(seen.append)
    j.add_stage(Stage("Later"))
    assert len(seen) == 8


def test_batched_changes_are_told_once_as_a_reset() -> None:
    j = _small_journey()
    seen: list[Change] = []
    j.subscribe(seen.append)
    with j.batched():
        for i in range(5):
            j.add_stage(Stage(f"Extra {i}"))
    assert [c.op for c in seen] == ["reset"]


def test_refused_edit_tells_nobody_and_changes_nothing() -> None:
    j = _small_journey()
    tp = j.add_touchpoint(Touchpoint("Calls support"), j.stages()[0].id, j.lanes()[0].id)
    seen: list[Change] = []
    j.subscribe(seen.append)
    with pytest.raises(ModelError, match="-2 to \\+2"):
        j.update(tp.id, emotion=5)
    assert tp.emotion is None and seen == []


# ------------------------------------------------------------------ metric ranges
@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (MetricKind.NPS, (-100, 0, 100), (-101, 100.5)),
        (MetricKind.CSAT, (0, 55.5, 100), (-0.1, 101)),
        (MetricKind.RETENTION, (0, 100), (-1, 100.01)),
        (MetricKind.CES, (1, 4.2, 7), (0.9, 7.5)),
        (MetricKind.CLV, (0, 1e6), (-0.01,)),
        (MetricKind.CUSTOM, (-1e9, 0, 1e9), (float("nan"), float("inf"))),
    ],
)
def test_metric_ranges(kind: MetricKind, good: tuple, bad: tuple) -> None:
    j = _small_journey()
    metric = j.add_metric(Metric(kind))
    for value in good:
        j.update(metric.id, value=value, target=value)
        assert metric.value == value
        Metric(kind, history=[MetricSample("2026-01-01", value)]).validate()
    for value in bad:
        with pytest.raises(ModelError):
            j.update(metric.id, value=value)
        with pytest.raises(ModelError):
            j.update(metric.id, target=value)
        with pytest.raises(ModelError):
            j.add_metric(Metric(kind, history=[MetricSample("2026-01-01", value)]))
    assert metric.value == good[-1]


def test_meets_target_respects_direction() -> None:
    assert Metric(MetricKind.NPS, value=30, target=25).meets_target() is True
    assert Metric(MetricKind.CES, value=3.5, target=3.0, higher_is_better=False).meets_target() is False
    assert Metric(MetricKind.CES, value=2.5, target=3.0, higher_is_better=False).meets_target() is True
    assert Metric(MetricKind.CSAT, value=80).meets_target() is None


@pytest.mark.parametrize(("field", "value"), [("severity", 0), ("severity", 6), ("votes", -1), ("severity", 2.5)])
def test_annotation_ranges(field: str, value: object) -> None:
    j = _small_journey()
    ann = j.add_annotation(Annotation(AnnotationKind.PAIN_POINT, "Slow delivery"), j.stages()[0].id)
    with pytest.raises(ModelError):
        j.update(ann.id, **{field: value})
    assert (ann.severity, ann.votes) == (3, 0)


def test_cx_scores_and_stage_width() -> None:
    j = _small_journey()
    stage = j.stages()[0]
    j.update(stage.id, five_cs={"clarity": 5, "concern": 1})
    with pytest.raises(ModelError, match="unknown CX dimension"):
        j.update(stage.id, components={"speed": 3})
    with pytest.raises(ModelError):
        j.update(stage.id, five_cs={"clarity": 6})
    with pytest.raises(ModelError):
        j.update(stage.id, width=0.1)
    assert stage.five_cs == {"clarity": 5, "concern": 1}


# ------------------------------------------------------------------ lane kinds
def test_touchpoints_only_go_in_card_lanes() -> None:
    j = _small_journey()
    emotion_lane = j.lanes_of_kind(LaneKind.EMOTION)[0]
    with pytest.raises(ModelError, match="does not hold touchpoint cards"):
        j.add_touchpoint(Touchpoint("Nowhere"), j.stages()[0].id, emotion_lane.id)
    tp = j.add_touchpoint(Touchpoint("Somewhere"), j.stages()[0].id, j.lanes()[0].id)
    with pytest.raises(ModelError):
        j.move_touchpoint(tp.id, j.stages()[0].id, emotion_lane.id)
    assert j.lane_of(tp.id).kind is LaneKind.TOUCHPOINTS


def test_lane_kind_change_refused_while_it_holds_cards() -> None:
    j = _small_journey()
    lane = j.lanes()[0]
    j.add_touchpoint(Touchpoint("Card"), j.stages()[0].id, lane.id)
    with pytest.raises(ModelError, match="holds cards"):
        j.update(lane.id, kind=LaneKind.EMOTION)
    j.update(lane.id, kind=LaneKind.BACKSTAGE)  # another card lane is fine
    assert lane.kind is LaneKind.BACKSTAGE
    empty = j.lanes_of_kind(LaneKind.BACKSTAGE)[-1]
    j.update(empty.id, kind=LaneKind.METRICS)
    assert empty.kind is LaneKind.METRICS


def test_lane_hidden_lanes_are_left_out_of_visible_lanes() -> None:
    j = _small_journey()
    lane = j.lanes()[1]
    j.update(lane.id, hidden=True)
    assert lane not in j.lanes(visible_only=True)
    assert lane in j.lanes()


def test_unknown_vocabulary_is_refused() -> None:
    with pytest.raises(ValueError):
        Touchpoint("Fax", channel="fax")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Lane("swimlane")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Metric("ltv")  # type: ignore[arg-type]


def test_duplicate_ids_and_self_paths_are_refused() -> None:
    j = _small_journey()
    stage = j.stages()[0]
    with pytest.raises(ModelError, match="duplicate id"):
        j.add_stage(Stage("Again", id=stage.id))
    tp = j.add_touchpoint(Touchpoint("Card"), stage.id, j.lanes()[0].id)
    with pytest.raises(ModelError, match="itself"):
        j.add_path(tp.id, tp.id)
    project = Project()
    project.add_persona(Persona("Sam", id="p"))
    with pytest.raises(ModelError, match="duplicate persona"):
        project.add_persona(Persona("Sam again", id="p"))


@pytest.mark.parametrize("which", ["synthetic", "sample"])
def test_opening_a_file_builds_the_same_journey_as_adding_element_by_element(which: str) -> None:
    """The file loader fills the graph in one pass (Journey.load_elements); the result is the graph
    the one-by-one adds (with all their checks) build: nodes, edges, their order, every field."""
    import json

    from app.model.sample import build_sample
    from app.model.serialize import project_from_dict
    from app.model.storage import load_bytes

    project = synthetic_project(120, seed=5) if which == "synthetic" else build_sample()
    data = json.dumps(project_to_dict(project)).encode()
    loaded = load_bytes(data)
    one_by_one = project_from_dict(json.loads(data))
    assert project_to_dict(loaded) == project_to_dict(project)
    for fast, slow in zip(loaded.journeys, one_by_one.journeys, strict=True):
        assert list(fast.graph._node) == list(slow.graph._node)
        assert list(fast.graph.edges(data=True)) == list(slow.graph.edges(data=True))
        assert all(list(fast.graph._pred[n]) == list(slow.graph._pred[n]) for n in slow.graph)
        for node, attrs in slow.graph.nodes(data=True):
            assert fast.graph.nodes[node]["kind"] is attrs["kind"]
            assert fast.graph.nodes[node]["obj"] == attrs["obj"]
        # and it edits as any journey: a card added to a cell goes last, a removal renumbers
        tp = fast.touchpoints()[0]
        stage, lane = fast.stage_of(tp.id).id, fast.lane_of(tp.id).id
        added = fast.add_touchpoint(Touchpoint("New"), stage, lane)
        assert added.order == len(fast.touchpoints(stage, lane)) - 1
        fast.remove(tp.id)
        assert [t.order for t in fast.touchpoints(stage, lane)] == list(range(len(fast.touchpoints(stage, lane))))
