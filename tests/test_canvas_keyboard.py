"""Keyboard-first editing on the canvas: quick-add, Tab between cells, arrows, Escape,
duplicate, and copy/paste between two canvases of two projects through the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.widgets import mime
from tests.canvas_support import click, make_canvas, small_project, titles


def cell_of(canvas, stage_name: str) -> tuple[str, str]:
    return canvas.journey.find(stage_name).id, canvas.journey.card_lane().id


def empty_spot(canvas, stage_name: str) -> tuple[float, float]:
    stage = canvas.journey.find(stage_name)
    box = next(b for b in canvas.journey_scene.layout.stages if b.id == stage.id)
    lane = next(b for b in canvas.journey_scene.layout.lanes if b.id == canvas.journey.card_lane().id)
    return box.header.right - 4, lane.row.bottom - 4


def test_quick_add_in_selected_cell_then_type_and_enter(qtbot):
    canvas = make_canvas(qtbot)
    click(canvas, *empty_spot(canvas, "Purchase"))
    assert canvas.current_cell() == cell_of(canvas, "Purchase")
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.hasFocus()
    assert canvas.editor.stack.count() == 0  # nothing added before Enter
    qtbot.keyClicks(edit, "Pays by card")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert titles(canvas.journey, "Purchase") == ["Pays by card"]
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Add touchpoint"
    new = canvas.journey.find("Pays by card")
    assert canvas.selected_ids() == [new.id]
    assert new.id in canvas.journey_scene.card_items
    # Insert adds another one after it, in the same cell
    qtbot.keyClick(canvas, Qt.Key.Key_Insert)
    qtbot.keyClicks(canvas.inplace.line_edit(), "Gets receipt")
    qtbot.keyClick(canvas.inplace.line_edit(), Qt.Key.Key_Enter)
    assert titles(canvas.journey, "Purchase") == ["Pays by card", "Gets receipt"]


def test_quick_add_escape_leaves_nothing(qtbot):
    canvas = make_canvas(qtbot)
    click(canvas, *empty_spot(canvas, "Purchase"))
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    assert canvas.journey_scene.marker.isVisible()  # the ghost card shows where it goes
    qtbot.keyClicks(canvas.inplace.line_edit(), "Oops")
    qtbot.keyClick(canvas.inplace.line_edit(), Qt.Key.Key_Escape)
    assert not canvas.inplace.is_active()
    assert not canvas.journey_scene.marker.isVisible()
    assert titles(canvas.journey, "Purchase") == []
    assert canvas.editor.stack.count() == 0


def test_tab_moves_to_the_next_cell_and_n_adds_there(qtbot):
    canvas = make_canvas(qtbot)
    click(canvas, *empty_spot(canvas, "Awareness"))
    assert canvas.current_cell() == cell_of(canvas, "Awareness")
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert canvas.current_cell() == cell_of(canvas, "Consideration")
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert canvas.current_cell() == cell_of(canvas, "Purchase")
    qtbot.keyClick(canvas, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.current_cell() == cell_of(canvas, "Consideration")
    assert canvas.hasFocus()  # Tab did not move the focus out of the canvas
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    qtbot.keyClicks(canvas.inplace.line_edit(), "Reads FAQ")
    qtbot.keyClick(canvas.inplace.line_edit(), Qt.Key.Key_Return)
    assert titles(canvas.journey, "Consideration") == ["Compares prices", "Reads FAQ"]


def test_arrows_move_the_selection_between_cards_and_cells(qtbot):
    canvas = make_canvas(qtbot)
    j = canvas.journey
    canvas.select_ids([j.find("Sees advert").id])
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected_ids() == [j.find("Reads review").id]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected_ids() == [j.find("Compares prices").id]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # Purchase is empty: the cell becomes current
    assert canvas.selected_ids() == []
    assert canvas.current_cell() == cell_of(canvas, "Purchase")
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.selected_ids() == [j.find("Compares prices").id]
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.selected_ids() == []


def test_enter_edits_the_selected_card(qtbot):
    canvas = make_canvas(qtbot)
    canvas.select_ids([canvas.journey.find("Compares prices").id])
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    edit = canvas.inplace.line_edit()
    assert edit is not None and edit.text() == "Compares prices"
    qtbot.keyClicks(edit, "Compares delivery")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert titles(canvas.journey, "Consideration") == ["Compares delivery"]


def test_escape_cancels_a_drag_in_progress(qtbot):
    from PySide6.QtTest import QTest

    from tests.canvas_support import vp

    canvas = make_canvas(qtbot)
    tp = canvas.journey.find("Sees advert")
    r = canvas.journey_scene.layout.cards[tp.id].rect
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(canvas.viewport(), left, none, vp(canvas, r.cx, r.cy))
    QTest.mouseMove(canvas.viewport(), vp(canvas, r.cx + 30, r.cy + 10))
    QTest.mouseMove(canvas.viewport(), vp(canvas, r.cx + 300, r.cy + 10))
    item = canvas.journey_scene.card_items[tp.id]
    assert item.pos().x() > r.x + 200  # the card follows the mouse
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert item.pos().x() == r.x
    QTest.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       vp(canvas, r.cx + 300, r.cy + 10))
    assert canvas.editor.stack.count() == 0


def test_ctrl_d_duplicates_the_selection_with_its_annotations(qtbot):
    canvas = make_canvas(qtbot)
    j = canvas.journey
    original = j.find("Compares prices")
    click(canvas, *(lambda r: (r.cx, r.cy))(canvas.journey_scene.layout.cards[original.id].rect))
    qtbot.keyClick(canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert titles(j, "Consideration") == ["Compares prices", "Compares prices"]
    copy = j.touchpoints(original and j.find("Consideration").id, j.card_lane().id)[1]
    assert copy.id != original.id
    assert [a.text for a in j.pain_points(copy.id)] == ["Too many tabs"]
    assert canvas.selected_ids() == [copy.id]
    assert canvas.editor.stack.count() == 1 and canvas.editor.stack.undoText() == "Duplicate touchpoint"
    canvas.editor.stack.undo()
    assert titles(j, "Consideration") == ["Compares prices"]
    assert len(j.pain_points()) == 1
    canvas.editor.stack.redo()  # redo recreates the same ids
    assert copy.id in j and canvas.journey_scene.card_items.get(copy.id) is not None


def test_copy_paste_between_two_canvases_of_two_projects(qtbot):
    source = make_canvas(qtbot)
    target_project = small_project()
    target = make_canvas(qtbot, target_project)
    sj, tj = source.journey, target.journey
    a, b = sj.find("Sees advert"), sj.find("Reads review")
    source.select_ids([a.id, b.id])
    qtbot.keyClick(source, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QApplication.clipboard().mimeData()
    assert data.hasFormat(mime.FRAGMENT_MIME)
    assert "Sees advert" in data.text()

    click(target, *empty_spot(target, "Purchase"))
    qtbot.keyClick(target, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert titles(tj, "Purchase") == ["Sees advert", "Reads review"]
    pasted = tj.touchpoints(tj.find("Purchase").id, tj.card_lane().id)
    assert {t.id for t in pasted}.isdisjoint({a.id, b.id})
    assert (pasted[0].id, pasted[1].id) in tj.path_edges()  # the path between them came along
    assert target.editor.stack.count() == 1 and target.editor.stack.undoText() == "Paste 2 touchpoints"
    assert source.editor.stack.count() == 0
    assert set(target.selected_ids()) == {t.id for t in pasted}
    target.editor.stack.undo()
    assert titles(tj, "Purchase") == []


def test_cut_removes_and_paste_puts_back(qtbot):
    canvas = make_canvas(qtbot)
    j = canvas.journey
    canvas.select_ids([j.find("Compares prices").id])
    canvas.cut_selection()
    assert titles(j, "Consideration") == []
    assert j.pain_points() == []
    assert canvas.editor.stack.undoText() == "Cut touchpoint"
    click(canvas, *empty_spot(canvas, "Purchase"))
    canvas.paste()
    assert titles(j, "Purchase") == ["Compares prices"]
    assert [a.text for a in j.pain_points()] == ["Too many tabs"]


def test_paste_of_foreign_clipboard_is_refused_with_a_message(qtbot):
    from PySide6.QtCore import QMimeData

    canvas = make_canvas(qtbot)
    messages = []
    canvas.statusMessage.connect(messages.append)
    data = QMimeData()
    data.setData(mime.FRAGMENT_MIME, b'{"format": "waymark-fragment", "touchpoints": [{"title": 3}]}')
    QApplication.clipboard().setMimeData(data)
    canvas.paste()
    assert canvas.editor.stack.count() == 0
    assert messages and "clipboard" in messages[-1]


def test_tab_in_the_quick_add_editor_commits_and_moves_on(qtbot):
    canvas = make_canvas(qtbot)
    click(canvas, *empty_spot(canvas, "Awareness"))
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    qtbot.keyClicks(canvas.inplace.line_edit(), "Hears a podcast")
    qtbot.keyClick(canvas.inplace.line_edit(), Qt.Key.Key_Tab)
    assert titles(canvas.journey, "Awareness")[-1] == "Hears a podcast"
    assert canvas.current_cell() == cell_of(canvas, "Consideration")
    qtbot.keyClick(canvas, Qt.Key.Key_N)
    qtbot.keyClicks(canvas.inplace.line_edit(), "Visits showroom")
    qtbot.keyClick(canvas.inplace.line_edit(), Qt.Key.Key_Return)
    assert titles(canvas.journey, "Consideration") == ["Compares prices", "Visits showroom"]
    assert canvas.editor.stack.count() == 2


def test_space_drag_pans_without_editing(qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    canvas = make_canvas(qtbot, size=(500, 400))
    h0, v0 = canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    viewport = canvas.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, left, none, QPoint(300, 300))  # over a card: still a pan, not a move
    QTest.mouseMove(viewport, QPoint(260, 280))
    QTest.mouseMove(viewport, QPoint(220, 260))
    QTest.mouseRelease(viewport, left, none, QPoint(220, 260))
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.horizontalScrollBar().value() == h0 + 80
    assert canvas.verticalScrollBar().value() == v0 + 40
    assert canvas.editor.stack.count() == 0
    assert not canvas.space_held
