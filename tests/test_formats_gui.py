"""File > Import and File > Export in the window, driven by their keyboard shortcuts (file dialogs patched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.formats import import_project
from app.widgets.main_window import MainWindow
from shared_data import TESTDATA
from shots import SHOTS

MERMAID = TESTDATA / "mermaid/docs-userJourney_working-day.mmd"
OJF = TESTDATA / "ojf/hotel-check-in-blueprint.ojf"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    found: list[str] = []

    def critical(_parent, _title, text, *args, **kwargs):
        found.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(critical))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    return found


@pytest.fixture
def window(qtbot, errors: list[str]) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    asked: list[str] = []

    def get_open(_parent, caption, _dir="", file_filter="", *args, **kwargs):
        asked.append(file_filter)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open))
    return asked


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)


def test_import_mermaid_shows_the_journey(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                          errors: list[str]) -> None:
    asked = choose_file(monkeypatch, MERMAID)
    press(qtbot, window, Qt.Key.Key_I)
    assert asked and "*.mmd" in asked[0]
    assert errors == []
    journey = window.current_journey()
    assert journey.title == "My working day"
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith("My working day")
    scene = window.current_canvas().journey_scene
    assert len(scene.card_items) == 5
    assert [scene.stage_items[s.id].box.name for s in journey.stages()] == ["Go to work", "Go home"]
    assert [p.name for p in window.project().personas] == ["Me", "Cat"]
    assert window.isWindowModified()  # imported work is not saved yet
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "imported-mermaid.png"))


def test_import_openjourney_shows_its_lanes(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    choose_file(monkeypatch, OJF)
    press(qtbot, window, Qt.Key.Key_I)
    journey = window.current_journey()
    assert journey.title == "Hotel Arrival & Check-in"
    assert len(window.current_canvas().journey_scene.card_items) == len(journey.touchpoints()) == 4
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "imported-ojf.png"))


def test_bad_file_is_reported_and_the_open_map_stays(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                                     errors: list[str], tmp_path: Path) -> None:
    before = window.current_journey()
    bad = tmp_path / "bad.mmd"
    bad.write_text("journey\nsection A\n  Make tea; 5: Me\n", encoding="utf-8")
    choose_file(monkeypatch, bad)
    press(qtbot, window, Qt.Key.Key_I)
    assert len(errors) == 1 and "bad.mmd, line 3" in errors[0] and "';'" in errors[0]
    assert window.current_journey() is before


@pytest.mark.parametrize(("suffix", "chosen"), [(".mmd", "Mermaid journey (*.mmd)"), (".csv", "CSV table (*.csv)"),
                                                (".xlsx", "Excel workbook (*.xlsx)")])
def test_export_writes_a_file_that_imports_back(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path, errors: list[str], suffix: str, chosen: str) -> None:
    choose_file(monkeypatch, MERMAID)
    press(qtbot, window, Qt.Key.Key_I)
    target = tmp_path / f"exported{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), chosen)))
    press(qtbot, window, Qt.Key.Key_E)
    assert errors == []
    assert target.exists()
    again = import_project(target).journey()
    shown = window.current_journey()
    assert [(t.title, t.emotion) for t in again.touchpoints()] == [(t.title, t.emotion) for t in shown.touchpoints()]


def test_import_warnings_are_shown_and_the_map_opens(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                                     errors: list[str], tmp_path: Path) -> None:
    table = tmp_path / "plan.csv"
    table.write_text("Stage,Title,Emotion,Budget\nVisit,Walk in,+1,20\n", encoding="utf-8")
    choose_file(monkeypatch, table)
    press(qtbot, window, Qt.Key.Key_I)
    assert len(errors) == 1 and "unknown column 'Budget'" in errors[0] and "plan.csv was imported" in errors[0]
    assert window.current_journey().title == "plan"
    assert window.current_journey().find("Walk in").notes == "Budget: 20"
