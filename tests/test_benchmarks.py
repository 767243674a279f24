"""`make bench` must not break silently: every benchmark runs end to end on tiny inputs and
prints its table (the figures themselves are not checked: speed is never a pass/fail test)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[1] / "benchmarks"
NAMES = sorted(m.name for m in pkgutil.iter_modules([str(BENCH_DIR)]) if m.name.startswith("bench_"))
TINY = {"SIZES": (6,), "TOUCHPOINTS": 12, "FRAMES": 4, "RUNS": 1, "SECONDS": 0.3}


def test_every_benchmark_is_found():
    assert {"bench_canvas", "bench_files", "bench_formats", "bench_pdf", "bench_render", "bench_startup"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_benchmark_runs_on_a_tiny_input(name, qapp, monkeypatch, capsys):
    module = importlib.import_module(f"benchmarks.{name}")
    for constant, value in TINY.items():
        if hasattr(module, constant):
            monkeypatch.setattr(module, constant, value)
    module.main()
    out = capsys.readouterr().out
    assert "==" in out and " ms" in out  # a titled table with timings
