"""`waymark import-survey MAP RESPONSES --kind ... --score-column ...`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.model import MetricKind, Project, load_project, save_project
from shared_data import TESTDATA
from tests.test_analytics import build_current

SURVEY = TESTDATA / "surveys/inputs_input_01.csv"
QUESTION = "On a scale of 0-10, how would you rate Sudzilla?"


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    current, _ids = build_current()
    project = Project("Shop")
    project.add_journey(current)
    path = tmp_path / "shop.journey"
    save_project(project, path)
    return path


def test_real_survey_updates_the_journey_nps_in_place(map_file, capsys):
    before = map_file.read_bytes()
    code = main(["import-survey", str(map_file), str(SURVEY), "--kind", "nps", "--score-column", QUESTION,
                 "--date-column", "Timestamp"])
    assert code == 0
    out = capsys.readouterr().out
    assert "39 rows, 39 answers used, 0 skipped" in out
    assert "NPS -35.9 ± 25.1 (n=39: 8 promoters, 9 passives, 22 detractors) for journey" in out
    assert (map_file.parent / "shop.journey.bak").read_bytes() == before  # the previous version is kept
    j = load_project(map_file).journeys[0]
    [nps] = [m for m in j.metrics(journey_level=True) if m.kind is MetricKind.NPS]
    assert (nps.value, nps.sample_size, nps.date, nps.target) == (-35.9, 39, "2019-11-04", 30.0)
    assert nps.history[-1].date == "2019-11-04" and nps.source == SURVEY.name


def test_per_stage_column_with_skipped_rows_to_an_output_file(map_file, tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "stage;score\n"      # line 1
        "Awareness;5\n"      # line 2
        "Awareness;2\n"      # line 3
        "Purchase;4\n"       # line 4
        "Nowhere;5\n"        # line 5: unknown stage
        "Purchase;six\n"     # line 6: not a number
        "\n"                 # line 7: blank
        "Purchase;0\n",      # line 8: outside 1-5
        encoding="utf-8")
    out_file = tmp_path / "out.journey"
    before = map_file.read_bytes()
    code = main(["import-survey", str(map_file), str(answers), "--kind", "csat", "--score-column", "score",
                 "--touchpoint-column", "stage", "-o", str(out_file)])
    assert code == 0
    out = capsys.readouterr().out
    # Awareness: 5, 2 -> one of two is 4-5 -> 50 %; Purchase: 4 -> 100 %
    assert "CSAT 50.0 % (n=2) for stage 'Awareness'" in out
    assert "CSAT 100.0 % (n=1) for stage 'Purchase'" in out
    assert "line 5: no stage or touchpoint named 'Nowhere' in the journey" in out
    assert "line 6: not a number: 'six'" in out
    assert "line 7: blank row" in out
    assert "line 8: 0 is outside the CSAT scale 1-5" in out
    assert map_file.read_bytes() == before  # -o leaves the map alone
    j = load_project(out_file).journeys[0]
    aw = j.find("Awareness")
    [csat] = j.metrics(aw.id)
    assert (csat.value, csat.sample_size, csat.target) == (50.0, 2, 80.0)  # the existing CSAT, target kept
    pu = j.find("Purchase")
    [new] = [m for m in j.metrics(pu.id) if m.kind is MetricKind.CSAT]
    assert (new.value, new.sample_size) == (100.0, 1)


def test_unknown_column_lists_the_columns(map_file, capsys):
    before = map_file.read_bytes()
    assert main(["import-survey", str(map_file), str(SURVEY), "--kind", "nps", "--score-column", "Score"]) == 1
    err = capsys.readouterr().err
    assert "no column named 'Score'; the columns are 'Timestamp'," in err
    assert map_file.read_bytes() == before


def test_no_usable_answers_changes_nothing(map_file, tmp_path, capsys):
    answers = tmp_path / "a.csv"
    answers.write_text("score\n11\n\n", encoding="utf-8")
    before = map_file.read_bytes()
    assert main(["import-survey", str(map_file), str(answers), "--kind", "nps", "--score-column", "score"]) == 1
    captured = capsys.readouterr()
    assert "line 2: 11 is outside the NPS scale 0-10" in captured.out
    assert "no usable answers" in captured.err
    assert map_file.read_bytes() == before and not (map_file.parent / "shop.journey.bak").exists()


def test_bad_inputs_exit_1_with_a_message(map_file, tmp_path, capsys):
    assert main(["import-survey", str(map_file), str(tmp_path / "none.csv"), "--kind", "nps",
                 "--score-column", "x"]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["import-survey", str(map_file), str(SURVEY), "--kind", "nps", "--score-column", QUESTION,
                 "--stage", "Checkout"]) == 1
    assert "no stage named 'Checkout'" in capsys.readouterr().err
    broken = tmp_path / "broken.journey"
    broken.write_text("[]", encoding="utf-8")
    assert main(["import-survey", str(broken), str(SURVEY), "--kind", "nps", "--score-column", QUESTION]) == 1
    assert str(broken) in capsys.readouterr().err


def test_xlsx_for_a_fixed_touchpoint(map_file, tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Effort"])
    for score in (2, 3, 7):
        book.active.append([score])
    xlsx = tmp_path / "effort.xlsx"
    book.save(xlsx)
    copy = tmp_path / "copy.journey"
    shutil.copy(map_file, copy)
    assert main(["import-survey", str(copy), str(xlsx), "--kind", "ces", "--score-column", "effort",
                 "--touchpoint", "checkout"]) == 0
    # (2 + 3 + 7) / 3 = 4.0
    assert "CES 4.00 (n=3) for touchpoint 'Checkout'" in capsys.readouterr().out
    j = load_project(copy).journeys[0]
    [ces] = j.metrics(j.find("Checkout").id)
    assert (ces.value, ces.sample_size, ces.target) == (4.0, 3, 3.0)
