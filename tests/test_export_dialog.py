"""File > Export PDF... as a user drives it: choose paper, orientation, tiling and sections with
clicks and typing, press Export, and the PDF appears while the window stays usable."""

from __future__ import annotations


import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.model import load_project
from app.widgets.export_dialog import ExportPdfDialog
from app.widgets.main_window import MainWindow



@pytest.fixture
def window(saved_sample_window: MainWindow) -> MainWindow:
    return saved_sample_window


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
    for name in ("personas", "metrics", "comparison", "opportunities", "notes"):
        click(qtbot, dlg.section_boxes[name])
    out = tmp_path / "client deliverable.pdf"
    _type(qtbot, dlg.output, str(out))
    assert dlg.export_button.isEnabled()
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    assert out.exists()
    reader = PdfReader(str(out))
    map_pages = int(dlg.pages_label.text().split()[0])
    assert len(reader.pages) == 2 + map_pages  # cover, the map's pages, register
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (841.9, 1190.6)
    assert " ".join(window.current_journey().title.split()) in " ".join(reader.pages[0].extract_text().split())
    assert dlg.progress.value() == 100


def test_tile_mode_preview_and_export(qtbot, window, tmp_path):
    dlg = _dialog(qtbot, window)
    before = dlg.preview.pixmap().toImage()
    click(qtbot, dlg.tile)
    assert dlg.preview.pixmap().toImage() != before  # the preview shows the tiling grid
    assert "the assembly page and" in dlg.pages_label.text()
    for name in ("cover", "personas", "metrics", "comparison", "painpoints", "opportunities", "notes"):
        click(qtbot, dlg.section_boxes[name])
    out = tmp_path / "poster.pdf"
    _type(qtbot, dlg.output, str(out))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists() and dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    reader = PdfReader(str(out))
    pages = int(dlg.pages_label.text().split()[0])
    assert len(reader.pages) == pages > 1
    assert "Poster assembly" in reader.pages[0].extract_text()


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


def _strip_ready(dlg: ExportPdfDialog) -> bool:
    return dlg.pages_strip.count() > 0 and dlg.strip_label.text().startswith("The document")


def _thumbnail(dlg: ExportPdfDialog, row: int):
    item = dlg.pages_strip.item(row)
    return item.icon().pixmap(dlg.pages_strip.iconSize()).toImage()


def test_page_previews_show_the_real_pages_and_follow_the_options(qtbot, window, tmp_path):
    dlg = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: _strip_ready(dlg), timeout=60_000)
    # the strip holds the pages of the document the Export button would write
    out = tmp_path / "check.pdf"
    from app.export.pdf import PdfExporter

    PdfExporter(window.project(), dlg.options()).export(out)
    total = len(PdfReader(str(out)).pages)
    from app.widgets.export_dialog import THUMB_LIMIT

    assert dlg.pages_strip.count() == min(total, THUMB_LIMIT)  # a long document: its first pages
    assert f"{total} pages" in dlg.strip_label.text()
    assert dlg.pages_strip.item(0).toolTip() == f"Page 1 of {total}"
    cover = _thumbnail(dlg, 0)
    assert cover.width() > cover.height()  # A4 landscape
    colours = {cover.pixel(x, y) for x in range(0, cover.width(), 4) for y in range(0, cover.height(), 4)}
    assert len(colours) > 10  # a drawn page, not a blank rectangle

    # portrait, tiled, map only: the strip is rendered again from the new document
    click(qtbot, dlg.portrait)
    click(qtbot, dlg.tile)
    for name in ("cover", "personas", "metrics", "comparison", "painpoints", "opportunities", "notes"):
        click(qtbot, dlg.section_boxes[name])
    qtbot.waitUntil(lambda: _strip_ready(dlg) and dlg.pages_strip.item(0).toolTip().startswith("Page 1 of")
                    and dlg.pages_strip.count() == int(dlg.pages_label.text().split()[0]), timeout=60_000)
    first = _thumbnail(dlg, 0)
    assert first.height() > first.width()  # portrait now
    assert dlg.landscape.isChecked() is False and dlg.portrait.isChecked() and dlg.tile.isChecked()


def test_choosing_tile_mode_keeps_the_orientation(qtbot, window):
    """Each pair of radio buttons is its own choice: clicking "Tile" must not turn off "Landscape"."""
    dlg = _dialog(qtbot, window)
    click(qtbot, dlg.tile)
    assert dlg.tile.isChecked() and not dlg.fit.isChecked()
    assert dlg.landscape.isChecked() and not dlg.portrait.isChecked()
    assert dlg.options().orientation == "landscape" and dlg.options().mode == "tile"


def test_closing_the_dialog_stops_its_preview_thread(qtbot, window):
    import threading

    dlg = _dialog(qtbot, window)
    click(qtbot, dlg.tile)  # a preview is scheduled or running
    dlg.start_page_preview()
    dlg.reject()
    assert not [t for t in threading.enumerate() if t.name == "page-preview"]


def test_a_larger_smallest_text_prints_on_more_pages(qtbot, window, tmp_path):
    dlg = _dialog(qtbot, window)
    text = dlg.pages_label.text()
    assert "map pages of whole stages, text at least 6 pt" in text
    pages = int(text.split()[0])
    dlg.min_text.lineEdit().selectAll()
    qtbot.keyClicks(dlg.min_text.lineEdit(), "9")
    qtbot.keyClick(dlg.min_text.lineEdit(), Qt.Key.Key_Tab)
    assert dlg.options().min_text_pt == 9
    more = int(dlg.pages_label.text().split()[0])
    assert more > pages and "at least 9 pt" in dlg.pages_label.text()
    # the poster's scale starts at the least readable one for that size, and can be raised
    click(qtbot, dlg.tile)
    assert dlg.tile_scale.text() == "readable size" and dlg.options().tile_scale is None
    sheets = int(dlg.pages_label.text().split()[0])
    qtbot.keyClick(dlg.tile_scale.lineEdit(), Qt.Key.Key_Up)
    assert dlg.options().tile_scale == dlg.tile_scale.value() / 100 >= 1.3
    assert int(dlg.pages_label.text().split()[0]) >= sheets
    # a size typed as WIDTHxHEIGHTmm turns the orientation to match
    _type(qtbot, dlg.paper.lineEdit(), "300x600mm")
    assert dlg.portrait.isChecked() and dlg.options().page_points[1] > dlg.options().page_points[0]
    _type(qtbot, dlg.paper.lineEdit(), "auto")
    click(qtbot, dlg.fit)
    assert dlg.pages_label.text().startswith("1 map page")
    assert dlg.export_button.isEnabled()


def test_the_comparison_section_is_off_for_a_project_with_one_state(qtbot, window):
    from app.widgets.export_dialog import ExportPdfDialog

    both = _dialog(qtbot, window).section_boxes["comparison"]
    assert both.isEnabled() and both.isChecked()
    window.project().remove_journey(window.project().journeys[1].id)
    dlg = ExportPdfDialog(window)
    qtbot.addWidget(dlg)
    one = dlg.section_boxes["comparison"]
    assert not one.isEnabled() and not one.isChecked() and "one journey state" in one.toolTip()
    assert "comparison" not in dlg.options().sections


def test_characters_no_font_can_print_are_listed_before_and_after_the_export(qtbot, tmp_path, monkeypatch):
    from app.model import Journey, Lane, LaneKind, Project, Stage, Touchpoint
    from app.model.storage import save_project

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    project = Project("Glyphs")
    journey = project.add_journey(Journey("Glyphs"))
    cards = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
    stage = journey.add_stage(Stage("Purchase"))
    journey.add_touchpoint(Touchpoint("Checkout \U0001f600 \U00013000"), stage.id, cards.id)  # emoji, hieroglyph
    path = tmp_path / "glyphs.journey"
    save_project(project, path)
    window = MainWindow(load_project(path), path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    dlg = _dialog(qtbot, window)
    panel = dlg.unprintable
    assert panel.isVisible()  # before the export: the user sees what will be missing, and where
    assert "will be missing from the PDF" in panel.heading.text()
    assert panel.lines() == ['Touchpoint "Checkout \U0001f600 \U00013000" (stage Purchase): '
                             '\U00013000 (U+13000 EGYPTIAN HIEROGLYPH A001)']  # the emoji prints: not listed
    out = tmp_path / "glyphs.pdf"
    _type(qtbot, dlg.output, str(out))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.progress.value() == 100 and dlg.close_button.isEnabled(), timeout=60_000)
    assert out.exists()
    # after it: the dialog stays open to say the file was saved without those characters
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert "was saved" in panel.heading.text() and len(panel.lines()) == 1
    assert "could not be printed" in dlg.status.text() and "Traceback" not in dlg.status.text()
    qtbot.mouseClick(dlg.close_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()


def test_a_map_every_font_can_print_shows_no_character_warning(qtbot, window):
    dlg = _dialog(qtbot, window)
    assert not dlg.unprintable.isVisible()


def test_after_the_export_a_note_names_the_file_and_opens_it_or_its_folder(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QPushButton

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    dlg = _dialog(qtbot, window)
    out = tmp_path / "for the client.pdf"
    _type(qtbot, dlg.output, str(out))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "export_done") is not None, timeout=60_000)
    note = window.findChild(QMessageBox, "export_done")
    assert note.text() == "Exported for the client.pdf" and str(tmp_path) in note.informativeText()
    buttons = {b.text().replace("&", ""): b for b in note.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["Open"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons["Show in folder"], Qt.MouseButton.LeftButton)
    assert opened == [str(out), str(tmp_path)]
    note.close()
