"""Templates: each builds a valid project with the stages of its CX model, lanes, starter touchpoints
and suggested metrics attached to the right stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.model import LaneKind, ModelError, load_project, save_project
from app.model.serialize import project_to_dict
from app.model.templates import TEMPLATES, build_template

STAGES = {
    "five-stage": ["Awareness", "Consideration", "Purchase", "Post-Purchase", "Advocacy"],
    "loyalty-funnel": ["Awareness", "Consideration", "Purchase", "Loyalty", "Advocacy"],
    "value-journey": ["Aware", "Engage", "Subscribe", "Convert", "Excite", "Ascend", "Advocate", "Promote"],
    "digital-marketing": ["Recognition", "Consideration", "Purchase", "Retention", "Advocacy"],
}


def test_the_templates_are_all_there() -> None:
    assert list(TEMPLATES) == ["five-stage", "loyalty-funnel", "value-journey", "digital-marketing",
                               "service-blueprint", "blank"]
    for name, template in TEMPLATES.items():
        assert template.name == name and template.title and template.description


@pytest.mark.parametrize("name", list(STAGES))
def test_stages_follow_the_model(name: str) -> None:
    assert [s.name for s in build_template(name).journey().stages()] == STAGES[name]


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_template_saves_loads_and_is_sensible(name: str, tmp_path: Path) -> None:
    project = build_template(name)
    path = tmp_path / f"{name}.journey"
    save_project(project, path)
    assert project_to_dict(load_project(path)) == project_to_dict(project)
    j = project.journey()
    kinds = [lane.kind for lane in j.lanes()]
    assert LaneKind.TOUCHPOINTS in kinds and LaneKind.EMOTION in kinds
    assert len(j.stages()) >= 3
    if name == "blank":
        assert j.touchpoints() == [] and j.metrics() == []
        return
    touchpoints = j.touchpoints()
    assert len(touchpoints) >= 8
    assert len({t.channel for t in touchpoints}) >= 4
    assert {j.stage_of(t.id).id for t in touchpoints} == {s.id for s in j.stages()}  # every stage has some
    metrics = j.metrics()
    assert len(metrics) >= 3
    for m in metrics:
        assert m.target is not None and m.value is None  # suggested: the team fills in the value
        target = j.target_of(m.id)
        assert target is None or target in {s.id for s in j.stages()}


def test_metrics_sit_on_the_stage_they_measure() -> None:
    j = build_template("five-stage").journey()
    by_name = {j.get(j.target_of(m.id)).name if j.target_of(m.id) else None: m for m in j.metrics()}
    assert by_name["Advocacy"].kind.value == "nps"
    assert by_name["Purchase"].kind.value == "ces" and by_name["Purchase"].higher_is_better is False


def test_service_blueprint_has_frontstage_backstage_and_support_lanes() -> None:
    j = build_template("service-blueprint").journey()
    titles = [lane.title for lane in j.lanes()]
    assert titles[:4] == ["Customer actions", "Frontstage touchpoints", "Backstage (behind the line of visibility)",
                          "Support processes"]
    backstage = [lane for lane in j.lanes() if lane.kind is LaneKind.BACKSTAGE]
    assert len(backstage) == 2
    for lane in j.lanes()[:4]:
        assert j.touchpoints(lane_id=lane.id), f"{lane.title} has no starter cards"


def test_each_build_is_a_fresh_project_with_its_own_ids() -> None:
    a, b = build_template("five-stage"), build_template("five-stage", "Acme onboarding")
    assert {t.id for t in a.journey().touchpoints()}.isdisjoint(t.id for t in b.journey().touchpoints())
    assert b.title == b.journey().title == "Acme onboarding"
    a.journey().remove(a.journey().stages()[0].id)
    assert len(build_template("five-stage").journey().stages()) == 5


def test_unknown_template_names_the_choices() -> None:
    with pytest.raises(ModelError) as caught:
        build_template("seven-stage")
    message = str(caught.value)
    assert "'seven-stage'" in message
    for name in TEMPLATES:
        assert name in message
