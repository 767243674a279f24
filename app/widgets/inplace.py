"""In-place text editing on the canvas: a line edit laid over a card or header, and the
keyboard quick-add of a touchpoint (a ghost card at the end of the current cell).

Enter commits (the caller turns the text into one undo step), Escape cancels and leaves the
model untouched; Tab commits and moves on to the next cell; clicking elsewhere commits, as in
other editors. The editor follows the view
when it scrolls or zooms, so it stays on its card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLineEdit

from app.layout import Rect
from app.layout import style
from app.model import AnnotationKind, LaneKind, ModelError, NodeKind

from .items import CardItem

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

Commit = Callable[[str], None]
_OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InplaceLineEdit(QLineEdit):
    """The line edit itself: reports Enter/Escape to its owner instead of acting alone."""

    def __init__(self, owner: InplaceEditor) -> None:
        super().__init__(owner.view.viewport())
        self.owner = owner
        self.setObjectName("inplaceEditor")
        self.setFrame(False)
        self.setStyleSheet(
            f"QLineEdit#inplaceEditor {{ background: #ffffff; color: {style.INK}; border: 2px solid {style.SELECTION};"
            " border-radius: 4px; padding: 1px 4px; selection-background-color: #cfe0fb;"
            f" selection-color: {style.INK}; }}"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.owner.commit()
            return
        if key == Qt.Key.Key_Escape:
            self.owner.cancel()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = key == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.owner.commit()
            self.owner.tabbed.emit(-1 if back else 1)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.owner.commit()

    def event(self, event: QEvent) -> bool:
        # keep Tab for commit instead of focus navigation
        if not isinstance(event, QKeyEvent):
            return super().event(event)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.keyPressEvent(event)
            return True
        # Enter and Escape belong to the edit, before any window shortcut on the same key
        # (Escape also leaves presentation mode: with an edit open, it cancels the edit first)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _OWN_KEYS:
            event.accept()
            return True
        return super().event(event)


class InplaceEditor(QObject):
    """Edits one text at a time over a scene rectangle of a view."""

    tabbed = Signal(int)  # Tab (+1) or Shift+Tab (-1) committed the text: the canvas moves on

    def __init__(self, view: JourneyCanvas) -> None:
        super().__init__(view)
        self.view = view
        self._edit: InplaceLineEdit | None = None  # the open editor, or None
        self._widget: InplaceLineEdit | None = None  # one line edit, reused (never deleted mid-event)
        self._scene_rect = QRectF()
        self._commit: Commit | None = None
        self._cancel: Callable[[], None] | None = None
        self.element_id: str | None = None

    def is_active(self) -> bool:
        return self._edit is not None

    def start(self, scene_rect: QRectF, text: str, commit: Commit, *, element_id: str | None = None,
              on_cancel: Callable[[], None] | None = None, placeholder: str = "") -> QLineEdit:
        """Open the editor over scene_rect with text selected; commit(text) on Enter."""
        self.finish_silently()
        self._scene_rect = QRectF(scene_rect)
        self._commit = commit
        self._cancel = on_cancel
        self.element_id = element_id
        self._anchored_at = self._anchor()
        if self._widget is None:
            self._widget = InplaceLineEdit(self)
        edit = self._widget
        font = QFont(style.FONT_FAMILY)
        font.setPixelSize(max(9, round(style.TITLE_PT * 1.25 * self._scale())))
        edit.setFont(font)
        edit.setPlaceholderText(placeholder)
        edit.setText(text)
        edit.selectAll()
        self._edit = edit
        self.reposition()
        edit.raise_()  # above the frozen header panes (canvas_panes.py), which are the viewport's children too
        edit.show()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return edit

    def _anchor(self) -> QPointF:
        item = self.view.journey_scene.item_for(self.element_id) if self.element_id else None
        return item.seen_pos() if item is not None else QPointF()

    def _scale(self) -> float:
        return self.view.transform().m11()

    def reposition(self) -> None:
        """Keep the editor over its rectangle after a scroll or zoom."""
        if self._edit is None:
            return
        # an element's editor goes where its item goes (a pinned header moves as the view scrolls)
        rect = self.view.mapFromScene(self._scene_rect.translated(self._anchor() - self._anchored_at)).boundingRect()
        height = max(rect.height(), self._edit.sizeHint().height())
        rect.setHeight(min(height, max(rect.height(), 28)))
        self._edit.setGeometry(rect.adjusted(-2, 0, 2, 0))

    def commit(self) -> None:
        edit, commit = self._edit, self._commit
        if edit is None:
            return
        text = edit.text()
        self._close()
        if commit is not None:
            commit(text)

    def cancel(self) -> None:
        cancel = self._cancel
        if self._edit is None:
            return
        self._close()
        if cancel is not None:
            cancel()

    def finish_silently(self) -> None:
        """Close without committing or cancelling callbacks (the canvas is going away)."""
        if self._edit is not None:
            self._close()

    def text(self) -> str:
        return self._edit.text() if self._edit is not None else ""

    def line_edit(self) -> QLineEdit | None:
        return self._edit

    def _close(self) -> None:
        edit = self._edit
        self._edit = None
        self._commit = None
        self._cancel = None
        self.element_id = None
        if edit is not None:
            had_focus = edit.hasFocus()
            edit.hide()
            edit.clear()
            if had_focus:
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)


# what in-place editing changes, per element kind, and the undo step's name
_TEXT_FIELDS = {
    NodeKind.TOUCHPOINT: ("title", "Rename touchpoint"),
    NodeKind.STAGE: ("name", "Rename stage"),
    NodeKind.LANE: ("title", "Rename lane"),
    NodeKind.ANNOTATION: ("text", None),
    NodeKind.METRIC: ("name", "Rename metric"),
}


def edit_element(canvas: JourneyCanvas, element_id: str) -> None:
    """Open the text editor on a card or header; Enter commits one undo step."""
    journey = canvas.journey
    if element_id not in journey:
        return
    kind = journey.kind_of(element_id)
    if kind not in _TEXT_FIELDS:
        return
    field, step = _TEXT_FIELDS[kind]
    obj = journey.get(element_id)
    if kind is NodeKind.ANNOTATION:
        step = f"Edit {obj.kind.label.lower()}"
    item = canvas.journey_scene.item_for(element_id)
    if item is None:
        return
    r = item.rect
    canvas.reveal_item(item)
    if isinstance(item, CardItem):
        title = item.box.title_rect
        rect = QRectF(title.x - 3, title.y - 2, r.right - title.x - 4, 24)
    else:  # where the header is now, pinned to the view's edge or not
        at = item.seen_pos()
        rect = QRectF(at.x() + 6, at.y() + max(2, (r.h - 26) / 2), r.w - 12, 26)

    def commit(text: str) -> None:
        text = text.strip()
        if not text or element_id not in canvas.journey:
            return
        try:
            changes: dict[str, Any] = {field: text}
            canvas.editor.update(canvas.journey, element_id, step=step, **changes)
        except ModelError as exc:
            canvas.statusMessage.emit(str(exc))

    canvas.inplace.start(rect, getattr(obj, field), commit, element_id=element_id)


def quick_add_touchpoint(canvas: JourneyCanvas) -> None:
    """Add a touchpoint at the end of the current cell: type its title, Enter adds it."""
    cell = canvas.current_cell() or canvas.default_cell()
    if cell is None:
        canvas.statusMessage.emit("Add a stage and a touchpoints lane first")
        return
    canvas.set_current_cell(cell)
    stage_id, lane_id = cell
    layout = canvas.journey_scene.layout
    stage = next(s for s in layout.stages if s.id == stage_id)
    lane = next(ln for ln in layout.lanes if ln.id == lane_id)
    # the lane says what N adds: a card of that lane, or a pain point / opportunity on the stage
    note_kind = {LaneKind.PAIN_POINTS: AnnotationKind.PAIN_POINT,
                 LaneKind.OPPORTUNITIES: AnnotationKind.OPPORTUNITY}.get(lane.kind)
    cards = [c for c in layout.cards.values() if (c.stage_id, c.lane_id) == cell]
    top = max((c.rect.bottom + style.CARD_GAP for c in cards), default=lane.row.y + style.CELL_PAD)
    height = style.NOTE_H if note_kind else style.TOUCHPOINT_H
    ghost = Rect(stage.header.x + style.CELL_PAD, top, stage.header.w - 2 * style.CELL_PAD, height)
    ghost_rect = QRectF(ghost.x, ghost.y, ghost.w, ghost.h)
    canvas.journey_scene.marker.show_ghost(ghost_rect)
    canvas.reveal(ghost_rect)
    canvas.select_ids([], ensure_visible=False)
    index = len(cards)

    def commit(text: str) -> None:
        canvas.journey_scene.marker.hide()
        text = text.strip()
        if not text:
            return
        try:
            if note_kind is not None:
                added = canvas.editor.add_annotation(canvas.journey, note_kind, stage_id, text=text).id
            else:
                added = canvas.editor.add_touchpoint(canvas.journey, stage_id, lane_id, index, title=text,
                                                     text=f"Add {_CARD_NAMES.get(lane.kind, 'touchpoint')}").id
        except ModelError as exc:
            canvas.statusMessage.emit(str(exc))
            return
        canvas.select_ids([added])

    edit_rect = QRectF(ghost.x + style.ICON + 12, ghost.y + 5, ghost.w - style.ICON - 16, 24)
    what = note_kind.label.lower() if note_kind else _CARD_NAMES.get(lane.kind, "touchpoint")
    canvas.inplace.start(edit_rect, "", commit, on_cancel=canvas.journey_scene.marker.hide,
                       placeholder=f"New {what}")


_CARD_NAMES = {LaneKind.TOUCHPOINTS: "touchpoint", LaneKind.ACTIONS: "customer action", LaneKind.THOUGHTS: "thought",
               LaneKind.BACKSTAGE: "backstage step", LaneKind.TEXT: "note"}
