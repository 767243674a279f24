"""`waymark import FILE -o OUT.journey`: summary, warnings, one-line errors, nothing written on failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.model import load_project
from shared_data import TESTDATA

MERMAID = TESTDATA / "mermaid"
OJF = TESTDATA / "ojf"


@pytest.mark.parametrize("source", [MERMAID / "docs-userJourney_working-day.mmd", OJF / "customer-support.ojf"],
                         ids=lambda p: p.suffix)
def test_import_writes_a_project_and_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      source: Path) -> None:
    out = tmp_path / "map.journey"
    assert main(["import", str(source), "-o", str(out)]) == 0
    stdout = capsys.readouterr().out
    project = load_project(out)
    journey = project.journey()
    assert f"{len(journey.stages())} stages" in stdout
    assert f"{len(journey.touchpoints())} touchpoints" in stdout
    assert "0 warnings" in stdout and str(out) in stdout


def test_import_table_made_in_a_spreadsheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "plan.csv"
    table.write_text("Stage,Title,Emotion,Budget\nVisit,Walk in,+1,20\n", encoding="utf-8")
    out = tmp_path / "plan.journey"
    assert main(["import", str(table), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "1 stage, 1 touchpoint, 0 personas, 1 warning" in captured.out
    assert "warning: unknown column 'Budget'" in captured.err
    assert load_project(out).journey().find("Walk in").notes == "Budget: 20"


def test_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = MERMAID / "cypress-journey-spec_10_should-correctly-render-the-user-journey-diagram-t.mmd"
    assert main(["import", str(source), "-o", str(tmp_path / "x.journey")]) == 0
    captured = capsys.readouterr()
    assert "1 warning)" in captured.out
    assert "warning: line 21:" in captured.err


@pytest.mark.parametrize(("name", "text", "words"), [
    ("bad.mmd", "journey\nsection A\n  Make tea\n", "bad.mmd, line 3, column 3: 'Make tea' is not a journey"),
    ("bad.mmd", "title x\n", "line 1, column 1: a Mermaid journey diagram starts with the word 'journey'"),
    ("bad.csv", "Stage,Title,Emotion\nA,B,happy\n", "row 2, Emotion: 'happy' is not an emotion score"),
    ("bad.xlsx", "not a workbook", "not an Excel workbook"),
    ("bad.ojf", "{oops", "line 1, column 2: not valid JSON"),
    ("bad.ojf", '{"stages": [{"id": 1}]}', "stages[0].id: expected text, found a number 1"),
    ("bad.txt", "journey", "cannot import .txt"),
])
def test_bad_input_is_one_line_exit_1_and_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                  text: str, words: str) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.journey"
    assert main(["import", str(source), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("waymark import: ")
    assert words in lines[0]
    assert "Traceback" not in captured.err and captured.out == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = MERMAID / "docs-userJourney_working-day.mmd"
    out = tmp_path / "map.journey"
    out.write_text("keep me", encoding="utf-8")
    assert main(["import", str(source), "-o", str(out)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["import", str(source), "-o", str(out), "--force"]) == 0
    assert load_project(out).journey().title == "My working day"
    assert (tmp_path / "map.journey.bak").read_text(encoding="utf-8") == "keep me"


def test_missing_file_and_wrong_output_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.mmd"), "-o", str(tmp_path / "x.journey")]) == 1
    assert "nope.mmd: no such file" in capsys.readouterr().err
    assert main(["import", str(MERMAID / "docs-userJourney_working-day.mmd"), "-o", str(tmp_path / "x.csv")]) == 1
    assert "should end in .journey" in capsys.readouterr().err


def test_export_then_import_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "first.journey"
    assert main(["import", str(MERMAID / "cypress-platform_go-shopping.mmd"), "-o", str(first)]) == 0
    for suffix in (".mmd", ".csv", ".xlsx"):
        exported = tmp_path / f"shopping{suffix}"
        assert main(["export", str(first), "-o", str(exported)]) == 0
        again = tmp_path / f"again{suffix[1:]}.journey"
        assert main(["import", str(exported), "-o", str(again)]) == 0
        a, b = load_project(first).journey(), load_project(again).journey()
        assert [s.name for s in a.stages()] == [s.name for s in b.stages()]
        assert [(t.title, t.emotion) for t in a.touchpoints()] == [(t.title, t.emotion) for t in b.touchpoints()]
    capsys.readouterr()


def test_import_refuses_a_project_no_command_could_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from app.model import storage

    source = tmp_path / "big.mmd"
    source.write_text("journey\n  title Big\n  section One\n"
                      + "".join(f"    Task number {i}: 3: Me\n" for i in range(400)), encoding="utf-8")
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 50_000)  # the one limit, smaller for the test
    out = tmp_path / "big.journey"
    assert main(["import", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"waymark import: cannot write {out}: the project would be a ")
    assert "Waymark reads project files of at most 48.9 KB, so it was not written" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["big.mmd"]
