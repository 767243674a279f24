"""The live co-editing parts keep to the architecture: app/live imports no Qt, the editor loads no network
code until a live session starts, and `waymark serve` / `waymark room` load no Qt either."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import app.live.collab


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_app_live_never_imports_qt() -> None:
    modules = [f"app.live.collab.{m.name}" for m in pkgutil.iter_modules(app.live.collab.__path__)]
    assert len(modules) >= 8
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}


def test_the_editor_window_loads_no_network_code_until_a_session_starts() -> None:
    loaded = _loaded_after("import os\nos.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
                           "from PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
                           "from app.widgets.main_window import MainWindow\nw = MainWindow()")
    # the workshop's journal reader (plain files) may load to offer resuming a session; no server, no network
    network = ("pycrdt", "uvicorn", "websockets", "starlette", "app.live.collab", "app.live.workshop.server")
    assert not {m for m in loaded if m.startswith(network)}


def test_serve_and_room_commands_load_no_qt() -> None:
    loaded = _loaded_after("from app.cli import build_parser\nbuild_parser()\n"
                           "import app.live.collab.server, app.live.collab.client")
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}
