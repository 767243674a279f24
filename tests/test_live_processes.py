"""Two editor processes (offscreen) joined through `waymark serve` on 127.0.0.1 see each other's edits,
and concurrent moves and renames of the same card converge to the same map on both."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.model.validation import validate_document
from live_server import ROOT, TOKEN, ServeProcess

SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"


class Editor:
    def __init__(self, url: str, name: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "live_editor_process.py"), url, TOKEN, name],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        assert self.read(60).get("ready")

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put("")

    def read(self, timeout: float = 20) -> dict:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("the editor process did not answer") from None
        if not line:
            raise RuntimeError(f"the editor process ended (exit {self.proc.poll()})")
        data = json.loads(line)
        assert "error" not in data, data["error"]
        return data

    def ask(self, **cmd: object) -> dict:
        self.send(**cmd)
        return self.read()

    def send(self, **cmd: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def state(self) -> dict:
        return self.ask(op="state")

    def close(self) -> None:
        try:
            self.ask(op="quit")
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait(10)


def titles(state: dict) -> set[str]:
    return {t["title"] for t in state["state"]["journeys"][0]["touchpoints"]}


def wait_for(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


@pytest.fixture
def editors(tmp_path: Path) -> Iterator[tuple[Editor, Editor]]:
    serve = ServeProcess(tmp_path / "store").start()
    url = f"ws://127.0.0.1:{serve.port}/workshop"
    pushed = subprocess.run([sys.executable, str(ROOT / "main.py"), "room", "push", str(SAMPLE), url, "--token", TOKEN],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)
    assert pushed.returncode == 0, pushed.stderr
    a = Editor(url, "Ana")
    b = Editor(url, "Ben")
    yield a, b
    a.close()
    b.close()
    serve.stop()


def test_two_editor_processes_see_each_others_edits(editors: tuple[Editor, Editor]) -> None:
    a, b = editors
    first = sorted(titles(a.state()))[0]
    a.ask(op="rename", title=first, new="Renamed by Ana")
    wait_for(lambda: "Renamed by Ana" in titles(b.state()))
    journey = b.state()["state"]["journeys"][0]
    card = next(t for t in journey["touchpoints"] if t["title"] != "Renamed by Ana")
    last_stage = journey["stages"][-1]["name"]
    b.ask(op="move", id=card["id"], stage=last_stage)
    stage_id = journey["stages"][-1]["id"]
    wait_for(lambda: next(t for t in a.state()["state"]["journeys"][0]["touchpoints"]
                          if t["id"] == card["id"])["stage"] == stage_id)
    wait_for(lambda: a.state()["peers"] == ["Ben"] and b.state()["peers"] == ["Ana"])


def test_concurrent_moves_and_renames_of_one_card_converge(editors: tuple[Editor, Editor]) -> None:
    a, b = editors
    journey = a.state()["state"]["journeys"][0]
    card = journey["touchpoints"][2]
    first, last = journey["stages"][0]["name"], journey["stages"][-1]["name"]
    for editor, stage, title in ((a, first, "Compare sofas"), (b, last, "Sofa shortlist")):
        editor.send(op="move", id=card["id"], stage=stage)
        editor.send(op="rename", id=card["id"], new=title)
    for editor in (a, b):
        editor.read()
        editor.read()

    def converged() -> bool:
        return a.state()["state"] == b.state()["state"]

    wait_for(converged)
    state = a.state()["state"]
    assert validate_document(state) == []
    moved = next(t for t in state["journeys"][0]["touchpoints"] if t["id"] == card["id"])
    assert moved["stage"] in (journey["stages"][0]["id"], journey["stages"][-1]["id"])
    assert "Compare sofas" in moved["title"] or "Sofa shortlist" in moved["title"]
    a.ask(op="undo")  # Ana undoes her rename: Ben's stays
    wait_for(lambda: "Compare sofas" not in next(
        t for t in b.state()["state"]["journeys"][0]["touchpoints"] if t["id"] == card["id"])["title"])
    wait_for(converged)
