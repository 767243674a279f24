"""`waymark workshop` refuses bad arguments with a message naming what is wrong, before serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.mark.parametrize(("args", "message"), [
    (["--port", "70000"], "--port must be from 0 to 65535, not 70000"),
    (["--votes", "-1"], "--votes must be from 0 to 100, not -1"),
    (["--minutes", "0"], "--minutes must be more than 0"),
    (["--journey", "Nope"], "no journey named 'Nope'"),
])
def test_bad_arguments_are_refused_with_a_reason(tmp_path, capsys, args, message):
    project = tmp_path / "map.journey"
    shutil.copy(SAMPLE, project)
    assert main(["workshop", str(project), "--host", "127.0.0.1", *args]) in (1, 2)
    assert message in capsys.readouterr().err
    assert not (tmp_path / "map.workshop.jsonl").exists()  # nothing started


def test_a_missing_file_is_named(tmp_path, capsys):
    assert main(["workshop", str(tmp_path / "gone.journey"), "--host", "127.0.0.1"]) == 1
    assert "gone.journey" in capsys.readouterr().err
