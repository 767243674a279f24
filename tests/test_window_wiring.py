"""The window's lazy wiring of the other parts: import, export, metric editor, dashboard, insights, survey."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox

from app.model import Metric, MetricKind, load_project
from app.widgets.main_window import MainWindow
from shared_data import TESTDATA

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"
MERMAID = TESTDATA / "mermaid/docs-userJourney_working-day.mmd"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda _p, _t, text, *a, **k: seen.append(text)))
    return seen


@pytest.fixture
def window(qtbot, errors: list[str]) -> MainWindow:
    w = MainWindow(load_project(SAMPLE), SAMPLE)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_heavy_libraries_are_not_loaded_by_the_window() -> None:
    """Opening the sample and selecting on the canvas loads no matplotlib, reportlab or openpyxl
    (in a fresh process: other tests in this one may have loaded them)."""
    import json
    import os
    import subprocess

    code = (
        "import sys, json\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.model import load_project\n"
        "from app.widgets.main_window import MainWindow\n"
        f"w = MainWindow(load_project({str(SAMPLE)!r}), {str(SAMPLE)!r}); w.show(); app.processEvents()\n"
        "w.select_elements([w.current_journey().touchpoints()[0].id]); app.processEvents()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "PySide6" in loaded
    assert loaded & {"matplotlib", "reportlab", "openpyxl"} == set()


def test_selecting_a_metric_shows_the_metric_editor(window: MainWindow) -> None:
    from app.widgets.metric_editor import MetricEditor

    journey = window.current_journey()
    metric = window.editor.add_metric(journey, Metric(MetricKind.CSAT, value=72.0, target=80.0),
                                      journey.stages()[0].id)
    window.select_elements([metric.id])
    assert isinstance(window.inspector.form, MetricEditor)


def test_import_a_mermaid_file_as_a_new_untitled_project(window: MainWindow, errors: list[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(MERMAID), "")))
    window.actions_.import_.trigger()
    assert errors == []
    assert window.path is None
    assert window.isWindowModified()  # imported work is unsaved
    assert window.current_journey().touchpoints()


def test_import_of_a_bad_file_shows_its_message(window: MainWindow, errors: list[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "broken.mmd"
    bad.write_bytes(b"\xff\xfe not a journey at all \x00")
    before = window.project()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    window.actions_.import_.trigger()
    assert len(errors) == 1 and "broken.mmd" in errors[0]
    assert window.project() is before


@pytest.mark.parametrize("suffix", [".svg", ".mmd", ".csv"])
def test_export_writes_the_chosen_format(window: MainWindow, errors: list[str], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    target = tmp_path / f"map{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.actions_.export.trigger()
    assert errors == []
    assert target.exists() and target.stat().st_size > 0


def test_export_to_an_unknown_suffix_is_reported(window: MainWindow, errors: list[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.actions_.export.trigger()
    assert errors and ".docx" in errors[0]
    assert not target.exists()


@pytest.mark.parametrize(("action", "module", "attribute"), [
    ("insights", "app.widgets.insights", "_insights"),
    ("dashboard", "app.widgets.dashboard", "_dashboard"),
])
def test_dock_is_created_once_then_toggled(window: MainWindow, action: str, module: str, attribute: str) -> None:
    getattr(window.actions_, action).trigger()
    dock = getattr(window, attribute)
    assert isinstance(dock, QDockWidget) and dock.isVisible()
    getattr(window.actions_, action).trigger()
    assert getattr(window, attribute) is dock and not dock.isVisible()
    getattr(window.actions_, action).trigger()
    assert dock.isVisible()


def test_import_survey_opens_the_dialog(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.widgets.survey_dialog import SurveyImportDialog

    opened: list[SurveyImportDialog] = []
    monkeypatch.setattr(SurveyImportDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_.import_survey.trigger()
    assert len(opened) == 1


def test_export_pdf_opens_the_dialog(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.widgets.export_dialog import ExportPdfDialog

    opened: list[ExportPdfDialog] = []
    monkeypatch.setattr(ExportPdfDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_.export_pdf.trigger()
    assert len(opened) == 1
