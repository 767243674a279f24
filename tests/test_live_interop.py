"""Interoperability: the npm `yjs` + `y-websocket` client syncs with a `waymark serve` room.

It reads the map Waymark pushed (the documented schema, docs/collaboration.md) and its edit comes
back into a normal project file. Needs node and tests/js/node_modules (`npm install --prefix
tests/js`, which .ci/run does when CI=true); skips with that message otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.model import load_project
from live_server import ROOT, TOKEN, ServeProcess

JS = ROOT / "tests" / "js"
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"

pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="needs node (Debian package nodejs)"),
    pytest.mark.skipif(not (JS / "node_modules" / "y-websocket").is_dir(),
                       reason="needs the npm Yjs client: run `npm install --prefix tests/js` "
                              "(.ci/run does with CI=true)"),
]


def waymark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


def test_the_npm_y_websocket_client_reads_and_edits_a_waymark_room(tmp_path: Path) -> None:
    serve = ServeProcess(tmp_path / "store").start()
    try:
        url = serve.url("interop")
        assert waymark("room", "push", str(SAMPLE), url).returncode == 0
        node = subprocess.run(["node", str(JS / "interop.mjs"), f"ws://127.0.0.1:{serve.port}", "interop", TOKEN],
                              capture_output=True, text=True, timeout=60, cwd=JS)
        lines = [json.loads(line) for line in node.stdout.splitlines() if line.startswith("{")]
        assert node.returncode == 0, node.stdout + node.stderr
        seen, edited = lines[0], lines[1]["edited"]
        project = load_project(SAMPLE)
        journey = project.journeys[0]
        assert seen["title"] == project.title
        assert seen["touchpoints"] == [t.title for t in journey.touchpoints()]
        out = tmp_path / "after.journey"
        deadline = time.monotonic() + 10
        while True:  # the npm client's update reaches the room's journal
            assert waymark("room", "pull", url, "-o", str(out)).returncode == 0
            card = load_project(out).journeys[0].get(edited)
            if card.title.endswith(" (from npm)") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert card.title == journey.get(edited).title + " (from npm)"
        assert card.emotion == -2
        assert waymark("validate", str(out)).returncode == 0
    finally:
        serve.stop()


def test_the_npm_client_is_refused_without_the_token(tmp_path: Path) -> None:
    serve = ServeProcess(tmp_path / "store").start()
    try:
        node = subprocess.run(["node", str(JS / "interop.mjs"), f"ws://127.0.0.1:{serve.port}", "interop", "wrong"],
                              capture_output=True, text=True, timeout=60, cwd=JS)
        assert node.returncode != 0
        assert "wrong token for room interop" in serve.log()
    finally:
        serve.stop()
