"""Workshop mode in the editor, as a facilitator uses it: notes from a phone arrive in the Inbox,
accept (one undo step) puts the card in the right lane, ratings and votes show over the map and are
applied in one step, results land in the saved file, and a stopped session resumes from its journal."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
import websockets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.model import LaneKind, load_project
from app.widgets.main_window import MainWindow
from app.widgets.workshop.overlay import RoomCurveItem, RoomVotesItem
from benchmarks.workshop_load import ws_url

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "retail.journey"
    shutil.copy(SAMPLE, path)
    w = MainWindow(load_project(path), path)
    w.show()
    yield w
    w.workshop.suspend()
    w.editor.stack.setClean()  # no "save changes?" question when the window closes
    w.close()
    w.deleteLater()


def phone(url: str, *messages: dict, name: str = "") -> list[dict]:
    async def go() -> list[dict]:
        async with websockets.connect(ws_url(url)) as ws:
            await ws.send(json.dumps({"type": "hello", "name": name}))
            out = [json.loads(await ws.recv())]
            for m in messages:
                await ws.send(json.dumps(m))
                out.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
            return out

    return asyncio.run(go())


def click_item(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def test_notes_from_a_phone_become_cards_in_the_right_lane_one_undo_step_each(qtbot, window):
    journey = window.current_journey()
    link = window.workshop.start(journey, "127.0.0.1", 0, budget=3)
    assert link is not None and window.workshop.join is not None
    assert window.workshop.join.code.text() == link.server.code
    stage = journey.stages()[2]
    answers = phone(link.server.join_url,
                    {"type": "note", "ref": "a", "id": "note-pain-1", "stage": stage.id, "kind": "pain_point",
                     "text": "<b>Delivery</b> slot unclear"},
                    {"type": "note", "ref": "b", "id": "note-thought-1", "stage": stage.id, "kind": "thought",
                     "text": "Will it fit through the door?"}, name="Ana")
    assert [a["type"] for a in answers] == ["welcome", "ack", "ack"]
    inbox = window.workshop.inbox
    qtbot.waitUntil(lambda: len(inbox._items) == 2, timeout=5000)
    item = inbox._items["note-pain-1"]
    assert item.text(0) == "<b>Delivery</b> slot unclear"  # shown as typed, never as markup
    assert item.parent().text(0).startswith(stage.name)

    before = window.editor.stack.count()
    click_item(qtbot, inbox.tree, item)
    qtbot.mouseClick(inbox.accept_button, Qt.MouseButton.LeftButton)
    pains = [a for a in journey.pain_points(stage.id) if a.text == "<b>Delivery</b> slot unclear"]
    assert len(pains) == 1
    assert window.editor.stack.count() == before + 1
    qtbot.waitUntil(lambda: "note-pain-1" not in inbox._items, timeout=5000)
    assert link.state.contributions["note-pain-1"].status == "accepted"

    window.editor.stack.undo()  # the card goes, the note comes back to the Inbox
    assert not [a for a in journey.pain_points(stage.id) if a.text.startswith("<b>")]
    qtbot.waitUntil(lambda: "note-pain-1" in inbox._items, timeout=5000)
    window.editor.stack.redo()

    qtbot.mouseClick(inbox.accept_all_button, Qt.MouseButton.LeftButton)
    thoughts = journey.lanes_of_kind(LaneKind.THOUGHTS)
    assert any(tp.title == "Will it fit through the door?" for tp in journey.touchpoints(stage.id, thoughts[0].id))
    qtbot.waitUntil(lambda: not inbox._items, timeout=5000)

    assert window.save()
    saved = json.loads(window.path.read_text("utf-8"))
    assert saved["version"] == 3
    record = saved["workshops"][0]
    assert {"id": "p1", "name": "Ana"} in record["participants"]
    assert len(record["supporters"]) == 2


def test_room_ratings_and_votes_show_over_the_map_and_apply_in_one_step(qtbot, window):
    journey = window.current_journey()
    link = window.workshop.start(journey, "127.0.0.1", 0, budget=3)
    stage = next(s for s in journey.stages() if journey.touchpoints(s.id))
    card = journey.pain_points()[0]
    phone(link.server.join_url, {"type": "rate", "ref": "r", "stage": stage.id, "score": -2},
          {"type": "vote", "ref": "v1", "card": card.id, "delta": 1},
          {"type": "vote", "ref": "v2", "card": card.id, "delta": 1})
    phone(link.server.join_url, {"type": "rate", "ref": "r", "stage": stage.id, "score": -1},
          {"type": "vote", "ref": "v1", "card": card.id, "delta": 1})
    scene = window.current_canvas().scene()
    qtbot.waitUntil(lambda: any(isinstance(i, RoomVotesItem) for i in scene.items()), timeout=5000)
    dots = next(i for i in scene.items() if isinstance(i, RoomVotesItem))
    assert dots.dots == 3
    curve = next(i for i in scene.items() if isinstance(i, RoomCurveItem))
    (_, _, _, rating), = curve.points
    assert (rating.n, rating.mean) == (2, -1.5)

    session = window.workshop.session
    qtbot.waitUntil(lambda: session.apply_votes.isEnabled() and session.apply_ratings.isEnabled(), timeout=5000)
    votes_before = card.votes
    before = window.editor.stack.count()
    qtbot.mouseClick(session.apply_votes, Qt.MouseButton.LeftButton)
    assert journey.get(card.id).votes == votes_before + 3
    qtbot.mouseClick(session.apply_ratings, Qt.MouseButton.LeftButton)
    assert {tp.emotion for tp in journey.touchpoints(stage.id)
            if journey.lane_of(tp.id).kind is LaneKind.TOUCHPOINTS} == {-2}  # round(-1.5) == -2
    assert window.editor.stack.count() == before + 2
    window.editor.stack.undo()
    window.editor.stack.undo()
    assert journey.get(card.id).votes == votes_before
    # applying twice does not count the same dots twice
    qtbot.mouseClick(session.apply_votes, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(session.apply_votes, Qt.MouseButton.LeftButton)
    assert journey.get(card.id).votes == votes_before + 3


def test_phases_lock_and_removal_reach_the_phones(qtbot, window, monkeypatch):
    journey = window.current_journey()
    link = window.workshop.start(journey, "127.0.0.1", 0)
    session = window.workshop.session
    welcome = phone(link.server.join_url, name="Bo")[0]
    qtbot.mouseClick(session.phase_buttons["vote"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: link.state.phase == "vote", timeout=5000)
    refused = phone(link.server.join_url, {"type": "note", "ref": "n", "id": "note-late-1",
                                           "stage": journey.stages()[0].id, "kind": "thought",
                                           "text": "late"})[1]
    assert refused["type"] == "error" and "Vote phase" in refused["message"]
    qtbot.mouseClick(session.lock, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: link.state.locked, timeout=5000)
    qtbot.waitUntil(lambda: session.participants.count() == 2, timeout=5000)
    item = session.participants.item(0)
    session.participants.setCurrentItem(item)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(session.remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: link.state.participants["p1"].removed, timeout=5000)
    again = phone(link.server.join_url, name="Bo")  # a fresh phone still joins
    assert again[0]["type"] == "welcome"
    assert link.state.by_token(welcome["token"]) is None


def test_a_stopped_session_resumes_with_its_inbox_and_ending_it_stops_the_server(qtbot, window, monkeypatch):
    journey = window.current_journey()
    link = window.workshop.start(journey, "127.0.0.1", 0)
    code = link.server.code
    phone(link.server.join_url, {"type": "note", "ref": "a", "id": "note-keep-1", "stage": journey.stages()[0].id,
                                 "kind": "question", "text": "Is assembly included?"})
    qtbot.waitUntil(lambda: len(window.workshop.inbox._items) == 1, timeout=5000)
    window.workshop.suspend()
    assert window.workshop.inbox is None and not link.running
    link = window.workshop.start(journey, "127.0.0.1", 0)
    assert link.server.code == code
    qtbot.waitUntil(lambda: window.workshop.inbox is not None and len(window.workshop.inbox._items) == 1,
                    timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.workshop.end_action.trigger()
    assert not link.running and window.workshop.link is None
    assert list(window.path.parent.glob("retail.workshop-*.jsonl"))


def test_workshop_start_session_from_the_menu(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from app.widgets.workshop.mode import StartDialog

    def fill_and_accept(dialog: StartDialog) -> int:
        assert dialog.journey.currentText() == window.current_journey().title
        dialog.host.setText("127.0.0.1")  # tests stay on this machine
        dialog.port.setValue(0)
        dialog.votes.setValue(2)
        dialog.minutes.setValue(5)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StartDialog, "exec", fill_and_accept)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Workshop")
    assert [a.text() for a in menu.actions()] == ["&Start session…", "&End session"]
    window.workshop.start_action.trigger()
    link = window.workshop.link
    assert link is not None and link.server.host == "127.0.0.1"
    assert link.state.budget == 2 and link.state.timer.running
    assert not window.workshop.start_action.isEnabled() and window.workshop.end_action.isEnabled()
    qtbot.waitUntil(lambda: window.workshop.join.clock.text().startswith(("5:00", "4:5")), timeout=5000)


def test_the_inbox_groups_notes_by_stage_in_map_order(qtbot, window, tmp_path):
    import os

    journey = window.current_journey()
    link = window.workshop.start(journey, "127.0.0.1", 0)
    stages = journey.stages()
    notes = [("Ana", 3, "pain_point", "Delivery slot is never confirmed"),
             ("", 1, "opportunity", "Show the sofa in my room with AR"),
             ("Bo", 3, "question", "Can I pay in instalments?"),
             ("", 0, "thought", "I need a sofa that fits a small flat"),
             ("Ana", 1, "pain_point", "Fabric samples take two weeks"),
             ("Bo", 4, "touchpoint", "Assembly service booked by phone")]
    for i, (name, stage, kind, text) in enumerate(notes):
        phone(link.server.join_url, {"type": "note", "ref": "r", "id": f"note-doc-{i}", "stage": stages[stage].id,
                                     "kind": kind, "text": text}, name=name)
    inbox = window.workshop.inbox
    qtbot.waitUntil(lambda: len(inbox._items) == 6, timeout=5000)
    groups = [inbox.tree.topLevelItem(i).text(0) for i in range(inbox.tree.topLevelItemCount())]
    assert groups == [f"{stages[0].name} (1)", f"{stages[1].name} (2)", f"{stages[3].name} (2)",
                      f"{stages[4].name} (1)"]
    assert inbox.summary.text().startswith("6 waiting")
    inbox.setFloating(True)
    inbox.resize(620, 330)
    inbox.tree.setColumnWidth(0, 360)
    qtbot.wait(50)
    folder = Path(__file__).resolve().parents[1] / "docs" / "images" if os.environ.get("WAYMARK_DOC_SHOTS") == "1" \
        else tmp_path
    inbox.grab().save(str(folder / "workshop-inbox.png"))


def test_the_join_panel_stays_on_screen_in_presentation_mode(qtbot, window):
    link = window.workshop.start(window.current_journey(), "127.0.0.1", 0, minutes=10)
    panel = window.workshop.join
    assert panel.code.text() == link.server.code and panel.qr.pixmap().width() >= 200
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert not window.workshop.inbox.isVisible()  # docks hide ...
    assert panel.isVisible() and panel.clock.isVisible()  # ... the join panel and the countdown stay
    assert panel.code.font().pixelSize() >= 40
    qtbot.mouseClick(panel.hide_button, Qt.MouseButton.LeftButton)
    assert not panel.qr.isVisible() and panel.code.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_a_port_in_use_is_explained_and_starts_nothing(qtbot, window, monkeypatch):
    import socket

    from app.live.workshop.journal import journal_path

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert window.workshop.start(window.current_journey(), "127.0.0.1", port) is None
    assert f"127.0.0.1:{port}" in warnings[0] and "0 picks a free one" in warnings[0]
    assert window.workshop.link is None and window.workshop.start_action.isEnabled()
    assert not journal_path(window.path).exists()
