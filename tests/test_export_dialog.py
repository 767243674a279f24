"""File > Export PDF... as a user drives it: choose paper, orientation, tiling and sections with
clicks and typing, press Export, and the PDF appears while the window stays usable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.model import load_project
from app.widgets.export_dialog import ExportPdfDialog
from app.widgets.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    path = tmp_path / "retailer.journey"
    shutil.copyfile(SAMPLE, path)
    w = MainWindow(load_project(path), path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _dialog(qtbot, window: MainWindow) -> ExportPdfDialog:
    dlg = ExportPdfDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def click(qtbot, button) -> None:
    """Click a check box or radio button on its indicator, as a user does."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _type(qtbot, line_edit, text: str) -> None:
    line_edit.selectAll()
    qtbot.keyClick(line_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(line_edit, text)


def test_export_button_writes_the_pdf_with_the_chosen_options(qtbot, window, tmp_path):
    dlg = _dialog(qtbot, window)
    _type(qtbot, dlg.paper.lineEdit(), "A3")
    click(qtbot, dlg.portrait)
    for name in ("personas", "metrics", "notes"):
        click(qtbot, dlg.section_boxes[name])
    out = tmp_path / "client deliverable.pdf"
    _type(qtbot, dlg.output, str(out))
    assert dlg.export_button.isEnabled()
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    assert out.exists()
    reader = PdfReader(str(out))
    assert len(reader.pages) == 3  # cover, map, register
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (841.9, 1190.6)
    assert " ".join(window.current_journey().title.split()) in " ".join(reader.pages[0].extract_text().split())
    assert dlg.progress.value() == 100


def test_tile_mode_preview_and_export(qtbot, window, tmp_path):
    dlg = _dialog(qtbot, window)
    before = dlg.preview.pixmap().toImage()
    click(qtbot, dlg.tile)
    assert dlg.preview.pixmap().toImage() != before  # the preview shows the tiling grid
    assert "overview + tiles" in dlg.pages_label.text()
    for name in ("cover", "personas", "metrics", "painpoints", "notes"):
        click(qtbot, dlg.section_boxes[name])
    out = tmp_path / "poster.pdf"
    _type(qtbot, dlg.output, str(out))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists() and dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    reader = PdfReader(str(out))
    pages = int(dlg.pages_label.text().split()[0])
    assert len(reader.pages) == pages > 1
    assert "Poster tiling overview" in reader.pages[0].extract_text()


def test_bad_paper_size_disables_export_and_says_why(qtbot, window):
    dlg = _dialog(qtbot, window)
    _type(qtbot, dlg.paper.lineEdit(), "A7")
    assert not dlg.export_button.isEnabled()
    assert "A7" in dlg.status.text()
    _type(qtbot, dlg.paper.lineEdit(), "600x400mm")
    assert dlg.export_button.isEnabled()
    for box in dlg.section_boxes.values():
        click(qtbot, box)
    assert not dlg.export_button.isEnabled()
    assert "section" in dlg.status.text()


def test_window_stays_responsive_and_the_model_untouched_during_export(qtbot, window, tmp_path):
    from app.model.serialize import project_to_dict

    before = project_to_dict(window.project())
    dlg = _dialog(qtbot, window)
    out = tmp_path / "busy.pdf"
    _type(qtbot, dlg.output, str(out))
    seen: list[int] = []
    dlg.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert not dlg.export_button.isEnabled()  # returns at once: the export runs in a worker thread
    QApplication.processEvents()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    assert out.exists()
    assert seen and seen[-1] == 100 and len(set(seen)) > 2
    assert project_to_dict(window.project()) == before


def test_unwritable_folder_shows_the_problem(qtbot, window, tmp_path):
    dlg = _dialog(qtbot, window)
    _type(qtbot, dlg.output, str(tmp_path / "missing" / "x.pdf"))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Could not export" in dlg.status.text(), timeout=30_000)
    assert "does not exist" in dlg.status.text()
    assert dlg.isVisible() and dlg.export_button.isEnabled()
