"""Live co-editing in the editor: two windows joined through a room edit one map with real input events.

Window A shares (File > Share live… starts a room server inside Waymark, on 127.0.0.1 and a free
port); window B joins. Edits flow both ways, land without disturbing the other's selection, scroll
or an edit in progress; undo undoes only one's own edits; each sees where the other is; a dropped
connection keeps editing and merges on reconnect; the local file saves as usual.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.model import load_project
from app.model.serialize import project_to_dict
from app.widgets.main_window import MainWindow
from tests.canvas_support import click, small_project

WAIT = 10_000


def _window(qtbot, project=None, path=None) -> MainWindow:
    w = MainWindow(project if project is not None else small_project(), path)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def pair(qtbot, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    a = _window(qtbot)
    address, token = a.live.share_here("Ana", "127.0.0.1", 0)
    b = _window(qtbot)
    assert b.live.join(address.display, token, "Ben")
    for w in (a, b):
        qtbot.waitUntil(lambda w=w: w.live.session is not None and w.live.session.state == "connected", timeout=WAIT)
        qtbot.waitUntil(lambda w=w: w.current_canvas()._shown, timeout=WAIT)  # first shown: scrolled home
    yield a, b
    b.live.stop()
    a.live.stop()


def same_map(a: MainWindow, b: MainWindow) -> bool:
    for w in (a, b):
        w.live.session.flush()
    return project_to_dict(a.project()) == project_to_dict(b.project())


def card_centre(w: MainWindow, title: str) -> tuple[float, float]:
    canvas = w.current_canvas()
    tp = canvas.journey.find(title)
    r = canvas.journey_scene.layout.cards[tp.id].rect
    return r.cx, r.cy


def rename_by_typing(qtbot, w: MainWindow, title: str, new: str) -> None:
    canvas = w.current_canvas()
    click(canvas, *card_centre(w, title))
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    edit = canvas.inplace.line_edit()
    edit.selectAll()
    qtbot.keyClicks(edit, new)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_joining_shows_the_shared_map_and_edits_flow_both_ways(qtbot, pair) -> None:
    a, b = pair
    assert project_to_dict(b.project()) == project_to_dict(a.project())
    rename_by_typing(qtbot, a, "Sees advert", "Sees a poster")
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Sees a poster") is not None, timeout=WAIT)
    b_canvas = b.current_canvas()
    click(b_canvas, *card_centre(b, "Compares prices"))
    qtbot.keyClick(b_canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: a.project().journeys[0].find("Compares prices") is None, timeout=WAIT)
    assert a.current_canvas().journey_scene.item_for(b_canvas.journey.find("Sees a poster").id) is not None
    qtbot.waitUntil(lambda: same_map(a, b), timeout=WAIT)
    assert "Live" in b.live.label.text() and "Ana" in b.live.label.text()


def test_remote_edits_keep_selection_scroll_and_an_edit_in_progress(qtbot, pair) -> None:
    a, b = pair
    b_canvas = b.current_canvas()
    click(b_canvas, *card_centre(b, "Reads review"))
    selected = b_canvas.selected_ids()
    b_canvas.horizontalScrollBar().setValue(40)
    b_canvas.verticalScrollBar().setValue(30)
    qtbot.keyClick(b_canvas, Qt.Key.Key_Return)  # B starts typing a new title ...
    qtbot.keyClick(b_canvas.inplace.line_edit(), Qt.Key.Key_End)
    qtbot.keyClicks(b_canvas.inplace.line_edit(), " twice")
    scroll = (b_canvas.horizontalScrollBar().value(), b_canvas.verticalScrollBar().value())
    rename_by_typing(qtbot, a, "Compares prices", "Compares offers")  # ... while A renames another card
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Compares offers") is not None, timeout=WAIT)
    assert b_canvas.inplace.is_active() and b_canvas.inplace.line_edit().text() == "Reads review twice"
    assert b_canvas.selected_ids() == selected
    assert (b_canvas.horizontalScrollBar().value(), b_canvas.verticalScrollBar().value()) == scroll
    qtbot.keyClick(b_canvas.inplace.line_edit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: a.project().journeys[0].find("Reads review twice") is not None, timeout=WAIT)


def test_undo_undoes_only_ones_own_edits(qtbot, pair) -> None:
    a, b = pair
    rename_by_typing(qtbot, a, "Sees advert", "Sees a poster")
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Sees a poster") is not None, timeout=WAIT)
    rename_by_typing(qtbot, b, "Compares prices", "Compares offers")
    qtbot.waitUntil(lambda: a.project().journeys[0].find("Compares offers") is not None, timeout=WAIT)
    assert b.editor.stack.count() == 1  # B's stack holds B's rename, not A's
    a.current_canvas().setFocus()
    a.actions_.undo.trigger()  # Ctrl+Z in A
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Sees advert") is not None, timeout=WAIT)
    assert a.project().journeys[0].find("Compares offers") is not None  # B's edit stays
    qtbot.waitUntil(lambda: same_map(a, b), timeout=WAIT)
    assert b.isWindowModified()  # someone else's edit is an unsaved change of B's file too


def test_presence_shows_the_others_name_and_colour_on_what_they_select(qtbot, pair) -> None:
    a, b = pair
    click(a.current_canvas(), *card_centre(a, "Compares prices"))
    target = a.project().journeys[0].find("Compares prices").id

    def marked() -> bool:
        return any(m.name == "Ana" for m in b.live.session.marks())

    qtbot.waitUntil(marked, timeout=WAIT)
    mark = next(m for m in b.live.session.marks() if m.name == "Ana")
    item = b.current_canvas().journey_scene.item_for(target)
    assert mark.sceneBoundingRect().contains(item.sceneBoundingRect())
    assert mark.pen().color().name() == b.live.session.peers()[next(iter(b.live.session.peers()))]["user"]["color"]
    shot_dir = Path("/tmp/waymark-live-shots")
    shot_dir.mkdir(exist_ok=True)
    b.grab().save(str(shot_dir / "presence.png"))
    click(a.current_canvas(), 5, 5)  # A clicks away: the mark goes
    qtbot.waitUntil(lambda: not marked(), timeout=WAIT)


def test_editing_goes_on_offline_and_merges_on_reconnect(qtbot, pair) -> None:
    a, b = pair
    b.live.session.link.drop()
    rename_by_typing(qtbot, b, "Sees advert", "Sees a billboard")  # B, while its link is down
    rename_by_typing(qtbot, a, "Compares prices", "Compares offers")
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Compares offers") is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: a.project().journeys[0].find("Sees a billboard") is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: same_map(a, b), timeout=WAIT)


def test_the_local_file_saves_as_usual(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    rename_by_typing(qtbot, a, "Sees advert", "Sees a poster")
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Sees a poster") is not None, timeout=WAIT)
    target = tmp_path / "mine.journey"
    assert b.files.save_as(target)
    assert not b.isWindowModified()
    assert project_to_dict(load_project(target)) == project_to_dict(a.project())


def test_a_wrong_token_is_refused_with_a_message(qtbot, pair, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.live.collab.client import RoomError

    a, _b = pair
    c = _window(qtbot)
    with pytest.raises(RoomError, match="wrong or missing token"):
        c.live.join(a.live.session.address.display, "not-the-token", "Cy")
    assert c.live.session is None


def test_undoing_a_step_whose_card_someone_else_deleted_drops_the_step(qtbot, pair) -> None:
    a, b = pair
    rename_by_typing(qtbot, a, "Sees advert", "Sees a poster")
    card_id = a.project().journeys[0].find("Sees a poster").id
    qtbot.waitUntil(lambda: b.project().journeys[0].find("Sees a poster") is not None, timeout=WAIT)
    b_canvas = b.current_canvas()
    click(b_canvas, *card_centre(b, "Sees a poster"))
    qtbot.keyClick(b_canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: card_id not in a.project().journeys[0], timeout=WAIT)
    a.actions_.undo.trigger()  # A's rename no longer applies: no error, the step goes
    assert card_id not in a.project().journeys[0]
    assert a.editor.stack.count() == 0
    qtbot.waitUntil(lambda: same_map(a, b), timeout=WAIT)
