"""No lost updates: commands that read, change and write a project hold its advisory lock."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.cli import main
from app.model import MetricKind, Project, load_project, save_project
from app.model import locking
from app.model.locking import ProjectLock, ProjectLocked
from tests.test_analytics import build_current

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    current, _ids = build_current()
    project = Project("Shop")
    project.add_journey(current)
    path = tmp_path / "shop.journey"
    save_project(project, path)
    return path


def _answers(folder: Path, name: str, scores: list[int]) -> Path:
    path = folder / name
    path.write_text("score\n" + "".join(f"{s}\n" for s in scores), encoding="utf-8")
    return path


def _survey_args(map_file: Path, answers: Path, stage: str) -> list[str]:
    return ["import-survey", str(map_file), str(answers), "--kind", "csat", "--score-column", "score",
            "--stage", stage]


def test_two_simultaneous_survey_imports_both_land(map_file: Path, tmp_path: Path) -> None:
    a = _answers(tmp_path, "a.csv", [5, 5, 4, 1])
    b = _answers(tmp_path, "b.csv", [2, 2, 5])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), *_survey_args(map_file, f, stage)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for f, stage in ((a, "Awareness"), (b, "Purchase"))]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    j = load_project(map_file).journeys[0]
    csat = {j.get(j.target_of(m.id)).name: (m.value, m.sample_size) for m in j.metrics()
            if m.kind is MetricKind.CSAT and j.target_of(m.id) is not None}
    assert csat["Awareness"] == (75.0, 4)
    assert csat["Purchase"] == pytest.approx((33.3, 3), abs=0.05)
    assert not list(tmp_path.glob(".*.lock"))  # no lock files left to pile up beside projects


def test_writers_one_after_another_never_hold_the_lock_together(map_file: Path) -> None:
    inside: list[int] = []
    overlaps: list[int] = []

    def writer(n: int) -> None:
        for _ in range(15):
            with ProjectLock(map_file, wait=30):
                inside.append(n)
                if len(inside) > 1:
                    overlaps.append(n)
                time.sleep(0.001)
                inside.remove(n)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert overlaps == []


def test_a_second_writer_waits_for_the_first(map_file: Path, tmp_path: Path) -> None:
    answers = _answers(tmp_path, "a.csv", [5, 4])
    holder = ProjectLock(map_file)
    holder.acquire()
    release_at = time.monotonic() + 0.6
    timer = threading.Timer(0.6, holder.release)
    timer.start()
    try:
        assert main(_survey_args(map_file, answers, "Awareness")) == 0
    finally:
        timer.cancel()
        holder.release()
    assert time.monotonic() >= release_at  # it waited instead of writing over the holder's work
    j = load_project(map_file).journeys[0]
    assert any(m.kind is MetricKind.CSAT for m in j.metrics())


def test_a_writer_that_cannot_get_the_lock_names_the_holder(map_file: Path, tmp_path: Path, capsys,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "DEFAULT_WAIT_S", 0.2)
    answers = _answers(tmp_path, "a.csv", [5, 4])
    before = map_file.read_bytes()
    with ProjectLock(map_file):
        assert main(_survey_args(map_file, answers, "Awareness")) == 1
    err = capsys.readouterr().err
    assert f"is being changed by process {os.getpid()} on " in err
    assert "since 20" in err and "waited 0.2 s" in err
    assert map_file.read_bytes() == before


def test_the_lock_dies_with_its_process(map_file: Path) -> None:
    code = ("import sys, time; from app.model.locking import ProjectLock; "
            f"ProjectLock({str(map_file)!r}).acquire(); print('held', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"held"
        with pytest.raises(ProjectLocked, match=f"process {proc.pid} on "):
            ProjectLock(map_file, wait=0.1).acquire()
    finally:
        proc.kill()
        proc.wait()
    with ProjectLock(map_file, wait=1.0):  # kill -9 released it
        pass
