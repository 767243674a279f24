"""Architecture rules from DESIGN.md that a test can hold: no Qt below the views, lazy heavy imports."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import app.layout
import app.model
import app.render

PURE_PACKAGES = [app.model, app.layout, app.render]


def _modules(package) -> list[str]:
    return [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_model_layout_and_render_never_import_qt() -> None:
    modules = [m for p in PURE_PACKAGES for m in _modules(p)]
    assert len(modules) >= 10
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}


def test_cli_start_up_keeps_heavy_libraries_out() -> None:
    loaded = _loaded_after("import app.cli\napp.cli.build_parser()")
    heavy = {m.split(".")[0] for m in loaded} & {"matplotlib", "reportlab", "openpyxl", "PySide6"}
    assert heavy == set()
