"""The bundled sample project: regenerated identically, and as rich as a consultancy's real map."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from app.model import Journey, JourneyState, MetricKind, Project, load_project
from app.model.sample import SAMPLE_PATH, build_sample, write_sample
from app.model.serialize import project_to_dict
from app.model.vocabulary import FIVE_CS, KEY_COMPONENTS


@pytest.fixture(scope="module")
def sample() -> Project:
    return load_project(SAMPLE_PATH)


def test_committed_file_is_what_the_generator_writes(tmp_path: Path) -> None:
    fresh = write_sample(tmp_path / "online-retailer.journey")
    assert fresh.read_bytes() == SAMPLE_PATH.read_bytes(), (
        "resources/samples/online-retailer.journey is out of date: run python -m app.model.sample")
    assert project_to_dict(build_sample()) == project_to_dict(build_sample())


def test_the_makefile_opens_the_sample() -> None:
    makefile = (SAMPLE_PATH.parents[2] / "Makefile").read_text()
    assert "resources/samples/online-retailer.journey" in makefile
    assert SAMPLE_PATH.is_file()


def test_current_and_future_state_of_the_same_customer(sample: Project) -> None:
    current, future = sample.journeys
    assert (current.state, future.state) == (JourneyState.CURRENT, JourneyState.FUTURE)
    assert current.client == future.client == "Northwind Home"
    assert [s.name for s in current.stages()] == [s.name for s in future.stages()]
    assert len(sample.personas) == 2


def test_current_state_is_rich_enough(sample: Project) -> None:
    j = sample.journeys[0]
    assert len(j.stages()) >= 5
    front = [t for t in j.touchpoints() if t.emotion is not None]
    assert len(front) >= 25
    assert len({t.channel for t in front}) >= 6
    assert all(t.emotion_label for t in front)
    persona_ids = {p.id for p in sample.personas}
    assert all(set(t.persona_emotions) == persona_ids for t in front)
    assert any(t.moment_of_truth for t in front) and any(t.delight for t in front)
    assert all(t.owner for t in front)
    pains = j.pain_points()
    assert len(pains) == 8
    assert len({p.severity for p in pains}) >= 3 and all(p.votes > 0 for p in pains)
    assert len(j.opportunities()) == 5


def test_customer_path_branches_and_loops(sample: Project) -> None:
    j = sample.journeys[0]
    path = j.path_graph()
    assert any(path.out_degree(n) > 1 for n in path)
    assert next(nx.simple_cycles(path), None) is not None
    # every customer-facing touchpoint is on the path
    on_path = {n for n in path if path.degree(n) > 0}
    assert {t.id for t in j.touchpoints() if t.emotion is not None} <= on_path


def test_metrics_have_targets_samples_dates_sources_and_history(sample: Project) -> None:
    metrics = sample.journeys[0].metrics()
    assert Counter(m.kind for m in metrics) == Counter(
        {MetricKind.CSAT: 6, MetricKind.NPS: 7, MetricKind.CES: 1, MetricKind.RETENTION: 1, MetricKind.CLV: 1,
         MetricKind.CUSTOM: 1})  # CSAT and NPS per stage too: the satisfaction-loyalty view has six points
    for m in metrics:
        assert m.value is not None and m.target is not None and m.sample_size and m.date and m.source
        assert len(m.history) >= 3
        assert [h.date for h in m.history] == sorted(h.date for h in m.history)
    ces = next(m for m in metrics if m.kind is MetricKind.CES)
    assert ces.higher_is_better is False


def test_every_stage_has_a_cx_assessment(sample: Project) -> None:
    for j in sample.journeys:
        for stage in j.stages():
            assert set(stage.five_cs) == set(FIVE_CS)
            assert set(stage.components) == set(KEY_COMPONENTS)


def test_future_state_improves_the_experience(sample: Project) -> None:
    current, future = sample.journeys

    def mean(j: Journey) -> float:
        scores = [t.emotion for t in j.touchpoints() if t.emotion is not None]
        return sum(scores) / len(scores)

    assert mean(future) > mean(current) + 0.3
    now, then = {t.title for t in current.touchpoints()}, {t.title for t in future.touchpoints()}
    assert now - then and then - now  # touchpoints removed and added
    assert len(future.pain_points()) < len(current.pain_points())
    assert all(m.target is not None for m in future.metrics())


def test_ids_are_stable_uuids(sample: Project) -> None:
    import uuid

    rebuilt = build_sample()
    for a, b in zip(sample.journeys, rebuilt.journeys, strict=True):
        assert [t.id for t in a.touchpoints()] == [t.id for t in b.touchpoints()]
        assert all(uuid.UUID(t.id).version == 5 for t in a.touchpoints())
