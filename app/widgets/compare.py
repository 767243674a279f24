"""Compare side by side: a project's current-state and future-state maps one above the other in
a window of their own, scrolled and zoomed together, with what changes marked on the cards:
touchpoints new in the future state, gone from it, or changed (channel, owner, emotion, stage
...), matched by title as the Insights comparison does (`app.model.analytics.compare_states`).

Both maps are JourneyScenes like the editor's, so they follow every edit live. The views are for
looking and showing a client: drag to pan, Ctrl+wheel or Ctrl+=/- to zoom, Ctrl+0 fits, Ctrl+1
is 100 %; a double-click on a card selects it in the editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPalette, QPen, QShortcut, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsView,
    QLabel,
    QSplitter,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from app.layout import style
from app.model import Journey

from .items import Z_PINNED, CardItem
from .scene import JourneyScene, JourneyView

if TYPE_CHECKING:
    from .main_window import MainWindow

ADDED, REMOVED, CHANGED = style.CHANGE_NEW, style.CHANGE_REMOVED, style.CHANGE_CHANGED
TAGS = {ADDED: "New", REMOVED: "Removed", CHANGED: "Changed"}
WHEEL_STEP = 1.15
MIN_ZOOM, MAX_ZOOM = 0.1, 4.0


class DifferenceMarks(QGraphicsItem):
    """Coloured outlines, each with a small tag, around the cards a comparison points at."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_PINNED - 0.25)  # over the cards, under the headers pinned over them
        self.marks: list[tuple[QRectF, str]] = []
        self._bounds = QRectF()

    def set_marks(self, marks: list[tuple[QRectF, str]]) -> None:
        self.prepareGeometryChange()
        self.marks = marks
        bounds = QRectF()
        for rect, _ in marks:
            bounds = bounds.united(rect.adjusted(-4, -10, 4, 4))
        self._bounds = bounds
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(style.FONT_FAMILY)
        font.setPixelSize(8)
        font.setBold(True)
        painter.setFont(font)
        for rect, color in self.marks:
            painter.setPen(QPen(QColor(color), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), style.CORNER + 1, style.CORNER + 1)
            # the tag sits on the outline's top edge, clear of the card above (cards are 10 apart)
            tag = TAGS[color]
            width = painter.fontMetrics().horizontalAdvance(tag) + 10
            box = QRectF(rect.right() - 8 - width, rect.top() - 8, width, 12)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag)


class CompareView(JourneyView):
    """A read-only view of one journey's scene: drag pans, Ctrl+wheel zooms."""

    zoomed = Signal(float)  # the new zoom, after a Ctrl+wheel
    activated = Signal(str)  # a card double-clicked: its element id

    def __init__(self, scene: JourneyScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setInteractive(False)  # nothing selects, moves or edits here
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def journey_scene(self) -> JourneyScene:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)  # set in __init__, never replaced
        return scene

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if abs(factor - self.zoom()) > 1e-9:
            self.setTransform(QTransform.fromScale(factor, factor))
            self.repin()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
                self.set_zoom(self.zoom() * WHEEL_STEP ** steps)
                self.zoomed.emit(self.zoom())
            event.accept()
            return
        super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        pos = self.mapToScene(event.position().toPoint())
        for item in self.journey_scene().hits(pos):
            if isinstance(item, CardItem):
                self.activated.emit(item.element_id)
                return
        super().mouseDoubleClickEvent(event)


class CompareWindow(QWidget):
    """The two maps, current state above future state, with their differences marked."""

    def __init__(self, window: MainWindow, current: Journey, future: Journey) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("compare_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.main_window = window
        self.current, self.future = current, future
        project = window.project()
        self.scenes = [JourneyScene(current, project, self), JourneyScene(future, project, self)]
        self.marks = [DifferenceMarks(), DifferenceMarks()]
        self.views: list[CompareView] = []
        self.titles: list[QLabel] = []
        splitter = QSplitter(Qt.Orientation.Vertical)
        for scene, marks in zip(self.scenes, self.marks, strict=True):
            scene.addItem(marks)
            pane = QWidget()
            layout = QVBoxLayout(pane)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
            title = QLabel()
            title.setContentsMargins(10, 6, 10, 6)
            title.setTextFormat(Qt.TextFormat.RichText)
            view = CompareView(scene)
            view.zoomed.connect(self._zoom_all)
            view.activated.connect(self._show_in_editor)
            view.horizontalScrollBar().valueChanged.connect(self._scroll_others)
            layout.addWidget(title)
            layout.addWidget(view)
            splitter.addWidget(pane)
            self.views.append(view)
            self.titles.append(title)
            scene.layoutChanged.connect(self.refresh)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, lambda: self._zoom_all(self.views[0].zoom() * 1.25)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self._zoom_all(self.views[0].zoom() / 1.25)),
                           (QKeySequence("Ctrl+0"), self.fit), (QKeySequence("Ctrl+1"), lambda: self._zoom_all(1.0)),
                           (QKeySequence.StandardKey.Close, self.close), (QKeySequence(Qt.Key.Key_Escape), self.close)):
            QShortcut(keys, self, slot)
        self.project = project
        project.subscribe(self._on_project_change)
        self.resize(1280, 860)
        self.refresh()

    def _on_project_change(self, change) -> None:
        if change.op == "journey_removed" and set(change.ids) & {self.current.id, self.future.id}:
            self.close()  # nothing left to compare with

    # ------------------------------------------------------------- contents
    def refresh(self) -> None:
        """Titles and difference marks from a fresh comparison of the two journeys."""
        from app.model.analytics import compare_states

        comparison = compare_states(self.current, self.future)
        changed_now = {c.current_id for c in comparison.changed}
        changed_then = {c.future_id for c in comparison.changed}
        wanted = [[(i, REMOVED) for i in comparison.removed] + [(i, CHANGED) for i in changed_now],
                  [(i, ADDED) for i in comparison.added] + [(i, CHANGED) for i in changed_then]]
        for scene, marks, ids in zip(self.scenes, self.marks, wanted, strict=True):
            boxes = scene.layout.cards
            marks.set_marks([(QRectF(boxes[i].rect.x, boxes[i].rect.y, boxes[i].rect.w, boxes[i].rect.h), color)
                             for i, color in ids if i in boxes])
        counts = {ADDED: len(comparison.added), REMOVED: len(comparison.removed), CHANGED: len(comparison.changed)}
        for title, journey, keys in zip(self.titles, (self.current, self.future),
                                        ((REMOVED, CHANGED), (ADDED, CHANGED)), strict=True):
            legend = " &nbsp; ".join(f'<span style="color:{k}">&#9632;</span> {counts[k]} {TAGS[k].lower()}'
                                     for k in keys)
            muted = title.palette().color(QPalette.ColorRole.PlaceholderText).name()  # light or dark theme
            title.setText(f"<b>{_escape(journey.title)}</b> &nbsp;<span style='color:{muted}'>"
                          f"{journey.state.label}</span> &nbsp; &nbsp; {legend}")
        self.setWindowTitle(f"Compare — {self.current.title} and {self.future.title}")

    # --------------------------------------------------------------- views
    def _zoom_all(self, factor: float) -> None:
        for view in self.views:
            view.set_zoom(factor)

    def fit(self) -> None:
        """Both maps as wide as the views (the wider map decides), at the same zoom."""
        widest = max(scene.layout.width for scene in self.scenes) or 1.0
        self._zoom_all((self.views[0].viewport().width() - 24) / widest)
        for view in self.views:  # from the top-left corner, both
            view.horizontalScrollBar().setValue(view.horizontalScrollBar().minimum())
            view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())

    def _scroll_others(self, value: int) -> None:
        for view in self.views:
            bar = view.horizontalScrollBar()
            if bar.value() != value:
                bar.setValue(value)

    def _show_in_editor(self, element_id: str) -> None:
        self.main_window.select_elements([element_id])
        self.main_window.raise_()
        self.main_window.activateWindow()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            for scene in self.scenes:
                scene.detach()  # stop following the model
            self.project.unsubscribe(self._on_project_change)
        return super().event(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
