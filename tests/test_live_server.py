"""`waymark serve` and `waymark room`: push and pull maps, tokens, refusals, and nothing acknowledged lost
when the server is killed (kill -9) and restarted. Servers listen on 127.0.0.1 and a free port."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pycrdt import Doc, Map, Text, create_update_message
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from app.live.collab.client import confirm, sync_doc
from app.live.collab.schema import read_project
from app.model import load_project
from app.model.serialize import project_to_dict

from live_server import ROOT, TOKEN, ServeProcess

SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeProcess]:
    serve = ServeProcess(tmp_path / "store").start()
    yield serve
    serve.stop()


def waymark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


def test_pushed_map_pulls_back_as_the_same_valid_project(server: ServeProcess, tmp_path: Path) -> None:
    url = f"ws://127.0.0.1:{server.port}/teams/retail"
    pushed = waymark("room", "push", str(SAMPLE), url, "--token", TOKEN)
    assert pushed.returncode == 0, pushed.stderr
    out = tmp_path / "pulled.journey"
    pulled = waymark("room", "pull", url, "-o", str(out), "--token", TOKEN)
    assert pulled.returncode == 0, pulled.stderr
    assert waymark("validate", str(out)).returncode == 0
    assert project_to_dict(load_project(out)) == project_to_dict(load_project(SAMPLE))


def test_push_replaces_what_the_room_held(server: ServeProcess, tmp_path: Path) -> None:
    from app.model.synthetic import synthetic_project
    from app.model import save_project

    other = tmp_path / "other.journey"
    save_project(synthetic_project(12), other)
    url = server.url("swap")
    assert waymark("room", "push", str(SAMPLE), url).returncode == 0
    again = waymark("room", "push", str(SAMPLE), url)  # the same map again: nothing to replace
    assert again.returncode == 0, again.stderr
    out = tmp_path / "out.journey"

    busy = waymark("room", "push", str(other), url)  # another map: the room's work is not thrown away
    assert busy.returncode == 1
    title = load_project(SAMPLE).title
    assert f'already holds the map "{title}"' in busy.stderr and "--replace" in busy.stderr
    assert "Traceback" not in busy.stderr
    assert waymark("room", "pull", url, "-o", str(out)).returncode == 0
    assert project_to_dict(load_project(out)) == project_to_dict(load_project(SAMPLE))

    assert waymark("room", "push", str(other), url, "--replace").returncode == 0
    assert waymark("room", "pull", url, "-o", str(out)).returncode == 0
    assert project_to_dict(load_project(out)) == project_to_dict(load_project(other))


def test_wrong_or_missing_token_is_refused_and_logged(server: ServeProcess, tmp_path: Path) -> None:
    for token in ("nope", None):
        result = waymark("room", "pull", server.url("retail", token), "-o", str(tmp_path / "x.journey"))
        assert result.returncode == 1
        assert "refused the connection (wrong or missing token)" in result.stderr
        assert not (tmp_path / "x.journey").exists()
    log = server.log()
    assert "wrong token for room retail" in log and "no token for room retail" in log


def test_bad_addresses_and_empty_rooms_are_explained(server: ServeProcess, tmp_path: Path) -> None:
    out = str(tmp_path / "x.journey")
    assert "should look like ws://HOST:PORT/ROOM" in waymark("room", "pull", "http://x/y", "-o", out).stderr
    assert "names no room" in waymark("room", "pull", f"ws://127.0.0.1:{server.port}/", "-o", out).stderr
    empty = waymark("room", "pull", server.url("nobody-here"), "-o", out)
    assert empty.returncode == 1 and "holds no map yet" in empty.stderr
    bad_file = tmp_path / "bad.journey"
    bad_file.write_text("{not json")
    refused = waymark("room", "push", str(bad_file), server.url("retail"))
    assert refused.returncode == 1 and "bad.journey" in refused.stderr


def test_room_token_replaces_the_server_token_for_that_room(tmp_path: Path) -> None:
    serve = ServeProcess(tmp_path / "store", "--room-token", "private=letmein").start()
    try:
        out = str(tmp_path / "x.journey")
        assert waymark("room", "push", str(SAMPLE), serve.url("private", "letmein")).returncode == 0
        assert waymark("room", "pull", serve.url("private", TOKEN), "-o", out).returncode == 1
        assert waymark("room", "pull", serve.url("private", "letmein"), "-o", out).returncode == 0
    finally:
        serve.stop()


async def _client(url: str) -> tuple[object, Doc]:
    ws = await connect(url, max_size=None)
    doc = Doc()
    await sync_doc(ws, doc, 10)
    return ws, doc


async def _edit(ws: object, doc: Doc, key: str, value: str) -> None:
    before = doc.get_state()
    doc.get("notes", type=Map)[key] = Text(value)
    await ws.send(create_update_message(doc.get_update(before)))  # type: ignore[attr-defined]


async def _refused_then_others_go_on(server: ServeProcess, bad: bytes, code: int) -> None:
    good_ws, good_doc = await _client(server.url("shared"))
    other_ws, other_doc = await _client(server.url("shared"))
    evil_ws = await connect(server.url("shared"), max_size=None)
    await evil_ws.send(bad)
    with pytest.raises(ConnectionClosed) as closed:
        for _ in range(100):
            await asyncio.wait_for(evil_ws.recv(), 5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == code
    await _edit(good_ws, good_doc, "after", "still working")
    await confirm(good_ws, good_doc, 10)
    async with asyncio.timeout(10):
        while "after" not in other_doc.get("notes", type=Map):
            message = await other_ws.recv()
            from pycrdt import handle_sync_message

            if message[0] == 0:
                handle_sync_message(message[1:], other_doc)
    assert str(other_doc.get("notes", type=Map)["after"]) == "still working"
    for ws in (good_ws, other_ws):
        await ws.close()


@pytest.mark.parametrize(("bad", "code", "logged"), [
    (b"\x00\x02\x05\x01\x02\x03\x04\x05", 1007, "malformed update"),
    (b"\x07\x00\x00", 1007, "unknown message type 7"),
    (b"\x00\x02\xff\xff\xff\x7f", 1007, "the length prefix says"),
    (b"\x00\x02" + b"\x00" * 3000, 1009, "over the 2048-byte cap"),
])
def test_malformed_and_oversized_messages_are_refused_while_others_keep_working(
        tmp_path: Path, bad: bytes, code: int, logged: str) -> None:
    serve = ServeProcess(tmp_path / "store", "--max-message", "2048").start()
    try:
        asyncio.run(_refused_then_others_go_on(serve, bad, code))
        assert logged in serve.log() and "connection closed" in serve.log()
    finally:
        serve.stop()


def test_a_flood_is_cut_off_and_others_keep_working(tmp_path: Path) -> None:
    serve = ServeProcess(tmp_path / "store", "--rate", "20").start()

    async def flood() -> None:
        ws, doc = await _client(serve.url("shared"))
        with pytest.raises(ConnectionClosed) as closed:
            for i in range(500):
                await _edit(ws, doc, f"k{i}", "x")
                await asyncio.sleep(0)
            for _ in range(500):
                await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008

    try:
        asyncio.run(flood())
        asyncio.run(_refused_then_others_go_on(serve, b"\x07\x00\x00", 1007))
        assert "more than 20 messages a second" in serve.log()
    finally:
        serve.stop()


def test_unauthenticated_websocket_gets_403(server: ServeProcess) -> None:
    async def attempt() -> int:
        with pytest.raises(InvalidStatus) as refused:
            await connect(server.url("shared", None))
        return refused.value.response.status_code

    assert asyncio.run(attempt()) == 403


def test_kill_9_loses_no_acknowledged_edit(tmp_path: Path) -> None:
    serve = ServeProcess(tmp_path / "store").start()
    acknowledged: list[str] = []

    async def edit_until_killed() -> None:
        clients = [await _client(serve.url("durable")) for _ in range(3)]
        for i in range(40):
            ws, doc = clients[i % 3]
            await _edit(ws, doc, f"edit-{i}", f"value {i}")
            if i % 4 == 3:
                await confirm(ws, doc, 10)  # the server has journaled everything this client sent
                acknowledged.extend(f"edit-{k}" for k in range(i + 1) if k % 3 == i % 3)
        serve.kill9()  # mid-stream: later, unconfirmed edits may be lost, confirmed ones may not

    asyncio.run(edit_until_killed())
    serve.port = 0
    serve.start()
    try:
        async def read() -> Doc:
            ws, doc = await _client(serve.url("durable"))
            await ws.close()
            return doc

        doc = asyncio.run(read())
        notes = doc.get("notes", type=Map)
        assert acknowledged and all(key in notes for key in acknowledged)
        assert str(notes["edit-3"]) == "value 3"
        assert read_project(doc)["journeys"] == []
    finally:
        serve.stop()


def test_a_port_in_use_is_explained_without_a_traceback(server: ServeProcess, tmp_path: Path) -> None:
    result = waymark("serve", "--port", str(server.port), "--store", str(tmp_path / "other"), "--token", "x")
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{server.port}" in result.stderr
    assert "Traceback" not in result.stderr
