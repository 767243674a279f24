"""`waymark new`, `waymark templates` and `waymark validate`, through app.cli.main and once as a real
process of the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.model import load_project
from app.model.sample import SAMPLE_PATH
from app.model.templates import TEMPLATES

BAD = Path(__file__).parent / "data" / "bad"


def test_templates_lists_every_name_with_its_description(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates"]) == 0
    out = capsys.readouterr().out
    for name, template in TEMPLATES.items():
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert template.description in line


def test_templates_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == list(TEMPLATES)
    assert rows[0]["stages"][0] == "Awareness"


def test_new_creates_a_project_from_a_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "club.journey"
    assert main(["new", "--template", "loyalty-funnel", "-o", str(out), "--title", "Coffee club"]) == 0
    assert "created from the loyalty-funnel template" in capsys.readouterr().out
    project = load_project(out)
    assert project.title == "Coffee club"
    assert [s.name for s in project.journey().stages()][3] == "Loyalty"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.journey"
    out.write_text("my precious work", encoding="utf-8")
    assert main(["new", "--template", "blank", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "my precious work"
    assert main(["new", "--template", "blank", "-o", str(out), "--force"]) == 0
    assert load_project(out).journey().stages()[0].name == "Stage 1"
    assert (tmp_path / "map.journey.bak").read_text(encoding="utf-8") == "my precious work"


def test_new_with_an_unknown_template_names_the_choices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.journey"
    assert main(["new", "--template", "nine-stage", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nine-stage" in err and "five-stage" in err and "service-blueprint" in err
    assert not out.exists()


def test_new_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "-o", str(tmp_path / "nope" / "x.journey")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_validate_a_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SAMPLE_PATH)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (f"{SAMPLE_PATH}: valid (2 journeys, 2 personas, 50 touchpoints, "
                                    "11 pain points, 34 metrics)")
    assert captured.err == ""


def test_validate_reports_each_problem_with_file_and_field_path(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))
    doc["journeys"][0]["touchpoints"][3]["emotion"] = 7
    doc["journeys"][1]["metrics"][0]["target"] = 250
    bad = tmp_path / "bad.journey"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = bad.read_bytes()
    assert main(["validate", str(SAMPLE_PATH), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{SAMPLE_PATH}: valid")
    assert captured.err.splitlines() == [
        f"{bad}: journeys[0].touchpoints[3].emotion: 7 is out of range (allowed: -2 to 2)",
        f"{bad}: journeys[1].metrics[0].target: 250 is out of range (allowed: -100 to 100)",
    ]
    assert bad.read_bytes() == before


def test_validate_every_bad_file_of_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in BAD.glob("*.journey"))
    assert main(["validate", *files]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    named = {line.split(": ", 1)[0] for line in captured.err.splitlines()}
    assert named == set(files)
    assert "Traceback" not in captured.err


def test_validate_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "gone.journey")]) == 1
    assert "gone.journey: no such file" in capsys.readouterr().err


def test_the_installed_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("waymark")
    assert script.exists(), "make installs the waymark console script beside the venv's python"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = tmp_path / "map.journey"
    made = subprocess.run([str(script), "new", "-t", "value-journey", "-o", str(out)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    ok = subprocess.run([str(script), "validate", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0 and ok.stdout.startswith(f"{out}: valid (1 journey, 0 personas, 0 touchpoints")
    bad = subprocess.run([str(script), "validate", str(BAD / "nps-out-of-range.journey")], capture_output=True,
                         text=True, env=env, timeout=120)
    assert bad.returncode == 1
    assert "journeys[0].metrics[0].value: 150 is out of range (allowed: -100 to 100)" in bad.stderr
