"""Page loads are rate-limited per source address, like WebSocket messages: a source that reloads
in a loop gets 429 with a clear message and Retry-After, while the phones already in keep working."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from pathlib import Path

import websockets

from app.live.workshop.board import board_of
from app.live.workshop.server import HTTP_BURST, HTTP_PER_SECOND, MAX_SOURCES, LoadLimit, WorkshopServer
from app.model import load_project
from benchmarks.workshop_load import ws_url

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "online-retailer.journey"


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


def test_a_source_reloading_in_a_loop_gets_429_and_the_room_keeps_serving(tmp_path):
    srv = WorkshopServer(tmp_path / "h.workshop.jsonl", board_of(load_project(SAMPLE).journey()), host="127.0.0.1")
    srv.start()

    async def flood_while_a_phone_works() -> tuple[list[tuple[int, str, dict[str, str]]], dict]:
        async with websockets.connect(ws_url(srv.join_url)) as ws:  # joined before the flood
            await ws.send(json.dumps({"type": "hello"}))
            await ws.recv()
            loop = asyncio.get_running_loop()
            answers = [await loop.run_in_executor(None, get, srv.join_url) for _ in range(HTTP_BURST + 10)]
            await ws.send(json.dumps({"type": "ping", "ref": "still-here"}))
            return answers, json.loads(await asyncio.wait_for(ws.recv(), 10))

    try:
        answers, pong = asyncio.run(asyncio.wait_for(flood_while_a_phone_works(), 60))
    finally:
        srv.stop()
    statuses = [a[0] for a in answers]
    assert statuses[:HTTP_BURST - 5] == [200] * (HTTP_BURST - 5)  # a few may refill during the loop
    assert statuses[-5:] == [429] * 5
    status, body, headers = answers[-1]
    assert "too many page loads from this address" in body and "reload" in body
    assert int({k.lower(): v for k, v in headers.items()}["retry-after"]) >= 1
    assert pong == {"type": "pong", "ref": "still-here"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_refills_over_time_per_address_and_its_memory_is_bounded():
    clock = FakeClock()
    limit = LoadLimit(clock)
    assert all(limit.take("10.0.0.5") == 0 for _ in range(HTTP_BURST))
    wait = limit.take("10.0.0.5")
    assert 0 < wait <= 1 / HTTP_PER_SECOND
    assert limit.take("10.0.0.6") == 0  # another phone is not held back
    clock.now += 1 / HTTP_PER_SECOND
    assert limit.take("10.0.0.5") == 0 and limit.take("10.0.0.5") > 0
    for i in range(MAX_SOURCES + 100):
        limit.take(f"10.1.{i // 250}.{i % 250}")
    assert len(limit._buckets) <= MAX_SOURCES
