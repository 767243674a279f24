"""The main window as a user meets it: tabs, title, status bar, keyboard undo/redo, presentation mode,
journeys menu, templates, the shortcuts list, icons; screenshots go to /tmp/waymark-window-shots."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QDialog, QDockWidget, QMessageBox, QToolBar

from app.model import JourneyState, load_project
from app.model.analytics import customer_touchpoints
from app.model.serialize import project_to_dict
from app.widgets.actions import command_name
from app.widgets.main_window import MainWindow
from app.widgets.new_dialog import NewFromTemplateDialog
from app.widgets.shortcuts_dialog import ShortcutsDialog
from tests.canvas_support import click
from shots import SHOTS

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow(load_project(SAMPLE), SAMPLE)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    qtbot.waitUntil(w.isActiveWindow)
    return w


def shot(window: MainWindow, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    image = window.grab().toImage()
    assert not image.isNull()
    image.save(str(SHOTS / f"{name}.png"))


def test_opens_the_sample_with_one_tab_per_journey(window: MainWindow) -> None:
    project = window.project()
    assert window.tabs.count() == len(project.journeys) == 2
    texts = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert texts == [f"{j.title} ({j.state.value})" for j in project.journeys]
    assert texts[1].endswith("(future)")
    assert window.windowTitle().replace("[*]", "") == "online-retailer.journey — Waymark"
    assert not window.isWindowModified()
    journey = window.current_journey()
    counts = window._counts_label.text()
    assert f"{len(journey.stages())} stages" in counts
    assert f"{len(customer_touchpoints(journey))} touchpoints" in counts  # not thoughts or actions
    assert f"{len(journey.pain_points())} pain points" in counts
    assert window._zoom_label.text() == "100 %"
    for dock in (window.palette_dock, window.inspector, window.history_dock):
        assert dock.isVisible()
    shot(window, "01-sample")


def test_an_ampersand_in_a_journey_title_shows_in_its_tab(window: MainWindow) -> None:
    journey = window.current_journey()
    window.editor.set_meta(journey, title="Arrival & Check-in")
    # Qt shows "&&" as one "&"; a single "&" would vanish and underline the next letter
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Arrival && Check-in (current)"


def test_undo_redo_with_the_keyboard_and_the_modified_marker(qtbot, window: MainWindow, tmp_path: Path) -> None:
    journey = window.current_journey()
    tp = journey.touchpoints()[0]
    original = tp.title
    window.current_canvas().setFocus()
    window.editor.update(journey, tp.id, title="Sees a billboard")
    assert window.isWindowModified()
    shot(window, "02-modified")

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert journey.get(tp.id).title == original
    assert not window.isWindowModified()  # back to the saved state

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert journey.get(tp.id).title == "Sees a billboard"
    assert window.isWindowModified()
    assert window.actions_.undo.text().replace("&", "") == "Undo Edit touchpoint"

    assert window.save_as(tmp_path / "after.journey")
    assert not window.isWindowModified()
    assert "after.journey" in window.windowTitle()


def test_zoom_actions_update_the_status_bar(qtbot, window: MainWindow) -> None:
    window.current_canvas().setFocus()
    window.actions_.zoom_in.trigger()
    assert window._zoom_label.text() == "125 %"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window._zoom_label.text() == "100 %"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_canvas().zoom() != 1.0


def test_presentation_mode_f11_and_escape(qtbot, window: MainWindow) -> None:
    canvas = window.current_canvas()
    canvas.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presentation.is_active()
    qtbot.waitUntil(lambda: window.isFullScreen())
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    assert not any(t.isVisible() for t in window.findChildren(QToolBar))
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert canvas.is_presentation()
    layout = canvas.journey_scene.layout  # the whole map fits on the screen
    qtbot.waitUntil(lambda: canvas.mapToScene(canvas.viewport().rect()).boundingRect().contains(
        QRectF(0, 0, layout.width, layout.height)))
    assert window.tabs.tabBar().font().pointSizeF() > QDialog().font().pointSizeF()
    qtbot.wait(50)  # let the layout settle before the picture
    shot(window, "03-presentation")

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.presentation.is_active()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert all(d.isVisible() for d in (window.palette_dock, window.inspector, window.history_dock))
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    assert not canvas.is_presentation()

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presentation.is_active()
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert not window.presentation.is_active()


def test_escape_in_presentation_mode_cancels_an_open_edit_and_stays(qtbot, window: MainWindow) -> None:
    canvas = window.current_canvas()
    canvas.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presentation.is_active()
    tp = window.current_journey().touchpoints()[0]
    card = canvas.journey_scene.layout.cards[tp.id].rect
    canvas.reveal(QRectF(card.x, card.y, card.w, card.h))
    click(canvas, card.cx, card.cy)
    assert canvas.selected_ids() == [tp.id]
    qtbot.keyClick(canvas, Qt.Key.Key_F2)  # edit the card's title in place
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.hasFocus()
    qtbot.keyClicks(edit, "Not this")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)  # cancels the edit ...
    assert not canvas.inplace.is_active()
    assert window.current_journey().get(tp.id).title == tp.title and window.editor.stack.count() == 0
    assert window.presentation.is_active()  # ... and the presentation goes on
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)  # a second Escape leaves it
    assert not window.presentation.is_active()


def test_add_future_state_journey_copies_the_current_one(window: MainWindow) -> None:
    current = window.current_journey()
    before = project_to_dict(window.project())
    window.actions_.add_future.trigger()
    assert window.tabs.count() == 3
    future = window.current_journey()
    assert future is window.project().journeys[-1]
    assert future.state is JourneyState.FUTURE
    assert future.title == "Buying a sofa online: future state"
    assert window.tabs.tabText(2).endswith("(future)")
    assert [t.title for t in future.touchpoints()] == [t.title for t in current.touchpoints()]
    assert not set(future.graph.nodes) & set(current.graph.nodes)  # fresh ids
    assert len(future.path_edges()) == len(current.path_edges())
    window.editor.stack.undo()
    assert window.tabs.count() == 2
    assert project_to_dict(window.project()) == before


def test_journey_menu_rename_add_stage_and_delete(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Sofa journey", True)))
    window.actions_.rename_journey.trigger()
    assert window.current_journey().title == "Sofa journey"
    assert window.tabs.tabText(0) == "Sofa journey (current)"
    stages = len(window.current_journey().stages())
    window.actions_.add_stage.trigger()
    assert len(window.current_journey().stages()) == stages + 1
    assert window.current_canvas().selected_ids() == [window.current_journey().stages()[-1].id]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    window.tabs.setCurrentIndex(1)
    window.actions_.delete_journey.trigger()
    assert window.tabs.count() == 1
    window.editor.stack.undo()
    assert window.tabs.count() == 2


def test_new_from_template_dialog_shows_descriptions_and_a_preview(qtbot, window: MainWindow,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from app.model.templates import TEMPLATES

    dialog = NewFromTemplateDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(TEMPLATES)
    dialog.show()
    second = dialog.list.item(1)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=dialog.list.visualItemRect(second).center())
    name = dialog.selected_name()
    assert dialog.description.text() == TEMPLATES[name].description
    pixmap = dialog.preview.pixmap()
    assert not pixmap.isNull()
    image = pixmap.toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 5
    dialog.grab().save(str(SHOTS / "04-new-from-template.png"))

    monkeypatch.setattr(NewFromTemplateDialog, "exec", lambda self: (self.select(name), 1)[1])
    window.actions_.new_from_template.trigger()
    assert window.path is None
    assert [s.name for s in window.current_journey().stages()] == [s[0] for s in TEMPLATES[name].stages]


def test_shortcuts_dialog_lists_every_shortcut(qtbot, window: MainWindow) -> None:
    rows = window.actions_.shortcut_rows()
    dialog = ShortcutsDialog(rows, window)
    qtbot.addWidget(dialog)
    listed = dialog.rows()
    commands = {r[1] for r in listed}
    for action in window.actions_.all:
        if not action.shortcut().isEmpty():
            assert command_name(action) in commands, action.text()
    assert any(r[2].startswith("Ctrl+Z") for r in listed)
    assert any("F11" in r[2] for r in listed)
    assert any("Tab" in r[2] for r in listed)  # canvas keys too
    qtbot.keyClicks(dialog.filter, "zoom")
    visible = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert visible and all("zoom" in " ".join(listed[r]).lower() for r in visible)


def test_toolbar_has_an_icon_and_tooltip_for_every_button(window: MainWindow) -> None:
    bar = window.findChild(QToolBar, "main_toolbar")
    actions = [a for a in bar.actions() if not a.isSeparator()]
    assert len(actions) >= 15
    for action in actions:
        assert not action.icon().isNull(), action.text()
        image = action.icon().pixmap(24, 24).toImage()
        assert any(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)), action.text()
        assert action.toolTip()


def test_select_elements_switches_tab_and_reports_the_selection(qtbot, window: MainWindow) -> None:
    future = window.project().journeys[1]
    tp = future.touchpoints()[0]
    seen: list[list[str]] = []
    window.selectionChanged.connect(seen.append)
    window.select_elements([tp.id])
    assert window.current_journey() is future
    assert window.current_canvas().selected_ids() == [tp.id]
    assert seen[-1] == [tp.id]
    assert tp.title in window._selection_label.text()


def test_no_two_commands_share_a_shortcut(window: MainWindow) -> None:
    owners: dict[str, str] = {}
    for action in window.actions_.all:
        for sequence in action.shortcuts():
            keys = sequence.toString()
            assert keys not in owners, f"{keys} is both {owners[keys]} and {command_name(action)}"
            owners[keys] = command_name(action)
    assert "Ctrl+Q" in owners and "Ctrl+S" in owners and "F11" in owners


def test_edit_shortcuts_act_on_the_canvas_with_focus(qtbot, window: MainWindow) -> None:
    journey = window.current_journey()
    canvas = window.current_canvas()
    tp = journey.touchpoints()[0]
    count = len(journey.touchpoints())
    window.select_elements([tp.id])
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    qtbot.keyClick(canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(journey.touchpoints()) == count + 1
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert len(journey.touchpoints()) == count
    qtbot.keyClick(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.selected_ids()) > count


def test_edit_shortcuts_leave_inspector_text_fields_alone(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLineEdit

    journey = window.current_journey()
    tp = journey.touchpoints()[0]
    count = len(journey.touchpoints())
    window.select_elements([tp.id])
    title = window.inspector.form.findChild(QLineEdit, "title")
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClick(title, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(title, Qt.Key.Key_Delete)  # deletes the text, not the touchpoint
    assert len(journey.touchpoints()) == count
    assert title.text() == ""


def test_double_click_a_tab_renames_its_journey(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Sofa, future", True)))
    bar = window.tabs.tabBar()
    qtbot.mouseDClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.current_journey() is window.project().journeys[1]
    assert window.project().journeys[1].title == "Sofa, future"
    assert bar.tabText(1) == "Sofa, future (future)"


def test_light_and_dark_palettes(qtbot, window: MainWindow) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from app.widgets.theme import apply_theme, system_prefers_dark

    app = QApplication.instance()
    before = QPalette(app.palette())
    try:
        assert apply_theme(app, dark=True) is True
        window_color = app.palette().color(QPalette.ColorRole.Window)
        text_color = app.palette().color(QPalette.ColorRole.WindowText)
        assert window_color.lightness() < 80 and text_color.lightness() > 180
        SHOTS.mkdir(exist_ok=True)
        window.grab().save(str(SHOTS / "05-dark.png"))
        assert apply_theme(app, dark=False) is False
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
        assert apply_theme(app) is system_prefers_dark()
    finally:
        app.setPalette(before)


def test_view_panels_menu_brings_back_every_panel_and_the_toolbar(qtbot, window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    panels = next(a.menu() for a in view.actions() if a.text() == "&Panels")
    names = [a.text() for a in panels.actions()]
    assert names == ["Palette", "Inspector", "History", "Main toolbar"]
    toolbar = window.findChild(QToolBar, "main_toolbar")
    toggles = {a.text(): a for a in panels.actions()}
    for name, widget in (("Main toolbar", toolbar), ("Palette", window.palette_dock)):
        toggles[name].trigger()  # the user closes it...
        qtbot.waitUntil(lambda w=widget: not w.isVisible())
        toggles[name].trigger()  # ...and brings it back from View > Panels
        qtbot.waitUntil(widget.isVisible)


def test_the_future_state_tab_lays_out_its_map_when_first_opened(qtbot, window: MainWindow) -> None:
    current, future = window.canvases()
    assert "journey_scene" not in future.__dict__  # nothing laid out for a tab nobody opened yet
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.current_canvas() is future
    qtbot.waitUntil(lambda: future.viewport().isVisible())
    cards = {c.id for c in future.journey_scene.layout.cards.values()}
    assert cards and cards == set(future.journey_scene.card_items)
    image = future.viewport().grab().toImage()
    colors = {image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)}
    assert len(colors) > 5  # the map is drawn, not an empty view
