"""`make bench` must not break silently: every benchmark runs end to end on tiny inputs and
prints its table (the figures themselves are not checked: speed is never a pass/fail test).

Each benchmark names its size constants in SIZE_OPTIONS; the tiny run shrinks exactly those, so a
benchmark that sized itself some other way (and so ignored the override) fails here."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[1] / "benchmarks"
NAMES = sorted(m.name for m in pkgutil.iter_modules([str(BENCH_DIR)]) if m.name.startswith("bench_"))
TINY = {"SIZES": (6,), "TOUCHPOINTS": 12, "FRAMES": 4, "SCROLL_STEPS": 3, "RUNS": 1, "LADDER_RUNGS": 5,
        "SURVEY_ROWS": (50,), "SECONDS": 0.3}


def test_every_benchmark_is_found():
    assert {"bench_canvas", "bench_files", "bench_formats", "bench_pdf", "bench_render", "bench_startup"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_benchmark_names_the_sizes_it_runs_at(name):
    module = importlib.import_module(f"benchmarks.{name}")
    options = getattr(module, "SIZE_OPTIONS", ())
    assert options, f"{name} has no SIZE_OPTIONS: its sizes cannot be overridden"
    for option in options:
        assert hasattr(module, option), f"{name}.SIZE_OPTIONS names {option}, which it does not define"
        assert option in TINY, f"the tiny run does not shrink {name}.{option}"


@pytest.mark.parametrize("name", NAMES)
def test_benchmark_runs_on_a_tiny_input(name, qapp, monkeypatch, capsys):
    module = importlib.import_module(f"benchmarks.{name}")
    for option in module.SIZE_OPTIONS:
        monkeypatch.setattr(module, option, TINY[option])
    module.main()
    out = capsys.readouterr().out
    assert "==" in out and " ms" in out  # a titled table with timings


def test_the_metrics_benchmark_runs_at_the_sizes_it_is_given(qapp, monkeypatch, capsys):
    module = importlib.import_module("benchmarks.bench_metrics")
    for option in module.SIZE_OPTIONS:
        monkeypatch.setattr(module, option, TINY[option])
    module.main()
    out = capsys.readouterr().out
    assert "synthetic 6 " in out and "ladder 10 + loop" in out and "50 rows" in out
    assert "2000" not in out and "100,000 rows" not in out
