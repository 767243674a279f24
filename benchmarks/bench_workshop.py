"""Workshop session under a full room: 50 participants on loopback WebSockets, 20 notes each plus
their votes, all at once, with the editor's Inbox and Session docks receiving every event.

Printed: acknowledgement time (p50, p95, max: send to answer, the journal fsync included) beside a
floor measured in the same run (a ping answered by the same server: no checks, no journal), and
the longest stall of the Qt event loop while the room was sending, beside the stall with no room.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .common import ms, percentile, print_table, ratio
from .workshop_load import ParticipantRun, ws_url

SIZES = (50,)  # participants
SIZE_OPTIONS = ("SIZES",)
NOTES = 20
VOTES = 7  # each tries 7 dots with a budget of 5: the last 2 are refused
BUDGET = 5
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"


async def _pings(url: str, count: int) -> list[float]:
    import json

    import websockets

    times = []
    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"type": "hello"}))
        await ws.recv()
        for i in range(count):
            start = time.perf_counter()
            await ws.send(json.dumps({"type": "ping", "ref": f"p{i}"}))
            await ws.recv()
            times.append(time.perf_counter() - start)
    return times


def _watch_loop(app, seconds_or_until) -> float:  # type: ignore[no-untyped-def]
    """Run the Qt event loop until `seconds_or_until()` is true; the longest gap between 5 ms ticks."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    clock = QElapsedTimer()
    clock.start()
    worst = [0.0]
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], (now - last[0]) / 1000)
        last[0] = now
        if seconds_or_until():
            loop.quit()

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    return max(0.0, worst[0] - 0.005)


def measure(participants: int, folder: Path) -> list[list[str]]:
    from PySide6.QtWidgets import QApplication

    from app.model import load_project
    from app.widgets.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    path = folder / "room.journey"
    shutil.copy(SAMPLE, path)
    window = MainWindow(load_project(path), path)
    window.show()
    journey = window.current_journey()
    link = window.workshop.start(journey, "127.0.0.1", 0, budget=BUDGET)
    assert link is not None
    try:
        board = link.server.room.board
        cards, stages = [c[0] for c in board.cards], [s for s, _ in board.stages]
        url = ws_url(link.server.join_url)
        idle_stall = _watch_loop(app, _after(0.5))
        floor = asyncio.run(_pings(url, 200))
        result: dict[str, object] = {}

        def room() -> None:  # the phones in a process of their own, as in a real room
            out = subprocess.run([sys.executable, "-m", "benchmarks.workshop_load", url, str(participants),
                                  str(NOTES), str(VOTES), ",".join(cards), ",".join(stages)],
                                 capture_output=True, text=True, timeout=300, cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
            result["runs"] = [ParticipantRun(**r) for r in json.loads(out.stdout)] if out.returncode == 0 else []
            result["error"] = out.stderr[-2000:]

        thread = threading.Thread(target=room)
        thread.start()
        busy_stall = _watch_loop(app, lambda: not thread.is_alive())
        thread.join()
        _watch_loop(app, _after(0.4))  # the Inbox's last coalesced refresh
        runs = result["runs"]
        if not runs:
            raise RuntimeError(f"the simulated room failed: {result['error']}")
        latencies = [t for r in runs for t in r.latencies]  # type: ignore[attr-defined]
        acked = sum(len(r.acked_notes) for r in runs)  # type: ignore[attr-defined]
        in_inbox = len(window.workshop.inbox._items) if window.workshop.inbox else 0
        dots = sum(link.state.card_votes().values())
        over = sum(1 for p in link.state.participants.values() if link.state.dots_used(p.id) > BUDGET)
    finally:
        window.workshop.end()
        window.editor.stack.setClean()
        window.close()
        window.deleteLater()
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    fp95 = percentile(floor, 95)
    label = f"{participants} people x {NOTES} notes"
    return [
        [label, "notes acknowledged / in the Inbox", f"{acked:,} / {in_inbox:,}", f"of {participants * NOTES:,}", ""],
        [label, "dots counted (budget held)", f"{dots:,}", f"{participants * BUDGET:,} allowed",
         "ok" if not over else f"{over} over budget"],
        [label, "acknowledgement p50", ms(p50), ms(percentile(floor, 50)), ratio(p50, percentile(floor, 50))],
        [label, "acknowledgement p95 (target <= 100 ms)", ms(p95), ms(fp95), ratio(p95, fp95)],
        [label, "acknowledgement max", ms(max(latencies)), ms(max(floor)), ratio(max(latencies), max(floor))],
        [label, "Qt event loop longest stall (target <= 50 ms)", ms(busy_stall), ms(idle_stall),
         ratio(busy_stall, idle_stall)],
    ]


def _after(seconds: float):  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    return lambda: time.monotonic() >= end


def main() -> None:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            rows += measure(size, Path(folder))
    print_table("Workshop session: a full room at once on loopback (floor: ping to the same server; "
                "idle event loop)", ["room", "measure", "value", "floor", "ratio"], rows)
