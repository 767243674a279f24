"""Start-up of the editor: `waymark resources/samples/online-retailer.journey` until the window has
painted, beside a bare PySide6 QMainWindow shown the same way (the floor), each a fresh process.

Both processes print the wall-clock time once their first paint is done and then quit (the
editor through WAYMARK_QUIT_AFTER_SHOW=1): the main figure runs from launch to that moment and
covers interpreter start, imports, loading the sample, building the window and the first paint;
the whole process (exit included) is shown beside it. Also reports whether matplotlib, reportlab
or openpyxl were imported at start-up (they must not be). Aim: the editor within 2.5x the bare window.

What the editor loads after its first paint (the rest of networkx, in a background thread; the
crash-recovery offer) is not started in these runs, which quit at that moment.

Both run from compiled bytecode, as an installed copy does: with PYTHONDONTWRITEBYTECODE set
(as in some shells and CI images) every run would otherwise compile Waymark's modules afresh,
a cost no installed editor pays. The warm-up run writes the bytecode to a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ms, print_table, ratio

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "online-retailer.journey"
HEAVY = ("matplotlib", "reportlab", "openpyxl")
RUNS = 5
SIZE_OPTIONS = ("RUNS",)  # the constants that set how big a run is

EDITOR = f"""
import sys
from app.cli import main
code = main([{str(SAMPLE)!r}])
heavy = [m for m in {HEAVY!r} if m in sys.modules]
print("HEAVY=" + ",".join(heavy))
sys.exit(code)
"""

PHASES = f"""
import gc, time
t0 = time.perf_counter()
gc.disable()  # as app/cli.py does before opening the editor, which also loads the Qt-free parts first
from app.model import nxcore
nxcore.load()
t1 = time.perf_counter()
import app.layout, app.model, app.render.draw
t2 = time.perf_counter()
from PySide6 import QtCore, QtGui, QtWidgets
t3 = time.perf_counter()
from app.widgets.application import application, open_window
from app.widgets.theme import apply_theme
import app.widgets.main_window
t4 = time.perf_counter()
qapp = application()
apply_theme(qapp)
window = open_window({str(SAMPLE)!r})
t5 = time.perf_counter()
window.show()
qapp.processEvents()
t6 = time.perf_counter()
window.autosave.discard()
print(f"PHASES={{t1 - t0}},{{t2 - t1}},{{t3 - t2}},{{t4 - t3}},{{t5 - t4}},{{t6 - t5}}")
"""

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def painted():
    import time
    print(f"PAINTED={time.time()}", flush=True)
    app.quit()

class QuitAfterPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1440, 900)
window.installEventFilter(QuitAfterPaint(window))
window.show()
sys.exit(app.exec())
"""


PYCACHE = tempfile.TemporaryDirectory(prefix="waymark-bench-pycache-")  # removed at exit


def _run(code: str) -> tuple[float, float, str]:
    """(seconds from launch to the end of the first paint, seconds from launch to exit, stdout)."""
    env = dict(os.environ, WAYMARK_QUIT_AFTER_SHOW="1", PYTHONPYCACHEPREFIX=PYCACHE.name)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    launched, start = time.time(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"start-up run failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    painted = next((float(x.split("=", 1)[1]) for x in done.stdout.splitlines() if x.startswith("PAINTED=")),
                   launched + elapsed)  # the phase runs print no moment
    return painted - launched, elapsed, done.stdout


def _best(code: str) -> tuple[float, float, float, str]:
    _run(code)  # warm the file cache once
    runs = [_run(code) for _ in range(RUNS)]
    paint = sorted(r[0] for r in runs)
    whole = sorted(r[1] for r in runs)
    return paint[0], paint[len(paint) // 2], whole[0], runs[-1][2]


def main() -> None:
    bare_paint, bare_median, bare_whole, _ = _best(BARE)
    editor_paint, editor_median, editor_whole, out = _best(EDITOR)
    heavy = next((line.split("=", 1)[1] for line in out.splitlines() if line.startswith("HEAVY=")), "?")
    print_table(
        f"Start-up: launch until the first paint is done (best and median of {RUNS} fresh processes)",
        ["measure", "best", "median", "vs floor (best)", "whole process", "vs floor"],
        [
            ["floor: bare PySide6 QMainWindow", ms(bare_paint), ms(bare_median), "1.00x", ms(bare_whole), "1.00x"],
            ["waymark + online-retailer sample", ms(editor_paint), ms(editor_median),
             ratio(editor_paint, bare_paint), ms(editor_whole), ratio(editor_whole, bare_whole)],
        ],
    )
    print(f"heavy modules imported at start-up: {heavy or 'none'} (aim: none; aim for time: within 2.5x floor)")
    print()
    runs = []
    for _ in range(RUNS):
        *_, out = _run(PHASES)
        line = next(x for x in out.splitlines() if x.startswith("PHASES="))
        runs.append([float(v) for v in line.split("=", 1)[1].split(",")])
    names = ["import networkx's graph classes (the model's core)",
             "import Waymark's Qt-free parts (model, layout, render)",
             "import PySide6 (QtCore, QtGui, QtWidgets)", "import Waymark's views (editing, widgets)",
             "QApplication, theme, load sample, build window", "show and first paint"]
    best = [min(r[i] for r in runs) for i in range(len(names))]
    print_table(f"Where editor start-up goes, in one process (best of {RUNS} per phase)", ["phase", "time"],
                [[n, ms(t)] for n, t in zip(names, best, strict=True)])


if __name__ == "__main__":
    main()
