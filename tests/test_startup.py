"""Editor start-up through the real front door (`waymark FILE`), each in a fresh process: what it
loads before the first paint, and that the collector paused for start-up comes back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"

_PROBE = f"""
import gc, json, sys
from app.cli import main
code = main([{str(SAMPLE)!r}])
print(json.dumps({{"code": code, "gc_enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
                  "modules": list(sys.modules)}}))  # in the order they were imported
"""


def _start_editor() -> dict:
    env = dict(os.environ, WAYMARK_QUIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_start_up_pauses_the_collector_only_until_the_first_paint() -> None:
    started = _start_editor()
    assert started["code"] == 0
    assert started["gc_enabled"]  # back on once the window painted
    assert started["frozen"] > 10_000  # what start-up made is frozen, out of later collections


# What the first window does not need to paint the sample: loaded when first used.
LAZY = {
    "networkx's algorithms, generators, readers and drawing": ["networkx.algorithms", "networkx.generators",
                                                               "networkx.readwrite", "networkx.drawing"],
    "heavy libraries": ["matplotlib", "reportlab", "openpyxl", "numpy", "jsonschema", "pypdfium2", "bidi",
                        "arabic_reshaper"],
    "exports, imports and analytics": ["app.export", "app.formats", "app.commands", "app.model.analytics",
                                       "app.model.survey", "app.model.templates", "app.model.sample"],
    "dialogs and hidden docks": ["app.widgets.export_dialog", "app.widgets.new_dialog", "app.widgets.survey_dialog",
                                 "app.widgets.metric_editor", "app.widgets.shortcuts_dialog",
                                 "app.widgets.dashboard", "app.widgets.insights", "app.widgets.compare"],
    "canvas parts used on demand": ["app.widgets.canvas_menus", "app.widgets.clipboard"],
    "crash recovery (after the first paint)": ["app.widgets.recovery"],
    "ids for new elements and autosaves": ["uuid"],
}


def test_start_up_loads_only_what_the_first_paint_needs() -> None:
    modules = set(_start_editor()["modules"])
    assert "app.widgets.main_window" in modules and "networkx" in modules
    loaded = {why: [m for m in names if m in modules] for why, names in LAZY.items()}
    assert loaded == {why: [] for why in LAZY}


def test_the_qt_free_parts_load_before_qt() -> None:
    """PySide6's import hook reads the source of every module importing after it: networkx (a few
    hundred modules) and the model load first, or start-up pays ~35 ms more."""
    order = _start_editor()["modules"]
    qt = order.index("PySide6")
    assert order.index("networkx") < qt
    assert order.index("app.model") < qt and order.index("app.layout") < qt


_BACKGROUND_PROBE = f"""
import json, sys, threading
import app.layout, app.model, app.render.draw
from PySide6.QtCore import QTimer
from app.widgets import application

seen = {{}}
open_window = application.open_window
def watched(path):
    window = open_window(path)
    def painted():
        seen["at_paint"] = "networkx.algorithms" in sys.modules
        QTimer.singleShot(0, lambda: seen.setdefault("threads", [t.name for t in threading.enumerate()]))
        QTimer.singleShot(1500, window.close)
    application._AfterFirstPaint(window, painted)
    return window
application.open_window = watched
code = application.run_editor({str(SAMPLE)!r})
import networkx
print(json.dumps({{"code": code, **seen, "at_close": "networkx.algorithms" in sys.modules,
                  "condensation": callable(getattr(networkx, "condensation", None))}}))
"""


def test_after_the_first_paint_the_rest_of_networkx_loads_in_the_background(tmp_path: Path) -> None:
    """So the first analysis (the Insights dock) does not wait ~85 ms for networkx's algorithms."""
    env = {k: v for k, v in os.environ.items() if k != "WAYMARK_QUIT_AFTER_SHOW"}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", _BACKGROUND_PROBE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["code"] == 0
    assert got["at_paint"] is False  # not before the window is up
    assert "networkx-import" in got["threads"]
    assert got["at_close"] is True and got["condensation"] is True
