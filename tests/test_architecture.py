"""The layers of docs/architecture.md, held by a test as well as by import-linter (`make lint`).

Every import statement in app/ is read from the source (lazy imports inside functions included),
so a rule broken only on some code path is caught too. The same rules as the contracts in
pyproject.toml: the model and the network parts import no Qt; layout and formats need no Qt;
render only QtGui (QtSurface paints with a QPainter); export, render, editing and live never reach
the views (app.widgets), which nothing but the entry point imports.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
ARCHITECTURE_DOC = ROOT / "docs" / "architecture.md"

# layer name -> the packages of app/ (top level) it may import; lower layers first
LAYERS: list[tuple[str, set[str]]] = [
    ("model", {"model"}),
    ("layout", {"layout", "model"}),
    ("formats", {"formats", "model"}),
    ("render", {"render", "layout", "model"}),
    ("export", {"export", "render", "layout", "formats", "model"}),
    ("editing", {"editing", "render", "layout", "formats", "model"}),
    # siblings of export and editing, not above them: the network parts reach the editor only
    # through thread-safe signals or queues that the views set up
    ("live", {"live", "render", "layout", "formats", "model"}),
]
NO_QT = {"model", "layout", "formats", "live"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: str | None = None) -> set[str]:
    """Absolute names of every module the file imports, anywhere in it (package: the file's own)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    if package is None:
        package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _files(package: str) -> list[Path]:
    return sorted((APP / package).rglob("*.py"))


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "app" and len(parts) > 1 else None


def test_the_architecture_page_is_in_the_repository_and_names_the_layers() -> None:
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8")
    for package in ("app/model", "app/layout", "app/render", "app/export", "app/editing", "app/live", "app/widgets"):
        assert package in text, f"docs/architecture.md does not describe {package}"


@pytest.mark.parametrize(("layer", "allowed"), LAYERS, ids=[name for name, _ in LAYERS])
def test_a_layer_imports_only_the_layers_below_it(layer: str, allowed: set[str]) -> None:
    files = _files(layer)
    if not files:
        pytest.skip(f"app/{layer} is not in this checkout")
    wrong = sorted(f"{path.relative_to(ROOT)} imports {name}"
                   for path in files for name in _imports(path)
                   if (top := _top(name)) is not None and top not in allowed and name != "app")
    assert wrong == []


@pytest.mark.parametrize("layer", sorted(NO_QT))
def test_model_layout_formats_and_live_import_no_qt(layer: str) -> None:
    files = _files(layer)
    if not files:
        pytest.skip(f"app/{layer} is not in this checkout")
    wrong = sorted(f"{path.relative_to(ROOT)} imports {name}" for path in files for name in _imports(path)
                   if name.split(".")[0] in ("PySide6", "shiboken6"))
    assert wrong == []


def test_render_uses_qtgui_only_and_only_in_qt_surface() -> None:
    qt = {path.name: {n for n in _imports(path) if n.startswith("PySide6")} for path in _files("render")}
    assert {name for name, used in qt.items() if used} == {"qt_surface.py"}
    assert not {n for n in qt["qt_surface.py"] if n.startswith("PySide6.QtWidgets")}


def test_nothing_imports_the_views_but_the_entry_point() -> None:
    importers = sorted(str(path.relative_to(ROOT)) for path in APP.rglob("*.py")
                       if not path.is_relative_to(APP / "widgets")
                       and any(_top(name) == "widgets" for name in _imports(path)))
    assert importers == ["app/cli.py"]


def test_the_import_reader_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """The checker itself: an export that reaches the views lazily and relatively is caught."""
    probe = tmp_path / "sneaky.py"
    probe.write_text("def run():\n    from ..widgets.canvas import JourneyCanvas\n"
                     "    from PySide6.QtWidgets import QApplication\n", encoding="utf-8")
    names = _imports(probe, package="app.export")
    assert "app.widgets.canvas" in names and _top("app.widgets.canvas") == "widgets"
    assert "PySide6.QtWidgets" in names


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_loading_the_model_and_layout_loads_no_qt() -> None:
    modules = [_module_name(p) for layer in ("model", "layout", "formats") for p in _files(layer)]
    assert len(modules) >= 10
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}


def test_cli_start_up_keeps_heavy_libraries_out() -> None:
    loaded = _loaded_after("import app.cli\napp.cli.build_parser()")
    heavy = {m.split(".")[0] for m in loaded} & {"matplotlib", "reportlab", "openpyxl", "PySide6"}
    assert heavy == set()
