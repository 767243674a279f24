"""`python -m app.doctor run|test`, which `make run` and `make test` call first: one line naming the missing
Debian packages, or silence. A fake `ldd` on PATH simulates a machine without libxcb-cursor0."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _doctor(purpose: str, tmp_path: Path, ldd_output: str | None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    environment.update(env, PYTHONPATH=str(ROOT))
    if ldd_output is not None:
        fake = tmp_path / "bin" / "ldd"
        fake.parent.mkdir(exist_ok=True)
        fake.write_text("#!/bin/sh\ncat <<'EOF'\n" + ldd_output + "EOF\n", encoding="utf-8")
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
        environment["PATH"] = f"{fake.parent}{os.pathsep}{environment.get('PATH', '')}"
    return subprocess.run([sys.executable, "-m", "app.doctor", purpose], capture_output=True, text=True,
                          env=environment, timeout=60, cwd=ROOT)


XCB_WITHOUT_CURSOR = """\tlibQt6XcbQpa.so.6 => /x/libQt6XcbQpa.so.6 (0x1)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb.so.1 => /lib/libxcb.so.1 (0x2)
"""


def test_a_missing_xcb_library_stops_make_run_with_one_line(tmp_path: Path) -> None:
    result = _doctor("run", tmp_path, XCB_WITHOUT_CURSOR)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == ["waymark: missing Debian packages: libxcb-cursor0 libxkbcommon-x11-0 "
                     "(sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0)"]
    assert result.stdout == ""


def test_nothing_missing_means_silence(tmp_path: Path) -> None:
    result = _doctor("test", tmp_path, "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_offscreen_tests_do_not_need_the_window_plugin(tmp_path: Path) -> None:
    # the real ldd of this machine: the offscreen plugin and QtWidgets load (the suite runs here)
    result = _doctor("test", tmp_path, None)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_window_plugin_is_checked_only_when_the_window_uses_it(tmp_path: Path) -> None:
    from app import doctor

    pyside = doctor.qt_folder()
    assert pyside is not None
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("WAYLAND_DISPLAY", raising=False)
        mp.delenv("QT_QPA_PLATFORM", raising=False)
        assert any(p.name == "libqxcb.so" for p in doctor.binaries_for("run", pyside))
        assert not any(p.name == "libqxcb.so" for p in doctor.binaries_for("test", pyside))
        mp.setenv("QT_QPA_PLATFORM", "offscreen")
        assert not any(p.name == "libqxcb.so" for p in doctor.binaries_for("run", pyside))


def test_an_unknown_library_is_still_named(tmp_path: Path) -> None:
    result = _doctor("test", tmp_path, "\tlibweird.so.9 => not found\n\tlibEGL.so.1 => not found\n")
    assert result.stderr.splitlines() == [
        "waymark: missing Debian packages: (the package with libweird.so.9) libegl1 (sudo apt-get install libegl1)"]
