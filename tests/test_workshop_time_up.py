"""When the countdown reaches 0, contributions for the phase close until the facilitator extends the
time or moves on; every phone hears it at that moment, without asking. A fake clock drives the room's
rules; the live server test uses a countdown of a fraction of a second."""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path

import pytest
import websockets

from app.live.workshop.board import board_of
from app.live.workshop.protocol import Refusal, parse
from app.live.workshop.room import Room
from app.live.workshop.server import WorkshopServer
from app.model import load_project
from benchmarks.workshop_load import ws_url

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def journey():
    return load_project(SAMPLE).journey()


def note(i: int, stage: str) -> object:
    return parse(json.dumps({"type": "note", "id": f"note-{i:04d}", "stage": stage, "lane": "",
                             "kind": "thought", "text": f"note {i}"}))


def test_time_up_closes_the_phase_until_extended_or_moved_on(tmp_path, journey):
    clock = FakeClock()
    board = board_of(journey)
    room = Room(tmp_path / "m.workshop.jsonl", board, minutes=1, clock=clock)
    stage, card = journey.stages()[0].id, board.cards[0][0]
    pid = room.join(None, "Ana").id
    assert room.handle(pid, note(1, stage))["type"] == "ack"
    assert room.state.session_view(clock())["time_up"] is False

    clock.now += 60.5  # the minute is over
    assert room.state.session_view(clock())["time_up"] is True
    assert room.state.session_view(clock())["seconds_left"] == 0
    for message in (note(2, stage), parse(json.dumps({"type": "rate", "stage": stage, "score": 1})),
                    parse(json.dumps({"type": "vote", "card": card, "delta": 1}))):
        with pytest.raises(Refusal, match="Time is up"):
            room.handle(pid, message)
    # taking back one's own note stays possible: it adds nothing
    assert room.handle(pid, parse(json.dumps({"type": "withdraw", "id": "note-0001"})))["type"] == "ack"

    asyncio.run(room.facilitate("timer", {"minutes": 2}))  # extend
    assert room.state.session_view(clock())["time_up"] is False
    assert room.handle(pid, note(3, stage))["type"] == "ack"

    clock.now += 121
    with pytest.raises(Refusal, match="Time is up"):
        room.handle(pid, note(4, stage))
    asyncio.run(room.facilitate("phase", {"phase": "vote"}))  # move on: the Vote phase is open
    assert room.state.session_view(clock())["time_up"] is False
    assert room.handle(pid, parse(json.dumps({"type": "vote", "card": card, "delta": 1})))["type"] == "ack"
    room.close()

    # the journal replays to the same: the phase change cleared the expired countdown
    again = Room(tmp_path / "m.workshop.jsonl", board, clock=clock)
    assert again.state.phase == "vote" and not again.state.time_up(clock())
    again.close()


def test_every_phone_is_told_the_moment_time_is_up(tmp_path, journey):
    srv = WorkshopServer(tmp_path / "t.workshop.jsonl", board_of(journey), host="127.0.0.1")
    srv.start()
    stage = journey.stages()[0].id

    async def phone() -> tuple[dict, dict]:
        async with websockets.connect(ws_url(srv.join_url)) as ws:
            await ws.send(json.dumps({"type": "hello"}))
            await ws.recv()
            srv.command("timer", minutes=0.4 / 60)  # 0.4 s
            started = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert started["session"]["time_up"] is False
            told = json.loads(await asyncio.wait_for(ws.recv(), 10))  # pushed by the server, unasked
            await ws.send(json.dumps({"type": "note", "ref": "late", "id": "note-late1", "stage": stage,
                                      "lane": "", "kind": "thought", "text": "too late"}))
            return told, json.loads(await asyncio.wait_for(ws.recv(), 10))

    try:
        told, late = asyncio.run(phone())
    finally:
        srv.stop()
    assert told["type"] == "session" and told["session"]["time_up"] is True
    assert told["session"]["seconds_left"] == 0
    assert late["type"] == "error" and late["message"].startswith("Time is up")
    assert "note-late1" not in srv.room.state.contributions


def test_the_facilitator_sees_time_is_up_and_extends_or_moves_on(qtbot, tmp_path):
    import shutil

    from PySide6.QtCore import Qt

    from app.widgets.main_window import MainWindow

    path = tmp_path / "retail.journey"
    shutil.copy(SAMPLE, path)
    window = MainWindow(load_project(path), path)
    window.show()
    window.resize(1400, 900)
    try:
        link = window.workshop.start(window.current_journey(), "127.0.0.1", 0, minutes=0.5 / 60)  # 0.5 s
        assert link is not None
        dock, panel = window.workshop.session, window.workshop.join
        dock.raise_()
        qtbot.waitUntil(lambda: dock.time_up.isVisible(), timeout=5000)
        assert dock.clock.text() == "Time is up"
        assert "Collect phase are closed" in dock.time_up_label.text()
        assert dock.move_on.text() == "Next phase: Vote"
        qtbot.waitUntil(lambda: panel.time_up.isVisible(), timeout=5000)  # the projector says it too
        assert panel.clock.text() == "Time is up" and "contributions closed" in panel.phase.text()
        assert panel.move_on_button.text() == "Next: Vote"

        qtbot.mouseClick(dock.move_on, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: link.state.phase == "vote" and not dock.time_up.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: not panel.time_up.isVisible(), timeout=5000)
        assert dock.clock.text() == "No countdown"

        link.command("timer", minutes=0.4 / 60)
        qtbot.waitUntil(lambda: panel.time_up.isVisible(), timeout=5000)
        qtbot.mouseClick(panel.extend_button, Qt.MouseButton.LeftButton)  # from the projector
        qtbot.waitUntil(lambda: re.match(r"^(2:00|1:[0-5]\d)$", panel.clock.text()) is not None, timeout=5000)
        assert not panel.time_up.isVisible() and link.state.phase == "vote"
        assert panel.move_on_button.text() == "Next: Review"
    finally:
        window.workshop.suspend()
        window.editor.stack.setClean()
        window.close()


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs a browser: install the Debian package chromium (apt-get install chromium)")
def test_the_phone_page_shows_time_is_up_and_closes_until_the_facilitator_acts(tmp_path, journey):
    from playwright.sync_api import expect, sync_playwright

    srv = WorkshopServer(tmp_path / "b.workshop.jsonl", board_of(journey), host="127.0.0.1", budget=3)
    srv.start()
    card = journey.pain_points()[0]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                       has_touch=True).new_page()
            page.goto(srv.join_url)
            expect(page.locator("#link")).to_have_text("Connected")
            send = page.get_by_role("button", name="Send")
            vote = page.get_by_role("button", name=f"Vote for {card.text}")
            expect(send).to_be_enabled()
            srv.command("timer", minutes=0.8 / 60).result(5)  # 0.8 s
            expect(page.locator("#clock")).to_have_text("Time is up", timeout=5000)
            expect(send).to_be_disabled()
            expect(vote).to_be_disabled()
            expect(page.locator("#notice")).to_contain_text("Time is up")
            expect(page.locator("#phase")).to_have_text("Collect · closed")
            shots = ROOT / "docs" / "images" if os.environ.get("WAYMARK_DOC_SHOTS") == "1" else tmp_path
            page.screenshot(path=str(shots / "workshop-phone-time-up.png"))

            srv.command("timer", minutes=2).result(5)  # the facilitator adds time
            expect(page.locator("#clock")).to_have_text(re.compile(r"^(2:00|1:[0-5]\d)$"))
            expect(send).to_be_enabled()
            expect(vote).to_be_enabled()
            expect(page.locator("#notice")).to_be_hidden()

            srv.command("timer", minutes=0.5 / 60).result(5)
            expect(page.locator("#clock")).to_have_text("Time is up", timeout=5000)
            srv.command("phase", phase="vote").result(5)  # ... or moves on: voting opens, notes stay closed
            expect(page.locator("#phase")).to_have_text("Vote")
            expect(vote).to_be_enabled()
            expect(send).to_be_disabled()
            vote.click()
            expect(page.locator("#dots")).to_have_text("Dots left: 2 of 3")
            browser.close()
    finally:
        srv.stop()
