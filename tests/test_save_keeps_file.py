"""Saving keeps what the user set up around a file: its mode and owner (and the .bak's), its
symbolic link, and a folder free of the temporary files of writers killed mid-save."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.formats import export_journey
from app.model import Project, load_project, save_project
from app.model.processes import process_alive, process_state
from app.model.synthetic import synthetic_project


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_and_bak_keep_the_mode_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_project(synthetic_project(3), path)
    os.chmod(path, 0o644)
    save_project(synthetic_project(4), path)
    assert _mode(path) == 0o644
    assert _mode(tmp_path / "map.journey.bak") == 0o644
    os.chmod(path, 0o640)
    save_project(synthetic_project(5), path)
    assert (_mode(path), _mode(tmp_path / "map.journey.bak")) == (0o640, 0o640)


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_file_and_bak_keep_the_owner_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_project(synthetic_project(3), path)
    os.chown(path, 4321, 4322)
    save_project(synthetic_project(4), path)
    for p in (path, tmp_path / "map.journey.bak"):
        assert (p.stat().st_uid, p.stat().st_gid) == (4321, 4322)


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        save_project(synthetic_project(3), tmp_path / "new.journey")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.journey") == 0o644


def test_saving_and_exporting_through_a_link_write_its_target(tmp_path: Path) -> None:
    real_dir = tmp_path / "shared"
    real_dir.mkdir()
    real = real_dir / "map.journey"
    save_project(synthetic_project(3), real)
    link = tmp_path / "map.journey"
    link.symlink_to(real)
    project = synthetic_project(7)
    save_project(project, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(load_project(real).journey().touchpoints()) == 7
    assert (real_dir / "map.journey.bak").exists() and not (tmp_path / "map.journey.bak").exists()

    csv_real = real_dir / "map.csv"
    csv_real.write_text("old", encoding="utf-8")
    csv_link = tmp_path / "map.csv"
    csv_link.symlink_to(csv_real)
    export_journey(project, project.journey(), csv_link)
    assert csv_link.is_symlink()
    assert csv_real.read_text(encoding="utf-8-sig").startswith("Stage,")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporaries_of_killed_writers_are_cleaned_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "map.journey"
    save_project(synthetic_project(3), path)
    dead = _dead_pid()
    stale = [tmp_path / f".map.journey.{dead}.abc123.tmp", tmp_path / f".map.journey.bak.{dead}.x_9.tmp"]
    running = tmp_path / f".map.journey.{os.getpid()}.zz.tmp"  # a save in progress: not ours to touch
    other = tmp_path / f".notes.txt.{dead}.q.tmp"  # another file's: left alone
    for p in (*stale, running, other):
        p.write_bytes(b"half a project")
    save_project(synthetic_project(4), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["map.journey", "map.journey.bak", running.name, other.name])


def test_a_zombie_counts_as_dead() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(200):  # exited but not reaped: a zombie until wait()
            if process_state(proc.pid) == "Z":
                break
            import time

            time.sleep(0.01)
        assert process_state(proc.pid) == "Z"
        assert not process_alive(proc.pid)
    finally:
        proc.wait()
    assert process_alive(os.getpid())


def test_a_project_over_the_limit_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.model import storage

    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 2000)
    path = tmp_path / "big.journey"
    with pytest.raises(OSError, match="Waymark reads project files of at most 2 KB, so it was not written"):
        save_project(synthetic_project(30), path)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []
    save_project(Project("Small"), tmp_path / "small.journey")
