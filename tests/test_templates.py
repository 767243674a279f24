"""Templates: each builds a valid project with the stages of its CX model, its lanes and the prompts to
answer in them: a clean scaffold, with no sample content or hidden metrics to delete first."""

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
def test_template_saves_loads_and_is_a_clean_scaffold(name: str, tmp_path: Path) -> None:
    project = build_template(name)
    path = tmp_path / f"{name}.journey"
    save_project(project, path)
    assert project_to_dict(load_project(path)) == project_to_dict(project)
    j = project.journey()
    kinds = [lane.kind for lane in j.lanes()]
    assert LaneKind.TOUCHPOINTS in kinds and LaneKind.EMOTION in kinds
    assert len(j.stages()) >= 3
    # nothing to delete before starting: no sample cards, pain points, opportunities, metrics or personas
    assert (j.touchpoints(), j.pain_points(), j.opportunities(), j.metrics(), j.path_edges()) == ([], [], [], [], [])
    assert project.personas == []
    # the prompts: one question per lane, in the journey's notes
    assert j.notes.startswith("For each stage, answer:")
    for lane in j.lanes():
        assert f"- {lane.title}: " in j.notes


def test_stages_say_what_happens_in_them() -> None:
    j = build_template("five-stage").journey()
    assert all(s.description for s in j.stages())
    assert j.stages()[0].description == "The customer first hears of the brand and its offer."


def test_service_blueprint_has_frontstage_backstage_and_support_lanes() -> None:
    j = build_template("service-blueprint").journey()
    titles = [lane.title for lane in j.lanes()]
    assert titles[:4] == ["Customer actions", "Frontstage touchpoints", "Backstage (behind the line of visibility)",
                          "Support processes"]
    backstage = [lane for lane in j.lanes() if lane.kind is LaneKind.BACKSTAGE]
    assert len(backstage) == 2
    assert "- Support processes: What happens behind the scenes to make it work?" in j.notes


def test_each_build_is_a_fresh_project_with_its_own_ids() -> None:
    a, b = build_template("five-stage"), build_template("five-stage", "Acme onboarding")
    assert {s.id for s in a.journey().stages()}.isdisjoint(s.id for s in b.journey().stages())
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
