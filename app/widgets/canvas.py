"""JourneyCanvas: the QGraphicsView in which a journey map is built with mouse and keyboard.

The canvas shows a JourneyScene and turns input into edits: the mouse through interaction
modes (`interactions.py`), the keyboard directly (arrows, Tab, N/Insert, Enter/F2, Escape),
palette drops, in-place editing and the clipboard. Every edit goes through the JourneyEditor
as one undo step; selection, the current cell and zoom are view state, not steps.
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
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from app.editing import JourneyEditor
from app.layout import style as S
from app.model import Journey, ModelError, NodeKind

from . import mime
from .inplace import InplaceEditor, edit_element, quick_add_touchpoint
from .palette import PaletteDrop
from .interactions import (
    ConnectCards,
    DragEmotionPoint,
    Interaction,
    MoveCards,
    Pan,
    ReorderLane,
    ReorderStage,
    ResizeStage,
    RubberBandSelect,
)
from .items import CardItem, LaneHeaderItem, PathArrowItem, StageHeaderItem
from .scene import JourneyScene, JourneyView

if TYPE_CHECKING:
    from .canvas_menus import CanvasMenus
    from .clipboard import CardClipboard

MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
PRESENTATION_FACTOR = 1.5
WHEEL_ZOOM_STEP = 1.15
PIXMAP_CACHE_KB = 64 * 1024



class JourneyCanvas(JourneyView):
    """The editable map of one journey."""

    selectionChanged = Signal(list)  # ids of the selected elements, after every change
    zoomChanged = Signal(float)  # 1.0 == 100 %
    statusMessage = Signal(str)  # short feedback for the status bar (refused edits, drag values)

    def __init__(self, editor: JourneyEditor, journey: Journey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
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

        self.interaction: Interaction | None = None
        self.space_held = False
        self._palette_drop: PaletteDrop | None = None
        self._current: tuple[str, str] | None = None
        self._presentation = False
        self._user_zoom = 1.0
        self._last_selection: list[str] = []
        self._selecting = False
        self._shown = False
        self.inplace = InplaceEditor(self)

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
    def showEvent(self, event) -> None:
        self.journey_scene  # noqa: B018  (built before the first paint)
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    # --------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        return self.journey_scene.selected_ids()

    def select_ids(self, ids: Iterable[str], ensure_visible: bool = True) -> None:
        ids = [i for i in ids if self.journey_scene.item_for(i) is not None]
        wanted = set(ids)
        self._selecting = True
        try:
            for item in self.journey_scene.selectedItems():
                if getattr(item, "element_id", None) not in wanted:
                    item.setSelected(False)
            for element_id in ids:
                self.journey_scene.item_for(element_id).setSelected(True)
        finally:
            self._selecting = False
        if ids:
            self.set_current_from(ids[0])
            if ensure_visible:
                item = self.journey_scene.item_for(ids[0])
                self.reveal_item(item)
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

    # ------------------------------------------------------------ current cell
    def current_cell(self) -> tuple[str, str] | None:
        return self._current

    def default_cell(self) -> tuple[str, str] | None:
        stages = self.journey.stages()
        lane = self.journey.card_lane()
        if not stages or lane is None or lane.hidden:
            lanes = [ln for ln in self.journey.lanes(visible_only=True) if ln.kind.holds_cards]
            lane = lanes[0] if lanes else None
        if not stages or lane is None:
            return None
        return stages[0].id, lane.id

    def set_current_cell(self, cell: tuple[str, str] | None) -> None:
        self._current = cell
        rect = self.journey_scene.cell_rect(*cell) if cell else None
        if rect is None:
            self._current = None
        self.journey_scene.cell_highlight.set_cell(rect)

    def _card_lane_near(self, lane_id: str | None) -> str | None:
        if (lane_id is not None and lane_id in self.journey_scene.lane_items
                and self.journey.get(lane_id).kind.holds_cards):
            return lane_id
        if self._current is not None and self._current[1] in self.journey_scene.lane_items:
            return self._current[1]
        default = self.default_cell()
        return default[1] if default else None

    def set_current_from(self, element_id: str) -> None:
        """The cell an element belongs to becomes current (for N, Tab, arrows and paste)."""
        journey = self.journey
        if element_id not in journey:
            return
        kind = journey.kind_of(element_id)
        if kind is NodeKind.TOUCHPOINT:
            self.set_current_cell((journey.stage_of(element_id).id, journey.lane_of(element_id).id))
        elif kind is NodeKind.STAGE:
            lane = self._card_lane_near(None)
            if lane:
                self.set_current_cell((element_id, lane))
        elif kind is NodeKind.LANE:
            if journey.get(element_id).kind.holds_cards:
                stage = self._current[0] if self._current else (self.default_cell() or (None,))[0]
                if stage:
                    self.set_current_cell((stage, element_id))
        else:
            card = self.journey_scene.layout.cards.get(element_id)
            if card is not None and card.stage_id:
                lane = self._card_lane_near(None)
                if lane:
                    self.set_current_cell((card.stage_id, lane))

    def set_current_at(self, pos: QPointF) -> None:
        layout = self.journey_scene.layout
        stage, lane = layout.stage_at(pos.x()), layout.lane_at(pos.y())
        if stage is None:
            return
        lane_id = self._card_lane_near(lane.id if lane else None)
        if lane_id:
            self.set_current_cell((stage.id, lane_id))

    def _on_layout_changed(self) -> None:
        if self._current and (self._current[0] not in self.journey or self._current[1] not in self.journey
                              or self._current[1] not in self.journey_scene.lane_items):
            self._current = None
        self.set_current_cell(self._current)
        self.inplace.reposition()
        self._emit_selection()

    # -------------------------------------------------------------------- zoom
    def reveal(self, rect: QRectF, margin: int = 40) -> None:
        """Scroll just enough to show rect clear of the pinned header row and column."""
        scene = self.journey_scene
        self.ensureVisible(rect.adjusted(-S.LANE_HEADER_W if scene.pins_column else 0,
                                         -S.STAGE_HEADER_H if scene.pins_row else 0, 0, 0), margin, margin)

    def reveal_item(self, item: CardItem | StageHeaderItem | LaneHeaderItem) -> None:
        """Scroll a card into view clear of the pinned headers; a header only along its own axis
        (a stage sideways, a lane up or down), as the other keeps it pinned in view."""
        if isinstance(item, CardItem):
            self.reveal(item.sceneBoundingRect())
            return
        r, middle = item.rect, self.mapToScene(self.viewport().rect().center())
        if isinstance(item, StageHeaderItem):
            self.reveal(QRectF(r.x, middle.y(), r.w, 1))
        else:
            self.reveal(QRectF(middle.x(), r.y, 1, r.h))

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, *, under_mouse: bool = False) -> None:
        """Zoom about the view's centre (toolbar, shortcuts) or the pointer (Ctrl+wheel)."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if math.isclose(factor, self.zoom()):
            return
        anchor = QGraphicsView.ViewportAnchor
        self.setTransformationAnchor(anchor.AnchorUnderMouse if under_mouse else anchor.AnchorViewCenter)
        self.setTransform(QTransform.fromScale(factor, factor))
        self.repin()
        self._user_zoom = factor / (PRESENTATION_FACTOR if self._presentation else 1.0)
        self.inplace.reposition()
        self.zoomChanged.emit(factor)

    def fit(self) -> None:
        layout = self.journey_scene.layout
        view = self.viewport().rect()
        if view.width() < 10 or view.height() < 10:
            return
        margin = 24
        factor = min((view.width() - 2 * margin) / layout.width, (view.height() - 2 * margin) / layout.height)
        self.set_zoom(factor)
        self.centerOn(layout.width / 2, layout.height / 2)

    def reset_zoom(self) -> None:
        self.set_zoom(PRESENTATION_FACTOR if self._presentation else 1.0)

    def set_presentation(self, on: bool) -> None:
        """Larger rendering for projectors: everything scaled up by half, handles kept."""
        if on == self._presentation:
            return
        user = self._user_zoom
        self._presentation = on
        self.set_zoom(user * (PRESENTATION_FACTOR if on else 1.0))
        self._user_zoom = user

    def is_presentation(self) -> bool:
        return self._presentation

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * WHEEL_ZOOM_STEP ** steps, under_mouse=True)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ mouse
    def _interaction_for(self, event: QMouseEvent) -> Interaction | None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self.space_held):
            return Pan(self)
        if event.button() != Qt.MouseButton.LeftButton:
            return None
        pos = self.mapToScene(event.position().toPoint())
        point = self.journey_scene.point_at(pos)
        if point is not None:
            return DragEmotionPoint(self, point)
        for item in self.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                if item.on_handle(pos):
                    return ConnectCards(self, item)
                return MoveCards(self, item)
            if isinstance(item, StageHeaderItem):
                return ResizeStage(self, item) if item.on_resize_grip(pos) else ReorderStage(self, item)
            if isinstance(item, LaneHeaderItem):
                return ReorderLane(self, item)
        return RubberBandSelect(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.inplace.is_active():
            self.inplace.commit()
        if self.interaction is not None:
            self.interaction.cancel()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        interaction = self._interaction_for(event)
        if interaction is None:
            event.ignore()
            return
        self.interaction = interaction
        interaction.press(event)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.interaction is not None:
            self.interaction.move(event)
            event.accept()
            return
        super().mouseMoveEvent(event)  # hover feedback
        self._update_cursor(self.mapToScene(event.position().toPoint()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.interaction is not None:
            self.interaction.release(event)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.interaction is not None:
            self.interaction.cancel()
        pos = self.mapToScene(event.position().toPoint())
        for item in self.journey_scene.hits(pos):
            if isinstance(item, (CardItem, StageHeaderItem, LaneHeaderItem)):
                self.select_ids([item.element_id], ensure_visible=False)
                self.edit_in_place(item.element_id)
                return
        self.set_current_at(pos)
        if self._current is not None and self.journey_scene.layout.lane_at(pos.y()) is not None:
            self.quick_add()

    def end_interaction(self, interaction: Interaction) -> None:
        if self.interaction is interaction:
            self.interaction = None

    def _update_cursor(self, pos: QPointF) -> None:
        if self.space_held:
            return
        point = self.journey_scene.point_at(pos)
        grip = self.journey_scene.point_grip
        if point is not None:
            grip.set_point(point)
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
            return
        if grip.isVisible():
            grip.hide()
        for item in self.journey_scene.hits(pos):
            if isinstance(item, CardItem):
                shape = Qt.CursorShape.CrossCursor if item.on_handle(pos) else Qt.CursorShape.ArrowCursor
                self.viewport().setCursor(shape)
                return
            if isinstance(item, StageHeaderItem) and item.on_resize_grip(pos):
                self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
                return
            if isinstance(item, (StageHeaderItem, LaneHeaderItem)):
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
                return
        self.viewport().unsetCursor()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menus.show_at(event.pos(), event.globalPos())

    # ---------------------------------------------------------------- keyboard
    def event(self, event: QEvent) -> bool:
        # Tab and Shift+Tab walk the cells instead of moving the focus away
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space and not event.isAutoRepeat() and not ctrl:
            self.space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Escape:
            if self.interaction is not None:
                self.interaction.cancel()
            elif self.selected_ids():
                self.select_ids([], ensure_visible=False)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.step_cell(-1 if back else 1)
        elif key in (Qt.Key.Key_N, Qt.Key.Key_Insert) and not ctrl:
            self.quick_add()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            ids = self.selected_ids()
            if ids:
                self.edit_in_place(ids[0])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            dx = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(key, 0)
            dy = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(key, 0)
            self.navigate(dx, dy)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selection()
        elif ctrl and key == Qt.Key.Key_D:
            self.duplicate_selection()
        elif ctrl and key == Qt.Key.Key_A:
            self.select_all()
        elif ctrl and key == Qt.Key.Key_C:
            self.copy_selection()
        elif ctrl and key == Qt.Key.Key_X:
            self.cut_selection()
        elif ctrl and key == Qt.Key.Key_V:
            self.paste()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            if not isinstance(self.interaction, Pan):
                self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self.space_held = False
        super().focusOutEvent(event)

    # ------------------------------------------------------------- navigation
    def _cells(self) -> tuple[list[str], list[str]]:
        stages = [s.id for s in self.journey_scene.layout.stages]
        lanes = [ln.id for ln in self.journey_scene.layout.lanes if ln.kind.holds_cards]
        return stages, lanes

    def step_cell(self, step: int) -> None:
        """Tab: the next cell to the right (then the next card lane); Shift+Tab: back."""
        stages, lanes = self._cells()
        if not stages or not lanes:
            return
        cells = [(s, ln) for ln in lanes for s in stages]
        current = self._current or self.default_cell()
        i = cells.index(current) + step if current in cells else 0
        self.select_ids([], ensure_visible=False)
        self.set_current_cell(cells[i % len(cells)])
        rect = self.journey_scene.cell_rect(*cells[i % len(cells)])
        if rect is not None:
            self.ensureVisible(rect, 40, 40)

    def navigate(self, dx: int, dy: int) -> None:
        """Arrows: the neighbouring card in the cell, else the neighbouring cell's nearest card."""
        stages, lanes = self._cells()
        if not stages or not lanes:
            return
        layout = self.journey_scene.layout
        selected = [i for i in self.selected_ids() if layout.cards.get(i) and layout.cards[i].kind == "touchpoint"]
        if selected:
            card = layout.cards[selected[0]]
            cell, index = (card.stage_id, card.lane_id), card.index
        else:
            cell, index = self._current or self.default_cell(), -1
        if cell is None or cell[0] not in stages or cell[1] not in lanes:
            return

        def members(c: tuple[str, str]) -> list[str]:
            return [b.id for b in sorted((b for b in layout.cards.values() if b.kind == "touchpoint"
                                          and (b.stage_id, b.lane_id) == c), key=lambda b: b.index)]

        here = members(cell)
        if dy and index >= 0 and 0 <= index + dy < len(here):
            self.select_ids([here[index + dy]])
            return
        if dy and index < 0 and here:
            self.select_ids([here[0] if dy > 0 else here[-1]])
            return
        si, li = stages.index(cell[0]) + dx, lanes.index(cell[1]) + dy
        if not (0 <= si < len(stages) and 0 <= li < len(lanes)):
            return
        target = (stages[si], lanes[li])
        there = members(target)
        if there:
            pick = there[-1] if dy < 0 else (there[0] if dy > 0 else there[min(max(index, 0), len(there) - 1)])
            self.select_ids([pick])
        else:
            self.select_ids([], ensure_visible=False)
            self.set_current_cell(target)
            rect = self.journey_scene.cell_rect(*target)
            if rect is not None:
                self.reveal(rect)

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

    def duplicate_selection(self) -> None:
        self.clipboard.duplicate()

    def copy_selection(self) -> None:
        self.clipboard.copy()

    def cut_selection(self) -> None:
        self.clipboard.cut()

    def paste(self) -> None:
        self.clipboard.paste()

    # ----------------------------------------------------------- palette drops
    def _palette_payload(self, event: QDropEvent) -> dict | None:
        data = event.mimeData()
        if data is None or not data.hasFormat(mime.PALETTE_MIME):
            return None
        return mime.decode(bytes(data.data(mime.PALETTE_MIME)))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        payload = self._palette_payload(event)
        if payload is None:
            event.ignore()
            return
        self._palette_drop = PaletteDrop(self, payload)
        event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._palette_drop is None:
            event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        if self._palette_drop.hover(pos):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if self._palette_drop is not None:
            self._palette_drop.leave()
        self._palette_drop = None

    def dropEvent(self, event: QDropEvent) -> None:
        drop = self._palette_drop or (PaletteDrop(self, p) if (p := self._palette_payload(event)) else None)
        self._palette_drop = None
        if drop is None:
            event.ignore()
            return
        ids = drop.drop(self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if ids:
            self.select_ids(ids, ensure_visible=False)

    # ---------------------------------------------------------------- lifecycle
    def detach(self) -> None:
        """Stop following the model (the window is closing this canvas)."""
        if self.interaction is not None:
            self.interaction.cancel()
        self.inplace.finish_silently()
        if "journey_scene" in self.__dict__:  # a scene never built follows nothing
            self.journey_scene.detach()

    def render_to_image(self, scale: float = 1.0) -> QImage:
        """The whole map as an image, print-white, without selection chrome."""
        scene = self.journey_scene
        layout = scene.layout
        width, height = max(1, math.ceil(layout.width * scale)), max(1, math.ceil(layout.height * scale))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(S.PAPER))
        hidden = [i for i in (scene.cell_highlight, scene.marker, scene.hint, scene.point_grip) if i.isVisible()]
        for item in hidden:
            item.hide()
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        with scene.unpinned():
            scene.render(painter, QRectF(0, 0, width, height), QRectF(0, 0, layout.width, layout.height))
        painter.end()
        for item in hidden:
            item.show()
        return image

    def arrow_at(self, pos: QPointF) -> PathArrowItem | None:
        for item in self.journey_scene.hits(pos):
            if isinstance(item, PathArrowItem):
                return item
        return None
