"""The report's brand in the Export PDF dialog and an opportunity's owner and status in the
inspector, driven as a user does (typing, clicking, choosing files and colours), each an undo step."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QComboBox, QFileDialog, QLineEdit

from app.model.vocabulary import OpportunityStatus
from app.widgets.export_dialog import ExportPdfDialog
from app.widgets.inspector import AnnotationForm
from app.widgets.main_window import MainWindow



@pytest.fixture
def window(saved_sample_window: MainWindow) -> MainWindow:
    return saved_sample_window


@pytest.fixture
def dialog(qtbot, window: MainWindow) -> ExportPdfDialog:
    dlg = ExportPdfDialog(window)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def png_file(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "logo.png"
    buf = io.BytesIO()
    Image.new("RGB", (120, 40), (10, 124, 110)).save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return path


def test_typing_the_brand_fields_saves_them_in_the_project_as_undo_steps(qtbot, window, dialog) -> None:
    box = dialog.report_box
    stack = window.editor.stack
    before = stack.count()
    saved = window.project().report.confidentiality  # the sample's own line
    assert box.fields["confidentiality"].text() == saved
    type_into(qtbot, box.fields["organisation"], "Northwind Consulting")
    type_into(qtbot, box.fields["confidentiality"], "Confidential: for Northwind Home")
    report = window.project().report
    assert (report.organisation, report.confidentiality) == ("Northwind Consulting", "Confidential: for Northwind Home")
    assert stack.count() == before + 2 and stack.undoText() == "Edit report settings"
    assert window.isWindowModified() or not stack.isClean()  # the project has unsaved changes
    stack.undo()  # the field follows the model back
    assert window.project().report.confidentiality == saved
    assert box.fields["confidentiality"].text() == saved
    stack.redo()
    assert box.fields["confidentiality"].text() == "Confidential: for Northwind Home"


def test_choosing_a_logo_stores_it_in_the_project_and_a_broken_one_is_refused(qtbot, window, dialog, tmp_path,
                                                                              monkeypatch) -> None:
    box = dialog.report_box
    chosen = {"path": str(png_file(tmp_path))}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (chosen["path"], "")))
    qtbot.mouseClick(box.logo_button, Qt.MouseButton.LeftButton)
    assert window.project().report.logo.startswith("data:image/png;base64,")
    assert box.logo_label.text().startswith("PNG")
    assert window.editor.stack.undoText() == "Set report logo"
    steps = window.editor.stack.count()

    broken = tmp_path / "broken.png"
    broken.write_bytes(png_file(tmp_path).read_bytes()[:50])
    chosen["path"] = str(broken)
    qtbot.mouseClick(box.logo_button, Qt.MouseButton.LeftButton)
    assert box.error.isVisible()
    assert "PNG logo is damaged" in box.error.text()
    assert window.editor.stack.count() == steps  # refused: no dead step on the undo stack
    assert window.project().report.logo.startswith("data:image/png;base64,")  # the good one stays

    big = tmp_path / "huge.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2_500_000))
    chosen["path"] = str(big)
    qtbot.mouseClick(box.logo_button, Qt.MouseButton.LeftButton)
    assert box.error.text() == "The file huge.png is 2.5 MB; a logo may be at most 2 MB"

    qtbot.mouseClick(box.logo_remove, Qt.MouseButton.LeftButton)
    assert window.project().report.logo == "" and box.logo_label.text() == "none"
    assert not box.error.isVisible()


def test_accent_colour_and_language(qtbot, window, dialog, monkeypatch) -> None:
    box = dialog.report_box
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#0a7c6e")))
    qtbot.mouseClick(box.accent_button, Qt.MouseButton.LeftButton)
    assert window.project().report.accent == "#0a7c6e"
    assert box.accent_button.text() == "#0a7c6e"
    type_into(qtbot, box.language, "English please")
    assert "BCP 47" in box.error.text()
    assert box.language.text() == window.project().language  # the model refused; the field shows it again
    type_into(qtbot, box.language, "fr-CA")
    assert window.project().language == "fr-CA"
    window.editor.stack.undo()
    window.editor.stack.undo()
    assert window.project().report.accent == "" and box.accent_button.text() == "default"


def test_the_exported_pdf_carries_the_brand_typed_in_the_dialog(qtbot, window, dialog, tmp_path) -> None:
    box = dialog.report_box
    type_into(qtbot, box.fields["organisation"], "Northwind Consulting")
    type_into(qtbot, box.fields["footer"], "Northwind CX practice")
    type_into(qtbot, box.fields["version"], "2.0 draft")
    out = tmp_path / "branded.pdf"
    dialog.output.setText(str(out))
    for name, check in dialog.section_boxes.items():
        check.setChecked(name in ("cover", "painpoints"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists() and dialog.exported_path is not None, timeout=30000)
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert "Northwind Consulting" in pages[0] and "2.0 draft" in pages[0]
    assert all("Northwind CX practice" in p for p in pages[1:])
    assert not any("Waymark" in p for p in pages)


def test_opportunity_owner_and_status_in_the_inspector(qtbot, window) -> None:
    from tests.test_inspector import click_element

    journey = window.current_journey()
    opportunity = journey.opportunities()[0]
    click_element(qtbot, window, opportunity.id)
    form = window.inspector.form
    assert isinstance(form, AnnotationForm)
    owner = form.findChild(QLineEdit, "owner")
    status = form.findChild(QComboBox, "status")
    before = (opportunity.owner, opportunity.status)
    assert owner.text() == before[0] and status.currentText() == before[1].label  # the model shows
    type_into(qtbot, owner, "Digital team")
    assert journey.get(opportunity.id).owner == "Digital team"
    status.setFocus()
    qtbot.keyClick(status, Qt.Key.Key_End)  # the last choice: Done
    assert journey.get(opportunity.id).status is OpportunityStatus.DONE
    assert window.editor.stack.undoText() == "Set status"
    window.editor.stack.undo()
    assert status.currentText() == before[1].label
    window.editor.stack.undo()
    assert owner.text() == before[0] and journey.get(opportunity.id).owner == before[0]
    # a pain point has neither
    click_element(qtbot, window, journey.pain_points()[0].id)
    assert window.inspector.form.findChild(QComboBox, "status") is None


def test_dashboard_satisfaction_loyalty_tab_draws_the_shared_chart_and_a_click_selects(qtbot, window) -> None:
    from app.model import Metric, MetricKind
    from tests.test_metric_widgets import _click_artist

    journey = window.current_journey()
    stages = journey.stages()  # the sample measures CSAT and NPS after every stage
    window.toggle_dashboard()
    dock = window._dashboard
    dock.resize(700, 700)
    chart = dock.charts["Satisfaction & loyalty"]
    dock.tabs.setCurrentWidget(chart)
    qtbot.waitUntil(lambda: bool(chart.pickable))
    title = chart.figure.axes[0].get_title(loc="left")
    from app.model.loyalty import satisfaction_loyalty

    view = satisfaction_loyalty(journey)
    assert view is not None and view.r is not None and view.r > 0.8
    assert title.startswith("Satisfaction and loyalty") and f"Pearson r = {view.r:+.2f}" in title
    points, ids = next(iter(chart.pickable.items()))
    assert ids == [s.id for s in stages]
    _click_artist(qtbot, chart, points, 2)
    assert window.current_canvas().selected_ids() == [stages[2].id]
    # a new touchpoint measured for both joins the chart as a point of its own
    touchpoint = journey.touchpoints()[0]
    with window.editor.macro("Measure"):
        window.editor.add_metric(journey, Metric(MetricKind.CSAT, value=90.0), touchpoint.id)
        window.editor.add_metric(journey, Metric(MetricKind.NPS, value=40.0), touchpoint.id)
    qtbot.waitUntil(lambda: any(ids == [touchpoint.id] for ids in chart.pickable.values()))


def test_the_persona_form_shows_the_colour_the_map_uses(qtbot, window) -> None:
    from app.model import Persona
    from app.model.vocabulary import PERSONA_PALETTE

    window.editor.add_persona(Persona("Zoë Ng", id="zoe"))  # no colour of its own: the third persona
    window.inspector.show_persona("zoe")
    form = window.inspector.form
    assert form.color_name.text() == f"automatic ({PERSONA_PALETTE[2]})"
    assert PERSONA_PALETTE[2] in form.swatch.styleSheet()
    window.editor.update_persona("zoe", color="#0a7c6e")
    assert form.color_name.text() == "#0a7c6e"
