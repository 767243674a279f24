"""`waymark info FILE [--journey NAME] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.model import Metric, MetricKind, MetricSample, Project, save_project
from tests.test_analytics import SAMPLE, build_current, build_future


@pytest.fixture
def project_file(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    current, ids = build_current()
    current.add_metric(Metric(MetricKind.CSAT, name="Checkout CSAT", value=88.0, target=85.0, unit="%",
                              sample_size=240, date="2026-03-31", source="Q1 survey",
                              history=[MetricSample("2026-03-31", 88.0, 240)]), ids["F"])
    project = Project("Shop")
    project.add_journey(current)
    project.add_journey(build_future())
    path = tmp_path / "shop.journey"
    save_project(project, path)
    return path, ids


def test_json_lists_every_metric_with_its_attachment(project_file, capsys):
    path, ids = project_file
    assert main(["info", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    current = data["journeys"][0]
    metrics = {m["name"]: m for m in current["metrics"]}
    assert set(metrics) == {"NPS", "CSAT", "CES", "Checkout CSAT"}
    m = metrics["Checkout CSAT"]
    assert (m["kind"], m["value"], m["target"], m["unit"], m["sample_size"], m["date"]) == (
        "csat", 88.0, 85.0, "%", 240, "2026-03-31")
    assert m["meets_target"] is True  # 88 >= 85
    assert m["attached_to"] == {"kind": "touchpoint", "id": ids["F"], "name": "Gets receipt"}
    assert metrics["NPS"]["attached_to"]["kind"] == "journey"
    assert metrics["CSAT"]["attached_to"] == {"kind": "stage", "id": ids["S:Awareness"], "name": "Awareness"}
    assert metrics["CES"]["meets_target"] is False  # lower is better: 4 > 3
    assert metrics["CES"]["date"] is None
    assert m["history"] == [{"date": "2026-03-31", "value": 88.0, "sample_size": 240}]


def test_json_counts_and_analytics(project_file, capsys):
    path, ids = project_file
    assert main(["info", str(path), "--json", "--journey", "current"]) == 0
    data = json.loads(capsys.readouterr().out)
    [j] = data["journeys"]
    # touchpoints: 8 on the touchpoints lane + 1 thought card = 9, website C, X, E
    assert j["touchpoints"] == 9
    assert j["touchpoints_by_channel"]["website"] == 3
    # pain points: severities 4, 5, 2, 1 on touchpoints and 5 on a stage
    assert j["pain_points"] == 5
    assert j["pain_points_by_severity"] == {"1": 1, "2": 1, "4": 1, "5": 2}
    a = j["analytics"]
    assert a["critical_path"] == {"ids": [ids[k] for k in "ACDEF"], "pain_weight": 22}
    assert a["moments_of_truth"]["highest_pain"] == [ids["D"]]
    assert a["unreachable"] == [ids["X"]] and a["dead_ends"] == [ids["G"]]
    assert a["comparison"]["added"] and any(f["category"] == "Loops" for f in a["findings"])
    assert [e["emotion"] for e in j["emotion_curve"]][:3] == [1, 0, None]


def test_text_output_for_people(project_file, capsys):
    path, _ids = project_file
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Project: Shop (2 journeys, 0 personas)" in out
    assert "Stages (4): Awareness (3), Consideration (4), Purchase (2), Loyalty (0)" in out
    assert "Checkout CSAT" in out and "target 85 % (met)" in out and "n=240" in out
    assert "Critical path, pain weight 22: Sees advert → Reads reviews → Asks in chat → Checkout → Gets receipt" in out
    assert "Unreachable touchpoints (1): Visits store page" in out


def test_load_errors_are_one_line_each_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.journey"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["info", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(str(bad)) and "Traceback" not in err
    assert main(["info", str(tmp_path / "missing.journey")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_unknown_journey_is_named(project_file, capsys):
    path, _ids = project_file
    assert main(["info", str(path), "--journey", "Nope"]) == 1
    err = capsys.readouterr().err
    assert "no journey named 'Nope'" in err and "'Current'" in err


def test_info_on_the_sample(capsys):
    assert main(["info", str(SAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    current = data["journeys"][0]
    assert len(current["metrics"]) >= 6
    assert all(m["attached_to"]["kind"] in ("journey", "stage", "touchpoint") for m in current["metrics"])
    # the heaviest pain: 5 x (1 + 11) = 60 on the "order delayed" email
    assert current["analytics"]["moments_of_truth"]["pain_weight"] == 60
