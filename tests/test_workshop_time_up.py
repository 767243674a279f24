"""When the countdown reaches 0, contributions for the phase close until the facilitator extends the
time or moves on; every phone hears it at that moment, without asking. A fake clock drives the room's
rules; the live server test uses a countdown of a fraction of a second."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import websockets

from app.live.workshop.board import board_of
from app.live.workshop.protocol import Refusal, parse
from app.live.workshop.room import Room
from app.live.workshop.server import WorkshopServer
from app.model import load_project
from benchmarks.workshop_load import ws_url

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


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
