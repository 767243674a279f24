"""An offscreen Waymark editor in its own process, joined to a live room, driven by JSON lines on stdin.

`python tests/live_editor_process.py ROOM_URL TOKEN NAME` opens a window, joins the room (File >
Join live…, without the dialog), prints {"ready": true} and then answers one JSON line per
command: rename (a card, by id or title, by typing in it), move (a card to a stage, through the editor as a drop
does), undo (Edit > Undo), state (the project as saved), quit.
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.model.serialize import project_to_dict
    from app.widgets.main_window import MainWindow
    from tests.canvas_support import vp

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1300, 850)
    window.show()
    url, token, name = sys.argv[1:4]
    window.live.join(url, token, name)
    commands: queue.Queue[dict | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            commands.put(json.loads(line))
        commands.put(None)

    threading.Thread(target=read, daemon=True).start()

    def reply(data: dict) -> None:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    def card(cmd: dict):
        j = window.current_journey()
        return j, j.get(cmd["id"]) if "id" in cmd else j.find(cmd["title"])

    def run(cmd: dict) -> None:
        op = cmd["op"]
        canvas = window.current_canvas()
        if op == "rename":
            j, tp = card(cmd)
            r = canvas.journey_scene.layout.cards[tp.id].rect
            QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             vp(canvas, r.cx, r.cy))
            QTest.keyClick(canvas, Qt.Key.Key_Return)
            edit = canvas.inplace.line_edit()
            edit.selectAll()
            QTest.keyClicks(edit, cmd["new"])
            QTest.keyClick(edit, Qt.Key.Key_Return)
            reply({"ok": op})
        elif op == "move":
            j, tp = card(cmd)
            stage = j.find(cmd["stage"])
            window.editor.move_touchpoint(j, tp.id, stage.id, j.lane_of(tp.id).id, cmd.get("index", 0))
            reply({"ok": op})
        elif op == "undo":
            window.actions_.undo.trigger()
            reply({"ok": op})
        elif op == "state":
            window.live.session.flush()
            reply({"state": project_to_dict(window.project()), "peers": sorted(
                str((s.get("user") or {}).get("name")) for s in window.live.peers().values())})
        elif op == "quit":
            window.live.stop()
            reply({"ok": op})
            app.quit()

    def poll() -> None:
        while True:
            try:
                cmd = commands.get_nowait()
            except queue.Empty:
                return
            if cmd is None:
                app.quit()
                return
            try:
                run(cmd)
            except Exception as exc:  # reported to the test, which fails with it
                reply({"error": f"{type(exc).__name__}: {exc}"})

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(20)

    def ready() -> None:
        if window.live.session is not None and window.live.session.state == "connected":
            reply({"ready": True})
        else:
            QTimer.singleShot(50, ready)

    ready()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
