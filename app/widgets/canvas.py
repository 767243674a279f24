"""JourneyCanvas: the QGraphicsView in which a journey map is built with mouse and keyboard.

The canvas shows a JourneyScene and turns input into edits. Each job is a part in its own
module, owned by the canvas: the mouse (canvas_pointer.py, through the interaction modes of
interactions.py), the keyboard (canvas_keys.py), palette drops (canvas_drops.py), the current
cell and arrow/Tab navigation (canvas_cells.py), zoom and presentation mode (canvas_zoom.py).
This file ties them together: Qt's event handlers hand each event to its part, and the canvas
keeps the scene, the selection, in-place editing, the clipboard commands and the picture of the
whole map. Every edit goes through the JourneyEditor as one undo step;
selection, the current cell and zoom are view state, not steps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from app.editing import JourneyEditor
from app.layout import style
from app.model import Journey, ModelError, NodeKind

from .canvas_cells import Cell, CellCursor
from .canvas_drops import PaletteDropTarget
from .canvas_keys import TAB_KEYS, KeyboardInput
from .canvas_pointer import PointerInput
from .canvas_zoom import MAX_ZOOM, MIN_ZOOM, PRESENTATION_FACTOR, CanvasZoom
from .inplace import InplaceEditor, edit_element, quick_add_touchpoint
from .interactions import Interaction
from .items import MapItem, PathArrowItem
from .scene import JourneyScene, JourneyView

if TYPE_CHECKING:
    from .canvas_menus import CanvasMenus
    from .clipboard import CardClipboard

__all__ = ["MAX_ZOOM", "MIN_ZOOM", "PRESENTATION_FACTOR", "JourneyCanvas"]

PIXMAP_CACHE_KB = 64 * 1024


class JourneyCanvas(JourneyView):
    """The editable map of one journey."""

    selectionChanged = Signal(list)  # ids of the selected elements, after every change
    zoomChanged = Signal(float)  # 1.0 == 100 %
    statusMessage = Signal(str)  # short feedback for the status bar (refused edits, drag values)

    def __init__(self, editor: JourneyEditor, journey: Journey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        if editor.parent() is None:
            # A canvas shown on its own (a test, a probe) owns the editor nobody else owns (in the
            # window the window owns it): the editor, its undo stack and their commands are then
            # deleted by Qt with the canvas, in order. Left to Python, the editor would die with
            # the canvas's wrappers in a garbage-collection pass, and the collector may free the
            # stack's commands before the stack, which then deletes them a second time (a crash).
            editor.setParent(self)
        self.journey = journey
        # cached cards, arrows and the emotion lane live in QPixmapCache: room for a full screen of them
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)  # drops reach the viewport (and the window's file-drop filter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

        self._last_selection: list[str] = []
        self._selecting = False
        self._shown = False
        self.space_held = False  # Space + drag pans, as in drawing programs
        self.inplace = InplaceEditor(self)
        self.cells = CellCursor(self)
        self.zooming = CanvasZoom(self)
        self.pointer = PointerInput(self)
        self.keys = KeyboardInput(self)
        self.drops = PaletteDropTarget(self)

        self.inplace.tabbed.connect(self.step_cell)
        self.horizontalScrollBar().valueChanged.connect(self.inplace.reposition)
        self.verticalScrollBar().valueChanged.connect(self.inplace.reposition)

    @cached_property
    def journey_scene(self) -> JourneyScene:
        """The map's scene, laid out when the canvas is first shown or asked for it: a journey
        whose tab is never opened (the future state behind the current one) costs nothing at
        start-up."""
        scene = JourneyScene(self.journey, self.editor.project, self)
        self.setScene(scene)
        scene.selectionChanged.connect(self._on_scene_selection)
        scene.layoutChanged.connect(self._on_layout_changed)
        return scene

    # The context menus and the clipboard load on first use: the first paint needs neither.
    @cached_property
    def menus(self) -> CanvasMenus:
        from .canvas_menus import CanvasMenus

        return CanvasMenus(self)

    @cached_property
    def clipboard(self) -> CardClipboard:
        from .clipboard import CardClipboard

        return CardClipboard(self)

    # ------------------------------------------------------------------ chrome
    def showEvent(self, event: QShowEvent) -> None:
        self.journey_scene  # noqa: B018  (built before the first paint)
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def _on_layout_changed(self) -> None:
        self.cells.forget_missing_cell()
        self.inplace.reposition()
        self._emit_selection()

    # --------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        return self.journey_scene.selected_ids()

    def select_ids(self, ids: Iterable[str], ensure_visible: bool = True) -> None:
        scene = self.journey_scene
        items = [item for i in ids if (item := scene.item_for(i)) is not None]
        wanted = {item.element_id for item in items}
        self._selecting = True
        try:
            for selected in scene.selectedItems():
                if getattr(selected, "element_id", None) not in wanted:
                    selected.setSelected(False)
            for item in items:
                item.setSelected(True)
        finally:
            self._selecting = False
        if items:
            self.cells.set_current_from(items[0].element_id)
            if ensure_visible:
                self.zooming.reveal_item(items[0])
        self._emit_selection()

    def _on_scene_selection(self) -> None:
        if not self._selecting:
            self._emit_selection()

    def _emit_selection(self) -> None:
        ids = self.selected_ids()
        if ids != self._last_selection:
            self._last_selection = ids
            self.selectionChanged.emit(list(ids))

    def select_all(self) -> None:
        self.select_ids(list(self.journey_scene.card_items), ensure_visible=False)

    # ------------------------------------------------- events, each to its part
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pointer.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.pointer.move(event):
            super().mouseMoveEvent(event)  # hover feedback
            self.pointer.update_cursor(self.mapToScene(event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.pointer.release(event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.pointer.double_click(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menus.show_at(event.pos(), event.globalPos())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.zooming.wheel(event):
            super().wheelEvent(event)

    def event(self, event: QEvent) -> bool:
        # Tab and Shift+Tab walk the cells instead of moving the focus away
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in TAB_KEYS:
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.keys.press(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if not self.keys.release(event):
            super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.space_held = False
        super().focusOutEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.drops.enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.drops.move(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drops.leave()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drops.drop(event)

    # ------------------------------------- the parts' answers other code asks for
    def end_interaction(self, interaction: Interaction) -> None:
        self.pointer.end_interaction(interaction)

    def arrow_at(self, pos: QPointF) -> PathArrowItem | None:
        return self.pointer.arrow_at(pos)

    def current_cell(self) -> Cell | None:
        return self.cells.current_cell()

    def default_cell(self) -> Cell | None:
        return self.cells.default_cell()

    def set_current_cell(self, cell: Cell | None) -> None:
        self.cells.set_current_cell(cell)

    def set_current_from(self, element_id: str) -> None:
        self.cells.set_current_from(element_id)

    def set_current_at(self, pos: QPointF) -> None:
        self.cells.set_current_at(pos)

    def step_cell(self, step: int) -> None:
        self.cells.step_cell(step)

    def navigate(self, dx: int, dy: int) -> None:
        self.cells.navigate(dx, dy)

    def reveal(self, rect: QRectF, margin: int = 40) -> None:
        self.zooming.reveal(rect, margin)

    def reveal_item(self, item: MapItem) -> None:
        self.zooming.reveal_item(item)

    def zoom(self) -> float:
        return self.zooming.zoom()

    def set_zoom(self, factor: float, *, under_mouse: bool = False) -> None:
        self.zooming.set_zoom(factor, under_mouse=under_mouse)

    def fit(self) -> None:
        self.zooming.fit()

    def reset_zoom(self) -> None:
        self.zooming.reset_zoom()

    def set_presentation(self, on: bool) -> None:
        self.zooming.set_presentation(on)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if "zooming" in self.__dict__:  # resized while being built: nothing to keep fitted yet
            self.zooming.resized()

    def is_presentation(self) -> bool:
        return self.zooming.is_presentation()

    # -------------------------------------------------------- in-place editing
    def edit_in_place(self, element_id: str) -> None:
        """Open the text editor on a card or header; Enter commits one undo step."""
        edit_element(self, element_id)

    def quick_add(self) -> None:
        """Add a touchpoint at the end of the current cell: type its title, Enter adds it."""
        quick_add_touchpoint(self)

    # --------------------------------------------------------------- commands
    def delete_selection(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.inplace.finish_silently()
            try:
                self.editor.remove(self.journey, ids)
            except ModelError as exc:
                self.statusMessage.emit(str(exc))

    def step_emotion(self, delta: int) -> None:
        """+ / -: raise or lower the selected touchpoints' emotion (see emotion_click)."""
        from .emotion_click import step_emotion

        if not step_emotion(self, delta):
            self.statusMessage.emit("Select a touchpoint to change its emotion (+ and -)")

    def vote_selection(self, delta: int) -> None:
        """V adds a dot to each selected pain point and opportunity, Shift+V takes one back; votes
        given one after another on the same card are one undo step."""
        ids = [i for i in self.selected_ids()
               if i in self.journey and self.journey.kind_of(i) is NodeKind.ANNOTATION]
        if not ids:
            self.statusMessage.emit("Select a pain point or an opportunity to vote on it (V adds a dot)")
            return
        for element_id in ids:
            votes = max(0, self.journey.get(element_id).votes + delta)
            if votes != self.journey.get(element_id).votes:
                self.editor.update(self.journey, element_id, step="Vote", merge=True, votes=votes)

    def duplicate_selection(self) -> None:
        self.clipboard.duplicate()

    def copy_selection(self) -> None:
        self.clipboard.copy()

    def cut_selection(self) -> None:
        self.clipboard.cut()

    def paste(self) -> None:
        self.clipboard.paste()

    # ---------------------------------------------------------------- lifecycle
    def detach(self) -> None:
        """Stop following the model (the window is closing this canvas)."""
        self.pointer.cancel()
        self.inplace.finish_silently()
        if "journey_scene" in self.__dict__:  # a scene never built follows nothing
            self.journey_scene.detach()

    def render_to_image(self, scale: float = 1.0) -> QImage:
        """The whole map as an image, print-white, without selection chrome."""
        scene = self.journey_scene
        layout = scene.layout
        width, height = max(1, math.ceil(layout.width * scale)), max(1, math.ceil(layout.height * scale))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(style.PAPER))
        hidden = [i for i in (scene.cell_highlight, scene.marker, scene.hint, scene.point_grip) if i.isVisible()]
        for item in hidden:
            item.hide()
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        # the headers never leave their layout places (the view pins them in panes of its own)
        scene.render(painter, QRectF(0, 0, width, height), QRectF(0, 0, layout.width, layout.height))
        painter.end()
        for item in hidden:
            item.show()
        return image
