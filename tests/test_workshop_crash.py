"""kill -9 of `waymark workshop` in the middle of a busy session: every note the server
acknowledged is back after a restart, and phones reconnect as themselves with their tokens."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import websockets

from app.live.workshop.board import board_of
from app.model import load_project
from benchmarks.workshop_load import ParticipantRun, run_participant, ws_url

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"


def start(project: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "workshop", str(project), "--host", "127.0.0.1",
                             "--port", "0", "--votes", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), proc.stderr.read() if proc.stderr else url
    return proc, url


def test_kill_9_during_the_load_loses_no_acknowledged_note(tmp_path):
    project = tmp_path / "map.journey"
    shutil.copy(SAMPLE, project)
    board = board_of(load_project(project).journey())
    cards, stages = [c[0] for c in board.cards], [s for s, _ in board.stages]
    proc, url = start(project)
    runs = [ParticipantRun() for _ in range(20)]

    async def load_then_kill() -> None:
        async def killer() -> None:
            while sum(len(r.acked_notes) for r in runs) < 150:
                await asyncio.sleep(0.005)
            proc.send_signal(signal.SIGKILL)

        tasks = [run_participant(ws_url(url), i, 30, cards, stages, 0, runs[i], timeout=20) for i in range(20)]
        await asyncio.wait_for(asyncio.gather(killer(), *tasks, return_exceptions=True), 90)

    try:
        asyncio.run(load_then_kill())
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    acked = {n for r in runs for n in r.acked_notes}
    assert 150 <= len(acked) < 600  # killed in the middle

    proc, url2 = start(project)
    try:
        assert url2.split("code=")[1] == url.split("code=")[1]  # the same session: the same join code

        async def reconnect(run: ParticipantRun) -> dict:
            async with websockets.connect(ws_url(url2)) as ws:
                await ws.send(json.dumps({"type": "hello", "token": run.token}))
                return json.loads(await asyncio.wait_for(ws.recv(), 10))

        async def everyone() -> list[dict]:
            return await asyncio.gather(*(reconnect(r) for r in runs if r.token))

        welcomes = asyncio.run(everyone())
        back = set()
        for run, welcome in zip([r for r in runs if r.token], welcomes, strict=True):
            assert welcome["you"]["participant"] == run.pid  # reconnected as themselves
            back |= {n["id"] for n in welcome["you"]["notes"]}
        assert acked <= back
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert "Stopped." in out
