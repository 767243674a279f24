"""A `waymark serve` subprocess on 127.0.0.1 and a free port, for the live co-editing tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "test-token"


class ServeProcess:
    """`waymark serve --port 0` in a subprocess; `port` once it listens; `log()` its stderr so far."""

    def __init__(self, store: Path, *extra: str, port: int = 0) -> None:
        self.store = store
        self.extra = extra
        self.log_path = store.parent / f"serve-{store.name}.log"
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ServeProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        log = open(self.log_path, "ab")  # noqa: SIM115  # the child writes it
        offset = self.log_path.stat().st_size
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--store", str(self.store), "--token", TOKEN, *self.extra],
            stdout=log, stderr=log, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()[offset:].decode(errors="replace")
            found = re.search(r"serving rooms at ws://127\.0\.0\.1:(\d+)/", text)
            if found:
                self.port = int(found.group(1))
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"waymark serve exited: {text}")
            time.sleep(0.05)
        raise RuntimeError("waymark serve did not start")

    def url(self, room: str, token: str | None = TOKEN) -> str:
        suffix = f"?token={token}" if token else ""
        return f"ws://127.0.0.1:{self.port}/{room}{suffix}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
