"""The canvas as a drop target for the palette: drag a stage, lane, touchpoint or note onto the map.

While the drag hovers, PaletteDrop shows where the element would land (an insertion marker and
a hint); the drop adds it as one undo step and selects it. Other drags (files) are left to the
window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragMoveEvent, QDropEvent

from . import mime
from .palette import PaletteDrop

if TYPE_CHECKING:
    from .canvas import JourneyCanvas


class PaletteDropTarget:
    """Takes the canvas's drops from the palette."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas
        self._drop: PaletteDrop | None = None  # the drop being hovered

    @staticmethod
    def _payload(event: QDropEvent) -> dict[str, Any] | None:
        data = event.mimeData()
        if data is None or not data.hasFormat(mime.PALETTE_MIME):
            return None
        return mime.decode(bytes(data.data(mime.PALETTE_MIME).data()))

    def enter(self, event: QDropEvent) -> None:
        payload = self._payload(event)
        if payload is None:
            event.ignore()
            return
        self._drop = PaletteDrop(self.canvas, payload)
        event.acceptProposedAction()

    def move(self, event: QDragMoveEvent) -> None:
        if self._drop is None:
            event.ignore()
            return
        pos = self.canvas.mapToScene(event.position().toPoint())
        if self._drop.hover(pos):
            event.acceptProposedAction()
        else:
            event.ignore()

    def leave(self) -> None:
        if self._drop is not None:
            self._drop.leave()
        self._drop = None

    def drop(self, event: QDropEvent) -> None:
        canvas = self.canvas
        payload = None if self._drop is not None else self._payload(event)
        drop = self._drop or (PaletteDrop(canvas, payload) if payload else None)
        self._drop = None
        if drop is None:
            event.ignore()
            return
        ids = drop.drop(canvas.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        if ids:
            canvas.select_ids(ids, ensure_visible=False)
