"""Live co-editing: 10 clients making 100 edits a second each through one `waymark serve` room on loopback
(time from an edit to its arrival at each other client, p50/p95/max), and the first sync of a
2,000-touchpoint map, and the cost in the editor's model of one edit of a 2,000-touchpoint map (a local
edit written into the shared document, a remote update applied to the model), element by element as
the session does it and through the whole-map pass it falls back to. Floors measured in the same run:
a bare pycrdt round trip (encode an edit's update, apply it to another document, in one process), the
same into a 2,000-touchpoint document, and a bare websocket echo on loopback.

Bounded: 4 seconds of edits, 127.0.0.1 only, a free port, the server in a subprocess of its own.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import percentile, print_table

CLIENTS = 10
RATE = 100  # edits a second, each client
SECONDS = 4.0
TOUCHPOINTS = 2000
TOKEN = "bench"
ROOT = Path(__file__).resolve().parent.parent
SIZE_OPTIONS = ("SECONDS", "TOUCHPOINTS")  # the constants that set how big a run is


def _start_server(store: Path) -> tuple[subprocess.Popen[bytes], int]:
    log = store.parent / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "serve", "--host", "127.0.0.1", "--port", "0",
                                 "--store", str(store), "--token", TOKEN, "--rate", "2000"],
                                stdout=out, stderr=out, env=env)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = re.search(r"serving rooms at ws://127\.0\.0\.1:(\d+)/", log.read_text(errors="replace"))
        if found:
            return proc, int(found.group(1))
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("waymark serve did not start: " + log.read_text(errors="replace"))


async def _editing(port: int) -> list[float]:
    from pycrdt import Doc, Map, YMessageType, create_update_message, handle_sync_message
    from websockets.asyncio.client import connect

    from app.live.collab.client import sync_doc

    url = f"ws://127.0.0.1:{port}/bench-edits?token={TOKEN}"
    sent: dict[str, float] = {}
    delays: list[float] = []
    clients: list[tuple[Any, Any]] = []
    for _ in range(CLIENTS):
        ws = await connect(url, max_size=None)
        doc: Doc[Any] = Doc()
        await sync_doc(ws, doc, 10)
        clients.append((ws, doc))

    def observer(me: int) -> Any:
        mine = f"{me}:"

        def observe(event: Any) -> None:
            now = time.perf_counter()
            for key in event.keys:
                if key in sent and not key.startswith(mine):  # one's own edits do not travel
                    delays.append(now - sent[key])

        return observe

    subscriptions = [doc.get("bench", type=Map).observe(observer(i))  # kept: a dropped one ends
                     for i, (_, doc) in enumerate(clients)]

    async def reader(ws: Any, doc: Any) -> None:
        async for message in ws:
            if message[0] == YMessageType.SYNC:
                handle_sync_message(message[1:], doc)

    async def writer(index: int, ws: Any, doc: Any) -> None:
        cells = doc.get("bench", type=Map)
        start = time.perf_counter() + index / (CLIENTS * RATE)  # staggered, as people are
        for seq in range(int(SECONDS * RATE)):
            await asyncio.sleep(max(0.0, start + seq / RATE - time.perf_counter()))
            key = f"{index}:{seq}"
            before = doc.get_state()
            sent[key] = time.perf_counter()
            cells[key] = seq  # an edit: one field of one element
            await ws.send(create_update_message(doc.get_update(before)))

    readers = [asyncio.create_task(reader(ws, doc)) for ws, doc in clients]
    await asyncio.gather(*(writer(i, ws, doc) for i, (ws, doc) in enumerate(clients)))
    expected = CLIENTS * int(SECONDS * RATE) * (CLIENTS - 1)
    deadline = time.perf_counter() + 10
    while len(delays) < expected and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    for task in readers:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws, _ in clients))
    del subscriptions
    if len(delays) < expected:
        print(f"  (only {len(delays):,} of {expected:,} deliveries arrived within 10 s)")
    return delays


async def _first_sync(port: int) -> tuple[float, float, int]:
    from pycrdt import Doc

    from app.live.collab.client import push_room, room_url, sync_doc
    from app.live.collab.schema import write_project
    from app.live.collab.session import project_from_doc
    from app.model.serialize import project_to_dict
    from app.model.synthetic import synthetic_project
    from websockets.asyncio.client import connect

    address = room_url(f"ws://127.0.0.1:{port}/bench-map", TOKEN)
    d = project_to_dict(synthetic_project(TOUCHPOINTS))
    pushed = await push_room(address, lambda doc: write_project(doc, d))
    size = len(pushed.get_update())
    best_sync = best_model = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        ws = await connect(address.url, max_size=None)
        doc: Doc[Any] = Doc()
        await sync_doc(ws, doc, 30)
        synced = time.perf_counter()
        project_from_doc(doc)
        done = time.perf_counter()
        await ws.close()
        best_sync, best_model = min(best_sync, synced - start), min(best_model, done - start)
    return best_sync, best_model, size


MODEL_EDITS = 40


def _model_edits(increments: bool) -> tuple[list[float], list[float]]:
    """Per local edit (model change -> one Yjs update) and per remote update (Yjs update -> model),
    two sessions on one 2,000-touchpoint map joined in memory (no network, no canvas)."""
    from pycrdt import Doc

    from app.live.collab.session import CollabSession, project_from_doc
    from app.model.synthetic import synthetic_project

    sent: list[bytes] = []
    a_doc: Doc[Any] = Doc()
    a = CollabSession(synthetic_project(TOUCHPOINTS), a_doc, sent.append)
    b_doc: Doc[Any] = Doc()
    b_doc.apply_update(a_doc.get_update())
    b = CollabSession(project_from_doc(b_doc), b_doc, lambda _m: None)
    a.increments = b.increments = increments
    sent.clear()
    journey = a.project.journey()
    cards = journey.touchpoints()
    local, remote = [], []
    for seq in range(MODEL_EDITS):
        card = cards[(seq * 37) % len(cards)]
        title = f"Card {seq}"
        journey.update(card.id, title=title, emotion=seq % 5 - 2)
        start = time.perf_counter()
        a.flush()
        local.append(time.perf_counter() - start)
        message = sent.pop()
        start = time.perf_counter()
        b.receive(message)
        remote.append(time.perf_counter() - start)
        if b.project.journey().get(card.id).title != title:
            raise RuntimeError("the remote edit did not arrive")
    return local, remote


def _canvas_edits(increments: bool) -> list[float]:
    """Per remote update into an editor window showing the map (offscreen): applied to the model
    and the canvas repainted, as a co-editor sees it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pycrdt import Doc
    from PySide6.QtWidgets import QApplication

    from app.live.collab.session import CollabSession, project_from_doc
    from app.model.synthetic import synthetic_project
    from app.widgets.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    sent: list[bytes] = []
    a = CollabSession(synthetic_project(TOUCHPOINTS), Doc(), sent.append)
    b_doc: Doc[Any] = Doc()
    b_doc.apply_update(a.doc.get_update())
    window = MainWindow(project_from_doc(b_doc))
    window.resize(1300, 850)
    window.show()
    app.processEvents()
    b = CollabSession(window.project(), b_doc, lambda _m: None)
    b.on_remote_edit = window.editor.note_remote_edit
    a.increments = b.increments = increments
    sent.clear()
    journey = a.project.journey()
    cards = journey.touchpoints()
    times = []
    for seq in range(MODEL_EDITS // 2):
        journey.update(cards[(seq * 37) % len(cards)].id, title=f"Card {seq}")
        a.flush()
        message = sent.pop()
        start = time.perf_counter()
        b.receive(message)
        window.current_canvas().viewport().repaint()
        app.processEvents()
        times.append(time.perf_counter() - start)
    b.close()
    window.hide()  # not close(): it would ask whether to save the co-edited map
    window.deleteLater()
    app.processEvents()
    return times


def _pycrdt_big_round_trip() -> list[float]:
    """The floor for one edit of a 2,000-touchpoint map: its update encoded on one document of that
    size and applied to another."""
    from pycrdt import Doc, Map

    from app.live.collab.schema import JOURNEYS, write_project
    from app.model.serialize import project_to_dict
    from app.model.synthetic import synthetic_project

    a: Doc[Any] = Doc()
    write_project(a, project_to_dict(synthetic_project(TOUCHPOINTS)))
    b: Doc[Any] = Doc()
    b.apply_update(a.get_update())
    journey = next(iter(a.get(JOURNEYS, type=Map).values()))
    ids = list(journey["touchpoints"].keys())
    times = []
    for seq in range(MODEL_EDITS * 10):
        start = time.perf_counter()
        before = a.get_state()
        journey["touchpoints"][ids[(seq * 37) % len(ids)]]["emotion"] = seq % 5 - 2
        b.apply_update(a.get_update(before))
        times.append(time.perf_counter() - start)
    return times


def _pycrdt_round_trip() -> list[float]:
    from pycrdt import Doc, Map

    a: Doc[Any] = Doc()
    b: Doc[Any] = Doc()
    cells = a.get("bench", type=Map)
    times = []
    for seq in range(2000):
        start = time.perf_counter()
        before = a.get_state()
        cells[f"k{seq}"] = seq
        b.apply_update(a.get_update(before))
        times.append(time.perf_counter() - start)
    return times


async def _echo_round_trip() -> list[float]:
    from websockets.asyncio.client import connect
    from websockets.asyncio.server import serve

    async def echo(ws: Any) -> None:
        async for message in ws:
            await ws.send(message)

    times = []
    async with serve(echo, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}") as ws:
            for _ in range(1000):
                start = time.perf_counter()
                await ws.send(b"\x00\x02\x05hello")
                await ws.recv()
                times.append(time.perf_counter() - start)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms"


def main() -> None:
    bare = _pycrdt_round_trip()
    echo = asyncio.run(_echo_round_trip())
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = _start_server(Path(tmp) / "store")
        try:
            delays = asyncio.run(_editing(port))
            sync, model, size = asyncio.run(_first_sync(port))
        finally:
            proc.terminate()
            proc.wait(10)
    rows = [
        [f"{CLIENTS} clients x {RATE} edits/s, edit -> other clients", f"{len(delays):,}", ms(percentile(delays, 50)),
         ms(percentile(delays, 95)), ms(max(delays) if delays else float("nan")), "<= 50 ms"],
        ["floor: bare pycrdt round trip (one process)", f"{len(bare):,}", ms(percentile(bare, 50)),
         ms(percentile(bare, 95)), ms(max(bare)), ""],
        ["floor: bare websocket echo on loopback", f"{len(echo):,}", ms(percentile(echo, 50)),
         ms(percentile(echo, 95)), ms(max(echo)), ""],
    ]
    print_table("Live co-editing through `waymark serve` (journaled, fsync per group commit), this run",
                ["measure", "samples", "p50", "p95", "max", "target (p95)"], rows)
    print()
    print_table(f"First sync of a {TOUCHPOINTS:,}-touchpoint map (best of 3)",
                ["measure", "time", "target"],
                [[f"connect + y-websocket sync ({size / 1024:,.0f} KiB document)", ms(sync), "<= 1 s"],
                 ["... and the project model built from it", ms(model), ""]])
    print()
    fast_local, fast_remote = _model_edits(increments=True)
    whole_local, whole_remote = _model_edits(increments=False)
    big = _pycrdt_big_round_trip()
    fast_canvas, whole_canvas = _canvas_edits(increments=True), _canvas_edits(increments=False)

    def row(name: str, times: list[float]) -> list[str]:
        return [name, f"{len(times):,}", ms(percentile(times, 50)), ms(percentile(times, 95)), ms(max(times))]

    print_table(f"One edit (a card's title and emotion) of a {TOUCHPOINTS:,}-touchpoint map in the editor's model "
                "(session + model, no network; then an offscreen editor window)",
                ["measure", "samples", "p50", "p95", "max"],
                [row("local edit -> Yjs update (element by element)", fast_local),
                 row("remote update -> model (element by element)", fast_remote),
                 row("local edit -> Yjs update (whole-map pass, the fallback)", whole_local),
                 row("remote update -> model (whole-map pass, the fallback)", whole_remote),
                 row("remote update -> model + canvas repainted (element by element)", fast_canvas),
                 row("remote update -> model + canvas repainted (whole-map pass)", whole_canvas),
                 row(f"floor: bare pycrdt round trip, {TOUCHPOINTS:,}-card document", big)])
