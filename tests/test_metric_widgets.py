"""The metric editor (both directions, real key and mouse events), the survey dialog, and the
dashboard and insights docks (on the real MainWindow when it exists)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from app.editing import JourneyEditor
from app.model import Journey, Lane, LaneKind, Metric, MetricKind, MetricSample, Project, Stage, Touchpoint
from app.widgets.metric_editor import MetricEditor
from shared_data import TESTDATA

SURVEY = TESTDATA / "surveys/inputs_input_01.csv"


def _project() -> tuple[Project, Journey, Metric]:
    project = Project("Shop")
    journey = Journey("Current")
    project.add_journey(journey)
    s1 = journey.add_stage(Stage("Awareness"))
    s2 = journey.add_stage(Stage("Purchase"))
    lane = journey.add_lane(Lane(LaneKind.TOUCHPOINTS))
    journey.add_lane(Lane(LaneKind.METRICS))
    a = journey.add_touchpoint(Touchpoint("Sees advert", emotion=1), s1.id, lane.id)
    b = journey.add_touchpoint(Touchpoint("Checkout", emotion=-2), s2.id, lane.id)
    journey.add_path(a.id, b.id)
    metric = journey.add_metric(
        Metric(MetricKind.CSAT, value=70.0, target=80.0, unit="%", sample_size=120, date="2026-03-31",
               history=[MetricSample("2026-01-31", 65.0, 100), MetricSample("2026-03-31", 70.0, 120)]),
        s2.id)
    return project, journey, metric


@pytest.fixture
def metric_form(qtbot):
    project, journey, metric = _project()
    editor = JourneyEditor(project)
    form = MetricEditor(editor, journey, metric.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, editor, journey, metric


def _type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_form_shows_the_metric(metric_form):
    form, _editor, _journey, _metric = metric_form
    assert form.kind_combo.currentText() == "CSAT"
    assert form.value_edit.text() == "70"
    assert form.target_edit.text() == "80"
    assert form.sample_edit.text() == "120"
    assert form.date_edit.text() == "2026-03-31"
    assert form.history_table.rowCount() == 2
    assert form.history_table.item(0, 0).text() == "2026-01-31"
    assert form.history_table.item(0, 1).text() == "65"


def test_typing_a_value_edits_the_model_as_one_undo_step(qtbot, metric_form):
    form, editor, journey, metric = metric_form
    _type_into(qtbot, form.value_edit, "72,5")
    assert journey.get(metric.id).value == 72.5
    assert editor.stack.count() == 1
    assert editor.stack.undoText() == "Edit metric value"
    editor.stack.undo()
    assert journey.get(metric.id).value == 70.0
    assert form.value_edit.text() == "70"  # the form follows undo


def test_out_of_range_value_is_refused_with_a_message(qtbot, metric_form):
    form, editor, journey, metric = metric_form
    _type_into(qtbot, form.target_edit, "140")
    assert editor.stack.count() == 0
    assert journey.get(metric.id).target == 80.0
    assert "from 0 to 100" in form.message_text()
    assert form.target_edit.text() == "80"
    _type_into(qtbot, form.sample_edit, "lots")
    assert "sample size must be a number" in form.message_text().lower()
    assert editor.stack.count() == 0
    _type_into(qtbot, form.target_edit, "85")  # a good edit clears the message
    assert form.message_text() == ""
    assert journey.get(metric.id).target == 85.0


def test_model_changes_refresh_the_form(metric_form):
    form, editor, journey, metric = metric_form
    editor.update(journey, metric.id, value=91.0, unit="pct", higher_is_better=False)
    assert form.value_edit.text() == "91"
    assert form.unit_edit.text() == "pct"
    assert not form.higher_check.isChecked()
    journey.update(metric.id, history=[MetricSample("2025-12-31", 50.0, 10)])
    assert form.history_table.rowCount() == 1
    assert form.history_table.item(0, 1).text() == "50"


def test_direction_checkbox_and_date_by_mouse_and_keys(qtbot, metric_form):
    form, editor, journey, metric = metric_form
    qtbot.mouseClick(form.higher_check, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, form.higher_check.height() // 2))
    assert journey.get(metric.id).higher_is_better is False
    _type_into(qtbot, form.date_edit, "30/06/2026")
    assert journey.get(metric.id).date == "2026-06-30"  # normalised to ISO
    _type_into(qtbot, form.date_edit, "someday")
    assert journey.get(metric.id).date == "2026-06-30"
    assert "date" in form.message_text()


def _open_cell_editor(qtbot, table):
    """Press F2 on the current cell and return the line edit Qt opens there."""
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1
    return editors[0]


def test_editing_a_history_cell(qtbot, metric_form):
    form, editor, journey, metric = metric_form
    table = form.history_table
    rect = table.visualItemRect(table.item(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor_widget = _open_cell_editor(qtbot, table)
    editor_widget.selectAll()
    qtbot.keyClicks(editor_widget, "66")
    qtbot.keyClick(editor_widget, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: journey.get(metric.id).history[0] == MetricSample("2026-01-31", 66.0, 100))
    assert editor.stack.undoText() == "Edit metric history"
    # a bad cell is refused, the table reverts
    rect = table.visualItemRect(table.item(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor_widget = _open_cell_editor(qtbot, table)
    editor_widget.selectAll()
    qtbot.keyClicks(editor_widget, "250")
    qtbot.keyClick(editor_widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.message_text() != "")
    assert journey.get(metric.id).history[1].value == 70.0
    assert table.item(1, 1).text() == "70"
    assert form.message_text() == "History row 2 value of a CSAT metric must be from 0 to 100, not 250"


def test_add_and_remove_history_rows_with_buttons(qtbot, metric_form):
    form, editor, journey, metric = metric_form
    table = form.history_table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(0, 0)).center())
    qtbot.mouseClick(form.remove_sample_button, Qt.MouseButton.LeftButton)
    assert [s.date for s in journey.get(metric.id).history] == ["2026-03-31"]
    assert table.rowCount() == 1
    qtbot.mouseClick(form.add_sample_button, Qt.MouseButton.LeftButton)
    assert len(journey.get(metric.id).history) == 2
    assert table.rowCount() == 2
    editor.stack.undo()
    editor.stack.undo()
    assert len(journey.get(metric.id).history) == 2
    assert [s.date for s in journey.get(metric.id).history] == ["2026-01-31", "2026-03-31"]


def test_changing_the_kind_by_keyboard(qtbot, metric_form):
    form, editor, journey, metric = metric_form
    form.kind_combo.setFocus()
    # CSAT (70) -> NPS keeps the value (valid on -100..100), and the default name/unit follow the kind
    qtbot.keyClick(form.kind_combo, Qt.Key.Key_Down)
    assert journey.get(metric.id).kind is MetricKind.NPS
    assert journey.get(metric.id).name == "NPS"
    assert journey.get(metric.id).unit == ""
    # NPS -> CES is refused: 70 is outside 1..7
    qtbot.keyClick(form.kind_combo, Qt.Key.Key_Down)
    assert journey.get(metric.id).kind is MetricKind.NPS
    assert form.kind_combo.currentText() == "NPS"
    assert "CES" in form.message_text()


def test_form_unsubscribes_when_destroyed(qtbot):
    project, journey, metric = _project()
    editor = JourneyEditor(project)
    before = len(journey._observers)
    form = MetricEditor(editor, journey, metric.id)
    assert len(journey._observers) == before + 1
    form.deleteLater()
    qtbot.waitUntil(lambda: len(journey._observers) == before)
    journey.update(metric.id, value=10.0)  # no observer left to crash


# ------------------------------------------------------------- on the main window
def _main_window_class():
    from app.widgets.main_window import MainWindow

    return MainWindow


@pytest.fixture
def window(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.test_analytics import build_current

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    journey, ids = build_current()
    journey.add_lane(Lane(LaneKind.METRICS))
    project = Project("Shop")
    project.add_journey(journey)
    w = _main_window_class()(project, None)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.ids = ids
    return w


def _select_combo(qtbot, combo, text: str) -> None:
    """Choose an entry by keyboard: Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_survey_dialog_previews_maps_and_applies_one_undo_step(qtbot, window, tmp_path):
    from app.widgets.survey_dialog import SurveyImportDialog

    answers = tmp_path / "answers.csv"
    answers.write_text("When;Where;Rating\n2026-02-01;Checkout;5\n2026-02-03;Checkout;3\n"
                       "2026-02-02;Sees advert;4\n;;\n2026-02-04;Checkout;9\n", encoding="utf-8")
    dialog = SurveyImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.apply_button.isEnabled()  # nothing to apply before a file is read
    dialog.path_edit.setFocus()
    qtbot.keyClicks(dialog.path_edit, str(answers))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.preview.columnCount() == 3 and dialog.preview.rowCount() == 5
    assert dialog.preview.item(0, 1).text() == "Checkout"
    assert dialog.preview.verticalHeaderItem(0).text() == "line 2"
    assert dialog.score_combo.currentText() == "Rating"  # guessed from the name
    assert dialog.date_combo.currentText() == "When"
    _select_combo(qtbot, dialog.kind_combo, "CSAT (1–5 satisfaction)")
    _select_combo(qtbot, dialog.about_combo, "A column naming the stage or touchpoint")
    _select_combo(qtbot, dialog.target_combo, "Where")
    text = dialog.results.toPlainText()
    # Sees advert: 4 -> 100 %; Checkout: 5, 3 -> 1 of 2 -> 50 %; line 5 blank, line 6 outside 1-5
    assert "CSAT 100.0 % (n=1) for touchpoint 'Sees advert'" in text
    assert "CSAT 50.0 % (n=2) for touchpoint 'Checkout', latest answer 2026-02-03" in text
    assert "line 5: blank row" in text and "line 6: 9 is outside the CSAT scale 1-5" in text
    journey = window.current_journey()
    before = len(journey.metrics())
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(journey.metrics()) == before + 2
    assert window.editor.stack.undoText() == "Import survey"
    window.editor.stack.undo()
    assert len(journey.metrics()) == before


def test_survey_dialog_shows_file_problems(qtbot, window, tmp_path):
    from app.widgets.survey_dialog import SurveyImportDialog

    dialog = SurveyImportDialog(window)
    qtbot.addWidget(dialog)
    assert not dialog.load_file(str(tmp_path / "missing.csv"))
    assert "no such file" in dialog.file_info.text()
    assert not dialog.apply_button.isEnabled()


def _finding_item(dock, title: str):
    tree = dock.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for k in range(group.childCount()):
            if group.child(k).text(0) == title:
                return group.child(k)
    return None


def test_insights_dock_click_selects_and_follows_the_model(qtbot, window):
    window.toggle_insights()
    dock = window._insights
    assert dock is not None and dock.isVisible()
    ids = window.ids
    item = _finding_item(dock, "Dead ends (1)")
    assert item is not None
    dock.tree.scrollToItem(item)
    rect = dock.tree.visualItemRect(item)
    qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_canvas().selected_ids() == [ids["G"]]
    # connecting the dead end to the exit removes the finding
    window.editor.add_path(window.current_journey(), ids["G"], ids["F"])
    qtbot.waitUntil(lambda: _finding_item(dock, "Dead ends (1)") is None)
    window.editor.stack.undo()
    qtbot.waitUntil(lambda: _finding_item(dock, "Dead ends (1)") is not None)


def _click_artist(qtbot, chart, artist, index: int = 0) -> None:
    """Click where matplotlib drew an artist (a bar, or the index-th point of a scatter)."""
    chart.canvas.draw()
    if hasattr(artist, "get_offsets"):
        x, y = artist.get_offset_transform().transform(artist.get_offsets()[index])
    else:
        box = artist.get_window_extent()
        x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    ratio = chart.canvas.device_pixel_ratio
    qtbot.mouseClick(chart.canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(x / ratio), round(chart.canvas.height() - y / ratio)))


def test_dashboard_click_on_a_bar_or_point_selects_its_element(qtbot, window):
    window.toggle_dashboard()
    dock = window._dashboard
    assert dock is not None and dock.isVisible()
    journey = window.current_journey()
    dock.resize(600, 700)
    qtbot.waitUntil(lambda: bool(dock.charts["Targets"].pickable))
    chart = dock.charts["Targets"]
    ces = next(m for m in journey.metrics() if m.kind is MetricKind.CES)
    bar = next(a for a, ids in chart.pickable.items() if ids == [ces.id] and not hasattr(a, "get_offsets"))
    _click_artist(qtbot, chart, bar)
    assert window.current_canvas().selected_ids() == [ces.id]
    # the emotion curve: a point of the overall curve selects its touchpoint
    dock.tabs.setCurrentWidget(dock.charts["Emotion"])
    chart = dock.charts["Emotion"]
    qtbot.waitUntil(lambda: bool(chart.pickable))
    points, ids = next(iter(chart.pickable.items()))
    checkout = window.ids["E"]
    _click_artist(qtbot, chart, points, ids.index(checkout))
    assert window.current_canvas().selected_ids() == [checkout]


def test_dashboard_follows_model_changes(qtbot, window):
    window.toggle_dashboard()
    dock = window._dashboard
    chart = dock.charts["Targets"]
    qtbot.waitUntil(lambda: bool(chart.pickable))
    journey = window.current_journey()
    bars_before = sum(1 for a in chart.pickable if not hasattr(a, "get_offsets"))
    window.editor.add_metric(journey, Metric(MetricKind.RETENTION, value=55.0, target=60.0))
    qtbot.waitUntil(lambda: sum(1 for a in chart.pickable if not hasattr(a, "get_offsets")) == bars_before + 1)
    titles = [ax.get_title(loc="left") for ax in chart.figure.axes]
    assert "Retention rate" in titles


def test_matplotlib_is_not_loaded_until_the_dashboard_opens():
    import subprocess
    import sys

    code = ("import sys; import app.cli, app.widgets.dashboard, app.widgets.insights, app.model.survey; "
            "print('matplotlib' in sys.modules, 'openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.split() == ["False", "False"]


def test_docks_follow_the_journey_tab(qtbot, window):
    from tests.test_analytics import build_future

    window.toggle_insights()
    window.toggle_dashboard()
    insights, dashboard = window._insights, window._dashboard
    dashboard.raise_()
    qtbot.waitUntil(lambda: bool(dashboard.charts["Targets"].pickable))
    future = build_future()
    window.editor.add_journey(future)  # opens its tab and makes it current
    assert window.current_journey() is future
    # the future journey has targets but no values yet: no bars to click
    qtbot.waitUntil(lambda: not dashboard.charts["Targets"].pickable)
    insights.raise_()
    qtbot.waitUntil(lambda: insights.summary.text().startswith("Future:"))
    assert "Compared with Current: Added in the future state (1)" in insights.findings_text()


def test_a_pending_edit_is_kept_when_the_form_goes_away(qtbot):
    project, journey, metric = _project()
    editor = JourneyEditor(project)
    form = MetricEditor(editor, journey, metric.id)
    form.show()
    qtbot.waitExposed(form)
    form.value_edit.setFocus()
    form.value_edit.selectAll()
    qtbot.keyClicks(form.value_edit, "75")
    form.close()  # focus leaves the field: the typed value is committed, nothing crashes
    form.deleteLater()
    qtbot.waitUntil(lambda: journey.get(metric.id).value == 75.0)
