"""Canvas speed on the 2,000-touchpoint synthetic project, beside a floor measured in the same run.

Figures: opening (scene built with all items), time to first paint of the viewport, a repaint,
and the per-frame time while dragging one card with the mouse (median, 95th percentile; a frame is
the mouse move plus the paint of what changed, as Qt schedules it). The
floor is a raw QGraphicsScene with the same number of rectangle-and-text items at the same
places, shown in a view of the same size: build time, first paint, repaint and one item moved. The
issue's aims: opening within 3x the floor, drag frames within 2x the floor's repaint, a scroll step
within 2x the floor's; a drop, an edit and an undo within one 60 Hz frame (16.7 ms, printed in the
floor column: the layout and the canvas follow an edit incrementally, app/layout/incremental.py).

Run: `python -m benchmarks canvas` (offscreen unless QT_QPA_PLATFORM says otherwise).
"""

from __future__ import annotations

import os
import statistics
import time
from typing import cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VIEW_W, VIEW_H = 1400, 900
FRAMES = 120
SCROLL_STEPS = 60
TOUCHPOINTS = 2000
FRAME = 1 / 60  # the aim for a drop, an edit or an undo: within one 60 Hz frame
RUNS = 5  # each edit is timed this many times: the median is printed, and the worst
SIZE_OPTIONS = ("TOUCHPOINTS", "FRAMES", "SCROLL_STEPS", "RUNS")  # the constants that set how big a run is


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _paint(view) -> float:
    """Synchronous repaint of the viewport; seconds."""
    start = time.perf_counter()
    view.viewport().repaint()
    return time.perf_counter() - start


def _show_until_painted(view) -> float:
    """show() and process events until the viewport has painted once; seconds."""
    from PySide6.QtCore import QEvent, QObject

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                PaintWatch.painted = True
            return False

    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    app = _app()
    start = time.perf_counter()
    view.show()
    for _ in range(1000):
        app.processEvents()
        if PaintWatch.painted:
            break
    elapsed = time.perf_counter() - start
    view.viewport().removeEventFilter(watch)
    return elapsed


def _scroll_frames(view) -> tuple[list[float], float]:
    """Scroll down and right in steps, as the wheel does, each step painted: seconds per step, and
    the median share of the map's viewport repainted per step (the rest is scrolled by a pixel
    copy). On the canvas the header row and column stay pinned in frozen panes over the viewport
    (app/widgets/canvas_panes.py): they scroll by a pixel copy of their own, and what they repaint
    counts in the share too."""
    from PySide6.QtCore import QEvent, QObject

    areas: list[int] = []

    class PaintedArea(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                areas.append(sum(r.width() * r.height() for r in event.region()))
            return False

    watch = PaintedArea()
    panes = getattr(view, "panes", None)  # the canvas's frozen header panes (the floor has none)
    watched = [view.viewport(), *(pane.viewport() for pane in (panes.panes if panes else ()))]
    for widget in watched:
        widget.installEventFilter(watch)
    app = _app()
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    frames = []
    steps = []  # per step, the area repainted
    for _ in range(SCROLL_STEPS):
        start = time.perf_counter()
        h.setValue(h.value() + 24)
        v.setValue(v.value() + 40)
        app.processEvents()
        frames.append(time.perf_counter() - start)
        steps.append(sum(areas))
        areas.clear()
    for widget in watched:
        widget.removeEventFilter(watch)
    size = view.viewport().size()
    return frames, statistics.median(steps or [0]) / (size.width() * size.height())


def _floor(rects) -> dict[str, object]:
    """A raw scene: one rectangle item with a text child per card."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

    start = time.perf_counter()
    scene = QGraphicsScene()
    font = QFont("DejaVu Sans")
    font.setPixelSize(12)
    pen, brush = QPen(QColor("#bcccdc")), QBrush(QColor("#ffffff"))
    items = []
    for i, r in enumerate(rects):
        item = QGraphicsRectItem(QRectF(0, 0, r.w, r.h))
        item.setPos(r.x, r.y)
        item.setPen(pen)
        item.setBrush(brush)
        text = QGraphicsSimpleTextItem(f"Card {i + 1}", item)
        text.setFont(font)
        text.setPos(8, 8)
        scene.addItem(item)
        items.append(item)
    view = QGraphicsView(scene)
    view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    view.resize(VIEW_W, VIEW_H)
    build = time.perf_counter() - start
    first = _show_until_painted(view)
    repaint = min(_paint(view) for _ in range(5))
    scroll, scroll_share = _scroll_frames(view)
    moved = items[0]
    app = _app()
    frames = []
    home = moved.pos()
    for i in range(FRAMES):
        start = time.perf_counter()
        moved.setPos(home.x() + 3 * (i % 60), home.y() + 2 * (i % 60))
        app.processEvents()  # paints what changed, as a real frame does
        frames.append(time.perf_counter() - start)
    view.close()
    return {"build": build, "first": first, "repaint": repaint, "frames": frames, "scroll": scroll,
            "scroll_share": scroll_share}


def _canvas(project) -> dict[str, object]:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from app.editing import JourneyEditor
    from app.widgets.canvas import JourneyCanvas

    editor = JourneyEditor(project)
    start = time.perf_counter()
    canvas = JourneyCanvas(editor, project.journeys[0])
    canvas.resize(VIEW_W, VIEW_H)
    build = time.perf_counter() - start
    first = _show_until_painted(canvas)
    repaint = min(_paint(canvas) for _ in range(5))
    open_total = build + first

    # drag the first card of the first stage diagonally across the view, one frame per move
    layout = canvas.journey_scene.layout
    card = next(c for c in layout.cards.values() if c.kind == "touchpoint")
    viewport = canvas.viewport()
    p0 = canvas.mapFromScene(QPointF(card.rect.cx, card.rect.cy))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    QTest.mouseMove(viewport, p0 + QPoint(10, 10))
    app = _app()
    app.processEvents()
    frames = []
    for i in range(FRAMES):
        pos = p0 + QPoint(10 + 3 * (i % 60), 10 + 2 * (i % 60))
        start = time.perf_counter()
        QTest.mouseMove(viewport, pos)
        app.processEvents()  # paints what changed, as a real frame does
        frames.append(time.perf_counter() - start)
    edits = _edits(canvas, editor, card, p0, pos)
    band = canvas.journey_scene.layout.emotion_band
    canvas.centerOn(QPointF(VIEW_W / 2, band.cy))
    app.processEvents()
    emotion = min(_paint(canvas) for _ in range(5))
    canvas.horizontalScrollBar().setValue(0)
    canvas.verticalScrollBar().setValue(0)
    app.processEvents()
    scroll, scroll_share = _scroll_frames(canvas)
    canvas.detach()
    canvas.close()
    # the document closes: its undo steps go with it, before Python collects the editor (left to the
    # garbage collector, a stack still holding the edit commands crashed a later benchmark's collection)
    editor.stack.clear()
    return {"emotion": emotion, "scroll": scroll, "scroll_share": scroll_share, "build": build, "first": first,
            "repaint": repaint, "open": open_total, "frames": frames, "edits": edits, "items": len(layout.cards)}


def _timed(fn) -> tuple[float, float]:
    """Seconds for an edit and the frame that shows it (Qt processes what the edit changed): on
    the clock, and of this process's CPU time (what the edit costs, whatever else the machine runs)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    _app().processEvents()
    return time.perf_counter() - start, time.process_time() - cpu


def _edits(canvas, editor, card, p0, pos) -> dict[str, list[tuple[float, float]]]:
    """Each edit RUNS times, seconds per run: the drop that ends the drag in progress (and the
    same drag again, shorter, for the later runs), its undo and redo; a title typed and an emotion
    score changed in the inspector (the curve follows); a card added to the first cell (the N key's
    edit), then deleted with another card and its notes and path steps, and the deletion undone.
    Between runs the machine is left alone for a moment, as between a person's edits (a long path
    step an edit reshaped is cut into cached pieces then, items.PathArrowItem)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    app, viewport, journey = _app(), canvas.viewport(), canvas.journey
    runs: dict[str, list[tuple[float, float]]] = {}

    def settle() -> None:
        pause = time.perf_counter() + 0.2
        while time.perf_counter() < pause:
            app.processEvents()
            time.sleep(0.01)

    def note(name: str, seconds: tuple[float, float]) -> None:
        runs.setdefault(name, []).append(seconds)
        settle()

    left, right = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for run in range(RUNS):
        if run:  # the same drag again, in a few moves
            QTest.mousePress(viewport, left, right, p0)
            for step in range(1, 7):
                QTest.mouseMove(viewport, p0 + (pos - p0) * step / 6 + QPoint(0, 0))
                app.processEvents()
        note("drop", _timed(lambda: QTest.mouseRelease(viewport, left, right, pos)))
        note("undo", _timed(editor.stack.undo))
        note("redo", _timed(editor.stack.redo))
        editor.stack.undo()
        settle()
        title = f"Edited in the benchmark ({run + 1})"
        note("edit", _timed(lambda title=title: editor.update(journey, card.id, title=title)))
        score = 2 if journey.get(card.id).emotion != 2 else -2
        note("edit_emotion", _timed(lambda score=score: editor.update(journey, card.id, emotion=score)))
        added: list = []
        note("add", _timed(lambda added=added: added.append(editor.add_touchpoint(
            journey, card.stage_id or "", card.lane_id or "", 0, title="Added in the benchmark"))))
        note("delete", _timed(lambda added=added: editor.remove(journey, [added[0].id, card.id])))
        note("undo_delete", _timed(editor.stack.undo))
        editor.stack.undo()  # the card added, too: the next run starts from the same map
        settle()
    return runs


EDIT_ROWS = (
    ("drop", "drop (one undo step, relayout)"),
    ("undo", "undo of the move"),
    ("redo", "redo of the move"),
    ("edit", "edit a card's title"),
    ("edit_emotion", "edit a card's emotion score"),
    ("add", "add a card"),
    ("delete", "delete two cards (notes, path steps)"),
    ("undo_delete", "undo of the delete"),
)


def main() -> None:
    from app.layout import layout_journey
    from app.model.synthetic import synthetic_project

    from .common import ms, percentile, print_table, ratio

    _app()
    project = synthetic_project(TOUCHPOINTS)
    layout = layout_journey(project.journeys[0], project.personas)
    rects = [c.rect for c in layout.cards.values()]
    floor = _floor(rects)
    canvas = _canvas(project)
    f_frames, c_frames = floor["frames"], canvas["frames"]
    floor_open = floor["build"] + floor["first"]
    c_share, f_share = cast(float, canvas["scroll_share"]), cast(float, floor["scroll_share"])
    rows = [
        ("open (build + first paint)", ms(canvas["open"]), ms(floor_open), ratio(canvas["open"], floor_open)),
        ("  build scene and items", ms(canvas["build"]), ms(floor["build"]), ratio(canvas["build"], floor["build"])),
        ("  first paint", ms(canvas["first"]), ms(floor["first"]), ratio(canvas["first"], floor["first"])),
        ("repaint (viewport)", ms(canvas["repaint"]), ms(floor["repaint"]), ratio(canvas["repaint"], floor["repaint"])),
        ("repaint, emotion lane in view", ms(canvas["emotion"]), ms(floor["repaint"]),
         ratio(canvas["emotion"], floor["repaint"])),
        ("drag frame, median (floor: rect moved)", ms(statistics.median(c_frames)), ms(statistics.median(f_frames)),
         ratio(statistics.median(c_frames), statistics.median(f_frames))),
        ("drag frame, p95 (floor: rect moved)", ms(percentile(c_frames, 95)), ms(percentile(f_frames, 95)),
         ratio(percentile(c_frames, 95), percentile(f_frames, 95))),
        ("drag frame median vs floor repaint", ms(statistics.median(c_frames)), ms(floor["repaint"]),
         ratio(statistics.median(c_frames), floor["repaint"])),
        ("scroll step, median (canvas: headers pinned)", ms(statistics.median(canvas["scroll"])),
         ms(statistics.median(floor["scroll"])), ratio(statistics.median(canvas["scroll"]),
                                                        statistics.median(floor["scroll"]))),
        ("scroll step, p95", ms(percentile(canvas["scroll"], 95)), ms(percentile(floor["scroll"], 95)),
         ratio(percentile(canvas["scroll"], 95), percentile(floor["scroll"], 95))),
        ("scroll step, viewport share repainted", f"{c_share:.0%}", f"{f_share:.0%}", ratio(c_share, f_share)),
    ]
    edits = cast(dict[str, list[tuple[float, float]]], canvas["edits"])
    for name, label in EDIT_ROWS:
        times = [wall for wall, _ in edits.get(name, [])]
        if times:
            median, worst = statistics.median(times), max(times)
            cpu = statistics.median(c for _, c in edits[name])
            rows.append((f"{label} (worst {ms(worst)}, CPU {ms(cpu)})", ms(median), ms(FRAME), ratio(median, FRAME)))
    print_table(f"Canvas, {TOUCHPOINTS:,} touchpoints ({canvas['items']:,} cards), view {VIEW_W}x{VIEW_H}; "
                f"edits: median of {RUNS} runs",
                ["measure", "canvas", "raw scene floor", "ratio"], rows)


if __name__ == "__main__":
    main()
